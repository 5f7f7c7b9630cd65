"""Naive s13 N10: in a weighted matrix (3 options × 3 criteria) Bart typed as in a spreadsheet,
8 Enter 6 Enter 9 Enter: Enter went down the first criterion only, the last row said Ctrl+S
casts, and Ctrl+S cast the sheet with 6 of 9 cells empty without a word: his say on two criteria
was gone from the means. "7,5" in a cell read 5. Now Enter runs on to the next criterion's
first row, a cast with empty cells asks first (Ctrl+S again casts), and a decimal comma keeps
the cell's number and says why. Real node, the decide view at 80×24."""

from __future__ import annotations

import pytest

from beraad.ui.widgets.vote_grid import VoteGrid
from tests.ui.phases_app import alone_in_decide, until

pytestmark = pytest.mark.timeout(120)

CRITERIA = ("Safe", "Cheap", "Quick")


def cast(table) -> bool:
    return "score.set" in table.anja.state(table.session).votes


async def test_enter_runs_through_every_criterion_and_an_unfilled_sheet_asks(tmp_path):
    async with alone_in_decide(tmp_path, "matrix", criteria=CRITERIA) as table:
        app, pilot = table.app, table.pilot
        view = app.view
        grid = view.query_one("#ballot", VoteGrid)
        await until(pilot, lambda: grid.row_count == 3)
        grid.focus()
        notice = view.query_one("#notice")
        await pilot.press("8", "enter", "6", "enter", "9", "enter", "7")
        keys = [column.key for column in grid._columns if column.editable]
        rows = list(grid._shape[0])
        assert grid.values[rows[0]] == {keys[0]: 8, keys[1]: 7}  # the next criterion's top
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "5 cells are empty" in notice.message)
        assert "score.set" not in table.anja.state(table.session).votes  # asked, not cast
        await pilot.press("ctrl+s")  # again: cast as it is
        await until(pilot, lambda: cast(table))


async def test_a_full_sheet_casts_at_once_and_a_decimal_comma_keeps_the_number(tmp_path):
    async with alone_in_decide(tmp_path, "matrix", criteria=CRITERIA[:2]) as table:
        app, pilot = table.app, table.pilot
        view = app.view
        grid = view.query_one("#ballot", VoteGrid)
        await until(pilot, lambda: grid.row_count == 3)
        grid.focus()
        notice = view.query_one("#notice")
        await pilot.press("7", ",", "5")
        rows = list(grid._shape[0])
        first = next(column.key for column in grid._columns if column.editable)
        await until(pilot, lambda: "Whole numbers only" in notice.message)
        assert grid.values[rows[0]] == {first: 7}  # not 5, not 75
        await pilot.press("enter", *"6", "enter", "9", "enter")  # down, then the next column
        await pilot.press("1", "enter", "2", "enter", "3", "enter")
        await until(pilot, lambda: "last row" in notice.message)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: cast(table))
