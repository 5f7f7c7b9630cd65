"""Opening the session in the decide view with a big tally: the ballot is drawn at the width it
keeps. The tally's tables are longer than the screen, so the view scrolls once they are in;
the scroll bar's room is kept from the first frame, and the ballot's labels are cut to the
room they keep before it. Before: the tables' arrival narrowed the view (a second layout), the
ballot was resized and its labels were cut again (each changed label drew the grid again), two
more frames of opening at 200×50. Counted on the real app over a real store, never timed."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import cache
from pathlib import Path

import pytest
from rich.console import Group
from textual.containers import VerticalScroll
from textual.scrollbar import ScrollBar

from benchmarks.ui import MEMBERS, build_session
from beraad.ui import tallied
from beraad.ui.phases.decide import DecideView
from beraad.ui.screens import session as session_module
from beraad.ui.screens import session_rest
from beraad.ui.widgets.rendered import RenderedOnce
from beraad.ui.widgets.tally_table import TallyTable
from beraad.ui.widgets.vote_grid import VoteGrid
from tests.ui.phases_text import screen_text
from tests.ui.stored_app import session_opened, stored_app, until

pytestmark = pytest.mark.timeout(120)


@cache
def big_session():  # type: ignore[no-untyped-def]
    """25 options × 15 criteria, five sheets: signed once for both sizes (only read)."""
    return build_session(500)


@pytest.fixture(autouse=True)
def opening_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the opening counts (the views behind are mounted later), and the tally goes to
    the thread at a quicker size."""
    monkeypatch.setattr(session_rest, "MOUNT_REST_AFTER", 600)
    monkeypatch.setattr(tallied, "INLINE_WORK", 1_000)


@asynccontextmanager
async def tables_in(tmp_path: Path) -> AsyncIterator[tuple[DecideView, VerticalScroll]]:
    """The big session opened in its decide view at 200×50, once the thread's tables are in
    and have made the view longer than the screen: the view and its scroll."""
    w = big_session()
    app = stored_app(w, tmp_path / "anja")
    async with app.run_test(size=(200, 50)) as pilot:
        screen = await session_opened(app, w.session)
        view = screen.view("decide")
        assert isinstance(view, DecideView)
        scroll = view.query_one(VerticalScroll)
        await until(lambda: view.tables_built >= 1)
        panel = view.query_one("#result", RenderedOnce)
        await until(lambda: panel.content_size.height > 50)
        for _ in range(5):
            await pilot.pause()
        yield view, scroll


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
async def test_the_ballot_keeps_its_first_width_and_labels_when_the_tally_comes(
    monkeypatch, tmp_path, size
):
    """And the first frame shows the ballot and its legend as they stay, each line of the
    ballot in view painted once. At 80×24 the first frame showed the legend of all 15
    criteria (before the grid had a width it told every column in view) and the page at its
    top, the how-to over the ballot's first rows; the next frame laid the screen out again
    with the criteria in view and scrolled the ballot into sight; and the grid's first
    resize, which comes after the first frame, made it paint every line in view again.
    Compared on the screen's cells and counted, never timed."""
    first: list[list[str]] = []  # the screen's lines as the first frame of it painted them
    paint = session_module.SessionScreen._compositor_refresh

    tallying: list[tuple[int, ...]] = []  # at the first frame: the widths the thread was given

    def kept_first(self) -> None:  # type: ignore[no-untyped-def]
        paint(self)
        if not first and self.app.screen is self:
            first.append(screen_text(self.app).split("\n"))
            tallying.append(self._views["decide"].tally_widths)

    monkeypatch.setattr(session_module.SessionScreen, "_compositor_refresh", kept_first)
    painted: list[VoteGrid] = []
    later: list[tuple[str, str]] = []  # what changed in the ballot once it was painted
    render_lines, draw, resize = VoteGrid.render_lines, VoteGrid._draw, VoteGrid._on_resize

    def rendered(self, crop):  # type: ignore[no-untyped-def]
        painted.append(self)
        return render_lines(self, crop)

    def drawn(self, row, column, text):  # type: ignore[no-untyped-def]
        if painted and column == "_label" and self._drawn.get((row, column)) != text:
            later.append(("label", text))
        draw(self, row, column, text)

    def resized(self, event):  # type: ignore[no-untyped-def]
        if self.__dict__.get("_sized") not in (None, event.size):  # a width it had changes
            later.append(("size", str(event.size)))
        resize(self, event)

    monkeypatch.setattr(VoteGrid, "render_lines", rendered)
    monkeypatch.setattr(VoteGrid, "_draw", drawn)
    monkeypatch.setattr(VoteGrid, "_on_resize", resized)
    w = big_session()
    app = stored_app(w, tmp_path / "anja")
    async with app.run_test(size=size) as pilot:
        screen = await session_opened(app, w.session)
        view = screen.view("decide")
        assert isinstance(view, DecideView)
        assert tallied.work(screen.state, "matrix") > tallied.INLINE_WORK
        await until(lambda: view.tallies_shown >= 1)
        panel = view.query_one("#result", RenderedOnce)
        await until(lambda: panel.content_size.width > 0 and bool(panel._rendered))
        for _ in range(3):
            await pilot.pause()
        scroll = view.query_one(VerticalScroll)
        assert scroll.show_vertical_scrollbar  # the tables made the view scroll
        assert scroll.styles.scrollbar_gutter == "stable"  # in the room kept for it
        assert painted and later == []  # no new width, no label cut again
        # The thread laid the tables out at the width the panel has: not drawn again here.
        assert list(panel._rendered) == [panel.content_size.width]
        # It began before the first frame, at the width the panel was to have (foreseen),
        # not one frame later: its tables then came after the first frames, in one of
        # their own (issue 15, the opening at 5,000).
        assert tallying == [(panel.content_size.width,)]
        assert view.tally_widths == (panel.content_size.width,)
        grid = view.query_one("#ballot", VoteGrid)
        legend = view.query_one("#legend")
        now = screen_text(app).split("\n")
        # not every criterion fits at 80 columns; at 200 all do, and all are listed
        assert ("In view:" in "\n".join(now)) == (size == (80, 24))
        for widget in (legend, grid):
            region = widget.region
            assert region.height > 1  # on screen, whole
            for y in range(region.y, region.bottom):
                seen = (line[region.x : region.right].rstrip() for line in (first[0][y], now[y]))
                assert next(seen) == next(seen), (widget, y)
        assert grid.lines_painted == grid.size.height  # each line in view painted once


async def test_the_tally_tables_from_the_thread_are_laid_out_once(monkeypatch, tmp_path):
    """The big tally's tables come from a thread after the first frames. Their arrival laid
    the screen out three times (the panel's new height asked for a layout of its own, then the
    scroll bar appearing, then the bar sized): three frames of opening at 5,000
    contributions. The bar is there from the first frame and a new height found by a layout
    asks for no other: one layout. Counted, never timed."""
    layouts: list[int] = []  # per layout of the session screen: the tables built so far
    lay_out = session_module.SessionScreen._refresh_layout

    def counted(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        decide = self._views.get("decide")
        layouts.append(decide.tables_built if isinstance(decide, DecideView) else 0)
        return lay_out(self, *args, **kwargs)

    monkeypatch.setattr(session_module.SessionScreen, "_refresh_layout", counted)
    async with tables_in(tmp_path) as (view, scroll):
        assert scroll.show_vertical_scrollbar and scroll.max_scroll_y > 0
        assert view.tables_built == 1  # (a language switch or a record would tally again)
        # Since 0ba8ee1 the thread starts before the first frame: on a busy machine the
        # tables may come before the first layout (no layout without them): either way, one
        # layout once they are there.
        assert layouts.count(1) == 1, layouts


async def test_the_tally_tables_from_the_thread_are_one_frame_with_their_scroll_bar(
    monkeypatch, tmp_path
):
    """The tables' arrival lengthens the view: the layout that places them gives its scroll
    bar a shorter thumb, which Textual paints only once the bar is idle, in a frame of its
    own after the tables' (at 5,000 contributions, every opening at 200×50). The bar's new
    thumb is painted in the tables' frame. Counted, never timed."""
    frames: list[tuple[int, list[str]]] = []  # per frame: the tables built so far, and what
    paint = session_module.SessionScreen._compositor_refresh

    def counted(self) -> None:  # type: ignore[no-untyped-def]
        decide = self._views.get("decide")
        built = decide.tables_built if isinstance(decide, DecideView) else 0
        frames.append((built, sorted({type(w).__name__ for w in self._dirty_widgets})))
        paint(self)

    monkeypatch.setattr(session_module.SessionScreen, "_compositor_refresh", counted)
    thumbs: list[tuple[object, int, int]] = []  # each drawing of a bar: its view's size
    render = ScrollBar.render

    def drawn(self):  # type: ignore[no-untyped-def]
        thumbs.append((self.parent, self.window_virtual_size, self.window_size))
        return render(self)

    monkeypatch.setattr(ScrollBar, "render", drawn)
    async with tables_in(tmp_path) as (_view, scroll):
        bar = scroll.vertical_scrollbar
        assert bar.window_virtual_size == scroll.virtual_size.height > 50  # the thumb follows
        # and was drawn at that length, in the tables' frame
        drawn_last = [(size, window) for parent, size, window in thumbs if parent is scroll][-1]
        assert drawn_last == (bar.window_virtual_size, bar.window_size)
        first = next(i for i, (built, _) in enumerate(frames) if built == 1)
        later = [dirty for _, dirty in frames[first + 1 :]]
        # no frame of the bar's own after the tables' (a repaint of the whole screen that
        # Textual asks for once after the first paint may fall before or after the tables)
        assert not any("ScrollBar" in dirty for dirty in later), frames


async def test_the_tally_tables_lines_are_written_as_they_come_into_view(monkeypatch, tmp_path):
    """The big tally's tables are below the ballot: opening, the thread lays them out (their
    bands and height, for the scroll bar) and writes none of their lines; scrolled to, the
    frame writes those in view. Before, the thread wrote all of them at every opening (~1,600
    at 5,000 contributions at 80×24). Counted, never timed."""
    monkeypatch.setattr(session_rest, "MOUNT_REST_AFTER", 600)  # only the opening counts
    monkeypatch.setattr(tallied, "INLINE_WORK", 1_000)  # the thread's, at a quicker size
    w = big_session()
    app = stored_app(w, tmp_path / "anja")
    async with app.run_test(size=(80, 24)) as pilot:
        written = TallyTable.lines_written
        screen = await session_opened(app, w.session)
        view = screen.view("decide")
        assert isinstance(view, DecideView)
        panel = view.query_one("#result", RenderedOnce)
        await until(lambda: view.tables_built >= 1 and panel.content_size.height > 300)
        for _ in range(3):
            await pilot.pause()
        width = panel.content_size.width
        assert len(panel._lines(width)) > 300  # tables far longer than the screen
        assert TallyTable.lines_written - written <= 24  # before: every line of them
        scroll = view.query_one(VerticalScroll)
        scroll.scroll_end(animate=False, immediate=True)
        await until(lambda: scroll.scroll_y == scroll.max_scroll_y > 0)
        for _ in range(3):
            await pilot.pause()
        assert TallyTable.lines_written - written <= 2 * 24  # the lines in view
        # and they read as the table written whole does
        assert isinstance(panel.content, Group)
        sheets = [p for p in panel.content.renderables if isinstance(p, TallyTable)][-1]
        last = "".join(s.text for s in sheets.lines(width)[-1]).rstrip()
        assert last.split()[0] in MEMBERS and last in screen_text(app)
        assert "Ranking (best first)" in screen_text(app)
