"""Meeting tools: the speaking queue, the word, the shared timer, rounds and who has been heard.

Opened on top of the session screen (``MeetingScreen(node, session, speaker=…)``); it closes
with the "speaking for" choice, so the session screen can keep using it. The screen listens to
the node itself (``Node.subscribe``), so what others do appears at once, and it contributes
through ``Node.contribute`` in a worker: the node's refusal, already in the person's language,
is shown as a notification. The rules (who gives the word, who starts a timer) are the core's
(``beraad.core.meeting``); this screen only offers and shows.

Participation is shown by name, never ranked (``beraad.core.balance``): the seed texts warn that
ego, control and pressure fill a room; seeing it lets the group invite the quieter voices.

Wiring into ``SessionScreen`` (F7: a letter would collide with typing, docs/focus.md)::

    Binding("f7", "meeting", N_("Meeting tools"))         # in BINDINGS
    self.speaker: str | None = None                        # in __init__
    yield MeetingStatus(id="meeting-status")               # in compose, under the PhaseBar
    self.query_one(MeetingStatus).show(self.state, self.me, self.speaker)   # in _draw_bars

    def action_meeting(self) -> None:
        screen = MeetingScreen(self.node, self.session, speaker=self.speaker)
        self.app.push_screen(screen, self._speaker_chosen)

    def _speaker_chosen(self, speaker: str | None) -> None:
        self.speaker = speaker
        self._draw_bars()

    # in _asked (every PhaseView.Contribute): the record counts for whom the scribe speaks for
    self._contribute(message.kind, apply_speaker(message.kind, message.body, self.speaker))
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, OptionList, Static
from textual.widgets.option_list import Option

from beraad.core.balance import participation_balance, quieter_in_the_room, sitting
from beraad.core.kinds import KINDS
from beraad.core.meeting import queue_position, round_order
from beraad.core.session import (
    floor_body,
    hand_lower_body,
    hand_raise_body,
    round_body,
    timer_body,
)
from beraad.core.state import Round, SessionState
from beraad.i18n import N_, _
from beraad.ui import facilitation
from beraad.ui.plain import cell
from beraad.ui.screens.base import LiveScreen
from beraad.ui.screens.facilitation import FacilitationScreen
from beraad.ui.widgets.composer import focus_now
from beraad.ui.widgets.footer import TranslatedFooter
from beraad.ui.widgets.meeting_speaker import (
    MeetingSpeaker,
    known_speakers,
    remember_speaker,
)
from beraad.ui.widgets.meeting_status import (
    Clock,
    floor_text,
    invited_names,
    round_text,
    timer_text,
    voice_label,
    wall_clock,
)
from beraad.ui.widgets.phase_bar import phase_label
from beraad.ui.widgets.sending_input import StillInput

#: The longest timer offered here, in minutes (the record allows a whole day).
MAX_MINUTES = 24 * 60
#: The record each action writes, where who may write it depends on the process rule.
ACTION_KINDS = {
    "give": "floor.give",
    "timer": "timer.start",
    "stop_timer": "timer.stop",
    "round": "round.start",
    "end_round": "round.end",
}
#: The key hints beside each line: (action, key, what it does). Only those this member may use
#: now are shown (docs/focus.md: offer what one may do), so a member sees no "^t set".
#: Every action is on a ctrl- or function key: a scribe types names here, and a letter must
#: never start a timer or a round for everyone (letters in the hand list go to the name box).
KEY_HINTS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "keys-word": (("give", "^g", N_("give")), ("end_word", "^o", N_("end"))),
    "keys-hand": (("hand", "^r", N_("your hand")), ("lower", "del", N_("lower the chosen"))),
    "keys-timer": (("timer", "^t", N_("set")), ("stop_timer", "^t", N_("stop"))),
    "keys-round": (
        ("round", "^n", N_("start")),
        ("pass_turn", "^y", N_("pass")),
        ("end_round", "^n", N_("end")),
    ),
    "keys-phase": (("balance_phase", "F4", N_("other phase")),),
    "keys-facilitation": (("facilitation", "^f", N_("hand over")),),
}


def queue_entries(state: SessionState, me: str) -> list[tuple[str, str, str | None, str]]:
    """(option id, member, speaker, label) for the queue list: raised hands in order; for the
    facilitator (under that rule) also everyone else, to give the word to anyone."""
    entries = []
    for number, hand in enumerate(state.queue, start=1):
        label = f"{number}. {voice_label(state, hand.member, hand.speaker, me)}"
        entries.append((f"hand-{number}", hand.member, hand.speaker, label))
    info = state.info
    if info is not None and info.process_rule == "facilitator" and me == state.facilitator:
        floor = state.floor
        for key in round_order(state):
            if queue_position(state, key) is not None:
                continue
            if floor is not None and floor.member == key and floor.speaker is None:
                continue
            label = "   " + _("{name}, no hand raised").format(
                name=voice_label(state, key, None, me)
            )
            entries.append((f"member-{key}", key, None, label))
    return entries


class MeetingScreen(LiveScreen):
    """The meeting tools of one session; dismisses with the "speaking for" choice."""

    HELP_TEXT = N_(
        "Tools for the meeting in the room. The keys start in the box for someone without a "
        "device; letters are always text here (typed in the list, they go to that box), so "
        "every tool is on a Ctrl key.\n\n"
        "- **Ctrl+R** raises your hand, or lowers it; as scribe, the hand of the person you "
        "speak for.\n"
        "- **Ctrl+G** gives the word to the first raised hand, the head of the queue. Under the "
        "facilitator rule the facilitator may also give it to anyone: **Enter** on a name in "
        "the list (**Tab** goes there). Under the consent rule it goes to the first raised "
        "hand, and anyone may pass it on. **Ctrl+O** ends the word; **Delete** in the list "
        "lowers the chosen hand (your own; the facilitator's for anyone).\n"
        "- **Ctrl+T** sets the shared timer in minutes (Enter starts it), or stops the one that "
        "runs. Every screen counts down from the same start.\n"
        "- **Ctrl+N** starts a round in name order, or ends the one going; **Ctrl+Y** passes "
        "your turn. Saying something in the phase also takes your turn.\n"
        "- Under the facilitator rule only the facilitator sets the timer and starts or ends a "
        "round; others are not offered those keys.\n"
        "- **Ctrl+F**: who facilitates. The facilitator hands the role over; if the "
        "facilitator is gone, a member asks to take it over and another seconds it.\n"
        "- **Speaking for**: type the name of someone without a device and press Enter (or "
        "choose a name or *me* with **Shift+Tab**); what you then add counts for them.\n"
        "- The table counts contributions per person in one phase (**F4** shows another) and "
        "in all phases, in name order. ✎ marks a person spoken for by a scribe. Who we have "
        "not heard much from yet is worked out over this meeting, among those here now."
    )
    BINDINGS = [
        Binding("escape", "close", N_("Back")),
        Binding("ctrl+r", "hand", N_("Hand")),
        Binding("ctrl+g", "give", N_("Give word")),
        Binding("ctrl+o", "end_word", N_("End word"), show=False),
        Binding("delete", "lower", N_("Lower hand")),
        Binding("ctrl+t", "timer", N_("Timer")),
        Binding("ctrl+t", "stop_timer", N_("Stop timer")),
        Binding("ctrl+n", "round", N_("Round")),
        Binding("ctrl+n", "end_round", N_("End round")),
        Binding("ctrl+y", "pass_turn", N_("Pass")),
        Binding("f4", "balance_phase", N_("Phase"), show=False),
        Binding("ctrl+f", "facilitation", N_("Facilitation"), show=False),
    ]
    DEFAULT_CSS = """
    MeetingScreen { align: center middle; }
    MeetingScreen > #meeting { width: 100%; height: 1fr; padding: 0 1; background: $panel; }
    MeetingScreen #meeting-top { height: 1; }
    MeetingScreen #meeting-title {
        width: auto; height: 1; padding-right: 2; text-style: bold; color: $text-primary;
    }
    MeetingScreen .meeting-row { height: 1; margin-top: 1; }
    MeetingScreen .meeting-line { width: 1fr; height: 1; text-wrap: nowrap;
                                  text-overflow: ellipsis; }
    MeetingScreen .meeting-label { text-style: bold; }
    MeetingScreen .meeting-keys { width: auto; height: 1; color: $text-muted; padding-left: 1; }
    MeetingScreen #meeting-queue { height: auto; max-height: 4; border: none; padding: 0 0 0 1; }
    MeetingScreen #timer-minutes { width: 12; }
    MeetingScreen #meeting-balance { height: auto; max-height: 7; }
    MeetingScreen #meeting-turns { height: auto; max-height: 2; padding-left: 2; }
    MeetingScreen #meeting-heard { height: auto; color: $text-accent; }
    """

    TICKS = True

    def __init__(
        self,
        node: Any,
        session: str,
        *,
        speaker: str | None = None,
        clock: Clock = wall_clock,
    ) -> None:
        super().__init__(node, session)
        self.clock = clock
        self.speaker = speaker
        self.balance_phase: str | None = self.state.phase
        self._entries: list[tuple[str, str, str | None, str]] = []
        self._timer_ran = False
        """Whether a timer ran at the last tick (Ctrl+T then stops it rather than sets one)."""

    # Composition ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="meeting"):
            with Horizontal(id="meeting-top"):
                yield Static(_("Meeting tools"), id="meeting-title")
                yield Static(id="meeting-facilitation", classes="meeting-line", markup=False)
                yield Static(id="keys-facilitation", classes="meeting-keys")
            yield MeetingSpeaker(self._speaker_names(), self.speaker, id="meeting-speaker")
            with Horizontal(classes="meeting-row"):
                yield Static(id="meeting-floor", classes="meeting-line")
                yield Static(id="keys-word", classes="meeting-keys")
            with Horizontal(classes="meeting-row"):
                yield Static(_("Waiting for the word"), classes="meeting-line meeting-label")
                yield Static(id="keys-hand", classes="meeting-keys")
            yield OptionList(id="meeting-queue", markup=False)  # names, not markup
            with Horizontal(classes="meeting-row"):
                yield Static(id="meeting-timer", classes="meeting-line", markup=False)
                yield StillInput(
                    placeholder=_("minutes"),
                    type="integer",
                    compact=True,
                    max_length=4,
                    id="timer-minutes",
                )
                yield Static(id="keys-timer", classes="meeting-keys")
            with Horizontal(classes="meeting-row"):
                yield Static(id="meeting-round", classes="meeting-line")
                yield Static(id="keys-round", classes="meeting-keys")
            yield Static(id="meeting-turns")
            with Horizontal(classes="meeting-row"):
                yield Static(
                    _("Who has said how much, by name"), classes="meeting-line meeting-label"
                )
                yield Static(id="keys-phase", classes="meeting-keys")
            yield DataTable(
                id="meeting-balance", show_cursor=False, cursor_type="none", zebra_stripes=True
            )
            yield Static(id="meeting-heard", markup=False)
        yield TranslatedFooter()

    def arrive(self) -> None:
        """The keys start where a scribe types: the box for someone without a device."""
        self.query_one("#speaker-new", Input).focus()

    def on_key(self, event: events.Key) -> None:
        """A letter (any printable key) typed in the hand list or the table is a name: it goes
        to the box (a letter lost there was the first of the next name)."""
        lists = (self.query_one("#meeting-queue"), self.query_one("#meeting-balance"))
        if self.focused not in lists or not event.is_printable or not event.character:
            return
        event.stop()
        event.prevent_default()
        box = self.query_one("#speaker-new", Input)
        focus_now(box)
        box.insert_text_at_cursor(event.character)

    @on(OptionList.OptionHighlighted, "#meeting-queue")
    def _row_chosen(self) -> None:
        self.refresh_bindings()  # Delete lowers the chosen hand: only on a hand

    def recomposed(self) -> None:
        self._entries = []

    # The state ------------------------------------------------------------------------------

    def draw(self) -> None:
        if self.balance_phase is None:
            self.balance_phase = self.state.phase
        state, me = self.state, self.me
        self.query_one(MeetingSpeaker).set_names(self._speaker_names())
        floor = Text(floor_text(state, me), style="bold" if state.floor else "")
        if state.floor is not None and state.floor.given_by != state.floor.member:
            floor.append(
                " " + _("(given by {name})").format(name=state.name(state.floor.given_by)),
                style="dim",
            )
        self.query_one("#meeting-floor", Static).update(floor)
        here = {p.peer for p in self.node.peers(self.session) if p.connected} | {me}
        self.query_one("#meeting-facilitation", Static).update(facilitation.status(state, me, here))
        self._draw_queue()
        self._draw_key_hints()
        self.refresh_bindings()
        self._tick()
        self._draw_round()
        self._draw_balance()

    def _draw_key_hints(self) -> None:
        """Beside each line only the keys this member may use now (a handover changes them)."""
        for hint_id, hints in KEY_HINTS.items():
            shown = [
                f"{key} {self._what(action, what)}"
                for action, key, what in hints
                if self._offered(action)
            ]
            self.query_one(f"#{hint_id}", Static).update(" · ".join(shown))
        self.query_one("#timer-minutes", Input).display = self._offered("timer")

    def _what(self, action: str, what: str) -> str:
        """A hint's words; Ctrl+R names whose hand it is when the scribe speaks for someone."""
        speaker = self._speaker()
        if action == "hand" and speaker:
            return _("hand of {name}").format(name=speaker)
        if action == "facilitation" and self.me != self.state.facilitator:
            kinds = {offer.kind for offer in facilitation.offers(self.state, self.me)}
            return _("second") if "facilitator.second" in kinds else _("take over")
        return _(what)

    def _speaker(self) -> str | None:
        """Whom this person speaks for now, as the selector holds it (a name just typed counts
        at once, before its message reaches this screen)."""
        found = self.query(MeetingSpeaker)
        return found.first().speaker if found else self.speaker

    def _offered(self, action: str) -> bool:
        """May this member take ``action`` now (the rules, and what is going: one key sets or
        stops the timer, starts or ends a round)?"""
        kind = ACTION_KINDS.get(action)
        state = self.state
        if action == "facilitation":  # hand over, take over, second (ui/facilitation.py)
            return bool(facilitation.offers(state, self.me))
        if action == "end_word":  # whoever has the word, or the facilitator under that rule
            info = state.info
            leads = info is not None and info.process_rule == "facilitator"
            return (leads and self.me == state.facilitator) or self._holds_word()
        if kind is not None and not self.may_write(kind):
            return False
        if action in ("timer", "stop_timer"):
            timer = state.timer
            running = timer is not None and timer.remaining_ms(self.clock()) > 0
            return running == (action == "stop_timer")
        if action in ("round", "end_round", "pass_turn"):
            return (state.round is None) == (action == "round")
        if action == "lower":
            entry = self._current_entry()
            return entry is not None and entry[0].startswith("hand-")
        return True

    def _holds_word(self) -> bool:
        floor = self.state.floor
        return floor is not None and floor.member == self.me

    def _tick(self) -> None:
        shown = timer_text(self.state, self.clock()) or _("No timer runs.")
        self.query_one("#meeting-timer", Static).update(shown)
        running = self._offered("stop_timer")
        if running != self._timer_ran:  # time is up: Ctrl+T sets a new timer again
            self._timer_ran = running
            self._draw_key_hints()
            self.refresh_bindings()

    def _draw_round(self) -> None:
        """The round's state on its line; below it everyone's place: ✓ spoke, – passed, ▸ now."""
        current = self.state.round
        turns = self.query_one("#meeting-turns", Static)
        line = Text(no_wrap=True, overflow="ellipsis")
        if current is None:
            line.append(_("No round is going."), style="dim")
            turns.display = False
        else:
            line.append(round_text(self.state, self.me) or "", style="bold")
            if current.topic:
                line.append(f" — {current.topic}")
            turns.update(self._turns(current))
            turns.display = True
        self.query_one("#meeting-round", Static).update(line)

    def _turns(self, current: Round) -> Text:
        text = Text()
        done = len(current.turns)
        for index, voice in enumerate(current.order):
            if index:
                text.append("  ")
            name = voice_label(self.state, voice.member, voice.speaker)
            if index < done:
                mark = "–" if current.turns[index].passed else "✓"
                text.append(f"{mark}{name}", style="dim")
            elif index == done:
                text.append(f"▸{name}", style="reverse")
            else:
                text.append(name)
        return text

    def _draw_queue(self) -> None:
        queue = self.query_one("#meeting-queue", OptionList)
        entries = queue_entries(self.state, self.me)
        if entries == self._entries:
            return
        # The cursor stays on the entry the person moved it to; at the top, it follows the head.
        highlighted = queue.highlighted
        keep = self._entries[highlighted][0] if highlighted and self._entries else None
        self._entries = entries
        queue.clear_options()
        if not entries:
            queue.add_option(Option(_("Nobody is waiting for the word."), disabled=True))
            return
        queue.add_options([Option(label, id=option_id) for option_id, _m, _s, label in entries])
        ids = [entry[0] for entry in entries]
        queue.highlighted = ids.index(keep) if keep in ids else 0

    def _draw_balance(self) -> None:
        table = self.query_one("#meeting-balance", DataTable)
        phase = self.balance_phase or "opening"
        rows = []
        for row in participation_balance(self.state):
            name = f"{row.name} ✎" if row.spoken_for else row.name
            if row.member == self.me:
                name += " " + _("(you)")
            scribed = "" if row.spoken_for else str(row.scribed)
            spoken = str(row.by_phase.get(phase, 0))
            rows.append((cell(name), spoken, str(sum(row.by_phase.values())), scribed))
        # The names' column is as wide as the widest name, said outright: measured by the
        # table as rows come, it once shrank to the header's width ("Carl") when the timer
        # started, and "(you)" went.
        heading = _("Name")
        widest = max([cell_len(heading), *(row[0].cell_len for row in rows)])
        table.clear(columns=True)
        table.add_column(heading, width=widest)
        table.add_columns(phase_label(phase), _("All phases"), _("Wrote for others"))
        table.add_rows(rows)
        # Who is in the room now, over this meeting: the invitation is for them (naive s9 5).
        here = {p.peer for p in self.node.peers(self.session) if p.connected} | {self.me}
        tonight = sitting(self.clock())  # an evening, not weeks of one meeting nor 2199
        quieter = quieter_in_the_room(self.state, here, phase, tonight)
        heard = self.query_one("#meeting-heard", Static)
        # Said of what it counts: the table beside it counts every meeting, and "not heard
        # much from Bart" stood under Bart's 17, as many as Carla's (naive s13 N9).
        heard.update(
            _("This meeting, in {phase}, we have not heard much yet from: {names}").format(
                phase=phase_label(phase), names=invited_names(self.state, quieter)
            )
            if quieter
            else ""
        )
        heard.display = bool(quieter)

    def _speaker_names(self) -> list[str]:
        return known_speakers(self.state, self.node.local_values(self.session))

    # Contributions --------------------------------------------------------------------------

    def _current_entry(self) -> tuple[str, str, str | None, str] | None:
        highlighted = self.query_one("#meeting-queue", OptionList).highlighted
        if highlighted is None or not self._entries or highlighted >= len(self._entries):
            return None
        return self._entries[highlighted]

    def action_hand(self) -> None:
        """Raise my hand (or the hand of whom I speak for), or lower it if it is up."""
        speaker = self._speaker()
        if queue_position(self.state, self.me, speaker) is None:
            self.contribute("hand.raise", hand_raise_body(speaker))
        else:
            self.contribute("hand.lower", hand_lower_body(speaker=speaker))

    def action_lower(self) -> None:
        entry = self._current_entry()
        if entry is None or not entry[0].startswith("hand-"):
            self.notify(_("Put the cursor on a raised hand first."), severity="warning")
            return
        _id, member, speaker, _label = entry
        self.contribute("hand.lower", hand_lower_body(member=member, speaker=speaker))

    def action_give(self) -> None:
        """The word goes to the head of the queue: nobody with a raised hand is skipped."""
        if not self.state.queue:
            self.notify(_("Nobody has raised a hand."), severity="warning")
            return
        head = self.state.queue[0]
        self.contribute("floor.give", floor_body(head.member, head.speaker))

    @on(OptionList.OptionSelected, "#meeting-queue")
    def _give_chosen(self, event: OptionList.OptionSelected) -> None:
        """Enter on a name: the facilitator gives the word to that person on purpose."""
        event.stop()
        entry = self._current_entry()
        if entry is not None and self.may_write("floor.give", anyone=True):
            _id, member, speaker, _label = entry
            self.contribute("floor.give", floor_body(member, speaker))

    def may_write(self, kind: str, anyone: bool = False) -> bool:
        """May this member write ``kind`` now (kinds.py's "who")? ``anyone``: the word to a
        person of one's choosing, which only the facilitator does."""
        info, me = self.state.info, self.me
        if info is None:
            return False
        facilitating = info.process_rule == "facilitator"
        spec = KINDS.get(kind)
        if spec is not None and spec.who in ("steward", "facilitator") and facilitating:
            return me == self.state.facilitator
        if kind == "floor.give" and (facilitating or anyone):
            return facilitating and me == self.state.facilitator
        return True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Only the actions this member may take now are offered (and their keys work);
        Delete lowers a hand only in the list, on a hand."""
        if action == "lower" and self.focused is not self.query_one("#meeting-queue"):
            return False
        if action in ("close", "help"):
            return True
        return self._offered(action)

    def action_end_word(self) -> None:
        self.contribute("floor.give", floor_body(None))

    def action_timer(self) -> None:
        """Ctrl+T: minutes typed are set at once; none typed, the keys go to the minutes.
        Digits typed on arrival are minutes, not a name (no name is only digits): "3" then
        Ctrl+T put the 3 in the box for someone without a device and set no timer (naive s11
        F-minor-18)."""
        box = self.query_one("#timer-minutes", Input)
        speaker = self.query_one("#speaker-new", Input)
        typed = speaker.value.strip()
        if typed.isdigit() and not box.value.strip():
            speaker.value = ""
            box.value = typed
        if box.value.strip():
            self._set_timer(box)
            return
        self.set_focus(box)

    @on(Input.Submitted, "#timer-minutes")
    def _start_timer(self, event: Input.Submitted) -> None:
        event.stop()
        self._set_timer(event.input)

    def _set_timer(self, box: Input) -> None:
        text = box.value.strip()
        minutes = int(text) if text.isdigit() else 0
        if not 1 <= minutes <= MAX_MINUTES:
            self.notify(
                _("Give the timer 1 to {maximum} minutes.").format(maximum=MAX_MINUTES),
                severity="error",
            )
            self.set_focus(box)
            return
        box.value = ""
        self.contribute("timer.start", timer_body(minutes * 60))
        if self.focused is box:  # a Tab typed right after Enter has moved on already
            self.query_one("#speaker-new", Input).focus()

    def action_stop_timer(self) -> None:
        self.contribute("timer.stop", {})

    def action_round(self) -> None:
        self.contribute("round.start", round_body(round_order(self.state)))

    def action_pass_turn(self) -> None:
        self.contribute("round.pass", {})

    def action_end_round(self) -> None:
        self.contribute("round.end", {})

    def action_balance_phase(self) -> None:
        """Show the counts of the next phase of the session (round and round)."""
        info = self.state.info
        if info is None:
            return
        phases = list(info.phases)
        here = phases.index(self.balance_phase) if self.balance_phase in phases else -1
        self.balance_phase = phases[(here + 1) % len(phases)]
        self._draw_balance()

    # Speaking for ---------------------------------------------------------------------------

    @on(MeetingSpeaker.Changed)
    def _speaker_changed(self, message: MeetingSpeaker.Changed) -> None:
        self.speaker = message.speaker
        self._draw_key_hints()  # Ctrl+R names whose hand it raises

    @on(MeetingSpeaker.NameAdded)
    def _remember(self, message: MeetingSpeaker.NameAdded) -> None:
        local = self.node.local_values(self.session)
        try:
            self.node.set_local_values(self.session, remember_speaker(local, message.speaker))
        except Exception as problem:  # a full disk: the name still works for now
            self.notify(
                _("The name could not be remembered: {error}").format(error=problem),
                severity="warning",
                markup=False,
            )

    def action_facilitation(self) -> None:
        """Who facilitates: hand over, ask to take over, second a request."""
        self.app.push_screen(FacilitationScreen(self.node, self.session))

    def action_close(self) -> None:
        self.dismiss(self.speaker)
