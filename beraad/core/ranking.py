"""Turning scores into a ranking with ties kept as ties — shared by every counting method.

No method breaks a tie by chance or by record order: options that are equal stay together in
one tier, and a tie at the top means "no winner" until the group resolves it explicitly (a
decision record that names the tie). Within a tier options are listed by id only so that every
peer prints the same table.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from beraad.core.messages import N_, Explained

K = TypeVar("K")

Tiers = tuple[tuple[str, ...], ...]


class MethodError(Explained, ValueError):
    """A method was given input outside its definition (defence in depth behind the schema)."""


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


def letter(index: int) -> str:
    """A, B, …, Z, AA, AB, … for the index-th option: one labelling in app, projector, minutes."""
    text = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        text = chr(ord("A") + rest) + text
    return text


def sorted_members(members: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(members))


def option_names(options: Iterable[str]) -> tuple[str, ...]:
    """The options as a sorted tuple; MethodError unless each is a non-empty string, once."""
    names = list(options)
    for option in names:
        if not isinstance(option, str) or not option:
            raise MethodError(
                N_("an option must be named by a non-empty text, not {value}"), value=option
            )
    if len(set(names)) != len(names):
        raise MethodError(N_("an option is listed twice"))
    return tuple(sorted(names))


def check_count(value: Any, low: int, high: int | None, what: str) -> int:
    """``value`` as an int within ``low..high``; MethodError otherwise (a bool is no number)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise MethodError(N_("{what} must be a whole number, not {value}"), what=what, value=value)
    if value < low or (high is not None and value > high):
        raise MethodError(
            N_("{what} must be from {low} to {high}, not {value}"),
            what=what,
            low=low,
            high="∞" if high is None else high,
            value=value,
        )
    return value


def check_known(option: Any, known: Iterable[str] | set[str]) -> str:
    if option not in known:
        raise MethodError(N_("{option} is not one of the options counted"), option=option)
    return option
