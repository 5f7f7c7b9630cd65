"""The gate's limits on well-signed records: a bounded lamport step and byte budgets for holding.

A member's peer may sign anything. A lamport far ahead waits until the session catches up (so
no record can push the next write out of range); records held back for any reason count against
a budget per author and per session, and the first one held or dropped says who and why.
"""

from __future__ import annotations

import functools
import gc
import json
import random
import tracemalloc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from beraad.core.identity import fingerprint
from beraad.core.record import Record, sign_record
from beraad.core.replica import (
    HELD_BYTES_PER_AUTHOR,
    HELD_BYTES_PER_SESSION,
    MAX_LAMPORT_STEP,
    Replica,
    held_cost,
    session_id_for,
)
from tests.core.strategies import identity

NONCE = "5" * 32
CREATOR = identity(1)
SESSION = session_id_for(CREATOR.public_key, NONCE)
BIG = "x" * 60_000


class Chain:
    """One author's records with correct seq and prev; the lamport is given."""

    def __init__(self, ident):
        self.ident, self.seq, self.prev = ident, 0, None

    def write(self, lamport, kind="knot.add", body=None):
        self.seq += 1
        record = sign_record(
            self.ident,
            session=SESSION,
            seq=self.seq,
            prev=self.prev,
            lamport=lamport,
            at=0,
            kind=kind,
            body=body if body is not None else {"text": "t"},
        )
        self.prev = record.id
        return record


def opened(*members):
    """A replica holding an open session whose creator admitted ``members``."""
    creator = Chain(CREATOR)
    records = [creator.write(1, "session.open", {"nonce": NONCE})]
    for n, member in enumerate(members, start=2):
        records.append(creator.write(n, "member.admit", {"member": member.public_key, "name": "m"}))
    replica = Replica(SESSION)
    assert len(replica.offer(records).accepted) == len(records)
    return replica, creator


def test_a_lamport_past_the_step_waits_and_the_session_keeps_its_clock():
    mallory = identity(2)
    replica, creator = opened(mallory)
    absurd = Chain(mallory).write(2**53 - 1)
    intake = replica.offer([absurd])
    assert not intake.accepted and intake.held == [absurd]
    assert replica.lamport == 2 and replica.is_ahead(absurd.id)
    assert intake.notices == [
        f"holding records from {fingerprint(mallory.public_key)}: lamport more than "
        f"{MAX_LAMPORT_STEP} past the highest seen (2)"
    ]
    # Writing goes on at the honest clock.
    assert replica.offer([creator.write(replica.lamport + 1)]).accepted


def test_a_record_just_within_the_step_enters_and_one_past_it_is_released_later():
    bart = identity(2)
    replica, creator = opened(bart)
    writer = Chain(bart)
    within = writer.write(2 + MAX_LAMPORT_STEP)
    beyond = writer.write(2 + 2 * MAX_LAMPORT_STEP + 1)
    intake = replica.offer([beyond, within])
    assert intake.accepted == [within] and replica.is_ahead(beyond.id)
    # Once the session's clock moves one further, the waiting record is placed.
    intake = replica.offer([creator.write(3 + MAX_LAMPORT_STEP)])
    assert [r.id for r in intake.accepted][-1] == beyond.id
    assert replica.held_bytes() == 0


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, MAX_LAMPORT_STEP), min_size=2, max_size=25), st.randoms())
def test_honest_histories_enter_whole_in_any_order(steps, rng):
    """Every record at most one step past what came before it: all enter, in any order."""
    people = [identity(n) for n in (2, 3, 4)]
    replica, _creator = opened(*people)
    chains = [Chain(p) for p in people]
    lamport, history = 2, []
    for step in steps:
        lamport += step
        history.append(chains[rng.randrange(3)].write(lamport))
    shuffled = history[:]
    rng.shuffle(shuffled)
    accepted = replica.offer(shuffled).accepted
    assert {r.id for r in accepted} == {r.id for r in history}
    assert replica.lamport == lamport and replica.held_bytes() == 0


def test_a_non_members_flood_is_held_within_the_author_budget_and_named_once():
    stranger = identity(9)
    replica, _ = opened()
    writer = Chain(stranger)
    flood = [writer.write(3, body={"text": BIG}) for _ in range(100)]
    intake = replica.offer(flood)
    assert replica.held_bytes(stranger.public_key) <= HELD_BYTES_PER_AUTHOR
    assert replica.held_bytes(stranger.public_key) > HELD_BYTES_PER_AUTHOR - held_cost(flood[0])
    assert len(intake.held) + len(intake.dropped) == 100 and intake.dropped
    who = fingerprint(stranger.public_key)
    assert intake.notices == [
        f"holding records from {who}: not a member of this session (yet)",
        f"dropping records from {who}: over the budget of {HELD_BYTES_PER_AUTHOR} bytes per author",
    ]
    # A second wave is dropped without another line.
    assert replica.offer([writer.write(3, body={"text": BIG})]).notices == []


def test_many_authors_hit_the_session_budget():
    strangers = [identity(20 + n) for n in range(10)]
    replica, _ = opened()
    notices = []
    for stranger in strangers:
        writer = Chain(stranger)
        flood = [writer.write(3, body={"text": BIG}) for _ in range(66)]
        intake = replica.offer(flood)
        notices += intake.notices
    one = held_cost(flood[0])  # what one held record counts: its memory, not its 60 KB
    assert HELD_BYTES_PER_SESSION - one < replica.held_bytes() <= HELD_BYTES_PER_SESSION
    assert any(f"{HELD_BYTES_PER_SESSION} bytes per session" in line for line in notices)


def test_a_members_records_far_ahead_of_their_chain_are_budgeted_and_freed_when_placed():
    bart = identity(2)
    replica, _ = opened(bart)
    writer = Chain(bart)
    first = writer.write(3)
    rest = [writer.write(3, body={"text": BIG}) for _ in range(100)]
    intake = replica.offer(rest)
    assert not intake.accepted and intake.dropped
    assert replica.held_bytes(bart.public_key) <= HELD_BYTES_PER_AUTHOR
    assert any("ahead of their chain (waiting for seq 1)" in line for line in intake.notices)
    held = len(intake.held)
    intake = replica.offer([first])
    assert len(intake.accepted) == held + 1 and replica.held_bytes() == 0


def test_held_records_of_an_author_who_forks_are_no_longer_counted():
    bart = identity(2)
    replica, _ = opened(bart)
    writer = Chain(bart)
    writer.write(3)
    later = [writer.write(3) for _ in range(5)]
    replica.offer(later)
    assert replica.held_bytes(bart.public_key) > 0
    other = Chain(bart)
    other.seq, other.prev = 1, "ab" * 32  # a second record claiming seq 2
    replica.offer([other.write(3)])  # a fork at seq 2 against the held one
    assert replica.held_bytes(bart.public_key) == 0


def test_shuffled_membership_and_lamport_holds_release_together():
    people = [identity(n) for n in (2, 3)]
    creator = Chain(CREATOR)
    records = [creator.write(1, "session.open", {"nonce": NONCE})]
    lamport = 1
    for person in people:
        lamport += MAX_LAMPORT_STEP
        records.append(creator.write(lamport, "member.admit", {"member": person.public_key}))
        lamport += MAX_LAMPORT_STEP
        records.append(Chain(person).write(lamport))
    for seed in range(10):
        shuffled = records[:]
        random.Random(seed).shuffle(shuffled)
        replica = Replica(SESSION)
        assert len(replica.offer(shuffled).accepted) == len(records)
        assert replica.held_bytes() == 0


#: Body shapes, and how many records of each overfill one author's budget in memory.
BODIES = {
    "long text": (lambda n: {"text": "x" * 60_000}, 40),
    "non-ASCII text": (lambda n: {"text": "é" * 30_000}, 50),
    "empty lists": (lambda n: {"text": [[] for _ in range(20_000)]}, 6),
    "small objects": (lambda n: {"text": [{"k": n + i} for i in range(6_000)]}, 6),
    "distinct integers": (lambda n: {"text": list(range(n * 10_000, n * 10_000 + 9_000))}, 12),
    "tiny records": (lambda n: {"text": "t"}, 4_000),
}


@pytest.mark.parametrize(("shape", "count"), BODIES.values(), ids=BODIES.keys())
def test_the_held_budget_bounds_the_memory_held_records_really_take(shape, count):
    """Counted: not the encoded size, but the memory held (traced allocations). A body of empty
    lists is 2 bytes of JSON per list and 64 bytes of memory; counting encoded bytes let one
    author's budget of 4 MiB hold about 80 MiB."""
    stranger = Chain(identity(99))
    records = [stranger.write(5, body=shape(n)).to_dict() for n in range(count)]
    texts = [json.dumps(record) for record in records]
    del records
    replica, _ = opened()
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        dropped = 0
        for text in texts:  # as they arrive: read from the wire, then offered
            dropped += len(replica.offer([Record.from_dict(json.loads(text))]).dropped)
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    counted = replica.held_bytes(stranger.ident.public_key)
    assert 0 < counted <= HELD_BYTES_PER_AUTHOR
    assert dropped  # the budget was reached
    slack = 256 * 1024  # the replica's own tables: ids, indexes, the notices
    assert kept <= counted + slack, (kept, counted)


def test_a_replica_that_follows_the_fold_admits_only_whom_it_is_told():
    """Attack finding 2: a ``member.admit`` the fold refuses (a guest's) must admit nobody. A
    node's replica admits on ``admit_members`` (the fold's members), never on the record."""
    guest, ghost = identity(2), identity(3)
    creator = Chain(CREATOR)
    replica = Replica(SESSION, fold_admits=True)
    opening = creator.write(1, "session.open", {"nonce": NONCE})
    assert replica.offer([opening]).accepted == [opening]
    admit = creator.write(2, "member.admit", {"member": guest.public_key, "name": "g"})
    assert replica.offer([admit]).accepted == [admit] and not replica.is_member(guest.public_key)
    assert replica.admit_members([guest.public_key]).newly_admitted == [guest.public_key]
    ghost_admit = Chain(guest).write(3, "member.admit", {"member": ghost.public_key, "name": "z"})
    ghost_write = Chain(ghost).write(4)
    intake = replica.offer([ghost_admit, ghost_write])
    assert intake.accepted == [ghost_admit] and not replica.is_member(ghost.public_key)
    assert replica.pending == 1  # the ghost's record waits; it never entered
    assert replica.admit_members([ghost.public_key]).accepted == [ghost_write]


MALLORY, CAS = identity(7), identity(8)


@functools.cache
def _branches():
    """Mallory's fork at seq 2 (her name and two copies), then two branches of ~4.8 MB of
    set-aside records at seq 3 each: one climbing 9,000 a record, one flat."""
    top = opened(MALLORY, CAS)[0].lamport
    name = Chain(MALLORY).write(top + 1, "member.name", {"name": "Mallory"})

    def at(seq, prev, lamport, body):
        return sign_record(
            MALLORY, session=SESSION, seq=seq, prev=prev, lamport=lamport, at=0,
            kind="note.add", body=body,
        )  # fmt: skip

    one = at(2, name.id, top + 2, {"text": "A"})
    two = at(2, name.id, top + 2, {"text": "B"})
    climbing = [at(3, one.id, top + 3 + 9_000 * (i + 1), {"text": BIG, "i": i}) for i in range(80)]
    flat = [at(3, two.id, top + 3, {"text": BIG, "i": i}) for i in range(80)]
    return (name, one, two), tuple(climbing), tuple(flat)


def test_set_aside_records_over_the_budget_never_leave_peers_with_different_marks():
    """Attack s6 #2: a forker filled each peer's 4 MiB budget of set-aside records with a
    different branch, one climbing 9,000 a record. Each peer kept its own and dropped the
    other's: anja's mark went to ~720,000, bart's stayed at a few, and what anja (or a member
    who saw her records) wrote next waited "lamport ahead" on bart for good. A set-aside record
    that raises the mark is kept whatever the budget (it costs the forker a step of the shared
    clock, like any record); only those below the mark are dropped past it, and they could
    never have moved the mark anywhere."""
    mallory, cas = MALLORY, CAS
    anja, bart = opened(mallory, cas)[0], opened(mallory, cas)[0]
    fork, climbing, flat = _branches()
    anja.offer(fork)
    bart.offer([fork[0], fork[2], fork[1]])
    assert anja.set_aside() == bart.set_aside() == {mallory.public_key: 2}
    anja.offer(list(climbing))  # past the budget too: each raises the mark
    assert any("over the budget" in why for _r, why in bart.offer(list(flat)).dropped)
    for _ in range(2):  # each sends on what it keeps (node: live and in answer to a hello)
        anja.offer(bart.aside())
        bart.offer(anja.aside())
    assert anja.lamport == bart.lamport == climbing[-1].lamport
    written = Chain(cas).write(anja.lamport + 5_000)  # against anja's mark
    for replica in (anja, bart):
        assert replica.offer([written]).accepted == [written]
        assert not replica.is_ahead(written.id)
    # Still bounded below the mark: of the flat branch, no more than the budget is kept.
    flat_kept = sum(held_cost(r) for r in bart.aside() if r.lamport == flat[0].lamport)
    assert flat_kept <= HELD_BYTES_PER_AUTHOR
    assert len([r for r in anja.aside() if r.lamport == flat[0].lamport]) < len(flat)


@settings(max_examples=12, deadline=None)
@given(st.randoms(use_true_random=False), st.integers(2, 4))
def test_the_mark_is_one_whatever_each_peer_got_and_dropped(rng, peers):
    """Any split of both branches over the peers, in any order and batches, then gossip of
    what each keeps: one mark, and a record written against it enters everywhere."""
    replicas = [opened(MALLORY, CAS)[0] for _ in range(peers)]
    fork, climbing, flat = _branches()
    records = [*climbing, *flat, fork[1], fork[2]]
    for replica in replicas:
        replica.offer([fork[0]])
    shares: list[list[Record]] = [[] for _ in replicas]
    for record in records:
        shares[rng.randrange(peers)].append(record)
    for replica, share in zip(replicas, shares, strict=True):
        rng.shuffle(share)
        while share:
            cut = rng.randint(1, len(share))
            replica.offer(share[:cut])
            share = share[cut:]
    # Each sends on what it keeps (a node: at once, and in answer to a hello) until nothing
    # new is kept: a record released from "ahead" on one peer moves the others on.
    for _ in range(len(records)):
        before = [len(replica.aside()) for replica in replicas]
        for replica in replicas:
            for other in replicas:
                if other is not replica:
                    other.offer(replica.aside())
        if [len(replica.aside()) for replica in replicas] == before:
            break
    marks = {replica.lamport for replica in replicas}
    assert len(marks) == 1
    written = Chain(CAS).write(marks.pop() + MAX_LAMPORT_STEP)
    for replica in replicas:
        assert replica.offer([written]).accepted == [written]
