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
from math import lcm

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
    ``memo`` (optional) keeps what this tally worked out, per member row and per option: the
    next tally with it checks only the rows that changed and works out only the options they
    are on (one member's new sheet), with the same result.
    """
    options = list(options)
    option_names(options)
    criteria = list(criteria)
    table = group_weights(criteria, weights) if memo is None else memo.table(criteria, weights)
    counted = {row.criterion for row in table}
    known = set(options)
    members = sorted(scores.items())  # once, not per cell: a 60 × 40 matrix has 2,400
    if memo is None:
        for _member, sheet in members:
            for option, row_scores in sheet.items():
                _check_row(option, row_scores, known, counted)
        changed: set[str] | None = None
    else:
        changed = memo.changed_options(members, known, counted)
    kept = memo.kept(table, options, [m for m, _s in members], changed) if memo else {}
    cells: list[Cell] = []
    totals: dict[str, Fraction] = {}
    any_score = False
    for option in options:
        found = kept.get(option)
        if found is None:
            found = _option_cells(option, table, [(m, s.get(option, {})) for m, s in members])
            if memo is not None:
                memo.keep(option, found)
        option_cells, total, scored = found
        cells.extend(option_cells)
        totals[option] = total
        any_score = any_score or scored
    ranking = _ranked(totals) if any_score else ()
    return MatrixResult(
        criteria=table,
        cells=tuple(cells),
        totals=dict(sorted(totals.items())),
        ranking=ranking,
        winner=winner_of(ranking),
        tied=tied_of(ranking),
        records=tuple(sorted(records)),
    )


def _ranked(totals: dict[str, Fraction]) -> Tiers:
    """``tiers_by(totals)``, sorted as whole numbers: each total over the totals' common
    denominator (the same order and the same ties, exactly). Sorting and grouping 60
    ``Fraction`` totals compares and hashes them in Python, on every arriving vote."""
    common = lcm(*(total.denominator for total in totals.values()))
    return tiers_by({o: t.numerator * (common // t.denominator) for o, t in totals.items()})


def _check_row(option: str, row: Mapping[str, int], known: set[str], counted: set[str]) -> None:
    """MethodError unless ``row`` scores a counted option on counted criteria, each 0..10."""
    check_known(option, known)
    if _plainly_valid(row, counted):
        return
    for criterion, score in row.items():
        check_known(criterion, counted)
        check_count(score, 0, MAX_SCORE, "score")


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

    A vote changes one member's sheet, often one row of it; the other rows and the options
    they are on are the same. The memo keeps each member's rows as they were checked (the row
    itself and a copy of it), each option's cells, and the group weights with the criteria and
    weights they came from. A row counts as the same
    only when it is the very object checked last time and still equal to the copy taken then
    (a caller reusing a dict with other scores in it is caught by the copy; a new dict is
    checked again, whatever it holds). The next tally checks the rows that are not the same and
    works out the options they are on: what one record touched, not every member's 60 rows
    (issue 15: 0.5 → 4.2 ms a vote at 5,000 contributions). Used by one tally at a time.
    """

    def __init__(self) -> None:
        self._weighed: tuple[list[str], dict[str, dict[str, int]]] | None = None
        self._table: tuple[CriterionWeight, ...] = ()
        self._rows: dict[str, dict[str, tuple[Mapping[str, int], dict[str, int]]]] = {}
        """Per member, per option: the row last checked and a copy of it."""
        self._checked: tuple[frozenset[str], frozenset[str]] | None = None
        """The options and criteria the rows were checked against."""
        self._options: dict[str, OptionCells] = {}
        self._members: list[str] = []
        self.recomputed = 0
        """Options whose cells were worked out anew (counted: one vote costs its rows)."""
        self.rows_checked = 0
        """Member rows checked anew (counted: one vote checks the rows it changed)."""

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

    def changed_options(
        self,
        members: list[tuple[str, Mapping[str, Mapping[str, int]]]],
        known: set[str],
        counted: set[str],
    ) -> set[str]:
        """Check the rows not checked before (MethodError for a bad one, as ``matrix``);
        the options whose rows changed since the last tally (a member's row new, other or
        gone). Other options or criteria to check against: every row is checked again."""
        checked = (frozenset(known), frozenset(counted))
        if checked != self._checked:
            self._rows = {}
            self._checked = checked
        changed: set[str] = set()
        rows: dict[str, dict[str, tuple[Mapping[str, int], dict[str, int]]]] = {}
        for member, sheet in members:
            before = self._rows.get(member, {})
            mine = rows[member] = {}
            for option, row in sheet.items():
                kept = before.get(option)
                if kept is not None and kept[0] is row and kept[1] == row:
                    mine[option] = kept
                    continue
                self.rows_checked += 1
                _check_row(option, row, known, counted)
                mine[option] = (row, dict(row))
                changed.add(option)
            changed.update(before.keys() - mine.keys())  # rows the member no longer gives
        for gone in self._rows.keys() - rows.keys():
            changed.update(self._rows[gone])  # a member with no sheet now
        self._rows = rows
        return changed

    def kept(
        self,
        table: tuple[CriterionWeight, ...],
        options: list[str],
        members: list[str],
        changed: set[str] | None,
    ) -> dict[str, OptionCells]:
        """The options whose cells stand: worked out with this ``table``, by the same members,
        and none of their rows changed."""
        if table is not self._table or changed is None or members != self._members:
            self._options.clear()
            self._members = members
            return {}
        kept = self._options
        return {o: kept[o] for o in options if o not in changed and o in kept}

    def keep(self, option: str, cells: OptionCells) -> None:
        self.recomputed += 1
        self._options[option] = cells
