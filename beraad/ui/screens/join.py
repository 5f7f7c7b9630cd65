"""Join by code: type the code that was read out, optionally with the address to reach.

The shape of the code is checked here at once; whether it is right, still valid, and whether the
deliberation has room is the node's answer, shown inline in the person's language.
"""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Label, Static

from beraad.i18n import N_, _
from beraad.ui.join_code import CodeFormatError, normalize_code, split_address
from beraad.ui.screens.base import BeraadScreen
from beraad.ui.widgets.field_error import FieldError
from beraad.ui.widgets.footer import TranslatedFooter
from beraad.ui.widgets.sending_input import StillInput
from beraad.ui.widgets.steady_header import SteadyHeader


class JoinScreen(BeraadScreen):
    HELP_TEXT = N_(
        "Type the join code exactly as it was read out: a number and two words, with spaces or "
        "dashes, like `7 apple river`. Capitals do not matter.\n\n"
        "Leave the address empty when you are on the same network: beraad finds the others by "
        "itself. Type an address (`host:port`) only when it does not."
    )
    BINDINGS = [
        Binding("ctrl+s", "submit", N_("Join")),
        Binding("escape", "cancel", N_("Back")),
    ]

    class Submitted(Message):
        """A well-formed code (and maybe an address) to try."""

        def __init__(self, code: str, address: str | None) -> None:
            super().__init__()
            self.code = code
            self.address = address

    def __init__(self, address: str = "", typed: list[str] | None = None) -> None:
        super().__init__()
        self.address = address
        self.typed = typed if typed is not None else []
        """The code's characters typed in the lobby (``LobbyScreen._typing_a_code``) and
        here before the box was up: the box starts with them, in order."""

    def compose(self) -> ComposeResult:
        self.sub_title = _("Join a deliberation")
        yield SteadyHeader()
        with Vertical(id="join", classes="form"):
            yield Label(_("Join code"), classes="field-label")
            yield StillInput(placeholder=_("like 7-apple-river"), id="code")
            yield FieldError(id="code-error")
            yield Label(_("Address (only if it is not found by itself)"), classes="field-label")
            yield StillInput(self.address, placeholder="192.168.1.20:7070", id="address")
            yield FieldError(id="address-error")
            yield Static("", id="join-status", classes="hint", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Join"), variant="primary", id="submit")
                yield Button(_("Back"), id="cancel")
        yield TranslatedFooter()

    def on_mount(self) -> None:
        code = self.query_one("#code", Input)
        code.insert_text_at_cursor("".join(self.typed))
        code.focus()

    def on_key(self, event: events.Key) -> None:
        """A key of the code typed while this screen opens, before its box had the keys."""
        if self.focused is None and event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            boxes = self.query("#code")
            if boxes:
                boxes.first(Input).insert_text_at_cursor(event.character)
                boxes.first(Input).focus()
            else:
                self.typed.append(event.character)

    def show_error(self, message: str) -> None:
        """The node's answer (wrong or expired code, unreachable, full or closed)."""
        self.query_one("#join-status", Static).update("")
        self.query_one("#code-error", FieldError).show(message)
        self.query_one("#code", Input).focus()

    def show_progress(self, message: str) -> None:
        self.query_one("#join-status", Static).update(message)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    @on(Button.Pressed, "#submit")
    def action_submit(self) -> None:
        code_error = self.query_one("#code-error", FieldError)
        address_error = self.query_one("#address-error", FieldError)
        try:
            code = normalize_code(self.query_one("#code", Input).value)
        except CodeFormatError as problem:
            code_error.show(str(problem))
            self.query_one("#code", Input).focus()
            return
        code_error.clear()
        address = self.query_one("#address", Input).value.strip() or None
        if address is not None:
            try:
                split_address(address)
            except ValueError as problem:
                address_error.show(str(problem))
                self.query_one("#address", Input).focus()
                return
        address_error.clear()
        self.query_one("#code", Input).value = code
        self.post_message(self.Submitted(code, address))
