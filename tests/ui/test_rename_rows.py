"""A member's rename costs the lines on screen, not every row of theirs: in a session of
2,000 records (~570 knots, a fifth of them Bart's) a ``member.name`` builds no row and changes
no tree node; only the labels already drawn are made again, and every line then drawn — on
screen now, or scrolled to later — shows the new name (attack13 finding 1: a rename rebuilt
all 10,000 rows of its author, 2-3 s of frozen keys each). Work is counted, never timed.

The real knots view in an app around it (``PhaseApp``) on a real fold of signed records
(``benchmarks/ui.py``'s session).
"""

from __future__ import annotations

import pytest
from textual.geometry import Region

from benchmarks.ui import build_session
from beraad.core import session as bodies
from beraad.ui.phases.knots import KnotsView
from tests.ui.conftest import SIZE
from tests.ui.phases_app import PhaseApp

pytestmark = pytest.mark.timeout(120)

BART = 1  # the writer's member who renames


def screen_lines(tree) -> list[str]:  # type: ignore[no-untyped-def]
    """The tree's lines as painted now (its kept strips where it kept them)."""
    return [strip.text for strip in tree.render_lines(Region(0, 0, *tree.size))]


async def test_a_rename_builds_no_row_and_draws_only_the_lines_on_screen():
    w = build_session(2000)
    state, me = w.fold.state, w.who[0].public_key
    bart = w.who[BART].public_key
    his = [k for k in state.knots.values() if k.author == bart]
    assert len(his) > 100
    view = KnotsView(w.session)
    app = PhaseApp(view, me, state=state)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        tree, cache = view.tree, view.row_cache
        assert any(line.rstrip().endswith("— Bart") for line in screen_lines(tree))
        built, changed, added = cache.built, tree.nodes_changed, tree.nodes_added
        labels = cache.labels

        w.write(BART, "member.name", bodies.name_body("Bram"))
        view.show(state, me)
        await pilot.pause()
        assert cache.built == built  # no row built again (was every one of Bart's knots)
        assert (tree.nodes_changed, tree.nodes_added) == (changed, added)
        assert 0 < cache.labels - labels <= SIZE[1]  # the lines drawn so far, made again
        shown = screen_lines(tree)
        assert any(line.rstrip().endswith("— Bram") for line in shown)
        assert not any("— Bart" in line for line in shown)

        # A row of his not drawn before shows the new name when it comes into sight.
        last = his[-1]
        tree.focus()
        assert tree.select_key(f"knot:{last.id}")
        await pilot.pause()
        row = tree.current
        assert row is not None and row.item == last.id
        assert row.label.plain.endswith("— Bram")
        assert any("— Bram" in line for line in screen_lines(tree))
