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

from collections.abc import Mapping
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Select, Static

from beraad.core import session as model
from beraad.core.gradients import KANER_SCALE
from beraad.core.majority import GRADES
from beraad.core.matrix import weightless
from beraad.core.state import SessionState, Vote
from beraad.core.tally import PER_OPTION_METHODS
from beraad.i18n import N_, _
from beraad.ui.guest import is_guest, reads_only
from beraad.ui.parts import part
from beraad.ui.phases.base import MEETING_KINDS, PhaseView
from beraad.ui.phases.decide_actions import RESPONSES, DecideActions
from beraad.ui.phases.decide_held import DecideHeld
from beraad.ui.phases.decide_result import DecideResult, ResultScroll
from beraad.ui.phases.decide_secrets import (
    SEALED_LOCAL_KEY,
    reveals_due,
    stored_secrets,
    with_secret,
)
from beraad.ui.phases.decide_typing import HOW_TO_SEAL, ReasonTyping
from beraad.ui.scenarios import seals_votes
from beraad.ui.tallied import explain, round_option
from beraad.ui.widgets.ballot_page import WHOLE
from beraad.ui.widgets.cell_line import CellLine
from beraad.ui.widgets.choice import Choice, Choices
from beraad.ui.widgets.free_text_box import FreeTextBox
from beraad.ui.widgets.legend_line import LegendLine
from beraad.ui.widgets.marked_box import MarkedBox
from beraad.ui.widgets.rendered import RenderedOnce
from beraad.ui.widgets.select_options import GuardedSelect, set_options
from beraad.ui.widgets.tally_format import (
    RULE_VOTE,
    Legend,
    clip,
    response_label,
    rule_label,
)
from beraad.ui.widgets.unchanged import update
from beraad.ui.widgets.vote_grid import GridColumn, VoteGrid
from beraad.ui.widgets.vote_notice import Notice

GUEST_HOW_TO = N_(
    "You take part as a guest: you see how the group votes and what the votes decide; "
    "guests do not vote."
)

#: What ``screens/session.py`` and the tests import from here (kept in their own modules).
__all__ = [
    "HOW_TO_SEAL",
    "SEALED_LOCAL_KEY",
    "DecideView",
    "explain",
    "reveals_due",
    "stored_secrets",
    "with_secret",
]
#: Said on Enter in the reason box or on *Seal my vote*: neither casts.
HOW_TO_CAST = N_(
    "Ctrl+S casts your vote, with the response chosen above (↑ ↓ in the reason box) and this "
    "reason."
)

#: Said above the ballot while no criterion weighs anything (naive s8b finding 3: nobody had
#: weighted, every total was 0 and the vote ended in a tie nobody understood).
NO_WEIGHTS = N_(
    "No criterion weighs anything yet, so every total will be 0 and the options will tie, "
    "whatever the scores. Weights are given in Criteria: to give them first, the group goes "
    "back there (F6)."
)

#: Said under the decide view's page while the page itself has the keys (with the reason box
#: shown, and without).
PAGE_KEYS_REASON = N_(
    "The page has the keys: ↑ ↓ PgUp PgDn scroll it; what you type goes into the reason box."
)
PAGE_KEYS = N_("The page has the keys: ↑ ↓ PgUp PgDn End scroll it.")

#: Each button of the view and the step it takes (the same as its key and palette command).
BUTTON_ACTIONS: dict[str, str] = {
    "cast": "action_cast",
    "reopen": "action_reopen",
    "close-voting": "action_close_voting",
    "end-reveal": "action_end_reveal",
    "reveal": "action_reveal",
    "take": "action_take_now",
    "how": "action_how",
}
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


class DecideView(ReasonTyping, DecideHeld, DecideActions, DecideResult, PhaseView):
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
    DecideView #tie-option { margin-right: 1; display: none; }
    DecideView #cell-line { display: none; padding: 0 1; }
    DecideView #no-weights { color: $warning; }
    """
    # Short words: with the steward's key beside it, the Dutch footer must still fit 80
    # columns up to the meeting tools (F7).
    BINDINGS = [
        Binding("ctrl+s", "cast", N_("Cast vote")),
        # Away from the vote (another phase, between meetings): not offered; says why.
        Binding("ctrl+s", "vote_elsewhere", show=False),
        # Voting closed: not offered; says why (naive s11 F12: it did nothing, silently).
        Binding("ctrl+s", "vote_closed", show=False),
        # The steward's steps, in the footer only for them: ctrl-keys that never type and that
        # neither an Input nor a browser takes (the F-keys up to F10 are the session's).
        Binding("ctrl+o", "close_voting", N_("Close voting")),
        Binding("ctrl+g", "take", N_("Take decision")),
        # Away from the vote: not offered; the steward's keys say why (naive s9b finding 3).
        Binding("ctrl+o", "step_elsewhere", show=False),
        Binding("ctrl+g", "step_elsewhere", show=False),
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
        self._legend: dict[str, str] = {}  # criterion → its legend entry, in the grid's order
        self._criteria_named: dict[str, tuple[str, str]] = {}  # criterion → number, words
        self._in_view: tuple[str, ...] | None = None  # the ballot's criteria in view
        self._parts: list[dict[str, Any]] = []
        """The parts of a big score sheet still to send, each after the last was accepted."""
        self._seal_set = False
        self._tie_options: list[str] = []
        self._tie_labels: list[str] = []
        self._round_meeting: int | None = None
        """The meeting the option chosen in a per-option round was chosen in."""
        self._round_composed = True
        """The one-option round's parts are composed (``foresee`` leaves them out for a sheet
        rule); the tie's Select is mounted only when a tie is first shown."""
        self._shown_vote: str | None = None
        """My per-option vote last put in the form (``_show_my_response``)."""
        self.connected: frozenset[str] | None = None
        """Who is here now (the session screen's ``present``; None: not told, as in a test
        app without a network)."""
        self.holders: frozenset[str] = frozenset()
        """The other members whose records show they hold my current vote."""
        self._range_refused = False
        """The notice says a number typed in the ballot's cell was out of range."""
        self._row_words: dict[str, str] = {}
        """Each ballot row's option as the cell line names it: its letter and whole text."""

    # Composition ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with ResultScroll(id="page"):
            yield Static("", id="decide-title", classes="section-title")
            yield Static("", id="how-to", classes=f"hint {WHOLE}")  # never cut at the top
            yield LegendLine(id="legend", classes="hint")  # criteria, verbatim, whole
            yield VoteGrid(0, 10, id="ballot")
            with Vertical(id="round"):
                if self._round_composed:
                    yield from self._round_parts()
            with Horizontal(classes="buttons"):
                yield MarkedBox(_("Seal my vote"), id="seal", compact=True)
                yield Button(_("Cast my vote"), id="cast", variant="primary", compact=True)
            # Right under the vote, so "an objection needs a reason" shows at 80×24.
            yield Notice(id="notice")
            yield Static("", id="my-vote", markup=False)
            yield Static("", id="decide-status")
            yield Static("", id="next-step", markup=False)  # names, verbatim
            with Horizontal(classes="buttons"):
                yield Button(_("Close voting"), id="close-voting", compact=True)
                yield Button(_("Reveal my vote"), id="reveal", compact=True)
                yield Button(_("End the reveal"), id="end-reveal", compact=True)
                yield Button(_("Take the decision"), id="take", variant="success", compact=True)
                yield Button(_("New round of voting"), id="reopen", compact=True)
            # A row of its own: beside the steward's three steps it was cut at 80 columns in
            # Dutch ("Hoe he"; naive finding 9).
            with Horizontal(classes="buttons", id="how-row"):
                yield Button(_("How did we decide?"), id="how", compact=True)
            yield Static("", id="rule-status", markup=False)
            yield RenderedOnce("", id="result")
        # The cell under the cursor in words, whole, on a line of its own below the scrolling
        # page so it is always in sight: at 80×24 the legend above the grid scrolled out of
        # sight, and the grid cuts option names (naive s8 finding 6).
        yield CellLine(id="cell-line")

    def _round_parts(self) -> ComposeResult:
        """The one-option round's choice (consent, gradients): an option, the response or the
        level, the reason."""
        yield GuardedSelect([], allow_blank=True, id="round-option", prompt=_("Option"))
        with Choices(id="response"):
            for response in RESPONSES:
                yield Choice(response_label(response), id=f"response-{response}")
        yield GuardedSelect(
            [(f"{level} {_(label)}", level) for level, label in KANER_SCALE],
            allow_blank=True,
            id="level",
            prompt=_("Level of agreement"),
        )
        yield FreeTextBox(placeholder=_("Reason (needed for an objection)"), id="reason")

    def foresee(self, state: SessionState) -> None:
        """A sheet rule (matrix, ranks, dots, grades) never shows the one-option round: its
        two Selects, responses and reason box are not composed (tens of milliseconds of the
        session screen's opening). The rule is the session's from its opening record on;
        while it is unknown they are composed, as the round may be needed."""
        rule = state.info.decision_rule if state.info is not None else ""
        self._round_composed = not rule or rule in PER_OPTION_METHODS

    # Attributes down -----------------------------------------------------------------------

    def keep_secrets(self, secrets: Mapping[str, Mapping[str, Any]]) -> None:
        """The sealed votes' secrets the session screen kept (see ``stored_secrets``)."""
        self.secrets.update({k: dict(v) for k, v in secrets.items()})

    @property
    def kind(self) -> str:
        return RULE_VOTE.get(self.method, "")

    def steward(self) -> bool:
        state = self.state
        if state is None or state.info is None or is_guest(state, self.me):
            return False  # a guest steps nothing (under the consent rule too)
        return state.info.process_rule == "consent" or state.facilitator == self.me

    def round_option(self) -> str | None:
        found = self.query("#round-option").results(Select)
        value = next(found, None)
        return value.value if value is not None and isinstance(value.value, str) else None

    def text_box(self) -> Widget | None:
        """The reason (consent, gradients); a ballot has no text: its table gets the keys."""
        return next(self.query("#reason").results(Input), None)

    def holds_words(self) -> bool:
        """The reason box holds words not sent: only while the form is on screen and its words
        are not the reason already cast (naive s8b finding 5: after the decision the form was
        gone, and Ctrl+Q still called the cast "Goed idee" words not sent)."""
        box = self.text_box()
        if not isinstance(box, Input) or not box.value.strip() or not self._form_open():
            return False
        return not self._cast_on_round() or self._form_differs()

    def uncast_numbers(self) -> bool:
        """Ballot numbers typed and not cast (the grid, not a per-option form)."""
        return self.method not in PER_OPTION_METHODS and self._uncast()

    def uncast_answer(self) -> bool:
        """An answer chosen in the form (agree, object…; a level) and not cast while voting is
        open (naive s8b finding 6: Ctrl+Q quit at once over a chosen, uncast answer)."""
        if not self._form_open() or self.state is None:
            return False
        if self.method == "consent":
            pressed = self.query_one("#response", Choices).pressed_index
            chosen = RESPONSES[pressed] if pressed >= 0 else None
            key = "response"
        else:
            level = self.query_one("#level", Select).value
            chosen, key = (level if isinstance(level, int) else None), "level"
        if chosen is None:
            return False
        vote = self._cast_on_round()
        if vote is None:
            return True
        body = vote.body or self.secrets.get(vote.commitment or "", {}).get("vote")
        return isinstance(body, dict) and body.get(key) != chosen

    def _form_open(self) -> bool:
        """The response form (per option rules) is shown and voting on it is open."""
        state = self.state
        if state is None or self.method not in PER_OPTION_METHODS or self.kind in state.closed:
            return False
        form = part(self, "#round", Widget)
        return form is not None and self.shows(form) and self._decided(state) is None

    def _cast_on_round(self) -> Vote | None:
        state, option = self.state, self.round_option()
        if state is None or option is None:
            return None
        return next((v for v in self._my_votes(state) if v.option == option), None)

    def focus_default(self) -> None:
        """A ballot's grid gets the keys on its first cell. The reason gets the keys (consent,
        gradients), but the view shows the whole choice it belongs to (which
        option, agree or object) rather than scrolling the choice out of sight at 80×24."""
        grid = self.query_one("#ballot", VoteGrid)
        if self.shows(grid) and grid.row_count:
            # A ballot has no text: digits typed on arrival go into its first cell. The grid
            # scrolls its header into sight itself (``header_in_sight``); Textual's centring
            # came a frame later and scrolled the header off again (naive s10 finding 1).
            self.screen.set_focus(grid, scroll_visible=False)
            grid.move_cursor(row=0)
            return
        box = self.text_box()
        if box is None or not self.shows(box):
            super().focus_default()
            return
        self.screen.set_focus(box, scroll_visible=False)
        choice = self.query_one("#round")
        self.call_after_refresh(choice.scroll_visible, top=True, animate=False)

    def arrival_sight(self) -> tuple[Widget, bool | None] | None:
        """As ``focus_default`` and the grid's ``header_in_sight`` scroll after the layout."""
        grid = self.query_one("#ballot", VoteGrid)
        if self.shows(grid) and grid.row_count:
            return grid, None
        box = self.text_box()
        if box is None or not self.shows(box):
            return None
        return self.query_one("#round"), True

    def present(self, connected: set[str], holders: frozenset[str]) -> None:
        """Who is here now and who holds my vote (the session screen knows; the state alone
        cannot): the line under the vote says where it is, drawn again when that changed."""
        told = (frozenset(connected), holders)
        if told == (self.connected, self.holders):
            return
        self.connected, self.holders = told
        if self.state is not None and self.is_attached:
            self._show_status(self.state)

    def show(self, state: SessionState, me: str) -> None:
        self.state, self.me = state, me
        self.method = state.info.decision_rule if state.info else ""
        if state.info is not None and not self._seal_set:
            # A scenario that seals its votes starts ticked; the person may still untick it.
            self._seal_set = True
            self.query_one("#seal", Checkbox).value = seals_votes(state.info.scenario)
        legend = Legend.of(state)
        per_option = self.method in PER_OPTION_METHODS
        update(
            self.query_one("#decide-title", Static),
            _("Deciding by: {rule}").format(rule=rule_label(self.method)),
        )
        dots = state.info.dots_per_member if state.info else model.DEFAULT_DOTS
        # A guest reads the votes and the result; the fold takes no vote of theirs, so they get
        # no ballot to fill in (nor its keys: ``PhaseView.reads_only``).
        guest = reads_only(state, me, self.phase)
        how_to = GUEST_HOW_TO if guest else HOW_TO.get(self.method, "")
        update(self.query_one("#how-to", Static), _(how_to).format(dots=dots))
        # Once this meeting decided, the decision comes first: the vote form is done with
        # (voting is closed) and filled the view at 80×24 above it (naive n1 finding 4).
        voting = self._decided(state) is None
        self._decision_first(not voting)
        self.query_one("#how-to", Static).display = voting or guest
        self._warn_weightless(state, voting)
        self.query_one("#ballot", VoteGrid).display = not per_option and not guest and voting
        if per_option and not self._round_composed:
            # Left out for a sheet rule, yet the session's rule is per option (it cannot
            # change after the opening record: never seen, but not to be lost either).
            self._round_composed = True
            self.refresh(recompose=True)
            return
        self.query_one("#round").display = per_option and not guest and voting
        if self._round_composed:
            self.query_one("#response").display = self.method == "consent"
            self.query_one("#level").display = self.method == "gradients"
        self.keep_scroll_room(state)  # before the ballot is filled to its width
        if per_option:
            self._show_round(state, legend)
        else:
            self._show_grid(state, legend)
        self._show_status(state)
        self._show_result(state)
        if not voting:
            self._keys_to_the_page()

    def _warn_weightless(self, state: SessionState, voting: bool) -> None:
        """Above the ballot while no criterion weighs anything: every total will be 0 (once
        closed, the result says why the totals are 0). Mounted the first time it is needed
        (most matrix votes have weights; the view's opening composes as little as it can)."""
        wanted = (
            voting
            and self.method == "matrix"
            and self.kind not in state.closed
            and weightless(state.criterion_weights())
        )
        line = next(self.query("#no-weights").results(Static), None)
        if line is not None:
            line.display = wanted
            if wanted:
                update(line, _(NO_WEIGHTS))  # in the language shown now
        elif wanted:
            self.query_one(VerticalScroll).mount(
                Static(_(NO_WEIGHTS), id="no-weights"), after="#how-to"
            )

    def _keys_to_the_page(self) -> None:
        """Decided: the ballot or reason that had the keys is gone, and nothing that scrolls
        got them, so PgDn, ↓ and End did not reach the result tables below at 80×24 (naive s6
        finding 14). The view's page gets them, if nothing of this view still shown has."""
        if not self.is_attached or getattr(self.screen, "viewing", self.phase) != self.phase:
            return
        focused = self.screen.focused
        if focused is None or (self in focused.ancestors and not self.shows(focused)):
            self.screen.set_focus(self.query_one(VerticalScroll))

    def _decision_first(self, decided: bool) -> None:
        """Decided: the decision's line goes right under the title (it was the last line at
        80×24, under the vote form); voting: back under the steps, above the tables."""
        scroll = self.query_one(VerticalScroll)
        rule = self.query_one("#rule-status", Static)
        anchor = self.query_one("#decide-title" if decided else "#how-row")
        children = list(scroll.children)
        if children.index(rule) != children.index(anchor) + 1:
            scroll.move_child(rule, after=anchor)
            if decided:
                # The page had been scrolled to the vote form (the reason's keys, the tie's
                # choice): the decision's line stayed above the top, and the page began at
                # "The decision counted the votes…" (naive s8b finding 14).
                scroll.scroll_home(animate=False, immediate=True)

    def _option_rows(self, state: SessionState, legend: Legend) -> list[tuple[str, str]]:
        live = legend.by_option(state.live_options())
        # whole: the grid cuts a label only where it has no room (a select, at 200)
        return [(o, f"{legend.option(o)}. {clip(state.options[o].text, 200)}") for o in live]

    def _show_grid(self, state: SessionState, legend: Legend) -> None:
        grid = self.query_one("#ballot", VoteGrid)
        rows = self._option_rows(state, legend)
        # the ballot's legend; once decided the result's tables name the criteria
        legend_shown = self.method == "matrix" and self._decided(state) is None
        self.query_one("#legend", LegendLine).display = legend_shown
        grid.describe = None
        if self.method == "matrix":
            criteria = legend.by_criterion(state.live_criteria())
            columns = [GridColumn(c, legend.criterion(c)) for c in criteria]
            grid.lowest, grid.highest = 0, 10
            # whole names, cut only where an entry alone is wider than the line
            self._legend = {
                c: f"{legend.criterion(c)} {clip(state.criteria[c].text, 200)}" for c in criteria
            }
            self._criteria_named = {
                c: (legend.criterion(c), clip(state.criteria[c].text, 200)) for c in criteria
            }
            self._show_legend()
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
        mine = self._my_ballot(state)
        grid.refusing = (
            _(
                "Voting is closed: numbers typed now are not counted. The ballot shows "
                "what was counted."
            )
            if self.kind in state.closed
            else ""
        )
        if grid.dirty and self.kind in state.closed:
            # Voting closed over numbers typed and not cast: the grid shows what was counted
            # (naive s8b finding 1: an uncast 9 stood beside "Your vote is in and counts").
            grid.reset()
            if mine is None:
                grid.values = {}
        if mine is not None:
            # before the fill: a new grid's rows then go in with the person's numbers, not
            # empty and then again with them
            grid.load(self._ballot_values(mine))
        grid.fill(rows, columns)
        self._row_words = dict(rows)
        self._show_cell()

    def _show_cell(self) -> None:
        """Under the ballot, the cell under the cursor in words: its option whole, and under
        scores by criteria its criterion whole, so a keyboard-only person knows what a
        column is and can read a name the grid cuts (naive s8 finding 6)."""
        line = part(self, "#cell-line", CellLine)
        grid = part(self, "#ballot", VoteGrid)
        if line is None or grid is None:
            return
        page = part(self, "#page", VerticalScroll)
        if page is not None and self.is_attached and self.screen.focused is page:
            # The page is a Tab stop (↑ ↓ PgDn End read the tables below) with no mark of its
            # own: the line under it says it has the keys, in words, in colour or not (naive
            # s8b finding 9: a Tab stop that showed nothing, where a typed letter vanished).
            line.say(_(PAGE_KEYS_REASON if self._form_open() else PAGE_KEYS))
            line.display = True
            return
        # Once voting is closed nothing is typed in the ballot: the line named a cell no more
        # and hid the end of the tie's sentence at 80×24 (naive s8b finding 13).
        open_ = self.state is not None and self.kind not in self.state.closed
        where = grid.cursor_cell() if grid.display and open_ else None
        option = self._row_words.get(where[0], "") if where is not None else ""
        if where is not None and self.method == "matrix":
            # "scored on 1 Criterion 0" read as a count (naive s9 finding 13): the column's
            # number is said as one
            number, criterion = self._criteria_named.get(where[1], ("", ""))
            words = _("{option} — your score on criterion {number}: {criterion}").format(
                option=option, number=number, criterion=criterion
            )
        else:
            words = option
        line.say(words)
        line.display = bool(words)

    def _show_round(self, state: SessionState, legend: Legend) -> None:
        self.query_one("#legend", LegendLine).display = False
        select = self.query_one("#round-option", Select)
        rows = self._option_rows(state, legend)
        keys = [key for key, _label in rows]
        current = select.value
        if keys != self._round_options:
            # With options to choose from there is no blank entry: choosing it only led to
            # "choose an option first". Textual has no public switch for it after mounting.
            select._allow_blank = not keys
            options = [(Text(label), key) for key, label in rows]  # words, not markup
            if not set_options(select, options):
                self._round_options = []  # not composed yet, or going: at the next draw
                return
            self._round_options = keys
        if not keys:
            return
        decision = self._decided(state)
        if decision is not None and decision.option in keys:
            wanted = decision.option  # decided in this meeting: the view is about that option
        elif current in keys and self._round_meeting == state.meeting:
            wanted = current
        else:
            # A new meeting votes afresh: an option chosen in an earlier one is not kept (a
            # client left running voted on meeting 1's option; naive n1 finding 2).
            wanted = round_option(state, self.method) or keys[0]
        self._round_meeting = state.meeting
        if select.value != wanted:
            select.value = wanted
        self._show_my_response(state, wanted)

    def _show_my_response(self, state: SessionState, option: str) -> None:
        """My vote on ``option`` shows as cast: its response (or level) chosen, its reason in
        the box. A restarted app (``kill -9``) showed "Your vote is in" over no choice and an
        empty reason (naive s6b D). Only into an untouched form, once per vote: what the
        person is changing stays theirs."""
        mine = [v for v in self._my_votes(state) if v.option == option]
        if not mine or mine[0].record == self._shown_vote:
            return
        vote = mine[0]
        self._shown_vote = vote.record
        body = vote.body or self.secrets.get(vote.commitment or "", {}).get("vote")
        responses = self.query_one("#response", Choices)
        level, reason = self.query_one("#level", Select), self.query_one("#reason", Input)
        touched = reason.value or responses.pressed_index >= 0 or isinstance(level.value, int)
        if touched or not isinstance(body, dict):
            return
        if self.method == "consent" and body.get("response") in RESPONSES:
            responses.choose(RESPONSES.index(body["response"]))
        elif self.method == "gradients" and body.get("level") in dict(KANER_SCALE):
            level.value = body["level"]
        said = body.get("reason")
        if isinstance(said, str) and said:
            reason.value = said
            reason.cursor_position = len(said)

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

    # Messages up ---------------------------------------------------------------------------

    def contributed(self, kind: str, body: dict[str, Any], error: str | None) -> None:
        """The session screen's answer to our ``Contribute`` (see ``screens/session.py``)."""
        if error is not None:
            self._parts = []  # what follows a refused part would make a sheet nobody typed
            self.refused(kind, error)
        elif kind == "score.set" and self._parts:
            self.contribute(kind, self._parts.pop(0))

    def _show_legend(self) -> None:
        """The criteria whose columns are in view, when not all are: at 80×24 a 30-criteria
        legend took the view's lines, and after End showed other numbers than the columns
        (naive s7 finding 9)."""
        entries = self._legend
        shown = [c for c in self._in_view or () if c in entries]
        if not shown or len(shown) == len(entries):
            self.query_one("#legend", LegendLine).show(list(entries.values()))
            return
        head = _("In view: {shown} of {count} criteria (← → for the others)").format(
            shown=len(shown), count=len(entries)
        )
        self.query_one("#legend", LegendLine).show([head, *(entries[c] for c in shown)])

    @on(Input.Submitted, "#reason")
    def _reason_entered(self, event: Input.Submitted) -> None:
        """Enter in the reason box did nothing, and nothing said how the vote is cast
        (naive s8 finding 11): it says so; the reason stays."""
        event.stop()
        # Away from the vote Ctrl+S casts nothing: Enter says so, not "Ctrl+S casts" (s9b 3).
        self.query_one(Notice).inform(self.not_here() or _(HOW_TO_CAST))

    @on(Input.Changed, "#reason")
    @on(Choices.Changed, "#response")
    @on(Select.Changed, "#level")
    def _form_changed(self) -> None:
        """The response form changed: the line under it says when it no longer matches the
        vote cast (once per change of that, not per key)."""
        if self.state is not None and self._uncast() != self._uncast_said:
            self._show_status(self.state)

    @on(VoteGrid.InView, "#ballot")
    def _columns_in_view(self, event: VoteGrid.InView) -> None:
        if event.columns != self._in_view:
            self._in_view = event.columns
            if self.method == "matrix":
                self._show_legend()

    @on(VoteGrid.Refused, "#ballot")
    def _out_of_range(self, event: VoteGrid.Refused) -> None:
        """A number past what the ballot takes (more dots than there are): said, not clamped."""
        self.query_one(Notice).refused(event.message)
        self._range_refused = True

    def on_mount(self) -> None:
        # None: the app closed while this view mounted behind (its parts never came).
        ballot = part(self, "#ballot", VoteGrid)
        if ballot is not None:
            ballot.follow = self._cell_left

    def _cell_left(self) -> None:
        """The cursor left the cell a number was refused in: the refusal was about that cell
        ("99 is too high" stayed under the grid 25 cells on; naive s8 finding 11). The line
        under the grid names the new cell (both in the step that moved the cursor)."""
        self._forget_range_refusal()
        self._show_cell()

    @on(VoteGrid.AtTop, "#ballot")
    def _to_the_top(self) -> None:
        """↑ or PgUp on the first row brings the legend and how-to above the grid back into
        sight (they did nothing there at 80×24; naive s8 finding 6)."""
        self.query_one(VerticalScroll).scroll_home(animate=False)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """The ballot lost the keys (Tab away): its refusal no longer stands either."""
        if event.widget is part(self, "#ballot", VoteGrid):
            self._forget_range_refusal()
        if event.widget is part(self, "#page", VerticalScroll):
            self._show_cell()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The page got the keys: the line under it says so (``_show_cell``)."""
        if event.widget is part(self, "#page", VerticalScroll):
            self._show_cell()

    def _forget_range_refusal(self) -> None:
        if self._range_refused:
            self._range_refused = False
            self.query_one(Notice).clear()

    @on(VoteGrid.Changed, "#ballot")
    def _number_typed(self) -> None:
        """A number that fits now (10 after "31 is too high"): what was said no longer stands.
        The first change since the vote was cast makes the line under the ballot say it is
        not cast yet (once, not on every digit)."""
        self.query_one(Notice).clear()
        self._range_refused = False
        if self.state is not None and self._uncast() != self._uncast_said:
            self._show_status(self.state)

    def refused(self, kind: str, message: str) -> None:
        """The session screen could not add our ``kind`` record: show it where we look."""
        self._range_refused = False  # the line says this now, kept as the cursor moves
        self.query_one(Notice).refused(message)
        if kind in (self.kind, "vote.commit"):
            self.query_one("#ballot", VoteGrid).dirty = True

    @on(Select.Changed, "#round-option")
    @on(Select.Changed, "#tie-option")
    def _option_changed(self, event: Select.Changed) -> None:
        if event.select.id == "tie-option" and self._tie_choice() is not None:
            self.query_one(Notice).clear()  # "choose from the tie first" is done with
        if self.state is not None:
            self._show_status(self.state)
            self._show_result(self.state)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        """A button takes its step (``decide_actions.py``)."""
        step = BUTTON_ACTIONS.get(event.button.id or "")
        if step is not None:
            getattr(self, step)()
