"""The decide view's status and result: whose vote is in, the next step, the rule and tables.

Kept apart from the ballot (``decide.py``) and the steps (``decide_actions.py``): this part
reads the tally, the rest only the person's own vote. ``DecideResult`` is a mixin of
``DecideView`` and uses its widgets by id.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Button, Checkbox, Select, Static

from beraad.core.state import Decision, SessionState
from beraad.core.tally import (
    PER_OPTION_METHODS,
    TallyError,
    check_ready,
    outcome,
    progress,
    tally,
)
from beraad.i18n import _, current_language, ngettext
from beraad.ui.widgets.rendered import RenderedOnce
from beraad.ui.widgets.tally_format import (
    Legend,
    clip,
    decision_notes,
    next_step,
    not_met,
    result_tables,
    rule_label,
    rule_met,
    stack,
    voting_status,
)


def explain(error: Exception) -> str:
    """A refusal in the user's language, the rule named as the user knows it (never its id)."""
    template = getattr(error, "template", None)
    if isinstance(template, str):
        params = dict(getattr(error, "params", {}))
        if isinstance(params.get("method"), str):
            params["method"] = rule_label(params["method"])
        return _(template).format(**params)
    return str(error)


class DecideResult:
    """Status, rule and result tables of ``DecideView`` (a mixin: it reads the view's state)."""

    state: SessionState | None
    me: str
    method: str
    _tie_options: list[str]

    # The view's own, declared for the reader (DecideView defines them).
    kind: str
    query_one: Any
    refresh_bindings: Any

    def _show_status(self, state: SessionState) -> None:
        kind = self.kind
        closed = kind in state.closed
        option = self.round_option()
        on = option if self.method in PER_OPTION_METHODS else None
        self.query_one("#decide-status", Static).update(voting_status(state, self.method, on))
        self.query_one("#next-step", Static).update(next_step(state, self.method, on))
        mine = self._my_votes(state)
        if self.method in PER_OPTION_METHODS:
            mine = [v for v in mine if v.option == option]
        decided = self._decided(state)
        if decided is not None:
            status = ""
        elif not mine and closed:
            status = _("Voting is closed; you did not vote in this round.")
        elif not mine:
            status = _("You have not voted yet.")
        elif mine[0].sealed and mine[0].reveal is None and kind in state.reveal_ended:
            status = _("The reveal has ended: your sealed vote is named as not revealed.")
        elif mine[0].sealed and mine[0].reveal is None and closed:
            status = _("Voting has closed: reveal your sealed vote now, so that it counts.")
        elif mine[0].sealed and mine[0].reveal is None:
            status = _("Your vote is sealed; reveal it once voting closes.")
        elif mine[0].sealed:
            status = _("Your sealed vote is revealed and counted.")
        else:
            status = (
                _("Your vote is in and counts.")
                if closed
                else _("Your vote is in; you can change it until voting closes.")
            )
        self.query_one("#my-vote", Static).update(status)
        self.query_one("#my-vote", Static).display = bool(status)
        steward = self.steward()
        self.query_one("#seal", Checkbox).display = not closed
        self.query_one("#cast", Button).display = not closed
        self.query_one("#close-voting", Button).display = steward and not closed
        self.query_one("#reopen", Button).display = steward and closed and decided is None
        ended = kind in state.reveal_ended
        self.query_one("#reveal", Button).display = (
            closed and not ended and bool(self._unrevealed(state))
        )
        step = progress(state, self.method, on)
        self.query_one("#end-reveal", Button).display = steward and step.step == "reveal"
        self.query_one("#take", Button).display = steward and decided is None
        self.query_one("#how", Button).display = bool(state.decisions)
        self.query_one("#how-row").display = bool(state.decisions)  # no empty line without
        self.refresh_bindings()  # the footer follows: "Cast my vote" leaves once voting closed

    def _show_result(self, state: SessionState) -> None:
        rule = self.query_one("#rule-status", Static)
        option = self.round_option() if self.method in PER_OPTION_METHODS else None
        if self.method in PER_OPTION_METHODS and option is None:
            rule.update(_("There are no options to decide on."))
            self.query_one("#result", RenderedOnce).show(None, "")
            self.query_one("#take", Button).disabled = True
            return
        try:
            result = tally(state, self.method, option)
        except TallyError as error:
            rule.update(explain(error))
            self.query_one("#take", Button).disabled = True
            return
        decided = self._decided(state)
        chosen = outcome(result)
        tie = () if self.method in PER_OPTION_METHODS else tuple(getattr(result, "tied", ()))
        self._show_tie(state, tie if decided is None else ())
        try:
            check_ready(state, self.method, option)
            ready = True
        except TallyError:
            ready = False
        if decided is not None:
            text = " ".join(
                [
                    _("Decided: {option}, by {rule}.").format(
                        option=self._option_words(state, decided.option),
                        rule=rule_label(decided.method),
                    ),
                    *decision_notes(state, decided),
                ]
            )
        elif chosen is not None and not ready:  # a count so far, not yet a result
            text = _("So far: {count}").format(count=rule_met(state, self.method, result, chosen))
        elif chosen is not None:
            text = (
                rule_met(state, self.method, result, chosen)
                + " "
                + ngettext(
                    "It rests on {count} vote.",
                    "It rests on {count} votes.",
                    len(result.records),
                ).format(count=len(result.records))
            )
        else:
            text = _("Not decided: {reason}").format(reason=not_met(state, self.method, result))
        rule.update(text)
        # Never disabled while it shows: pressed when it cannot act (voting open, votes
        # sealed, an objection standing, a tie not chosen from), it says why.
        self.query_one("#take", Button).disabled = decided is not None
        # The tables are rebuilt only when what they show changed (not on every record).
        words = (
            current_language(),
            tuple((o, item.text) for o, item in state.options.items()),
            tuple((c, item.text) for c, item in state.criteria.items()),
            tuple((m, member.name) for m, member in state.members.items()),
        )
        self.query_one("#result", RenderedOnce).show(
            (self.method, result, words),
            lambda: stack([*result_tables(state, self.method, result)]),
        )

    def _option_words(self, state: SessionState, option: str) -> str:
        """An option as the projector and the minutes name it: its letter and its text."""
        item = state.options.get(option)
        letter = Legend.of(state).option(option)
        return f"{letter}. {clip(item.text, 60)}" if item is not None else letter

    def _show_tie(self, state: SessionState, tie: tuple[str, ...]) -> None:
        """A tie at the top: the steward chooses one of the tied options, explicitly."""
        select = self.query_one("#tie-option", Select)
        select.display = bool(tie) and self.steward()
        legend = Legend.of(state)
        keys = legend.by_option(tie)
        if keys != self._tie_options:
            select.set_options(
                [(Text(f"{legend.option(o)}. {clip(state.options[o].text, 16)}"), o) for o in keys]
            )
            self._tie_options = keys

    def _tie_choice(self) -> str | None:
        value = self.query_one("#tie-option", Select).value
        return value if isinstance(value, str) and value in self._tie_options else None

    def _decided(self, state: SessionState) -> Decision | None:
        for decision in reversed(state.meeting_decisions()):
            if decision.method == self.method:
                return decision
        return None

    def _why_not(self, option: str | None, error: TallyError) -> str:
        """Why no decision can be taken, in the words the rule status uses (who objects, how
        many responded), rather than the bare "the rule is not met"."""
        assert self.state is not None
        per_option = option if self.method in PER_OPTION_METHODS else None
        try:
            check_ready(self.state, self.method, per_option)  # voting open, votes sealed
            result = tally(self.state, self.method, per_option)
        except TallyError:
            return explain(error)
        if outcome(result) is None and not getattr(result, "tied", ()):
            return _("Not decided: {reason}").format(
                reason=not_met(self.state, self.method, result)
            )
        return explain(error)
