"""A record costs the knots list the rows it touches, not a walk over every row.

Every record drew the list again, and though only rows whose words changed were built anew
(``RowCache``), every knot's row was looked at to find out: O(knots) per record, 10,000 knots
in attack13's session. The view now reads the records folded since its last drawing
(``SessionState.applied``) and looks at the rows they touch. Counted here on the real knots
view in an app around it, on a real fold of signed records (300 knots by five members): an
edit, a "matters to me", a link, a take-back and a new knot each look at a handful of rows,
and the list then shows, row for row and word for word, what a drawing from nothing shows.
"""

from __future__ import annotations

import pytest

from benchmarks.ui import NONCE, Writer
from beraad.core import session as bodies
from beraad.ui.phases.knots import KnotsView
from beraad.ui.widgets.item_tree import Row
from tests.ui.conftest import SIZE
from tests.ui.phases_app import PhaseApp

pytestmark = pytest.mark.timeout(120)

KNOTS = 300


def _session() -> tuple[Writer, list[str]]:
    w = Writer()
    w.write(0, "session.open", {**bodies.open_body("Plein", "Safer?"), "nonce": NONCE})
    for n in range(1, 5):
        w.write(0, "member.admit", bodies.admit_body(w.who[n].public_key, f"M{n}"))
    w.write(0, "phase.move", bodies.move_body("knots"))
    knots = [w.write(i % 5, "knot.add", bodies.text_body(f"Knot {i}")) for i in range(KNOTS)]
    return w, knots


def _shown(rows) -> list[tuple[str, str, list]]:  # type: ignore[no-untyped-def]
    return [(row.key, row.label.plain, _shown(row.children)) for row in rows]


def _tree_rows(tree) -> list[Row]:  # type: ignore[no-untyped-def]
    return [node.data for node in tree.root.children]


async def test_a_record_looks_at_the_rows_it_touches_and_the_list_reads_as_drawn_anew():
    w, knots = _session()
    state, me = w.fold.state, w.who[0].public_key
    view = KnotsView(w.session)
    app = PhaseApp(view, me, state=state)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert view.rows_walked == KNOTS  # the first drawing looks at every row
        steps = [
            (1, "edit", bodies.edit_body(knots[1], "Knot 1, said again")),
            (2, "knot.matter", bodies.matter_body(knots[7])),
            (3, "knot.link", bodies.link_body(knots[3], knots[8])),
            (3, "edit", bodies.edit_body(knots[3], "Knot 3, linked and said again")),
            (4, "retract", bodies.retract_body(knots[4])),
            (2, "knot.add", bodies.text_body("A new knot")),
            (1, "member.name", bodies.name_body("Bram")),  # the labels drawn, made again
        ]
        for member, kind, body in steps:
            w.write(member, kind, body)
            walked = view.rows_walked
            view.show(state, me)
            await pilot.pause()
            # its own row, and the rows its links show it in: two at most here (was 300)
            assert view.rows_walked - walked <= 2, kind
            fresh = KnotsView(w.session)
            fresh.state, fresh.me = state, me
            assert _shown(_tree_rows(view.tree)) == _shown(fresh.rows(state, me)), kind
        assert fresh.rows_walked == KNOTS + 1

        # What the rows are drawn for changed (a knot picked for a cluster): every row.
        view.picked.append(knots[0])
        walked = view.rows_walked
        view.show(state, me)
        assert view.rows_walked - walked == KNOTS + 1


async def test_a_record_in_the_positions_list_looks_at_its_knots_row():
    """The positions list: a knot's row holds its positions, their arguments and the notes;
    a position, an argument, a note, an edit, a take-back each look at the one knot's row
    they hang under, and the list reads as drawn anew. A general note (under no knot) looks
    at every row, as before."""
    from beraad.ui.phases.positions import PositionsView

    w, knots = _session()
    w.write(0, "phase.move", bodies.move_body("positions"))
    first = w.write(1, "position.add", bodies.position_body(knots[5], "More lamps"))
    state, me = w.fold.state, w.who[0].public_key
    view = PositionsView(w.session)
    app = PhaseApp(view, me, state=state)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert view.rows_walked == KNOTS
        argument = bodies.argument_body(first, "against", "Too bright")
        steps = [
            (2, "position.add", bodies.position_body(knots[9], "A fence")),
            (3, "argument.add", argument),
            (4, "note.add", bodies.note_body(first, "experience", "It was dark")),
            (1, "edit", bodies.edit_body(first, "More lamps, and brighter")),
            (2, "knot.matter", bodies.matter_body(knots[9])),
        ]
        for member, kind, body in steps:
            made = w.write(member, kind, body)
            walked = view.rows_walked
            view.show(state, me)
            await pilot.pause()
            assert view.rows_walked - walked == 1, kind
            fresh = PositionsView(w.session)
            fresh.state, fresh.me = state, me
            assert _shown(_tree_rows(view.tree)) == _shown(fresh.rows(state, me)), kind
            if kind == "argument.add":
                w.write(member, "retract", bodies.retract_body(made))
                view.show(state, me)
                assert view.rows_walked - walked == 2, "retract"

        w.write(4, "note.add", bodies.note_body(None, "knowledge", "The city counts cars"))
        walked = view.rows_walked
        view.show(state, me)
        assert view.rows_walked - walked == KNOTS
        fresh = PositionsView(w.session)
        fresh.state, fresh.me = state, me
        assert _shown(_tree_rows(view.tree)) == _shown(fresh.rows(state, me))
