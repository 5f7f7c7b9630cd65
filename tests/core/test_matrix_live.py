"""A live matrix tally, record by record, is the tally of a fold of the same records from nothing.

The decide view tallies again on every arriving record with the last tally's memo
(``MatrixMemo``), which works out only what the record touched. Here real signed records
(whole sheets that supersede a member's last, sheets in parts, new weights, options and
criteria taken back) are folded one by one; after each, the memo's tally is compared with a
tally of a fresh fold of every record so far, delivered in a random order, and its totals with
the naive reference (the weighted sum of means, worked out by hand).
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from beraad.core import session as s
from beraad.core.deliberation import DeliberationReducer
from beraad.core.fold import Fold
from beraad.core.matrix import MatrixMemo
from beraad.core.tally import TallyError, tally
from tests.core.test_deliberation import A, B, move_to
from tests.core.test_method_references import naive_matrix_totals
from tests.core.test_score_parts import MEMBERS, matrix_session, part_body

OPTIONS, CRITERIA = 4, 3


@st.composite
def records(draw):
    """Per step what is written: a sheet (whole or a part), weights, a take-back."""
    steps = []
    for _ in range(draw(st.integers(1, 10))):
        what = draw(st.sampled_from(["sheet", "sheet", "sheet", "weights", "retract"]))
        member = draw(st.integers(0, len(MEMBERS) - 1))
        if what == "sheet":
            options = draw(st.sets(st.integers(0, OPTIONS - 1), min_size=1))
            rows = {
                o: {
                    c: draw(st.integers(0, 10))
                    for c in draw(st.sets(st.integers(0, CRITERIA - 1), min_size=1))
                }
                for o in sorted(options)
            }
            steps.append(("sheet", member, (draw(st.booleans()), rows)))
        elif what == "weights":
            weights = draw(
                st.dictionaries(st.integers(0, CRITERIA - 1), st.integers(0, 100), min_size=1)
            )
            steps.append(("weights", member, weights))
        else:
            steps.append(("retract", 0, (draw(st.booleans()), draw(st.integers(0, 9)))))
    return steps, draw(st.randoms(use_true_random=False))


def reference_totals(state):
    """The naive reference over what the state counts: live weights, counted sheets."""
    options, criteria = state.live_options(), state.live_criteria()
    scores = {
        v.member: {
            o: {c: n for c, n in row.items() if c in criteria}
            for o, row in v.body["scores"].items()
            if o in options
        }
        for v in state.counted_votes("score.set")
    }
    return naive_matrix_totals(options, criteria, state.live_weights(), scores)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records())
def test_a_live_tally_record_by_record_is_the_tally_of_a_fresh_fold(drawn):
    steps, shuffle = drawn
    writer, opts, crits, _weights = matrix_session(options=OPTIONS, criteria=CRITERIA)
    memo = MatrixMemo()
    tally(writer.state, "matrix", memo=memo)
    for what, member, given_ in steps:
        who = MEMBERS[member]
        if what == "sheet":
            part, numbered = given_
            rows = {opts[o]: {crits[c]: v for c, v in row.items()} for o, row in numbered.items()}
            writer.write(who, "score.set", part_body(rows, part))
        elif what == "weights":
            move_to(writer, "criteria")  # weights are given in the criteria phase
            weights = s.weights_body({crits[c]: w for c, w in given_.items()})
            writer.write(who, "weight.set", weights)
            move_to(writer, "options", "decide")
        else:
            option, index = given_  # options are B's, criteria A's: only they take them back
            targets = opts if option else crits
            target = targets[index % len(targets)]
            writer.write(B if option else A, "retract", s.retract_body(target))
        fresh = Fold(DeliberationReducer())
        arrived = list(writer.records)
        random.Random(shuffle.random()).shuffle(arrived)
        fresh.extend(arrived)
        assert fresh.state_hash() == writer.fold.state_hash()
        try:
            expected = tally(fresh.state, "matrix")
        except TallyError:  # nothing left to tally (every option taken back): the same
            with pytest.raises(TallyError):
                tally(writer.state, "matrix", memo=memo)
            continue
        live = tally(writer.state, "matrix", memo=memo)
        assert live == expected
        assert live.totals == reference_totals(writer.state)
