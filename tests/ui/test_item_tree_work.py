"""A list costs what is on screen plus what changed: in a session of 2,000 records a record
arriving builds the rows it touches (not the ~1,900 of the positions list), adds or changes
only their tree nodes, lays out only their lines (Textual laid out every line of the tree per
node added: naive s15 F1), makes labels only for lines drawn, and leaves the person where they
were — the cursor on its row, a collapsed row collapsed. Work is counted, never timed.

The real view in an app around it (``PhaseApp``) on a real fold of signed records
(``benchmarks/ui.py``'s session, the group in the decide phase, where notes and edits go on).
"""

from __future__ import annotations

import pytest
from textual.widgets import Tree

from benchmarks.ui import build_session
from beraad.core import session as bodies
from beraad.ui import derived
from beraad.ui.phases.positions import PositionsView
from tests.ui.conftest import SIZE
from tests.ui.phases_app import PhaseApp

pytestmark = pytest.mark.timeout(120)

BART = 1  # the writer's member who plays the peer


def lines(tree) -> list[str]:  # type: ignore[no-untyped-def]
    """The keys of the rows on the tree's lines, top to bottom (collapsed ones hide theirs)."""
    return [tree.get_node_at_line(n).data.key for n in range(tree.last_line + 1)]


def laid_out(tree) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    """Each line as the tree has it: its nodes from the top, whether it is its parent's
    last, and the line number its node knows."""
    return [(tuple(map(id, line.path)), line.last, line.path[-1].line) for line in tree._tree_lines]


def as_textual_lays_out(tree) -> list[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    """The lines Textual's own layout makes of the same nodes (every line anew)."""
    Tree._build(tree)
    return laid_out(tree)


async def test_a_peers_note_builds_three_rows_of_two_thousand():
    w = build_session(2000)
    state, me = w.fold.state, w.who[0].public_key
    view = PositionsView(w.session)
    app = PhaseApp(view, me, state=state)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tree, cache = view.tree, view.row_cache
        shown = tree.nodes_added
        assert shown > 1_800  # every knot, position, argument and note has its row
        assert cache.labels < 40  # but only the lines on screen made their label
        tree.focus()
        await pilot.press("down", "down", "down")
        here = tree.current
        assert here is not None

        # Bart adds a note to one of his positions, far down the list.
        his = [p for p in state.positions.values() if p.author == w.who[BART].public_key]
        position = his[-1]
        built, added, changed = cache.built, tree.nodes_added, tree.nodes_changed
        laid, grouped = tree.lines_laid, derived.grouped_items
        w.write(BART, "note.add", bodies.note_body(position.id, "knowledge", "Lamps cost 400"))
        view.show(state, me)
        assert cache.built - built == 3  # the note, its position, the position's knot
        assert tree.nodes_added - added == 1  # the note's node
        assert tree.nodes_changed - changed == 2  # the position and the knot got new rows
        # The note's line, its position's and knot's, and the line before it that is no
        # longer the last under the position: not every line of the list (was ~1,900).
        assert tree.lines_laid - laid <= 4
        assert derived.grouped_items - grouped == 1  # the note, not every item grouped again
        assert laid_out(tree) == as_textual_lays_out(tree)

        # Bart adds a position on the first knot, at the top: every line below it moves
        # down one, none is laid out anew but the position's and its knot's (and the line
        # before it, now not its knot's last).
        first = next(iter(state.knots))
        w.write(0, "phase.move", bodies.move_body("positions"))  # the facilitator
        view.show(state, me)
        laid = tree.lines_laid
        w.write(BART, "position.add", bodies.position_body(first, "A gate that closes"))
        view.show(state, me)
        assert tree.lines_laid - laid <= 3
        assert laid_out(tree) == as_textual_lays_out(tree)
        assert tree.current is not None and tree.current.key == here.key
        assert tree.current is not None and tree.current.key == here.key
        assert any(
            child.data.label.plain.startswith("✎ knowledge: Lamps cost 400")
            for child in tree.node_of(f"position:{position.id}").children
        )

        # Bart edits that position: one label again (made when drawn), no node added.
        built, added = cache.built, tree.nodes_added
        w.write(BART, "edit", bodies.edit_body(position.id, "Put up brighter lamps"))
        view.show(state, me)
        assert cache.built - built == 2  # the position and its knot (new children)
        assert tree.nodes_added == added
        node = tree.node_of(f"position:{position.id}")
        assert node.data.label.plain.startswith("◆ Put up brighter lamps (edited) — Bart")

        # Nothing changed: nothing is built, nothing in the tree is touched.
        built, changed = cache.built, tree.nodes_changed
        view.show(state, me)
        assert (cache.built, tree.nodes_changed) == (built, changed)
        await pilot.pause()
        assert tree.current is not None and tree.current.key == here.key


async def test_a_collapsed_row_stays_collapsed_when_a_record_arrives_under_it():
    w = build_session(300)
    state, me = w.fold.state, w.who[0].public_key
    view = PositionsView(w.session)
    app = PhaseApp(view, me, state=state)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tree = view.tree
        tree.focus()
        await pilot.press("down")  # the first knot
        knot = tree.current
        assert knot is not None and knot.kind == "knot" and knot.children
        await pilot.press("space")  # collapse it
        assert lines(tree)[1] != knot.children[0].key
        position = knot.children[0].item
        assert position is not None
        author = state.positions[position].author
        member = next(n for n, who in enumerate(w.who) if who.public_key == author)
        w.write(member, "note.add", bodies.note_body(position, "experience", "We tried it"))
        view.show(state, me)
        await pilot.pause()
        assert tree.current is not None and tree.current.key == knot.key
        assert not tree.cursor_node.is_expanded
        assert lines(tree)[0] == knot.key and lines(tree)[1] != knot.children[0].key
        await pilot.press("space")  # open again: the new note is there
        assert f"note:{w.records[-1].id}" in lines(tree)


async def test_when_the_row_under_the_cursor_goes_the_cursor_stays_on_its_line():
    """A knot taken back with nothing on it leaves the positions list: the cursor stays on
    the line it was on, and the view reads the row now there (not the one that went)."""
    w = build_session(300)
    state, me = w.fold.state, w.who[0].public_key
    has_positions = {p.knot for p in state.positions.values()}
    bare = [k for k in state.knots.values() if k.id not in has_positions]
    knot, after = bare[0], bare[1]
    view = PositionsView(w.session)
    app = PhaseApp(view, me, state=state)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tree = view.tree
        tree.focus()
        assert tree.select_key(f"knot:{knot.id}")
        await pilot.pause()
        line = tree.cursor_line
        assert lines(tree)[line + 1] == f"knot:{after.id}"
        member = next(n for n, who in enumerate(w.who) if who.public_key == knot.author)
        w.write(member, "retract", bodies.retract_body(knot.id, "said twice"))
        view.show(state, me)
        await pilot.pause()
        assert tree.node_of(f"knot:{knot.id}") is None
        assert tree.cursor_line == line
        assert tree.current is not None and tree.current.key == f"knot:{after.id}"
        assert knot.text not in view.query_one("#positions-detail").render().plain
