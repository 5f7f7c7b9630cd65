"""Moving the group, on the session screen: F6's choices, consent proposals announced and
answered, the agreed move written by its proposer, and one toast saying where the group is."""

from __future__ import annotations

import time
from typing import Any

from textual import work
from textual._time import get_time
from textual.notifications import Notification, Notify
from textual.widgets import Input, TextArea

from beraad.core.end_consent import END, agreed_end_body
from beraad.core.settled import agreed_move_body
from beraad.core.state import SessionState
from beraad.core.trajectory import stopped_phase
from beraad.i18n import N_, _
from beraad.ui.notice_line import withdraw
from beraad.ui.phases.elsewhere import mark_left
from beraad.ui.screens.since_last_time import SinceLastTimeScreen
from beraad.ui.widgets.phase_bar import (
    goes_back,
    has_consent,
    open_proposal,
    phase_label,
    replaced_proposal,
)
from beraad.ui.widgets.phase_dialog import PhaseChoice, PhaseDialog, moment, replaced_text
from beraad.ui.widgets.vote_grid import VoteGrid

#: What did not happen, as the title over the node's reason: a move of the group has no
#: view whose notice line could say it.
NOT_DONE: dict[str, str] = {
    "phase.move": N_("The group was not moved"),
    "phase.propose": N_("Your proposal was not sent"),
    "phase.respond": N_("Your answer was not sent"),
    "meeting.end": N_("The meeting was not ended"),
}


#: The toast saying where the group is now, by what became of the words being typed. Each
#: fits one line at 80 columns with the longest phase name, in en and nl: longer, it was
#: said in two turns, read as a second toast (naive s6b finding I).
MOVED: dict[str, str] = {
    "": N_("The group is now in phase {phase}."),
    "kept": N_("Group now in {phase}. Your words stay here: Enter sends them, F5 follows."),
    "unsent": N_("Group now in {phase}. Your words stay here, not sent. F5 follows."),
    # Numbers typed in a table (weights, a ballot) and not sent hold the view as words do.
    "numbers": N_("Group now in {phase}. Your numbers stay here, not sent. F5 follows."),
}


#: How long after someone else moved the group (or ended the meeting) an Enter typed with F6
#: (meant for the proposal the screen showed) chooses nothing.
JUST_MOVED_S = 10.0

#: How long after the group moved (by someone else, or by the group's consent) an Enter in a
#: box holding words typed before the move sends nothing: it was pressed for what the screen
#: showed before (naive s8 finding 9: a second Enter meant for F6 sent a held position).
ARRIVAL_S = 1.0


#: Said where an Enter typed right after F6 closed on a choice did nothing (naive s13 N12).
STRAY_ENTER = N_("That Enter came right after F6 closed: it did nothing here.")


def not_done(kind: str) -> str:
    """The title of a refusal toast, saying what did not happen."""
    return _(NOT_DONE.get(kind, N_("Not sent")))


class GroupMoves:
    """The session screen's part that moves the group (mixed into ``SessionScreen``)."""

    state: SessionState
    me: str
    node: Any
    session: str
    _moving: str | None
    _prompted: set[str]
    _phase_toast: Notification | None
    _proposal_toast: tuple[str, Notification] | None
    #: When (monotonic) someone else last moved the group, as this screen drew it.
    _moved_by_other_at: float | None = None
    #: The proposal whose move (or end) this app wrote by itself once the group consented:
    #: the group moved, not the person at the keys (``_by_the_group``).
    _wrote_for_group: str | None = None
    #: The box holding words as the group moved, when (Textual's key clock), and the words.
    _words_at_move: tuple[Any, float, str] | None = None

    def _say_phase(self, text: str) -> None:
        """One toast says where the group is: the next move replaces it, so quick moves do
        not pile toasts down over the view's text box (they are at the top, see the CSS)."""
        notifications = self.app._notifications
        if self._phase_toast is not None and self._phase_toast in notifications:
            withdraw(self.app, self._phase_toast)
        # The session's title is the group's words: never markup.
        timeout = self.app.NOTIFICATION_TIMEOUT
        toast = Notification(text, self.sub_title, "information", timeout, markup=False)
        self._phase_toast = toast
        self.app.post_message(Notify(toast))

    def _moment(self, state: SessionState | None = None) -> tuple[str | None, str | None]:
        """Where the group is and the proposal open there: a choice made for another moment
        must not be sent (an answer to a proposal that passed would propose the next move)."""
        return moment(self.state if state is None else state)

    def _note_move(self) -> None:
        """The group moved (drawn now): remember when, if someone else moved it, and the box
        that held words then (``enter_too_soon``)."""
        mark_left(self._views.values())  # type: ignore[attr-defined]
        history = self.state.phase_history
        if history and self._by_the_group(history[-1].by, history[-1].proposal):
            self._moved_by_other_at = time.monotonic()
            box = self.focused  # type: ignore[attr-defined]
            if isinstance(box, Input) and box.value.strip():
                self._words_at_move = (box, get_time(), box.value)

    def enter_too_soon(self, box: Input, at: float) -> bool:
        """An Enter, a moment after the group moved, in the box that held words then: it was
        pressed for what the screen showed before (the F6 dialog that just closed), so it
        sends nothing; the view says where the group is now and that Enter sends them
        (naive s8 finding 9). A fresh Enter, once seen, or words typed on since, send them.
        Asked where Enter is handled, before the screen (``KeyRouting.action_submit_now``)."""
        held = self._words_at_move
        if held is None or held[0] is not box or at >= held[1] + ARRIVAL_S:
            return False
        if box.value != held[2]:
            return False  # typed on since the move: the person is writing here, now
        view = self._views.get(self.viewing)  # type: ignore[attr-defined]
        if view is not None:
            words = _("The group just moved to {phase}: check your words, then Enter sends them.")
            view.say(words.format(phase=phase_label(self.state.phase or "")))
        return True

    def stray_enter(self) -> None:
        """An Enter right after F6 closed on a choice did nothing in the phase behind it
        (``KeyRouting.dialog_chosen``): the view on screen says so, till the next look."""
        view = self._views.get(self.viewing)  # type: ignore[attr-defined]
        if view is not None:
            view.say(_(STRAY_ENTER), fleeting=True)

    def _by_the_group(self, by: str | None, proposal: str | None) -> bool:
        """Was a move (or end) not this person's act just now: someone else wrote it, or this
        app wrote it by itself once the group consented to its proposal? An F6 Enter a moment
        later is meant for the proposal that passed, not a next one (naive s7 finding 5)."""
        return by != self.me or (proposal is not None and proposal == self._wrote_for_group)

    def _note_end(self) -> None:
        """The meeting ended (drawn now): remember when, if someone else ended it. An F6
        Enter meant for answering the proposal to end it must not open the next meeting."""
        meetings = self.state.meetings
        if self.state.between_meetings and meetings:
            last = meetings[-1]
            if self._by_the_group(last.ended_by, last.end_proposal):
                self._moved_by_other_at = time.monotonic()

    def _typed_box(self) -> Input | TextArea | VoteGrid | None:
        """The box in the view on screen holding words not sent yet, as someone else moved
        the group; None when nothing is typed or the move was one's own (F6: chosen). A
        table with the keys holding numbers typed and not sent (weights, a ballot) holds the
        view too: the person is typing there (naive s9 finding 1: the view jumped to Options
        and the next weights went into its box as text)."""
        history = self.state.phase_history
        if not history or history[-1].by == self.me:
            return None
        view, focused = self._views.get(self.viewing), self.focused  # type: ignore[attr-defined]
        if view is None or focused is None or view not in focused.ancestors:
            return None
        if isinstance(focused, Input) and focused.value.strip():
            return focused
        if isinstance(focused, TextArea) and focused.text.strip():
            return focused
        if isinstance(focused, VoteGrid) and focused.dirty and focused.given():
            return focused
        return None

    def _say_where_words_are(self, unsent: Any, left: Any, numbers: bool = False) -> None:
        """After a move: under a box kept with words it cannot send now, why (naive s7
        findings 2, 6); words left in the box of the view one no longer sees (one's own
        move, or the keys were in the list) are said by the view now on screen. Numbers
        kept in a table (``numbers``) are said by the line under it (``CriteriaView``,
        ``DecideView``), not as words Enter sends."""
        if unsent is not None and not numbers:
            unsent.say(unsent.unsent_line(self.state.phase))
        view = self._views.get(self.viewing)  # type: ignore[attr-defined]
        if left is not None and view is not None and left is not view and left.holds_words():
            view.say(
                _("What you were typing is kept in the box of {phase}: F3 or F4 shows it.").format(
                    phase=phase_label(left.phase)
                )
            )
        elif left is not None and view is not None and left is not view and uncast(left):
            # Ballot numbers not cast as the group left Decide: the view jumped away without a
            # word, and Ctrl+S there was then refused (naive s8b finding 7).
            said = _(
                "The numbers you typed in {left} were not cast: the group is in {phase} "
                "now. F3 or F4 shows them."
            ).format(left=phase_label(left.phase), phase=phase_label(self.state.phase or ""))
            self.call_after_refresh(view.say, said)  # once the view it lands in is drawn
        elif left is not None and view is not None and left is not view and unsaved(left):
            said = _(
                "The weights you typed in Criteria were not saved: the group is in {phase} "
                "now. F3 or F4 shows them."
            ).format(phase=phase_label(self.state.phase or ""))
            self.call_after_refresh(view.say, said)

    def _just_moved(self) -> bool:
        """Did someone else move the group (or end the meeting) a moment ago, the proposal
        the screen showed being the one that passed? F6 then may be meant for it. A new
        proposal on screen is what F6 answers now: no guard (naive s6 finding 10)."""
        at = self._moved_by_other_at
        if at is None or time.monotonic() - at >= JUST_MOVED_S:
            return False
        return open_proposal(self.state) is None

    def action_phase_moves(self) -> None:
        """F6 offers what the screen shows; the choice is sent only if the group is still
        there when it is made (``_phase_chosen``)."""
        if getattr(self, "_redraw_pending", False):
            # What arrived is drawn (and a move or end noted) before F6 offers choices on it.
            self.redraw()  # type: ignore[attr-defined]
        kept = getattr(self, "_f6_reason", "")
        here = {p.peer for p in self.node.peers(self.session) if p.connected} | {self.me}
        dialog = PhaseDialog(
            self.state, self.me, just_moved=self._just_moved(), reason=kept, here=here
        )

        def chosen(result: tuple[PhaseChoice, str] | None) -> None:
            # A reason left with Escape waits for the next F6; one sent is done with.
            self._f6_reason = dialog.reason_kept if result is None else ""
            # Compared with the moment the dialog's choices are for when one is made: it
            # follows the group while open (``PhaseDialog.follow``).
            self._phase_chosen(result, dialog.chosen_for)

        self.app.push_screen(dialog, chosen)

    def _phase_chosen(
        self, result: tuple[PhaseChoice, str] | None, seen: tuple[str | None, str | None]
    ) -> None:
        if result is None:
            return
        # The node's state, not the one drawn: a move may have arrived and not be drawn yet.
        now = self._moment(self.node.state(self.session))
        if now != seen:
            self._f6_reason = result[1]  # nothing was sent: the reason waits for the next F6
            phase, _proposal = now
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
        """Under consent, a move (or an end of the meeting) someone else proposes is announced
        where everyone looks, without taking the keys: who proposes what, and F6 to answer.
        An F6 dialog open meanwhile follows what changed (``PhaseDialog.follow``)."""
        for screen in self.app.screen_stack:
            if isinstance(screen, PhaseDialog | SinceLastTimeScreen):
                screen.follow(self.state)
        self._withdraw_prompt()
        proposal = open_proposal(self.state)
        if proposal is None or proposal.id in self._prompted:
            return
        self._prompted.add(proposal.id)
        answer = proposal.responses.get(self.me)
        if proposal.by == self.me or answer is not None:
            return
        name = self.state.name(proposal.by)
        if proposal.to == END:
            words = _(
                "{name} proposes ending the meeting. Press F6 to answer ready or object."
            ).format(name=name)
            title = _("End the meeting?")
        elif proposal.to == stopped_phase(self.state):
            words = _(
                "{name} proposes carrying on where meeting {number} stopped: {phase}. Press F6 "
                "to answer ready or object."
            ).format(name=name, number=self.state.meeting - 1, phase=phase_label(proposal.to))
            title = _("Move the group?")
        elif goes_back(self.state, proposal):
            words = _(
                "{name} proposes going back to {phase}. Press F6 to answer ready or object."
            ).format(name=name, phase=phase_label(proposal.to))
            title = _("Move the group?")
        else:
            words = _(
                "{name} proposes moving to {phase}. Press F6 to answer ready or object."
            ).format(name=name, phase=phase_label(proposal.to))
            title = _("Move the group?")
        if (earlier := replaced_proposal(self.state, proposal)) is not None:
            # Said where it is announced: it replaced an earlier one (naive s8b finding 12).
            words += " " + _("It replaces {proposal}.").format(
                proposal=replaced_text(self.state, self.me, earlier)
            )
        toast = Notification(words, title, "information", 15, markup=False)
        self._proposal_toast = (proposal.id, toast)
        self.app.post_message(Notify(toast))

    def _withdraw_prompt(self) -> None:
        """The toast asking to answer a proposal goes once it is no longer a question: this
        person answered, or the proposal passed, was replaced, or the meeting ended."""
        if self._proposal_toast is None:
            return
        proposal_id, toast = self._proposal_toast
        proposal = open_proposal(self.state)
        asked = proposal is not None and proposal.id == proposal_id
        if asked and proposal is not None and self.me not in proposal.responses:
            return
        self._proposal_toast = None
        withdraw(self.app, toast)  # every line of it, said in turns or not

    def choose(self, choice: PhaseChoice, reason: str = "") -> None:
        body = choice.with_reason(reason)
        if choice.kind == "phase.propose":
            self._propose(body)
        else:
            self._contribute(choice.kind, body)

    def propose_end(self, next_: str) -> None:
        """Under consent a member proposes to end the meeting (with what comes next), and is
        ready to end it; the end is written once the group consents (``_write_agreed_move``)."""
        body: dict[str, Any] = {"to": END}
        if next_.strip():
            body["next"] = next_.strip()
        self._propose(body)

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
        self._wrote_for_group = proposal.id
        if proposal.to == END:
            self._contribute("meeting.end", agreed_end_body(proposal))
        else:
            self._contribute("phase.move", agreed_move_body(state, proposal))


def unsaved(view: Any) -> bool:
    """Does ``view`` hold criteria weights typed and not saved (the criteria view's table)?"""
    weights = getattr(view, "unsaved_weights", None)
    return bool(weights()) if callable(weights) else False


def uncast(view: Any) -> bool:
    """Does ``view`` hold ballot numbers typed and not cast (the decide view's grid)?"""
    numbers = getattr(view, "uncast_numbers", None)
    return bool(numbers()) if callable(numbers) else False
