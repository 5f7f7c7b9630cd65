"""A forker's records that others had SEEN stay in force (``core/seen.py``, ``core/forks.py``).

Records list the heads of other members' chains their author had seen. When the member who
writes the group's moves, closes, decisions and confirmations forks an OLD record (a data dir
restored from an old copy), the records the others wrote later had seen those, so they stay
on every peer, in every arrival order; a branch of the forker nobody else saw stays aside.
Real signed records, the real gate and the real reducer (``test_fork_standing.alike``).
"""

from __future__ import annotations

import json
import random
import re

import pytest

from beraad.core import session as s
from beraad.core.end_consent import RULE_SINCE_MS, agreed_end_body
from beraad.core.forks import NAMED, SEEN
from beraad.core.identity import Identity
from beraad.core.record import MAX_SEEN, Record, RecordError, check_record, sign_record
from beraad.core.replica import Replica
from beraad.core.seen import TOO_MANY
from beraad.core.tally import decision_body
from beraad.i18n import translate
from beraad.i18n.kinds import reason_text
from tests.core.test_deliberation import NONCE, A, B, C, D
from tests.core.test_end_consent import _ready
from tests.core.test_fork_standing import alike, in_batches, through_gate, twin
from tests.core.writer import EPOCH_MS, SessionWriter


def seeing_writer() -> SessionWriter:
    return SessionWriter(A, NONCE, seeing=True)


def decided(seeing: bool = True):
    """Facilitator rule, admissions confirmed: Bart admits Driss, Anja confirms, a vote,
    a decision, and Bart writes after it. Returns the writer and the records that matter."""
    w = SessionWriter(A, NONCE, seeing=seeing)
    body = s.open_body(
        "Plein", "Hoe?", "blank", "nl", "facilitator", "dots", nonce=NONCE, admission="confirmed"
    )
    w.ok(A, "session.open", body)
    name = w.ok(A, "member.name", s.name_body("Anja"))
    w.ok(A, "member.admit", s.admit_body(B.public_key, "Bart"))
    w.ok(A, "member.admit", s.admit_body(C.public_key, "Cas"))
    admit_d = w.ok(B, "member.admit", s.admit_body(D.public_key, "Driss"))
    confirm = w.ok(A, "member.confirm", s.confirm_body(D.public_key, admit_d.id))
    for phase in ("knots", "positions", "criteria", "options"):
        w.ok(A, "phase.move", s.move_body(phase))
    fence = w.ok(B, "option.add", s.option_body("fence"))
    bumps = w.ok(C, "option.add", s.option_body("bumps"))
    w.ok(A, "phase.move", s.move_body("decide"))
    w.ok(B, "dots.place", s.dots_body({fence.id: 3}))
    driss = w.ok(D, "dots.place", s.dots_body({fence.id: 3}))
    w.ok(C, "dots.place", s.dots_body({bumps.id: 3}))
    w.ok(A, "vote.close", s.close_body("dots.place"))
    decision = w.ok(A, "decision.take", decision_body(w.state))
    w.ok(B, "note.add", {"target": None, "type": "experience", "text": "after"})
    return w, name, confirm, driss, decision


def test_a_restored_facilitator_keeps_the_decision_the_phase_and_the_confirmation():
    w, name, confirm, driss, decision = decided()
    other = twin(w, A, name, "member.name", s.name_body("Anja (old laptop)"))
    fold = alike(w.session, [*w.records, other])
    assert fold.set_aside == {A.public_key: name.seq}
    state = fold.state
    assert state.phase == "decide" and [d.record for d in state.decisions] == [decision.id]
    assert not state.members[D.public_key].pending and driss.id not in fold.rejected
    assert fold.kept[confirm.id][0] in (SEEN, NAMED) and fold.kept[decision.id][0] == SEEN
    # Bart's note after the decision had seen Anja's chain up to the decision
    assert fold.kept[decision.id][1] == w.records[-1].id
    assert other.id in fold.aside and other.id not in fold.kept  # nobody saw the new branch
    assert not fold.rejected


def test_without_heads_the_old_rule_holds_as_before():
    """Records from before (no ``seen``): only what others name counts, as it always did."""
    w, name, _confirm, _driss, decision = decided(seeing=False)
    other = twin(w, A, name, "member.name", s.name_body("Anja (old laptop)"))
    fold = alike(w.session, [*w.records, other])
    assert fold.state.phase == "opening" and not fold.state.decisions
    assert decision.id not in fold.kept
    assert all(why != SEEN for why, _by in fold.kept.values())


def test_what_the_forker_lists_brings_none_of_their_records_back():
    """Anja forks, and on the new branch lists as seen Bart's record... that names nothing of
    hers: her branch stays aside. And her pre-fork record listing a head brings nothing."""
    w, name, _confirm, _driss, decision = decided()
    heads = ((B.public_key, w.heads[B.public_key][0], w.heads[B.public_key][1]),)
    other = sign_record(
        A, session=w.session, seq=name.seq, prev=name.prev, lamport=w.lamport + 1,
        at=name.at, kind="member.name", body=s.name_body("Anja (b)"), seen=heads,
    )  # fmt: skip
    after = sign_record(
        A, session=w.session, seq=name.seq + 1, prev=other.id, lamport=w.lamport + 2,
        at=name.at, kind="member.name", body=s.name_body("Anja (c)"), seen=heads,
    )  # fmt: skip
    fold = alike(w.session, [*w.records, other, after])
    assert other.id not in fold.kept and after.id not in fold.kept
    assert decision.id in fold.kept


def test_a_forker_branch_seen_by_another_member_counts_through_the_chain():
    """Bart saw Anja's seq 9 (through Cas, who saw it): seq 2..9 of that branch count."""
    w = seeing_writer()
    body = s.open_body("Plein", "Hoe?", "blank", "nl", "facilitator", "dots", nonce=NONCE)
    w.ok(A, "session.open", body)
    first = w.ok(A, "member.name", s.name_body("Anja"))
    w.ok(A, "member.admit", s.admit_body(B.public_key, "Bart"))
    w.ok(A, "member.admit", s.admit_body(C.public_key, "Cas"))
    moves = [w.ok(A, "phase.move", s.move_body(p)) for p in ("knots", "positions", "criteria")]
    w.ok(C, "member.name", s.name_body("Cas"))  # lists Anja's last move
    w.ok(B, "member.name", s.name_body("Bart"))  # lists Cas's, so Anja's through it
    other = twin(w, A, first, "member.name", s.name_body("Anja (b)"))
    fold = alike(w.session, [*w.records, other])
    assert fold.state.phase == "criteria"
    assert {m.id for m in moves} <= set(fold.kept) and first.id in fold.kept
    assert other.id not in fold.kept


def test_an_ended_meeting_under_consent_stays():
    w = SessionWriter(A, NONCE, seeing=True)
    w.wait(RULE_SINCE_MS - EPOCH_MS)
    body = s.open_body("Plein", "Hoe?", "blank", "nl", "consent", "dots", nonce=NONCE)
    w.ok(A, "session.open", body)
    w.ok(A, "member.admit", s.admit_body(B.public_key, "Bart"))
    w.ok(A, "member.admit", s.admit_body(C.public_key, "Cas"))
    first = w.ok(C, "member.name", s.name_body("Chloé"))
    proposal = w.ok(C, "phase.propose", {"to": "end", "next": "Donderdag"})
    _ready(w, proposal.id, A, B)
    end = w.ok(C, "meeting.end", agreed_end_body(w.state.proposals[proposal.id]))
    w.ok(B, "member.name", s.name_body("Bart"))  # after the end: had seen it
    other = twin(w, C, first, "member.name", s.name_body("Chloë"))
    fold = alike(w.session, [*w.records, other])
    [meeting] = fold.state.meetings
    assert meeting.ended_in == end.id and fold.kept[end.id][0] == SEEN


def test_random_orders_and_batches_give_one_state():
    w, name, *_ = decided()
    other = twin(w, A, name, "member.name", s.name_body("Anja (old laptop)"))
    later = sign_record(
        A, session=w.session, seq=name.seq + 1, prev=other.id, lamport=w.lamport + 1,
        at=name.at, kind="member.name", body=s.name_body("Anja (c)"),
    )  # fmt: skip
    w.lamport += 1
    # Cas saw the other branch (it reached him first), and says so in a later record
    w.heads[A.public_key] = (later.seq, later.id)
    w.ok(C, "note.add", {"target": None, "type": "experience", "text": "seen b"})
    records = [*w.records, other, later]
    outcomes = in_batches(w.session, records, seed=random.randrange(10**6), trials=12)
    assert len(outcomes) == 1


def test_a_record_listing_more_heads_than_there_are_other_members_is_refused():
    """Three members: at most two heads. Refused by the fold, the same on every peer, with a
    reason in the reader's language; the next honest record still counts."""
    w = seeing_writer()
    body = s.open_body("Plein", "Hoe?", "blank", "nl", "facilitator", "dots", nonce=NONCE)
    w.ok(A, "session.open", body)
    w.ok(A, "member.admit", s.admit_body(B.public_key, "Bart"))
    w.ok(A, "member.admit", s.admit_body(C.public_key, "Cas"))
    made_up = tuple(sorted((k, 1, "ab" * 32) for k in (A.public_key, C.public_key, D.public_key)))
    seq, prev = w.heads.get(B.public_key, (0, None))
    w.lamport += 1
    record = sign_record(
        B, session=w.session, seq=seq + 1, prev=prev, lamport=w.lamport, at=EPOCH_MS + w.lamport,
        kind="member.name", body=s.name_body("Bart"), seen=made_up,
    )  # fmt: skip
    w.fold.add(record)
    reason = w.fold.rejected[record.id]
    assert reason == "it lists 3 other members' records as seen; the session has 2 other members"
    assert translate(TOO_MANY, "nl").format(count=3, others=2) == (
        "het noemt 3 records van andere leden als gezien; de sessie heeft 2 andere leden"
    )
    w.heads[B.public_key] = (record.seq, record.id)
    w.ok(B, "member.name", s.name_body("Bart B."))


@pytest.mark.parametrize(
    ("seen", "error"),
    [
        ([], "at least one"),
        ([[B.public_key, 1]], "[author, seq, record id]"),
        ([[A.public_key, 1, "ab" * 32]], "another member's"),  # A signs it: its own chain
        ([[B.public_key, 0, "ab" * 32]], "seq below 1"),
        ([[B.public_key, 1, "AB" * 32]], "record id"),
        (sorted([[k, 1, "ab" * 32] for k in (B.public_key, C.public_key)], reverse=True), "sorted"),
        ([[B.public_key, 1, "ab" * 32], [B.public_key, 2, "cd" * 32]], "sorted"),
        ([[f"{i:064x}", 1, "ab" * 32] for i in range(1, MAX_SEEN + 2)], "limit"),
        ("x", "at least one"),
    ],
)
def test_a_malformed_seen_is_refused_on_arrival(seen, error):
    draft = sign_record(
        A, session="0" * 32, seq=1, prev=None, lamport=1, at=1, kind="x", body={}
    ).to_dict()
    with pytest.raises(RecordError, match=re.escape(error)) as refused:
        Record.from_dict({**draft, "seen": seen})
    dutch = reason_text(refused.value, "nl")  # said in the reader's language where shown
    assert dutch != str(refused.value) and "gezien" in dutch


def test_a_record_without_heads_keeps_its_id_and_one_with_heads_round_trips():
    plain = sign_record(A, session="0" * 32, seq=1, prev=None, lamport=1, at=1, kind="x", body={})
    assert "seen" not in plain.to_dict()
    heads = ((B.public_key, 3, "ab" * 32),)
    with_heads = sign_record(
        A, session="0" * 32, seq=1, prev=None, lamport=1, at=1, kind="x", body={}, seen=heads
    )
    again = check_record(json.loads(with_heads.to_bytes()))
    assert again.seen == heads and again.id == with_heads.id != plain.id


PUPPET = Identity.from_seed(b"\x78" * 32)


def random_forked_session(seed: int) -> list:
    """A session where members write and see at random, then Anna forks a random old record,
    writes on the new branch (perhaps admitting a puppet who writes), and a member may have
    seen the new branch before the fork was known."""
    rng = random.Random(seed)
    w = seeing_writer()
    body = s.open_body("Plein", "Hoe?", "blank", "nl", "facilitator", "dots", nonce=NONCE)
    w.ok(A, "session.open", body)
    for member in (B, C, D):
        w.ok(A, "member.admit", s.admit_body(member.public_key, "m"))
    phases = iter(("knots", "positions", "criteria", "options"))
    mine = []
    for n in range(rng.randint(4, 14)):
        who = rng.choice((A, B, C, D))
        if who is A and rng.random() < 0.4 and (phase := next(phases, None)):
            mine.append(w.ok(A, "phase.move", s.move_body(phase)))
        else:
            record = w.ok(who, "member.name", s.name_body(f"n{n}"))
            if who is A:
                mine.append(record)
    records = list(w.records)
    if not mine:
        return records
    old = rng.choice(mine)
    branch = [twin(w, A, old, "member.name", s.name_body("b"))]
    for n in range(rng.randint(0, 3)):
        w.lamport += 1
        kind, body = "member.name", s.name_body(f"b{n}")
        if rng.random() < 0.3:
            kind, body = "member.admit", s.admit_body(PUPPET.public_key, "p")
        branch.append(sign_record(
            A, session=w.session, seq=branch[-1].seq + 1, prev=branch[-1].id,
            lamport=w.lamport, at=old.at, kind=kind, body=body, seen=w._seen(A),
        ))  # fmt: skip
    records += branch
    if any(r.kind == "member.admit" for r in branch):
        w.lamport += 1
        heads = ((A.public_key, branch[-1].seq, branch[-1].id),)
        records.append(sign_record(
            PUPPET, session=w.session, seq=1, prev=None, lamport=w.lamport, at=old.at,
            kind="member.name", body=s.name_body("p"), seen=heads,
        ))  # fmt: skip
        w.lamport += 1
        records.append(sign_record(
            PUPPET, session=w.session, seq=2, prev=records[-1].id, lamport=w.lamport,
            at=old.at, kind="member.name", body=s.name_body("p2"),
        ))  # fmt: skip
        if rng.random() < 0.6:  # Bart names the puppet's second record (any order: before it)
            seq, prev = w.heads.get(B.public_key, (0, None))
            w.lamport += 1
            named = sign_record(
                B,
                session=w.session,
                seq=seq + 1,
                prev=prev,
                lamport=w.lamport,
                at=old.at,
                kind="retract",
                body=s.retract_body(records[-1].id),
            )
            w.heads[B.public_key] = (named.seq, named.id)
            records.append(named)
    if rng.random() < 0.5:  # a member had the new branch first and wrote on it
        seer = rng.choice((B, C, D))
        seq, prev = w.heads.get(seer.public_key, (0, None))
        w.lamport += 1
        heads = ((A.public_key, branch[-1].seq, branch[-1].id),)
        records.append(sign_record(
            seer, session=w.session, seq=seq + 1, prev=prev, lamport=w.lamport, at=old.at,
            kind="member.name", body=s.name_body("saw b"), seen=heads,
        ))  # fmt: skip
    return records


def outcomes(session: str, records: list, rng: random.Random, trials: int) -> set:
    """(state hash, kept with why and by) over random orders and batch splits, and a full
    fold of all of them at once."""
    found = set()
    for n in range(trials):
        order = records[:]
        if n:
            rng.shuffle(order)
        fold = through_gate(session, order, one_by_one=n % 2 == 1)
        found.add((fold.state_hash(), tuple(sorted(fold.kept.items()))))
    return found


@pytest.mark.parametrize("seed", range(16))
def test_random_sessions_with_a_fork_give_one_state_and_one_kept_set(seed):
    records = random_forked_session(seed)
    session = records[0].session
    assert len(outcomes(session, records, random.Random(seed), trials=6)) == 1
    batched = in_batches(session, records, seed=seed, trials=6)
    assert len(batched) == 1


def test_a_peer_still_lists_what_it_had_placed_of_a_forkers_chain():
    """Its chain took Anna's seq 3..5 off when the fork came; the heads say seq 5 all the same."""
    w = seeing_writer()
    body = s.open_body("Plein", "Hoe?", "blank", "nl", "facilitator", "dots", nonce=NONCE)
    w.ok(A, "session.open", body)
    w.ok(A, "member.admit", s.admit_body(B.public_key, "Bart"))
    third = w.ok(A, "member.name", s.name_body("Anna"))
    w.ok(A, "phase.move", s.move_body("knots"))
    last = w.ok(A, "phase.move", s.move_body("positions"))
    replica = Replica(w.session)
    replica.offer(w.records)
    assert replica.heads()[A.public_key] == (last.seq, last.id)
    replica.offer([twin(w, A, third, "member.name", s.name_body("Anna (oud)"))])
    assert replica.set_aside() == {A.public_key: third.seq}
    assert replica.frontier()[A.public_key] == third.seq - 1
    assert replica.heads()[A.public_key] == (last.seq, last.id)
