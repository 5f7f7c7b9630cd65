"""Filling the 60 × 40 score grid costs what it shows, not a refresh per cell.

Textual's ``DataTable.update_cell`` refreshes the whole table and throws away every cached
rendering of it on each call; the grid used to add 60 empty rows and then write its 2,400 cells
one by one (and the person's own scores after that, once more each). Counted here on the real
widget in a real app at 80×24: refreshes asked of Textual and cache-invalidating changes
(``_update_count``, Textual's own counter that every cached cell and line is keyed on).
"""

from __future__ import annotations

from textual.app import App, ComposeResult

from beraad.ui.widgets.vote_grid import GridColumn, VoteGrid

OPTIONS, CRITERIA = 60, 40
ROWS = [(f"o{i}", f"{i + 1}. Option number {i + 1} with a longer text") for i in range(OPTIONS)]
COLUMNS = [GridColumn(f"c{j}", f"C{j + 1}") for j in range(CRITERIA)]
SHEET = {f"o{i}": {f"c{j}": (i + j) % 11 for j in range(CRITERIA)} for i in range(OPTIONS)}


class GridApp(App[None]):
    def compose(self) -> ComposeResult:
        yield VoteGrid(0, 10, id="grid")


async def test_a_whole_sheet_fills_the_grid_with_one_refresh():
    app = GridApp()
    async with app.run_test(size=(80, 24)) as pilot:
        grid = app.query_one(VoteGrid)
        await pilot.pause()
        refreshes, changes = grid.refreshes, grid._update_count
        grid.load(SHEET)  # the person's vote first, as the decide view does
        grid.fill(ROWS, COLUMNS)
        assert grid.refreshes - refreshes == 1
        # one change per row and column added (Textual counts those), none per cell
        assert grid._update_count - changes <= OPTIONS + CRITERIA + 3
        assert grid.get_cell("o7", "c3") == str(SHEET["o7"]["c3"])
        assert grid.get_cell("o59", "c39") == str(SHEET["o59"]["c39"])

        # The same rows again (a peer's record): nothing at all.
        refreshes, changes = grid.refreshes, grid._update_count
        grid.fill(ROWS, COLUMNS)
        assert (grid.refreshes, grid._update_count) == (refreshes, changes)

        # A new vote of the person's own (another client of theirs): one refresh, and only
        # the cells that changed are written.
        changed = {o: dict(cells) for o, cells in SHEET.items()}
        changed["o1"]["c1"] = 10 if SHEET["o1"]["c1"] != 10 else 0
        changed["o2"] = {}
        refreshes, changes = grid.refreshes, grid._update_count
        grid.load(changed)
        assert grid.refreshes - refreshes == 1
        assert grid._update_count - changes == 1 + CRITERIA
        assert grid.get_cell("o2", "c5") == "·"
        await pilot.pause()
        assert grid.get_cell("o1", "c1") == str(changed["o1"]["c1"])


async def test_typing_a_score_still_refreshes_and_moves_on():
    app = GridApp()
    async with app.run_test(size=(80, 24)) as pilot:
        grid = app.query_one(VoteGrid)
        grid.fill(ROWS, COLUMNS)
        grid.focus()
        await pilot.pause()
        refreshes = grid.refreshes
        await pilot.press("7", "right", "1", "0")
        assert grid.given() == {"o0": {"c0": 7, "c1": 10}}
        assert grid.get_cell("o0", "c1") == "10"
        assert grid.refreshes > refreshes  # each typed number is painted


async def test_a_new_grid_works_out_each_cell_once():
    """A new shape puts each row in with what its cells show; the pass after it (for the
    labels' room once the numbers are measured) went over the 2,400 numbers again."""
    app = GridApp()
    async with app.run_test(size=(80, 24)) as pilot:
        grid = app.query_one(VoteGrid)
        await pilot.pause()
        grid.load(SHEET)
        written = grid.cells_written
        grid.fill(ROWS, COLUMNS)
        assert grid.cells_written - written == OPTIONS * CRITERIA
        assert grid.get_cell("o59", "c39") == str(SHEET["o59"]["c39"])
        # Another criterion (a new shape): each cell once more, not twice.
        written = grid.cells_written
        more = [*COLUMNS, GridColumn("c40", "C41")]
        grid.fill(ROWS, more)
        assert grid.cells_written - written == OPTIONS * (CRITERIA + 1)
        assert grid.get_cell("o3", "c40") == "·"


async def test_opening_a_big_ballot_cuts_measures_and_draws_what_it_shows_once(monkeypatch):
    """The ballot's work from its fill to its first frame at 200×50, counted: each label
    cut once (four times each before: the room foreseen without the grid's own scroll bar,
    then the pass after measuring, then each resize), only the labels' column measured (its
    2,400 numbers have a width of their own), each line in view drawn once, and no row
    formatted Textual's way (a pinned label took its whole row through Rich)."""
    from textual.widgets._data_table import DataTable

    from beraad.ui.widgets import vote_grid

    counts = {"cut": 0, "formatted": 0, "lines": 0}
    clip, compute, line = vote_grid.clip_line, DataTable._compute_row_renderables, None

    def cut(text, width):  # type: ignore[no-untyped-def]
        counts["cut"] += 1
        return clip(text, width)

    def formatted(self, row_index):  # type: ignore[no-untyped-def]
        counts["formatted"] += 1
        return compute(self, row_index)

    line = VoteGrid.render_line

    def drawn(self, y):  # type: ignore[no-untyped-def]
        counts["lines"] += 1
        return line(self, y)

    monkeypatch.setattr(vote_grid, "clip_line", cut)
    monkeypatch.setattr(DataTable, "_compute_row_renderables", formatted)
    monkeypatch.setattr(VoteGrid, "render_line", drawn)
    measured: list[int] = []
    width = VoteGrid._width
    monkeypatch.setattr(VoteGrid, "_width", lambda self, v: measured.append(1) or width(self, v))
    app = GridApp()
    async with app.run_test(size=(200, 50)) as pilot:
        grid = app.query_one(VoteGrid)
        await pilot.pause()
        grid.load(SHEET)
        grid.fill(ROWS, COLUMNS)
        grid.focus()
        for _ in range(3):
            await pilot.pause()
        assert grid.size.height == 12 and grid.row_count == OPTIONS
        assert counts["cut"] == OPTIONS  # each label once
        assert len(measured) <= OPTIONS + 1  # the labels (and the header's), not the numbers
        assert counts["lines"] == grid.size.height  # each line in view once
        assert counts["formatted"] == 0 and grid.cells_rich == 0
        assert grid.cells_drawn <= grid.size.height * (CRITERIA + 1)
