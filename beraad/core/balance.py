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
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field, replace

from beraad.core.kinds import TEXT_ITEMS
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


def in_the_room(
    state: SessionState, here: Collection[str], phase: str | None = None, since: int | None = None
) -> list[VoiceCount]:
    """The voices in the room now, each with what they said in **this meeting** (in ``phase``
    only, when given; since the time ``since`` only, when given: ``SITTING_MS`` before now
    for the wall), in name order.

    An invitation to the quieter voices is for the people in the room, about the meeting going
    on (naive s9 finding 5: counted over the whole trajectory and over everyone, the wall asked
    to hear more from the one who wrote every contribution of the evening, having joined late,
    and from someone who had left). ``here`` are the member keys present now; a person a scribe
    speaks for has no device, so counts as here once they spoke in this meeting. Between
    meetings nobody is in the room."""
    if state.between_meetings:
        return []
    meeting = state.meeting

    def said(counter: Participation | None) -> int:
        if counter is None:
            return 0
        return sum(
            1
            for at, in_phase in counter.by_meeting.get(meeting, ())
            if (phase is None or in_phase == phase) and (since is None or at >= since)
        )

    rows = [
        replace(row, total=said(state.participation.get(row.member)))
        for row in participation_balance(state, phase)
        if not row.spoken_for and row.member in here
    ]
    for counter in state.spoken_for.values():
        total = said(counter)
        if total:
            rows.append(VoiceCount(name=counter.member, member=None, spoken_for=True, total=total))
    return sorted(rows, key=lambda row: (row.name.casefold(), row.name, row.member or ""))


def quieter_in_the_room(
    state: SessionState, here: Collection[str], phase: str | None = None, since: int | None = None
) -> list[VoiceCount]:
    """``quieter_voices`` among those in the room now, over this meeting (``in_the_room``)."""
    return _quieter(in_the_room(state, here, phase, since))
