"""Participation balance: who has put how many words into the session, per phase.

Co-creation needs every voice (the seed texts' pitfalls are ego, control, power and pressure:
a few people filling the room). The group can only correct that if it sees it, so these pure
functions count contributions — the kinds that add text (``kinds.TEXT_ITEMS``), actions and the
table map, not votes or housekeeping — per member and per person a scribe spoke for.

Two deliberate choices, because a count on a wall can shame as easily as it can invite:
- rows are always sorted by **name**, never ranked by count: nobody is "first" or "last";
- ``quieter_voices`` names who has said clearly less than an even share (less than half of it),
  again in name order and meant to be shown **without numbers** on a projector, as an
  invitation ("we have not heard much yet from …"); the counts are for the facilitator's own
  screen. Nobody is singled out before anyone has spoken, or when only one voice is counted.
  Where it is shown to the room (the projector, the facilitator's meeting tools) it is worked
  out over the meeting going on and the people in the room now (``quieter_in_the_room``).

A person spoken for is a name any member may write, checked against nobody (attack s9 finding 2:
one knot "as scribe" for "Anja" put the member who wrote most on the wall; fifteen one-knot
voices diluted the even share until the really quiet member was no longer invited). So in the
room the quiet members come first and spoken-for voices after them, each with the scribe who
wrote their words (the UI marks them ✎ "… via …"), and the voices one scribe writes for add at
most ``VOICES_PER_SCRIBE`` shares to the even share: a scribe cannot dilute it further.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field, replace

from beraad.core.kinds import TEXT_ITEMS
from beraad.core.replica import MAX_CLOCK_AHEAD_MS
from beraad.core.state import Participation, SessionState

#: What counts as a contribution: everything that puts someone's words into the session, and
#: taking up the work: actions added, pulled and updated, groups put on the table map and marked
#: (the naive tester's projector asked to hear more from the one who wrote most actions).
CONTRIBUTION_KINDS: tuple[str, ...] = (
    *TEXT_ITEMS,
    "action.add",
    "action.pull",
    "action.update",
    "group.add",
    "group.mark",
)


@dataclass(frozen=True, slots=True)
class VoiceCount:
    """One voice's contributions. ``member`` is None for a person a scribe spoke for."""

    name: str
    member: str | None
    spoken_for: bool
    total: int
    by_phase: dict[str, int] = field(default_factory=dict)
    scribed: int = 0  # members only: contributions they wrote down for others
    #: In the room (``in_the_room``), for a person spoken for: the member who wrote most of
    #: their words down in this meeting (ties: the first key), so the wall can say whose.
    scribe: str | None = None


def _per_phase(counter: Participation | None) -> dict[str, int]:
    if counter is None:
        return {}
    result: dict[str, int] = {}
    for phase, kinds in counter.by_phase.items():
        count = sum(n for kind, n in kinds.items() if kind in CONTRIBUTION_KINDS)
        if count:
            result[phase] = count
    return result


def participation_balance(state: SessionState, phase: str | None = None) -> list[VoiceCount]:
    """Every member (also those who said nothing yet) and every spoken-for person, by name.

    With ``phase``, ``total`` counts that phase only (``by_phase`` still holds every phase).
    """
    rows: list[VoiceCount] = []
    for key, member in state.members.items():
        if not member.counts:
            continue  # a projector, a guest or a member still to be confirmed is not a voice
        counter = state.participation.get(key)
        by_phase = _per_phase(counter)
        rows.append(
            VoiceCount(
                name=state.name(key),
                member=key,
                spoken_for=False,
                total=by_phase.get(phase, 0) if phase else sum(by_phase.values()),
                by_phase=by_phase,
                scribed=counter.scribed if counter else 0,
            )
        )
    for counter in state.spoken_for.values():
        by_phase = _per_phase(counter)
        rows.append(
            VoiceCount(
                name=counter.member,
                member=None,
                spoken_for=True,
                total=by_phase.get(phase, 0) if phase else sum(by_phase.values()),
                by_phase=by_phase,
            )
        )
    return sorted(rows, key=lambda row: (row.name.casefold(), row.name, row.member or ""))


def quieter_voices(state: SessionState, phase: str | None = None) -> list[VoiceCount]:
    """The voices with less than half an even share of the contributions, in name order."""
    return _quieter(participation_balance(state, phase))


def _quieter(rows: list[VoiceCount]) -> list[VoiceCount]:
    total = sum(row.total for row in rows)
    if total == 0 or len(rows) < 2:
        return []
    return [row for row in rows if row.total * 2 * len(rows) < total]


#: How long a meeting in the room lasts at most: an evening. What was said longer ago is not
#: counted for the invitation on the wall, also in a meeting that went on for weeks (a group
#: that never ends its meetings: naive s9 finding 5's meeting held months of older words).
SITTING_MS = 6 * 60 * 60 * 1000

#: How many shares of the even share the people one scribe speaks for add at most, however
#: many names the scribe writes: a scribe beside someone without a device, or two, is the room
#: the method has in mind; a flood of names must not silence the invitation to the quiet
#: members who are here (attack s9 finding 2).
VOICES_PER_SCRIBE = 2


@dataclass(frozen=True)
class Sitting:
    """The times (ms) whose contributions count: from ``since`` up to ``until``, each open
    when None; ``Sitting()`` is the whole meeting."""

    since: int | None = None
    until: int | None = None

    def holds(self, at: int) -> bool:
        return (self.since is None or at >= self.since) and (self.until is None or at <= self.until)


def sitting(now: int) -> Sitting:
    """The times that count as this sitting on a screen whose clock reads ``now`` (ms): from
    ``SITTING_MS`` before it to as far ahead as a peer takes a record live
    (``replica.MAX_CLOCK_AHEAD_MS``). A contribution dated later came from a bundle or a clock
    far off: without that bound, 20 knots dated 2199 counted in every later sitting and made
    everyone else the quiet ones (attack s9 finding 2c)."""
    return Sitting(now - SITTING_MS, now + MAX_CLOCK_AHEAD_MS)


def in_the_room(
    state: SessionState,
    here: Collection[str],
    phase: str | None = None,
    within: Sitting = Sitting(),
) -> list[VoiceCount]:
    """The voices in the room now, each with what they said in **this meeting** (in ``phase``
    only, when given; dated ``within`` only: ``sitting(now)`` for the wall), in name order.

    An invitation to the quieter voices is for the people in the room, about the meeting going
    on (naive s9 finding 5: counted over the whole trajectory and over everyone, the wall asked
    to hear more from the one who wrote every contribution of the evening, having joined late,
    and from someone who had left). ``here`` are the member keys present now; a person a scribe
    speaks for has no device, so counts as here once they spoke in this meeting. Between
    meetings nobody is in the room."""
    if state.between_meetings:
        return []
    meeting = state.meeting

    def said(counter: Participation | None) -> list[str]:
        """Who wrote each of this voice's counted contributions (the voice's own key for a
        member; the scribe for a person spoken for)."""
        if counter is None:
            return []
        return [
            by
            for at, in_phase, by in counter.by_meeting.get(meeting, ())
            if (phase is None or in_phase == phase) and within.holds(at)
        ]

    rows = [
        replace(row, total=len(said(state.participation.get(row.member))))
        for row in participation_balance(state, phase)
        if not row.spoken_for and row.member in here
    ]
    for counter in state.spoken_for.values():
        writers = Counter(said(counter))
        if writers:
            scribe = min(writers, key=lambda key: (-writers[key], key))
            total = writers.total()
            rows.append(
                VoiceCount(
                    name=counter.member, member=None, spoken_for=True, total=total, scribe=scribe
                )
            )
    return sorted(rows, key=lambda row: (row.name.casefold(), row.name, row.member or ""))


def quieter_in_the_room(
    state: SessionState,
    here: Collection[str],
    phase: str | None = None,
    within: Sitting = Sitting(),
) -> list[VoiceCount]:
    """``quieter_voices`` among those in the room now, over this meeting (``in_the_room``):
    the quiet members first, in name order, then the quiet people spoken for, in name order.

    Everything said counts towards the even share, but the people one scribe speaks for add
    at most ``VOICES_PER_SCRIBE`` shares to it (attack s9 finding 2: fifteen one-knot names
    spread it so thin that nobody was below half of it)."""
    rows = in_the_room(state, here, phase, within)
    total = sum(row.total for row in rows)
    members = sum(1 for row in rows if not row.spoken_for)
    per_scribe = Counter(row.scribe for row in rows if row.spoken_for)
    shares = members + sum(min(n, VOICES_PER_SCRIBE) for n in per_scribe.values())
    if total == 0 or shares < 2:
        return []
    quiet = [row for row in rows if row.total * 2 * shares < total]
    return [row for row in quiet if not row.spoken_for] + [row for row in quiet if row.spoken_for]
