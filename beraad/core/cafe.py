"""World café in a session: the signed seating plan, its rounds, and who said what where.

The steward writes the whole plan into one ``cafe.setup`` record (people, tables with their
question and host, the round length, and per round who sits at which table; people are members
who count, or people without a device they speak for: not observers, guests or members waiting
for confirmation), so every peer
shows the same seating and ``verify`` re-checks it: the fold refuses a plan that seats someone
twice or moves a host, and counts its repeated pairs itself. ``cafe.round`` starts the next round
(and the shared timer, for the round's length); ``cafe.end`` ends it, and with ``whole`` ends
the café itself, before its last planned round. A text contribution made
while a round goes on is tagged with the table its voice (the author, or the person a scribe
speaks for) sits at and the round: that is the harvest a host passes on, and what the plenary
and the minutes group by table.

A café belongs to one meeting: ``meeting.end`` ends the round going on and the café with it
(``end_with_meeting``), so nothing written between meetings or in the next meeting counts as its
harvest; the next meeting sets up a new café if it wants one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from beraad.core.cafe_plan import (
    CafePlan,
    PlanError,
    lower_bound,
    plan_cafe,
    repeated_pairs,
    table_sizes,
)
from beraad.core.kinds import MAX_CAFE_SEATS
from beraad.core.messages import N_
from beraad.core.record import Record
from beraad.core.refusal import refuse, short
from beraad.core.session import clean_speaker, speaker_key
from beraad.core.state import (
    Cafe,
    CafeTable,
    CafeTag,
    Item,
    SessionState,
    Timer,
    Voice,
)

__all__ = [
    "CAFE_HANDLERS",
    "cafe_now",
    "end_with_meeting",
    "harvest",
    "seat_of",
    "setup_body",
    "table_people",
    "tag_contribution",
]


def cafe_now(state: SessionState) -> Cafe | None:
    """The current café (the last one set up), if any."""
    return state.cafes[-1] if state.cafes else None


def _person(cafe: Cafe, member: str, speaker: str | None) -> int | None:
    wanted = speaker_key(speaker)
    for index, voice in enumerate(cafe.people):
        if voice.member == member and speaker_key(voice.speaker) == wanted:
            return index
    return None


def seat_of(cafe: Cafe, number: int, member: str, speaker: str | None = None) -> int | None:
    """The table (0-based) this voice sits at in round ``number`` (1-based), or None."""
    person = _person(cafe, member, speaker)
    if person is None or not 1 <= number <= len(cafe.plan):
        return None
    for index, table in enumerate(cafe.plan[number - 1]):
        if person in table:
            return index
    return None


def table_people(cafe: Cafe, number: int, table: int) -> list[Voice]:
    """Who sits at ``table`` in round ``number``: the host first."""
    seated = cafe.plan[number - 1][table]
    host = cafe.tables[table].host
    return [cafe.people[p] for p in sorted(seated, key=lambda p: (p != host, p))]


def harvest(
    state: SessionState, cafe: Cafe, table: int, before: int | None = None
) -> list[tuple[int, Item]]:
    """What was written at ``table`` (in rounds before ``before``, if given), as (round, item)
    in the order it was written; retracted items stay out."""
    found: list[tuple[int, Item]] = []
    for item_id, tag in cafe.tags.items():
        if tag.table != table or (before is not None and tag.round >= before):
            continue
        item = state.item(item_id)
        if item is not None and item.live:
            found.append((tag.round, item))
    return found


def tag_contribution(state: SessionState, record: Record) -> None:
    """After a text item is folded: tag it with its voice's table while a café round goes on."""
    cafe = cafe_now(state)
    if cafe is None or not cafe.running:
        return
    table = seat_of(cafe, cafe.round, record.author, record.body.get("speaker"))
    if table is not None:
        cafe.tags[record.id] = CafeTag(table=table, round=cafe.round)


def end_with_meeting(state: SessionState, record: Record) -> None:
    """``meeting.end`` ends the café of the meeting: its round going on stops (the meeting's
    end clears the shared timer) and no later round starts."""
    cafe = cafe_now(state)
    if cafe is None or cafe.finished:
        return
    cafe.running = False
    cafe.ended_in = record.id


def setup_body(
    people: Sequence[tuple[str, str | None]],
    tables: Sequence[tuple[str, int]],
    seconds: int,
    rounds: int,
) -> tuple[dict[str, Any], CafePlan]:
    """The ``cafe.setup`` body for these people (member key, spoken-for name or None) and tables
    (question, index of the host in ``people``), planned by ``plan_cafe``; and that plan, so the
    facilitator sees its repeated pairs before writing it. Raises ``PlanError`` (also when a
    table would seat more than ``MAX_CAFE_SEATS``)."""
    if tables and max(table_sizes(len(people), len(tables))) > MAX_CAFE_SEATS:
        raise PlanError(
            N_("a table seats at most {maximum} people: add tables"), maximum=MAX_CAFE_SEATS
        )
    plan = plan_cafe(len(people), [host for _, host in tables], rounds)
    body = {
        "people": [
            {"member": member} if speaker is None else {"member": member, "speaker": speaker}
            for member, speaker in people
        ],
        "tables": [{"question": question, "host": host} for question, host in tables],
        "seconds": seconds,
        "plan": [[list(table) for table in seating] for seating in plan.rounds],
    }
    return body, plan


# Handlers (called by the deliberation reducer) ---------------------------------------------


def _setup(state: SessionState, record: Record) -> None:
    current = cafe_now(state)
    if current is not None and current.running:
        refuse(N_("a café round is going; end it first"))
    body = record.body
    people = [
        Voice(
            member=entry["member"],
            speaker=None if entry.get("speaker") is None else clean_speaker(entry["speaker"]),
        )
        for entry in body["people"]
    ]
    for voice in people:
        member = state.members.get(voice.member)
        if member is None:
            refuse(N_("{member} is not a member"), member=short(voice.member))
        # only members who count sit (or host); a spoken-for person sits through one of them
        if member.observer:
            refuse(N_("{name} only watches and cannot sit at a table"), name=member.name)
        if member.guest:
            refuse(N_("{name} is a guest and cannot sit at a table"), name=member.name)
        if member.pending:
            refuse(
                N_("{name} waits for confirmation and cannot sit at a table yet"),
                name=member.name,
            )
    tables = [CafeTable(question=t["question"], host=t["host"]) for t in body["tables"]]
    hosts = [t.host for t in tables]
    if any(host >= len(people) for host in hosts):
        refuse(N_("a table's host is not among the people"))
    if len(set(hosts)) != len(hosts):
        refuse(N_("each table needs its own host"))
    plan: list[list[list[int]]] = body["plan"]
    everyone = list(range(len(people)))
    for number, seating in enumerate(plan, start=1):
        if len(seating) != len(tables):
            refuse(N_("round {round} does not seat every table"), round=number)
        if sorted(p for table in seating for p in table) != everyone:
            refuse(N_("round {round} must seat everyone exactly once"), round=number)
        for index, host in enumerate(hosts):
            if host not in seating[index]:
                refuse(N_("the host of table {table} must stay at it"), table=index + 1)
    frozen = [tuple(tuple(table) for table in seating) for seating in plan]
    cafe = Cafe(
        record=record.id,
        by=record.author,
        people=people,
        tables=tables,
        seconds=body["seconds"],
        plan=[[sorted(table) for table in seating] for seating in plan],
        repeated=repeated_pairs(frozen),
        bound=lower_bound(frozen, hosts),
    )
    if current is not None and current.round == 0 and current.ended_in is None:
        state.cafes[-1] = cafe  # a café not yet started is planned anew
    else:
        state.cafes.append(cafe)


def _round(state: SessionState, record: Record) -> None:
    cafe = cafe_now(state)
    if cafe is None or cafe.finished:
        refuse(N_("no café is set up"))
    if cafe.running:
        refuse(N_("a café round is going; end it first"))
    number = record.body["round"]
    if number != cafe.round + 1:
        refuse(N_("the next café round is round {round}"), round=cafe.round + 1)
    assert state.phase is not None
    cafe.round = number
    cafe.running = True
    cafe.started.append(record.id)
    cafe.started_at.append(record.at)
    state.timer = Timer(
        record=record.id,
        by=record.author,
        seconds=cafe.seconds,
        label="",
        phase=state.phase,
        lamport=record.lamport,
        at=record.at,
    )


def _end(state: SessionState, record: Record) -> None:
    """End the round going on; with ``whole``, the café itself (the rounds not yet run are
    dropped: a room that has heard enough need not sit through every planned round)."""
    cafe = cafe_now(state)
    if record.body.get("whole") is True:
        if cafe is None or cafe.finished:
            refuse(N_("no café is going"))
        cafe.ended_in = record.id
        cafe.ended_early = True
    elif cafe is None or not cafe.running:
        refuse(N_("no café round is going"))
    if cafe.running and state.timer is not None and state.timer.record == cafe.started[-1]:
        state.timer = None
    cafe.running = False


CAFE_HANDLERS: dict[str, Callable[[SessionState, Record], None]] = {
    "cafe.setup": _setup,
    "cafe.round": _round,
    "cafe.end": _end,
}
