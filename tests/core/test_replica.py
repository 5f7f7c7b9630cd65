"""The gate every record passes: session, membership, chain — the same for ours and a peer's."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from beraad.core.fold import Fold, LedgerReducer
from beraad.core.record import sign_record
from beraad.core.replica import Replica, opens_session, session_id_for
from tests.core.strategies import identity

NONCE = "5" * 32


class Writer:
    """Signs records for one author with correct seq/prev and a shared lamport clock."""

    clock = 0

    def __init__(self, n, session):
        self.ident, self.session, self.prev, self.seq = identity(n), session, None, 0

    @property
    def key(self):
        return self.ident.public_key

    def write(self, kind, body):
        Writer.clock += 1
        self.seq += 1
        record = sign_record(
            self.ident,
            session=self.session,
            seq=self.seq,
            prev=self.prev,
            lamport=Writer.clock,
            at=0,
            kind=kind,
            body=body,
        )
        self.prev = record.id
        return record


def session_with_three():
    session = session_id_for(identity(1).public_key, NONCE)
    a, b, c = Writer(1, session), Writer(2, session), Writer(3, session)
    records = [a.write("session.open", {"nonce": NONCE, "title": "t"})]
    records.append(a.write("member.admit", {"member": b.key, "name": "B"}))
    records.append(b.write("knot.add", {"text": "b1"}))
    records.append(b.write("member.admit", {"member": c.key, "name": "C"}))
    records.append(c.write("knot.add", {"text": "c1"}))
    records.append(a.write("knot.add", {"text": "a1"}))
    records.append(c.write("knot.add", {"text": "c2"}))
    return session, records, (a, b, c)


def test_session_id_is_self_certifying():
    session, records, _ = session_with_three()
    assert opens_session(records[0])
    impostor = sign_record(
        identity(9),
        session=session,
        seq=1,
        prev=None,
        lamport=1,
        at=0,
        kind="session.open",
        body={"nonce": NONCE},
    )
    assert not opens_session(impostor)
    replica = Replica(session)
    intake = replica.offer([impostor])
    assert intake.refused and not intake.accepted
    assert replica.creator is None


def test_members_admitted_in_order():
    session, records, (a, b, c) = session_with_three()
    replica = Replica(session)
    intake = replica.offer(records)
    assert [r.id for r in intake.accepted] == [r.id for r in records]
    assert replica.members == {a.key, b.key, c.key}


def test_non_member_records_are_held_and_never_accepted():
    session, records, _ = session_with_three()
    stranger = Writer(7, session)
    bad = stranger.write("knot.add", {"text": "I was never admitted"})
    replica = Replica(session)
    intake = replica.offer([*records, bad])
    assert bad not in intake.accepted and bad in intake.held
    assert replica.pending == 1


@settings(max_examples=50)
@given(st.randoms(use_true_random=False))
def test_any_arrival_order_gives_the_same_records_and_state(rnd: random.Random):
    session, records, _ = session_with_three()
    shuffled = records[:]
    rnd.shuffle(shuffled)
    replica = Replica(session)
    accepted = []
    for record in shuffled:
        accepted += replica.offer([record]).accepted
    assert sorted(r.id for r in accepted) == sorted(r.id for r in records)
    assert replica.pending == 0 and replica.gaps() == {}
    ordered, delivered = Fold(LedgerReducer()), Fold(LedgerReducer())
    ordered.extend(records)
    for record in accepted:
        delivered.add(record)
    assert ordered.state_hash() == delivered.state_hash()


def test_fork_is_reported_and_the_author_set_aside_from_there():
    session, records, (_a, _b, c) = session_with_three()
    replica = Replica(session)
    replica.offer(records)
    twin = sign_record(
        c.ident,
        session=session,
        seq=2,
        prev=records[4].id,
        lamport=99,
        at=0,
        kind="knot.add",
        body={"text": "another story"},
    )
    intake = replica.offer([twin])
    assert len(intake.forks) == 1 and intake.set_aside[-1] == twin and not intake.refused
    # the copy placed before is set aside too, counted and kept (to be stored and sent on)
    assert [r.seq for r in intake.set_aside] == [2, 2] and replica.aside() == sorted(
        intake.set_aside, key=lambda r: (r.order_key, r.id)
    )
    assert replica.set_aside() == {c.ident.public_key: 2}
    later = c.write("knot.add", {"text": "c3"})
    assert replica.offer([later]).set_aside == [later]  # from the fork on: set aside, quietly
    assert replica.offer([later]).duplicates == 1  # kept once: not sent on again


def test_record_of_another_session_refused():
    _session, records, _ = session_with_three()
    other = Replica("f" * 32)
    intake = other.offer(records[:1])
    assert intake.refused and "session" in intake.refused[0][1]


def test_a_forkers_set_aside_records_count_for_the_lamport_step_on_every_peer():
    """Hole 1 of the fork rule: a forker climbed in lamport on one peer before the fork was
    known there; its records were set aside, but that peer's mark stayed up while every other
    peer's did not, and its own later records waited "ahead" elsewhere for good. A forker's
    set-aside records count for the step wherever and whenever they arrive (they are kept and
    sent on like the evidence), each through the same gate: peers that hold the same records
    reach the same mark, whatever they learnt first."""
    session, records, (_a, b, c) = session_with_three()

    def by(writer, seq, prev, lamport, text):
        return sign_record(
            writer.ident, session=session, seq=seq, prev=prev, lamport=lamport, at=0,
            kind="knot.add", body={"text": text},
        )  # fmt: skip

    high = by(c, 3, records[6].id, 9_000, "c3")
    higher = by(c, 4, high.id, 18_000, "c4, far ahead")  # taken before the fork is known
    fork = by(c, 3, records[6].id, 9_000, "another c3")
    junk = by(c, 4, fork.id, 27_000, "after the fork")  # live, once the fork is known
    honest = by(b, 3, records[3].id, 27_500, "b3, having seen c4")
    live = Replica(session)
    live.offer(records)
    assert live.offer([high, higher]).accepted == [high, higher]
    forked = live.offer([fork])
    assert forked.forks and live.set_aside() == {c.key: 3}
    assert {r.id for r in forked.set_aside} == {high.id, higher.id, fork.id}
    assert live.offer([junk]).set_aside == [junk] and live.lamport == 27_000
    assert live.offer([honest]).accepted == [honest]
    # A peer that learnt of the fork first, then got what the first one keeps set aside.
    told = Replica(session)
    told.offer(records)
    assert told.offer([high, fork]).forks
    told.offer(live.aside())
    assert told.lamport == 27_000
    assert told.offer([honest]).accepted == [honest]  # not held "ahead" for good
    assert told.lamport == live.lamport
    # A store or a bundle read back: any order of the same records reaches the same mark.
    stored = sorted([*records, *live.aside(), honest], key=lambda r: (r.order_key, r.id))
    for order in (stored, list(reversed(stored))):
        again = Replica(session)
        intake = again.offer(order, recorded=True)
        assert honest in intake.accepted and not again.is_ahead(honest.id)
        assert again.set_aside() == live.set_aside() and again.lamport == live.lamport
    further = by(b, 4, honest.id, 37_600, "b4, far past b3")
    assert live.offer([further]).held and told.offer([further]).held  # alike
