"""World café with real signed records: the plan in one record that the fold checks, rounds by
record, the shared timer, and contributions tagged with table and round (scribe voices too)."""

from __future__ import annotations

import functools
import json

import pytest

from beraad.core import session as s
from beraad.core.cafe import cafe_now, harvest, seat_of, setup_body, table_people
from beraad.core.deliberation import snapshot
from beraad.core.kinds import SchemaError, validate
from tests.core.strategies import identity
from tests.core.writer import SessionWriter

NONCE = "ca" * 16
PEOPLE = [identity(60 + n) for n in range(11)]
FACILITATOR = PEOPLE[0]
NAMES = ["Anna", "Bart", "Chloé", "Driss", "Eva", "Femke", "Gijs", "Hatice", "Ivo", "Jan", "Kim"]


class Room(SessionWriter):
    """Eleven members and one person without a device (Lot, spoken for by Bart)."""

    def __init__(self, process_rule: str = "facilitator", admission: str | None = None) -> None:
        super().__init__(FACILITATOR, NONCE, step_ms=1000)
        body = s.open_body(
            "Plein",
            "Hoe?",
            "blank",
            "nl",
            process_rule,
            "consent",
            nonce=NONCE,
            admission=admission,
        )
        self.ok(FACILITATOR, "session.open", body)
        self.ok(FACILITATOR, "member.name", s.name_body("Anna"))
        for who, name in zip(PEOPLE[1:], NAMES[1:], strict=True):
            self.ok(FACILITATOR, "member.admit", s.admit_body(who.public_key, name))
        if process_rule == "facilitator":
            self.ok(FACILITATOR, "phase.move", s.move_body("knots"))


VOICES = [(p.public_key, None) for p in PEOPLE] + [(PEOPLE[1].public_key, "Lot")]
TABLES = [("Wat gaat goed?", 0), ("Wat kan beter?", 3), ("Wie doet mee?", 6)]


@functools.cache
def _planned() -> str:
    body, plan = setup_body(VOICES, TABLES, 1200, 3)
    assert plan.repeated >= plan.bound
    return json.dumps(body)


def planned() -> dict:
    """The room's plan (planned once: the planner is the slow part), a fresh copy each time."""
    return json.loads(_planned())


def test_setup_holds_the_plan_and_counts_repeated_pairs() -> None:
    room = Room()
    body, plan = setup_body(VOICES, TABLES, 1200, 3)
    assert body == planned()
    room.ok(FACILITATOR, "cafe.setup", body)
    cafe = cafe_now(room.state)
    assert cafe is not None
    assert cafe.repeated == plan.repeated and cafe.bound == plan.bound
    assert [t.question for t in cafe.tables] == [q for q, _ in TABLES]
    for number in (1, 2, 3):
        assert seat_of(cafe, number, PEOPLE[3].public_key) == 1  # a host stays
        mates = table_people(cafe, number, 1)
        assert mates[0].member == PEOPLE[3].public_key  # host first
    lot = [seat_of(cafe, n, PEOPLE[1].public_key, "lot ") for n in (1, 2, 3)]
    assert None not in lot  # the spoken-for person is seated, found by name folded


def test_only_the_steward_sets_up_and_runs_rounds() -> None:
    room = Room()
    assert "only the facilitator" in room.refused(PEOPLE[2], "cafe.setup", planned())
    room.ok(FACILITATOR, "cafe.setup", planned())
    assert "only the facilitator" in room.refused(PEOPLE[2], "cafe.round", {"round": 1})


def test_consent_rule_lets_any_member_run_the_cafe() -> None:
    room = Room("consent")
    room.ok(PEOPLE[2], "cafe.setup", planned())
    room.ok(PEOPLE[5], "cafe.round", {"round": 1})


def broken(change) -> dict:
    body = planned()
    change(body)
    return body


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda b: b["plan"][1].reverse(), "host of table 1 must stay"),
        (lambda b: b["plan"][0][0].append(b["plan"][0][1][1]), "seat everyone exactly once"),
        (lambda b: b["plan"][2].pop(), "does not seat every table"),
        (lambda b: b["tables"][1].update(host=0), "its own host"),
        (lambda b: b["tables"][1].update(host=40), "not among the people"),
        (lambda b: b["people"].append({"member": identity(99).public_key}), "not a member"),
    ],
)
def test_a_plan_that_does_not_hold_is_refused(change, reason) -> None:
    room = Room()
    assert reason in room.refused(FACILITATOR, "cafe.setup", broken(change))


def test_an_observer_is_not_seated() -> None:
    room = Room()
    room.ok(PEOPLE[10], "member.observe", {})
    assert "only watches" in room.refused(FACILITATOR, "cafe.setup", planned())


def test_shapes_are_checked_before_the_fold() -> None:
    for body in (
        broken(lambda b: b.update(plan=[])),
        broken(lambda b: b["tables"][0].pop("question")),
        broken(lambda b: b["plan"][0][0].append("x")),
        broken(lambda b: b.update(seconds=0)),
    ):
        with pytest.raises(SchemaError):
            validate("cafe.setup", body)
    with pytest.raises(SchemaError):
        validate("cafe.round", {"round": 0})


def test_rounds_run_in_order_tag_contributions_and_pass_the_harvest() -> None:
    room = Room()
    room.ok(FACILITATOR, "cafe.setup", planned())
    cafe = cafe_now(room.state)
    before = room.ok(PEOPLE[4], "knot.add", {"text": "voor het café"})
    assert "round 1" in room.refused(FACILITATOR, "cafe.round", {"round": 2})
    assert "no café round is going" in room.refused(FACILITATOR, "cafe.end", {})
    start = room.ok(FACILITATOR, "cafe.round", {"round": 1})
    assert room.state.timer is not None and room.state.timer.record == start.id
    assert room.state.timer.seconds == 1200
    assert "end it first" in room.refused(FACILITATOR, "cafe.round", {"round": 2})
    spoken = room.ok(PEOPLE[1], "knot.add", {"text": "zegt Lot", "speaker": "Lot"})
    own = room.ok(PEOPLE[4], "knot.add", {"text": "van Eva"})
    lot_table = seat_of(cafe, 1, PEOPLE[1].public_key, "Lot")
    eva_table = seat_of(cafe, 1, PEOPLE[4].public_key)
    assert cafe.tags[spoken.id].table == lot_table and cafe.tags[spoken.id].round == 1
    assert cafe.tags[own.id].table == eva_table
    assert before.id not in cafe.tags
    room.ok(FACILITATOR, "cafe.end", {})
    assert room.state.timer is None
    after = room.ok(PEOPLE[4], "knot.add", {"text": "tussen rondes"})
    assert after.id not in cafe.tags
    room.ok(FACILITATOR, "cafe.round", {"round": 2})
    host_table = seat_of(cafe, 2, PEOPLE[4].public_key)
    # the host of Eva's first table sees her words in round 2; round 2's own words come later
    passed_on = harvest(room.state, cafe, eva_table, before=2)
    assert [item.id for _, item in passed_on if item.id == own.id] == [own.id]
    assert host_table is not None
    room.ok(PEOPLE[4], "retract", {"target": own.id})
    assert own.id not in [item.id for _, item in harvest(room.state, cafe, eva_table)]
    room.ok(FACILITATOR, "cafe.end", {})
    room.ok(FACILITATOR, "cafe.round", {"round": 3})
    room.ok(FACILITATOR, "cafe.end", {})
    assert cafe.finished
    assert "no café is set up" in room.refused(FACILITATOR, "cafe.round", {"round": 4})


def test_a_cafe_not_started_is_planned_anew_and_a_finished_one_kept() -> None:
    room = Room()
    room.ok(FACILITATOR, "cafe.setup", planned())
    body, _ = setup_body(VOICES, TABLES[:2], 600, 1)
    room.ok(FACILITATOR, "cafe.setup", body)
    assert len(room.state.cafes) == 1 and len(cafe_now(room.state).tables) == 2
    room.ok(FACILITATOR, "cafe.round", {"round": 1})
    assert "end it first" in room.refused(FACILITATOR, "cafe.setup", planned())
    room.ok(FACILITATOR, "cafe.end", {})
    room.ok(FACILITATOR, "cafe.setup", planned())
    assert len(room.state.cafes) == 2


def test_a_session_without_a_cafe_hashes_as_before() -> None:
    assert "cafes" not in snapshot(Room().state)


def test_a_table_seats_at_most_thirty() -> None:
    from beraad.core.cafe_plan import PlanError

    many = [(identity(120 + n).public_key, None) for n in range(31)]
    with pytest.raises(PlanError, match="at most 30"):
        setup_body(many, [("Eén tafel", 0)], 600, 1)
    body = planned()
    body["plan"][0][0] += list(range(12, 40))
    with pytest.raises(SchemaError, match="seat 1 to 30"):
        validate("cafe.setup", body)


def test_a_meetings_end_ends_its_cafe() -> None:
    """A round going on when the meeting ends stops there: nothing written between meetings or
    in the next meeting is that café's harvest, and no later round of it starts (attack
    finding 10). The next meeting sets up a café of its own."""
    room = Room()
    room.ok(FACILITATOR, "cafe.setup", planned())
    cafe = cafe_now(room.state)
    room.ok(FACILITATOR, "cafe.round", {"round": 1})
    ended = room.ok(FACILITATOR, "meeting.end", {"next": "donderdag"})
    assert not cafe.running and cafe.finished and cafe.ended_in == ended.id
    assert room.state.timer is None
    room.ok(FACILITATOR, "meeting.start", {})
    room.ok(FACILITATOR, "phase.move", s.move_body("knots"))
    later = room.ok(PEOPLE[4], "knot.add", {"text": "in de tweede bijeenkomst"})
    assert later.id not in cafe.tags
    assert "no café round is going" in room.refused(FACILITATOR, "cafe.end", {})
    assert "no café is set up" in room.refused(FACILITATOR, "cafe.round", {"round": 2})
    room.ok(FACILITATOR, "cafe.setup", planned())
    assert len(room.state.cafes) == 2 and cafe_now(room.state).ended_in is None
    room.ok(FACILITATOR, "cafe.round", {"round": 1})


def test_the_steward_ends_the_cafe_before_its_last_round() -> None:
    """Naive-user finding: a room that heard enough had to run every planned round or end the
    meeting. ``cafe.end`` with ``whole`` ends the café itself, during a round or between."""
    room = Room()
    room.ok(FACILITATOR, "cafe.setup", planned())
    cafe = cafe_now(room.state)
    room.ok(FACILITATOR, "cafe.round", {"round": 1})
    assert room.refused(PEOPLE[4], "cafe.end", {"whole": True})  # a steward's step
    ended = room.ok(FACILITATOR, "cafe.end", {"whole": True})
    assert cafe.finished and not cafe.running and cafe.ended_in == ended.id and cafe.ended_early
    assert room.state.timer is None
    assert "no café is set up" in room.refused(FACILITATOR, "cafe.round", {"round": 2})
    assert "no café is going" in room.refused(FACILITATOR, "cafe.end", {"whole": True})
    with pytest.raises(SchemaError):
        validate("cafe.end", {"whole": "yes"})
    # Between rounds too, and a later café is set up as usual.
    room.ok(FACILITATOR, "cafe.setup", planned())
    second = cafe_now(room.state)
    room.ok(FACILITATOR, "cafe.round", {"round": 1})
    room.ok(FACILITATOR, "cafe.end", {})
    timer = room.ok(FACILITATOR, "timer.start", {"seconds": 60, "label": "pauze"})
    room.ok(FACILITATOR, "cafe.end", {"whole": True})
    assert second.finished and second.round == 1 and len(room.state.cafes) == 2
    assert room.state.timer is not None and room.state.timer.record == timer.id  # not the café's


def test_a_cafe_set_up_but_not_started_ends_with_its_meeting_too() -> None:
    room = Room()
    room.ok(FACILITATOR, "cafe.setup", planned())
    room.ok(FACILITATOR, "meeting.end", {})
    room.ok(FACILITATOR, "meeting.start", {})
    assert "no café is set up" in room.refused(FACILITATOR, "cafe.round", {"round": 1})
    room.ok(FACILITATOR, "cafe.setup", planned())
    assert len(room.state.cafes) == 2  # the first stays in the record of meeting 1


GUEST, WAITING = identity(90), identity(91)


def guest_room() -> Room:
    """The room under the confirmation rule, with a guest and a member admitted by Bart (who
    waits for the facilitator's confirmation)."""
    room = Room(admission="confirmed")
    room.ok(FACILITATOR, "member.admit", s.admit_body(GUEST.public_key, "Gast", "guest"))
    room.ok(PEOPLE[1], "member.admit", s.admit_body(WAITING.public_key, "Wacht"))
    assert room.state.members[WAITING.public_key].pending
    return room


@pytest.mark.parametrize(
    ("who", "reason"),
    [(GUEST, "is a guest"), (WAITING, "waits for confirmation")],
)
@pytest.mark.parametrize("hosting", [False, True])
def test_guests_and_pending_members_are_not_seated(who, reason, hosting) -> None:
    """Only members who count sit at a table or host it (attack finding 12b); a person without
    a device still sits, spoken for by a member who counts."""
    room = guest_room()
    voices = [*VOICES, (who.public_key, None)]
    tables = [*TABLES[:2], (TABLES[2][0], len(voices) - 1 if hosting else 6)]
    body, _ = setup_body(voices, tables, 600, 2)
    assert reason in room.refused(FACILITATOR, "cafe.setup", body)
    if who is WAITING:
        room.ok(FACILITATOR, "member.confirm", s.confirm_body(WAITING.public_key))
        room.ok(FACILITATOR, "cafe.setup", body)
