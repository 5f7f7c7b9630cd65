"""A fork ends the forker's standing from the fork on, not what the group already built on it
(``core/forks.py``; holes 2 and 3 of the fork rule, found by an attacker with real nodes).

Real signed records through the real gate (``Replica``) and the real reducer, as a peer takes
them: a member forks one OLD record (or a restored data dir does it by accident); what others
named — votes and an option under a decision, a proposal and answers under a meeting's end, an
admission of a member who took part, the session's opening — still counts, on every peer alike,
whatever order the records came in. The rest of what the forker wrote from there stays aside.
"""

from __future__ import annotations

import random

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

#: A key the forker admits past the fork: a puppet, as far as anyone can tell.
PUPPET = Identity.from_seed(b"\x77" * 32)


def through_gate(session: str, records: list[Record], one_by_one: bool = False) -> Fold:
    """Offer ``records`` to a gate and fold what it lets through, as a peer does: the fold's
    members (and those a forker's set-aside admission names) may then write. ``one_by_one``:
    as they arrive live, each folded before the next comes."""
    replica = Replica(session, fold_admits=True)
    fold = Fold(DeliberationReducer())
    for batch in [[r] for r in records] if one_by_one else [records]:
        _gate(replica, fold, batch)
    return fold


def _gate(replica: Replica, fold: Fold, batch: list) -> None:
    """Offer ``batch`` at the gate and fold what enters; then admit at the gate whom the fold
    made members (and whom a forker's set-aside admission names), and fold what that lets in."""
    intake = replica.offer(batch)
    while True:
        fold.set_aside_forks(replica.set_aside())
        fold.extend(intake.accepted + intake.set_aside)
        may_write = [*fold.state.members, *admitted_aside(fold.aside.values())]
        fresh = [key for key in dict.fromkeys(may_write) if key not in replica.members]
        if not fresh:
            break
        intake = replica.admit_members(fresh)


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


def in_batches(session: str, records: list[Record], seed: int, trials: int) -> set[tuple]:
    """``records`` offered in ``trials`` random orders and random batch splits, as live peers
    get them; returns every (state hash, kept ids) seen."""
    rng = random.Random(seed)
    seen = set()
    for _ in range(trials):
        order = records[:]
        rng.shuffle(order)
        cuts = sorted(rng.sample(range(1, len(order)), rng.randint(0, len(order) - 1)))
        replica = Replica(session, fold_admits=True)
        fold = Fold(DeliberationReducer())
        for start, end in zip([0, *cuts], [*cuts, len(order)], strict=True):
            _gate(replica, fold, order[start:end])
        seen.add((fold.state_hash(), tuple(sorted(fold.kept))))
    return seen


def test_a_forker_naming_their_own_later_record_gives_every_order_one_state():
    """Attack s6 finding 1: the forker's own record BEFORE the fork names X, a record of theirs
    past it (its prev made up, so its id is known in advance); another member names X too.
    The fold took the first namer in fold order — the forker's own, so X was not kept — while
    a live peer that got the other namer first kept X for good: one peer's hash changed on a
    restart and an honest bundle failed verify. X counts iff another member names it."""
    writer = opened(decision_rule="dots")
    writer.ok(A, "phase.move", s.move_body("knots"))
    writer.ok(B, "member.name", s.name_body("Bart"))
    x = sign_record(
        B, session=writer.session, seq=4, prev="ab" * 32, lamport=50, at=1_700_000_000_100,
        kind="knot.add", body=s.text_body("X"),
    )  # fmt: skip
    own = writer.ok(B, "knot.add", s.text_body(x.id))  # before the fork, names X
    forked = writer.ok(B, "knot.add", s.text_body("b3"))
    other = twin(writer, B, forked, "knot.add", s.text_body("b3 other"))
    namer = writer.ok(C, "knot.add", s.text_body(x.id))
    for n in range(3):
        writer.ok(A, "knot.add", s.text_body(f"a{n}"))
    records = [*writer.records, other, x]
    fold = alike(writer.session, records)
    assert fold.set_aside == {B.public_key: forked.seq}
    assert fold.kept == {x.id: (NAMED, namer.id)}
    assert len(in_batches(writer.session, records, seed=6, trials=60)) == 1
    # The peer that got the forker's own naming record last, then a later record.
    later = writer.ok(A, "knot.add", s.text_body("later"))
    late = through_gate(writer.session, [r for r in records if r.id != own.id])
    late.extend([own])
    late.extend([later])
    assert late.state_hash() == through_gate(writer.session, [*records, later]).state_hash()
    # Without the other member's record X does not count, whoever named it before the fork.
    alone = alike(writer.session, [r for r in records if r.id != namer.id])
    assert not alone.kept


@pytest.mark.parametrize("refused", [False, True], ids=["note", "refused_retract"])
def test_a_forker_cannot_revive_themself_through_a_member_they_admit_past_the_fork(refused):
    """Attack s6 finding 4: past the fork Bart admits a puppet P and votes (both set aside);
    P names the vote — in a note, or in a retract the fold refuses. P's admission counted (P
    wrote), so did the vote (P named it), and P voted too. A key whose membership rests on an
    admission the forker made past the fork makes nothing count."""
    writer = opened(decision_rule="dots")
    first = writer.ok(B, "member.name", s.name_body("Bart"))
    for phase in ("knots", "positions", "criteria", "options"):
        writer.ok(A, "phase.move", s.move_body(phase))
    fence = writer.ok(A, "option.add", s.option_body("fence"))
    bumps = writer.ok(A, "option.add", s.option_body("bumps"))
    writer.ok(A, "phase.move", s.move_body("decide"))
    writer.ok(C, "dots.place", s.dots_body({fence.id: 3}))
    other = twin(writer, B, first, "member.name", s.name_body("Bart!"))
    admit = writer.write(B, "member.admit", s.admit_body(PUPPET.public_key, "Pip"))
    vote = writer.write(B, "dots.place", s.dots_body({bumps.id: 3}))
    if refused:
        writer.write(PUPPET, "retract", s.retract_body(vote.id))
    else:
        writer.write(PUPPET, "note.add", s.note_body(None, "experience", vote.id))
    writer.write(PUPPET, "dots.place", s.dots_body({bumps.id: 3}))
    fold = alike(writer.session, [*writer.records, other])
    assert len(in_batches(writer.session, [*writer.records, other], seed=4, trials=30)) == 1
    assert fold.set_aside == {B.public_key: first.seq}
    assert not fold.kept
    assert PUPPET.public_key not in fold.state.members
    assert {v.member for v in fold.state.current_votes("dots.place")} == {C.public_key}
    assert admit.id in fold.aside and vote.id in fold.aside


def test_a_member_admitted_past_the_fork_counts_once_another_member_names_their_record():
    """The admission a forker made past the fork counts when a member whose standing does not
    come from the forker names it or a record of the admitted member — whatever the order,
    also when that naming record comes last (the admission then counts on a live peer too)."""
    writer = opened()
    first = writer.ok(B, "member.name", s.name_body("Bart"))
    other = twin(writer, B, first, "member.name", s.name_body("Bart!"))
    admit = writer.write(B, "member.admit", s.admit_body(PUPPET.public_key, "Pip"))
    writer.ok(A, "phase.move", s.move_body("knots"))
    said = writer.write(PUPPET, "knot.add", s.text_body("Parking"))
    unnamed = [*writer.records, other]
    assert not alike(writer.session, unnamed).kept
    answer = writer.write(C, "knot.add", s.text_body(said.id))
    fold = alike(writer.session, [*unnamed, answer])
    assert len(in_batches(writer.session, [*unnamed, answer], seed=5, trials=30)) == 1
    assert fold.kept == {admit.id: (ADMITTED, answer.id)}
    assert PUPPET.public_key in fold.state.members
