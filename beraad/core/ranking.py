"""Turning scores into a ranking with ties kept as ties — shared by every counting method.

No method breaks a tie by chance or by record order: options that are equal stay together in
one tier, and a tie at the top means "no winner" until the group votes again. Within a tier
options are listed by id only so that every peer prints the same table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

K = TypeVar("K")

Tiers = tuple[tuple[str, ...], ...]


def tiers_by(scores: Mapping[str, Any], key: Callable[[Any], Any] = lambda v: v) -> Tiers:
    """Options grouped best first by ``key(score)`` (higher is better); equal keys share a tier."""
    groups: dict[Any, list[str]] = {}
    for option, score in scores.items():
        groups.setdefault(key(score), []).append(option)
    return tuple(tuple(sorted(groups[k])) for k in sorted(groups, reverse=True))


def winner_of(tiers: Tiers) -> str | None:
    """The single best option, or None when the top tier is shared (a tie) or empty."""
    if tiers and len(tiers[0]) == 1:
        return tiers[0][0]
    return None


def tied_of(tiers: Tiers) -> tuple[str, ...]:
    """The options sharing first place when there is no single winner."""
    if tiers and len(tiers[0]) > 1:
        return tiers[0]
    return ()


def sorted_members(members: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(members))
