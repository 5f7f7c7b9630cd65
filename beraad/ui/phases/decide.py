"""Decide: vote by the session's decision rule, see the live tally, and take the decision.

One view for every rule: a grid for sheets (scores against criteria, ranks, dots, grades) and a
round for one option (consent with reasons for objections, gradients of agreement). A vote can
be **sealed**: the view draws a nonce, posts ``VoteSealed`` so the session screen keeps the
secret in the node's local store *before* the commitment is shared, and reveals it after
``vote.close``. The tally shown counts only open and revealed votes (``tally`` does that), and
"take the decision" writes exactly ``tally.decision_body`` — the record the fold will accept.
The order is the fold's: vote, close, reveal (or end the reveal), decide; the view says which
step is next and whom the group waits for, and offers only the buttons of that step. A tie is
shown as a tie; the steward picks one of the tied options explicitly and the record names it.
"""

from __future__ import annotations

import secrets as random
from collections.abc import Mapping
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, RadioSet, Select, Static

from beraad.core import session as model
from beraad.core.gradients import KANER_SCALE
from beraad.core.kinds import PER_OPTION_VOTES
from beraad.core.majority import GRADES
from beraad.core.sealed import commitment
from beraad.core.state import Decision, SessionState, Vote
from beraad.core.tally import (
    PER_OPTION_METHODS,
    TallyError,
    check_ready,
    decision_body,
    outcome,
    progress,
    tally,
)
from beraad.i18n import N_, _, current_language, ngettext
from beraad.ui.phases.base import MEETING_KINDS, PhaseView
from beraad.ui.scenarios import seals_votes
from beraad.ui.widgets.choice import Choice
from beraad.ui.widgets.rendered import RenderedOnce
from beraad.ui.widgets.tally_format import (
    RULE_VOTE,
    Legend,
    clip,
    decision_notes,
    next_step,
    not_met,
    response_label,
    result_tables,
    rule_label,
    rule_met,
    stack,
    voting_status,
)
from beraad.ui.widgets.vote_grid import GridColumn, VoteGrid
from beraad.ui.widgets.vote_notice import Notice
from beraad.ui.widgets.vote_seal import SealBox

#: Where the session screen keeps sealed votes' secrets among the node's local values.
SEALED_LOCAL_KEY = "sealed_votes"
RESPONSES: tuple[str, ...] = ("agree", "stand_aside", "object")
HOW_TO: dict[str, str] = {
    "matrix": N_(
        "Score each option against each criterion from 0 to 10 (arrows to move, digits to "
        "type). The total weighs your scores with the group's criterion weights."
    ),
    "schulze": N_(
        "Rank the options: 1 is your first choice; give options the same number to rank them "
        "equal; leave one empty to rank it last."
    ),
    "dots": N_("Spread your dots over the options you prefer ({dots} dots in all)."),
    "majority_judgment": N_(
        "Grade every option from 0 (to reject) to 5 (excellent); an option you leave empty "
        "counts as to reject."
    ),
    "consent": N_(
        "Choose the option and respond: agree, stand aside, or object (↑ ↓ in the reason box "
        "choose). An objection needs a reason the group can work with."
    ),
    "gradients": N_(
        "Choose the option and say how much you support it, on Kaner's scale (↑ ↓ in the "
        "reason box choose)."
    ),
}


def stored_secrets(local: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The sealed votes' secrets (commitment → kind, vote, nonce) in a session's local values."""
    found = local.get(SEALED_LOCAL_KEY)
    if not isinstance(found, dict):
        return {}
    return {
        key: dict(value)
        for key, value in found.items()
        if isinstance(value, dict) and {"kind", "vote", "nonce"} <= set(value)
    }


def with_secret(local: Mapping[str, Any], sealed: str, secret: Mapping[str, Any]) -> dict[str, Any]:
    """The values to merge into ``set_session_local`` so one more secret is kept."""
    return {SEALED_LOCAL_KEY: {**stored_secrets(local), sealed: dict(secret)}}


def reveals_due(
    state: SessionState, me: str, secrets: Mapping[str, Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """The ``vote.reveal`` bodies my app writes by itself: my current sealed votes whose voting
    has closed and whose reveal has not ended, or that a reveal end named as not revealed, and
    whose secret this device holds. The app holds
    the secret, so nobody has to find a button before the reveal can be ended without them."""
    due: list[dict[str, Any]] = []
    open_reveals = [k for k in sorted(state.closed) if k not in state.reveal_ended]
    # A vote a reveal end named as not revealed is still revealed, late (``late_reveal.py``).
    named = list(state.named_unrevealed.values())
    for votes in (*(state.current_votes(k) for k in open_reveals), named):
        for vote in votes:
            secret = secrets.get(vote.commitment or "")
            if vote.member != me or not vote.sealed or vote.reveal is not None or not secret:
                continue
            due.append({"commit": vote.record, "vote": secret["vote"], "nonce": secret["nonce"]})
    return due


def explain(error: Exception) -> str:
    """A refusal in the user's language, the rule named as the user knows it (never its id)."""
    template = getattr(error, "template", None)
    if isinstance(template, str):
        params = dict(getattr(error, "params", {}))
        if isinstance(params.get("method"), str):
            params["method"] = rule_label(params["method"])
        return _(template).format(**params)
    return str(error)


class DecideView(PhaseView):
    phase: ClassVar[str] = "decide"
    unaffected_by = MEETING_KINDS
    DEFAULT_CSS = """
    DecideView { height: 1fr; }
    DecideView > VerticalScroll { height: 1fr; padding: 0 1; }
    DecideView .buttons { height: auto; margin-top: 0; }
    DecideView .buttons Button { margin-right: 1; }
    DecideView .buttons Checkbox { margin-right: 1; }
    DecideView #decide-status, DecideView #my-vote { color: $text-muted; }
    DecideView #rule-status { margin-top: 1; text-style: bold; }
    DecideView #round { height: auto; }
    DecideView #round RadioSet { layout: horizontal; height: auto; }
    DecideView #round Select { width: 1fr; }
    DecideView #result { margin-top: 1; }
    DecideView #tie-option { width: 24; margin-right: 1; display: none; }
    """
    # Short words: with the steward's key beside it, the Dutch footer must still fit 80
    # columns up to the meeting tools (F7).
    BINDINGS = [
        Binding("ctrl+s", "cast", N_("Cast vote")),
        # The steward's steps, in the footer only for them: ctrl-keys that never type and that
        # neither an Input nor a browser takes (the F-keys up to F10 are the session's).
        Binding("ctrl+o", "close_voting", N_("Close voting")),
        Binding("ctrl+g", "take", N_("Take decision")),
    ]

    class VoteSealed(Message):
        """A sealed vote was made; keep ``secret`` (kind, vote, nonce) until it is revealed.

        The session screen must store it durably (``with_secret`` into the node's session-local
        values) when it handles this message, which arrives before the ``vote.commit``.
        """

        def __init__(self, session: str, sealed: str, secret: dict[str, Any]) -> None:
            super().__init__()
            self.session = session
            self.commitment = sealed
            self.secret = secret

    def __init__(self, session: str, **kwargs: Any) -> None:
        super().__init__(session, **kwargs)
        self.state: SessionState | None = None
        self.me = ""
        self.method = ""
        self.secrets: dict[str, dict[str, Any]] = {}
        self._round_options: list[str] = []
        self._parts: list[dict[str, Any]] = []
        """The parts of a big score sheet still to send, each after the last was accepted."""
        self._seal_set = False
        self._tie_options: list[str] = []

    # Composition ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static("", id="decide-title", classes="section-title")
            yield Static("", id="how-to", classes="hint")
            yield Static("", id="legend", classes="hint", markup=False)  # criteria, verbatim
            yield VoteGrid(0, 10, id="ballot")
            with Vertical(id="round"):
                yield Select[str]([], allow_blank=True, id="round-option", prompt=_("Option"))
                with RadioSet(id="response"):
                    for response in RESPONSES:
                        yield Choice(response_label(response), id=f"response-{response}")
                yield Select[int](
                    [(f"{level} {_(label)}", level) for level, label in KANER_SCALE],
                    allow_blank=True,
                    id="level",
                    prompt=_("Level of agreement"),
                )
                yield Input(placeholder=_("Reason (needed with an objection)"), id="reason")
            with Horizontal(classes="buttons"):
                yield SealBox(_("Seal my vote"), id="seal", compact=True)
                yield Button(_("Cast my vote"), id="cast", variant="primary", compact=True)
            # Right under the vote, so "an objection needs a reason" shows at 80×24.
            yield Notice(id="notice")
            yield Static("", id="my-vote")
            yield Static("", id="decide-status")
            yield Static("", id="next-step", markup=False)  # names, verbatim
            with Horizontal(classes="buttons"):
                yield Button(_("Close voting"), id="close-voting", compact=True)
                yield Button(_("Reveal my vote"), id="reveal", compact=True)
                yield Button(_("End the reveal"), id="end-reveal", compact=True)
                yield Select[str](
                    [], allow_blank=True, id="tie-option", prompt=_("Choose from the tie")
                )
                yield Button(_("Take the decision"), id="take", variant="success", compact=True)
                yield Button(_("New round of voting"), id="reopen", compact=True)
            # A row of its own: beside the steward's three steps it was cut at 80 columns in
            # Dutch ("Hoe he"; naive finding 9).
            with Horizontal(classes="buttons", id="how-row"):
                yield Button(_("How did we decide?"), id="how", compact=True)
            yield Static("", id="rule-status", markup=False)
            yield RenderedOnce("", id="result")

    # Attributes down -----------------------------------------------------------------------

    def keep_secrets(self, secrets: Mapping[str, Mapping[str, Any]]) -> None:
        """The sealed votes' secrets the session screen kept (see ``stored_secrets``)."""
        self.secrets.update({k: dict(v) for k, v in secrets.items()})

    @property
    def kind(self) -> str:
        return RULE_VOTE.get(self.method, "")

    def steward(self) -> bool:
        state = self.state
        if state is None or state.info is None:
            return False
        return state.info.process_rule == "consent" or state.facilitator == self.me

    def round_option(self) -> str | None:
        value = self.query_one("#round-option", Select).value
        return value if isinstance(value, str) else None

    def text_box(self) -> Widget | None:
        """The reason (consent, gradients); a ballot has no text: its table gets the keys."""
        return self.query_one("#reason", Input)

    def focus_default(self) -> None:
        """A ballot's grid gets the keys on its first cell. The reason gets the keys (consent,
        gradients), but the view shows the whole choice it belongs to (which
        option, agree or object) rather than scrolling the choice out of sight at 80×24."""
        grid = self.query_one("#ballot", VoteGrid)
        if self.shows(grid) and grid.row_count:
            # A ballot has no text: digits typed on arrival go into its first cell.
            self.screen.set_focus(grid)
            grid.move_cursor(row=0)
            return
        box = self.text_box()
        if box is None or not self.shows(box):
            super().focus_default()
            return
        self.screen.set_focus(box, scroll_visible=False)
        choice = self.query_one("#round")
        self.call_after_refresh(choice.scroll_visible, top=True, animate=False)

    def on_key(self, event: events.Key) -> None:
        """↑ ↓ in the reason box choose the response (agree, stand aside, object) or the level
        the reason belongs to: the cursor starts in the reason, so the vote is reachable
        without leaving it (as ↑ ↓ in the position box choose the knot)."""
        if event.key not in ("up", "down") or self.screen.focused is not self.text_box():
            return
        step = 1 if event.key == "down" else -1
        if self.method == "consent":
            responses = self.query_one("#response", RadioSet)
            buttons = list(responses.query(Choice))
            at = responses.pressed_index
            at = (0 if step > 0 else len(buttons) - 1) if at < 0 else at + step
            buttons[max(0, min(len(buttons) - 1, at))].value = True
        elif self.method == "gradients":
            level = self.query_one("#level", Select)
            levels = [value for value, _label in KANER_SCALE]
            now = level.value
            at = levels.index(now) + step if now in levels else (0 if step > 0 else len(levels) - 1)
            level.value = levels[max(0, min(len(levels) - 1, at))]
        else:
            return
        event.stop()
        event.prevent_default()

    def show(self, state: SessionState, me: str) -> None:
        self.state, self.me = state, me
        self.method = state.info.decision_rule if state.info else ""
        if state.info is not None and not self._seal_set:
            # A scenario that seals its votes starts ticked; the person may still untick it.
            self._seal_set = True
            self.query_one("#seal", Checkbox).value = seals_votes(state.info.scenario)
        legend = Legend.of(state)
        per_option = self.method in PER_OPTION_METHODS
        self.query_one("#decide-title", Static).update(
            _("Deciding by: {rule}").format(rule=rule_label(self.method))
        )
        dots = state.info.dots_per_member if state.info else model.DEFAULT_DOTS
        self.query_one("#how-to", Static).update(_(HOW_TO.get(self.method, "")).format(dots=dots))
        self.query_one("#ballot", VoteGrid).display = not per_option
        self.query_one("#round").display = per_option
        self.query_one("#response").display = self.method == "consent"
        self.query_one("#level").display = self.method == "gradients"
        if per_option:
            self._show_round(state, legend)
        else:
            self._show_grid(state, legend)
        self._show_status(state)
        self._show_result(state)

    def _option_rows(self, state: SessionState, legend: Legend) -> list[tuple[str, str]]:
        live = legend.by_option(state.live_options())
        # whole: the grid cuts a label only where it has no room (a select, at 200)
        return [(o, f"{legend.option(o)}. {clip(state.options[o].text, 200)}") for o in live]

    def _show_grid(self, state: SessionState, legend: Legend) -> None:
        grid = self.query_one("#ballot", VoteGrid)
        rows = self._option_rows(state, legend)
        self.query_one("#legend", Static).display = self.method == "matrix"
        grid.describe = None
        if self.method == "matrix":
            criteria = legend.by_criterion(state.live_criteria())
            columns = [GridColumn(c, legend.criterion(c)) for c in criteria]
            grid.lowest, grid.highest = 0, 10
            self.query_one("#legend", Static).update(
                "  ".join(
                    f"{legend.criterion(c)} {clip(state.criteria[c].text, 22)}" for c in criteria
                )
            )
        elif self.method == "schulze":
            columns = [GridColumn("rank", _("My rank"))]
            grid.lowest, grid.highest = 1, max(1, len(rows))
        elif self.method == "dots":
            columns = [GridColumn("dots", _("My dots"))]
            grid.lowest = 0
            grid.highest = state.info.dots_per_member if state.info else model.DEFAULT_DOTS
        else:
            columns = [GridColumn("grade", _("My grade"), width=16)]
            grid.lowest, grid.highest = 0, len(GRADES) - 1
            grid.describe = lambda grade: _(GRADES[grade])
        grid.fill(rows, columns)
        mine = self._my_ballot(state)
        if mine is not None:
            grid.load(self._ballot_values(mine))

    def _show_round(self, state: SessionState, legend: Legend) -> None:
        self.query_one("#legend", Static).display = False
        select = self.query_one("#round-option", Select)
        rows = self._option_rows(state, legend)
        keys = [key for key, _label in rows]
        if keys != self._round_options:
            current = select.value
            # With options to choose from there is no blank entry: choosing it only led to
            # "choose an option first". Textual has no public switch for it after mounting.
            select._allow_blank = not keys
            select.set_options([(Text(label), key) for key, label in rows])  # words, not markup
            self._round_options = keys
            if current in keys:
                select.value = current
            elif keys:
                decided = {decision.option for decision in state.decisions}
                open_ = [key for key in keys if key not in decided]
                select.value = self._leading(state, decided) or (open_ or keys)[0]

    def _leading(self, state: SessionState, decided: set[str]) -> str | None:
        """The option a per-option round is most likely about: the one with most responses
        among those not yet decided (a later meeting decides something else)."""
        votes = state.votes.get(self.kind, {}).values()
        counts: dict[str, int] = {}
        for vote in votes:
            if vote.option in decided:
                continue
            if vote.option in state.options and state.options[vote.option].live:
                counts[vote.option] = counts.get(vote.option, 0) + 1
        return max(sorted(counts), key=lambda o: counts[o]) if counts else None

    # What we hold of our own vote -----------------------------------------------------------

    def _my_votes(self, state: SessionState) -> list[Vote]:
        return [v for v in state.current_votes(self.kind) if v.member == self.me]

    def _my_ballot(self, state: SessionState) -> dict[str, Any] | None:
        """My current sheet vote, open or (if its secret is here) sealed."""
        for vote in self._my_votes(state):
            if vote.body is not None:
                return vote.body
            secret = self.secrets.get(vote.commitment or "")
            if secret is not None:
                return secret["vote"]
        return None

    def _ballot_values(self, body: dict[str, Any]) -> dict[str, dict[str, int]]:
        if self.method == "matrix":
            return {o: dict(row) for o, row in body.get("scores", {}).items()}
        if self.method == "schulze":
            return {
                o: {"rank": rank}
                for rank, tier in enumerate(body.get("ranking", []), start=1)
                for o in tier
            }
        if self.method == "dots":
            return {o: {"dots": n} for o, n in body.get("dots", {}).items()}
        return {o: {"grade": g} for o, g in body.get("grades", {}).items()}

    def _unrevealed(self, state: SessionState) -> list[Vote]:
        return [v for v in self._my_votes(state) if v.sealed and v.reveal is None]

    # Status and results ---------------------------------------------------------------------

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

    # Messages up ---------------------------------------------------------------------------

    def contributed(self, kind: str, body: dict[str, Any], error: str | None) -> None:
        """The session screen's answer to our ``Contribute`` (see ``screens/session.py``)."""
        if error is not None:
            self._parts = []  # what follows a refused part would make a sheet nobody typed
            self.refused(kind, error)
        elif kind == "score.set" and self._parts:
            self.contribute(kind, self._parts.pop(0))

    @on(VoteGrid.Refused, "#ballot")
    def _out_of_range(self, event: VoteGrid.Refused) -> None:
        """A number past what the ballot takes (more dots than there are): said, not clamped."""
        self.query_one(Notice).refused(event.message)

    def refused(self, kind: str, message: str) -> None:
        """The session screen could not add our ``kind`` record: show it where we look."""
        self.query_one(Notice).refused(message)
        if kind in (self.kind, "vote.commit"):
            self.query_one("#ballot", VoteGrid).dirty = True

    @on(Select.Changed, "#round-option")
    @on(Select.Changed, "#tie-option")
    def _option_changed(self) -> None:
        if self.state is not None:
            self._show_status(self.state)
            self._show_result(self.state)

    @on(Button.Pressed, "#cast")
    def _cast_pressed(self) -> None:
        self.action_cast()

    def _vote_body(self) -> tuple[dict[str, Any], str | None] | None:
        """The body of my vote and the option it is about, or None (with the reason shown)."""
        notice = self.query_one(Notice)
        if self.method in PER_OPTION_METHODS:
            option = self.round_option()
            if option is None:
                notice.refused(_("Choose an option first."))
                return None
            reason = self.query_one("#reason", Input).value.strip()
            if self.method == "consent":
                pressed = self.query_one("#response", RadioSet).pressed_index
                if pressed < 0:
                    notice.refused(
                        _("Choose agree, stand aside or object: ↑ ↓ in the reason box choose.")
                    )
                    return None
                response = RESPONSES[pressed]
                if response == "object" and not reason:
                    notice.refused(_("An objection needs a reason: say what would have to change."))
                    self.query_one("#reason", Input).focus()
                    return None
                return model.consent_body(option, response, reason), option
            level = self.query_one("#level", Select).value
            if not isinstance(level, int):
                notice.refused(_("Choose your level of agreement."))
                return None
            return model.gradient_body(option, level, reason), option
        given = self.query_one("#ballot", VoteGrid).given()
        if not given:
            notice.refused(_("Fill in your vote first."))
            self.query_one("#ballot", VoteGrid).focus()
            return None
        if self.method == "matrix":
            return model.scores_body(given), None
        if self.method == "schulze":
            ranks: dict[int, list[str]] = {}
            for option, row in given.items():
                ranks.setdefault(row["rank"], []).append(option)
            return model.ranking_body([sorted(ranks[r]) for r in sorted(ranks)]), None
        if self.method == "dots":
            dots = {o: row["dots"] for o, row in given.items() if row.get("dots")}
            allowance = self.state.info.dots_per_member if self.state and self.state.info else 0
            if not dots:
                notice.refused(_("Place at least one dot."))
                return None
            if sum(dots.values()) > allowance:
                notice.refused(
                    _("You placed {placed} dots; you have {dots}.").format(
                        placed=sum(dots.values()), dots=allowance
                    )
                )
                return None
            return model.dots_body(dots), None
        return model.grades_body({o: row["grade"] for o, row in given.items()}), None

    def action_cast(self) -> None:
        if self.state is None or not self.kind:
            return
        made = self._vote_body()
        if made is None:
            return
        body, option = made
        sealing = self.query_one("#seal", Checkbox).value
        # A big matrix goes in parts (each record has a size limit), one after the other.
        bodies = model.scores_bodies(body["scores"]) if self.kind == "score.set" else [body]
        if sealing and len(bodies) > 1:
            self.query_one(Notice).refused(
                _("This score sheet is too big to seal; cast it without sealing.")
            )
            return
        self.query_one(Notice).clear()
        self.query_one("#ballot", VoteGrid).reset()
        if not sealing:
            self._parts = bodies[1:]
            self.contribute(self.kind, bodies[0])
            return
        nonce = random.token_hex(16)
        sealed = commitment(self.kind, body, nonce)
        secret = {"kind": self.kind, "vote": body, "nonce": nonce}
        self.secrets[sealed] = secret
        self.post_message(self.VoteSealed(self.session, sealed, secret))
        per_option = self.kind in PER_OPTION_VOTES
        self.contribute(
            "vote.commit",
            {"kind": self.kind, "option": option if per_option else None, "commitment": sealed},
        )

    def _names(self, members: tuple[str, ...] | list[str]) -> str:
        assert self.state is not None
        return ", ".join(self.state.name(m) for m in members)

    def may(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """ "Cast my vote" is not offered (footer, key) once voting is closed; closing and
        taking the decision only to who may (their buttons show), the decision once voting
        is closed (before that, its button says why not)."""
        closed = self.state is not None and self.kind in self.state.closed
        if action == "cast":
            return not closed
        if action == "close_voting":
            return self._shown("#close-voting")
        if action == "take":  # only when it can act: its button says why not otherwise
            return closed and self._shown("#take") and self._takeable()
        return True

    def _takeable(self) -> bool:
        """The votes carry a decision now (closed, revealed, no objection, a tie chosen from)."""
        if self.state is None:
            return False
        per_option = self.method in PER_OPTION_METHODS
        option = self.round_option() if per_option else self._tie_choice()
        try:
            decision_body(self.state, option, self.method)
        except TallyError:
            return False
        return True

    def _shown(self, button: str) -> bool:
        return bool(self.query(button)) and self.query_one(button, Button).display

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        """The decide steps this member can take now, for the command palette (Ctrl+P): the
        same as the buttons shown, so a step is never offered where it cannot be taken."""
        steps = [
            ("close-voting", _("Close voting"), _("Nobody can vote after this"), "close_voting"),
            ("reveal", _("Reveal my vote"), _("Show your sealed vote so it counts"), "reveal"),
            ("end-reveal", _("End the reveal"), _("Unrevealed votes do not count"), "end_reveal"),
            ("take", _("Take the decision"), _("Record what the votes support"), "take"),
            ("reopen", _("New round of voting"), _("Everyone can respond again"), "reopen"),
        ]
        return [
            (title, help_text, getattr(self, f"action_{action}"))
            for button, title, help_text, action in steps
            if self.query_one(f"#{button}", Button).display
        ]

    @on(Button.Pressed, "#reopen")
    def action_reopen(self) -> None:
        """A new round of voting: work with an objection, then everyone may respond again."""
        if self.state is None or not self.kind:
            return
        self.query_one(Notice).clear()
        self.contribute("vote.reopen", {"kind": self.kind})

    @on(Button.Pressed, "#close-voting")
    def action_close_voting(self) -> None:
        """Close voting; if someone has not voted yet, ask first, naming them."""
        if self.state is None or not self.kind:
            return
        self.query_one(Notice).clear()
        on = self.round_option() if self.method in PER_OPTION_METHODS else None
        missing = progress(self.state, self.method, on).not_voted
        if not missing:
            self.contribute("vote.close", model.close_body(self.kind))
            return
        from beraad.ui.screens.confirm import ConfirmScreen

        question = _(
            "Not voted yet: {names}. After closing nobody can vote any more. Close voting?"
        ).format(names=self._names(missing))

        def closing(go_on: bool | None) -> None:
            if go_on:
                self.contribute("vote.close", model.close_body(self.kind))

        self.app.push_screen(ConfirmScreen(question, _("Close voting")), closing)

    @on(Button.Pressed, "#end-reveal")
    def action_end_reveal(self) -> None:
        """Name the votes still sealed and end the reveal, after a question that names whose
        votes would then not count (the fold also waits a grace after the close)."""
        if self.state is None:
            return
        self.query_one(Notice).clear()
        sealed = [v for v in self.state.current_votes(self.kind) if v.sealed and not v.reveal]
        waiting = sorted(v.record for v in sealed)
        if not waiting:
            return
        from beraad.ui.screens.confirm import ConfirmScreen

        question = _(
            "The sealed votes of {names} are not revealed. Ending the reveal means they are not "
            "counted (they are named as not revealed). End the reveal?"
        ).format(names=self._names(sorted({v.member for v in sealed})))

        def ending(go_on: bool | None) -> None:
            if go_on:
                self.contribute("vote.reveal_end", {"kind": self.kind, "unrevealed": waiting})

        self.app.push_screen(ConfirmScreen(question, _("End the reveal")), ending)

    @on(Button.Pressed, "#reveal")
    def action_reveal(self) -> None:
        if self.state is None:
            return
        notice = self.query_one(Notice)
        notice.clear()
        for vote in self._unrevealed(self.state):
            secret = self.secrets.get(vote.commitment or "")
            if secret is None:
                notice.refused(
                    _(
                        "The secret of your sealed vote is not on this device, so it cannot be "
                        "revealed."
                    )
                )
                continue
            self.contribute(
                "vote.reveal",
                {"commit": vote.record, "vote": secret["vote"], "nonce": secret["nonce"]},
            )

    @on(Button.Pressed, "#take")
    def action_take(self) -> None:
        if self.state is None:
            return
        per_option = self.method in PER_OPTION_METHODS
        option = self.round_option() if per_option else self._tie_choice()
        try:
            body = decision_body(self.state, option, self.method)
        except TallyError as error:
            self.query_one(Notice).refused(self._why_not(option, error))
            return
        self.query_one(Notice).clear()
        self.contribute("decision.take", body)

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

    @on(Button.Pressed, "#how")
    def _how(self) -> None:
        from beraad.ui.screens.how_decided import HowDecidedScreen

        if self.state is not None and self.state.decisions:
            self.app.push_screen(HowDecidedScreen(self.state, self.state.decisions[-1]))
