"""Naive s13 N12: a habitual second Enter after a move dialog leaked into the next phase. Anja
answered with F6 ↓ Enter Enter: the first Enter sent, the group moved to Decide, and the second
moved the Schulze ballot's cursor from A to B, where her ranking then went. An Enter pressed
while the dialog was still there (one burst with its own Enter, as a fast typist's) does
nothing in the phase behind it once F6 closed on a choice, and the view says so (both F6
dialogs now word their one rule alike: ``test_naive_s9_moves``); an Enter pressed once F6 has
closed is the phase's at once (a window of a second after the close swallowed it). The real
app, node and store at 80×24."""

from __future__ import annotations

import pytest
from textual import events

from beraad.i18n import _
from beraad.ui.widgets.phase_dialog import PhaseDialog
from beraad.ui.widgets.vote_grid import VoteGrid
from beraad.ui.widgets.vote_notice import Notice
from tests.ui.conftest import SIZE
from tests.ui.session_people import alone_at, make_app, screen_words, until

pytestmark = pytest.mark.timeout(90)


def keys_at_once(app, *keys: str) -> None:
    """``keys`` queued at once, none waiting for the app (a fast typist's ↓ Enter Enter)."""
    for key in keys:
        event = events.Key(key, "\r" if key == "enter" else None)
        event.set_sender(app)
        app._driver.send_message(event)


async def test_a_second_enter_right_after_f6_moved_the_group_does_nothing_in_decide(
    tmp_path, language
):
    app = make_app(tmp_path / "anja", "Anja", language=language)
    async with app.run_test(size=SIZE) as pilot:
        options = ("Kerkstraat", "Molenweg", "Dorpsplein")
        _node, _session, screen = await alone_at(pilot, "schulze", "options", "option.add", options)
        await pilot.press("f6")
        await until(lambda: isinstance(app.screen, PhaseDialog), pilot)
        keys_at_once(app, "down", "enter", "enter")  # ↓ chooses "on to Decide", Enter sends
        await until(lambda: screen.state.phase == "decide" and screen.viewing == "decide", pilot)
        view = screen.view("decide")
        grid = view.query_one("#ballot", VoteGrid)
        notice = view.query_one(Notice)
        said = _("That Enter came right after F6 closed: it did nothing here.")
        await until(lambda: said in notice.message, pilot)
        await until(lambda: app.focused is grid, pilot)
        assert grid.cursor_coordinate.row == 0  # still on A: the ranking goes where it shows
        # In sight (a notice line may take turns with another one: it comes round again).
        await until(lambda: said in screen_words(app), pilot)
        await pilot.press("1")
        assert list(grid.given().values()) == [{"rank": 1}]
        assert list(grid.given()) == [grid._shape[0][0]]
        await pilot.press("enter")  # a fresh Enter, typed later, is the grid's again
        await until(lambda: grid.cursor_coordinate.row == 1, pilot)

        # An Enter pressed once F6 closed is the phase's, however soon: back to Options and on
        # to Decide with F6 (each key once the one before acted), then Enter at once moves
        # the ballot's cursor (a window of a second after the close swallowed it). Taking the
        # group back asks first (7d8b9b6): Enter again sends it.
        back, on = ("down", "down", "enter", "enter"), ("down", "enter")
        for phase, keys in (("options", back), ("decide", on)):
            await pilot.press("f6")
            await until(lambda: isinstance(app.screen, PhaseDialog), pilot)
            await pilot.press(*keys)
            await until(lambda p=phase: screen.viewing == p and screen.state.phase == p, pilot)
        grid = screen.view("decide").query_one("#ballot", VoteGrid)
        await until(lambda: app.focused is grid, pilot)
        row = grid.cursor_coordinate.row
        assert row < grid.row_count - 1
        await pilot.press("enter")
        await until(lambda: grid.cursor_coordinate.row == row + 1, pilot)
        assert said not in screen_words(app)
