"""The weighted criteria matrix: group weights × group scores, in exact fractions.

Each member weights the criteria (integer points) and scores options against them (0..10).
The group weight of a criterion is the mean of the members' weights; its spread (lowest,
highest) is shown beside it so disagreement about what matters stays visible. An option's
total is Σ over criteria of group weight × mean score. Everything is ``Fraction``: no float,
so every peer gets the same total to the last digit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

from beraad.core.ranking import (
    Tiers,
    check_count,
    check_known,
    option_names,
    tied_of,
    tiers_by,
    winner_of,
)

MAX_WEIGHT = 100
MAX_SCORE = 10


@dataclass(frozen=True, slots=True)
class CriterionWeight:
    criterion: str
    weights: dict[str, int]  # member → points
    group: Fraction | None  # mean, None when nobody weighted it
    low: int | None
    high: int | None

    @property
    def spread(self) -> int | None:
        return None if self.low is None or self.high is None else self.high - self.low


@dataclass(frozen=True, slots=True)
class Cell:
    option: str
    criterion: str
    scores: dict[str, int]  # member → score
    mean: Fraction | None
    low: int | None
    high: int | None


@dataclass(frozen=True, slots=True)
class MatrixResult:
    criteria: tuple[CriterionWeight, ...]
    cells: tuple[Cell, ...]
    totals: dict[str, Fraction]
    ranking: Tiers
    winner: str | None
    tied: tuple[str, ...]
    records: tuple[str, ...]


def _mean(values: list[int]) -> Fraction | None:
    return Fraction(sum(values), len(values)) if values else None


def group_weights(
    criteria: Iterable[str], weights: Mapping[str, Mapping[str, int]]
) -> tuple[CriterionWeight, ...]:
    """Per criterion: each member's points, the group weight (mean) and the spread.

    MethodError for a weight outside 0..100 or on a criterion not counted.
    """
    criteria = list(criteria)
    known = option_names(criteria)
    for sheet in weights.values():
        for criterion, points in sheet.items():
            check_known(criterion, known)
            check_count(points, 0, MAX_WEIGHT, "weight")
    result = []
    for criterion in criteria:
        given = {m: w[criterion] for m, w in sorted(weights.items()) if criterion in w}
        values = list(given.values())
        result.append(
            CriterionWeight(
                criterion=criterion,
                weights=given,
                group=_mean(values),
                low=min(values) if values else None,
                high=max(values) if values else None,
            )
        )
    return tuple(result)


def matrix(
    options: Iterable[str],
    criteria: Iterable[str],
    weights: Mapping[str, Mapping[str, int]],
    scores: Mapping[str, Mapping[str, Mapping[str, int]]],
    records: Iterable[str] = (),
) -> MatrixResult:
    """``weights``: member → criterion → points; ``scores``: member → option → criterion → 0..10.

    MethodError for a score outside 0..10 or one on an option or criterion not counted.
    """
    options = list(options)
    option_names(options)
    table = group_weights(criteria, weights)
    counted = {row.criterion for row in table}
    for sheet in scores.values():
        for option, row_scores in sheet.items():
            check_known(option, options)
            for criterion, score in row_scores.items():
                check_known(criterion, counted)
                check_count(score, 0, MAX_SCORE, "score")
    cells = []
    totals: dict[str, Fraction] = {}
    any_score = False
    members = sorted(scores.items())  # once, not per cell: a 60 × 40 matrix has 2,400
    for option in options:
        total = Fraction(0)
        rows = [(m, s.get(option, {})) for m, s in members]
        for row in table:
            given = {m: r[row.criterion] for m, r in rows if row.criterion in r}
            values = list(given.values())
            mean = _mean(values)
            any_score = any_score or bool(values)
            cells.append(
                Cell(
                    option=option,
                    criterion=row.criterion,
                    scores=given,
                    mean=mean,
                    low=min(values) if values else None,
                    high=max(values) if values else None,
                )
            )
            if mean is not None and row.group is not None:
                total += row.group * mean
        totals[option] = total
    ranking = tiers_by(totals) if any_score else ()
    return MatrixResult(
        criteria=table,
        cells=tuple(cells),
        totals=dict(sorted(totals.items())),
        ranking=ranking,
        winner=winner_of(ranking),
        tied=tied_of(ranking),
        records=tuple(sorted(records)),
    )
