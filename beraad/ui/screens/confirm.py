"""A yes/no question before a step that cannot be undone and affects others' votes.

Closing voting while someone has not voted, or ending the reveal (which leaves sealed votes
uncounted), must be a choice made knowingly: the question names the people it affects.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from beraad.i18n import N_, _
from beraad.ui.screens.base import BeraadModal


class ConfirmScreen(BeraadModal):
    """Dismisses with True (go on) or False (Escape or "Cancel")."""

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > Vertical {
        width: 64; height: auto; border: thick $warning; background: $surface; padding: 1 2;
    }
    ConfirmScreen #question { width: 100%; height: auto; text-wrap: wrap; }
    ConfirmScreen #confirm-keys { width: 100%; height: auto; color: $text-muted; }
    ConfirmScreen Horizontal { height: auto; margin-top: 1; }
    ConfirmScreen Button { margin-right: 2; }
    /* The focused button is the one Enter presses: it alone looks chosen, whatever its
       variant (a warning-coloured "go on" beside a focused "Cancel" looked chosen). */
    ConfirmScreen Button.-textual-compact {
        background: $panel; color: $text-muted; text-style: none;
    }
    ConfirmScreen Button.-textual-compact:focus {
        background: $accent; color: $text; text-style: bold;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        *BeraadModal.BINDINGS,
        Binding("escape", "cancel", N_("Cancel")),
    ]
    HELP_TEXT = N_("Choose whether to go on: Escape cancels and changes nothing.")

    def __init__(
        self, question: str, go_on: str, *, enter_goes_on: bool = False, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.question = question
        self.go_on = go_on
        #: Enter goes on where the person came to do just that (F12 to confirm); elsewhere
        #: (closing voting, ending the reveal) Enter cancels, as the step cannot be undone.
        self.enter_goes_on = enter_goes_on

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, id="question", markup=False)
            with Horizontal():
                yield Button(self.go_on, id="go-on", compact=True)
                yield Button(_("Cancel"), id="cancel", compact=True)
            # What Enter does, said: on a question that arrives on Cancel, Enter cancelled
            # and the person thought it done (naive s8 finding 11).
            keys = (
                _("Enter: {go_on}. Escape: Cancel.")
                if self.enter_goes_on
                else _("Enter or Escape: Cancel, nothing changes. Tab, then Enter: {go_on}.")
            )
            yield Static(keys.format(go_on=self.go_on), id="confirm-keys", markup=False)

    def on_mount(self) -> None:
        self.query_one("#go-on" if self.enter_goes_on else "#cancel", Button).focus()

    @on(Button.Pressed, "#go-on")
    def _go_on(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
