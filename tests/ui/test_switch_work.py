"""A look at another phase (F3/F4) costs one layout of the screen with the footer's keys of
the view looked at in it (two when the focus makes the view offer other keys after); the
decide view's grid, shown again, draws none of its cells again; a view mounted behind is
drawn there, so a first look builds no row; a look at a list longer than its window costs
what a look at a short one does. Work is counted (layouts of the screen, frames, cells
drawn, rows built, scroll bars updated), never timed. The real app on a real node and store
(``test_session_mount``'s session, or the benchmark's at another size; the group in the
decide phase)."""

from __future__ import annotations

import re

import pytest
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from benchmarks.ui import build_session
from beraad.core import session as bodies
from beraad.ui.screens.session import SessionScreen
from beraad.ui.widgets.footer import TranslatedFooter
from beraad.ui.widgets.item_tree import ItemTree
from beraad.ui.widgets.steady_scroll import ListTable, SteadyScroll
from beraad.ui.widgets.vote_grid import VoteGrid
from tests.ui.conftest import SIZE
from tests.ui.stored_app import session_opened, stored_app, until
from tests.ui.test_session_mount import session_app

pytestmark = pytest.mark.timeout(120)


def keys_shown(screen: SessionScreen) -> list[str]:
    footer = screen.query_one(TranslatedFooter)
    return [key.description for key in footer.children if getattr(key, "description", "")]


def footer_line(app) -> str:  # type: ignore[no-untyped-def]
    """The screen's last line as painted (the footer), from Textual's screenshot."""
    svg = app.export_screenshot().replace("&#160;", " ")
    lines = re.findall(r"<text [^>]*>([^<]*)</text>", svg)
    return " ".join(lines[-12:])  # the last row's pieces (and a few of the row above)


async def settled(pilot, screen: SessionScreen) -> None:  # type: ignore[no-untyped-def]
    """Until nothing is left to lay out, paint or call after a frame."""
    for _ in range(3):
        await pilot.pause()
        await until(
            lambda: (
                not (
                    screen._layout_required
                    or screen._repaint_required
                    or screen._dirty_widgets
                    or screen._callbacks
                )
            )
        )


def counting_layouts(screen: SessionScreen) -> list[int]:
    layouts = [0]
    original = screen._refresh_layout

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        layouts[0] += 1
        return original(*args, **kwargs)

    screen._refresh_layout = counted  # type: ignore[method-assign]
    return layouts


async def each_view_shown_once(pilot, session: str):  # type: ignore[no-untyped-def]
    """The session screen with every view mounted, each looked at once (F3 from the decide
    view: options, criteria, positions, knots), so a test counts looks at views shown before."""
    screen = await session_opened(pilot.app, session)
    await until(lambda: len(screen.views()) == len(screen.phases))
    for _key in range(4):
        await pilot.press("f3")
        await settled(pilot, screen)
    return screen


async def test_a_look_at_another_phase_is_a_layout_with_its_footer_keys(tmp_path):
    app, w = session_app(tmp_path / "anja")
    async with app.run_test(size=SIZE) as pilot:
        screen = await each_view_shown_once(pilot, w.session)
        assert screen.viewing == "knots"
        layouts = counting_layouts(screen)
        # With the group in Decide only Decide has keys of its own in the footer: weights
        # are saved only with the group in Criteria (e0bf916), a past phase offers no key it
        # refuses (naive s10 finding 8). Its keys come with it and go with it.
        steps = [
            ("f4", "positions", None),
            ("f4", "criteria", None),
            ("f4", "options", None),
            ("f4", "decide", "Cast vote"),
            ("f3", "options", None),
        ]
        for key, phase, says in steps:
            layouts[0] = 0
            await pilot.press(key)
            await until(lambda phase=phase: screen.viewing == phase)
            await settled(pilot, screen)
            # Before: the view, then the footer's new keys, then the keys that fit, then
            # their first sizes: three or four layouts of the screen (and frames) per switch.
            # Now the view with its keys, and at most once more when the focus given makes
            # the view offer other keys (its handlers run after that frame).
            assert layouts[0] <= 2, (key, phase, layouts[0])
            shown = keys_shown(screen)
            painted = footer_line(app)
            for view_key in ("Cast vote", "Position", "Save my weights"):
                assert (view_key in shown) is (view_key == says), (phase, shown)
                assert (view_key in painted) is (view_key == says), (phase, painted)
            assert app.focused is not None and screen.view(phase) in app.focused.ancestors


async def test_the_ballot_shown_again_draws_none_of_its_cells_again(tmp_path):
    app, w = session_app(tmp_path / "anja")
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        await until(lambda: len(screen.views()) == len(screen.phases))
        grid = screen.view("decide").query_one("#ballot", VoteGrid)
        assert grid.row_count > 1
        await settled(pilot, screen)
        for phase in ("options", "decide", "act", "decide"):  # unfocused once, focused once
            screen.look_at(phase)
            await settled(pilot, screen)
        assert app.focused is grid
        # Cells drawn in their place: Textual's own cache, and the ballot's (``PlainCells``).
        drawn = lambda: len(grid._cell_render_cache) + len(grid._placed)  # noqa: E731
        cells, kept, looks = drawn(), grid.kept_drawn, grid.looks_drawn
        assert cells >= grid.row_count  # its rows in view were drawn
        for phase in ("options", "decide", "act", "decide"):
            screen.look_at(phase)
            await settled(pilot, screen)
        # Before: every look forgot the cells (a resize to the same size, the focus coming
        # back) and drew each row in view again, every column of it.
        assert drawn() == cells and grid.looks_drawn == looks
        assert grid.kept_drawn > kept  # the focus came and went, the cells stayed
        await pilot.press("down")  # the cursor still moves and is drawn where it is
        await settled(pilot, screen)
        assert grid.cursor_coordinate.row == 1
        assert drawn() > cells


async def test_a_view_mounted_behind_is_drawn_there_and_its_first_look_builds_no_row(tmp_path):
    app, w = session_app(tmp_path / "anja")
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        await until(lambda: "positions" in screen._shown)  # mounted behind, drawn there
        positions = screen.view("positions")
        assert not positions.display and "positions" not in screen._stale
        built, added = positions.row_cache.built, positions.tree.nodes_added
        assert added >= len(w.fold.state.positions)  # its rows are there
        for _key in range(3):  # options, criteria, positions
            await pilot.press("f3")
        await until(lambda: screen.viewing == "positions" and positions.display)
        await settled(pilot, screen)
        # Before: the first look built every row and node of the list on the key.
        assert (positions.row_cache.built, positions.tree.nodes_added) == (built, added)
        assert positions.tree.node_of(f"knot:{next(iter(w.fold.state.knots))}") is not None


async def test_a_look_builds_no_footer_key_and_repaints_only_what_changed(tmp_path):
    """Once every view has been looked at, a switch gives the footer's key widgets their
    new keys in place (before: two recomposes of a dozen styled keys, one racing the other)
    and no focus change repaints the whole screen."""
    app, w = session_app(tmp_path / "anja")
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        await until(lambda: len(screen.views()) == len(screen.phases))
        steps = ["f3"] * screen.phases.index("decide") + ["f4"] * (len(screen.phases) - 1)
        for key in steps:  # every view once, the widest set of keys among them
            await pilot.press(key)
            await settled(pilot, screen)
        footer = screen.query_one(TranslatedFooter)
        built, recomposed, repainted = [0], [0], [0]
        original_init, original_recompose = FooterKey.__init__, footer.recompose
        original_refresh = screen.refresh

        def counted_init(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            built[0] += 1
            original_init(self, *args, **kwargs)

        async def counted_recompose() -> None:
            recomposed[0] += 1
            await original_recompose()

        def counted_refresh(*args, **kwargs):  # type: ignore[no-untyped-def]
            if kwargs.get("repaint", True) and not args:
                repainted[0] += 1
            return original_refresh(*args, **kwargs)

        FooterKey.__init__ = counted_init  # type: ignore[method-assign]
        footer.recompose = counted_recompose  # type: ignore[method-assign]
        screen.refresh = counted_refresh  # type: ignore[method-assign]
        try:
            for key in ["f3"] * 3 + ["f4"] * 3:
                before = screen.viewing
                await pilot.press(key)
                await until(lambda before=before: screen.viewing != before)
                await settled(pilot, screen)
                assert app.focused is not None and screen.view(screen.viewing) in (
                    app.focused.ancestors
                )
        finally:
            FooterKey.__init__ = original_init  # type: ignore[method-assign]
        assert (built[0], recomposed[0], repainted[0]) == (0, 0, 0)
        shown = keys_shown(screen)
        assert len(shown) == len(set(shown))  # no key twice, none left over from a view before
        assert "Cast vote" not in keys_shown(screen)
        back = screen.phases.index(screen.viewing) - screen.phases.index("decide")
        await pilot.press(*["f3"] * back)  # decide: its keys are back, painted
        await until(lambda: screen.viewing == "decide")
        await settled(pilot, screen)
        assert "Cast vote" in keys_shown(screen)
        assert "Cast vote" in footer_line(app)


async def looks_and_their_work(  # type: ignore[no-untyped-def]
    home, contributions: int, size: tuple[int, int] = SIZE
) -> tuple[list[tuple], bool]:
    """Every view mounted behind, then F3 to the opening (the first look at each), F4 back
    to decide (each shown again) and on to act (a first look): per look, the phase, the
    screen's layouts and frames, the scroll bars updated, and what asked for any frame after
    the first; and whether the knots' list has a scroll bar (it is longer than its window)."""
    w = build_session(contributions)
    app = stored_app(w, home)
    async with app.run_test(size=size) as pilot:
        screen = await session_opened(app, w.session)
        await until(lambda: len(screen.views()) == len(screen.phases))
        behind = [view for view in screen.views() if view.phase != screen.viewing]
        await until(lambda: all(view.laid_out_behind for view in behind))
        await settled(pilot, screen)
        layouts = counting_layouts(screen)
        frames: list[list[str]] = []
        paint = screen._compositor_refresh

        def counted_paint() -> None:
            frames.append(sorted({type(widget).__name__ for widget in screen._dirty_widgets}))
            paint()

        screen._compositor_refresh = counted_paint  # type: ignore[method-assign]
        scrolls = [grid for grid in screen.query("*") if isinstance(grid, SteadyScroll)]
        work = []
        back = screen.phases.index("decide")
        for key in ["f3"] * back + ["f4"] * (back + 1):  # and on to act, a first look
            layouts[0] = 0
            frames.clear()
            updated = sum(widget.scroll_updates for widget in scrolls)
            before = screen.viewing
            await pilot.press(key)
            await until(lambda before=before: screen.viewing != before)
            await settled(pilot, screen)
            updated = sum(widget.scroll_updates for widget in scrolls) - updated
            work.append((screen.viewing, layouts[0], len(frames), updated, frames[1:]))
        tree = screen.view("knots").query_one(ItemTree)
        return work, tree.show_vertical_scrollbar


async def test_a_look_at_a_long_list_costs_what_a_look_at_a_short_one_does(monkeypatch, tmp_path):
    """A look costs the same whether the view's list is short (30 contributions) or longer
    than its window (300). A first look at a view mounted behind is one layout and one
    frame, as any later look (the opening's at 80x24 too, which scrolls its box into view
    before that layout: ``in_sight_now``; it was a second layout and frame after it):
    the view was given its sizes behind, while the screen was still, and the line saying the
    group is elsewhere, shown for the first time, asks for no second layout. Between views already
    shown, a look is one layout and one frame: the tree
    shown again at its size paints with the layout that shows it, the list that loses the
    focus restyles (its scroll bar) in that frame, and nothing the layout resized asks for a
    paint after it. Before: a first look was two layouts and two frames (the view's widgets
    got their first sizes, then their handlers changed what they show: the options' column
    rebuilt every row), three and four with a long list; and Textual updated every long
    list's scroll bars in each layout (it compares all its rows with its window), which
    repainted in a frame of their own after the switch's."""
    # The text cursor does not blink here: a blink is a frame of its own, whenever it falls.
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    small, small_scrolls = await looks_and_their_work(tmp_path / "small", 30)
    big, big_scrolls = await looks_and_their_work(tmp_path / "big", 300)
    assert big_scrolls and not small_scrolls  # the big session's lists do scroll
    assert [look[:3] for look in big] == [look[:3] for look in small], (big, small)
    back = len(big) // 2
    first, again = [*big[:back], big[-1]], big[back:-1]
    assert [look[0] for look in first][-1] == "act"
    assert all(look[1:3] == (1, 1) for look in first), big
    assert all(look[1:] == (1, 1, 0, []) for look in again), big


async def test_at_200_by_50_a_first_look_at_criteria_is_one_layout(monkeypatch, tmp_path):
    """At 200x50 the weights table takes the room below the view's other parts (naive s9
    finding 12): 40 criteria fill it and scroll. Fitted after the layout
    (``max_height`` set once the view had its size), the first look at Criteria was a second
    layout for the table's new height and a third for the scroll bar it then got; its height
    is now ``1fr`` between its bounds, which Textual's one layout resolves. Every look, first
    or later, is one layout and one frame; the table is as high as the room."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    looks, _scrolls = await looks_and_their_work(tmp_path / "big", 1500, (200, 50))
    assert "criteria" in [look[0] for look in looks]
    assert all(look[1:3] == (1, 1) for look in looks), looks


async def test_a_return_to_a_ballot_scrolled_away_from_is_one_frame(monkeypatch, tmp_path):
    """The decide view's page read down to the results, F3 away and F4 back: arrival brings
    the ballot into sight again (``header_in_sight``), now before the look's layout, in its
    one frame; it was a second layout and frame after it (at 5,000 contributions, 80x24)."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    w = build_session(300)
    app = stored_app(w, tmp_path / "anja")
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        await until(lambda: len(screen.views()) == len(screen.phases))
        behind = [view for view in screen.views() if view.phase != screen.viewing]
        await until(lambda: all(view.laid_out_behind for view in behind))
        decide = screen.view("decide")
        page, grid = decide.query_one("#page"), decide.query_one("#ballot", VoteGrid)
        await settled(pilot, screen)
        assert page.scrollable_content_region.contains_region(grid.region)
        page.scroll_end(animate=False, immediate=True)  # down to the results
        await settled(pilot, screen)
        assert not page.scrollable_content_region.overlaps(grid.region)  # out of sight
        await pilot.press("f3")
        await until(lambda: screen.viewing == "options")
        await settled(pilot, screen)
        layouts = counting_layouts(screen)
        frames = [0]
        paint = screen._compositor_refresh

        def counted_paint() -> None:
            frames[0] += 1
            paint()

        screen._compositor_refresh = counted_paint  # type: ignore[method-assign]
        await pilot.press("f4")
        await until(lambda: screen.viewing == "decide")
        await settled(pilot, screen)
        assert (layouts[0], frames[0]) == (1, 1)
        # The whole ballot in sight, as on arrival (it fits in the page here).
        assert page.scrollable_content_region.contains_region(grid.region)
        assert app.focused is grid


async def options_drawn_again(home, contributions: int) -> tuple[int, int, int, int]:
    """Looks at the options and back to decide, twice after two (the second of which draws
    none of the cells the first drew): the option
    table's cells drawn through Rich and the times it forgot them, over those two; then the
    rows in view, and the cells a change of theme makes it draw."""
    from beraad.ui.widgets.steady_scroll import ListTable

    w = build_session(contributions)
    app = stored_app(w, home)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        await until(lambda: len(screen.views()) == len(screen.phases))
        # The views behind drawn ahead at still moments first (``draw_behind``): their
        # cells drawn then are not the looks'.
        behind = {view.phase for view in screen.views() if view.phase != screen.viewing}
        await until(lambda: set(screen._drawn_behind) >= behind)
        table = screen.view("options").query_one("#options", ListTable)
        cells = [0]
        render_cell = table._render_cell

        def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
            cells[0] += 1
            return render_cell(*args, **kwargs)

        table._render_cell = counted  # type: ignore[method-assign]
        rounds = []  # cells drawn in each of the first two rounds
        for _round in range(2):
            for phase in ("options", "decide"):
                screen.look_at(phase)
                await settled(pilot, screen)
            rounds.append(cells[0] - sum(rounds))
        assert rounds[1] == 0, rounds  # the second look draws none again
        cells[0], forgotten = 0, table.cells_forgotten
        for _round in range(2):
            for phase in ("options", "decide"):
                screen.look_at(phase)
                await settled(pilot, screen)
        drawn, forgot = cells[0], table.cells_forgotten - forgotten
        screen.look_at("options")
        await settled(pilot, screen)
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await settled(pilot, screen)
        return drawn, forgot, table.row_count, cells[0]


async def test_the_options_shown_again_draw_none_of_their_cells_again(tmp_path):
    """The options' table keeps the cells it drew when it gains or loses the focus, at any
    number of options; a change of theme still draws them anew. Before: Textual's table
    forgot every cell on each restyle, and the focus coming and going restyles it — each
    look at the options drew every row in view through Rich again (60 options at 200x50:
    ~170 cells, half the look's time; 2 options: 12). The first time the focus left, the
    table forgot them too (a state not seen before): the second look drew them all again."""
    small = await options_drawn_again(tmp_path / "small", 30)
    big = await options_drawn_again(tmp_path / "big", 300)
    assert big[2] > small[2] >= 2  # more options in the big session
    assert small[:2] == big[:2] == (0, 0), (small, big)
    assert small[3] > 0 and big[3] > small[3]  # the new theme's cells were drawn


async def test_a_first_look_paints_no_line_a_later_look_would_not(monkeypatch, tmp_path):
    """The lines of each view behind are drawn at the screen's still moments, at the size
    and in the focus states they will be shown in (``draw_behind``): the first look at the
    options (a table) and at the positions and knots (trees) draws no cell and paints no
    line of their lists, as a later look does. Before: each first look drew every row in
    view (40 lines at 200x50, longer and more of them in a big session)."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    w = build_session(300)
    app = stored_app(w, tmp_path / "anja")
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await session_opened(app, w.session)
        await until(lambda: len(screen.views()) == len(screen.phases))
        behind = {view.phase for view in screen.views() if view.phase != screen.viewing}
        await until(lambda: set(screen._drawn_behind) >= behind)
        await settled(pilot, screen)
        options = screen.view("options").query_one(ListTable)
        trees = [screen.view(phase).query_one(ItemTree) for phase in ("positions", "knots")]
        cells = len(options._cell_render_cache)
        painted = [tree.lines_painted for tree in trees]
        assert cells and all(painted)  # drawn behind
        for phase in ("options", "criteria", "positions", "knots"):  # F3: first looks
            await pilot.press("f3")
            await until(lambda phase=phase: screen.viewing == phase)
            await settled(pilot, screen)
        assert len(options._cell_render_cache) == cells
        assert [tree.lines_painted for tree in trees] == painted


async def test_a_record_after_the_draw_ahead_is_painted_at_the_first_look(tmp_path):
    """A view's lines drawn ahead behind are not what its first look paints once a record
    changed a row of it: Bart's edit of his knot, arriving after the knots were drawn ahead,
    is on the screen at the first look at them (the tree's kept lines are keyed by what
    each line shows)."""
    w = build_session(30)
    app = stored_app(w, tmp_path / "anja")
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await session_opened(app, w.session)
        await until(lambda: len(screen.views()) == len(screen.phases))
        await until(lambda: "knots" in screen._drawn_behind)
        tree = screen.view("knots").query_one(ItemTree)
        assert tree.lines_painted  # drawn ahead, behind
        state = screen.node.state(w.session)
        his = next(k for k in state.knots.values() if k.author == w.who[1].public_key)
        edit = w.sign(1, "edit", bodies.edit_body(his.id, "The bench by the gate is broken"))
        screen.node.ingest(w.session, [edit])
        await until(lambda: not screen._redraw_pending)
        screen.look_at("knots")
        await settled(pilot, screen)
        assert "The bench by the gate is broken" in app.export_screenshot().replace("&#160;", " ")
