"""Voting closed: a digit typed in the ballot is refused in a sentence and changes no cell
(naive s11 F12: the cell took it, silently, and it was never counted), and the page keys
scroll the page to the totals (naive s13 N11). A real app and node."""

from __future__ import annotations

import pytest

from beraad.i18n import _
from beraad.ui.widgets.vote_grid import VoteGrid
from beraad.ui.widgets.vote_notice import Notice
from tests.ui import session_people as people
from tests.ui.conftest import SIZE

pytestmark = pytest.mark.timeout(90)


async def test_a_digit_after_the_close_is_refused_in_words(tmp_path, language):
    app = people.make_app(tmp_path / "anja", "Anja", language=language)
    async with app.run_test(size=SIZE) as pilot:
        screen = await people.at_decide_with(pilot, "dots", ["Youth club", "New benches"])
        state = screen.node.state(screen.session)
        grid = screen.query_one("#ballot", VoteGrid)
        await people.until(lambda: grid.row_count == 2 and screen.focused is grid, pilot)
        await pilot.press("2", "down", "1", "ctrl+s")
        await people.until(lambda: "dots.place" in state.votes, pilot)
        await pilot.press("ctrl+o")
        await people.until(lambda: "dots.place" in state.closed, pilot)
        refusal = _(
            "Voting is closed: numbers typed now are not counted. The ballot shows what was "
            "counted."
        )
        await people.until(lambda: _("Voting is closed.") in people.screen_words(app), pilot)
        grid.focus()
        before = {row: dict(cells) for row, cells in grid.values.items()}
        await pilot.press("up", "3", "backspace")
        # The decide view's notice: the options view, mounted behind once the screen is still
        # (sooner under load), has one that the screen's query_one finds first.
        await people.until(
            lambda: refusal in str(screen.view("decide").query_one(Notice).content), pilot
        )
        assert grid.values == before and not grid.dirty
        assert refusal in people.screen_words(app)
        # The grid takes no numbers now: End and PgDn read on down the page, to the totals,
        # without a Tab first (naive s13 N11: they did nothing until a Tab).
        page = screen.view("decide").query_one("#page")
        assert page.max_scroll_y > 0 and page.scroll_y == 0
        await pilot.press("end")
        await people.until(lambda: page.scroll_y == page.max_scroll_y, pilot)
        await pilot.press("home", "pagedown")
        await people.until(lambda: page.scroll_y > 0, pilot)
        assert app.focused is grid


async def test_ctrl_s_after_the_close_says_why_nothing_is_cast(tmp_path, language):
    """naive s11 F12: after the close Ctrl+S did nothing, silently; once the decision is
    taken too. It says nothing is cast, and why."""
    app = people.make_app(tmp_path / "anja", "Anja", language=language)
    async with app.run_test(size=SIZE) as pilot:
        screen = await people.at_decide_with(pilot, "dots", ["Youth club", "New benches"])
        state = screen.node.state(screen.session)
        grid = screen.query_one("#ballot", VoteGrid)
        await people.until(lambda: grid.row_count == 2 and screen.focused is grid, pilot)
        await pilot.press("2", "down", "1", "ctrl+s")
        await people.until(lambda: "dots.place" in state.votes, pilot)
        await pilot.press("ctrl+o")
        await people.until(lambda: "dots.place" in state.closed, pilot)
        await people.until(lambda: _("Voting is closed.") in people.screen_words(app), pilot)
        notice = screen.view("decide").query_one(Notice)
        closed = _("Not cast: voting is closed. The votes cast before the close count.")
        await pilot.press("ctrl+s")
        await people.until(lambda: closed in str(notice.content), pilot)
        assert closed in people.screen_words(app)
        await pilot.press("ctrl+g")  # asked first: Tab, Enter takes it
        await people.until(lambda: screen is not app.screen, pilot)
        await pilot.press("tab", "enter")
        await people.until(lambda: state.decisions and app.screen is screen, pilot)
        records = len(screen.node.records(screen.session))
        taken = _("Not cast: the decision is taken. The votes cast before voting closed counted.")
        await pilot.press("ctrl+s")
        await people.until(lambda: taken in str(notice.content), pilot)
        assert len(screen.node.records(screen.session)) == records  # nothing sent
