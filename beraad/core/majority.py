"""Majority judgment (Balinski & Laraki): every option is graded, the highest median wins.

Members grade each option on a common scale of six grades (0 "to reject" … 5 "excellent"); an
option a member did not grade counts as "to reject", as Balinski and Laraki prescribe. The
majority grade is the lower middlemost grade. Ties are broken by the *majority value*: remove
one copy of the majority grade and take the next middlemost, again and again; options are
ordered by these sequences compared lexicographically. Only options whose grades are exactly
the same remain tied — and then there is no winner.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from beraad.core.messages import N_
from beraad.core.ranking import (
    Tiers,
    check_count,
    check_known,
    option_names,
    tied_of,
    tiers_by,
    winner_of,
)

GRADES: tuple[str, ...] = (
    N_("To reject"),
    N_("Poor"),
    N_("Acceptable"),
    N_("Good"),
    N_("Very good"),
    N_("Excellent"),
)
LOWEST = 0


@dataclass(frozen=True, slots=True)
class MajorityResult:
    counts: dict[str, tuple[int, ...]]  # option → number of each grade, lowest first
    majority_grade: dict[str, int]
    majority_value: dict[str, tuple[int, ...]]
    ranking: Tiers
    winner: str | None
    tied: tuple[str, ...]
    voters: int
    records: tuple[str, ...]


def majority_value(grades: Iterable[int]) -> tuple[int, ...]:
    """The successive lower middlemost grades (Balinski & Laraki's majority value)."""
    remaining = sorted(grades)
    value = []
    while remaining:
        value.append(remaining.pop((len(remaining) - 1) // 2))
    return tuple(value)


def majority_judgment(
    options: Iterable[str],
    ballots: Mapping[str, Mapping[str, int]],
    records: Iterable[str] = (),
    levels: int = len(GRADES),
) -> MajorityResult:
    """``ballots``: member → option → grade (0..levels-1). Missing grades count as the lowest.

    MethodError for a grade outside the scale or a grade on an option not counted.
    """
    names = option_names(options)
    check_count(levels, 1, None, "levels")
    for given in ballots.values():
        for option, grade in given.items():
            check_known(option, names)
            check_count(grade, 0, levels - 1, "grade")
    grades = {o: [ballots[m].get(o, LOWEST) for m in sorted(ballots)] for o in names}
    values = {o: majority_value(g) for o, g in grades.items()}
    ranking = tiers_by(values) if ballots else ()
    return MajorityResult(
        counts={o: tuple(g.count(level) for level in range(levels)) for o, g in grades.items()},
        majority_grade={o: v[0] for o, v in values.items() if v},
        majority_value=values,
        ranking=ranking,
        winner=winner_of(ranking),
        tied=tied_of(ranking),
        voters=len(ballots),
        records=tuple(sorted(records)),
    )
