"""The score grid's column numbers and the cursor's row stay in sight, on the first open and
after every resize (naive s10 finding 1).

In the benchmark's 1,000-contribution session (30 criteria, 50 options) at 80×24 the ballot
had the keys with its header scrolled off above: the page scrolled it into sight as the keys
came, Textual then centred it a frame later, and the criteria legend above it shrank from all
30 names to the 12 in view, so the page showed the rows from A on, or from C. After a resize to
200×50 or 120×30 the grid began at row D until an arrow key. The real app on a real store,
Pilot; what is asserted is the screen's text once the view is still.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.pilot import Pilot

from benchmarks.ui import Writer, build_session
from beraad.ui.app import BeraadApp
from beraad.ui.phases.decide import DecideView
from beraad.ui.screens.session import SessionScreen
from beraad.ui.widgets.legend_line import LegendLine
from beraad.ui.widgets.vote_grid import VoteGrid
from tests.ui.session_people import screen_text
from tests.ui.stored_app import session_opened, stored_app, until

pytestmark = pytest.mark.timeout(180)

#: The grid's column numbers, as a row of the screen.
HEADER = re.compile(r"^\s+1\s+2\s+3\s+4\s+5\s", re.M)


@pytest.fixture(scope="module")
def big() -> Writer:
    return build_session(1000)


async def ballot_still(pilot: Pilot, app: BeraadApp) -> tuple[DecideView, VoteGrid]:
    """The decide view once its ballot has the keys, the legend lists the criteria in view
    and the result's tables are in: nothing above the ballot changes height any more."""
    screen = app.screen
    assert isinstance(screen, SessionScreen)
    view = screen.view("decide")
    assert isinstance(view, DecideView)
    grid = view.query_one("#ballot", VoteGrid)
    legend = view.query_one("#legend", LegendLine)

    def told() -> bool:
        shown = [c for c in view._in_view or () if c in view._legend]
        return len(legend.entries) == (
            len(shown) + 1 if 0 < len(shown) < len(view._legend) else len(view._legend)
        )

    await until(lambda: app.focused is grid and view.tables_built > 0 and told())
    for _ in range(3):
        await pilot.pause()
    return view, grid


def cursor_row_label(grid: VoteGrid) -> str:
    """The start of the label of the row the cursor is on ("A. Option 0")."""
    key = grid._shape[0][grid.cursor_coordinate.row]
    return grid._labels[key][:11]


def in_sight(app: BeraadApp, grid: VoteGrid) -> bool:
    text = screen_text(app)
    return HEADER.search(text) is not None and cursor_row_label(grid) in text


async def test_the_first_open_at_80_by_24_shows_the_column_numbers_and_row_a(
    tmp_path: Path, big: Writer
):
    app = stored_app(big, tmp_path / "anja")
    async with app.run_test(size=(80, 24)) as pilot:
        await session_opened(app, big.session)
        _view, grid = await ballot_still(pilot, app)
        assert grid.cursor_coordinate.row == 0
        assert in_sight(app, grid), screen_text(app)
        assert app._exception is None


async def test_after_each_resize_the_column_numbers_and_the_cursors_row_are_in_sight(
    tmp_path: Path, big: Writer
):
    app = stored_app(big, tmp_path / "anja")
    async with app.run_test(size=(80, 24)) as pilot:
        await session_opened(app, big.session)
        _view, grid = await ballot_still(pilot, app)
        await pilot.resize_terminal(200, 50)
        await until(lambda: app.size == (200, 50))
        await ballot_still(pilot, app)
        assert in_sight(app, grid), screen_text(app)
        # Further down the ballot (the grid scrolls its own rows under its header).
        await pilot.press(*["down"] * 14)
        await until(lambda: grid.cursor_coordinate.row == 14)
        for size in [(120, 30), (80, 24)]:
            await pilot.resize_terminal(*size)
            await until(lambda size=size: app.size == size)
            await ballot_still(pilot, app)
            assert in_sight(app, grid), (size, screen_text(app))
        assert app._exception is None


async def test_one_vertical_scroll_bar_at_200_by_50(tmp_path: Path, big: Writer):
    """The grid scrolls its rows under its header inside the page, which scrolls too: each
    showed a vertical bar, two on one axis (at 40 criteria side by side at the grid's edge).
    The page's is the one."""
    app = stored_app(big, tmp_path / "anja")
    async with app.run_test(size=(200, 50)) as pilot:
        await session_opened(app, big.session)
        view, grid = await ballot_still(pilot, app)
        assert grid.max_scroll_y > 0  # its rows scroll (50 options)
        bars = [
            widget
            for widget in view.query("*")
            if widget.display
            and widget.show_vertical_scrollbar
            and widget.styles.scrollbar_size_vertical
        ]
        assert [bar.id for bar in bars] == ["page"]


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.both_languages
async def test_arriving_the_instruction_shows_from_its_start_or_not_at_all(
    tmp_path: Path, big: Writer, language: str
):
    """naive s11 F-minor-23: Bart (nl, 80×24) arrived with the page scrolled so the how-to's
    tail alone, "groepsgewichten van de criteria.", stood over the ballot: the start of the
    sentence ("… arrows to move, digits to type") was above the edge."""
    from benchmarks.ui import MEMBERS
    from beraad.i18n import set_language

    set_language(language)
    try:
        app = stored_app(
            big, tmp_path / "bart", identity=big.who[1], name=MEMBERS[1], language=language
        )
        async with app.run_test(size=(80, 24)) as pilot:
            await session_opened(app, big.session)
            view, grid = await ballot_still(pilot, app)
            page, how_to = view.query_one("#page"), view.query_one("#how-to")
            words = " ".join(str(how_to.content).split())
            shown = " ".join(screen_text(app).split())
            assert words[:24] in shown or words[-24:] not in shown, screen_text(app)
            region = how_to.virtual_region
            assert not region.y < page.scroll_y < region.bottom
            assert in_sight(app, grid), screen_text(app)
    finally:
        set_language("en")
