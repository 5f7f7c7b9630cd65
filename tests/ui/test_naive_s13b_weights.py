"""Naive s13b B4, B5: weighing criteria at 80×24, alone in a weighted-matrix deliberation.
Anja typed Tab, 7,5, Enter, 7,5, 9, Enter and then nothing she typed seemed to do anything:
the refusals ("whole numbers only", "give every criterion a weight") were drawn below the
screen's edge, the 9 typed right after "7,5" was dropped without a word, and on the last row
the footer offered no Enter, so nothing said the keys were in the table. Now the refusal
stands right under the table (in the place of how to weigh) and names all that was refused
("7,59"), and the last row offers "⏎ Save". The real app, node and store, at 80×24."""

from __future__ import annotations

import pytest

from beraad.i18n import _
from beraad.ui.widgets.vote_grid import VoteGrid
from beraad.ui.widgets.vote_notice import Notice
from tests.ui.conftest import SIZE
from tests.ui.session_people import alone_at, make_app, screen_words, until
from tests.ui.test_footer_help import footer_shows

pytestmark = pytest.mark.timeout(90)


def in_sight(notice: Notice) -> bool:
    """Is the whole line on the 80×24 screen (not below its last row, the footer's)?"""
    region = notice.region
    return notice.display and bool(region.area) and region.bottom <= SIZE[1] - 1


async def test_a_refused_weight_is_said_in_sight_and_the_last_row_offers_save(tmp_path, language):
    app = make_app(tmp_path / "anja", "Anja", language=language)
    async with app.run_test(size=SIZE) as pilot:
        criteria = ("Safe", "Cheap", "Quick")
        _node, _session, screen = await alone_at(
            pilot, "matrix", "criteria", "criterion.add", criteria
        )
        await until(lambda: screen.query("#weights"), pilot)
        view = screen.view("criteria")
        grid = view.query_one("#weights", VoteGrid)
        notice = view.query_one(Notice)
        await until(lambda: grid.row_count == 3 and app.focused is view.text_box(), pilot)

        await pilot.press("tab", "7", "comma", "5")
        await until(lambda: "7,5" in notice.message and in_sight(notice), pilot)
        await pilot.press("enter", "7", "comma", "5", "9")
        rows = list(grid._shape[0])
        # The 9 is not typed in, and not in silence: the line names it, on screen.
        await until(lambda: "7,59" in notice.message and in_sight(notice), pilot)
        assert "7,59" in screen_words(app)
        assert grid.given() == {rows[0]: {"mine": 7}, rows[1]: {"mine": 7}}

        await pilot.press("enter")  # the last row: Enter saves, and the footer says so
        assert "⏎ " + _("Save") + " " in await footer_shows(pilot, "⏎ " + _("Save") + " ")
        await pilot.press("enter")  # Quick has no weight: not saved, and why, in sight
        missing = _("Give every criterion a weight (0 is allowed) before saving: {missing}.")
        await until(lambda: missing.format(missing="3") in notice.message, pilot)
        await until(lambda: in_sight(notice), pilot)
        assert not screen.state.weights
        await pilot.press("ctrl+s")  # the same, said again
        await until(lambda: in_sight(notice), pilot)

        await pilot.press("9", "enter")
        await until(lambda: len(screen.state.weights) == 1, pilot)
        (sheet,) = screen.state.weights.values()
        assert sorted(sheet.weights.values()) == [7, 7, 9]


async def test_forty_criteria_leave_the_refusals_and_the_save_in_sight(tmp_path):
    """Naive s15 F2: with 40 criteria at 80×24 the table took all the height (twelve lines
    at least), and "7,5", "8O", a save refused and the saved count were all below the
    screen's edge: typing on, nothing seemed to happen. The table gives way (three criteria
    at least); each word under it is in sight, a refusal goes once a good number is typed,
    and a refused save names a few criteria and counts the rest."""
    app = make_app(tmp_path / "anja", "Anja")
    async with app.run_test(size=SIZE) as pilot:
        criteria = tuple(f"Criterion {n}" for n in range(1, 41))
        _node, _session, screen = await alone_at(
            pilot, "matrix", "criteria", "criterion.add", criteria
        )
        await until(lambda: screen.query("#weights"), pilot)
        view = screen.view("criteria")
        grid = view.query_one("#weights", VoteGrid)
        notice = view.query_one(Notice)
        save = view.query_one("#save-weights")
        count = view.query_one("#weights-count")
        await until(lambda: grid.row_count == 40 and app.focused is view.text_box(), pilot)

        await pilot.press("tab", "8", "O")
        await until(lambda: "8O" in notice.message and in_sight(notice), pilot)
        assert in_sight(save) and in_sight(count)
        await pilot.press("enter", "5")  # a good number on the next row: the refusal goes
        await until(lambda: not notice.speaking(), pilot)
        await pilot.press("ctrl+s")
        await until(lambda: "… and 31 more" in notice.message and in_sight(notice), pilot)
        assert "3, 4, 5, 6, 7, 8, 9 … and 31 more." in notice.message
        for _row in range(38):
            await pilot.press("down")
            await pilot.press("6")
        await pilot.press("enter")  # the last row: saved, and the count says so, in sight
        await until(lambda: len(screen.state.weights) == 1, pilot)
        await until(lambda: "1 of 1 members weighted" in screen_words(app), pilot)
        assert in_sight(count) and in_sight(save)
