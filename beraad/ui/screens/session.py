"""The session screen: the phase bar, who is here, and the view of each phase.

Attributes down, messages up: the screen reads the folded state from the node and hands it to
the phase views (``PhaseView.show``); a view asks for a record with ``PhaseView.Contribute``,
which the screen signs and shares through ``Node.contribute`` in a worker. Every record that
arrives for this session (ours or a peer's) redraws the views in place, so nothing the person is
typing is lost. The person may look at another phase's view without moving the group.

The screen also keeps what only this device holds: sealed votes' secrets (stored before their
commitment is shared) and the "while you were away" marker (set when the person leaves, read
when they come back).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.geometry import Size
from textual.notifications import Notification
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Static

from beraad.core.kinds import CITING_KINDS, TEXT_ITEMS
from beraad.core.session import PHASES, with_cites
from beraad.core.state import SessionState
from beraad.events import ClocksChanged, PeerHolds, PeerJoined, PeerLeft, RecordArrived
from beraad.i18n import N_, _
from beraad.ui.guest import hide_writing
from beraad.ui.parts import in_place
from beraad.ui.phases.base import PhaseView
from beraad.ui.phases.decide import DecideView
from beraad.ui.phases.opening import OpeningView
from beraad.ui.screens import session_rest
from beraad.ui.screens.base import BeraadScreen, _restore
from beraad.ui.screens.facts import FactsChoice
from beraad.ui.screens.session_actions import SessionActions
from beraad.ui.screens.session_device import DeviceKept
from beraad.ui.screens.session_facilitation import FacilitationNews
from beraad.ui.screens.session_focus import FocusBack
from beraad.ui.screens.session_language import LanguageSwitch
from beraad.ui.screens.session_moves import MOVED, GroupMoves, not_done
from beraad.ui.screens.session_palette import SessionPalette
from beraad.ui.screens.session_rest import RestMounts
from beraad.ui.screens.session_switch import OneFrameSwitch
from beraad.ui.screens.session_views import (
    BarLine,
    Views,
    citing_words,
    give_sizes,
    lay_out_behind,
    lines_of,
    view_class,
    viewing_words,
)
from beraad.ui.settle import Settler
from beraad.ui.widgets import vote_notice
from beraad.ui.widgets.admission_line import AdmissionLine
from beraad.ui.widgets.clock_line import ClockLine
from beraad.ui.widgets.footer import TranslatedFooter
from beraad.ui.widgets.meeting_speaker import apply_speaker
from beraad.ui.widgets.meeting_status import MeetingStatus
from beraad.ui.widgets.member_strip import MemberStrip
from beraad.ui.widgets.phase_bar import PhaseBar, phase_label
from beraad.ui.widgets.steady_header import SteadyHeader
from beraad.ui.widgets.unchanged import update
from beraad.ui.widgets.vote_grid import VoteGrid

__all__ = ["SessionScreen", "not_done", "view_class"]

#: Keys besides text that are held for a view still mounting (``SessionScreen.on_key``).
HELD_KEYS = frozenset({"enter", "backspace"})
#: At most one redraw per this many seconds: a backfill brings hundreds of records in a burst,
#: while a single record (a peer's vote) is drawn at once.
REDRAW_DELAY = 0.05
#: While keys come (one within ``session_rest.KEY_REST_AFTER``), records are drawn at most this
#: often: a member's flood cost a redraw between most two keys, and the keys waited (attacker s8).
KEYS_REDRAW_EVERY = 0.25
#: A key within this long after the last one is the person still typing: a record that came
#: meanwhile waits for that key (``_redraw_when_calm``); after a longer pause it is drawn at once.
KEY_GAP = 0.15
#: What did not happen, as the title over the node's reason: a move of the group has no
#: view whose notice line could say it.


#: Records that add an item to a view's list: the view brings one's own into sight.
ADDED = frozenset((*TEXT_ITEMS, "action.add"))
#: What a phase's box writes: sent from a view the group has left, it is said there.
BOX_KINDS = ADDED | {"group.add"}


class SessionScreen(
    LanguageSwitch,
    FocusBack,
    OneFrameSwitch,
    RestMounts,
    GroupMoves,
    DeviceKept,
    SessionActions,
    SessionPalette,
    FacilitationNews,
    BeraadScreen,
):
    """The deliberation: bars on top, the phase views below; its parts live beside it
    (``session_moves``, ``session_device``, ``session_actions``, ``session_palette``,
    ``session_switch``, ``session_rest``)."""

    HELP_TEXT = N_(
        "This is the deliberation. The bar at the top shows its phases: ✓ done, ▸ where the group "
        "is now. Below it: who is here and who is away.\n\n"
        "- Whenever you arrive in a phase the cursor is in its text box: just type, Enter adds "
        "it. Letters are always text there. **Tab** goes round the phase's parts (**Shift+Tab** "
        "back): in the opening, Knots, Positions and Options to the list, where a letter key on "
        "the chosen row says what it would do and **Enter** does it (`s` then Enter; Escape "
        "not; a word typed there goes into the box, nothing is done), and Tab again back to "
        "the box; in Criteria "
        "to your weights, then *Save my weights*; in Decide to *Seal my vote*, then *Cast my "
        "vote*; in Act to the due day, then the list; in Evaluate to the other column. "
        "**Escape** stops what a box was asked for (an edit, a reason) and leaves you in the "
        "box; in a list it lets go of the chosen row, so what you type next goes into the box.\n"
        "- **F3 / F4** look at the previous or next phase without moving the group; **F5** "
        "comes back to where the group is.\n"
        "- **F6** moves the group: the facilitator moves it on or back (and hands the role "
        "over: Ctrl+P, *Hand over facilitation*; if the facilitator is gone, a member takes "
        "it over and another seconds it: *Take over facilitation*); under the consent rule "
        "anyone proposes a move and everyone answers *ready* or *object* (with a reason).\n"
        "- **Knots**, in the list: `a` adds a knot; `m` marks that it matters to you, `l` on "
        "one knot and `l` (relates to) or `p` (part of) on another links them, `c` picks knots "
        "and `g` clusters them; `s` adopts a knot the scenario suggests.\n"
        "- **Positions**: type your position on the knot chosen in the list (↑ ↓ in the box "
        "choose it); in the list `+` "
        "and `-` add an argument for or against a position, `n` an experience, `k` knowledge.\n"
        "- **Criteria**: type a criterion and Enter; in the table type your weight (0–100) "
        "for each, Enter goes to the next, **Ctrl+S** (or Enter on the last) saves them.\n"
        "- **Options**: type an option and Enter; in the list `b` builds on the chosen one.\n"
        "- **Decide**: fill in your vote in the table (the cursor starts in it); under consent "
        "the cursor starts in the reason box and ↑ ↓ there choose agree, stand aside or "
        "object. Cast it with **Ctrl+S**; *Seal my "
        "vote* keeps it hidden until voting closes, then you reveal it. The facilitator closes "
        "voting with **Ctrl+O** and takes the decision with **Ctrl+G**.\n"
        "- **Act**: type an action for the decision chosen in the list, Enter adds it; in the "
        "list `p` volunteers to pull an action (nobody is assigned), `l` steps back, and a "
        "puller says `s` started, `d` done or `k` stuck (with a note).\n"
        "- **Who is at the table**, in the opening: type a group the question concerns and "
        "Enter; in its list `1` marks it present, `2` reached, `3` missing, and `w` asks who "
        "reaches out to it (an action, typed in the box).\n"
        "- In a list, `e` edits and `r` takes back your own words; nobody can change someone "
        "else's.\n"
        "- **F7** opens the meeting tools: raise your hand, give the word, the timer, a round, "
        "and speaking for someone without a device.\n"
        "- **F8** shows a new join code, for someone who arrives later; F8 again on that screen "
        "switches to a guest code (a guest only adds evaluation notes).\n"
        "- **F9** shows the world café: your table, its question, who sits with you, and "
        "where you go next; the facilitator sets a café up there.\n"
        "- **F12** confirms someone another member admitted: until then they count in no vote "
        "(the line under *who is here* says who waits). Under the facilitator rule only the "
        "facilitator confirms; otherwise any member but who admitted them. F12 says who may when "
        "it is not you.\n"
        "- **Ctrl+F** opens the shared facts: the sources the group's analysis rests on. Add one, "
        "question one, or press Enter on one to cite it in what you add next.\n"
        "- **Ctrl+T** shows what changed since last time: the last meeting's decisions, every "
        "action and where it stands, who sent nothing in it.\n"
        "- **Ctrl+L** goes back to the lobby; **Ctrl+P** lists every command, also exporting "
        "the minutes or a bundle; once the group has decided, also *How did we decide?*"
    )
    AUTO_FOCUS = ""
    """The screen gives the focus itself (``_focus_view``): Textual's auto focus put it on
    the first scroll area first, restyling the whole view twice on the way in."""
    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    """Textual's, without repainting the whole screen on every focus change (each view
    switch painted every cell a second time, after its own frame): the widgets that gain or
    lose the focus restyle and repaint themselves."""
    BINDINGS = [
        # F3–F5 are explained by F1 and by the line that appears when looking elsewhere; the
        # footer keeps to what fits at 80 columns in both languages.
        # Priority: a look acts before the keys typed after it are handed to a widget (F4 F4
        # "Cheap" in one burst put the word in the box left behind).
        Binding("f3", "view_step(-1)", N_("◀ Phase"), show=False, priority=True),
        Binding("f4", "view_step(1)", N_("Phase ▶"), show=False, priority=True),
        Binding("f5", "view_current", N_("Now"), show=False, priority=True),
        Binding("f6", "phase_moves", N_("Move on")),
        # Function keys: a letter here would collide with typing (docs/focus.md).
        Binding("f7", "meeting", N_("Meeting")),
        Binding("f8", "invite", N_("Invite"), show=False),
        Binding("f9", "cafe", N_("Café"), show=False),
        Binding("ctrl+t", "since_last_time", N_("Since last time"), show=False),
        Binding("f12", "confirm_member", N_("Confirm"), show=False),
        Binding("ctrl+f", "facts", N_("Facts")),
        # Shown where leaving is what comes next (``lobby_matters``), else only in F1 and
        # the palette: the footer keeps its room for the keys of the meeting.
        Binding("ctrl+l", "lobby('shown')", N_("Lobby")),
        Binding("ctrl+l", "lobby", N_("Lobby"), show=False),
        # The rules are on the opening view and one key away; the footer has no room for them.
        Binding("f2", "app.rules", N_("Rules"), show=False),
    ]

    def __init__(self, node: Any, session: str) -> None:
        super().__init__()
        self.node = node
        self.session = session
        self._settler = Settler()
        self.me: str = node.identity.public_key
        self.state: SessionState = node.state(session)
        self.group_phase: str | None = self.state.phase
        self.viewing: str = self.state.phase or "opening"
        self._stale: set[str] = set()
        """Views mounted but not drawn since the state changed: they draw when looked at."""
        self._views: dict[str, PhaseView] = {}
        """Per phase, its view: only the one looked at is composed with the screen."""
        self._shown: dict[str, int] = {}
        """Per phase view: the state version it last drew (it is not drawn again for the same)."""
        self._drawn_behind: dict[str, object] = {}
        """Per view behind: what its lines were drawn ahead for (``draw_behind``)."""
        self._placed: dict[str, Any] = {}
        """What the views held before a language switch (``_form_values``): a view mounted
        after it gets its place back as it arrives."""
        self._redraw_pending = False
        self._painted_at = time.monotonic()
        """When the screen last painted (``_compositor_refresh``): views mount when it is still."""
        self._resumed_at = 0.0
        self._looked_at = 0.0
        """When the person last looked at another phase (F3, F4, F5): views mount soon after."""
        """When a screen on top of this one (help, palette, "since last time") last closed."""
        self.rest_mounts: list[list[str]] = []
        self._held: list[tuple[str, str | None]] = []
        """Keys typed while the view looked at was still mounting: they go to its box."""
        self._awaited: str | None = None
        """The view looked at that is still being mounted (keys are held until it has them)."""
        """The views mounted after the screen's first frame, per mount (tests count them)."""
        self._calm_until = 0.0
        self._redrawn_at = 0.0  # when the last redraw began (``KEYS_REDRAW_EVERY``)
        self._key_awaited_since: float | None = None
        """Since when a redraw waits for the next key to be answered (keys come)."""
        self._key_answered = False
        """A key was answered and painted since the redraw waiting began: draw now."""
        self._own_waiting = False
        """One's own record waits to be drawn: it is drawn at once, keys or not."""
        """No redraw for arriving records before this (``time.monotonic``): the last one's cost
        again, so a flood of records gets a bounded share of the loop and keys come first."""
        self.redraws = 0
        """Redraws for arriving records so far (tests count work with it)."""
        self._touched: set[str] | None = set()
        """Kinds of the records that arrived since the last redraw (None or empty: unknown)."""
        self._moving: str | None = None
        """The consent proposal whose move we are writing (so we write it once)."""
        self._prompted: set[str] = set()
        """Consent proposals this person was told about (each once)."""
        self._phase_toast: Notification | None = None
        self._proposal_toast: tuple[str, Notification] | None = None
        """The toast asking to answer a proposal, and that proposal's id (it goes with it)."""
        self._unkept: set[str] = set()
        """Sealed votes whose secret could not be stored: their commitment must not go out."""
        self._revealing: set[str] = set()
        """The sealed votes whose reveal this screen already wrote by itself (once each)."""
        self.today = date.today
        """Today's date, for default export file names (a test may fix it)."""
        self.speaker: str | None = None
        """Scribe mode: the person without a device this person now writes for (None: self)."""
        self._ended_drawn = self.state.between_meetings
        """Whether the last drawn state was between meetings (an end arriving is noted)."""
        self.meeting = self.state.meeting
        """The meeting of the trajectory this screen last drew: a new one opens with "since
        last time" (``screens/since_last_time.py``)."""
        self.facts = FactsChoice()
        """The shared facts the next knot/position/argument/option cites, and the Facts
        screen's unfinished form (Ctrl+F)."""

    @property
    def phases(self) -> tuple[str, ...]:
        return self.state.info.phases if self.state.info is not None else PHASES

    # Composition ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        if not self._settler.held:
            self._settler.hold()  # what the session holds already, out of the collector's way
            self.hold_checks()  # and the check of what was read back waits (``session_rest``)
        info = self.state.info
        self.sub_title = info.title if info is not None else self.session[:12]
        yield SteadyHeader()
        yield PhaseBar(id="phase-bar")
        yield MeetingStatus(id="meeting-status")
        yield MemberStrip(id="members")
        yield AdmissionLine(id="admission")
        yield ClockLine(id="clocks")
        yield BarLine(id="viewing", classes="hint")
        yield BarLine(id="citing", classes="hint", markup=False)
        # Only the view looked at is composed now: the others come once the screen has been
        # drawn (``_mount_rest``), or at once when looked at first (``view``).
        self._views = {}
        with Views(initial=f"view-{self.viewing}", id="views"):
            yield self._new_view(self.viewing)
        yield TranslatedFooter(compact=True)  # every key fits at 80 columns, in nl too

    def on_mount(self) -> None:
        self._give_secrets()
        self.redraw()
        self._focus_view()
        self.refresh_bindings()  # the footer's keys for that focus, in the first frame
        self._mark_opened()
        self._arrive()  # "while you were away" and "since last time", as one popup
        self._looked_at = time.monotonic()  # a look too: the Enter that opened it is no typing
        self.call_after_refresh(self._mount_next)

    # Views ----------------------------------------------------------------------------------

    def _new_view(self, phase: str) -> PhaseView:
        view = view_class(phase)(self.session, id=f"view-{phase}")
        view.foresee(self.state)
        self._views[phase] = view
        return view

    def view(self, phase: str) -> PhaseView:
        """``phase``'s view; one not mounted yet is mounted now and draws once it is."""
        return self._views.get(phase) or self._mount_view(phase)

    def views(self) -> list[PhaseView]:
        """The views mounted so far: one that comes later draws when it is looked at."""
        return [view for view in self._views.values() if view.is_mounted]

    def _mount_view(self, phase: str) -> PhaseView:
        """Mount ``phase``'s view, hidden and stale (it draws when looked at)."""
        return self._mount_views([phase])[0]

    def _mount_views(
        self, phases: list[str], then: Callable[[], None] | None = None
    ) -> list[PhaseView]:
        """Mount these views at once (one layout of the screen for all), hidden and stale;
        ``then`` is called once they are mounted and the screen has painted them."""
        views = [self._new_view(phase) for phase in phases]
        for view in views:
            view.display = False
            view.ready_behind = asyncio.Event()
            self._stale.add(view.phase)
        mounted = self.query_one(ContentSwitcher).mount_all(views)

        async def arrived() -> None:
            await mounted
            for view in views:
                self._view_arrived(view)
            if then is not None:
                self.call_after_refresh(then)

        self.run_worker(arrived(), group="views")
        return views

    def _view_arrived(self, view: PhaseView) -> None:
        """A view mounted after the screen: give it what the others got on arrival, and show
        it if the person is waiting for it; else draw it and lay it out behind, and say when
        that is done (``ready_behind``: a look waits for it)."""
        ready = view.ready_behind.set if view.ready_behind is not None else None
        if not in_place(view) or self._views.get(view.phase) is not view:
            if ready is not None:
                ready()
            return  # the screen was recomposed (a language switch) or closed (closing) meanwhile
        if isinstance(view, DecideView):
            self._give_secrets()
        if isinstance(view, OpeningView):
            view.present(self._connected())
        if isinstance(view, DecideView):
            self._tell_decide(view, self._connected())
        if view.phase == self.viewing:
            self._bring(view.phase)
            _restore(view, self._placed)  # its place before a language switch
            self._focus_view()
        elif view.phase in self._stale and view.phase not in self._shown:
            # Drawn and laid out now, hidden, while the screen is still: the first look then
            # costs what any later look does (it built ~4,900 rows at 5,000, then laid out).
            try:
                room = self.room_for(view.phase)
            except NoMatches:
                # The bars' lines are being composed anew (a language switch under way as a
                # peer's record came): the view is drawn at its first look. Raised in this
                # worker, it ended the app (suite16, under load).
                if ready is not None:
                    ready()
                return
            give_sizes(view, room)  # drawn at its own sizes: a table measures its rows once
            self._show(view)
            _restore(view, self._placed)  # its place before a language switch
            self._stale.discard(view.phase)
            lay_out_behind(view, room, then=ready)
            return
        if ready is not None:
            ready()

    def scroll_to_center(self, widget: Widget, animate: bool = True, **kwargs: Any) -> None:
        """Where the keys go is shown at once, not scrolled to in an animation: on arrival
        (and after F3/F4) the animation painted five more frames after the screen was drawn,
        and a key typed meanwhile landed in a view still moving under it."""
        super().scroll_to_center(widget, animate=False, **kwargs)

    def _focus_view(self) -> None:
        """The view's text box gets the keys (docs/focus.md): on arrival, after every look
        at another phase and after every phase change, whoever made it."""
        view = self._views.get(self.viewing)
        if view is not None and view.is_mounted:
            view.focus_default()
            if self.focused is None and self.focus_chain:  # what Textual's auto focus did
                self.set_focus(self.focus_chain[0])
            self._awaited = None
            self._give_held()

    def on_key(self, event: events.Key) -> None:
        """A key typed while the view looked at is still being mounted (F4 F4, then at once
        "Cheap" and Enter: the word was lost) is held for that view's box; the screen's own
        keys (F3–F5, Ctrl+…) still act."""
        if self.hold_key(event):
            event.stop()
            event.prevent_default()

    def hold_key(self, key: events.Key) -> bool:
        """Hold ``key`` (text, Enter, Backspace) for the view looked at while it is still
        being mounted and nothing has the keys; True when held. The app asks as it hands the
        key out (``KeyRouting._hand_out``): queued to this screen instead, a key the view
        arrived before was read after it had taken the keys held so far, and was lost."""
        if self.focused is not None or self._awaited != self.viewing:
            return False
        if not (key.is_printable or key.key in HELD_KEYS):
            return False
        self._held.append((key.key, key.character))
        return True

    def _give_held(self) -> None:
        """The held keys go, in their order, to what now has the keys (before any later key:
        those are still in the app's queue)."""
        held, self._held = self._held, []
        target = self.focused
        view = self._views.get(self.viewing)
        first = held[0][1] if held else None
        if first and first.isprintable() and view is not None and view.letters_elsewhere():
            # A view looked at with no box to write in: the words go, all of them, to the
            # group's box (forwarded one by one to the list, only the first went there and
            # the rest were lost: naive s7 finding 11).
            target = view.write_where_the_group_is() or target
        elif first and first.isprintable() and view is not None and view.keeps_letters():
            # Nor where the group is (a ballot): all of them in this view's own box, kept
            # there unsent (naive s15 F3), not the first alone and the rest lost in the list.
            target = view.keep_here() or target
        target = self._held_target(view, target)
        if target is not None:
            for key, character in held:
                target._forward_event(events.Key(key, character))
        self._say_held(view)

    def _bring(self, phase: str) -> None:
        """Put ``phase``'s view on the screen, drawn; one still mounting comes when ready
        (meanwhile nothing shows, so no key goes to a view one no longer sees)."""
        view = self.view(phase)
        switcher = self.query_one(ContentSwitcher)
        if not view.is_mounted:
            switcher.current = None
            self._awaited = phase
            self.set_focus(None)  # the keys come to the screen, which holds them (``on_key``)
            return
        switcher.current = f"view-{phase}"
        if phase in self._stale:
            self._stale.discard(phase)
            self._show(view)

    def look_at(self, phase: str) -> None:
        """Show ``phase``'s view to this person only; the group stays where it is."""
        if phase not in self.phases:
            return
        # A refusal belongs to the view it was made in; where keys went ("what you type goes
        # into Opening") holds until the person looks again, F5 too (naive s8b finding 17).
        self._clear_notices(fleeting_only=phase == self.viewing)
        self.viewing = phase
        self._bring(phase)
        self._draw_bars()
        self._focus_view()
        self.refresh_bindings()  # the footer's keys (Textual asks only after the next frame)

    def _clear_notices(self, fleeting_only: bool = False) -> None:
        if not self.query_children(ContentSwitcher):
            return
        views = self.query_children(ContentSwitcher).first()
        for notice in list(vote_notice.MOUNTED):
            if fleeting_only and not notice.fleeting:
                continue
            if notice.is_attached and notice.screen is self and views in notice.ancestors:
                notice.clear()

    def action_lobby(self, _shown: str = "") -> None:
        """Ctrl+L: back to the lobby; asked first when something typed is not sent yet."""
        self.ask_before_leaving(self._to_the_lobby)

    def _to_the_lobby(self) -> None:
        self.leave()
        self.dismiss(None)

    def _uncast_scores(self) -> bool:
        """Did this person type scores in the ballot that were not cast?"""
        view = self._views.get("decide")
        if view is None or not view.is_mounted:
            return False
        grids = view.query("#ballot").results(VoteGrid)
        return any(grid.dirty and grid.given() for grid in grids)

    # What only this device keeps (``session_device.py``) -----------------------------------

    @on(DecideView.VoteSealed)
    def _keep_secret(self, message: DecideView.VoteSealed) -> None:
        """Store the secret durably *before* the commitment (the next message) is shared."""
        message.stop()
        self._store_secret(message)

    # The state ------------------------------------------------------------------------------

    def node_changed(self, event: object) -> None:
        """Something happened in the node: redraw soon if it concerns this session. What names
        no session (a change nearby: an outsider's adverts, a change each) is not news here:
        taken as this session's, each drew every view again (attack s12 #4)."""
        if getattr(event, "session", None) != self.session:
            return
        record = getattr(event, "record", None)
        if isinstance(event, RecordArrived) and record is not None and self._refused(record.id):
            return  # the fold refused it: nothing on screen changes, nothing to draw
        if isinstance(event, RecordArrived) and record is not None:
            if self._touched is not None:
                self._touched.add(record.kind)
            if record.author == self.me:
                self._own_drawn = True  # remembered as seen at once once drawn (``_saw``)
                # What one's own key wrote is drawn before the next key acts: a group added
                # with Enter and Tab at once found "No groups yet" (keys first waits for peers).
                self._own_waiting = True
        elif not isinstance(event, PeerJoined | PeerLeft | PeerHolds | ClocksChanged):
            self._touched = None  # something else moved: every view draws again
        if not self._redraw_pending:
            self._redraw_pending = True
            self._redraw_when_calm()
        elif self._own_waiting:
            self._redraw_when_calm()

    def _refused(self, record_id: str) -> bool:
        try:
            return bool(self.node.refused(self.session, record_id))
        except Exception:  # a node that cannot say: draw, as before
            return False

    def _redraw_when_calm(self) -> None:
        """Redraw once the last redraw's calm time is over (it may grow while we wait), and
        while keys come, ``KEYS_REDRAW_EVERY`` after the last redraw and right after the next
        key has been answered and painted (``key_answered``): the redraw takes the gap after
        a key instead of landing where the next key waits for it (at 5,000 contributions a
        vote's redraw and its frame cost about two keys' time). No key within ``KEY_GAP`` of
        the last one, or ``KEYS_REDRAW_EVERY`` after the record: drawn then anyway."""
        if not self._redraw_pending:
            return  # drawn meanwhile (a key, a view switch)
        now = time.monotonic()
        wait = self._calm_until - now
        if self._own_waiting:
            wait = 0.0
        elif now - getattr(self.app, "last_key_at", 0.0) < session_rest.KEY_REST_AFTER:
            wait = max(wait, self._redrawn_at + KEYS_REDRAW_EVERY - now)
            if wait <= 0 and not self._key_answered:
                if self._key_awaited_since is None:
                    self._key_awaited_since = now
                last_key = getattr(self.app, "last_key_at", 0.0)
                wait = min(self._key_awaited_since + KEYS_REDRAW_EVERY, last_key + KEY_GAP) - now
        if wait > 0:
            self.set_timer(wait, self._redraw_when_calm)
        else:
            self.call_later(self._redraw_if_pending)

    def key_answered(self) -> None:
        """A key has acted (``BeraadApp`` calls this behind it): a redraw waiting for it goes
        once the key's frame is painted."""
        if self._redraw_pending and self._key_awaited_since is not None:
            self._key_answered = True
            self.call_after_refresh(self._redraw_when_calm)

    def _redraw_if_pending(self) -> None:
        if self._redraw_pending:  # one redraw however many timers found it due
            self.redraw()

    def _rested(self, started: float) -> None:
        """The screen is painted after a redraw: what it cost, layout and paint included,
        is how long the next one waits."""
        now = time.monotonic()
        self._calm_until = max(self._calm_until, now + (now - started))

    def redraw(self) -> None:
        self._redraw_pending = self._own_waiting = False
        self._key_awaited_since, self._key_answered = None, False
        if self._relabelling:
            return  # mid-recompose the bars have no parts yet; relabel redraws at its end
        if not in_place(self) or not any(isinstance(c, PhaseBar) for c in self.children):
            # The app is closing: a redraw that was on its way has nothing to draw. (Its own
            # children only: a query walked every widget of every view on every record.)
            return
        started = self._redrawn_at = time.monotonic()
        self.redraws += 1
        try:
            self._redraw()
        finally:
            # Until the screen is painted, twice the drawing (its layout costs about as much).
            now = time.monotonic()
            self._calm_until = now + max(REDRAW_DELAY, 2 * (now - started))
            self.call_after_refresh(self._rested, started)

    def _redraw(self) -> None:
        self.state = self.node.state(self.session)
        version = self.node.state_version(self.session)
        self._votes_done()
        moved = self.state.phase != self.group_phase
        unsent = left = None  # a view keeping unsent words; one left behind holding some
        numbers = False  # what the view keeps is numbers in a table, not words in a box
        if moved:
            following = self.viewing == self.group_phase
            typed = self._typed_box() if following else None
            kept = typed is not None
            numbers = isinstance(typed, VoteGrid)
            self.group_phase = self.state.phase
            if self.state.phase is not None:
                # Half-typed: the words stay, whole, in the box and view they were typed in,
                # as the kind they were typed for; the toast says whether Enter sends them.
                sendable = (
                    kept and not numbers and self._views[self.viewing].takes_typing(self.state)
                )
                said = "numbers" if numbers else "kept" if sendable else "unsent" if kept else ""
                words = _(MOVED[said])
                self._say_phase(words.format(phase=phase_label(self.state.phase)))
                if kept and not sendable:
                    unsent = self._views[self.viewing]
                if following and not kept:
                    left = self._views.get(self.viewing)
                    self.viewing = self.state.phase
                    self._bring(self.viewing)
            self._clear_notices()  # a refusal belongs to where the group was
            self._note_move()
        if self.state.between_meetings != self._ended_drawn:
            self._ended_drawn = self.state.between_meetings
            if not moved:  # where keys went, said in the meeting that ended (naive s8b 17)
                self._clear_notices(fleeting_only=True)
            self._note_end()
        self._draw_bars()
        self.tell_facilitation()
        if self.state.meeting != self.meeting:
            self.meeting = self.state.meeting
            self.offer_since_last_time()
        connected = self._connected()
        for opening in self.views():  # who is connected: the state alone cannot say
            if isinstance(opening, OpeningView) and opening.connected != connected:
                opening.present(connected)  # only when it changed: it draws the whole view
            elif isinstance(opening, DecideView):
                self._tell_decide(opening, connected)  # it draws its line when that changed
        touched, self._touched = self._touched, set()
        for view in self.views():
            if self._shown.get(view.phase) == version:
                continue  # a peer came or went: the state, and so this view, is the same
            if view.phase in self._shown and touched and touched <= view.unaffected_by:
                # Only records this view does not show (votes, while it lists knots):
                # nothing to draw, nothing to mark stale.
                view.follow(self.state)
                self._shown[view.phase] = version
                continue
            if view.phase == self.viewing:
                self._show(view)
            else:
                self._stale.add(view.phase)
        if moved and self.viewing == self.group_phase:
            self._focus_view()
        self._say_where_words_are(unsent, left, numbers)
        self._write_agreed_move()
        self._prompt_proposal()
        self._write_reveals()
        self.tell_own_whole()
        self._saw()
        if self._settler.settled:  # grown a lot since: freeze what it holds now too
            self._settler.settle(len(self.node.records(self.session)))

    def _votes_done(self) -> None:
        """A new meeting opened: the decide view lets go of the last meeting's vote form
        before anything asks what is held, so a vote cast then never keeps the person on
        Decide nor counts as not sent (naive s9 finding 2)."""
        if self.state.meeting == self.meeting:
            return
        decide = self._views.get("decide")
        if isinstance(decide, DecideView) and decide.is_mounted:
            decide.new_meeting()

    def _show(self, view: PhaseView) -> None:
        view.show(self.state, self.me)
        hide_writing(view, view.phase, self.state, self.me)
        self._shown[view.phase] = self.node.state_version(self.session)

    def _connected(self) -> set[str]:
        return {p.peer for p in self.node.peers(self.session) if p.connected}

    def _draw_bars(self) -> None:
        self.query_one(PhaseBar).show(self.state, self.viewing)
        self.query_one(MeetingStatus).show(self.state, self.me, self.speaker)
        self.query_one(MemberStrip).show(self.state, self.me, self._connected())
        self.query_one(AdmissionLine).show(self.state, self.me)
        self.query_one(ClockLine).show(self.state, *self._clocks())
        notice = self.query_one("#viewing", Static)
        words = viewing_words(self.state, self.me, self.viewing, self.group_phase)
        if words is not None:
            update(notice, words)
        notice.display = words is not None
        facts = self.state.facts  # cited once, gone since: not cited any more
        self.facts.citing = [f for f in self.facts.citing if f in facts and facts[f].live]
        self._draw_citing()

    def _draw_citing(self) -> None:
        """Which facts what this person adds next cites (``session_views.citing_words``)."""
        line = self.query_one("#citing", Static)
        words = citing_words(self.state, self.me, self.viewing, self.facts.citing)
        if words is not None:
            line.update(words)
        line.display = words is not None

    def room_for(self, phase: str) -> Size:
        """The room ``phase``'s view will have when looked at: the switcher's, less the lines
        above it that say what one looks at and what one cites (they differ per phase)."""
        room = self.query_one(Views).content_size
        lines = [self.query_one(f"#{line}", Static) for line in ("viewing", "citing")]
        now = sum(line.outer_size.height for line in lines if line.display)
        width = self.size.width - 2  # both lines are one cell in from either edge
        then = sum(
            lines_of(words, width, self.app.console)
            for words in (
                viewing_words(self.state, self.me, phase, self.group_phase),
                citing_words(self.state, self.me, phase, self.facts.citing),
            )
        )
        return Size(room.width, max(0, room.height + now - then))

    # Contributions --------------------------------------------------------------------------

    @on(PhaseView.Contribute)
    def _asked(self, message: PhaseView.Contribute) -> None:
        message.stop()
        if message.kind == "vote.commit" and message.body.get("commitment") in self._unkept:
            error = _("Your sealed vote was not sent: its secret could not be kept.")
            self._answer(message.view, message.kind, message.body, error)
            return
        body = apply_speaker(message.kind, message.body, self.speaker)
        if message.kind in CITING_KINDS:
            body = with_cites(body, self.facts.citing)
        self._contribute(message.kind, body, message.view)

    @work(group="contribute")
    async def _contribute(
        self, kind: str, body: dict[str, Any], view: PhaseView | None = None
    ) -> None:
        """Sign and share one record; the node's refusal is already in the person's words.
        It goes to the view that asked (its notice line), never to the others."""
        error: str | None = None
        record = None
        try:
            record = await self.node.contribute(self.session, kind, body)
        except Exception as problem:  # NodeError, a full disk: say it, keep what was typed
            error = str(problem)
        if not in_place(self):  # the screen was left meanwhile (Ctrl+L): nothing to answer
            return
        self._answer(view, kind, body, error)
        if record is not None and kind in ADDED and view is not None and in_place(view):
            view.added(record.id)  # its row brought into sight (naive s9 finding 11)
        if record is not None and kind in BOX_KINDS and view is not None and in_place(view):
            self._added_behind(view)

    def _added_behind(self, view: PhaseView) -> None:
        """Words kept in a view the group has left went, as the kind they were typed for:
        said there, with where the group is (naive s11b: "Too few trees", typed in the
        opening's box as the group moved on, became a group at the table, and nothing said
        it had landed in the opening while the group was in Knots)."""
        group = self.group_phase
        if group is None or view.phase == group or self.viewing != view.phase:
            return
        view.say(
            _("Added here, in {viewing}: the group is in {group} now. F5 goes there.").format(
                viewing=phase_label(view.phase), group=phase_label(group)
            ),
            fleeting=True,
        )

    def _answer(
        self, view: PhaseView | None, kind: str, body: dict[str, Any], error: str | None
    ) -> None:
        if error is None and body.get("cites"):  # cited once: the next one starts afresh
            self.facts.citing = []
            self._draw_citing()
        # A view composed anew meanwhile (a language switch) is gone: the toast says it.
        answer = getattr(view, "contributed", None) if view is not None and in_place(view) else None
        if callable(answer):
            answer(kind, body, error)
        elif error is not None:  # a move of the group: no view asked, a toast says it
            self.notify(error, title=not_done(kind), severity="error", timeout=10, markup=False)
