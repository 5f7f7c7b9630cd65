"""What one member may make every peer hold: their records in order stop at ``MEMBER_BYTES``.

Attack s11 finding 2: a member sent valid 59 KB score-sheet parts as fast as a peer took them,
each accepted, stored and sent on, without end. Now the gate takes a member's chain up to the
budget and no further (not held, not stored: offered again by sync), says so once, and takes
the same prefix whatever order the records came in. Honest volumes never come near it.
"""

from __future__ import annotations

import random

from beraad.core import session as bodies
from beraad.core.replica import MEMBER_BYTES
from tests.core.strategies import identity
from tests.core.test_replica_limits import SESSION, Chain, opened

CRITERIA = [f"{n:064x}" for n in range(60)]
OPTIONS = [f"{n + 1000:064x}" for n in range(100)]


def sheet_records(writer: Chain, times: int, lamport: int) -> list:
    """``times`` whole score sheets of the largest matrix the UI allows (100 x 60), in parts."""
    records = []
    for n in range(times):
        sheet = {
            o: {c: (n + i + j) % 11 for j, c in enumerate(CRITERIA)} for i, o in enumerate(OPTIONS)
        }
        for body in bodies.scores_bodies(sheet):
            lamport += 1
            records.append(writer.write(lamport, "score.set", body))
    return records


def test_a_full_matrix_scored_ten_times_over_passes_untouched():
    bart = identity(2)
    replica, _creator = opened(bart)
    records = sheet_records(Chain(bart), 10, 10)
    intake = replica.offer(records)
    assert len(intake.accepted) == len(records) and not intake.dropped
    assert not intake.over_volume
    used = replica.chains.size(SESSION, bart.public_key)
    assert used == sum(r.size for r in records) and used < MEMBER_BYTES // 3


def flood(writer: Chain, count: int, lamport: int) -> list:
    """A member's 59 KB score-sheet parts (14 option rows x 60 criteria), as in the attack."""
    records = []
    for i in range(count):
        rows = {
            OPTIONS[(i * 14 + r) % 100]: {c: (i + j) % 11 for j, c in enumerate(CRITERIA)}
            for r in range(14)
        }
        records.append(writer.write(lamport + i, "score.set", {"scores": rows, "part": True}))
    return records


def test_a_flood_stops_at_the_budget_and_is_said_once():
    bart, chris = identity(2), identity(3)
    replica, _creator = opened(bart, chris)
    records = flood(Chain(bart), MEMBER_BYTES // 59_000 + 40, 10)
    intake = replica.offer(records[:200])
    more = replica.offer(records[200:])
    taken = intake.accepted + more.accepted
    used = sum(r.size for r in taken)
    assert used <= MEMBER_BYTES < used + records[len(taken)].size  # the prefix that fits
    assert taken == records[: len(taken)]
    assert intake.over_volume + more.over_volume == [bart.public_key]  # once
    assert len(intake.dropped) + len(more.dropped) == len(records) - len(taken)
    assert replica.held_bytes() == 0  # nothing of it kept waiting in memory
    # Others write on.
    assert replica.offer([Chain(chris).write(10_000)]).accepted
    # Offered again (a sync), it is not taken again, and not said again.
    again = replica.offer(records[len(taken) :])
    assert not again.accepted and not again.over_volume


LIMIT = 100_000  # a small budget (``Chains.limit``) keeps these quick


def notes(writer: Chain, count: int) -> list:
    return [writer.write(10 + i, "note.add", {"text": f"{i} " + "x" * 4_000}) for i in range(count)]


def small(*members):
    replica, creator = opened(*members)
    replica.chains.limit = LIMIT
    return replica, creator


def test_every_order_gives_the_same_prefix():
    bart = identity(2)
    records = notes(Chain(bart), 40)
    taken = []
    for seed in (1, 2, 3):
        replica, _creator = small(bart)
        shuffled = records[:]
        random.Random(seed).shuffle(shuffled)
        entered = True
        while entered:  # what a budget dropped is offered again, as sync does
            entered = False
            for start in range(0, len(shuffled), 7):
                entered |= bool(replica.offer(shuffled[start : start + 7]).accepted)
        taken.append(replica.frontier()[bart.public_key])
    fits = max(k for k in range(len(records)) if sum(r.size for r in records[:k]) <= LIMIT)
    assert taken == [fits] * 3


def test_a_record_past_the_budget_held_for_its_gap_stays_held_not_taken():
    """A record that waited for a gap enters no further than the budget when the gap fills."""
    bart = identity(2)
    records = notes(Chain(bart), 40)
    fits = max(k for k in range(len(records)) if sum(r.size for r in records[:k]) <= LIMIT)
    replica, _creator = small(bart)
    assert not replica.offer(records[fits - 2 : fits + 3]).accepted  # held for the gap
    intake = replica.offer(records[: fits - 2])
    assert intake.accepted == records[:fits] and intake.over_volume == [bart.public_key]
    assert [r for r, _why in intake.dropped] == records[fits : fits + 3]
    assert replica.held_bytes() == 0  # let go, not kept waiting for a budget that stays spent
