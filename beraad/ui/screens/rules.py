"""The 8 interaction rules, one key away on every screen (F2)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from beraad.i18n import N_, _
from beraad.ui.rules import INTERACTION_RULES
from beraad.ui.screens.base import BeraadModal


class RulesScreen(BeraadModal):
    BINDINGS = [
        Binding("escape,enter,f2", "dismiss", N_("Close")),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="rules", classes="dialog"):
            yield Static(_("8 × co-creation"), classes="dialog-title")
            yield Static(_("How we work together:"), classes="dialog-intro")
            for number, rule in enumerate(INTERACTION_RULES, start=1):
                yield Static(f"{number}. {_(rule)}", classes="rule")
            yield Static(_("Press Escape to go back."), classes="dialog-hint")

    def action_dismiss(self) -> None:
        self.dismiss(None)
