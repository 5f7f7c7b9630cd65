"""The decide view's status and result: whose vote is in, the next step, the rule and tables.

Kept apart from the ballot (``decide.py``) and the steps (``decide_actions.py``): this part
reads the tally, the rest only the person's own vote. ``DecideResult`` is a mixin of
``DecideView`` and uses its widgets by id.
"""

from __future__ import annotations

import time
from functools import partial
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, RadioSet, Select, Static
from textual.worker import Worker, WorkerState

from beraad.core.consent import RESPONSES
from beraad.core.state import Decision, SessionState
from beraad.core.tally import (
    PER_OPTION_METHODS,
    TallyError,
    check_ready,
    outcome,
    progress,
    tally,
)
from beraad.core.vote_in import could_hold, in_for_the_group
from beraad.i18n import _
from beraad.ui import tallied
from beraad.ui.guest import reads_only
from beraad.ui.parts import in_place, part
from beraad.ui.tallied import explain
from beraad.ui.widgets.ballot_page import KEPT, BallotPage
from beraad.ui.widgets.phase_bar import phase_label
from beraad.ui.widgets.rendered import RenderedOnce
from beraad.ui.widgets.select_options import ChooserSelect, set_options
from beraad.ui.widgets.tally_format import (
    Legend,
    clip,
    next_step,
    not_met,
    voting_status,
)
from beraad.ui.widgets.unchanged import update
from beraad.ui.widgets.vote_grid import VoteGrid

#: The thread workers that tally a big state (one at a time per view).
TALLY_WORKER = "decide-tally"
#: A worker in one of these states is done.
FINISHED = frozenset({WorkerState.SUCCESS.name, WorkerState.ERROR.name, WorkerState.CANCELLED.name})
#: The least wait between two tallies shown under a stream of votes (as the screen's redraws).
TALLY_CALM = 0.05


class ResultScroll(BallotPage):
    """The decide view's scroll, round the ballot and the result's tables. Textual lays the
    screen out again whenever a widget's ``virtual_size`` changes, though the layout that
    changed it placed everything already: a big tally's tables arriving from the thread
    cost a second layout and frame for it (scroll bars still follow: ``_scroll_update``)."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), repaint=False)

    def _scroll_update(self, virtual_size: Size) -> None:
        """The scroll bars follow the new size, and their new thumb is painted in the frame
        of the layout that found it: a bar asks for its repaint once it is idle, after that
        frame (the big tally's tables arriving were a frame of theirs and one of the bar's)."""
        super()._scroll_update(virtual_size)
        screen = self.screen if self.is_attached else None
        if screen is None:
            return
        compositor = screen._compositor
        shown = compositor.visible_widgets
        bars = {
            bar
            for bar in (self._vertical_scrollbar, self._horizontal_scrollbar)
            if bar is not None and bar._repaint_required and bar in shown
        }
        if bars:
            compositor.update_widgets(bars)
            for bar in bars:
                bar._repaint_required = False


def foreseen_width(scroll: Widget, panel: Widget) -> int:
    """The panel's width before the screen's first layout: the screen's width less what each
    widget from the screen down to the page takes at its sides (they stand one under the
    other, each as wide as the one it is in), the page's scroll bar (kept from the first
    frame: ``keep_scroll_room``) and the panel's own sides; 0 when not on a screen yet."""
    if not scroll.is_attached or not scroll.app.size.width:
        return 0
    width = scroll.screen.size.width or scroll.app.size.width
    node: Any = scroll
    while node is not None and node is not scroll.screen:
        width -= node.styles.margin.width + node.styles.gutter.width
        node = node.parent
    if node is None:
        return 0
    if scroll.styles.overflow_y == "scroll":
        width -= scroll.styles.scrollbar_size_vertical
    width -= panel.styles.margin.width + panel.styles.gutter.width
    return max(0, width)


class DecideResult:
    """Status, rule and result tables of ``DecideView`` (a mixin: it reads the view's state)."""

    state: SessionState | None
    me: str
    method: str
    _tie_options: list[str]
    _tie_labels: list[str]
    _tied: tuple[str, ...] = ()
    """The options tied at the top in the last tally (a sheet rule's; none per option)."""
    _tallying: bool = False
    """A tally runs in a thread worker now."""
    _tally_again: bool = False
    """The state changed while it ran: tally the latest state once it is done."""
    tallies_run: int = 0
    """Tallies run for the result panel (counted: a burst of votes costs one or two)."""
    tables_built: int = 0
    """Times the result tables were built anew."""
    tallies_shown: int = 0
    """Tallies from the thread shown in the panel (at most one per calm time)."""
    _waited_width: bool = False
    """The first thread tally waited one frame for the panel's width (``_show_result``)."""
    tally_widths: tuple[int, ...] = ()
    """The width each thread tally laid its tables out for (tests compare it with the
    panel's)."""
    _calm_until: float = 0.0
    _uncast_said: bool = False
    _at_close: tuple[object, frozenset[str]] | None = None
    """The votes counted when this screen first showed voting closed (``_came_after_close``)."""
    """The line under the ballot says the numbers changed since casting are not cast yet."""
    _memo: tallied.Memo | None = None
    """What the last tally worked out and wrote (a vote then costs the rows it changed)."""
    """No next tally before this (``time.monotonic``): showing the last one cost that much
    again (its tables, then the screen's layout and paint), so keys come first."""

    # The view's own, declared for the reader (DecideView defines them).
    kind: str
    castable: Any
    not_here: Any
    _note_cast_form: Any
    query_one: Any
    query: Any
    round_option: Any
    steward: Any
    _my_votes: Any
    secrets: Any
    _unrevealed: Any
    connected: frozenset[str] | None
    holders: frozenset[str]
    refresh_bindings: Any
    run_worker: Any
    app: Any
    set_timer: Any
    call_after_refresh: Any
    is_attached: bool

    def _show_status(self, state: SessionState) -> None:
        kind = self.kind
        closed = kind in state.closed
        option = self.round_option()
        on = option if self.method in PER_OPTION_METHODS else None
        mine = self._my_votes(state)
        if self.method in PER_OPTION_METHODS:
            mine = [v for v in mine if v.option == option]
        # My vote no other member holds is not in for the group: the count agrees with the
        # line under my vote ("only on this device", "on its way"; naive s10 finding 2).
        unheld = self.me if mine and self._confirmers() is not None else None
        said = voting_status(state, self.method, on, unheld)
        if not self.castable():
            # Away from the vote "Voting is open." invited a vote the fold refuses there; the
            # next-step line says where votes are cast (naive s9 finding 6).
            said = said.replace(_("Voting is open."), "").strip()
        update(self.query_one("#decide-status", Static), said)
        self._show_next(state)
        decided = self._decided(state)
        late = _too_late(state, kind, self.me, decided)
        if late:
            status = _(
                "Your vote reached the group after voting had closed, so it was not counted."
            )
        elif decided is not None:
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
            sealed = _("Your vote is sealed; reveal it once voting closes.")
            status = " ".join(filter(None, [sealed, self._where()]))
        elif mine[0].sealed:
            status = _("Your sealed vote is revealed and counted.")
        elif closed:
            status = self._where_closed() or _("Your vote is in and counts.")
        else:
            # "open" in words: a seal unticked by a stray Space sent two votes in open, and
            # nothing said so (naive s19 G3); the status line says it, not a line of its own,
            # which pushed the result below the 80×24 edge.
            status = self._where() or _(
                "Your vote is in, open (not sealed); you can change it until voting closes."
            )
        # Numbers typed since the vote was cast are not in it: "Your vote is in" alone let a
        # person think their new scores counted (naive s7 finding 13).
        said_before, self._uncast_said = self._uncast_said, self._uncast()
        self._note_cast_form(bool(mine) and not self._uncast_said)
        uncast_now = bool(mine) and not closed and decided is None and self._uncast_said
        if uncast_now:
            status = (
                _("Your vote is in, but what you changed since is not cast yet: Ctrl+S casts it.")
                if self.method in PER_OPTION_METHODS
                else _(
                    "Your vote is in, but the numbers you changed since are not cast yet: "
                    "Ctrl+S casts them."
                )
            )
        elif not mine and not closed and decided is None and self._uncast_said:
            # Typed, never cast: "You have not voted yet" read as if the numbers were lost or
            # already counted, and did not say how to cast (naive s8 finding 11).
            uncast_now = True
            status = _("The numbers you typed are not cast yet: Ctrl+S casts them.")
        if uncast_now and state.phase not in (None, "decide"):
            # The group left Decide: Ctrl+S is refused there, so "Ctrl+S casts them" under
            # that refusal contradicted it (naive s8b finding 7); say why, as for held text.
            status = _(
                "Not cast: the numbers you typed. The group is in {phase} now, where votes "
                "are not cast; they count only if the group comes back to Decide."
            ).format(phase=phase_label(state.phase))
        if mine and decided is None and option is not None:
            status = " ".join(filter(None, [status, self._elsewhere(state, option)]))
        status = " ".join(filter(None, [status, self._came_after_close(state, on, decided)]))
        guest = reads_only(state, self.me, "decide")
        update(self.query_one("#my-vote", Static), status)
        self.query_one("#my-vote", Static).display = bool(status) and not guest
        # While it says numbers are not cast, the page keeps it in sight (``KEPT``): a how-to
        # shown whole at the top does not push it below the screen.
        self.query_one("#my-vote", Static).set_class(uncast_now and not guest, KEPT)
        if uncast_now and not said_before and not guest:
            # Once, as it comes: under a 20-option ballot at 80×24 (the Dutch how-to takes two
            # lines) the line sat below the screen, and nobody saw their numbers were not cast.
            self.call_after_refresh(self._uncast_in_view)
        steward = self.steward()
        # A guest casts no vote (the fold refuses it): no seal, no cast, in any meeting or
        # round (the cast button came back on the next record; naive n1 finding 3).
        # Away from the vote (another phase, between meetings) nothing invites casting or
        # closing: the fold refuses both there (naive s9 finding 6).
        castable = self.castable()
        self.query_one("#seal", Checkbox).display = not closed and not guest and castable
        self.query_one("#cast", Button).display = not closed and not guest and castable
        self.query_one("#close-voting", Button).display = steward and not closed and castable
        step = progress(state, self.method, on)
        # A new round only when the closed vote supports no decision: beside an option that
        # passes it only invited throwing the result away (naive n1 finding 4).
        # The other steps too are Decide's alone: from another phase "Take the decision" was
        # offered and refused with "voting is still open" (naive s9b finding 3).
        self.query_one("#reopen", Button).display = (
            steward and closed and decided is None and step.step == "reopen" and castable
        )
        ended = kind in state.reveal_ended
        self.query_one("#reveal", Button).display = (
            closed and not ended and bool(self._unrevealed(state)) and castable
        )
        self.query_one("#end-reveal", Button).display = (
            steward and step.step == "reveal" and castable
        )
        # A closed vote that supports no decision offers only a new round (the next-step line
        # says why): "Take the decision" beside it could only be refused (naive s7 finding 13).
        self.query_one("#take", Button).display = (
            steward and decided is None and step.step != "reopen" and castable
        )
        self.query_one("#how", Button).display = bool(state.decisions)
        self.query_one("#how-row").display = bool(state.decisions)  # no empty line without
        self._tidy_rows()
        self.refresh_bindings()  # the footer follows: "Cast my vote" leaves once voting closed

    def _show_next(self, state: SessionState) -> None:
        """The line saying what the group does next; at a tie, that one of the tied options
        is chosen first (naive s8b finding 11: "Next: take the decision" stood above a tie
        nobody had chosen from, and Ctrl+G did nothing)."""
        on = self.round_option() if self.method in PER_OPTION_METHODS else None
        said = next_step(state, self.method, on)
        tied = self._tied if progress(state, self.method, on).step == "decide" else ()
        if tied and self._decided(state) is None:
            legend = Legend.of(state)
            chosen = self._tie_choice()
            if chosen is not None:
                said = _("Next: take the decision: {option}, chosen from the tie.").format(
                    option=tallied.option_words(state, chosen)
                )
            elif self.steward():
                said = _(
                    "Next: choose one of the tied options ({options}) in “Choose from the "
                    "tie”, then take the decision."
                ).format(options=" = ".join(legend.option(o) for o in legend.by_option(tied)))
            else:
                said = _(
                    "Next: {options} are tied; the facilitator chooses one of them, then "
                    "takes the decision."
                ).format(options=" = ".join(legend.option(o) for o in legend.by_option(tied)))
        step = progress(state, self.method, on)
        if step.step == "vote" and not step.not_voted and self.alone_with_my_vote(state, on):
            # "Everyone has voted; close voting" counted my vote, which nobody else has: a
            # close now would reach them only with it, later (naive s9b finding 4).
            said = _(
                "Next: close voting once you are connected again: your vote is only on this "
                "device, and nobody else is here now."
            )
        why = self.not_here()
        if why is not None and self._decided(state) is None:
            said = why  # not "Next: everyone votes" where no vote is cast (naive s9 6)
        update(self.query_one("#next-step", Static), said)
        self.query_one("#next-step", Static).display = bool(said)  # no empty line once decided

    def _where(self) -> str:
        """Where my vote is while voting is open, when no other member's records show they
        hold it yet: written here, and on its way to those connected or to nobody. "Your vote
        is in" was said to a person cut off from the room (naive s8 finding 2). "Sent to those
        here now" was said for the ~20 s a pulled cable takes to show (no ack in the sync, a
        dead link known only by its silence: naive s8b finding 10): what is known is that it
        left for their links, and that it is in once one of them confirms it. Empty: another
        member holds it (or the view was not told, as in a test app without a network)."""
        if self._only_member():
            return _(
                "Your vote is in: you are the only member of this session, so there is nobody "
                "else to get it. You can change it until voting closes."
            )
        here = self._confirmers()
        if here is None:
            return ""
        if not here:
            return _(
                "Your vote is written on this device, but nobody else is here now: the others "
                "get it once you are connected again. You can change it until voting closes."
            )
        return _(
            "Your vote is written on this device and on its way to those connected: {names}. "
            "It is in once one of them confirms it. You can change it until voting closes."
        ).format(names=", ".join(here))

    def _came_after_close(
        self, state: SessionState, option: str | None, decided: Decision | None
    ) -> str:
        """Votes cast before the close that reached this screen only after it showed voting
        closed count (the close had not seen them): unplugged, Anja's result turned from "no
        decision" into "take the decision" when the cable came back, without a word (naive
        s9b finding 4). Said until the meeting decides."""
        if self.kind not in state.closed or decided is not None:
            self._at_close = None
            return ""
        votes = {v.record: v.member for v in state.current_votes(self.kind, option)}
        where = (state.meeting, self.kind, option, state.closed.get(self.kind))
        if self._at_close is None or self._at_close[0] != where:
            self._at_close = (where, frozenset(votes))
            return ""
        came = sorted({state.name(m) for r, m in votes.items() if r not in self._at_close[1]})
        if not came:
            return ""
        return _(
            "Votes cast before the close reached this device after it, from: {names}. They "
            "count: the result shown now includes them."
        ).format(names=", ".join(came))

    def _confirmers(self) -> list[str] | None:
        """The names of those connected who could confirm holding my vote: members, never an
        observer (a projector writes no records, so it never confirms; naive s9b finding 4).
        None: it is in for the group (``core/vote_in.py``: another member holds it, or there
        is no other member to), or the view was not told who is here."""
        state = self.state
        if (
            self.connected is None
            or state is None
            or in_for_the_group(state, self.me, self.holders)
        ):
            return None
        members = self.state.members
        return sorted(
            self.state.name(key)
            for key in self.connected - {self.me}
            if key in members and not members[key].observer
        )

    def _only_member(self) -> bool:
        """Told who is here, and the session has no other member to hold my vote: it is in as
        cast (``core/vote_in.py``)."""
        state = self.state
        return self.connected is not None and state is not None and not could_hold(state, self.me)

    def _where_closed(self) -> str:
        """Voting closed with my vote counted here while no other member holds it: "Your vote
        is in and counts" was said to a person cut off from the room, who had closed the vote
        alone (naive s9b finding 4). It counts (whoever closes, a vote the close has not seen
        still counts), but it is in only once another member has it."""
        if self._only_member():
            return _(
                "Voting is closed. Your vote is in and counts: you are the only member of this "
                "session, so there is nobody else to get it."
            )
        here = self._confirmers()
        if here is None:
            return ""
        if not here:
            return _(
                "Voting is closed. Your vote counts, but it is only on this device: nobody "
                "else is here now, and the others get it once you are connected again."
            )
        return _(
            "Voting is closed. Your vote is on its way to those connected: {names}; it "
            "counts, even after the close, once one of them has it."
        ).format(names=", ".join(here))

    def alone_with_my_vote(self, state: SessionState, option: str | None) -> bool:
        """I cast a vote no other member holds and nobody who could take it is here: what
        this screen counts as everyone's votes is not what the others hold."""
        mine = self._my_votes(state)
        if option is not None:
            mine = [v for v in mine if v.option == option]
        return bool(mine) and self._confirmers() == []

    def _uncast_in_view(self, tries: int = 20) -> None:
        """Scroll the view so the "not cast yet" line under the ballot shows, whole; once it
        is laid out (a view composed anew by a language switch is drawn before its first
        layout: scrolled then, the line stayed below the screen), at most ``tries`` refreshes
        later."""
        line = part(self, "#my-vote", Static)
        if line is None or not line.display or not self._uncast_said:
            return
        if not line.size and tries > 0:
            self.call_after_refresh(self._uncast_in_view, tries - 1)
            return
        line.scroll_visible(animate=False, immediate=True)

    def _uncast(self) -> bool:
        """Has the person changed their ballot since they last cast it (or it was loaded), or
        their response form from the vote they cast on its option?"""
        if self.method in PER_OPTION_METHODS:
            return self._form_differs()
        grid = part(self, "#ballot", VoteGrid)
        return grid is not None and grid.dirty

    def _form_differs(self) -> bool:
        state, option = self.state, self.round_option()
        if state is None or option is None:
            return False
        mine = [v for v in self._my_votes(state) if v.option == option]
        if not mine:
            return False  # nothing cast yet: "You have not voted yet" says it
        vote = mine[0]
        body = vote.body or self.secrets.get(vote.commitment or "", {}).get("vote")
        if not isinstance(body, dict):
            return False
        reason = part(self, "#reason", Input)
        if reason is None or reason.value.strip() != str(body.get("reason", "")).strip():
            return reason is not None
        if self.method == "consent":
            pressed = self.query_one("#response", RadioSet).pressed_index
            return pressed >= 0 and RESPONSES[pressed] != body.get("response")
        level = self.query_one("#level", Select).value
        return isinstance(level, int) and level != body.get("level")

    def _tidy_rows(self) -> None:
        """A row of steps with none shown takes no lines (once decided they left a gap
        between the decision and its tables)."""
        # The view's own rows (a query walked the whole view, score grid included, twice a
        # record).
        for row in self.query_one(VerticalScroll).children:
            if row.has_class("buttons") and row.id != "how-row":
                row.display = any(child.display for child in row.children)

    def _elsewhere(self, state: SessionState, option: str) -> str:
        """My vote is on ``option`` while the group responds to another: say it counts there
        only (a client left running from meeting 1 voted on meeting 1's option and read
        "your vote is in and counts"; naive n1 finding 2)."""
        group = tallied.leading_option(state, self.method)
        if group is None or group == option:
            return ""
        legend = Legend.of(state)
        return _(
            "The group is responding to {group}; your vote is on {option} and does not count "
            "for {group}."
        ).format(group=legend.option(group), option=legend.option(option))

    def _show_result(self, state: SessionState) -> None:
        """The rule's sentence and the tables. A big tally runs in a thread worker on a
        snapshot of ``state``, one at a time: records that arrive meanwhile are drawn by one
        tally of the latest state once it is done (many votes, one or two tallies), and a key
        pressed meanwhile is answered at once. A big matrix whose last tally is kept
        (``tallied.Memo``) and that changed in a few rows only (a peer scored an option) is
        tallied here at once: cheaper than a frame, and painted with the redraw that brought
        the vote rather than in a frame of its own after the thread."""
        if self._tallying:
            self._tally_again = True
            return
        self._tally_again = False
        option = self.round_option() if self.method in PER_OPTION_METHODS else None
        panel = self.query_one("#result", RenderedOnce)
        if self._memo is None:
            self._memo = tallied.Memo()
        if tallied.work(state, self.method) <= tallied.INLINE_WORK:
            shown = tallied.shown(state, self.method, option, panel.key, memo=self._memo)
            self._count(shown)
            self._apply_result(shown)
            return
        if tallied.work(state, self.method, self._memo) <= tallied.INLINE_WORK:
            started = time.monotonic()
            shown = tallied.shown(state, self.method, option, panel.key, memo=self._memo)
            self._count(shown)
            self._apply_result(shown)
            self._rest(started)  # a stream of votes: the next tally after the calm time
            return
        self._tallying = True
        self.keep_scroll_room(state)
        scroll = self.query_one(VerticalScroll)
        # The panel's width as the next layout gives it (the scroll bar's room is kept now,
        # whether or not the last layout knew it). At the view's first draw the panel is not
        # laid out yet: its width is foreseen, so the thread starts now, while the first
        # frame is made, and its tables come with the first frames rather than in one of
        # their own after them (issue 15: the opening at 5,000 contributions).
        width = (
            max(1, scroll.scrollable_content_region.width - panel.styles.gutter.width)
            if panel.content_size.width
            else foreseen_width(scroll, panel)
        )
        if not width and not self._waited_width:
            # Not foreseen (not on a screen yet). The thread lays the tables out for the
            # width it is given; with none, the frame that shows them did it all on the UI
            # thread (a second rendering of 5,000 rows). One frame's wait.
            self._waited_width = self._tally_again = True
            self.call_after_refresh(self._tally_laid_out)
            return
        self.tally_widths = (*self.tally_widths, width)
        work = partial(
            tallied.shown,
            tallied.snapshot(state),
            self.method,
            option,
            panel.key,
            width,
            self._memo,
            self.app.console,
        )
        # A description of our own: Textual's default is the work's repr (the whole state).
        self.run_worker(
            work,
            name=TALLY_WORKER,
            group=TALLY_WORKER,
            description=TALLY_WORKER,
            thread=True,
            exit_on_error=False,
        )

    def keep_scroll_room(self, state: SessionState) -> None:
        """A tally big enough for the thread has tables longer than the screen: the view
        scrolls once they are in. The scroll bar's room is kept from the first frame (before
        the ballot is filled), so that their arrival does not narrow the view: a second
        layout, and the ballot with its labels drawn again at the new width (two more frames
        of opening at 200×50)."""
        if tallied.work(state, self.method) <= tallied.INLINE_WORK:
            return
        scroll = self.query_one(VerticalScroll)
        if scroll.styles.scrollbar_gutter != "stable":
            scroll.styles.scrollbar_gutter = "stable"
        # And the bar itself from the first frame: appearing with the tables, it laid the
        # screen out twice more (the bar shown, then the bar sized), two frames after the
        # one that brought them (at 5,000 contributions, every opening at 200×50).
        if scroll.styles.overflow_y != "scroll":
            scroll.styles.overflow_y = "scroll"

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A tally in the thread is done: show it, and tally again if records came since."""
        if event.worker.group != TALLY_WORKER or event.state.name not in FINISHED:
            return
        self._tallying = False
        state = self.state
        if state is None or not in_place(self):
            return
        started = time.monotonic()
        if event.state is WorkerState.SUCCESS:
            # Shown even when newer records came meanwhile: under a stream of votes the
            # panel moves on with each tally, never waits for a quiet moment.
            shown = event.worker.result
            self._count(shown)
            self._apply_result(shown)
        elif not self._tally_again:
            # The snapshot met the fold halfway through a change (or the worker was
            # cancelled): tally the state as it is now, here (an error then is a real one).
            option = self.round_option() if self.method in PER_OPTION_METHODS else None
            key = self.query_one("#result", RenderedOnce).key
            shown = tallied.shown(state, self.method, option, key, memo=self._memo)
            self._count(shown)
            self._apply_result(shown)
        self.tallies_shown += 1
        self._rest(started)

    def _rest(self, started: float) -> None:
        """The next tally (of records that came meanwhile or come now) waits until this one is
        on screen and as long again has passed: a stream of votes costs a bounded share of
        the loop, and keys come first."""
        self._tallying = True
        now = time.monotonic()
        self._calm_until = now + max(TALLY_CALM, 2 * (now - started))
        self.call_after_refresh(self._tally_rested, started)
        self.set_timer(self._calm_until - now, self._tally_latest)

    def _tally_rested(self, started: float) -> None:
        """The shown tally is painted: what it cost, layout included, is the next one's wait."""
        now = time.monotonic()
        self._calm_until = max(self._calm_until, now + (now - started))

    def _tally_laid_out(self) -> None:
        """The panel has its width now: the first tally runs in the thread."""
        self._tallying = False
        if self.state is not None and in_place(self) and self._tally_again:
            self._show_result(self.state)

    def _tally_latest(self) -> None:
        """The calm time is over (or has grown: wait on): tally the state as it is now."""
        wait = self._calm_until - time.monotonic()
        if wait > 0:
            self.set_timer(wait, self._tally_latest)
            return
        self._tallying = False
        if self.state is not None and in_place(self) and self._tally_again:
            self._show_result(self.state)

    def _count(self, shown: tallied.Shown) -> None:
        """The work done for the result, counted (tests hold it independent of the records)."""
        self.tallies_run += shown.tallied
        self.tables_built += shown.tables is not None

    def _apply_result(self, shown: tallied.Shown) -> None:
        update(self.query_one("#rule-status", Static), shown.rule)
        if shown.tie is not None and self.state is not None:
            self._tied = shown.tie
            self._show_tie(self.state, shown.tie, shown.tie_figures)
            self._tidy_rows()
            self._show_next(self.state)
        # Never disabled while it shows: pressed when it cannot act (voting open, votes
        # sealed, an objection standing, a tie not chosen from), it says why.
        self.query_one("#take", Button).disabled = shown.take_disabled
        if shown.tables is not None:
            self.query_one("#result", RenderedOnce).show(shown.key, shown.tables)

    def _show_tie(
        self, state: SessionState, tie: tuple[str, ...], figures: tuple[str, ...] = ()
    ) -> None:
        """A tie at the top: the steward chooses one of the tied options, explicitly, once
        voting is closed (a tie while voting is open may still change; its choice showed as
        a stray edge beside "Close voting" at 80×24: naive s8b finding 13). Its Select is
        mounted with the first tie shown (most votes never tie, and composing it with the
        view cost the opening of every decide view), one line high and as wide as its words
        (at 24 columns "Choose from the tie" wrapped). Each option shows what it ties on
        (``figures``: its dots, total, grade), as the tables below do."""
        wanted = (
            bool(tie)
            and self.steward()
            and progress(state, self.method).step == "decide"
            and self.castable()
        )
        legend = Legend.of(state)
        keys = legend.by_option(tie)
        figure = dict(zip(tie, figures, strict=False))
        labels = [
            f"{legend.option(o)}. {clip(state.options[o].text, 24)}"
            + (f" — {figure[o]}" if figure.get(o) else "")
            for o in keys
        ]
        options = [(Text(label), o) for label, o in zip(labels, keys, strict=True)]
        prompt = _("Choose from the tie")
        select = self._tie_select()
        if select is None:
            if not wanted:
                return
            select = ChooserSelect(
                options, allow_blank=True, id="tie-option", prompt=prompt, compact=True
            )
            select.display = True  # the view's CSS hides it until a tie
            self.query_one("#take", Button).parent.mount(select, before="#take")
            self._tie_options, self._tie_labels = keys, labels
        else:
            select.display = wanted
            if (keys, labels) != (self._tie_options, self._tie_labels):
                changed = set_options(select, options)
                self._tie_options = keys if changed else []
                self._tie_labels = labels if changed else []
        # the words, the arrow and a space before it
        select.styles.width = max(map(cell_len, [prompt, *labels])) + 3

    def _tie_select(self) -> Select[Any] | None:
        """The tie's Select, once a tie was shown."""
        return next(self.query("#tie-option").results(Select), None)

    def _tie_choice(self) -> str | None:
        select = self._tie_select()
        value = select.value if select is not None else None
        return value if isinstance(value, str) and value in self._tie_options else None

    def _decided(self, state: SessionState) -> Decision | None:
        return tallied.decided(state, self.method)

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


def _too_late(state: SessionState, kind: str, me: str, decided: Decision | None) -> bool:
    """Was my last vote of this round refused because voting had closed before it reached
    the group (written while cut off, after the close in the records' order)? Said where I
    look for as long as it stands (naive s7 finding 4: the vote just disappeared)."""
    mine = [v for v in state.vote_log.get(kind, []) if v.member == me]
    if not mine or mine[-1].record not in state.after_close:
        return False
    return decided is None or mine[-1].record not in decided.rests_on
