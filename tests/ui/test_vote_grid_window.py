"""The ballot draws only the columns in view. At 80 columns a 60 × 40 ballot shows its labels
and about a dozen of its 40 score columns; Textual's table put every cell of a row together
(41 of them, each looked up, placed and styled) and then cropped the line to the screen, on
the first frame and on every row drawn again. Counted on the real widget in a real app
(``PlainCells.cells_drawn``), never timed; the lines are compared with Textual's own drawing,
before and after the ballot scrolls sideways."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.pilot import Pilot

from beraad.ui.widgets.vote_grid import GridColumn, VoteGrid


class GridApp(App[None]):
    def compose(self) -> ComposeResult:
        yield VoteGrid(0, 10, id="grid")


def ballot(options: int, criteria: int) -> tuple[list, list, dict]:
    rows = [(f"o{i}", f"{i + 1}. Option {i + 1}: lamps and a fence") for i in range(options)]
    columns = [GridColumn(f"c{j}", f"C{j + 1}") for j in range(criteria)]
    sheet = {f"o{i}": {f"c{j}": (i + j) % 11 for j in range(criteria)} for i in range(options)}
    return rows, columns, sheet


def in_view(grid: VoteGrid) -> int:
    """Columns at least partly inside the grid's width, at its scroll offset."""
    x1 = grid.scroll_offset.x
    x2 = x1 + grid.size.width
    at, seen = 0, 0
    for column in grid.ordered_columns:
        width = column.get_render_width(grid)
        seen += at < x2 and at + width > x1
        at += width
    return seen


def lines(grid: VoteGrid) -> list[list[object]]:
    grid._line_cache.clear()
    return [list(grid.render_line(y)) for y in range(grid.size.height)]


async def filled(pilot: Pilot, options: int, criteria: int) -> VoteGrid:
    """The app's grid holding an ``options`` × ``criteria`` ballot, focused, one frame on."""
    grid = pilot.app.query_one(VoteGrid)
    rows, columns, sheet = ballot(options, criteria)
    grid.load(sheet)
    grid.fill(rows, columns)
    grid.focus()
    await pilot.pause()
    return grid


def both_ways(grid: VoteGrid) -> tuple[list[list[object]], list[list[object]]]:
    """The grid's lines as it draws them (the columns in view only) and as Textual does."""
    ours = lines(grid)
    grid.windowed = False
    grid._row_render_cache.clear()
    theirs = lines(grid)
    grid.windowed = True
    return ours, theirs


async def test_the_first_frame_draws_the_columns_in_view_only():
    app = GridApp()
    async with app.run_test(size=(80, 24)) as pilot:
        grid = await filled(pilot, 60, 40)
        await pilot.pause()
        seen = in_view(grid)
        assert 3 <= seen < 41
        height = grid.size.height  # the header and the rows in view
        assert grid.cells_drawn <= height * seen
        assert grid.cells_drawn >= (height - 1) * seen  # (the header's line may be one)
        assert grid.cells_skipped >= (height - 1) * (41 - seen)


async def test_the_lines_are_textuals_own_before_and_after_scrolling_sideways():
    app = GridApp()
    async with app.run_test(size=(80, 24)) as pilot:
        grid = await filled(pilot, 60, 40)
        for keys in ([], ["down"] * 3, ["right"] * 25, ["left"] * 4 + ["down"]):
            for key in keys:
                await pilot.press(key)
            await pilot.pause()
            ours, theirs = both_ways(grid)
            assert ours == theirs, (keys, grid.scroll_offset)
        assert grid.scroll_offset.x > 0  # the cursor took the ballot sideways
        drawn = grid.cells_drawn
        grid._line_cache.clear()
        grid._row_render_cache.clear()
        lines(grid)
        assert grid.cells_drawn - drawn <= grid.size.height * in_view(grid)


async def test_the_option_labels_stay_while_the_numbers_scroll_sideways():
    """Naive s7 finding 9: End in a 30-criteria ballot at 80×24 scrolled the option labels
    away. They are pinned; the lines are still Textual's own, and only columns in view drawn."""
    app = GridApp()
    async with app.run_test(size=(80, 24)) as pilot:
        grid = await filled(pilot, 12, 30)
        for keys in (["end"], ["right"] * 29, ["down", "down"]):
            for key in keys:
                await pilot.press(key)
            await pilot.pause()
            assert grid.scroll_offset.x > 0, keys
            shown = [line for line in app.screen._compositor.render_strips()]
            text = [strip.text for strip in shown[: grid.size.height]]
            assert "3. Option 3: lamps" in text[3], (keys, text[3])
            assert "C30" in text[0], (keys, text[0])
            ours = lines(grid)
            grid.windowed = False
            grid._row_render_cache.clear()
            theirs = lines(grid)
            grid.windowed = True
            assert ours == theirs, keys


async def test_the_pinned_labels_are_written_straight_as_textual_draws_them(monkeypatch):
    """The pinned label of a row went Textual's way (b7df650): its first drawing after any
    change formatted the whole row through Rich (41 cells, each parsed as markup) to take
    one, and the label itself was drawn through Rich: 12 rows of 41 at 200×50 on opening.
    It is written straight now; every line is the same as Textual's drawing of those labels,
    scrolled or not, with the cursor on a label row or not."""
    from textual.widgets._data_table import DataTable

    formatted: list[int] = []
    compute = DataTable._compute_row_renderables

    def counted(self, row_index):  # type: ignore[no-untyped-def]
        formatted.append(row_index)
        return compute(self, row_index)

    monkeypatch.setattr(DataTable, "_compute_row_renderables", counted)
    app = GridApp()
    async with app.run_test(size=(80, 24)) as pilot:
        grid = app.query_one(VoteGrid)
        rows, columns, sheet = ballot(12, 30)
        grid.load(sheet)
        grid.fill(rows, columns)
        grid.focus()
        await pilot.pause()
        await pilot.pause()
        assert grid.cells_drawn > 0 and grid.cells_rich == 0 and formatted == []
        plain_at = grid._plain_at
        for keys in ([], ["end"], ["down", "down"]):
            for key in keys:
                await pilot.press(key)
            await pilot.pause()
            ours = lines(grid)
            # Textual's own way for the pinned column: nothing of ours kept.
            monkeypatch.setattr(grid, "_plain_at", lambda r, c: None if c < 1 else plain_at(r, c))
            grid._row_render_cache.clear()
            grid._placed.clear()
            theirs = lines(grid)
            monkeypatch.undo()
            monkeypatch.setattr(DataTable, "_compute_row_renderables", counted)
            assert ours == theirs, keys
            assert "3. Option 3: lamps" in "".join(s.text for s in ours[3])


async def test_the_decide_views_criteria_legend_follows_the_columns_in_view():
    """Naive s7 finding 9: with 30 criteria at 80×24 the legend above the ballot lists the
    criteria whose columns are in view (and says so), and follows the ballot sideways."""
    from beraad.core import session as model
    from beraad.i18n import _
    from beraad.ui.phases.decide import DecideView
    from beraad.ui.widgets.legend_line import LegendLine
    from tests.ui.phases_app import SIZE, PhaseApp, Table

    t = Table(["Anja", "Bart"], "matrix")
    t.move_to("criteria")
    for n in range(1, 31):
        t.write(0, "criterion.add", model.text_body(f"Crit{n}"))
    t.move_to("options")
    t.write(0, "option.add", model.option_body("A fence around the square"))
    t.move_to("decide")
    app = PhaseApp(DecideView(t.session), t.keys[0], state=t.state)
    async with app.run_test(size=SIZE) as pilot:
        grid = app.view.query_one(VoteGrid)
        legend = app.view.query_one("#legend", LegendLine)
        grid.focus()
        await pilot.pause()

        def names() -> set[str]:
            return {entry.split()[-1] for entry in legend.entries}

        seen = grid.columns_in_view()
        assert 3 <= len(seen) < 30
        head = _("In view: {shown} of {count} criteria (← → for the others)").format(
            shown=len(seen), count=30
        )
        assert legend.entries[0] == head
        assert "Crit1" in names() and "Crit30" not in names()
        await pilot.press("end")
        await pilot.pause()
        assert "Crit30" in names() and "Crit1" not in names()
        assert len(legend.entries) == len(grid.columns_in_view()) + 1
