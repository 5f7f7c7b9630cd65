"""One line about the meeting: who has the word, the shared timer, whose turn it is in a round.

Everything is read from the folded state. The timer's remaining time is computed from the
``timer.start`` record's own time (``Timer.remaining_ms``), never counted down locally, so every
peer shows the same time up to the difference between their clocks. The clock is a parameter
(milliseconds since the epoch) so tests and snapshots can fix "now".
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from rich.text import Text
from textual.timer import Timer as IntervalTimer
from textual.widgets import Static

from beraad.core.balance import VOICES_PER_SCRIBE, VoiceCount
from beraad.core.state import SessionState, Timer
from beraad.i18n import _
from beraad.ui.cafe_view import status_part as cafe_status
from beraad.ui.widgets.phase_bar import phase_label
from beraad.ui.widgets.unchanged import update

Clock = Callable[[], int]


def wall_clock() -> int:
    """Now, in integer milliseconds (as records' ``at``)."""
    return time.time_ns() // 1_000_000


def clock_text(milliseconds: int) -> str:
    """``4:05`` or ``1:02:03``, rounded up, so a fresh 5-minute timer shows 5:00 and 0:00
    appears only when the time is really up."""
    seconds = max(0, -(-milliseconds // 1000))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def voice_label(state: SessionState, member: str, speaker: str | None, me: str = "") -> str:
    """A voice as shown: the member's name, or the spoken-for person with their scribe."""
    if speaker is not None:
        return _("{name} via {scribe}").format(name=speaker, scribe=state.name(member))
    label = state.name(member)
    found = state.members.get(member)
    if found is not None and found.guest:  # an outsider invited to evaluate: always marked
        label = f"{label} {_('(guest)')}"
    return f"{label} {_('(you)')}" if member == me else label


def invited_names(state: SessionState, rows: Sequence[VoiceCount]) -> str:
    """The voices an invitation names (``balance.quieter_in_the_room``: members, then people
    spoken for), without counts. A person spoken for is never shown as a bare name, which may
    be a member's (attack s9 finding 2: the wall asked to hear more from "Anja", the member who
    wrote most, after one knot written "as scribe" for a speaker of that name): "✎ Anja via
    Mallory". One scribe's people are named up to ``VOICES_PER_SCRIBE``, the rest as "✎ others
    via Mallory", so a flood of names cannot fill the wall."""
    names: list[str] = []
    per_scribe: dict[str, int] = {}
    for row in rows:
        if not row.spoken_for or row.scribe is None:
            names.append(row.name)
            continue
        shown = per_scribe[row.scribe] = per_scribe.get(row.scribe, 0) + 1
        if shown <= VOICES_PER_SCRIBE:
            names.append("✎ " + voice_label(state, row.scribe, row.name))
        elif shown == VOICES_PER_SCRIBE + 1:
            names.append("✎ " + _("others via {scribe}").format(scribe=state.name(row.scribe)))
    return ", ".join(names)


def floor_text(state: SessionState, me: str = "") -> str:
    floor = state.floor
    if floor is None:
        return _("Nobody has the word")
    return _("{name} has the word").format(name=voice_label(state, floor.member, floor.speaker, me))


def timer_text(state: SessionState, now_ms: int) -> str | None:
    """``Timer 4:05`` (with its label, and its phase if the group moved on), or None."""
    timer: Timer | None = state.timer
    if timer is None:
        return None
    # A clock behind the starter's would show more than was set: never more than that.
    left = min(timer.remaining_ms(now_ms), timer.seconds * 1000)
    text = _("Timer {time}").format(time=clock_text(left)) if left else _("Time is up")
    extra = [timer.label] if timer.label else []
    if timer.phase != state.phase:
        extra.append(phase_label(timer.phase))
    return f"{text} ({', '.join(extra)})" if extra else text


def round_text(state: SessionState, me: str = "") -> str | None:
    """``Round: turn of Bart (2 of 3)``, ``Round: everyone had a turn``, or None."""
    current = state.round
    if current is None:
        return None
    turn = current.turn
    if turn is None:
        return _("Round: everyone has had a turn")
    return _("Round: turn of {name} ({number} of {count})").format(
        name=voice_label(state, turn.member, turn.speaker, me),
        number=len(current.turns) + 1,
        count=len(current.order),
    )


def status_text(
    state: SessionState,
    now_ms: int,
    me: str = "",
    speaker: str | None = None,
    width: int | None = None,
) -> Text:
    """The whole status line; when it is longer than ``width``, the café seat comes right
    after the floor, in short words, so the table number is never cut off (naive finding 9:
    ``… · Café: je zit aan tafel 1 (F…``)."""
    line = _status_line(state, now_ms, me, speaker, short=False)
    if width is None or line.cell_len <= width:
        return line
    return _status_line(state, now_ms, me, speaker, short=True)


def _status_line(
    state: SessionState, now_ms: int, me: str, speaker: str | None, *, short: bool
) -> Text:
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(floor_text(state, me), style="bold" if state.floor else "dim")
    seat = cafe_status(state, me, speaker, short=short)
    if seat and short:
        line.append(" · ")
        line.append(seat, style="bold")
    waiting = len(state.queue)
    if waiting:
        line.append(" · " + _("{count} waiting").format(count=waiting))
    for part in (timer_text(state, now_ms), round_text(state, me)):
        if part:
            line.append(" · " + part)
    if seat and not short:
        line.append(" · ")
        line.append(seat, style="bold")
    if speaker:
        line.append(" · ")
        line.append(_("speaking for {name}").format(name=speaker), style="reverse")
    return line


class MeetingStatus(Static):
    """Mount under the phase bar and call ``show`` after every change of the state."""

    DEFAULT_CSS = """
    MeetingStatus { height: 1; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, clock: Clock = wall_clock, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.clock = clock
        self.state: SessionState | None = None
        self.me = ""
        self.speaker: str | None = None
        self._ticker: IntervalTimer | None = None

    def on_mount(self) -> None:
        self._ticker = self.set_interval(1.0, self.tick)

    def show(self, state: SessionState, me: str = "", speaker: str | None = None) -> None:
        self.state, self.me, self.speaker = state, me, speaker
        self.tick()

    def tick(self) -> None:
        """Redraw with the time now (called every second; cheap when nothing runs)."""
        if self.state is not None:
            width = self.content_region.width or None
            update(self, status_text(self.state, self.clock(), self.me, self.speaker, width))
