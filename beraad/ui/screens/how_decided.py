"""How did we decide? The decision, the rule it met, and the method's full table.

Transparency is a condition of co-creation: anyone must be able to recompute the outcome by
hand from what this screen shows (the tables are the method's own result, kept in the
decision), and find the records it rests on in the minutes or a bundle.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Static

from beraad.core.state import Decision, SessionState
from beraad.i18n import N_, _
from beraad.ui.plain import shown
from beraad.ui.screens.base import BeraadModal
from beraad.ui.widgets.tally_format import (
    Legend,
    clip,
    decision_notes,
    records_text,
    result_tables,
    rule_label,
    rule_met,
    stack,
)


class HowDecidedScreen(BeraadModal):
    HELP_TEXT = N_(
        "This shows the decision, the rule it met and the whole table of the method, so you "
        "can recompute it yourself. Options are lettered A, B, … and criteria numbered in the "
        "order they were proposed. Press Escape to close."
    )
    DEFAULT_CSS = """
    HowDecidedScreen .dialog { width: 78; height: 100%; padding: 0 1; }
    HowDecidedScreen VerticalScroll { height: 1fr; }
    HowDecidedScreen #decision-text { text-style: bold; }
    HowDecidedScreen #how-close { margin-top: 0; }
    """
    BINDINGS = [Binding("escape", "close", N_("Close"))]

    def __init__(self, state: SessionState, decision: Decision) -> None:
        super().__init__()
        self.state = state
        self.decision = decision

    def compose(self) -> ComposeResult:
        state, decision = self.state, self.decision
        legend = Legend.of(state)
        option = state.options.get(decision.option)
        text = shown(option.text) if option else decision.option[:12]
        with Vertical(classes="dialog", id="how-decided"):
            yield Static(_("How did we decide?"), classes="dialog-title")
            with VerticalScroll(id="how-scroll"):
                yield Static(
                    _("We decided on {letter}: {option}").format(
                        letter=legend.option(decision.option), option=clip(text, 200)
                    ),
                    id="decision-text",
                    markup=False,  # an option's words, verbatim
                )
                taken = _("Rule: {rule}. Taken by {name}.").format(
                    rule=rule_label(decision.method), name=state.name(decision.by)
                )
                if decision.meeting != state.meeting:  # an earlier meeting's, not this one's
                    taken += " " + _("Decided in meeting {number}.").format(number=decision.meeting)
                yield Static(
                    taken,
                    id="decision-rule",
                    markup=False,
                )
                yield Static(
                    " ".join(
                        [
                            rule_met(state, decision.method, decision.result, decision.option),
                            *decision_notes(state, decision),
                        ]
                    ),
                    id="rule-met",
                    markup=False,
                )
                yield Static(
                    rests_on_text(state, decision.rests_on),
                    id="rests-on",
                    classes="hint",
                    markup=False,  # members' names, verbatim
                )
                yield Static(
                    _("To find them in the minutes or a bundle, the records' ids: {ids}").format(
                        ids=records_text(decision.rests_on, shown=len(decision.rests_on))
                    ),
                    id="rests-on-ids",
                    classes="hint",
                )
                yield Static(
                    stack(result_tables(state, decision.method, decision.result)),
                    id="how-tables",
                )
            yield Button(_("Close"), id="how-close", compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "how-close":
            self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)


def rests_on_text(state: SessionState, rests_on: tuple[str, ...]) -> str:
    """Whose votes the decision rests on, in words, before the ids that prove it."""
    ids = set(rests_on)
    names = sorted(
        {
            state.name(vote.member)
            for votes in state.votes.values()
            for vote in votes.values()
            if vote.record in ids or vote.reveal in ids
        },
        key=str.casefold,
    )
    if not names:
        return ""
    return _("It rests on the signed votes of {names}.").format(names=", ".join(names))
