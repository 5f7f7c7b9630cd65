"""Dot voting: each member spreads a fixed number of dots over the options.

Quick and visible; the per-member table is kept so anyone can recount. A shared first place
is reported as a tie with no winner.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from beraad.core.messages import N_
from beraad.core.ranking import (
    MethodError,
    Tiers,
    check_count,
    check_known,
    option_names,
    tied_of,
    tiers_by,
    winner_of,
)


@dataclass(frozen=True, slots=True)
class DotResult:
    totals: dict[str, int]
    per_member: dict[str, dict[str, int]]
    ranking: Tiers
    winner: str | None
    tied: tuple[str, ...]
    records: tuple[str, ...]


def dot_vote(
    options: Iterable[str],
    dots: Mapping[str, Mapping[str, int]],
    records: Iterable[str] = (),
    allowance: int | None = None,
) -> DotResult:
    """``dots``: member → option → dots placed (at most ``allowance`` each, when given).

    MethodError for dots on an option not counted, a negative or fractional number of dots,
    or more dots than the allowance: the caller filters, the method never guesses.
    """
    totals = {option: 0 for option in option_names(options)}
    per_member: dict[str, dict[str, int]] = {}
    for member in sorted(dots):
        placed = dots[member]
        counted = {
            check_known(o, totals): check_count(n, 0, allowance, "dots")
            for o, n in sorted(placed.items())
        }
        if allowance is not None and sum(counted.values()) > allowance:
            raise MethodError(N_("each member has {dots} dots to place"), dots=allowance)
        per_member[member] = counted
        for option, n in counted.items():
            totals[option] += n
    ranking = tiers_by(totals) if any(totals.values()) else ()
    return DotResult(
        totals=dict(sorted(totals.items())),
        per_member=per_member,
        ranking=ranking,
        winner=winner_of(ranking),
        tied=tied_of(ranking),
        records=tuple(sorted(records)),
    )
