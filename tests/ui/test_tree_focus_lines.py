"""A list's lines are drawn once per look: the focus leaving the tree for its view's box (an edit)
and coming back draws no line again, though the tree looks different with the focus (its tint),
nor paints it again through the widget's styles; a new theme draws them anew. Counted (lines
drawn), never timed: a big session's tree has a screenful of lines where a small one has two,
and each was drawn again at every move.

The real knots view in an app around it (``PhaseApp``) on a real fold of signed records
(``benchmarks/ui.py``'s session, the group in the decide phase: the knot box shows for edits).
"""

from __future__ import annotations

import pytest

from benchmarks.ui import build_session
from beraad.ui.phases.knots import KnotsView
from beraad.ui.widgets.steady_scroll import KeptScrollBar
from tests.ui.phases_app import PhaseApp

pytestmark = pytest.mark.timeout(60)


async def test_the_knots_tree_draws_its_lines_once_per_look_across_edits():
    w = build_session(300)
    state, me = w.fold.state, w.who[0].public_key
    view = KnotsView(w.session)
    app = PhaseApp(view, me, state=state)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        tree, box = view.tree, view.composer.input
        tree.focus()
        await pilot.press("down")  # the first knot: Anja's own
        await pilot.pause()
        assert tree.current is not None and not view.composer.display
        first = tree.lines_drawn
        assert first > 30  # a screenful of rows

        # e proposes, Enter does it (since 80d3976): the box opens (the tree one line
        # shorter) and has the keys
        await pilot.press("e", "enter")
        await pilot.pause()
        assert app.focused is box and view.composer.display
        drawn = tree.lines_drawn - first
        assert drawn > 30  # without the focus the tree looks different: drawn once so

        for _ in range(2):  # back to the tree, and the edit again: nothing drawn anew
            await pilot.press("escape")
            tree.focus()
            await pilot.pause()
            bar = tree.vertical_scrollbar
            assert tree.show_vertical_scrollbar and isinstance(bar, KeptScrollBar)
            await pilot.press("e")  # proposes: its line under the list, what is counted below
            await pilot.pause()  # is the edit Enter does
            before, painted, bar_painted = tree.lines_drawn, tree.lines_painted, bar.lines_painted
            await pilot.press("enter")
            await pilot.pause()
            assert app.focused is box
            assert tree.lines_drawn - before <= 2  # the line the box's opening uncovers
            # Nor painted anew with the look without the focus (background, tint): only
            # the cursor's line and the one the box's opening uncovers, not every line.
            assert tree.lines_painted - painted <= 3
            # The scroll bar, one line shorter, shows what it showed at the last edit.
            assert bar.lines_painted == bar_painted

        before = tree.lines_drawn
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        assert tree.lines_drawn - before > 30  # another look: every line in view anew
