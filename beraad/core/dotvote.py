"""Dot voting: each member spreads a fixed number of dots over the options.

Quick and visible; the per-member table is kept so anyone can recount. A shared first place
is reported as a tie with no winner.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from beraad.core.ranking import Tiers, tied_of, tiers_by, winner_of


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
) -> DotResult:
    """``dots``: member → option → dots placed. Dots on unknown options are not counted."""
    totals = {option: 0 for option in options}
    per_member: dict[str, dict[str, int]] = {}
    for member in sorted(dots):
        counted = {o: n for o, n in sorted(dots[member].items()) if o in totals}
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
