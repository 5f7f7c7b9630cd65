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

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, OptionList, Static
from textual.widgets.option_list import Option

from beraad.core.balance import participation_balance, quieter_voices
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
from beraad.ui.phases.base import is_typing
from beraad.ui.plain import cell
from beraad.ui.screens.base import LiveScreen
from beraad.ui.widgets.footer import TranslatedFooter
from beraad.ui.widgets.meeting_speaker import (
    MeetingSpeaker,
    known_speakers,
    remember_speaker,
)
from beraad.ui.widgets.meeting_status import (
    Clock,
    floor_text,
    round_text,
    timer_text,
    voice_label,
    wall_clock,
)
from beraad.ui.widgets.phase_bar import phase_label

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
#: are shown (docs/focus.md: offer what one may do), so a member sees no "t set · s stop".
KEY_HINTS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "keys-word": (("give", "g", N_("give")), ("end_word", "x", N_("end"))),
    "keys-hand": (("hand", "h", N_("your hand")), ("lower", "l", N_("lower"))),
    "keys-timer": (("timer", "t", N_("set")), ("stop_timer", "s", N_("stop"))),
    "keys-round": (
        ("round", "r", N_("start")),
        ("pass_turn", "p", N_("pass")),
        ("end_round", "e", N_("end")),
    ),
    "keys-phase": (("balance_phase", "v", N_("other phase")),),
}
#: Actions on letter keys: not while the person types a name or minutes.
LETTER_ACTIONS = {
    "hand",
    "give",
    "end_word",
    "lower",
    "timer",
    "stop_timer",
    "round",
    "pass_turn",
    "end_round",
    "balance_phase",
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
        "Tools for the meeting in the room.\n\n"
        "- **h** raises your hand, or lowers it (for the person you speak for, as scribe).\n"
        "- **g** gives the word to the first raised hand, the head of the queue. Under the "
        "facilitator rule the facilitator may also give it to anyone: **Enter** on a name in "
        "the list. Under the consent rule it goes to the first raised hand, and anyone may pass "
        "it on. **x** ends the word; **l** lowers the hand under the cursor (your own; the "
        "facilitator's for anyone).\n"
        "- **t** sets the shared timer in minutes (Enter starts it); **s** stops it. Every "
        "screen counts down from the same start.\n"
        "- **r** starts a round in name order, **p** passes your turn, **e** ends the round. "
        "Saying something in the phase also takes your turn.\n"
        "- Under the facilitator rule only the facilitator sets the timer and starts or ends a "
        "round; others are not offered those keys.\n"
        "- **Speaking for**: choose *me*, or type the name of someone without a device and "
        "press Enter; what you then add counts for them.\n"
        "- The table counts contributions per person in one phase (**v** shows another) and "
        "in all phases, in name order. ✎ marks a person spoken for by a scribe."
    )
    BINDINGS = [
        Binding("escape", "close", N_("Back")),
        Binding("h", "hand", N_("Hand")),
        Binding("g", "give", N_("Give word")),
        Binding("x", "end_word", N_("End word"), show=False),
        Binding("l", "lower", N_("Lower hand"), show=False),
        Binding("t", "timer", N_("Timer")),
        Binding("s", "stop_timer", N_("Stop timer"), show=False),
        Binding("r", "round", N_("Round")),
        Binding("p", "pass_turn", N_("Pass")),
        Binding("e", "end_round", N_("End round"), show=False),
        Binding("v", "balance_phase", N_("Phase"), show=False),
    ]
    DEFAULT_CSS = """
    MeetingScreen { align: center middle; }
    MeetingScreen > #meeting { width: 100%; height: 1fr; padding: 0 1; background: $panel; }
    MeetingScreen .dialog-title { height: 1; }
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

    # Composition ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="meeting"):
            yield Static(_("Meeting tools"), classes="dialog-title")
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
                yield Input(
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
        self.query_one("#meeting-queue", OptionList).focus()

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
        self._draw_key_hints()
        self._draw_queue()
        self._tick()
        self._draw_round()
        self._draw_balance()

    def _draw_key_hints(self) -> None:
        """Beside each line only the keys this member may use now (a handover changes them)."""
        for hint_id, hints in KEY_HINTS.items():
            shown = [f"{key} {_(what)}" for action, key, what in hints if self._offered(action)]
            self.query_one(f"#{hint_id}", Static).update(" · ".join(shown))
        self.query_one("#timer-minutes", Input).display = self._offered("timer")

    def _offered(self, action: str) -> bool:
        kind = ACTION_KINDS.get(action)
        if action == "end_word":  # whoever has the word, or the facilitator under that rule
            info = self.state.info
            leads = info is not None and info.process_rule == "facilitator"
            return (leads and self.me == self.state.facilitator) or self._holds_word()
        return kind is None or self.may_write(kind)

    def _holds_word(self) -> bool:
        floor = self.state.floor
        return floor is not None and floor.member == self.me

    def _tick(self) -> None:
        shown = timer_text(self.state, self.clock()) or _("No timer runs.")
        self.query_one("#meeting-timer", Static).update(shown)

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
        table.clear(columns=True)
        table.add_columns(_("Name"), phase_label(phase), _("All phases"), _("Wrote for others"))
        for row in participation_balance(self.state):
            name = f"{row.name} ✎" if row.spoken_for else row.name
            if row.member == self.me:
                name += " " + _("(you)")
            scribed = "" if row.spoken_for else str(row.scribed)
            spoken = str(row.by_phase.get(phase, 0))
            table.add_row(cell(name), spoken, str(sum(row.by_phase.values())), scribed)
        quieter = [row.name for row in quieter_voices(self.state, phase)]
        heard = self.query_one("#meeting-heard", Static)
        heard.update(
            _("We have not heard much yet from: {names}").format(names=", ".join(quieter))
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
        if queue_position(self.state, self.me, self.speaker) is None:
            self.contribute("hand.raise", hand_raise_body(self.speaker))
        else:
            self.contribute("hand.lower", hand_lower_body(speaker=self.speaker))

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
        """Only the actions this member may take are offered (and their keys work)."""
        kind = ACTION_KINDS.get(action)
        if kind is not None and not self.may_write(kind):
            return False
        # While the person types a name or minutes, the letter is text.
        return not (action in LETTER_ACTIONS and is_typing(self.focused))

    def action_end_word(self) -> None:
        self.contribute("floor.give", floor_body(None))

    def action_timer(self) -> None:
        self.set_focus(self.query_one("#timer-minutes", Input))

    @on(Input.Submitted, "#timer-minutes")
    def _start_timer(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        minutes = int(text) if text.isdigit() else 0
        if not 1 <= minutes <= MAX_MINUTES:
            self.notify(
                _("Give the timer 1 to {maximum} minutes.").format(maximum=MAX_MINUTES),
                severity="error",
            )
            return
        event.input.value = ""
        self.contribute("timer.start", timer_body(minutes * 60))
        self.query_one("#meeting-queue", OptionList).focus()

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

    def action_close(self) -> None:
        self.dismiss(self.speaker)
