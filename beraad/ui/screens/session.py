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

import importlib
import time
from datetime import date
from pathlib import Path
from typing import Any, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.notifications import Notification, Notify
from textual.widgets import ContentSwitcher, Header, Static

from beraad import away
from beraad.core.admission import confirms_now
from beraad.core.facts import fact_label
from beraad.core.kinds import CITING_KINDS, KINDS
from beraad.core.session import (
    PHASES,
    meeting_end_body,
    meeting_start_body,
    with_cites,
)
from beraad.core.state import SessionState
from beraad.core.trajectory import since_last_time
from beraad.events import PeerJoined, PeerLeft, RecordArrived
from beraad.i18n import N_, _, current_language, ngettext
from beraad.ui.bridge import invitation_view, listening_addresses, member_names
from beraad.ui.confirm_admissions import ask_to_confirm
from beraad.ui.guest import hide_writing, is_guest, offered
from beraad.ui.phases.base import PhaseView
from beraad.ui.phases.decide import DecideView, reveals_due, stored_secrets, with_secret
from beraad.ui.phases.opening import OpeningView
from beraad.ui.screens.base import BeraadScreen, _form_values, _restore
from beraad.ui.screens.cafe import CafeScreen
from beraad.ui.screens.export_path import EXPORTS, ExportPathScreen, default_path
from beraad.ui.screens.facts import FactsChoice, FactsScreen
from beraad.ui.screens.how_decided import HowDecidedScreen
from beraad.ui.screens.invitation import InvitationScreen
from beraad.ui.screens.meeting import MeetingScreen
from beraad.ui.screens.since_last_time import (
    EndMeetingScreen,
    SinceLastTimeScreen,
    between_line,
    opens_with_summary,
    trajectory_commands,
)
from beraad.ui.screens.while_away import WhileAwayScreen
from beraad.ui.widgets.admission_line import AdmissionLine
from beraad.ui.widgets.footer import TranslatedFooter
from beraad.ui.widgets.meeting_speaker import apply_speaker
from beraad.ui.widgets.meeting_status import MeetingStatus
from beraad.ui.widgets.member_strip import MemberStrip
from beraad.ui.widgets.phase_bar import PhaseBar, has_consent, open_proposal, phase_label
from beraad.ui.widgets.phase_dialog import PhaseChoice, PhaseDialog, phase_choices
from beraad.ui.widgets.vote_notice import Notice

#: The phases where something that cites shared facts can be added (knots, positions, options).
CITING_PHASES = frozenset(phase for kind in CITING_KINDS for phase in KINDS[kind].phases)
#: Where each phase's view lives; a missing module (not built yet) gets a plain notice instead.
VIEW_MODULES: dict[str, str] = {phase: f"beraad.ui.phases.{phase}" for phase in PHASES}
#: At most one redraw per this many seconds: a backfill brings hundreds of records in a burst,
#: while a single record (a peer's vote) is drawn at once.
REDRAW_DELAY = 0.05
#: What did not happen, as the title over the node's reason: a move of the group has no
#: view whose notice line could say it.
NOT_DONE: dict[str, str] = {
    "phase.move": N_("The group was not moved"),
    "phase.propose": N_("Your proposal was not sent"),
    "phase.respond": N_("Your answer was not sent"),
}


def not_done(kind: str) -> str:
    """The title of a refusal toast, saying what did not happen."""
    return _(NOT_DONE.get(kind, N_("Not sent")))


class UnavailableView(PhaseView):
    """Stands in for a phase whose view this build does not have."""

    def compose(self) -> ComposeResult:
        yield Static(
            _("This version of beraad cannot show the {phase} phase yet.").format(
                phase=phase_label(self.phase)
            ),
            classes="hint",
        )

    def show(self, state: SessionState, me: str) -> None:
        pass


def view_class(phase: str) -> type[PhaseView]:
    """The ``PhaseView`` subclass for ``phase``, found in its module by its ``phase`` name."""
    try:
        module = importlib.import_module(VIEW_MODULES[phase])
    except ImportError:
        module = None
    for value in vars(module).values() if module is not None else ():
        if isinstance(value, type) and issubclass(value, PhaseView) and value.phase == phase:
            return value
    return cast(type[PhaseView], type(f"Unavailable_{phase}", (UnavailableView,), {"phase": phase}))


class SessionScreen(BeraadScreen):
    HELP_TEXT = N_(
        "This is the deliberation. The bar at the top shows its phases: ✓ done, ▸ where the group "
        "is now. Below it: who is here and who is away.\n\n"
        "- Whenever you arrive in a phase the cursor is in its text box: just type, Enter adds "
        "it. Letters are always text there. **Tab** goes to the list, where letter keys act on "
        "the row under the cursor (the footer shows them); **Escape** or **Tab** comes back.\n"
        "- **F3 / F4** look at the previous or next phase without moving the group; **F5** "
        "comes back to where the group is.\n"
        "- **F6** moves the group: the facilitator moves it on or back; under the consent rule "
        "anyone proposes a move and everyone answers *ready* or *object* (with a reason).\n"
        "- **Knots**, in the list: `a` adds a knot; `m` marks that it matters to you, `l` on "
        "one knot and `l` (relates to) or `p` (part of) on another links them, `c` picks knots "
        "and `g` clusters them; `s` adopts a knot the scenario suggests.\n"
        "- **Positions**: type your position on the knot chosen in the list (↑ ↓ in the box "
        "choose it); in the list `+` "
        "and `-` add an argument for or against a position, `n` an experience, `k` knowledge.\n"
        "- **Criteria**: type a criterion and Enter; in the table type your weight (0–100) "
        "for each, **Ctrl+S** saves them.\n"
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
        "action and where it stands, who was absent.\n"
        "- **Ctrl+L** goes back to the lobby; **Ctrl+P** lists every command, also exporting "
        "the minutes or a bundle; once the group has decided, also *How did we decide?*"
    )
    BINDINGS = [
        # F3–F5 are explained by F1 and by the line that appears when looking elsewhere; the
        # footer keeps to what fits at 80 columns in both languages.
        Binding("f3", "view_step(-1)", N_("◀ Phase"), show=False),
        Binding("f4", "view_step(1)", N_("Phase ▶"), show=False),
        Binding("f5", "view_current", N_("Now"), show=False),
        Binding("f6", "phase_moves", N_("Move on")),
        # Function keys: a letter here would collide with typing (docs/focus.md).
        Binding("f7", "meeting", N_("Meeting")),
        Binding("f8", "invite", N_("Invite"), show=False),
        Binding("f9", "cafe", N_("Café"), show=False),
        Binding("ctrl+t", "since_last_time", N_("Since last time"), show=False),
        Binding("f12", "confirm_member", N_("Confirm"), show=False),
        Binding("ctrl+f", "facts", N_("Facts")),
        Binding("ctrl+l", "lobby", N_("Lobby"), show=False),
        # The rules are on the opening view and one key away; the footer has no room for them.
        Binding("f2", "app.rules", N_("Rules"), show=False),
    ]

    def __init__(self, node: Any, session: str) -> None:
        super().__init__()
        self.node = node
        self.session = session
        self.me: str = node.identity.public_key
        self.state: SessionState = node.state(session)
        self.group_phase: str | None = self.state.phase
        self.viewing: str = self.state.phase or "opening"
        self._stale: set[str] = set()
        self._shown: dict[str, int] = {}
        """Per phase view: the state version it last drew (it is not drawn again for the same)."""
        self._redraw_pending = False
        self._redrawn_at = 0.0
        self._touched: set[str] | None = set()
        """Kinds of the records that arrived since the last redraw (None or empty: unknown)."""
        self._moving: str | None = None
        """The consent proposal whose move we are writing (so we write it once)."""
        self._prompted: set[str] = set()
        self._phase_toast: Notification | None = None
        """Consent proposals this person was told about (each once)."""
        self._unkept: set[str] = set()
        """Sealed votes whose secret could not be stored: their commitment must not go out."""
        self._revealing: set[str] = set()
        """The sealed votes whose reveal this screen already wrote by itself (once each)."""
        self.today = date.today
        """Today's date, for default export file names (a test may fix it)."""
        self.speaker: str | None = None
        """Scribe mode: the person without a device this person now writes for (None: self)."""
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
        info = self.state.info
        self.sub_title = info.title if info is not None else self.session[:12]
        yield Header()
        yield PhaseBar(id="phase-bar")
        yield MeetingStatus(id="meeting-status")
        yield MemberStrip(id="members")
        yield AdmissionLine(id="admission")
        yield Static(id="viewing", classes="hint")
        yield Static(id="citing", classes="hint", markup=False)
        with ContentSwitcher(initial=f"view-{self.viewing}", id="views"):
            for phase in self.phases:
                yield view_class(phase)(self.session, id=f"view-{phase}")
        yield TranslatedFooter(compact=True)  # every key fits at 80 columns, in nl too

    def on_mount(self) -> None:
        self._give_secrets()
        self.redraw()
        self._focus_view()
        self._show_while_away()
        if opens_with_summary(self.state):
            self.action_since_last_time()

    async def relabel(self) -> None:
        """A language switch: rebuild every label, keep what was typed, redraw from the state."""
        values = _form_values(self)
        focused_id = self.focused.id if self.focused is not None else None
        await self.recompose()
        self._shown.clear()  # new views: each draws itself again
        _restore(self, values)
        self._give_secrets()
        self.redraw()
        _restore(self, values)  # a Select's options exist only once its view has drawn
        if focused_id and (found := self.query(f"#{focused_id}")):
            self.set_focus(found.first())

    # Views ----------------------------------------------------------------------------------

    def view(self, phase: str) -> PhaseView:
        return self.query_one(f"#view-{phase}", PhaseView)

    def views(self) -> list[PhaseView]:
        return list(self.query(PhaseView))

    def _focus_view(self) -> None:
        """The view's text box gets the keys (docs/focus.md): on arrival, after every look
        at another phase and after every phase change, whoever made it."""
        self.view(self.viewing).focus_default()

    def look_at(self, phase: str) -> None:
        """Show ``phase``'s view to this person only; the group stays where it is."""
        if phase not in self.phases:
            return
        if phase != self.viewing:
            self._clear_notices()  # a refusal belongs to the view it was made in
        self.viewing = phase
        self.query_one(ContentSwitcher).current = f"view-{phase}"
        if phase in self._stale:
            self._stale.discard(phase)
            self._show(self.view(phase))
        self._draw_bars()
        self._focus_view()

    def _clear_notices(self) -> None:
        for notice in self.query("#views Notice").results(Notice):
            notice.clear()

    def action_view_step(self, step: int) -> None:
        here = self.phases.index(self.viewing)
        there = here + step
        if 0 <= there < len(self.phases):
            self.look_at(self.phases[there])

    def action_view_current(self) -> None:
        if self.group_phase:
            self.look_at(self.group_phase)

    def action_lobby(self) -> None:
        self.leave()
        self.dismiss(None)

    # What only this device keeps ------------------------------------------------------------

    def _local(self) -> dict[str, Any]:
        """This device's own values for the session (never shared with peers)."""
        return cast(dict[str, Any], self.node.local_values(self.session))

    def _give_secrets(self) -> None:
        """The decide view gets the sealed votes' secrets kept on this device (for reveals)."""
        try:
            kept = stored_secrets(self._local())
        except Exception as problem:  # a closed or damaged store: say it, the view still works
            self.notify(str(problem), title=_("Sealed votes"), severity="error", markup=False)
            return
        for view in self.query(DecideView):
            view.keep_secrets(kept)

    @on(DecideView.VoteSealed)
    def _keep_secret(self, message: DecideView.VoteSealed) -> None:
        """Store the secret durably *before* the commitment (the next message) is shared."""
        message.stop()
        try:
            self.node.set_local_values(
                message.session, with_secret(self._local(), message.commitment, message.secret)
            )
        except Exception as problem:  # a full disk: the commitment is then not sent at all
            self._unkept.add(message.commitment)
            self.notify(
                _("Your sealed vote could not be kept on this device: {error}").format(
                    error=problem
                ),
                title=_("Sealed vote not sent"),
                severity="error",
                timeout=10,
                markup=False,
            )

    def leave(self) -> None:
        """The person leaves the session: remember what they have seen (for "while away")."""
        try:
            away.mark_seen(self.node, self.session)
        except Exception as problem:  # a closed or full store: leaving must still work
            self.notify(
                str(problem), title=_("While you were away"), severity="warning", markup=False
            )

    def _say_phase(self, text: str) -> None:
        """One toast says where the group is: the next move replaces it, so quick moves do
        not pile toasts down over the view's text box (they are at the top, see the CSS)."""
        notifications = self.app._notifications
        if self._phase_toast is not None and self._phase_toast in notifications:
            self.app._unnotify(self._phase_toast)
        # The session's title is the group's words: never markup.
        timeout = self.app.NOTIFICATION_TIMEOUT
        toast = Notification(text, self.sub_title, "information", timeout, markup=False)
        self._phase_toast = toast
        self.app.post_message(Notify(toast))

    def _show_while_away(self) -> None:
        """Coming back: if others did something since the person left, say what."""
        try:
            summary = away.while_away(self.node, self.session)
        except Exception:  # a damaged marker only costs the summary, never the session
            return
        if summary is not None and not summary.empty:
            self.app.push_screen(WhileAwayScreen(summary, self.state))

    # The state ------------------------------------------------------------------------------

    def node_changed(self, event: object) -> None:
        """Something happened in the node: redraw soon if it concerns this session."""
        if getattr(event, "session", self.session) != self.session:
            return
        record = getattr(event, "record", None)
        if isinstance(event, RecordArrived) and record is not None:
            if self._touched is not None:
                self._touched.add(record.kind)
        elif not isinstance(event, PeerJoined | PeerLeft):
            self._touched = None  # something else moved: every view draws again
        if not self._redraw_pending:
            self._redraw_pending = True
            wait = self._redrawn_at + REDRAW_DELAY - time.monotonic()
            if wait > 0:
                self.set_timer(wait, self.redraw)
            else:
                self.call_later(self.redraw)

    def redraw(self) -> None:
        self._redraw_pending = False
        if not self.is_attached or not self.query(PhaseBar):
            return  # the app is closing: a redraw that was on its way has nothing to draw
        self._redrawn_at = time.monotonic()
        self.state = self.node.state(self.session)
        version = self.node.state_version(self.session)
        moved = self.state.phase != self.group_phase
        if moved:
            following = self.viewing == self.group_phase
            self.group_phase = self.state.phase
            if self.state.phase is not None:
                self._say_phase(
                    _("The group is now in phase {phase}.").format(
                        phase=phase_label(self.state.phase)
                    )
                )
                if following:
                    self.viewing = self.state.phase
                    self.query_one(ContentSwitcher).current = f"view-{self.viewing}"
            self._clear_notices()  # a refusal belongs to where the group was
        self._draw_bars()
        if self.state.meeting != self.meeting:
            self.meeting = self.state.meeting
            self.action_since_last_time()
        for opening in self.query(OpeningView):
            opening.present(self._connected())
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
        self._write_agreed_move()
        self._prompt_proposal()
        self._write_reveals()

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
        notice = self.query_one("#viewing", Static)
        if self.state.between_meetings:
            notice.update(Text(between_line(self.state, self.me)))  # their words, verbatim
            notice.display = True
        elif self.viewing != self.group_phase and self.group_phase is not None:
            notice.update(
                _("You are looking at {viewing}; the group is in {phase}. F5 goes back.").format(
                    viewing=phase_label(self.viewing), phase=phase_label(self.group_phase)
                )
            )
            notice.display = True
        else:
            notice.display = False
        self._draw_citing()

    def _draw_citing(self) -> None:
        """Above the phase: which facts what this person adds next will cite (Ctrl+F changes
        it); where one can cite and nothing is chosen yet, that the group's facts can be cited."""
        facts = self.state.facts
        self.facts.citing = [f for f in self.facts.citing if f in facts and facts[f].live]
        line = self.query_one("#citing", Static)
        live = sum(1 for fact in facts.values() if fact.live)
        if self.facts.citing:
            names = ", ".join(
                f"{fact_label(self.state, f)} {facts[f].title}" for f in self.facts.citing
            )
            line.update(
                _("What you add next cites: {facts}. Ctrl+F changes it.").format(facts=names)
            )
        elif live and self.viewing in CITING_PHASES:
            line.update(
                ngettext(
                    "Ctrl+F: let what you add rest on the group's shared fact.",
                    "Ctrl+F: let what you add rest on one of the group's {n} shared facts.",
                    live,
                ).format(n=live)
            )
        line.display = not is_guest(self.state, self.me) and (
            bool(self.facts.citing) or (bool(live) and self.viewing in CITING_PHASES)
        )

    def _write_agreed_move(self) -> None:
        """Under consent, the proposer writes the move once the group agrees (anyone may)."""
        state = self.state
        if state.info is None or state.info.process_rule != "consent":
            return
        proposal = open_proposal(state)
        if proposal is None or proposal.by != self.me or not has_consent(state, proposal):
            return
        if self._moving == proposal.id:
            return
        self._moving = proposal.id
        self._contribute("phase.move", {"to": proposal.to, "proposal": proposal.id})

    def _write_reveals(self) -> None:
        """Voting closed on a vote I sealed: reveal it now, once, without waiting for a button,
        so that nobody can end the reveal before my vote (an objection, say) is counted."""
        named = self.state.named_unrevealed  # named as not revealed: still revealed, late
        if not named and not any(k not in self.state.reveal_ended for k in self.state.closed):
            return
        try:
            secrets = stored_secrets(self._local())
        except Exception:  # a damaged store: the "Reveal my vote" button says what is wrong
            return
        for body in reveals_due(self.state, self.me, secrets):
            if body["commit"] not in self._revealing:
                self._revealing.add(body["commit"])
                self._contribute("vote.reveal", body)

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

    def action_meeting(self) -> None:
        """The speaking queue, the timer, rounds, scribe mode and the participation balance."""
        self.app.push_screen(
            MeetingScreen(self.node, self.session, speaker=self.speaker), self._speaker_chosen
        )

    def action_cafe(self) -> None:
        """The world café: my table this round, who sits there, and setting a café up."""
        self.app.push_screen(CafeScreen(self.node, self.session, speaker=self.speaker))

    def _speaker_chosen(self, speaker: str | None) -> None:
        self.speaker = speaker
        self._draw_bars()

    def action_facts(self) -> None:
        """The shared facts: read, add, question, and choose what to cite next."""
        facts = FactsScreen(
            self.node, self.session, citing=self.facts.citing, draft=self.facts.draft
        )
        self.app.push_screen(facts, self._facts_chosen)

    def _facts_chosen(self, choice: FactsChoice | None) -> None:
        if choice is not None:
            self.facts = choice
        self._draw_bars()

    @work(group="contribute")
    async def _contribute(
        self, kind: str, body: dict[str, Any], view: PhaseView | None = None
    ) -> None:
        """Sign and share one record; the node's refusal is already in the person's words.
        It goes to the view that asked (its notice line), never to the others."""
        error: str | None = None
        try:
            await self.node.contribute(self.session, kind, body)
        except Exception as problem:  # NodeError, a full disk: say it, keep what was typed
            error = str(problem)
        self._answer(view, kind, body, error)

    def _answer(
        self, view: PhaseView | None, kind: str, body: dict[str, Any], error: str | None
    ) -> None:
        if error is None and body.get("cites"):  # cited once: the next one starts afresh
            self.facts.citing = []
            self._draw_citing()
        answer = getattr(view, "contributed", None)
        if callable(answer):
            answer(kind, body, error)
        elif error is not None:  # a move of the group: no view asked, a toast says it
            self.notify(error, title=not_done(kind), severity="error", timeout=10, markup=False)

    # Moving the group -----------------------------------------------------------------------

    def _moment(self) -> tuple[str | None, str | None]:
        """Where the group is and the proposal open there: a choice made for another moment
        must not be sent (an answer to a proposal that passed would propose the next move)."""
        proposal = open_proposal(self.state)
        return self.state.phase, proposal.id if proposal is not None else None

    def action_phase_moves(self) -> None:
        seen = self._moment()
        self.app.push_screen(
            PhaseDialog(self.state, self.me),
            lambda result: self._phase_chosen(result, seen),
        )

    def _phase_chosen(
        self, result: tuple[PhaseChoice, str] | None, seen: tuple[str | None, str | None]
    ) -> None:
        if result is None:
            return
        if self._moment() != seen:
            phase, _proposal = self._moment()
            if phase != seen[0]:
                text = _(
                    "The group moved to {phase} while you were choosing; nothing was sent. "
                    "Press F6 to choose again."
                ).format(phase=phase_label(phase) if phase else "?")
            else:
                text = _(
                    "The proposal changed while you were choosing; nothing was sent. "
                    "Press F6 to choose again."
                )
            self.notify(text, severity="warning", timeout=10, markup=False)
            return
        choice, reason = result
        self.choose(choice, reason)

    def _prompt_proposal(self) -> None:
        """Under consent, a move someone else proposes is announced where everyone looks,
        without taking the keys: who proposes what, and F6 to answer."""
        proposal = open_proposal(self.state)
        if proposal is None or proposal.id in self._prompted:
            return
        self._prompted.add(proposal.id)
        answer = proposal.responses.get(self.me)
        if proposal.by == self.me or answer is not None:
            return
        self.notify(
            _("{name} proposes moving to {phase}. Press F6 to answer ready or object.").format(
                name=self.state.name(proposal.by), phase=phase_label(proposal.to)
            ),
            title=_("Move the group?"),
            timeout=15,
            markup=False,
        )

    def choose(self, choice: PhaseChoice, reason: str = "") -> None:
        body = choice.with_reason(reason)
        if choice.kind == "phase.propose":
            self._propose(body)
        else:
            self._contribute(choice.kind, body)

    @work(group="contribute")
    async def _propose(self, body: dict[str, Any]) -> None:
        """Proposing is being ready oneself: answer ready as soon as the proposal exists."""
        try:
            record = await self.node.contribute(self.session, "phase.propose", body)
            await self.node.contribute(
                self.session,
                "phase.respond",
                {"proposal": record.id, "response": "ready", "reason": ""},
            )
        except Exception as problem:  # the node's words
            self.notify(
                str(problem),
                title=not_done("phase.propose"),
                severity="error",
                timeout=10,
                markup=False,
            )

    # Late joiners, exports, the decision ----------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A guest only evaluates: the keys to move the group, the meeting tools, invite and
        confirm are not offered to them (and do nothing). F12 works for every member: when
        they may confirm nobody it says who may (``who_confirms``)."""
        return offered(self.state, self.me, action)

    def action_invite(self) -> None:
        self.show_code()

    @work(exclusive=True, group="invite")
    async def show_code(self, role: str = "member") -> None:
        """A new join code for this session, shown large, for someone who arrives later; F8 on
        that screen opens a code of the other role (member or guest) in its place."""
        title = self.state.info.title if self.state.info is not None else self.session[:12]
        bridge = getattr(self.app, "bridge", None)
        try:
            if bridge is not None:
                view = await bridge.invite(self.session, title, role=role)
            else:
                view = invitation_view(
                    await self.node.invite(self.session, role=role, language=current_language()),
                    title,
                    listening_addresses(self.node),
                )
        except Exception as problem:  # NodeError: not listening, a read-only session
            self.notify(str(problem), title=_("Invite"), severity="error", markup=False)
            return
        other = "member" if role == "guest" else "guest"
        self.app.push_screen(
            InvitationScreen(view, members=member_names(self.node, self.session)),
            lambda switch: self.show_code(other) if switch else None,
        )

    def action_confirm_member(self) -> None:
        """F12: confirm who waits for me, one or all at once (``ui/confirm_admissions.py``)."""
        ask_to_confirm(self)

    def export(self, fmt: str) -> None:
        """Ask where to write the minutes (``md``, ``html``) or the bundle, then write it."""
        from beraad.export.transfer import export_minutes

        title = self.state.info.title if self.state.info is not None else self.session[:12]

        def write(path: str) -> Path:
            return export_minutes(
                self.node, self.session, fmt, path, current_language(), screen.take_part()
            )

        screen = ExportPathScreen(fmt, default_path(title, fmt, self.today()), write)
        self.app.push_screen(screen, self._exported)

    def _exported(self, path: str | None) -> None:
        if path:
            self.notify(_("Written to {path}").format(path=path), title=_("Export"), markup=False)

    def how_decided(self) -> None:
        if self.state.decisions:
            self.app.push_screen(HowDecidedScreen(self.state, self.state.decisions[-1]))

    def action_since_last_time(self) -> None:
        """The last meeting's decisions, the actions, who was absent, what came in between."""
        summary = since_last_time(self.state)
        if summary is None:
            self.notify(_("This is the first meeting: there is no last time yet."), markup=False)
            return
        if isinstance(self.app.screen, SinceLastTimeScreen):
            # one in front already ("meeting 1 has ended"): the new one takes its place, so
            # one Enter is enough (naive finding 19: two stacked needed two)
            self.app.pop_screen()
        self.app.push_screen(SinceLastTimeScreen(summary, self.state))

    def end_meeting(self) -> None:
        number = self.state.meeting
        self.app.push_screen(EndMeetingScreen(number), self._end_meeting)

    def _end_meeting(self, next_: str | None) -> None:
        if next_ is not None:  # Escape: nothing is written
            self._contribute("meeting.end", meeting_end_body(next_))

    def open_meeting(self) -> None:
        self._contribute("meeting.start", meeting_start_body())

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        """For the command palette: look at any phase, each phase move allowed now, exports,
        and "how did we decide?" once there is a decision."""
        commands: list[tuple[str, str, Any]] = trajectory_commands(self)
        if self.viewing == "decide":  # close voting, take the decision, a new round, …
            for view in self.query(DecideView):
                commands.extend(view.palette_commands())
        if self.state.decisions:
            commands.append(
                (
                    _("How did we decide?"),
                    _("The decision, the rule it met and the whole table"),
                    self.how_decided,
                )
            )
        # Also here: the palette lists every command, also those on function keys.
        commands.append(
            (
                _("Meeting tools"),
                _("Raise your hand, give the word, the timer, a round, speak for someone"),
                self.action_meeting,
            )
        )
        commands.append(
            (
                _("World café"),
                _("Your table, who sits there, where you go next; set up a café"),
                self.action_cafe,
            )
        )
        commands.append(
            (_("Invite"), _("A new join code, for someone who arrives later"), self.action_invite)
        )
        if confirms_now(self.state, self.me):  # F12 too; some terminals keep function keys
            commands.append(
                (
                    _("Confirm an admission"),
                    _("Someone another member admitted counts once you confirm them"),
                    self.action_confirm_member,
                )
            )
        commands.append(
            (
                _("Shared facts"),
                _("The sources the analysis rests on: add, question, cite"),
                self.action_facts,
            )
        )
        for phase in self.phases:
            commands.append(
                (
                    _("Go to phase {phase}").format(phase=phase_label(phase)),
                    _("Look at it without moving the group"),
                    lambda phase=phase: self.look_at(phase),
                )
            )
        for choice in phase_choices(self.state, self.me):
            if choice.reason == "required" or choice.kind == "meeting.start":
                continue  # an objection needs its reason (F6 asks); opening is listed above
            commands.append(
                (choice.label, _("Move the group"), lambda choice=choice: self.choose(choice))
            )
        for fmt, (title, help_text, _extension) in EXPORTS.items():
            commands.append((_(title), _(help_text), lambda fmt=fmt: self.export(fmt)))
        screen_actions = {
            self.action_meeting: "meeting",
            self.action_cafe: "cafe",
            self.action_invite: "invite",
            self.action_confirm_member: "confirm_member",
            self.action_facts: "facts",
        }
        return [  # a guest's palette offers what a guest may do, no more (docs/focus.md)
            command
            for command in commands
            if offered(self.state, self.me, screen_actions.get(command[2], ""))
        ]
