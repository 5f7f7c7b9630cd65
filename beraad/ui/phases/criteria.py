"""Criteria: propose what a good solution must meet, and weigh each with your own points.

The group weight is the mean of everyone's points; the lowest and highest stay beside it, so a
criterion one person finds essential and another irrelevant does not hide behind its average.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.css.scalar import Scalar
from textual.widget import Widget
from textual.widgets import Button, Input, Static

from beraad.core import session as model
from beraad.core.matrix import weightless
from beraad.core.schema import MAX_SHORT
from beraad.core.state import SessionState
from beraad.i18n import N_, _, current_language, decimal
from beraad.ui.guest import reads_only
from beraad.ui.parts import part
from beraad.ui.phases.base import MEETING_KINDS, VOTE_KINDS, PhaseView
from beraad.ui.widgets.composer import fill, no_room, with_text
from beraad.ui.widgets.free_text_box import SendingFreeText
from beraad.ui.widgets.phase_bar import phase_label
from beraad.ui.widgets.tally_format import Legend, number
from beraad.ui.widgets.vote_grid import GridColumn, VoteGrid
from beraad.ui.widgets.vote_notice import Notice

MAX_WEIGHT = 100
#: The criteria the weights table shows at least, however little room the view has: at
#: 80×24 it kept twelve lines and pushed the refusals, the hint and *Save my weights* below
#: the screen's edge (naive s15 F2: 40 criteria, "7,5" and "8O" refused out of sight).
LEAST_ROWS = 3
#: The criteria a refused save names without a weight, at most (then "… and 31 more").
MISSING_NAMED = 8
HOW_TO = N_(
    "Propose criteria a good solution must meet, and give each your weight "
    "(0–100 points). The group weight is the mean; lowest and highest show "
    "where we differ."
)
UNWEIGHTED = N_("No criterion weighs anything yet: without weights every total in Decide is 0.")
WEIGHTS_HOW = N_(
    "Tab into the table, type 0–100 for each criterion, Enter goes to the next (↑↓ too); "
    "Enter on the last one or Ctrl+S saves your weights."
)
#: Said where the weights are while the group is elsewhere: the fold takes them only in
#: Criteria (naive s9 finding 1: Ctrl+S there did nothing, and the footer still offered it).
SAVED_ONLY_HERE = N_("Your weights are saved only while the group is in Criteria.")
HELD = N_(
    "Not saved: the weights you typed. The group is in {phase} now, where weights are not "
    "saved; they stay here, and Ctrl+S saves them once the group is back in Criteria."
)
GUEST_HOW_TO = N_(
    "The criteria the group proposed, and how much each weighs: the group weight is the "
    "mean of the members' points. Guests do not weigh them."
)


class CriteriaView(PhaseView):
    phase: ClassVar[str] = "criteria"
    unaffected_by = VOTE_KINDS | MEETING_KINDS
    DEFAULT_CSS = """
    CriteriaView { height: 1fr; padding: 0 1; }
    CriteriaView #criterion-text { margin-bottom: 1; }
    /* Its scroll bar says more criteria are below (5 of 7 rows at 80×24 and no sign of the
       others: naive s19 G4). */
    CriteriaView #weights { height: 1fr; scrollbar-size-vertical: 1; }
    CriteriaView .buttons { height: auto; }
    CriteriaView #weights-count { padding: 0 2; color: $text-muted; width: 1fr; }
    CriteriaView #weights-how.-guest, CriteriaView #weights-how.-spoken-over { display: none; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save_weights", N_("Save my weights")),
        # Away from Criteria: not offered, but Ctrl+S says why rather than nothing.
        Binding("ctrl+s", "weights_held", show=False),
    ]

    def __init__(self, session: str, **kwargs: Any) -> None:
        super().__init__(session, **kwargs)
        self.state: SessionState | None = None
        self.me = ""
        self._pending = ""
        self._cell_refused = False
        """The notice says a key typed in a cell was refused (``_cell_mended``)."""
        self._sought: str | None = None
        """One's own new criterion, brought into sight in the table when its row comes."""

    def compose(self) -> ComposeResult:
        yield Static(_(HOW_TO), id="criteria-how", classes="hint")
        yield SendingFreeText(
            placeholder=_("A new criterion, then Enter"),
            id="criterion-text",
            max_length=MAX_SHORT,  # a criterion's text (``kinds.py``)
        )
        grid = VoteGrid(0, MAX_WEIGHT, id="weights")
        grid.saves_at_end = True  # Enter on the last weight saves them (``_last_row_entered``)
        yield grid
        # Right under the table, in the place of how to weigh while it says something: at
        # the bottom, at 80×24, "7,5" and an unsaved sheet were refused below the screen's
        # edge, and a person typing on saw nothing happen (naive s13b B4, B5).
        notice = Notice(id="notice")
        notice.stands_in_for = "weights-how"
        yield notice
        yield Static(_(WEIGHTS_HOW), id="weights-how", classes="hint")
        with Horizontal(classes="buttons"):
            yield Button(_("Save my weights"), id="save-weights", compact=True)
            yield Static("", id="weights-count")

    def text_box(self) -> Widget | None:
        return part(self, "#criterion-text", Input)  # None: not composed yet

    def tab_target(self) -> Widget | None:
        """With no criterion yet there is nothing to weigh: Tab stays in the box and says so
        (it went into the empty table, where what was typed vanished: naive s12 P14), as the
        table map's box does with no group (``KeyRouting.action_focus_next``)."""
        grid, box = part(self, "#weights", VoteGrid), self.text_box()
        if grid is not None and box is not None and box.has_focus and grid.row_count:
            return self._first_to_weigh(grid)
        if grid is None or box is None or not box.has_focus or grid.row_count:
            return None
        self.query_one(Notice).inform(
            _("No criteria yet, so nothing to weigh: type one here, Enter adds it.")
        )
        return box

    def _first_to_weigh(self, grid: VoteGrid) -> VoteGrid:
        """Tab into the table starts on the first criterion without a weight of one's own
        (else the first): it started where the cursor was left last meeting, and seven
        weights typed top-down landed on rows 3 to 7, rows 1 and 2 keeping old ones (naive
        s19 G4)."""
        rows = [key for key, _label in grid.rows.items()]
        given = grid.given()
        first = next(
            (at for at, key in enumerate(rows) if "mine" not in given.get(key.value, {})), 0
        )
        grid.cursor_coordinate = grid.cursor_coordinate._replace(row=first)
        return grid

    def added(self, record: str) -> None:
        """One's own new criterion is scrolled into sight in the table when its row comes:
        at 80×24 the sixth and seventh were below the table's edge, and the criterion sent
        looked lost (naive s19 G4). The cursor stays where it is."""
        self._sought = record
        self._seek()

    def _seek(self) -> None:
        grid = part(self, "#weights", VoteGrid)
        if grid is None or self._sought is None:
            return
        rows = [key.value for key in grid.rows]
        if self._sought in rows:
            at, self._sought = rows.index(self._sought), None
            grid.call_after_refresh(self._row_in_sight, grid, at)

    @staticmethod
    def _row_in_sight(grid: VoteGrid, at: int) -> None:
        """Scroll the table (not its cursor) so that row ``at`` shows, at its bottom."""
        header = grid.header_height if grid.show_header else 0
        room = max(1, grid.scrollable_content_region.height - header)
        if not grid.scroll_y <= at < grid.scroll_y + room:
            grid.scroll_to(y=max(0, at - room + 1), animate=False)

    def _fit_table(self, grid: VoteGrid) -> None:
        """The weights table takes the room the view has below its other parts, at least
        ``LEAST_ROWS`` criteria high, and no higher than its rows (at 200×50 it showed 10 of
        30 criteria with its own scroll bar over 25 empty lines: naive s9 finding 12). Its
        height is ``1fr`` between these bounds, so Textual's layout of the view gives it the
        room in the same pass as the parts around it: fitted after a layout, the first look
        at Criteria was a second layout and frame, and the scroll bar it then got a third.
        The bounds change only with its rows (set here, before the layout that shows them)."""
        header = grid.header_height if grid.show_header else 0
        need = header + grid.row_count
        if grid.show_horizontal_scrollbar:
            need += grid.styles.scrollbar_size_horizontal
        least = min(header + LEAST_ROWS, need)
        if grid.styles.max_height != Scalar.from_number(need):
            grid.styles.max_height = need
        if grid.styles.min_height != Scalar.from_number(least):
            grid.styles.min_height = least

    def takes_typing(self, state: SessionState) -> bool:
        return state.phase == "criteria"

    def may(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save_weights":
            return self.sends_now("weight.set")
        if action == "weights_held":
            return not self.sends_now("weight.set")
        return True

    def unsaved_weights(self) -> bool:
        """Weights typed in the table and not saved (only this device holds them)."""
        grid = part(self, "#weights", VoteGrid)
        return grid is not None and grid.dirty and bool(grid.given())

    def _say_how(self) -> None:
        """Under the table: how to weigh, or, with the group elsewhere, that weights are
        saved only in Criteria and which typed ones wait (as the ballot's numbers do)."""
        state = self.state
        if state is None:
            return
        here = self.sends_now("weight.set")
        if here:
            words = _(WEIGHTS_HOW)
        elif self.unsaved_weights():
            words = _(HELD).format(phase=phase_label(state.phase or ""))
        else:
            words = _(SAVED_ONLY_HERE)
        self.query_one("#weights-how", Static).update(words)
        self.query_one("#save-weights", Button).display = here

    def show(self, state: SessionState, me: str) -> None:
        self.state, self.me = state, me
        legend = Legend.of(state)
        live = legend.by_criterion(state.live_criteria())
        rows = [(c, f"{legend.criterion(c)}. {state.criteria[c].text}") for c in live]
        # A guest reads the group's weights; the fold takes none of theirs (no column to type
        # in, no keys: ``PhaseView.reads_only``).
        guest = reads_only(state, me, self.phase)
        self.query_one("#criteria-how", Static).update(_(GUEST_HOW_TO if guest else HOW_TO))
        self.query_one("#weights-how").set_class(guest, "-guest")
        self._say_how()
        self.refresh_bindings()  # ^s offered only where weights are saved
        # At the cap the box says so before anyone types one more (the fold would refuse it).
        full = no_room(state, "criteria")
        box = self.query_one("#criterion-text", Input)
        box.placeholder = full if full is not None else _("A new criterion, then Enter")
        # Offered only where a criterion can be added, or while it holds words a move left.
        box.display = bool(box.value.strip()) or self.sends_now("criterion.add")
        # The header on two lines: one line was as wide as a name's last words (naive s6
        # finding 11: "Fits the parking needs of reside…" at 80 columns).
        mine = [] if guest else [GridColumn("mine", _("Mine (0–100)").replace(" ", "\n", 1))]
        columns = [
            *mine,
            GridColumn("group", _("Group"), editable=False),
            GridColumn("range", _("Low–high").replace("–", "–\n", 1), editable=False),
            GridColumn("spread", _("Spread"), editable=False),
        ]
        fixed = {
            row.criterion: {
                # A narrow column: the decimal reads at a glance (the exact value is in the
                # minutes and "how did we decide?").
                "group": decimal(row.group, current_language(), 1),
                "range": "–" if row.low is None else f"{row.low}–{row.high}",
                "spread": number(row.spread),
            }
            for row in state.criterion_weights()
        }
        grid = self.query_one("#weights", VoteGrid)
        grid.fill(rows, columns, fixed)
        grid.can_focus = bool(rows)  # an empty table takes no keys: they vanished there
        sheet = state.weights.get(me)
        if sheet is not None and not guest:
            grid.load({c: {"mine": w} for c, w in sheet.weights.items()})
        # Only a whole sheet counts: one saved weight is not "weighted the criteria".
        weighted = sum(
            1
            for m in state.participants()
            if m in state.weights and all(c in state.weights[m].weights for c in live)
        )
        said = (
            _("{weighted} of {members} members weighted the criteria.").format(
                weighted=weighted, members=len(state.participants())
            )
            if live
            else _("No criteria yet: propose the first one above.")
        )
        matrix = state.info is not None and state.info.decision_rule == "matrix"
        if live and matrix and weightless(state.criterion_weights()):
            # Before the vote: without weights every total in Decide is 0 and the options tie
            # (naive s8b finding 3: nobody had weighted, and nothing said it mattered).
            said = f"{said} {_(UNWEIGHTED)}"
        self.query_one("#weights-count", Static).update(said)
        self._fit_table(grid)  # as high as its rows, before the layout that shows them
        self._seek()

    def contributed(self, kind: str, body: dict[str, Any], error: str | None) -> None:
        """The session screen's answer to our ``Contribute`` (see ``screens/session.py``)."""
        if error is not None:
            self.refused(kind, error)

    def refused(self, kind: str, message: str) -> None:
        """The session screen could not add our ``kind`` record: say so, keep the text."""
        field = self.query_one("#criterion-text", Input)
        if kind == "criterion.add" and self._pending and not field.value:
            fill(field, self._pending)  # the box already emptied on Enter: back in it
            self.query_one(Notice).refused(message)
        elif kind == "criterion.add":  # the person types on: quoted, what they type stays
            self.query_one(Notice).refused(with_text(message, self._pending))
        else:
            self.query_one(Notice).refused(message)
            self.query_one("#weights", VoteGrid).dirty = True

    @on(Input.Submitted, "#criterion-text")
    def _propose(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.query_one(Notice).refused(_("Write the criterion first."))
            return
        self._pending = text
        if not self.sends_now("criterion.add"):  # the words stay, and why (naive s7 2, 6)
            phase = self.state.phase if self.state is not None else None
            self.refused("criterion.add", self.unsent_line(phase))
            return
        self.query_one(Notice).clear()  # the box emptied itself on Enter
        self.contribute("criterion.add", model.text_body(text))

    @on(VoteGrid.Refused, "#weights")
    def _out_of_range(self, event: VoteGrid.Refused) -> None:
        self.query_one(Notice).refused(event.message)
        self._cell_refused = True

    def _cell_mended(self) -> None:
        """A weight typed or taken back after a refused key: the refusal is about a cell
        that is mended or left (it stayed under the table after a good 5 on the next row,
        naive s15 F2, and read as if the 5 was refused)."""
        if self._cell_refused:
            self._cell_refused = False
            self.query_one(Notice).clear()

    @on(VoteGrid.PastLast, "#weights")
    def _last_row_entered(self) -> None:
        """Enter on the last criterion: the table is filled in, and Enter saves it as Ctrl+S
        does (missing weights are named, and away from Criteria it says why not)."""
        self.action_save_weights()

    @on(VoteGrid.Changed, "#weights")
    def _weights_changed(self) -> None:
        self._cell_mended()
        if not self.sends_now("weight.set"):
            self._say_how()  # typed away from Criteria: held, and said

    @on(Button.Pressed, "#save-weights")
    def _save_pressed(self) -> None:
        self.action_save_weights()

    def action_weights_held(self) -> None:
        """Ctrl+S with the group away from Criteria: the fold would refuse the weights, so
        nothing is sent, they stay in the table, and the person is told why."""
        state = self.state
        phase = phase_label(state.phase or "") if state is not None else ""
        self.query_one(Notice).refused(
            _(
                "Not saved: the group is in {phase} now, and weights are saved only in "
                "Criteria. Your weights stay here; Ctrl+S saves them once the group is back."
            ).format(phase=phase)
        )

    def action_save_weights(self) -> None:
        if not self.sends_now("weight.set"):
            self.action_weights_held()  # the button away from Criteria: as Ctrl+S
            return
        grid = self.query_one("#weights", VoteGrid)
        weights = {c: v["mine"] for c, v in grid.given().items() if "mine" in v}
        if not weights:
            self.query_one(Notice).refused(_("Give at least one criterion a weight first."))
            grid.focus()
            return
        state = self.state
        if state is not None:
            legend = Legend.of(state)
            missing = [c for c in legend.by_criterion(state.live_criteria()) if c not in weights]
            if missing:
                named = [legend.criterion(c) for c in missing]
                said = ", ".join(named)
                if len(named) > MISSING_NAMED:
                    # 38 numbers took three lines and pushed the rest off the screen at 80×24
                    more = _("… and {count} more").format(count=len(named) - MISSING_NAMED + 1)
                    said = f"{', '.join(named[: MISSING_NAMED - 1])} {more}"
                self.query_one(Notice).refused(
                    _(
                        "Give every criterion a weight (0 is allowed) before saving: {missing}."
                    ).format(missing=said)
                )
                grid.focus()
                return
        self.query_one(Notice).clear()
        grid.reset()
        self.contribute("weight.set", model.weights_body(weights))
