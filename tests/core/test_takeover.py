"""Taking over the facilitation when the facilitator is gone (``core/takeover.py``, naive s13
N14): a member asks, another seconds, and every peer comes to the same facilitator whatever
order the records arrive in. Real signed records, the real fold."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from beraad.core import session as s
from beraad.core.catchup import since
from beraad.core.deliberation import DeliberationReducer, snapshot
from beraad.core.fold import Fold
from beraad.core.record import Record
from tests.core.strategies import identity
from tests.core.writer import SessionWriter

NONCE = "7a" * 16
ANJA, BART, CARLA, DIRK, PROJECTOR = (identity(n) for n in (21, 22, 23, 24, 25))
LAPTOP, PHONE = identity(26), identity(27)


def opened(*members, process_rule="facilitator") -> SessionWriter:
    """Anja's session (she facilitates) with ``members`` admitted by her, in Knots; opened
    before the admission rule (admissions by members count at once). Records list what their
    author had seen, as every app's since before take-overs existed."""
    writer = SessionWriter(ANJA, NONCE, seeing=True)
    body = s.open_body("Speelplein", "Wat nu?", "blank", "nl", process_rule, "dots", nonce=NONCE)
    writer.ok(ANJA, "session.open", body)
    for n, member in enumerate(members):
        writer.ok(ANJA, "member.admit", s.admit_body(member.public_key, f"lid {n}"))
    if process_rule == "facilitator":
        writer.ok(ANJA, "phase.move", s.move_body("knots"))
    return writer


def claim(writer: SessionWriter, who) -> Record:
    return writer.ok(who, "facilitator.claim", s.claim_body(ANJA.public_key))


def test_a_request_seconded_by_another_member_makes_them_the_facilitator():
    writer = opened(BART, CARLA, DIRK)
    asked = claim(writer, BART)
    assert writer.state.facilitator == ANJA.public_key  # one member alone does not take it
    assert "only the facilitator" in writer.refused(BART, "phase.move", s.move_body("positions"))
    seconded = writer.ok(CARLA, "facilitator.second", s.second_body(asked.id))
    state = writer.state
    assert state.facilitator == BART.public_key
    assert state.members[BART.public_key].facilitator
    assert not state.members[ANJA.public_key].facilitator
    [handover] = state.handovers
    assert (handover.by, handover.to, handover.claim) == (
        ANJA.public_key,
        BART.public_key,
        asked.id,
    )
    assert handover.seconded_by == CARLA.public_key and handover.record == seconded.id
    assert state.claims[asked.id].status == "taken"
    # Bart now moves the group on; Anja, back, no longer does (she may be handed it back).
    writer.ok(BART, "phase.move", s.move_body("positions"))
    assert "only the facilitator" in writer.refused(ANJA, "phase.move", s.move_body("criteria"))
    writer.ok(BART, "facilitator.handover", s.handover_body(ANJA.public_key))
    assert writer.state.facilitator == ANJA.public_key


def test_what_a_request_or_a_second_may_not_do():
    writer = opened(BART, CARLA, DIRK, PROJECTOR)
    writer.ok(PROJECTOR, "member.observe", {})
    assert "already the facilitator" in writer.refused(
        ANJA, "facilitator.claim", s.claim_body(ANJA.public_key)
    )
    not_her = writer.refused(BART, "facilitator.claim", s.claim_body(CARLA.public_key))
    assert "is not the facilitator" in not_her
    assert "observer only watches" in writer.refused(
        PROJECTOR, "facilitator.claim", s.claim_body(ANJA.public_key)
    )
    asked = claim(writer, BART)
    assert "asked to take over already" in writer.refused(
        BART, "facilitator.claim", s.claim_body(ANJA.public_key)
    )
    assert "not the one who asked" in writer.refused(
        BART, "facilitator.second", s.second_body(asked.id)
    )
    assert "observer only watches" in writer.refused(
        PROJECTOR, "facilitator.second", s.second_body(asked.id)
    )
    assert "no such request" in writer.refused(
        CARLA, "facilitator.second", s.second_body("ab" * 32)
    )
    assert writer.state.facilitator == ANJA.public_key
    writer.ok(DIRK, "facilitator.second", s.second_body(asked.id))
    assert "already granted" in writer.refused(CARLA, "facilitator.second", s.second_body(asked.id))


def test_with_nobody_else_taking_part_the_request_counts_at_once():
    """Anja and Bart, and a projector that only watches: nobody could second Bart, so his
    request is the take-over itself, said so in the records (no second)."""
    writer = opened(BART, PROJECTOR)
    writer.ok(PROJECTOR, "member.observe", {})
    asked = claim(writer, BART)
    state = writer.state
    assert state.facilitator == BART.public_key
    [handover] = state.handovers
    assert handover.claim == handover.record == asked.id and handover.seconded_by is None


def test_before_the_admission_rule_no_key_he_brought_in_seconds_his_request():
    """attack s16 #1b: where members' admissions count at once, Bart admits a key of his own
    (and it one more) to second his request while Anja sits there. Neither seconds it;
    Carla, whom Anja admitted, may. Every admission goes back to Anja, who opened the
    session: for her own request anyone may second."""
    writer = opened(BART, CARLA)
    writer.ok(BART, "member.admit", s.admit_body(LAPTOP.public_key, "Bart's laptop"))
    writer.ok(LAPTOP, "member.admit", s.admit_body(PHONE.public_key, "Bart's phone"))
    asked = claim(writer, BART)
    for puppet in (LAPTOP, PHONE):
        refusal = writer.refused(puppet, "facilitator.second", s.second_body(asked.id))
        assert "your admission goes back to" in refusal
    assert writer.state.facilitator == ANJA.public_key
    writer.ok(CARLA, "facilitator.second", s.second_body(asked.id))
    assert writer.state.facilitator == BART.public_key
    back = writer.ok(ANJA, "facilitator.claim", s.claim_body(BART.public_key))
    writer.ok(CARLA, "facilitator.second", s.second_body(back.id))
    assert writer.state.facilitator == ANJA.public_key


def test_a_request_lapses_with_its_meeting_and_one_between_meetings_opens_the_next():
    writer = opened(BART, CARLA)
    asked = claim(writer, BART)
    writer.ok(ANJA, "meeting.end", {})
    assert "lapsed" in writer.refused(CARLA, "facilitator.second", s.second_body(asked.id))
    # Between meetings Anja's laptop is gone: only she could open the next meeting.
    assert "only the facilitator" in writer.refused(BART, "meeting.start", {})
    again = claim(writer, BART)
    writer.ok(CARLA, "facilitator.second", s.second_body(again.id))
    writer.ok(BART, "meeting.start", {})
    assert writer.state.meeting == 2 and writer.state.facilitator == BART.public_key


def test_a_handover_makes_the_open_requests_stale():
    writer = opened(BART, CARLA, DIRK)
    asked = claim(writer, BART)
    writer.ok(ANJA, "facilitator.handover", s.handover_body(DIRK.public_key))
    assert writer.state.claims[asked.id].status == "stale"
    assert "lapsed" in writer.refused(CARLA, "facilitator.second", s.second_body(asked.id))
    assert writer.state.facilitator == DIRK.public_key


def test_an_older_session_with_a_handover_hashes_as_before():
    """The new fields stay out of the snapshot until a take-over writes them."""
    writer = opened(BART)
    writer.ok(ANJA, "facilitator.handover", s.handover_body(BART.public_key))
    data = snapshot(writer.state)
    assert "claims" not in data
    assert data["handovers"] == [
        {"record": writer.records[-1].id, "by": ANJA.public_key, "to": BART.public_key}
    ]


def _two_at_once() -> tuple[SessionWriter, list[Record]]:
    """Bart and Carla ask at once; Dirk seconds Bart while Bart seconds Carla, both at the
    same lamport: neither had seen the other's second."""
    writer = opened(BART, CARLA, DIRK)
    bart = claim(writer, BART)
    carla = claim(writer, CARLA)
    lamport = writer.lamport + 1
    for who, asked in ((DIRK, bart), (BART, carla)):
        writer.back_dated(who, "facilitator.second", s.second_body(asked.id), lamport)
    writer.lamport = lamport
    return writer, writer.records


TWO, TWO_RECORDS = _two_at_once()


def test_two_requests_seconded_at_once_give_the_role_to_the_first_in_fold_order():
    state = TWO.state
    first = min(TWO_RECORDS[-2:], key=lambda r: (r.lamport, r.author, r.seq))
    winner = state.claims[first.body["claim"]].by
    assert state.facilitator == winner and len(state.handovers) == 1
    later = next(r for r in TWO_RECORDS[-2:] if r is not first)
    assert "lapsed" in TWO.fold.rejected[later.id]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.permutations(range(len(TWO_RECORDS))))
def test_every_peer_comes_to_the_same_facilitator_in_any_arrival_order(order):
    """Whatever order the requests and seconds arrive in (a second before its request, the
    two seconds crossed), the fold gives one facilitator, the same refusals, the same hash."""
    fold = Fold(DeliberationReducer())
    for index in order:
        fold.add(TWO_RECORDS[index])
    assert fold.state.facilitator == TWO.state.facilitator
    assert fold.rejected == TWO.fold.rejected
    assert fold.state_hash() == TWO.fold.state_hash()


def _lone_then_back() -> list[Record]:
    """Bart takes over alone, Anja comes back and is handed the role back, Bart asks again,
    Carla joins and seconds: a longer history the order must not change."""
    writer = opened(BART)
    first = claim(writer, BART)
    assert writer.state.facilitator == BART.public_key, first
    writer.ok(BART, "phase.move", s.move_body("positions"))
    writer.ok(BART, "facilitator.handover", s.handover_body(ANJA.public_key))
    writer.ok(ANJA, "member.admit", s.admit_body(CARLA.public_key, "Carla"))
    again = claim(writer, BART)
    writer.ok(CARLA, "facilitator.second", s.second_body(again.id))
    writer.ok(BART, "phase.move", s.move_body("criteria"))
    return writer.records


LONE = _lone_then_back()
LONE_FOLD = Fold(DeliberationReducer())
LONE_FOLD.extend(LONE)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.permutations(range(len(LONE))))
def test_a_longer_history_of_take_overs_folds_alike_in_any_order(order):
    fold = Fold(DeliberationReducer())
    for index in order:
        fold.add(LONE[index])
    assert fold.rejected == LONE_FOLD.rejected == {}
    assert fold.state.phase == "criteria" and fold.state.facilitator == BART.public_key
    assert [h.seconded_by for h in fold.state.handovers] == [None, None, CARLA.public_key]
    assert fold.state_hash() == LONE_FOLD.state_hash()


def test_the_facilitator_back_reads_who_took_over_and_who_seconded():
    """ "While you were away" lists the change for Anja (her own handover back is no news
    to her), and says no request or second again as an unnamed act."""
    writer = opened(BART, CARLA)
    left = writer.lamport
    asked = claim(writer, BART)
    writer.ok(CARLA, "facilitator.second", s.second_body(asked.id))
    summary = since(writer.records, ANJA.public_key, left, writer.state)
    [handover] = summary.handovers
    assert (handover.to, handover.seconded_by) == (BART.public_key, CARLA.public_key)
    assert not summary.other_kinds and not summary.empty
    writer.ok(BART, "facilitator.handover", s.handover_body(ANJA.public_key))
    assert len(since(writer.records, BART.public_key, left, writer.state).handovers) == 1
