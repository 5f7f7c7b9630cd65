"""The projector's two small dialogs: pick which deliberation to show, or join one by its code.

The projector runs as its own node (on its own data dir, since a data dir is open in only one
process), so before it can show a deliberation it joins it like any member: with the join code
the facilitator's screen shows. Nothing here writes to a deliberation.
"""

from __future__ import annotations

from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from beraad.i18n import N_, _
from beraad.ui.widgets.phase_bar import phase_label
from beraad.ui.widgets.sending_input import StillInput


class ProjectorPicker(ModalScreen[str | None]):
    """The deliberations this projector holds; Enter shows one, Escape keeps the current one."""

    BINDINGS = [Binding("escape", "dismiss_none", N_("Back"))]

    def __init__(self, sessions: list[Any], current: str | None) -> None:
        super().__init__()
        self.sessions = sessions
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Which deliberation should the projector show?"), classes="title")
            options = []
            for summary in self.sessions:
                title = summary.title or summary.id[:12]
                phase = phase_label(summary.phase) if summary.phase else ""
                mark = "▸ " if summary.id == self.current else "  "
                options.append(Option(Content(f"{mark}{title} · {phase}"), id=summary.id))
            yield OptionList(*options, id="sessions")
            yield Static(_("Enter: show it · Escape: back"), classes="hint")

    def on_mount(self) -> None:
        found = self.query_one(OptionList)
        ids = [s.id for s in self.sessions]
        if self.current in ids:
            found.highlighted = ids.index(self.current)
        found.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class ProjectorJoin(ModalScreen[tuple[str, str | None] | None]):
    """Ask for a join code (and, where mDNS does not reach, the admitter's address)."""

    BINDINGS = [Binding("escape", "dismiss_none", N_("Back"))]

    class Requested(Message):
        """The person typed a code; the app joins in a worker and answers this screen."""

        def __init__(self, code: str, address: str | None) -> None:
            super().__init__()
            self.code = code
            self.address = address

    def __init__(self, typed: str = "") -> None:
        """``typed``: what was typed on the projector before this screen opened (a code's
        first digit), kept as the start of the code."""
        super().__init__()
        self.typed = typed

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Join a deliberation to show it on the projector"), classes="title")
            yield Static(
                _(
                    "Type the join code the facilitator's screen shows. The projector joins as "
                    "an observer, only to show the deliberation: it counts in no vote and "
                    "writes nothing but its name."
                ),
                classes="hint",
            )
            yield StillInput(placeholder=_("Join code, like 7-apple-river"), id="code")
            yield StillInput(
                placeholder=_("Address host:port (only where peers cannot be found)"),
                id="address",
            )
            yield Static("", id="join-error", markup=False)  # the node's words, verbatim
            yield Button(_("Join"), id="join", variant="primary")

    def on_mount(self) -> None:
        code = self.query_one("#code", Input)
        code.value = self.typed
        code.cursor_position = len(self.typed)
        code.focus()

    def take(self, character: str) -> None:
        """A key of a burst that reached the screen or the app, not the code box (it was not
        mounted or focused yet): it is the code's next character, in order, and none is lost."""
        boxes = self.query("#code")
        if not boxes:
            self.typed += character  # on_mount puts it in the box
            return
        code = boxes.first(Input)
        code.insert_text_at_cursor(character)
        code.focus()

    def on_key(self, event: events.Key) -> None:
        if self.focused is None and event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            self.take(event.character)

    def show_error(self, message: str) -> None:
        self.query_one("#join-error", Static).update(message)
        self.query_one("#join", Button).disabled = False

    def show_progress(self, message: str) -> None:
        self.query_one("#join-error", Static).update(message)
        self.query_one("#join", Button).disabled = True

    @on(Input.Submitted)
    @on(Button.Pressed, "#join")
    def _submit(self) -> None:
        code = self.query_one("#code", Input).value.strip()
        address = self.query_one("#address", Input).value.strip() or None
        if not code:
            self.show_error(_("Type the join code first."))
            return
        self.show_progress(_("Asking the others to let the projector in…"))
        self.post_message(self.Requested(code, address))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
