"""A fork ends the forker's standing from the fork on, not what the group already built on it
(``core/forks.py``; holes 2 and 3 of the fork rule, found by an attacker with real nodes).

Real signed records through the real gate (``Replica``) and the real reducer, as a peer takes
them: a member forks one OLD record (or a restored data dir does it by accident); what others
named — votes and an option under a decision, a proposal and answers under a meeting's end, an
admission of a member who took part, the session's opening — still counts, on every peer alike,
whatever order the records came in. The rest of what the forker wrote from there stays aside.
"""

from __future__ import annotations

import pytest

from beraad.core import session as s
from beraad.core.deliberation import DeliberationReducer
from beraad.core.end_consent import agreed_end_body
from beraad.core.fold import Fold
from beraad.core.forks import ADMITTED, NAMED, OPENING, admitted_aside
from beraad.core.identity import Identity
from beraad.core.record import Record, sign_record
from beraad.core.replica import Replica
from beraad.core.tally import decision_body
from tests.core.test_deliberation import NONCE, A, B, C, Writer, opened
from tests.core.test_end_consent import _consent_session, _ready


def through_gate(session: str, records: list[Record], one_by_one: bool = False) -> Fold:
    """Offer ``records`` to a gate and fold what it lets through, as a peer does: the fold's
    members (and those a forker's set-aside admission names) may then write. ``one_by_one``:
    as they arrive live, each folded before the next comes."""
    replica = Replica(session, fold_admits=True)
    fold = Fold(DeliberationReducer())
    for batch in [[r] for r in records] if one_by_one else [records]:
        intake = replica.offer(batch)
        while True:
            fold.set_aside_forks(replica.set_aside())
            fold.extend(intake.accepted + intake.set_aside)
            may_write = [*fold.state.members, *admitted_aside(fold.aside.values())]
            fresh = [key for key in dict.fromkeys(may_write) if key not in replica.members]
            if not fresh:
                break
            intake = replica.admit_members(fresh)
    return fold


def alike(session: str, records: list[Record]) -> Fold:
    """The same records in several arrival orders (at once, and one by one) give one state
    hash; returns one fold."""
    orders = (records, list(reversed(records)), records[1::2] + records[::2])
    folds = [through_gate(session, order) for order in orders]
    folds += [through_gate(session, order, one_by_one=True) for order in orders]
    assert len({fold.state_hash() for fold in folds}) == 1
    assert len({tuple(sorted(fold.kept)) for fold in folds}) == 1
    return folds[0]


def twin(writer: Writer, who: Identity, of: Record, kind: str, body: dict) -> Record:
    """Another record signed at ``of``'s place in ``who``'s chain: the fork."""
    return sign_record(
        who, session=writer.session, seq=of.seq, prev=of.prev, lamport=of.lamport,
        at=of.at, kind=kind, body=body,
    )  # fmt: skip


def test_a_fork_of_an_old_record_leaves_the_decision_on_the_forkers_vote_standing():
    writer = opened(decision_rule="dots")
    for phase in ("knots", "positions", "criteria", "options"):
        writer.ok(A, "phase.move", s.move_body(phase))
    option = writer.ok(B, "option.add", s.option_body("one"))
    writer.ok(A, "phase.move", s.move_body("decide"))
    vote = writer.ok(B, "dots.place", s.dots_body({option.id: 3}))
    writer.ok(A, "vote.close", s.close_body("dots.place"))
    decision = writer.ok(A, "decision.take", decision_body(writer.state))
    after = writer.ok(B, "note.add", {"target": None, "type": "experience", "text": "later"})
    other = twin(writer, B, option, "option.add", s.option_body("another story"))
    fold = alike(writer.session, [*writer.records, other])
    assert fold.set_aside == {B.public_key: option.seq}
    [held] = fold.state.decisions
    assert held.record == decision.id and held.option == option.id
    assert decision.id not in fold.rejected
    assert fold.kept == {option.id: (NAMED, decision.id), vote.id: (NAMED, decision.id)}
    ids = {r.id for r in fold.records}
    assert other.id not in ids and after.id not in ids  # the rest stays set aside
    assert other.id in fold.aside and after.id in fold.aside


def test_a_fork_of_an_old_record_leaves_a_consented_end_of_the_meeting_standing():
    writer = _consent_session()
    first = writer.ok(C, "member.name", s.name_body("Chloé"))
    proposal = writer.ok(C, "phase.propose", {"to": "end", "next": "Donderdag"})
    ready = _ready(writer, proposal.id, A, C)
    end = writer.ok(A, "meeting.end", agreed_end_body(writer.state.proposals[proposal.id]))
    assert writer.state.meetings[0].ended_in == end.id
    other = twin(writer, C, first, "member.name", s.name_body("Chloë"))
    fold = alike(writer.session, [*writer.records, other])
    [meeting] = fold.state.meetings
    assert meeting.ended_in == end.id and meeting.end_proposal == proposal.id
    assert end.id not in fold.rejected and not fold.rejected
    assert set(fold.kept) == {proposal.id, ready[1]}
    assert first.id not in {r.id for r in fold.records}


def test_a_facilitator_fork_keeps_the_admissions_of_members_who_took_part():
    writer = opened(members=(B, C))
    admit_b, admit_c = writer.records[1], writer.records[2]
    writer.ok(B, "member.name", s.name_body("Bart"))
    writer.ok(C, "member.name", s.name_body("Chloé"))
    moved = writer.ok(A, "phase.move", s.move_body("knots"))
    note = {"target": None, "type": "experience", "text": "x"}
    other = twin(writer, A, admit_b, "note.add", note)
    fold = alike(writer.session, [*writer.records, other])
    assert fold.set_aside == {A.public_key: 2}
    assert {admit_b.id, admit_c.id} <= set(fold.kept)
    assert fold.kept[admit_b.id][0] == ADMITTED
    assert {B.public_key, C.public_key} <= set(fold.state.members)
    assert fold.state.name(B.public_key) == "Bart" and fold.state.phase == "opening"
    assert moved.id in fold.aside and moved.id not in fold.kept


@pytest.mark.parametrize("lower_first", [True, False], ids=["second_sorts_first", "first"])
def test_a_second_opening_at_seq_1_never_wipes_the_session(lower_first):
    """Hole 3: the facilitator signs another ``session.open`` with the same nonce."""
    writer = opened(members=(B,))
    opening = writer.records[0]
    writer.ok(B, "member.name", s.name_body("Bart"))
    for n in range(64):  # a second opening whose id sorts before the first, and one after
        body = s.open_body(
            f"Another {n}", "Hoe?", "blank", "nl", "facilitator", "dots", nonce=NONCE
        )
        other = twin(writer, A, opening, "session.open", body)
        if (other.id < opening.id) == lower_first:
            break
    fold = alike(writer.session, [*writer.records, other])
    assert fold.set_aside == {A.public_key: 1}
    first = min(opening.id, other.id)
    assert fold.kept[first] == (OPENING, first) and max(opening.id, other.id) not in fold.kept
    assert fold.state.info is not None
    assert fold.state.info.title == ("Plein" if first == opening.id else other.body["title"])
    assert B.public_key in fold.state.members and fold.state.name(B.public_key) == "Bart"
