"""Moving the group: what this person may do about the phase now, and a dialog to do it.

``phase_choices`` reads the rules off the folded state (the same rules the reducer enforces):
under the facilitator rule only the facilitator moves the group, on or back; under the consent
rule anyone proposes, everyone answers ready or object (an objection carries a reason), and once
the proposal has consent any member may write the move that names it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from rich.text import Text
from textual import events, on
from textual._time import get_time
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from beraad.core import session as bodies
from beraad.core.end_consent import END, agreed_end_body
from beraad.core.session import PHASES
from beraad.core.settled import agreed_move_body
from beraad.core.state import SessionState
from beraad.core.trajectory import stopped_phase
from beraad.i18n import N_, _, ngettext
from beraad.ui.facilitation import stuck
from beraad.ui.screens.base import BeraadModal
from beraad.ui.screens.since_last_time import steward
from beraad.ui.widgets.composer import fill, focus_now
from beraad.ui.widgets.field_error import FieldError
from beraad.ui.widgets.phase_bar import (
    end_next_text,
    has_consent,
    objections_text,
    open_proposal,
    phase_label,
    steward_line,
)
from beraad.ui.widgets.sending_input import StillInput

#: The choices that move the group or put a move before it (asked again right after a move).
MOVES = frozenset({"phase.propose", "phase.move"})


@dataclass(frozen=True, slots=True)
class PhaseChoice:
    """One thing the person may do: the record it writes, and whether it needs a reason."""

    label: str
    kind: str
    body: dict[str, Any] = field(hash=False)
    reason: str = "none"  # "none", "optional" or "required"

    def with_reason(self, reason: str) -> dict[str, Any]:
        if self.reason == "none":
            return dict(self.body)
        return {**self.body, "reason": reason}


def phase_choices(state: SessionState, me: str) -> list[PhaseChoice]:
    info = state.info
    if info is None or state.phase is None or me not in state.members:
        return []
    phases = list(info.phases)
    here = phases.index(state.phase)
    following = phases[here + 1] if here + 1 < len(phases) else None
    earlier = list(reversed(phases[:here]))
    choices: list[PhaseChoice] = []
    # A meeting's opening carries on where the meeting before stopped, first (naive s12 P6).
    stopped = stopped_phase(state)
    if state.between_meetings:  # no phase moves until the next meeting: only opening it
        if steward(state, me):
            label = _("Open meeting {number}").format(number=state.meeting + 1)
            choices.append(PhaseChoice(label, "meeting.start", bodies.meeting_start_body()))
        return choices
    if info.process_rule == "facilitator":
        if me != state.facilitator:
            return []
        if stopped:
            label = _("Carry on where meeting {number} stopped: {phase}").format(
                number=state.meeting - 1, phase=phase_label(stopped)
            )
            choices.append(PhaseChoice(label, "phase.move", bodies.move_body(stopped)))
        if following:
            label = _("Move the group on to {phase}").format(phase=phase_label(following))
            choices.append(PhaseChoice(label, "phase.move", bodies.move_body(following)))
        for phase in earlier:
            label = _("Take the group back to {phase}").format(phase=phase_label(phase))
            choices.append(PhaseChoice(label, "phase.move", bodies.move_body(phase)))
        return choices
    proposal = open_proposal(state)
    if proposal is not None and proposal.to == END:
        choices.extend(_end_choices(state, me, proposal))
    elif proposal is not None:
        to = phase_label(proposal.to)
        if has_consent(state, proposal):
            label = _("Move to {phase} now: the group consents").format(phase=to)
            choices.append(PhaseChoice(label, "phase.move", agreed_move_body(state, proposal)))
        answer = proposal.responses.get(me)
        if answer is None or answer.response != "ready":
            label = _("I am ready to move to {phase}").format(phase=to)
            body = bodies.respond_body(proposal.id, "ready")
            choices.append(PhaseChoice(label, "phase.respond", body, "optional"))
        if answer is None or answer.response != "object":
            label = _("I object to moving to {phase} (give a reason)").format(phase=to)
            body = bodies.respond_body(proposal.id, "object")
            choices.append(PhaseChoice(label, "phase.respond", body, "required"))
    for phase in ([stopped] if stopped else []) + ([following] if following else []) + earlier:
        if proposal is not None and proposal.to == phase:
            continue
        # With a proposal open, a new one becomes the proposal everyone answers: "instead"
        # (and the line above the list says it replaces the open one: naive s6b F).
        if phase == stopped and proposal is not None:
            label = _("Propose carrying on where meeting {number} stopped instead: {phase}")
        elif phase == stopped:
            label = _("Propose carrying on where meeting {number} stopped: {phase}")
        elif phase == following and proposal is not None:
            label = _("Propose moving on to {phase} instead")
        elif phase == following:
            label = _("Propose moving on to {phase}")
        elif proposal is not None:
            label = _("Propose going back to {phase} instead")
        else:
            label = _("Propose going back to {phase}")
        label = label.format(phase=phase_label(phase), number=state.meeting - 1)
        choices.append(PhaseChoice(label, "phase.propose", bodies.propose_body(phase), "optional"))
    return choices


def open_line(state: SessionState, me: str, can_propose: bool = True) -> str:
    """The open proposal the dialog answers, and that a new one replaces it (naive s6b F:
    "propose going back" replaced Bram's without a word); "" for none. With nothing else
    to propose (the opening's only move is the one proposed) it offers nothing else (naive s7
    finding 13)."""
    proposal = open_proposal(state) if state.phase is not None else None
    if proposal is None or state.between_meetings:
        return ""
    if proposal.by == me:
        if not can_propose:
            return _("Your proposal is open.")
        return _("Your proposal is open; proposing something else instead replaces it.")
    if not can_propose:
        return _("Answer {name}'s proposal here.").format(name=state.name(proposal.by))
    return _(
        "Answer {name}'s proposal here, or propose something else instead: that replaces it."
    ).format(name=state.name(proposal.by))


def replaced_text(state: SessionState, me: str, proposal: Any = None) -> str:
    """The open proposal a new one would replace (or ``proposal``), named ("" for none)."""
    if proposal is None:
        proposal = open_proposal(state) if state.phase is not None else None
    if proposal is None or state.between_meetings:
        return ""
    if proposal.by == me:
        if proposal.to == END:
            return _("your proposal to end the meeting")
        return _("your proposal to move to {phase}").format(phase=phase_label(proposal.to))
    name = state.name(proposal.by)
    if proposal.to == END:
        return _("{name}'s proposal to end the meeting").format(name=name)
    return _("{name}'s proposal to move to {phase}").format(
        name=name, phase=phase_label(proposal.to)
    )


def moment(state: SessionState) -> tuple[str | None, str | None]:
    """Where the group is and the proposal open there: what a choice in the dialog means."""
    proposal = open_proposal(state)
    return state.phase, proposal.id if proposal is not None else None


def facilitating(state: SessionState) -> str | None:
    """Who alone moves the group (the facilitator rule), else None: a change of it changes
    what this person may choose."""
    info = state.info
    return state.facilitator if info is not None and info.process_rule == "facilitator" else None


def _end_choices(state: SessionState, me: str, proposal: Any) -> list[PhaseChoice]:
    """Under consent, a proposal to end the meeting is answered like a proposed move; once the
    group consents any member may write the end (``core/end_consent.py``)."""
    choices: list[PhaseChoice] = []
    if has_consent(state, proposal):
        label = _("End the meeting now: the group consents")
        choices.append(PhaseChoice(label, "meeting.end", agreed_end_body(proposal)))
    answer = proposal.responses.get(me)
    if answer is None or answer.response != "ready":
        body = bodies.respond_body(proposal.id, "ready")
        choices.append(
            PhaseChoice(_("I am ready to end the meeting"), "phase.respond", body, "optional")
        )
    if answer is None or answer.response != "object":
        label = _("I object to ending the meeting (give a reason)")
        body = bodies.respond_body(proposal.id, "object")
        choices.append(PhaseChoice(label, "phase.respond", body, "required"))
    return choices


def why_not(state: SessionState, me: str, here: Collection[str] | None = None) -> str:
    """Why there is nothing to choose (said instead of an empty list); when only the
    facilitator moves the group, also what the group can do if she is gone (``here``: who is
    connected; naive s13 N14 read only "Only the facilitator, Anja, …" and was stuck)."""
    if state.info is None:
        return ""
    if me not in state.members:
        return _("You are not a member of this deliberation yet.")
    leads = state.info.process_rule == "facilitator" and me != state.facilitator
    if state.between_meetings:
        text = between_meetings(state, me)
    elif leads:
        name = state.name(state.facilitator) if state.facilitator else "?"
        text = _("Only the facilitator, {name}, moves the group on.").format(name=name)
    else:
        return _("There is no phase to move to.")
    can = stuck(state, me, here) if leads else ""
    return f"{text}\n{can}" if can else text


def between_meetings(state: SessionState, me: str | None = None) -> str:
    """Between meetings the group does not move (the fold refuses it): say so, and who opens
    the next meeting ("you" to the facilitator herself)."""
    text = _("Meeting {number} has ended: the group moves again once the next one opens.")
    text = text.format(number=state.meeting)
    if state.info is not None and state.info.process_rule == "facilitator" and state.facilitator:
        if me == state.facilitator:
            text += " " + _("You open it, as the facilitator.")
        else:
            text += " " + _("The facilitator, {name}, opens it.").format(
                name=state.name(state.facilitator)
            )
    return text


#: The most rows the list takes (its CSS ``max-height``); fewer when the screen is short.
LIST_ROWS = 10


class Choices(OptionList):
    """The dialog's list: ↑ ↓ stop at its ends (in a list of two, ↓↓ wrapped back onto the
    first choice: naive s7 finding 13); with none chosen, ↑ chooses the first, as ↓ does
    (it chose the last: answering a proposal, "I object"; naive s12 P3's rule, as in the
    decide view's responses)."""

    def action_cursor_down(self) -> None:
        if self.highlighted is None or self.highlighted < self.option_count - 1:
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.highlighted is None:
            self.action_first()
        elif self.highlighted > 0:
            super().action_cursor_up()


class PhaseDialog(BeraadModal):
    """Pick one ``PhaseChoice``; the result is ``(choice, reason)`` or None."""

    HELP_TEXT = N_(
        "Moving the group to another phase.\n\n"
        "- Under the facilitator rule the facilitator moves the group on or back.\n"
        "- Under the consent rule anyone proposes a move; everyone answers *ready* or "
        "*object*. An objection needs a reason: type it in the reason field, then choose "
        "*I object* (or press Enter in the field with it highlighted). Everyone sees who "
        "objects and why, here and in the bar at the top.\n"
        "- Under the consent rule a meeting ends the same way: someone proposes ending it "
        "(Ctrl+P, *Propose ending meeting*), everyone answers here, and once the group "
        "consents the meeting ends.\n"
        "- ↑ ↓ choose in the list, also while you type the reason. While a proposal is open, "
        "proposing something else instead replaces it: the group then answers yours.\n"
        "- Nothing is chosen when the dialog opens: ↓ chooses (the first, then the next), "
        "Enter sends what is chosen; with nothing chosen, Enter chooses the first (forward) "
        "and Enter again sends it (right after the group moved, ↓ chooses). Letters typed "
        "where there is no reason to type close this, nothing moved: they go to the box "
        "below. Escape goes back without changing anything."
    )

    BINDINGS = [Binding("escape", "close", N_("Back"))]

    def __init__(
        self,
        state: SessionState,
        me: str,
        *,
        just_moved: bool = False,
        reason: str = "",
        here: Collection[str] | None = None,
    ) -> None:
        super().__init__()
        self.here = here
        """Who is connected as it opened: "Anja is away" says what the group can do."""
        self.reason_kept = reason
        """The reason typed and not sent: shown again on open, read back on Escape, so the
        screen keeps it for the next F6 (naive s11 F-minor-21: Escape threw it away)."""
        self.state = state
        self.me = me
        self.choices = phase_choices(state, me)
        self.just_moved = just_moved and bool(self.choices) and state.phase is not None
        """Someone else moved the group (or ended the meeting) a moment ago: an Enter typed
        before this dialog showed (with F6, meant for the proposal the screen showed before)
        chooses nothing."""
        self._shown_at = float("inf")
        self.moment = moment(state)
        self._between = state.between_meetings  # the state may change under us: as it was
        """Where the group was and the proposal open when the choices were made (the screen
        sends a choice only if the group is still there, ``GroupMoves._phase_chosen``)."""
        self.chosen_for = self.moment
        """The moment of the choice made (the screen compares it with the node's state)."""
        self.changed = ""
        """What changed while the dialog was open (it then lists the new choices, none chosen)."""
        self._rebuilding = False
        self.moved_to = state.phase if self.just_moved else None
        """The phase the group just moved to, by someone else, as this opened or while it was
        open: a move chosen now is asked again first (``_ask_again``)."""
        self._asked: int | None = None
        """The choice already asked again about: Enter on it now sends it."""
        self._named: int | None = None
        """The choice Enter with none chosen chose and named ("Chosen: …"): not asked again."""
        self._facilitator = facilitating(state)
        """Who moves the group, under the facilitator rule, as the choices were made."""

    def follow(self, state: SessionState) -> None:
        """The group moved, or the proposal changed, while the dialog is open: its choices
        meant something else a moment ago (naive s6b E: opened as "ready to move to Knots",
        Enter sent "propose moving to Positions"). It lists the new ones, says what changed
        and chooses nothing: ↓ makes a fresh choice. An Enter meanwhile chooses nothing."""
        now = moment(state)
        handed = facilitating(state) != self._facilitator
        if now == self.moment and not handed:
            return
        self._facilitator = facilitating(state)
        ended = state.between_meetings and not self._between
        self._between = state.between_meetings
        before, self.moment, self.state = self.moment, now, state
        self.choices = phase_choices(state, self.me)
        self.just_moved = False
        if ended:  # the proposal went stale because the meeting ended: say that
            self.changed = _("Meeting {number} ended while this was open.").format(
                number=state.meeting
            )
            if self.choices:
                self.changed += " " + _("Choose again with ↓.")
        elif now[0] != before[0] and now[0] is not None:
            self.moved_to, self._asked, self._named = now[0], None, None
            self.changed = _(
                "The group moved to {phase} while this was open: choose again with ↓."
            ).format(phase=phase_label(now[0]))
        elif handed and state.facilitator == self.me:
            # Handed the facilitation while this said only the facilitator moves the group:
            # it offered nothing until closed and opened again (handover14).
            self.changed = _("You are the facilitator now: choose with ↓.")
        elif handed:
            self.changed = _("{name} is the facilitator now.").format(
                name=state.name(state.facilitator) if state.facilitator else "?"
            )
        else:
            self.changed = _("The proposal changed while this was open: choose again with ↓.")
        if self.is_mounted:
            self._rebuilding = True
            self.call_later(self._rebuild)

    async def _rebuild(self) -> None:
        found = self.query("#phase-reason")
        typed = found.first(Input).value if found else ""
        await self.recompose()
        found = self.query("#phase-reason")
        if typed and found:
            fill(found.first(Input), typed)
        lists = self.query("#phase-choices")
        if lists:
            lists.first(OptionList).highlighted = None
            lists.first(OptionList).focus()
        self._rebuilding = False
        self.call_after_refresh(self.fit)

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit)

    def compose(self) -> ComposeResult:
        with Vertical(id="phase-dialog", classes="dialog"):
            yield Static(_("Move the group"), classes="dialog-title")
            yield Static(steward_line(self.state, self.me), classes="dialog-intro", markup=False)
            if self.state.between_meetings and self.choices:
                yield Static(
                    between_meetings(self.state, self.me), id="phase-between", markup=False
                )
            if following := end_next_text(self.state, width=66, lines=6):
                yield Static(Text(following), id="phase-end-next")
            if self.just_moved and self.state.between_meetings:
                moved = _("Meeting {number} has just ended.").format(number=self.state.meeting)
                yield Static(moved, id="phase-just-moved", markup=False)
            elif self.just_moved and self.state.phase is not None:
                moved = _("The group has just moved to {phase}.").format(
                    phase=phase_label(self.state.phase)
                )
                yield Static(moved, id="phase-just-moved", markup=False)
            if self.changed:
                yield Static(self.changed, id="phase-changed", markup=False)
            proposes = any(c.kind == "phase.propose" for c in self.choices)
            if opened := open_line(self.state, self.me, proposes):
                yield Static(opened, id="phase-open", markup=False)
            if objections := objections_text(self.state):
                yield Static(objections, id="phase-objections", markup=False)
            if self.choices:
                yield Choices(
                    *[Option(c.label, id=str(i)) for i, c in enumerate(self.choices)],
                    id="phase-choices",
                )
                first = Static("", id="phase-choose-first", markup=False)
                first.display = False  # until an Enter chooses nothing
                yield first
                if any(c.reason != "none" for c in self.choices):
                    yield StillInput(  # keeps what was typed when it takes the keys
                        placeholder=_("Reason (needed for an objection)"),
                        id="phase-reason",
                        select_on_focus=False,
                    )
                    yield FieldError(id="phase-reason-error")
            else:
                yield Static(why_not(self.state, self.me, self.here), id="phase-none", markup=False)
            yield Static(self._hint(), id="phase-hint", classes="dialog-hint", markup=False)

    def _hint(self, chosen: PhaseChoice | None = None) -> str:
        """The keys, under the reason box. With a proposal highlighted that replaces the open
        one, what Enter replaces, said before it is sent (naive s8 finding 4a: a reason typed
        for an objection became the reason of a proposal that replaced Anja's, unsaid)."""
        replaced = replaced_text(self.state, self.me)
        if chosen is not None and chosen.kind == "phase.propose" and replaced:
            return _("Enter replaces {proposal} with this one.").format(proposal=replaced)
        # One rule, said alike in both dialogs (the facilitator's move, answering a proposal):
        # Enter with nothing chosen chooses, Enter on a chosen line sends. "↓ chooses · Enter
        # sends" beside "Enter chooses it, Enter again sends it" read as two rules, and a
        # habitual second Enter leaked into the next phase (naive s13 N12).
        # With nothing to choose (a member under the facilitator rule) Enter does nothing.
        if len(self.choices) == 1 and self.choices[0].reason != "none":
            return _(
                "Enter chooses it, then Enter sends it · what you type is the reason · Esc back"
            )
        if len(self.choices) == 1:
            return _("Enter chooses it, then Enter sends it · Esc back")
        if any(c.reason != "none" for c in self.choices):
            return _(
                "↓ or Enter chooses, then Enter sends · what you type is the reason · Esc back"
            )
        if self.choices:
            return _("↓ or Enter chooses, then Enter sends · Esc back")
        return _("Escape goes back.")

    def on_mount(self) -> None:
        if self.choices:
            choices = self.query_one(OptionList)
            # Nothing is preselected, ever: ↓ then Enter chooses the first, whatever happened
            # before (naive s8 finding 4b: the first was preselected except right after a move,
            # so a learnt "↓ Enter" chose the second); an Enter meant for what the screen showed
            # a moment ago chooses nothing (naive s6b findings B and E).
            choices.highlighted = None
            choices.focus()
            found = self.query("#phase-reason")
            if self.reason_kept and found:
                fill(found.first(Input), self.reason_kept)
        self._shown_at = get_time()  # the clock every key is stamped with when typed
        self.call_after_refresh(self.fit)

    def fit(self) -> None:
        """The list gives up rows so the reason box and the keys under it stay on screen
        (naive s8 finding 4a: late in a meeting eight choices filled the dialog at 80×24 and
        a reason was typed blind); the list scrolls, the highlighted choice in view."""
        lists = self.query("#phase-choices")
        if not lists or not self.is_mounted:
            return
        dialog = self.query_one("#phase-dialog", Vertical)
        choices = lists.first(OptionList)
        shown = [child for child in dialog.children if child.display]
        rows = max((c.virtual_region.bottom + c.styles.margin.bottom for c in shown), default=0)
        room = self.size.height - (dialog.outer_size.height - dialog.content_size.height)
        over = rows - room
        if over > 0:
            choices.styles.max_height = max(choices.outer_size.height - over, 3)
        elif over < 0 and choices.styles.max_height is not None:
            wanted = choices.outer_size.height - over
            choices.styles.max_height = min(wanted, LIST_ROWS)
        # The list scrolled to the highlight before it shrank (the longer "Enter replaces …"
        # hint takes its rows): scroll again once it has its new height, or ↓ moves the
        # highlight out of sight and Enter sends a choice never seen (naive s8b finding 2).
        choices.call_after_refresh(choices.scroll_to_highlight)

    @on(OptionList.OptionHighlighted, "#phase-choices")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self._rebuilding:
            return
        index = int(event.option.id or 0)
        chosen = self.choices[index]
        if index != self._named:
            self._named = None
        if self._asked is not None and index != self._asked:
            # The question was about the line left: it goes with it (Enter on this one asks
            # about this one).
            self._asked = None
            self.query_one("#phase-choose-first", Static).display = False
        hints = self.query("#phase-hint")
        if hints:
            hints.first(Static).update(self._hint(chosen))
            # Once more after the hint has its new height (a wrapped "Enter replaces …" took a
            # row the list still held, and the hint's end was cut: naive s8b finding 2).
            self.call_after_refresh(lambda: (self.fit(), self.call_after_refresh(self.fit)))

    def on_key(self, event: events.Key) -> None:
        """Right after someone else moved the group, an Enter typed before this dialog was
        there was meant for what the screen showed before (answering the proposal that just
        passed): it chooses nothing; the dialog says the group just moved.

        Letters typed in the list (after ↓ to "I object") are the reason: they go into the
        reason box, which keeps the keys; Enter there chooses what the list highlights."""
        if self.just_moved and event.key == "enter" and event.time < self._shown_at:
            event.stop()
            event.prevent_default()
            return
        chooser = self.focused
        if event.key == "enter" and isinstance(chooser, OptionList) and chooser.highlighted is None:
            event.stop()  # nothing chosen: say how, send nothing
            event.prevent_default()
            self._choose_first()
            return
        if event.key in ("up", "down") and isinstance(self.focused, Input):
            # ↑ ↓ in the reason still choose in the list (they did nothing once a reason was
            # typed: naive s6b F), as ↑ ↓ in a decide reason choose the response.
            event.stop()
            event.prevent_default()
            lists = self.query("#phase-choices")
            if lists:
                choices = lists.first(OptionList)
                choices.action_cursor_down() if event.key == "down" else choices.action_cursor_up()
            return
        if not event.is_printable or not event.character:
            return
        reason = self.query("#phase-reason")
        if not reason and isinstance(self.focused, OptionList):
            self._typed_on(event)
            return
        if not reason or not isinstance(self.focused, OptionList):
            return
        event.stop()
        event.prevent_default()
        box = reason.first(Input)
        focus_now(box)
        box.insert_text_at_cursor(event.character)

    def _typed_on(self, event: events.Key) -> None:
        """A letter typed in a dialog with no reason box (the facilitator's move, right after
        F6 Enter) was lost, and the sentence after it (naive s11b: 41 letters vanished while
        the dialog waited for its second Enter). The person is typing, not moving the group:
        the dialog closes, nothing moved, and the letter and the rest of the burst go, in
        order, to where the keys are below (``KeyRouting.again``)."""
        event.stop()
        event.prevent_default()
        again = getattr(self.app, "again", None)
        if callable(again):
            again(event)
        self.app.notify(_("Nothing moved: you typed, so F6 closed. F6 opens it again."))
        self.action_close()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if self._rebuilding:
            return  # the choices meant something else a moment ago (``follow``)
        choice = self.choices[int(event.option.id or 0)]
        found = self.query("#phase-reason")
        reason = found.first(Input).value.strip() if found else ""
        if choice.reason == "required" and not reason:
            self.query_one("#phase-reason-error", FieldError).show(
                _("Say why you object: the group needs your reason.")
            )
            focus_now(found.first(Input))
            return
        if self._ask_again(int(event.option.id or 0), choice):
            return
        if self._ask_far(int(event.option.id or 0), choice):
            return
        self.chosen_for = self.moment  # what the choice meant when it was made
        chosen = getattr(self.app, "dialog_chosen", None)
        if callable(chosen):
            chosen()  # a second Enter right after does nothing behind (naive s13 N12)
        self.dismiss((choice, reason))

    def _ask_again(self, index: int, choice: PhaseChoice) -> bool:
        """Right after someone else moved the group, a move chosen (a new proposal, or moving
        it) is not sent at once: the dialog says the group just moved and what this choice
        does, and Enter again sends it. Anja's F6 ↓ Enter, a second after the group reached
        Knots and meant as "ready", proposed Positions to everyone (naive s11 F-minor-20)."""
        if self.moved_to is None or choice.kind not in MOVES or self._asked == index:
            return False
        self._asked = index
        said = self.query_one("#phase-choose-first", Static)
        said.update(
            _(
                "The group has just moved to {phase}. “{choice}” is a new move: Enter again "
                "sends it; Escape goes back."
            ).format(phase=phase_label(self.moved_to), choice=choice.label)
        )
        said.display = True
        self.call_after_refresh(self.fit)
        return True

    def _ask_far(self, index: int, choice: PhaseChoice) -> bool:
        """The facilitator moving the group further than the next phase is asked once, the
        phase named: it moves every screen at once, and the list is counted with ↓ from no
        line chosen, so one ↓ short chose the line above. Anja, after the decision, wanted
        Knots (the fifth line), pressed ↓ four times and Enter, and the group was in
        Positions (naive s15 F5); in meeting 2's opening her ↓ Enter, meant for Knots, took
        every screen six phases on to Evaluate (naive s19 G6). Moving on, the next phase, is
        one line; so is the first line chosen and named by Enter ("Chosen: …", F6 Enter
        Enter carries on where the last meeting stopped); a proposal waits for answers."""
        to = choice.body.get("to")
        here = self.state.phase
        if (
            choice.kind != "phase.move"
            or choice.body.get("proposal") is not None
            or self._asked == index
            or here not in PHASES
            or to not in PHASES
        ):
            return False
        steps = PHASES.index(to) - PHASES.index(here)
        if steps > 1 and self._named != index:
            words = ngettext(
                "On to {phase}, past {count} phase? Every screen goes there at once. Enter "
                "again moves the group there; ↑ ↓ choose another; Escape closes this, nothing "
                "moved.",
                "On to {phase}, past {count} phases? Every screen goes there at once. Enter "
                "again moves the group there; ↑ ↓ choose another; Escape closes this, nothing "
                "moved.",
                steps - 1,
            ).format(phase=phase_label(to), count=steps - 1)
        elif steps < 0:
            words = _(
                "Back to {phase}? Every screen goes there at once. Enter again takes the group "
                "back; ↑ ↓ choose another; Escape closes this, nothing moved."
            ).format(phase=phase_label(to))
        else:
            return False
        self._asked = index
        said = self.query_one("#phase-choose-first", Static)
        said.update(words)
        said.display = True
        self.call_after_refresh(self.fit)
        return True

    @on(Input.Submitted, "#phase-reason")
    def _reason_done(self) -> None:
        """Enter in the reason chooses what is highlighted in the list, with this reason."""
        if self._rebuilding:
            return
        choices = self.query_one(OptionList)
        highlighted = choices.highlighted
        if highlighted is None and len(self.choices) == 1:
            self._choose_first()  # the keys stay in the reason: Enter again sends
            return
        if highlighted is None:
            # Not the first choice here: a reason typed is most often an objection's, and
            # Enter Enter would send it with "ready" (the list's Enter chooses the first).
            self.query_one("#phase-reason-error", FieldError).show(
                _("Choose in the list above what to do, then Enter.")
            )
            focus_now(choices)
            return
        choices.action_select()

    def _choose_first(self) -> None:
        """Enter with nothing chosen sends nothing. With one thing to choose it chooses that
        and says Enter again sends it (naive s9 finding 10: "↓ first" every time, when there
        was nothing else to choose); with more it says to choose with ↓. Nothing is
        preselected either way: an Enter meant for what the screen showed a moment ago
        never sends (naive s8 finding 4b, s6b findings B and E)."""
        said = self.query_one("#phase-choose-first", Static)
        if (self.just_moved or self.changed) and len(self.choices) > 1:
            # Right after someone else moved the group (before or while this was open) an
            # Enter may still be meant for what the screen showed before: ↓ chooses (s6b E).
            said.update(_("Nothing is chosen yet: choose with ↓ first, then Enter."))
            said.display = True
            self.call_after_refresh(self.fit)
            return
        # The first choice, however many there are (naive s11b N6: F6 Enter Enter moved the
        # group on from the opening, and in Knots, with "back" as a second choice, said
        # "choose with ↓ first"): still two Enters, nothing preselected on open.
        self._named = 0  # said here: the second Enter sends it, also a jump (``_ask_far``)
        self.query_one(OptionList).highlighted = 0
        more = _("↓ chooses another; ") if len(self.choices) > 1 else ""
        said.update(
            _("Chosen: “{choice}”. Enter again sends it; {more}Escape goes back.").format(
                choice=self.choices[0].label, more=more
            )
        )
        said.display = True
        self.call_after_refresh(self.fit)

    def action_close(self) -> None:
        found = self.query("#phase-reason")
        if found:
            self.reason_kept = found.first(Input).value
        self.dismiss(None)
