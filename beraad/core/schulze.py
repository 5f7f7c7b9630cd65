"""The Schulze method: a Condorcet ranking through strongest paths, with its tables.

Each ballot ranks options best first; options in one tier are ranked equal, and options a
ballot leaves out are ranked equal below all the ones it names. ``d[x][y]`` counts the voters
who prefer x to y; ``p[x][y]`` is the strength (winning votes) of the strongest path from x to
y. x is ranked above y when ``p[x][y] > p[y][x]``. Both tables are returned so that anyone can
recheck the outcome by hand (as in Wikipedia's 45-voter worked example).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from beraad.core.ranking import Tiers, tied_of, tiers_by, winner_of


@dataclass(frozen=True, slots=True)
class SchulzeResult:
    options: tuple[str, ...]
    pairwise: dict[str, dict[str, int]]  # d[x][y]
    strongest: dict[str, dict[str, int]]  # p[x][y]
    ranking: Tiers
    winner: str | None
    tied: tuple[str, ...]
    ballots: int
    records: tuple[str, ...]


def _positions(ballot: Sequence[Sequence[str]], options: Sequence[str]) -> dict[str, int]:
    """Option → rank (0 is best); unranked options share the rank after the last tier."""
    known = set(options)
    position: dict[str, int] = {}
    for rank, tier in enumerate(ballot):
        for option in tier:
            if option in known and option not in position:
                position[option] = rank
    bottom = len(ballot)
    return {option: position.get(option, bottom) for option in options}


def schulze(
    options: Iterable[str],
    ballots: Iterable[Sequence[Sequence[str]]],
    records: Iterable[str] = (),
) -> SchulzeResult:
    """Rank ``options`` from ranked ``ballots`` (each a list of tiers, best first)."""
    names = tuple(sorted(set(options)))
    d = {x: {y: 0 for y in names if y != x} for x in names}
    count = 0
    for ballot in ballots:
        count += 1
        rank = _positions(ballot, names)
        for x in names:
            for y in names:
                if x != y and rank[x] < rank[y]:
                    d[x][y] += 1
    p = {x: {y: (d[x][y] if d[x][y] > d[y][x] else 0) for y in names if y != x} for x in names}
    for i in names:
        for j in names:
            if j == i:
                continue
            for k in names:
                if k in (i, j):
                    continue
                p[j][k] = max(p[j][k], min(p[j][i], p[i][k]))
    beats = {x: sum(1 for y in names if y != x and p[x][y] > p[y][x]) for x in names}
    ranking = tiers_by(beats) if count else ()
    return SchulzeResult(
        options=names,
        pairwise=d,
        strongest=p,
        ranking=ranking,
        winner=winner_of(ranking),
        tied=tied_of(ranking),
        ballots=count,
        records=tuple(sorted(records)),
    )
