"""What the views derive from a folded state, derived once per change and shared by every view.

``SessionState`` answers "the positions on this knot", "the arguments on this position" by
scanning every item, and a member's shown name by comparing it with every other name. A view
that draws thousands of rows asked that per row, so drawing a big session grew with the square
of what it held. ``of(state)`` groups the items by what they hang on once and keeps the result
while the state holds the same items: the fold only ever adds items (a retraction marks one,
never removes it) and never moves one to another parent, so the counts of each table say
whether the grouping still holds. When the same state only grew, the items it gained are the
last of each table (the fold adds them in order, and each under its own new id): they are put
into the groups kept, rather than grouping every item again (a peer's position a second in a
big session regrouped ~5,000 items per record, naive s15 F1). Shown names are the state's
(``SessionState.shown_names``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import islice
from typing import TypeVar

from beraad.core.state import Argument, Link, Note, Position, SessionState


@dataclass(slots=True)
class Derived:
    """The items of one state grouped by parent, and the members' shown names."""

    positions: dict[str, list[Position]] = field(default_factory=dict)
    arguments: dict[str, list[Argument]] = field(default_factory=dict)
    notes: dict[str | None, list[Note]] = field(default_factory=dict)
    links: dict[str, list[Link]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)

    def positions_on(self, knot: str) -> list[Position]:
        return self.positions.get(knot, [])

    def arguments_on(self, position: str) -> list[Argument]:
        return self.arguments.get(position, [])

    def notes_on(self, target: str | None) -> list[Note]:
        return self.notes.get(target, [])

    def links_of(self, knot: str) -> list[Link]:
        return self.links.get(knot, [])


Item = TypeVar("Item")
#: Items grouped one by one (``_grow``) since the module was loaded: tests count work with it.
grouped_items = 0


def _last(table: Mapping[str, Item], count: int) -> Iterable[Item]:
    """The last ``count`` items of ``table``, in their order."""
    if count <= 0:
        return ()
    return reversed(list(islice(reversed(table.values()), count)))


def _grow(derived: Derived, state: SessionState, since: tuple[int, ...]) -> None:
    """Put into ``derived`` the items ``state`` gained after it held ``since`` of each."""
    global grouped_items
    counts = _counts(state)
    grouped_items += sum(counts) - sum(since)
    for position in _last(state.positions, counts[0] - since[0]):
        derived.positions.setdefault(position.knot, []).append(position)
    for argument in _last(state.arguments, counts[1] - since[1]):
        derived.arguments.setdefault(argument.position, []).append(argument)
    for note in _last(state.notes, counts[2] - since[2]):
        derived.notes.setdefault(note.target, []).append(note)
    for link in _last(state.links, counts[3] - since[3]):
        derived.links.setdefault(link.source, []).append(link)
        if link.target != link.source:
            derived.links.setdefault(link.target, []).append(link)


def _grouped(state: SessionState) -> Derived:
    derived = Derived()
    _grow(derived, state, (0, 0, 0, 0))
    return derived


def _counts(state: SessionState) -> tuple[int, int, int, int]:
    return (len(state.positions), len(state.arguments), len(state.notes), len(state.links))


_kept: tuple[SessionState, tuple[int, ...], Derived] | None = None


def of(state: SessionState) -> Derived:
    """The grouping of ``state``'s items, derived again only when it holds other items: for
    the same state grown, only the items it gained are put in."""
    global _kept
    counts = _counts(state)
    if _kept is None or _kept[0] is not state or any(map(int.__lt__, counts, _kept[1])):
        _kept = (state, counts, _grouped(state))
    elif _kept[1] != counts:
        _grow(_kept[2], state, _kept[1])
        _kept = (state, counts, _kept[2])
    derived = _kept[2]
    derived.names = names(state)
    return derived


def names(state: SessionState) -> dict[str, str]:
    """Every member's shown name (``SessionState.shown_names``, derived once per change)."""
    return state.shown_names()


def name(state: SessionState, member: str) -> str:
    """``state.name(member)`` from the kept names."""
    return state.name(member)
