"""A refold in steps (``Fold.extending``/``refolding``) reaches what a full refold reaches, and
until its last step readers see the fold as it was (attack s11 finding 1: a member's back-dated
records made every peer refold the whole session on its event loop, freezing it for seconds).

Real signed records and the real deliberation reducer: members' contributions, refusals, a
non-member's record (unheard), and a member's records back-dated below the session's top.
"""

from __future__ import annotations

import random

import pytest

from beraad.core import fold as folding
from beraad.core import session as s
from beraad.core.deliberation import DeliberationReducer
from beraad.core.fold import Fold
from beraad.core.record import Record
from tests.core.test_deliberation import A, B, C, D, opened


def _session() -> list[Record]:
    writer = opened()
    writer.ok(A, "phase.move", s.move_body("knots"))
    for n in range(6):
        writer.ok([A, B, C][n % 3], "knot.add", s.text_body(f"knot {n}"))
    writer.refused(D, "knot.add", s.text_body("not a member"))
    writer.refused(B, "phase.move", s.move_body("positions"))  # only the facilitator moves
    # B's chain back-dated below the top (6, 7, 8 …): slotted into the past, each a refold.
    for n in range(4):
        writer.back_dated(B, "knot.add", s.text_body(f"late {n}"), 6 + n)
    writer.ok(A, "phase.move", s.move_body("positions"))
    writer.write(C, "knot.add", s.text_body("too late for knots"))
    return writer.records


def _reference(records: list[Record]) -> Fold:
    """All of them at once, then a full refold: what every peer holding them reaches."""
    fold = Fold(DeliberationReducer())
    fold.extend(records)
    fold.refold()
    return fold


@pytest.mark.parametrize("seed", range(12))
def test_a_refold_in_steps_reaches_a_full_refolds_state_and_shows_the_old_one_until_then(
    monkeypatch, seed
):
    monkeypatch.setattr(folding, "REFOLD_STEP", 3)  # a small session still takes many steps
    records = _session()
    reference = _reference(records)
    rng = random.Random(seed)
    order = records[:]
    rng.shuffle(order)
    cuts = sorted(rng.sample(range(1, len(order)), rng.randint(1, 6)))
    fold = Fold(DeliberationReducer())
    longest = 0
    for start, end in zip([0, *cuts], [*cuts, len(order)], strict=True):
        before = (fold.state_hash(), fold.version, [r.id for r in fold.records], fold.state)
        steps = fold.extending(order[start:end])
        taken = 0
        for _ in steps:  # a step handed on: what readers see is the fold as it was, whole
            taken += 1
            now = (fold.state_hash(), fold.version, [r.id for r in fold.records], fold.state)
            assert now == before
        longest = max(longest, taken)
    assert longest >= 2  # some batch sorted into the past and was refolded in steps
    assert fold.state_hash() == reference.state_hash()
    assert fold.rejected == reference.rejected and fold.unheard == reference.unheard
    assert [r.id for r in fold.records] == [r.id for r in reference.records]
    assert fold.rejected and fold.unheard  # the session has both kinds of refusal


def test_a_change_while_a_refold_in_steps_is_under_way_finishes_it_first(monkeypatch):
    monkeypatch.setattr(folding, "REFOLD_STEP", 2)
    records = _session()
    late = [r for r in records if r.author == B.public_key][-4:]
    rest = [r for r in records if r not in late]
    fold = Fold(DeliberationReducer())
    fold.extend(rest[:-1])
    steps = fold.extending(late)
    next(steps)  # under way
    fold.add(rest[-1])  # another change: after the refold, never inside it
    assert list(steps) == []  # what was left of it was done
    assert fold.state_hash() == _reference(records).state_hash()
