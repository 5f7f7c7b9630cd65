"""The Schulze method, as Schulze's paper defines it, with its tables.

Each ballot ranks options best first; options in one tier are ranked equal, and options a
ballot leaves out are ranked equal below all the ones it names. ``d[x][y]`` counts the voters
who prefer x to y; a link x→y has strength ``d[x][y]`` when ``d[x][y] > d[y][x]`` (winning
votes) and 0 otherwise; ``p[x][y]`` is the strength of the strongest path from x to y.

Schulze (2011, §4.1): x beats y when ``p[x][y] > p[y][x]`` — a transitive relation — and the
winners are the options nobody beats, i.e. ``p[x][y] >= p[y][x]`` for every other y. The full
order peels winners off: the first tier is the winners, the next tier the options nobody left
beats, and so on. Options in one tier are tied (``p[x][y] == p[y][x]`` between them) and stay
tied: this function never picks one of several winners. Both tables are returned so that anyone
can recheck the outcome by hand (as in Wikipedia's 45-voter worked example).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from beraad.core.messages import N_
from beraad.core.ranking import MethodError, Tiers, check_known, option_names, tied_of, winner_of


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
    """Option → rank (0 is best); unranked options share the rank after the last tier.

    MethodError when the ballot is not a list of tiers of known options, each named once.
    """
    if isinstance(ballot, (str, bytes)) or not isinstance(ballot, Sequence):
        raise MethodError(N_("a ranked ballot is a list of tiers, best first"))
    known = set(options)
    position: dict[str, int] = {}
    for rank, tier in enumerate(ballot):
        if isinstance(tier, (str, bytes)) or not isinstance(tier, Sequence):
            raise MethodError(N_("a ranked ballot is a list of tiers, best first"))
        for option in tier:
            check_known(option, known)
            if option in position:
                raise MethodError(N_("a ranked ballot names {option} twice"), option=option)
            position[option] = rank
    bottom = len(ballot)
    return {option: position.get(option, bottom) for option in options}


def unbeaten(names: Iterable[str], p: dict[str, dict[str, int]]) -> tuple[str, ...]:
    """The options among ``names`` that no other one among them beats on strongest paths."""
    pool = tuple(names)
    return tuple(x for x in pool if all(p[x][y] >= p[y][x] for y in pool if y != x))


def schulze_order(names: Sequence[str], p: dict[str, dict[str, int]]) -> Tiers:
    """Tiers best first: the winners, then the winners of what is left, and so on."""
    left = sorted(names)
    tiers: list[tuple[str, ...]] = []
    while left:
        # Never empty: "beats" is a strict partial order (Schulze 2011, §4.1), so some
        # option in a finite set is unbeaten in it.
        top = unbeaten(left, p)
        tiers.append(top)
        left = [x for x in left if x not in top]
    return tuple(tiers)


def schulze(
    options: Iterable[str],
    ballots: Iterable[Sequence[Sequence[str]]],
    records: Iterable[str] = (),
) -> SchulzeResult:
    """Rank ``options`` from ranked ``ballots`` (each a list of tiers, best first)."""
    names = option_names(options)
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
    ranking = schulze_order(names, p) if count else ()
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
