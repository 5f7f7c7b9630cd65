"""A look at the options or the criteria paints none of its table's lines again.

Each look gives the view's table the focus and the view left takes it away; Textual then
paints every line in view again through the widget's styles (and the options' scroll bar
every line of its own), though the table kept the cells it drew: 42 lines of 60 options and
39 of 40 criteria at 200x50 at every look, where a small session's tables have a line or two
(what grew in a view switch with the session; ``widgets/kept_lines.py``). Counted: the lines
Textual composes for each widget (its ``StylesCache.render_line``), never timed. The real app
on a real store, the benchmark's session of 300 contributions (9 criteria, 15 options: at
80x24 the options' list scrolls)."""

from __future__ import annotations

import pytest
from textual.widget import Widget
from textual.widgets import Input

from benchmarks.ui import build_session
from beraad.ui.screens.session import SessionScreen
from beraad.ui.widgets.steady_scroll import ListTable
from beraad.ui.widgets.vote_grid import VoteGrid
from tests.ui.conftest import SIZE
from tests.ui.stored_app import session_opened, stored_app, until
from tests.ui.test_switch_work import settled

pytestmark = pytest.mark.timeout(120)


def counting_lines(widget: Widget) -> list[int]:
    """Lines Textual composes for ``widget`` through its styles, from now on."""
    painted = [0]
    cache = widget._styles_cache
    render_line = cache.render_line

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        painted[0] += 1
        return render_line(*args, **kwargs)

    cache.render_line = counted  # type: ignore[method-assign]
    return painted


def counting_asks(widget: Widget) -> list[int]:
    """Lines the screen asks ``widget`` for (painted anew or kept), from now on."""
    asked = [0]
    render_lines = widget.render_lines

    def counted(crop):  # type: ignore[no-untyped-def]
        asked[0] += crop.height
        return render_lines(crop)

    widget.render_lines = counted  # type: ignore[method-assign]
    return asked


async def test_a_look_at_a_table_paints_none_of_its_lines_again(monkeypatch, tmp_path):
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)  # no blink frames
    w = build_session(300)
    app = stored_app(w, tmp_path / "anja")
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        assert isinstance(screen, SessionScreen)
        await until(lambda: len(screen.views()) == len(screen.phases))
        behind = {view.phase for view in screen.views() if view.phase != screen.viewing}
        await until(lambda: set(screen._drawn_behind) >= behind)
        await settled(pilot, screen)
        options = screen.view("options").query_one(ListTable)
        criteria = screen.view("criteria").query_one(VoteGrid)
        # The first looks paint from the lines drawn ahead behind (``draw_behind``), drawn
        # with the focus the table will have: the grid's restyles there (focused, then back)
        # forgot them, and the first look at Criteria painted each line in view again.
        first = {"options": counting_lines(options), "criteria": counting_lines(criteria)}
        for key in ("f3", "f3"):
            await pilot.press(key)
            await settled(pilot, screen)
        assert screen.viewing == "criteria" and app.focused is criteria
        assert {name: count[0] for name, count in first.items()} == dict.fromkeys(first, 0)
        del options._styles_cache.render_line, criteria._styles_cache.render_line
        # Each table shown once with the focus and left once (its lines in either state).
        for phase in ("options", "criteria", "options", "criteria", "decide"):
            screen.look_at(phase)
            await settled(pilot, screen)
        bar = options.vertical_scrollbar
        assert options.show_vertical_scrollbar  # 15 options: the list scrolls
        painted = {
            name: counting_lines(widget)
            for name, widget in (("options", options), ("criteria", criteria), ("bar", bar))
        }
        asked = {
            name: counting_asks(widget)
            for name, widget in (("options", options), ("criteria", criteria), ("bar", bar))
        }
        heights: dict[str, int] = {}  # of each as shown
        looks = ["f3", "f3", "f4", "f3", "f4", "f4"]  # options, criteria, options, ... decide
        for key in looks:
            await pilot.press(key)
            await settled(pilot, screen)
            if screen.viewing in ("options", "criteria"):
                table = options if screen.viewing == "options" else criteria
                assert app.focused is table
                heights[screen.viewing] = table.size.height
                heights["bar"] = max(heights.get("bar", 0), bar.size.height)
        assert screen.viewing == "decide"
        # Each was on screen and asked for its lines at every look at its view.
        for name, height in heights.items():
            assert asked[name][0] >= 2 * height > 0, (name, asked, heights)
        # Before: every line of the tables and the bar painted anew at each look (at
        # 200x50, 42 + 39 lines of 60 options and 40 criteria, and the bar's 42).
        assert {name: count[0] for name, count in painted.items()} == dict.fromkeys(painted, 0)
        # The grid's cursor still moves, and the screen shows it where it is: the lines kept
        # are those of what the table shows now.
        for _key in range(2):
            await pilot.press("f3")
            await settled(pilot, screen)
        assert screen.viewing == "criteria" and app.focused is criteria
        row, before = criteria.cursor_coordinate.row, app.export_screenshot()
        await pilot.press("down")
        await settled(pilot, screen)
        assert criteria.cursor_coordinate.row == row + 1
        assert painted["criteria"][0] > 0 and app.export_screenshot() != before
