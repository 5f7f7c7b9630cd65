"""A forker's set-aside records are bounded per forker, those that raise the mark too (attack
s12 #1), and peers that keep different ones fold alike.

Uncapped, a forker climbing one lamport step per record made every peer keep all of them: 700
score parts of 59 KB were 39 MiB of memory and journal on every peer, 2,000 were 258 MB of RSS.
Now past ``ASIDE_BYTES_PER_FORKER`` they are dropped (their lamport still counts for the mark
where they were seen). Which ones a peer keeps then rests on the order they came in; the fold
counts only set-aside records something rests on (pinned, kept whatever the budget), so the
state hash and the kept set do not. Real signed records, the real gate and the real reducer.
"""

from __future__ import annotations

import random

import pytest

from beraad.core import replica as gate
from beraad.core.record import Record, sign_record
from beraad.core.replica import held_cost
from tests.core.test_deliberation import A
from tests.core.test_fork_seen import random_forked_session
from tests.core.test_fork_standing import through_gate

BIG = "x" * 60_000
#: The budget scaled down (16 MiB → 1 MiB) with the pile, so the test stays fast.
BUDGET = 1024 * 1024


def climbing_pile(records: list[Record], count: int) -> list[Record]:
    """Anna's records past her fork's last one, each one lamport step above the last: every
    one raises the mark where it arrives."""
    session = records[0].session
    top = max(records, key=lambda r: (r.author == A.public_key, r.seq))
    lamport = max(r.lamport for r in records)
    pile, prev = [], top.id
    for i in range(count):
        record = sign_record(
            A, session=session, seq=top.seq + 1 + i, prev=prev, lamport=lamport + 1 + i,
            at=top.at, kind="member.name", body={"name": f"{i}{BIG}"},
        )  # fmt: skip
        pile.append(record)
        prev = record.id
    return pile


@pytest.mark.parametrize("seed", range(4))
def test_a_climbing_pile_is_kept_within_the_budget_and_peers_fold_alike(seed, monkeypatch):
    monkeypatch.setattr(gate, "ASIDE_BYTES_PER_FORKER", BUDGET)
    records = random_forked_session(seed)
    session = records[0].session
    pile = climbing_pile(records, 40)
    assert sum(held_cost(r) for r in pile) > 2 * BUDGET
    rng = random.Random(seed)
    outcomes, kept_sets = set(), set()
    for n in range(4):
        order = records + pile
        if n:
            rng.shuffle(order)
        fold = through_gate(session, order, one_by_one=n % 2 == 1)
        assert fold.set_aside  # Anna forked
        aside = {i for i, r in fold.aside.items() if r in pile}
        kept_sets.add(frozenset(aside))
        assert 0 < len(aside) < len(pile)  # past the budget, dropped
        outcomes.add((fold.state_hash(), tuple(sorted(fold.kept.items()))))
    assert len(outcomes) == 1  # one state, one kept set, whatever each peer keeps
    assert len(kept_sets) > 1  # ... and they did keep different piles


def test_past_the_budget_the_mark_still_counts_what_was_seen(monkeypatch):
    monkeypatch.setattr(gate, "ASIDE_BYTES_PER_FORKER", BUDGET)
    records = random_forked_session(1)
    session = records[0].session
    pile = climbing_pile(records, 40)
    replica = gate.Replica(session, fold_admits=True)
    through = through_gate(session, records)  # members admitted as the fold says
    replica.admit_members(sorted(through.state.members))
    replica.offer(records)
    intake = replica.offer(pile)
    kept = [r for r in replica.aside() if r in pile]
    assert sum(held_cost(r) for r in kept) <= BUDGET
    assert len(kept) < len(pile)
    assert any("over the budget" in why for _r, why in intake.dropped)
    assert replica.lamport == pile[-1].lamport  # the mark does not rest on what was kept
