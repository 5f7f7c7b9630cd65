"""Which knots' rows the records folded since a list's last drawing touch (knots, positions).

The knots and positions lists are drawn again on every record. Building only the rows whose
``shows`` changed (``RowCache``) still walked every row to compare (issue 15: each record cost
O(knots), 10,000 of them in attack13's session). From the records that came since
(``SessionState.applied``) the view knows which knot rows they touch (in the positions list a
knot's row holds its positions, arguments and notes), and draws those; a record that may
change more than a few knot rows (a cluster, a café, a fact, a phase move, anything not in
the list's table) says so, and the view walks every row as before. One walk over the records
(``touched``) serves both lists; what a kind touches in each is its table (``IN_KNOTS``,
``IN_POSITIONS``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from beraad.core.state import SessionState
from beraad.ui import derived
from beraad.ui.phases.base import MEETING_KINDS, VOTE_KINDS

#: The knots whose row a record of one kind changed, from its body; None: it may change more
#: than a few rows (every row is walked then).
Touch = Callable[[SessionState, derived.Derived, dict[str, Any]], Iterable[str] | None]

#: Records that change nothing a knot's row shows: other lists' items, votes, the meeting's
#: tools; a rename is the ``RowCache``'s ``reads`` (the labels drawn are made again).
UNSHOWN = (
    frozenset(
        {
            "position.add",
            "argument.add",
            "note.add",
            "option.add",
            "criterion.add",
            "evaluation.add",
            "weight.set",
            "member.name",
        }
    )
    | VOTE_KINDS
    | MEETING_KINDS
)

#: Records that change nothing the positions list shows (links are the knots list's).
NOT_IN_POSITIONS = (UNSHOWN - {"position.add", "argument.add", "note.add"}) | {"knot.link"}


def touched(
    state: SessionState, grouped: derived.Derived, records: list[Any], touches: Mapping[str, Touch]
) -> tuple[set[str], list[str]] | None:
    """(the knots whose row ``records`` changed, the knots they added, in order), by the
    list's table of what each kind touches; None when a record may change more than that
    (a kind not in the table, or its touch says so): every row is walked then."""
    changed: set[str] = set()
    added: list[str] = []
    for record in records:
        if record.kind == "knot.add":
            added.append(record.id)
            continue
        touch = touches.get(record.kind)
        knots = None if touch is None else touch(state, grouped, record.body)
        if knots is None:
            return None
        changed.update(knots)
    return changed - set(added), added


def _nothing(state: SessionState, grouped: derived.Derived, body: dict[str, Any]) -> Iterable[str]:
    return ()


def _linked(state: SessionState, grouped: derived.Derived, body: dict[str, Any]) -> Iterable[str]:
    return (body["source"], body["target"])


def _edited_in_knots(
    state: SessionState, grouped: derived.Derived, body: dict[str, Any]
) -> Iterable[str] | None:
    """An edit or take-back: a knot's row, and each row whose link shows its words; a link's
    two ends; nothing for another list's item; more than a row for a cluster, a fact, ..."""
    target = body["target"]
    if target in state.knots:
        rows = {target}
        for link in grouped.links_of(target):
            rows.update((link.source, link.target))
        return rows
    if target in state.links:
        link = state.links[target]
        return (link.source, link.target)
    others = (state.positions, state.arguments, state.notes, state.options, state.criteria)
    return () if any(target in table for table in others) else None


#: What each kind touches in the knots list.
IN_KNOTS: dict[str, Touch] = {
    **dict.fromkeys(UNSHOWN, _nothing),
    "knot.matter": lambda state, grouped, body: (body["knot"],),
    "knot.link": _linked,
    "edit": _edited_in_knots,
    "retract": _edited_in_knots,
}


def _knot_of(state: SessionState, item: str | None) -> str | None:
    """The knot whose row in the positions list holds ``item`` (None: no knot's)."""
    for _depth in range(4):  # note → argument → position → knot
        if item is None or item in state.knots:
            return item
        if item in state.positions:
            item = state.positions[item].knot
        elif item in state.arguments:
            item = state.arguments[item].position
        elif item in state.notes:
            item = state.notes[item].target
        else:
            return None
    return None


def _under(field: str) -> Touch:
    """A record added under ``body[field]``: the row of the knot that holds it."""

    def touch(
        state: SessionState, grouped: derived.Derived, body: dict[str, Any]
    ) -> Iterable[str] | None:
        knot = _knot_of(state, body[field])
        return None if knot is None else (knot,)

    return touch


def _edited_in_positions(retract: bool) -> Touch:
    """An edit or take-back: nothing for an option, a criterion or a link; a knot taken back
    may take its row away (more than a row); else the row of the knot that holds it."""

    def touch(
        state: SessionState, grouped: derived.Derived, body: dict[str, Any]
    ) -> Iterable[str] | None:
        item = body["target"]
        if item in state.options or item in state.criteria or item in state.links:
            return ()
        if retract and item in state.knots:
            return None
        knot = _knot_of(state, item)
        return None if knot is None else (knot,)

    return touch


#: What each kind touches in the positions list (a general note, under no knot, is more).
IN_POSITIONS: dict[str, Touch] = {
    **dict.fromkeys(NOT_IN_POSITIONS, _nothing),
    "knot.matter": _under("knot"),
    "position.add": _under("knot"),
    "argument.add": _under("position"),
    "note.add": _under("target"),
    "edit": _edited_in_positions(retract=False),
    "retract": _edited_in_positions(retract=True),
}
