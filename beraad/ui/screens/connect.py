"""Connect to an address: for networks where the others are not found by themselves."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from beraad.i18n import N_, _
from beraad.ui.join_code import split_address
from beraad.ui.screens.base import BeraadModal
from beraad.ui.widgets.field_error import FieldError
from beraad.ui.widgets.sending_input import StillInput


class ConnectScreen(BeraadModal):
    """Asks for ``host:port``; dismisses with the address, or None."""

    HELP_TEXT = N_(
        "Type the address another member's screen shows, as `host:port`. Use this when the "
        "others are on another subnet or a VPN, where they are not found by themselves."
    )
    BINDINGS = [Binding("escape", "cancel", N_("Back"))]

    def compose(self) -> ComposeResult:
        with Vertical(id="connect", classes="dialog"):
            yield Static(_("Connect to an address"), classes="dialog-title")
            yield Label(_("Address"), classes="field-label")
            yield StillInput(placeholder="192.168.1.20:7070", id="address")
            yield FieldError(id="address-error")
            with Horizontal(classes="buttons"):
                yield Button(_("Connect"), variant="primary", id="submit")
                yield Button(_("Back"), id="cancel")

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    @on(Button.Pressed, "#submit")
    def _submit(self) -> None:
        value = self.query_one("#address", Input).value.strip()
        try:
            split_address(value)
        except ValueError as problem:
            self.query_one("#address-error", FieldError).show(str(problem))
            return
        self.dismiss(value)
