"""Known answers for every decision method, ties included (pure functions, no records)."""

from fractions import Fraction

from beraad.core.consent import Response, consent
from beraad.core.dotvote import dot_vote
from beraad.core.gradients import KANER_SCALE, GradientResponse, gradients
from beraad.core.majority import majority_judgment, majority_value
from beraad.core.matrix import matrix
from beraad.core.schulze import schulze

# Wikipedia, "Schulze method", worked example: 45 voters, 5 candidates.
WIKIPEDIA_45 = [
    (5, "ACBED"),
    (5, "ADECB"),
    (8, "BEDAC"),
    (3, "CABED"),
    (7, "CAEBD"),
    (2, "CBADE"),
    (7, "DCEBA"),
    (8, "EBADC"),
]


def _ballots(groups):
    return [[[c] for c in order] for count, order in groups for _ in range(count)]


def test_schulze_wikipedia_example_tables_and_ranking():
    result = schulze("ABCDE", _ballots(WIKIPEDIA_45))
    d = {
        "A": {"B": 20, "C": 26, "D": 30, "E": 22},
        "B": {"A": 25, "C": 16, "D": 33, "E": 18},
        "C": {"A": 19, "B": 29, "D": 17, "E": 24},
        "D": {"A": 15, "B": 12, "C": 28, "E": 14},
        "E": {"A": 23, "B": 27, "C": 21, "D": 31},
    }
    p = {
        "A": {"B": 28, "C": 28, "D": 30, "E": 24},
        "B": {"A": 25, "C": 28, "D": 33, "E": 24},
        "C": {"A": 25, "B": 29, "D": 29, "E": 24},
        "D": {"A": 25, "B": 28, "C": 28, "E": 24},
        "E": {"A": 25, "B": 28, "C": 28, "D": 31},
    }
    assert result.pairwise == d
    assert result.strongest == p
    assert result.ranking == (("E",), ("A",), ("C",), ("B",), ("D",))
    assert result.winner == "E" and result.tied == () and result.ballots == 45


def test_schulze_tie_is_reported_with_no_winner():
    result = schulze("XY", [[["X"], ["Y"]], [["Y"], ["X"]]])
    assert result.ranking == (("X", "Y"),)
    assert result.winner is None and result.tied == ("X", "Y")


def test_schulze_unranked_options_rank_below_and_equal_tiers_count_for_nobody():
    # One ballot ranks X first and leaves Z out; another ranks X and Y equal.
    result = schulze("XYZ", [[["X"], ["Y"]], [["X", "Y"], ["Z"]]])
    assert result.pairwise["X"]["Z"] == 2 and result.pairwise["Y"]["Z"] == 2
    assert result.pairwise["X"]["Y"] == 1 and result.pairwise["Y"]["X"] == 0
    assert result.winner == "X"


def test_dot_vote_totals_table_and_tie():
    result = dot_vote("abc", {"m1": {"a": 2, "b": 1}, "m2": {"b": 2, "c": 1}, "m3": {"a": 1}})
    assert result.totals == {"a": 3, "b": 3, "c": 1}
    assert result.per_member["m2"] == {"b": 2, "c": 1}
    assert result.ranking == (("a", "b"), ("c",))
    assert result.winner is None and result.tied == ("a", "b")
    decided = dot_vote("abc", {"m1": {"a": 1, "b": 2}, "m2": {"b": 2}, "m3": {"a": 1}})
    assert decided.winner == "b" and decided.totals == {"a": 2, "b": 4, "c": 0}


def test_dot_vote_without_votes_has_no_winner():
    assert dot_vote("ab", {}).winner is None


def test_weighted_matrix_exact_fractions_and_spread():
    # Two criteria, two members. Group weights: q = (3+4)/2 = 7/2, c = (1+3)/2 = 2.
    # Option x: mean scores q (8+6)/2 = 7, c 5   → 7/2·7 + 2·5  = 69/2
    # Option y: mean scores q (9+9)/2 = 9, c 2   → 7/2·9 + 2·2  = 71/2
    weights = {"m1": {"q": 3, "c": 1}, "m2": {"q": 4, "c": 3}}
    scores = {
        "m1": {"x": {"q": 8, "c": 5}, "y": {"q": 9, "c": 1}},
        "m2": {"x": {"q": 6, "c": 5}, "y": {"q": 9, "c": 3}},
    }
    result = matrix("xy", ["q", "c"], weights, scores, ["r1", "r2"])
    by_criterion = {row.criterion: row for row in result.criteria}
    assert by_criterion["q"].group == Fraction(7, 2)
    assert (by_criterion["c"].low, by_criterion["c"].high, by_criterion["c"].spread) == (1, 3, 2)
    assert result.totals == {"x": Fraction(69, 2), "y": Fraction(71, 2)}
    assert result.winner == "y" and result.records == ("r1", "r2")
    cell = next(c for c in result.cells if c.option == "y" and c.criterion == "c")
    assert cell.mean == 2 and (cell.low, cell.high) == (1, 3)


def test_weighted_matrix_tie():
    weights = {"m": {"q": 1}}
    result = matrix("xy", ["q"], weights, {"m": {"x": {"q": 5}, "y": {"q": 5}}})
    assert result.winner is None and result.tied == ("x", "y")


def _responses(*items):
    return [Response(member=m, response=r, reason=why, record=f"rec-{m}") for m, r, why in items]


def test_consent_passes_without_objection_and_with_stand_aside():
    result = consent("o", _responses(("a", "agree", ""), ("b", "stand_aside", "")), members=3)
    assert result.passes and result.quorum == 2
    assert result.agree == ("a",) and result.stand_aside == ("b",)
    assert result.records == ("rec-a", "rec-b")


def test_consent_fails_on_a_standing_objection_or_too_few_responses():
    objected = consent("o", _responses(("a", "agree", ""), ("b", "object", "too costly")), 3)
    assert not objected.passes and objected.objections[0].reason == "too costly"
    too_few = consent("o", _responses(("a", "agree", "")), members=4)
    assert not too_few.passes and too_few.quorum == 3


def _levels(*levels):
    return [
        GradientResponse(member=f"m{i}", level=level, reason="", record=f"r{i}")
        for i, level in enumerate(levels)
    ]


def test_gradients_histogram_threshold_and_block():
    result = gradients("o", _levels(1, 2, 5, 3), members=5, threshold=5)
    assert result.passes
    assert [count for _, _, count in result.histogram] == [1, 1, 1, 0, 1, 0, 0, 0]
    assert result.histogram[7][1] == KANER_SCALE[7][1]
    stricter = gradients("o", _levels(1, 2, 5, 3), members=5, threshold=4)
    assert not stricter.passes and [r.level for r in stricter.above_threshold] == [5]
    blocked = gradients("o", _levels(1, 1, 8), members=3, threshold=7)
    assert not blocked.passes


def test_majority_value_follows_balinski_laraki():
    # Lower middlemost of 1,2,3,3,4,5 is the third grade (3); removing it each time gives
    # the sequence of successive middlemosts.
    assert majority_value([5, 4, 3, 3, 2, 1]) == (3, 3, 2, 4, 1, 5)


def test_majority_judgment_median_and_tie_break():
    # Worked by hand with the definition: A and C share the majority grade 3 ("good");
    # A's majority value (3, 3, 2, …) is below C's (3, 3, 3, …); B's majority grade is 2.
    ballots = {
        "v1": {"A": 5, "B": 5, "C": 4},
        "v2": {"A": 4, "B": 5, "C": 4},
        "v3": {"A": 3, "B": 3, "C": 3},
        "v4": {"A": 3, "B": 2, "C": 3},
        "v5": {"A": 2, "B": 2, "C": 3},
        "v6": {"A": 1, "B": 1, "C": 0},
    }
    result = majority_judgment("ABC", ballots, ["r"])
    assert result.majority_grade == {"A": 3, "B": 2, "C": 3}
    assert result.majority_value["C"][:3] == (3, 3, 3)
    assert result.ranking == (("C",), ("A",), ("B",))
    assert result.winner == "C"
    assert result.counts["A"] == (0, 1, 1, 2, 1, 1)


def test_majority_judgment_missing_grade_counts_as_reject_and_identical_grades_tie():
    result = majority_judgment("XY", {"v1": {"X": 4}, "v2": {"Y": 4}})
    assert result.counts["X"] == (1, 0, 0, 0, 1, 0)
    assert result.winner is None and result.tied == ("X", "Y")


def test_majority_judgment_matches_published_package_examples():
    """Known answers from the documentation of the PyPI package ``majorityjudgement`` (an
    implementation of Balinski & Laraki, PNAS 2007): a candidate with five grades 0 and five
    grades 1 ranks below one with three 0s and seven 1s; two 0s and two 1s have the majority
    value 0, 1, 0, 1 (lower middlemost first)."""
    from beraad.core.majority import majority_judgment, majority_value

    assert majority_value([0, 0, 1, 1]) == (0, 1, 0, 1)
    ballots: dict[str, dict[str, int]] = {}
    for voter in range(10):
        ballots[f"v{voter}"] = {"x": 0 if voter < 5 else 1, "y": 0 if voter < 3 else 1}
    result = majority_judgment(["x", "y"], ballots)
    assert result.winner == "y"
    assert result.majority_value["y"] > result.majority_value["x"]


def test_weighted_matrix_published_example():
    """A published worked example ("Weighted Decision Matrix Example": weights Cost 30,
    Quality 40, Time 20, Ease 10; scores A 8/7/6/9, B 6/9/8/7, C 7/6/7/8 → totals 730, 770,
    670): one member's weights and scores give exactly those totals, and B wins."""
    weights = {"m": {"cost": 30, "quality": 40, "time": 20, "ease": 10}}
    scores = {
        "m": {
            "A": {"cost": 8, "quality": 7, "time": 6, "ease": 9},
            "B": {"cost": 6, "quality": 9, "time": 8, "ease": 7},
            "C": {"cost": 7, "quality": 6, "time": 7, "ease": 8},
        }
    }
    result = matrix("ABC", ["cost", "quality", "time", "ease"], weights, scores)
    assert result.totals == {"A": 730, "B": 770, "C": 670}
    assert result.winner == "B"
