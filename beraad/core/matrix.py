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


def weightless(criteria: Iterable[CriterionWeight]) -> bool:
    """Does no criterion weigh anything (none weighted, or every group weight 0)? Every total
    is then 0 whatever the scores, and every option scored ties: the group must be told, the
    tally itself stays as it is (a naive group read "A = B, 0 and 0" with no hint why)."""
    return all(not row.group for row in criteria)


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
    memo: MatrixMemo | None = None,
) -> MatrixResult:
    """``weights``: member → criterion → points; ``scores``: member → option → criterion → 0..10.

    MethodError for a score outside 0..10 or one on an option or criterion not counted.
    ``memo`` (optional) keeps each option's cells with the rows they came from: the next tally
    with it recomputes only the options whose rows changed (one member's new sheet), with the
    same result.
    """
    options = list(options)
    option_names(options)
    criteria = list(criteria)
    table = group_weights(criteria, weights) if memo is None else memo.table(criteria, weights)
    members = sorted(scores.items())  # once, not per cell: a 60 × 40 matrix has 2,400
    rows = {option: [(m, s.get(option, {})) for m, s in members] for option in options}
    counted = {row.criterion for row in table}
    known = set(options)
    for sheet in scores.values():
        for option, row_scores in sheet.items():
            check_known(option, known)
            if _plainly_valid(row_scores, counted):
                continue
            for criterion, score in row_scores.items():
                check_known(criterion, counted)
                check_count(score, 0, MAX_SCORE, "score")
    kept = memo.kept(table, rows) if memo is not None else {}
    cells: list[Cell] = []
    totals: dict[str, Fraction] = {}
    any_score = False
    for option in options:
        found = kept.get(option)
        if found is None:
            found = _option_cells(option, table, rows[option])
            if memo is not None:
                memo.keep(option, rows[option], found)
        option_cells, total, scored = found
        cells.extend(option_cells)
        totals[option] = total
        any_score = any_score or scored
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


def _plainly_valid(row: Mapping[str, int], counted: set[str]) -> bool:
    """Every criterion counted and every score a plain int in 0..10, checked at C speed (a
    60 × 40 matrix has 12,000 scores); anything else goes through the checks that say why."""
    values = row.values()
    if not values:
        return True
    return (
        counted.issuperset(row)
        and {*map(type, values)} == {int}
        and min(values) >= 0
        and max(values) <= MAX_SCORE
    )


OptionCells = tuple[tuple[Cell, ...], Fraction, bool]
"""One option's cells (in criterion order), its total and whether anyone scored it."""


def _option_cells(
    option: str,
    table: tuple[CriterionWeight, ...],
    rows: list[tuple[str, Mapping[str, int]]],
) -> OptionCells:
    """One option's row of the matrix: per criterion the members' scores, mean and spread."""
    total = Fraction(0)
    cells = []
    scored = False
    for row in table:
        given = {m: r[row.criterion] for m, r in rows if row.criterion in r}
        values = list(given.values())
        mean = _mean(values)
        scored = scored or bool(values)
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
    return tuple(cells), total, scored


class MatrixMemo:
    """What one tally of a matrix worked out, for the next tally of the same matrix.

    A vote changes one member's sheet; the other options' cells are the same. The memo keeps,
    per option, the rows (member, criterion → score) its cells came from, compared by value
    next time (never by identity: nothing here trusts a caller not to reuse a dict), and the
    group weights with the criteria and weights they came from. Used by one tally at a time.
    """

    def __init__(self) -> None:
        self._weighed: tuple[list[str], dict[str, dict[str, int]]] | None = None
        self._table: tuple[CriterionWeight, ...] = ()
        self._options: dict[str, tuple[list[tuple[str, dict[str, int]]], OptionCells]] = {}
        self.recomputed = 0
        """Options whose cells were worked out anew (counted: one vote costs its rows)."""

    def table(
        self, criteria: list[str], weights: Mapping[str, Mapping[str, int]]
    ) -> tuple[CriterionWeight, ...]:
        """The group weights, worked out again only when the criteria or weights changed."""
        given = (list(criteria), {m: dict(w) for m, w in weights.items()})
        if given != self._weighed:
            self._table = group_weights(criteria, weights)
            self._weighed = given
            self._options.clear()  # other criteria, other weights: every cell anew
        return self._table

    def kept(
        self,
        table: tuple[CriterionWeight, ...],
        rows: Mapping[str, list[tuple[str, Mapping[str, int]]]],
    ) -> dict[str, OptionCells]:
        """The options whose rows are the same as when their cells were kept."""
        if table is not self._table:
            return {}
        found = {}
        for option, option_rows in rows.items():
            kept = self._options.get(option)
            if kept is not None and kept[0] == option_rows:
                found[option] = kept[1]
        return found

    def keep(
        self, option: str, rows: list[tuple[str, Mapping[str, int]]], cells: OptionCells
    ) -> None:
        self.recomputed += 1
        self._options[option] = ([(m, dict(r)) for m, r in rows], cells)
