"""What the views derive from a folded state, derived once per change and shared by every view.

``SessionState`` answers "the positions on this knot", "the arguments on this position" by
scanning every item, and a member's shown name by comparing it with every other name. A view
that draws thousands of rows asked that per row, so drawing a big session grew with the square
of what it held. ``of(state)`` groups the items by what they hang on once and keeps the result
while the state holds the same items: the fold only ever adds items (a retraction marks one,
never removes it) and never moves one to another parent, so the counts of each table say
whether the grouping still holds. Shown names are the state's (``SessionState.shown_names``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

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


def _grouped(state: SessionState) -> Derived:
    positions: defaultdict[str, list[Position]] = defaultdict(list)
    for position in state.positions.values():
        positions[position.knot].append(position)
    arguments: defaultdict[str, list[Argument]] = defaultdict(list)
    for argument in state.arguments.values():
        arguments[argument.position].append(argument)
    notes: defaultdict[str | None, list[Note]] = defaultdict(list)
    for note in state.notes.values():
        notes[note.target].append(note)
    links: defaultdict[str, list[Link]] = defaultdict(list)
    for link in state.links.values():
        links[link.source].append(link)
        if link.target != link.source:
            links[link.target].append(link)
    return Derived(dict(positions), dict(arguments), dict(notes), dict(links))


_kept: tuple[SessionState, tuple[int, ...], Derived] | None = None


def of(state: SessionState) -> Derived:
    """The grouping of ``state``'s items, derived again only when it holds other items."""
    global _kept
    counts = (len(state.positions), len(state.arguments), len(state.notes), len(state.links))
    if _kept is None or _kept[0] is not state or _kept[1] != counts:
        _kept = (state, counts, _grouped(state))
    derived = _kept[2]
    derived.names = names(state)
    return derived


def names(state: SessionState) -> dict[str, str]:
    """Every member's shown name (``SessionState.shown_names``, derived once per change)."""
    return state.shown_names()


def name(state: SessionState, member: str) -> str:
    """``state.name(member)`` from the kept names."""
    return state.name(member)
