"""Every decision method against a deliberately naive implementation of its published definition.

The references below share no code with ``beraad.core``: they are written straight from the
definitions (brute force where that is simplest) and compared with the production functions on
random profiles — ties, equal rankings, unranked options, zero and one voter, many options.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from beraad.core.consent import RESPONSES, Response, consent
from beraad.core.dotvote import dot_vote
from beraad.core.gradients import KANER_SCALE, GradientResponse, gradients
from beraad.core.majority import majority_judgment
from beraad.core.matrix import MatrixMemo, matrix
from beraad.core.ranking import MethodError
from beraad.core.schulze import schulze

LETTERS = "ABCDEFGH"
#: Random profiles per method: each method against its independent reference on 100 draws
#: (1,000, then 250 each were the largest share of the core tests' time; 100 is the floor
#: for these checks: below it a reference check says little).
MANY = settings(max_examples=100, deadline=None)


def naive_winners(scores: dict[str, object]) -> tuple[str, ...]:
    """Every option with the best score (several means a tie)."""
    best = max(scores.values())
    return tuple(sorted(o for o, v in scores.items() if v == best))


def split(winners: tuple[str, ...]) -> tuple[str | None, tuple[str, ...]]:
    """(winner, tied) the way a result reports them."""
    return (winners[0], ()) if len(winners) == 1 else (None, winners)


# Schulze (Schulze 2011, §4.1): strongest paths by brute force over every simple path -----


def naive_schulze(options, ballots):
    def rank(ballot, option):
        for index, tier in enumerate(ballot):
            if option in tier:
                return index
        return len(ballot)  # unranked: below everything ranked

    d = {
        (x, y): sum(1 for b in ballots if rank(b, x) < rank(b, y))
        for x in options
        for y in options
        if x != y
    }

    def link(x, y):
        return d[x, y] if d[x, y] > d[y, x] else 0

    p = {}
    for x, y in d:
        others = [o for o in options if o not in (x, y)]
        best = 0
        for size in range(len(others) + 1):
            for middle in itertools.permutations(others, size):
                path = (x, *middle, y)
                best = max(best, min(link(a, b) for a, b in itertools.pairwise(path)))
        p[x, y] = best
    left, order = list(options), []
    while left:
        top = tuple(sorted(x for x in left if all(p[x, y] >= p[y, x] for y in left if y != x)))
        order.append(top)
        left = [x for x in left if x not in top]
    winners = tuple(
        sorted(x for x in options if all(p[x, y] >= p[y, x] for y in options if y != x))
    )
    return d, p, tuple(order), winners


@st.composite
def ranked_profiles(draw, most_options=6):
    options = LETTERS[: draw(st.integers(1, most_options))]
    ballots = []
    for _ in range(draw(st.integers(0, 9))):
        named = draw(st.permutations(options))[: draw(st.integers(0, len(options)))]
        cuts = sorted(draw(st.sets(st.integers(1, max(len(named) - 1, 1)), max_size=3)))
        tiers, start = [], 0
        for cut in [*cuts, len(named)]:
            if named[start:cut]:
                tiers.append(list(named[start:cut]))
            start = cut
        ballots.append(tiers)
    return options, ballots


@MANY
@given(ranked_profiles())
def test_schulze_agrees_with_brute_force_strongest_paths(profile):
    options, ballots = profile
    result = schulze(options, ballots)
    d, p, order, winners = naive_schulze(options, ballots)
    assert result.pairwise == {x: {y: d[x, y] for y in options if y != x} for x in options}
    assert result.strongest == {x: {y: p[x, y] for y in options if y != x} for x in options}
    if not ballots:
        assert result.ranking == () and result.winner is None
        return
    assert result.ranking == order
    assert (result.winner, result.tied) == split(winners)


def test_schulze_two_unbeaten_options_tied_with_each_other_are_both_winners():
    """The issue's case: B and C unbeaten on strongest paths and p[B][C] == p[C][B]."""
    ballots = [[["B"], ["A"], ["C"]], [["C"], ["A"], ["B"]], [["B", "C"], ["A"]]]
    result = schulze("ABC", ballots)
    assert result.strongest["B"]["C"] == result.strongest["C"]["B"]
    assert result.winner is None and result.tied == ("B", "C")
    assert result.ranking == (("B", "C"), ("A",))


def test_schulze_a_cycle_of_equal_strength_is_a_three_way_tie():
    ballots = [[["A"], ["B"], ["C"]], [["B"], ["C"], ["A"]], [["C"], ["A"], ["B"]]]
    result = schulze("ABC", ballots)
    assert result.ranking == (("A", "B", "C"),) and result.tied == ("A", "B", "C")


# Dot voting: the option(s) with most dots --------------------------------------------------


@st.composite
def dot_profiles(draw):
    options = LETTERS[: draw(st.integers(1, 8))]
    members = draw(st.integers(0, 6))
    dots = {
        f"m{m}": draw(st.dictionaries(st.sampled_from(options), st.integers(0, 5), max_size=4))
        for m in range(members)
    }
    return options, dots


@MANY
@given(dot_profiles())
def test_dot_vote_agrees_with_counting_by_hand(profile):
    options, dots = profile
    result = dot_vote(options, dots)
    totals = {o: sum(sheet.get(o, 0) for sheet in dots.values()) for o in options}
    assert result.totals == totals
    if not any(totals.values()):
        assert result.winner is None and result.tied == ()
    else:
        assert (result.winner, result.tied) == split(naive_winners(totals))


# Majority judgment (Balinski & Laraki): compare two options by their lower medians, dropping
# one copy of a shared median until they differ --------------------------------------------


def mj_compare(a: list[int], b: list[int]) -> int:
    a, b = sorted(a), sorted(b)
    while a and b:
        ma, mb = a[(len(a) - 1) // 2], b[(len(b) - 1) // 2]
        if ma != mb:
            return 1 if ma > mb else -1
        a.remove(ma)
        b.remove(mb)
    return 0


@MANY
@given(
    st.integers(1, 6).flatmap(
        lambda n: st.tuples(
            st.just(LETTERS[:n]),
            st.lists(st.dictionaries(st.sampled_from(LETTERS[:n]), st.integers(0, 5)), max_size=7),
        )
    )
)
def test_majority_judgment_agrees_with_pairwise_median_comparison(profile):
    options, sheets = profile
    ballots = {f"m{i}": sheet for i, sheet in enumerate(sheets)}
    result = majority_judgment(options, ballots)
    grades = {o: [sheet.get(o, 0) for sheet in sheets] for o in options}
    if not sheets:
        assert result.winner is None and result.ranking == ()
        return
    winners = tuple(
        o for o in options if all(mj_compare(grades[o], grades[x]) >= 0 for x in options)
    )
    assert (result.winner, result.tied) == split(winners)
    for higher, lower in itertools.pairwise(result.ranking):
        assert all(mj_compare(grades[h], grades[x]) > 0 for h in higher for x in lower)


# Consent: quorum of more than half, at least one agree, no objection -----------------------


@MANY
@given(st.integers(0, 9), st.data())
def test_consent_agrees_with_its_rule(members, data):
    who = data.draw(st.sets(st.integers(0, max(members - 1, 0)), max_size=members))
    answers = {m: data.draw(st.sampled_from(RESPONSES)) for m in who}
    result = consent(
        "X",
        [
            Response(f"m{m}", r, "because" if r == "object" else "", f"r{m}")
            for m, r in answers.items()
        ],
        members,
    )
    said = list(answers.values())
    expected = 2 * len(said) > members and "object" not in said and "agree" in said
    assert result.passes == expected
    assert result.responded == len(said) and len(result.objections) == said.count("object")


# Gradients of agreement (Kaner): quorum, and nobody above the threshold (a block always stops)


@MANY
@given(st.integers(0, 9), st.integers(1, 7), st.data())
def test_gradients_agree_with_their_rule(members, threshold, data):
    who = data.draw(st.sets(st.integers(0, max(members - 1, 0)), max_size=members))
    levels = {m: data.draw(st.integers(1, 8)) for m in who}
    result = gradients(
        "X",
        [GradientResponse(f"m{m}", lv, "", f"r{m}") for m, lv in levels.items()],
        members,
        threshold,
    )
    said = list(levels.values())
    expected = 2 * len(said) > members and all(lv <= threshold and lv != 8 for lv in said)
    assert result.passes == expected
    assert [count for _level, _label, count in result.histogram] == [
        said.count(level) for level, _ in KANER_SCALE
    ]


# Weighted criteria matrix: Σ over criteria of (mean weight × mean score), exact -------------


@MANY
@given(st.integers(1, 5), st.integers(1, 4), st.data())
def test_matrix_agrees_with_the_weighted_sum_of_means(n_options, n_criteria, data):
    options, criteria = LETTERS[:n_options], [f"c{i}" for i in range(n_criteria)]
    weights = data.draw(
        st.dictionaries(
            st.sampled_from(["m0", "m1", "m2"]),
            st.dictionaries(st.sampled_from(criteria), st.integers(0, 100)),
        )
    )
    scores = data.draw(
        st.dictionaries(
            st.sampled_from(["m0", "m1", "m2", "m3"]),
            st.dictionaries(
                st.sampled_from(options),
                st.dictionaries(st.sampled_from(criteria), st.integers(0, 10)),
            ),
        )
    )
    result = matrix(options, criteria, weights, scores)
    totals = {}
    for o in options:
        total = Fraction(0)
        for c in criteria:
            w = [sheet[c] for sheet in weights.values() if c in sheet]
            s = [sheet[o][c] for sheet in scores.values() if c in sheet.get(o, {})]
            if w and s:
                total += Fraction(sum(w), len(w)) * Fraction(sum(s), len(s))
        totals[o] = total
    assert result.totals == totals
    scored = any(row for sheet in scores.values() for row in sheet.values())
    if scored:
        assert (result.winner, result.tied) == split(naive_winners(totals))
    else:
        assert result.winner is None


def naive_matrix_totals(options, criteria, weights, scores):
    totals = {}
    for o in options:
        total = Fraction(0)
        for c in criteria:
            w = [sheet[c] for sheet in weights.values() if c in sheet]
            s = [sheet[o][c] for sheet in scores.values() if c in sheet.get(o, {})]
            if w and s:
                total += Fraction(sum(w), len(w)) * Fraction(sum(s), len(s))
        totals[o] = total
    return totals


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 5), st.integers(1, 4), st.data())
def test_a_matrix_tallied_again_with_its_memo_agrees_with_a_fresh_tally(
    n_options, n_criteria, data
):
    """A live view tallies again on every vote with a memo of the last tally: a sequence of
    changed weights, sheets, options and criteria gives what a fresh tally and the naive
    reference give, every time."""
    memo = MatrixMemo()
    members = ["m0", "m1", "m2", "m3"]
    for _step in range(data.draw(st.integers(1, 5))):
        options = data.draw(st.lists(st.sampled_from(LETTERS[:n_options]), min_size=1, unique=True))
        criteria = data.draw(
            st.lists(st.sampled_from([f"c{i}" for i in range(n_criteria)]), unique=True)
        )
        weights = data.draw(
            st.dictionaries(
                st.sampled_from(members[:3]),
                st.dictionaries(st.sampled_from(criteria), st.integers(0, 100))
                if criteria
                else st.just({}),
            )
        )
        scores = data.draw(
            st.dictionaries(
                st.sampled_from(members),
                st.dictionaries(
                    st.sampled_from(options),
                    st.dictionaries(st.sampled_from(criteria), st.integers(0, 10))
                    if criteria
                    else st.just({}),
                ),
            )
        )
        remembered = matrix(options, criteria, weights, scores, memo=memo)
        assert remembered == matrix(options, criteria, weights, scores)
        assert remembered.totals == naive_matrix_totals(options, criteria, weights, scores)


def test_one_members_new_row_works_out_that_option_again_and_no_other():
    options, criteria = list(LETTERS[:6]), [f"c{i}" for i in range(4)]
    weights = {"m0": {c: 10 for c in criteria}}
    scores = {
        m: {o: {c: (i + j) % 11 for j, c in enumerate(criteria)} for i, o in enumerate(options)}
        for m in ("m0", "m1", "m2")
    }
    memo = MatrixMemo()
    matrix(options, criteria, weights, scores, memo=memo)
    assert memo.recomputed == len(options)
    changed = {**scores, "m1": {**scores["m1"], "C": {c: 7 for c in criteria}}}
    assert matrix(options, criteria, weights, changed, memo=memo) == matrix(
        options, criteria, weights, changed
    )
    assert memo.recomputed == len(options) + 1
    heavier = {"m0": {**weights["m0"], "c0": 99}}
    matrix(options, criteria, heavier, changed, memo=memo)  # every total moves
    assert memo.recomputed == 2 * len(options) + 1


def test_a_remembered_row_is_checked_again():
    """A memo never lets a bad score through because an equal-looking row was fine before."""
    memo = MatrixMemo()
    matrix("AB", ["c"], {}, {"m": {"A": {"c": 1}}}, memo=memo)
    with pytest.raises(MethodError):
        matrix("AB", ["c"], {}, {"m": {"A": {"c": True}}}, memo=memo)
    with pytest.raises(MethodError):
        matrix("AB", ["c"], {}, {"m": {"A": {"c": 11}}}, memo=memo)


# Defence in depth: each method refuses input outside its definition ------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: dot_vote("AB", {"m": {"A": -1}}),
        lambda: dot_vote("AB", {"m": {"C": 1}}),
        lambda: dot_vote("AB", {"m": {"A": 4, "B": 4}}, allowance=5),
        lambda: dot_vote("AB", {"m": {"A": True}}),
        lambda: majority_judgment("AB", {"m": {"A": 6}}),
        lambda: majority_judgment("AB", {"m": {"A": -1}}),
        lambda: majority_judgment("AB", {"m": {"Z": 2}}),
        lambda: consent("X", [Response("m", "maybe", "", "r")], 2),
        lambda: consent("X", [Response("m", "object", " ", "r")], 2),
        lambda: consent("X", [Response("m", "agree", "", "r"), Response("m", "agree", "", "s")], 3),
        lambda: consent("X", [Response("m", "agree", "", "r"), Response("n", "agree", "", "s")], 1),
        lambda: gradients("X", [GradientResponse("m", 9, "", "r")], 2, 5),
        lambda: gradients("X", [GradientResponse("m", 0, "", "r")], 2, 5),
        lambda: gradients("X", [], 2, 8),
        lambda: gradients("X", [GradientResponse("m", 2, "", "r")] * 2, 3, 5),
        lambda: matrix("AB", ["c"], {"m": {"c": -5}}, {}),
        lambda: matrix("AB", ["c"], {"m": {"c": 101}}, {}),
        lambda: matrix("AB", ["c"], {}, {"m": {"A": {"c": 11}}}),
        lambda: matrix("AB", ["c"], {}, {"m": {"Q": {"c": 1}}}),
        lambda: matrix("AB", ["c"], {"m": {"d": 1}}, {}),
        lambda: schulze("AB", [[["A"], ["A"]]]),
        lambda: schulze("AB", [[["C"]]]),
        lambda: schulze("AB", ["AB"]),
        lambda: schulze(["A", "A"], []),
    ],
)
def test_each_method_refuses_input_outside_its_definition(call):
    with pytest.raises(MethodError) as raised:
        call()
    assert str(raised.value)  # a sentence, with its template for the user's language
    assert raised.value.template
