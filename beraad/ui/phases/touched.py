"""Which knots' rows the records folded since a list's last drawing touch (knots, positions).

The knots and positions lists are drawn again on every record. Building only the rows whose
``shows`` changed (``RowCache``) still walked every row to compare (issue 15: each record cost
O(knots), 10,000 of them in attack13's session). From the records that came since
(``SessionState.applied``) the view knows which knot rows they touch (in the positions list a
knot's row holds its positions, arguments and notes), and draws those; a record that may
change more than a few knot rows (a cluster, a café, a fact, a phase move, anything not listed
here) says so, and the view walks every row as before.
"""

from __future__ import annotations

from typing import Any

from beraad.core.state import SessionState
from beraad.ui import derived
from beraad.ui.phases.base import MEETING_KINDS, VOTE_KINDS

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


def touched_knots(
    state: SessionState, grouped: derived.Derived, records: list[Any]
) -> tuple[set[str], list[str]] | None:
    """(the knots whose row ``records`` changed, the knots they added, in order); None when
    a record may change more than that: every row is walked then."""
    changed: set[str] = set()
    added: list[str] = []
    for record in records:
        kind, body = record.kind, record.body
        if kind == "knot.add":
            added.append(record.id)
        elif kind == "knot.matter":
            changed.add(body["knot"])
        elif kind == "knot.link":
            changed.update((body["source"], body["target"]))
        elif kind in ("edit", "retract"):
            target = body["target"]
            if target in state.knots:  # its row, and each row whose link shows its words
                changed.add(target)
                for link in grouped.links_of(target):
                    changed.update((link.source, link.target))
            elif target in state.links:
                link = state.links[target]
                changed.update((link.source, link.target))
            elif not any(
                target in table
                for table in (
                    state.positions,
                    state.arguments,
                    state.notes,
                    state.options,
                    state.criteria,
                )
            ):
                return None  # a cluster, a fact, ...: more than a row
        elif kind not in UNSHOWN:
            return None
    return changed - set(added), added


#: Records that change nothing the positions list shows (links are the knots list's).
NOT_IN_POSITIONS = (UNSHOWN - {"position.add", "argument.add", "note.add"}) | {"knot.link"}


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


def touched_positions(state: SessionState, records: list[Any]) -> tuple[set[str], list[str]] | None:
    """(the knots whose row in the positions list ``records`` changed, the knots they added,
    in order); None when a record may change more (a general note, a knot taken back: its
    row may go, anything not listed): every row is walked then."""
    changed: set[str] = set()
    added: list[str] = []
    for record in records:
        kind, body = record.kind, record.body
        if kind == "knot.add":
            added.append(record.id)
            continue
        if kind in NOT_IN_POSITIONS:
            continue
        if kind in ("knot.matter", "position.add"):
            item = body["knot"]
        elif kind == "argument.add":
            item = body["position"]
        elif kind == "note.add":
            item = body["target"]
        elif kind in ("edit", "retract"):
            item = body["target"]
            if item in state.options or item in state.criteria or item in state.links:
                continue
            if kind == "retract" and item in state.knots:
                return None
        else:
            return None
        knot = _knot_of(state, item)
        if knot is None:
            return None
        changed.add(knot)
    return changed - set(added), added
