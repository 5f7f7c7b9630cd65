"""A refused digit never sticks in a ballot cell (naive s7 finding 3): after "57 is too high"
7 again reads 7, not "77 is too high"; Backspace starts afresh, so 4 then reads 4, not "74 is
too high". Each refusal names only digits the person saw in the cell or just typed; 3, 1, 0
still reads 10 (e1f85af). The real widget in a real app at 80×24."""

from __future__ import annotations

from textual import on
from textual.app import App, ComposeResult

from beraad.ui.widgets.vote_grid import GridColumn, VoteGrid


class GridApp(App[None]):
    def __init__(self, highest: int = 10) -> None:
        super().__init__()
        self.highest = highest
        self.said: list[str] = []

    def compose(self) -> ComposeResult:
        yield VoteGrid(0, self.highest, id="grid")

    @on(VoteGrid.Refused)
    def _refused(self, event: VoteGrid.Refused) -> None:
        self.said.append(event.message.split(" is too high")[0])


async def _grid(pilot, app: GridApp) -> VoteGrid:
    grid = app.query_one(VoteGrid)
    grid.fill([("a", "A. Lamps")], [GridColumn("c1", "C1")])
    grid.load({"a": {"c1": 0}})
    grid.focus()
    await pilot.pause()
    return grid


async def test_a_digit_typed_again_after_a_refusal_shows_and_backspace_starts_afresh():
    app = GridApp()
    async with app.run_test(size=(80, 24)) as pilot:
        grid = await _grid(pilot, app)
        shown = []
        for key in ("5", "7", "7", "backspace", "4"):
            await pilot.press(key)
            shown.append(grid.get_cell("a", "c1"))
        assert shown == ["5", "5", "7", "·", "4"]
        assert app.said == ["57"]  # 5 was in the cell and 7 just typed: nothing unseen
        assert grid.given() == {"a": {"c1": 4}}

        # 3, 1, 0 still reads 10; 5, 7, then 1 starts afresh (not "71"), and 0 makes it 10.
        app.said.clear()
        await pilot.press("backspace", "3", "1", "0")
        assert grid.get_cell("a", "c1") == "10"
        await pilot.press("backspace", "5", "7", "1")
        assert grid.get_cell("a", "c1") == "1"
        await pilot.press("0")
        assert grid.get_cell("a", "c1") == "10"
        assert app.said == ["31", "57"]

        # A refused digit followed by a step: the next digit is a new number, none unseen.
        await pilot.press("backspace", "9", "9", "+", "3")
        assert grid.get_cell("a", "c1") == "3"
        assert app.said[-1] == "99"


async def test_a_digit_past_a_small_range_is_refused_each_time_by_itself():
    """Three dots each: 2, 7 says 27; 7 again says 7 (it alone is too high), never "77"."""
    app = GridApp(highest=3)
    async with app.run_test(size=(80, 24)) as pilot:
        grid = await _grid(pilot, app)
        await pilot.press("2", "7", "7", "backspace", "4", "1")
        assert app.said == ["27", "7", "4"]
        assert grid.get_cell("a", "c1") == "1"
