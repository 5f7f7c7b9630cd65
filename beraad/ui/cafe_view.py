"""What the screens say about a world café: pure functions of the folded state, in words.

The café screen (F9), the status line under the phase bar and the projector all read the café
through these, so "table 2" means the same table everywhere (tables are numbered from 1).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from beraad.core.cafe import cafe_now, harvest, seat_of, table_people
from beraad.core.state import Cafe, SessionState, Voice
from beraad.i18n import _
from beraad.i18n.kinds import ITEM_WORDS
from beraad.ui.plain import shown


@dataclass(frozen=True, slots=True)
class Seat:
    """Where one voice sits in the round that matters now (going on, or next)."""

    round: int
    running: bool
    table: int  # 0-based
    question: str
    host: bool
    mates: tuple[str, ...]  # who sits there, host first, as shown
    next_table: int | None  # where this voice goes in the round after (0-based), if any


def round_shown(cafe: Cafe) -> int | None:
    """The round a screen shows: the one going on, else the next one; None once it is over."""
    if cafe.running:
        return cafe.round
    if not cafe.finished:
        return cafe.round + 1
    return None


def voice_name(state: SessionState, voice: Voice) -> str:
    return voice.speaker if voice.speaker is not None else state.name(voice.member)


def people_at(state: SessionState, cafe: Cafe, number: int, table: int) -> list[str]:
    """Who sits at ``table`` in round ``number``, the host marked, as shown."""
    names = [voice_name(state, v) for v in table_people(cafe, number, table)]
    if names:
        names[0] = _("{name} (host)").format(name=names[0])
    return names


def my_seat(state: SessionState, me: str, speaker: str | None = None) -> Seat | None:
    cafe = cafe_now(state)
    if cafe is None:
        return None
    number = round_shown(cafe)
    if number is None:
        return None
    table = seat_of(cafe, number, me, speaker)
    if table is None:
        return None
    host_voice = cafe.people[cafe.tables[table].host]
    later = seat_of(cafe, number + 1, me, speaker) if number < len(cafe.plan) else None
    return Seat(
        round=number,
        running=cafe.running,
        table=table,
        question=cafe.tables[table].question,
        host=host_voice.member == me and host_voice.speaker == speaker,
        mates=tuple(people_at(state, cafe, number, table)),
        next_table=later,
    )


def table_label(table: int) -> str:
    return _("Table {number}").format(number=table + 1)


def round_line(cafe: Cafe) -> str:
    """``Round 2 of 3 is going``, ``Round 1 of 3 has ended; round 2 is next``, …"""
    total = len(cafe.plan)
    if cafe.running:
        return _("Round {number} of {count} is going").format(number=cafe.round, count=total)
    if cafe.ended_early:
        return _("The café was ended after {number} of {count} rounds").format(
            number=cafe.round, count=total
        )
    if cafe.ended_in is not None:
        return _("The café ended with the meeting, after {number} of {count} rounds").format(
            number=cafe.round, count=total
        )
    if cafe.round == 0:
        return _("Set up: {count} rounds, not started yet").format(count=total)
    if cafe.round < total:
        return _("Round {number} of {count} has ended; round {next} is next").format(
            number=cafe.round, count=total, next=cafe.round + 1
        )
    return _("The café is over: its harvest is in the phases, by table")


def status_part(
    state: SessionState, me: str, speaker: str | None = None, *, short: bool = False
) -> str | None:
    """For the one-line status: ``Café: table 2 (F9)`` while a café is on, else None. A guest
    has no café screen (F9 is off for guests) and no seat: only the round, without the key."""
    cafe = cafe_now(state)
    if cafe is None or round_shown(cafe) is None:
        return None
    member = state.members.get(me)
    if member is not None and member.guest:
        return _("Café round {number}").format(number=round_shown(cafe))
    seat = my_seat(state, me, speaker)
    if seat is None:
        return _("Café round {number} (F9)").format(number=round_shown(cafe))
    if short:  # a full status line: the table number matters, the words around it less
        if seat.running:
            return _("Café: table {table} (F9)").format(table=seat.table + 1)
        return _("Café next: table {table} (F9)").format(table=seat.table + 1)
    if seat.running:
        return _("Café: you sit at table {table} (F9)").format(table=seat.table + 1)
    return _("Café: next at table {table} (F9)").format(table=seat.table + 1)


def harvest_lines(state: SessionState, table: int, before: int) -> list[str]:
    """What earlier rounds wrote at ``table``, the latest round first, for its host to pass on
    to the newcomers."""
    cafe = cafe_now(state)
    if cafe is None:
        return []
    lines = []
    written = harvest(state, cafe, table, before=before)
    # the round just before first: what the newcomers most need; within a round, as written
    written.sort(key=lambda found: -found[0])
    for number, item in written:
        who = item.speaker if item.speaker is not None else state.name(item.author)
        word = _(ITEM_WORDS.get(item.kind, "knot"))
        lines.append(
            _("Round {number} · {what}: {text} — {name}").format(
                number=number, what=word, text=shown(item.text), name=who
            )
        )
    return lines


def seating_rows(state: SessionState, cafe: Cafe, number: int) -> list[tuple[str, str, str]]:
    """(table, question, who sits there) for every table in round ``number``."""
    return [
        (table_label(index), table.question, ", ".join(people_at(state, cafe, number, index)))
        for index, table in enumerate(cafe.tables)
    ]


def pairs_line(cafe: Cafe) -> str:
    return _(
        "Pairs that sit together more than once: {repeated} (no seating can have fewer than "
        "{bound})"
    ).format(repeated=cafe.repeated, bound=cafe.bound)


def table_of(state: SessionState, item_id: str) -> tuple[int, int] | None:
    """(café index, table index) where this contribution was written, or None."""
    for index, cafe in enumerate(state.cafes):
        tag = cafe.tags.get(item_id)
        if tag is not None:
            return index, tag.table
    return None


def table_mark(state: SessionState, item_id: str) -> str:
    """`` · table 2`` after a contribution written at a café table (else empty)."""
    found = table_of(state, item_id)
    if found is None:
        return ""
    return " · " + _("table {number}").format(number=found[1] + 1)


def seating_on_the_wall(cafe: Cafe | None) -> bool:
    """Does the projector show the café's seating rather than the group's phase? While a
    round goes on, and before the first (the room sits down). Between rounds the group may move
    on (to Act, to Evaluate): the wall follows the phase, as it does once the café is over."""
    return cafe is not None and not cafe.finished and (cafe.running or cafe.round == 0)


def projector_seating(state: SessionState) -> RenderableType | None:
    """For the beamer while a café is on: where everyone sits this round (or sits next), and
    during a round where each person goes next; None when no café is on."""
    cafe = cafe_now(state)
    number = round_shown(cafe) if cafe is not None else None
    if cafe is None or number is None:
        return None
    parts: list[RenderableType] = []
    heading = _("Seating, round {number}") if cafe.running else _("Sit down for round {number}")
    parts.append(Text(heading.format(number=number), style="bold"))
    parts.append(_seating_table(state, cafe, number))
    if cafe.running and number < len(cafe.plan):
        parts.append(Text(""))
        parts.append(Text(_("Next round, go to"), style="bold"))
        parts.append(_seating_table(state, cafe, number + 1))
    return Group(*parts)


def _seating_table(state: SessionState, cafe: Cafe, number: int) -> Table:
    table = Table(box=None, padding=(0, 1), pad_edge=False, show_header=False, expand=True)
    table.add_column(no_wrap=True, style="bold")
    table.add_column(ratio=1)
    for index, _question in enumerate(cafe.tables):
        table.add_row(
            Text(table_label(index)),
            Text(", ".join(people_at(state, cafe, number, index)), overflow="fold"),
        )
    return table
