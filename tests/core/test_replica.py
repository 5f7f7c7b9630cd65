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
    assert len(intake.forks) == 1 and intake.set_aside == [twin] and not intake.refused
    assert replica.set_aside() == {c.ident.public_key: 2}
    later = c.write("knot.add", {"text": "c3"})
    assert replica.offer([later]).set_aside == [later]  # from the fork on: set aside, quietly


def test_record_of_another_session_refused():
    _session, records, _ = session_with_three()
    other = Replica("f" * 32)
    intake = other.offer(records[:1])
    assert intake.refused and "session" in intake.refused[0][1]
