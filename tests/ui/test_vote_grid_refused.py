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


async def test_a_decimal_comma_or_a_letter_is_refused_said_and_the_number_stays(language):
    """Naive s12 P14: a Flemish volunteer's 7,5 became 5 and 8O (a letter O) became 8, without
    a word. Weights and scores are whole numbers: what is typed on after the number is
    refused and said, with all of it, in the person's language; the cell keeps the number,
    and Backspace takes back only what was refused."""
    from beraad.i18n import _

    app = GridApp(highest=100)
    async with app.run_test(size=(80, 24)) as pilot:
        grid = await _grid(pilot, app)
        await pilot.press("backspace", "7", "comma", "5")  # the comma: whole numbers (N10)
        assert grid.get_cell("a", "c1") == "7"
        whole = _("Whole numbers only: the cell keeps {kept}, not {typed}.")
        back = " " + _("Backspace takes back what was refused.")
        assert app.said[-1] == whole.format(kept=7, typed="7,5") + back
        # A digit typed on is refused with it, and said (naive s13b B5: the 9 of "7,5 9" was
        # dropped without a word); Backspace takes back what was refused, and 9 types on.
        await pilot.press("9")
        assert app.said[-1] == whole.format(kept=7, typed="7,59") + back
        assert grid.get_cell("a", "c1") == "7"
        await pilot.press("backspace", "9")
        assert grid.get_cell("a", "c1") == "79"
        kept = " " + _("It stays {kept}; Backspace takes back what was refused.")
        await pilot.press("backspace", "backspace", "8", "O")
        assert grid.get_cell("a", "c1") == "8" and grid.given() == {"a": {"c1": 8}}
        letter = _("{typed} is not a number: type digits only, from {lowest} to {highest}.")
        assert app.said[-1] == letter.format(typed="8O", lowest=0, highest=100) + kept.format(
            kept=8
        )
        await pilot.press("enter", "backspace", "9")  # done with it: a number as ever
        assert grid.get_cell("a", "c1") == "9"


async def test_once_voting_closed_the_footer_offers_no_next_row():
    """Naive s12 P9: after the dot vote closed the footer still offered "⏎ Next row", as if
    numbers were still to be typed in: they are refused, and the footer no longer says it."""
    from beraad.ui.widgets.footer import TranslatedFooter
    from tests.ui.test_footer_help import bottom_row, footer_shows

    class FooterGrid(GridApp):
        def compose(self) -> ComposeResult:
            yield VoteGrid(0, 5, id="grid")
            yield TranslatedFooter()

    app = FooterGrid()
    async with app.run_test(size=(80, 24)) as pilot:
        grid = app.query_one(VoteGrid)
        grid.fill([("a", "A. Lamps"), ("b", "B. Bumps")], [GridColumn("c1", "Dots")])
        grid.focus()
        assert "Next row" in await footer_shows(pilot, "Next row")
        grid.refusing = "Voting is closed."
        await pilot.pause()
        await pilot.pause()
        assert "Next row" not in bottom_row(app)
