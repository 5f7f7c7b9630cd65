"""The ballot's cells are drawn once per look and measured by their length (``PlainCells``).

Counted on the real widget in a real app, never timed: opening the 5,000-contribution session
measured the 60 × 40 ballot's 2,400 cells through Rich (60–200 ms before the first frame) and
drew every cell in view again, through Rich, whenever one label changed (three times per
opening at 200×50). What each cell looks like is compared with Textual's own drawing of it.
"""

from __future__ import annotations

import pytest
from rich.segment import Segment
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from beraad.ui.plain import cell
from beraad.ui.widgets.table_cells import plain
from beraad.ui.widgets.vote_grid import GridColumn, VoteGrid

OPTIONS, CRITERIA = 60, 40
ROWS = [(f"o{i}", f"{i + 1}. Option number {i + 1}: lamps and a fence") for i in range(OPTIONS)]
COLUMNS = [GridColumn(f"c{j}", f"C{j + 1}") for j in range(CRITERIA)]
SHEET = {f"o{i}": {f"c{j}": (i + j) % 11 for j in range(0, CRITERIA, 3)} for i in range(OPTIONS)}


class GridApp(App[None]):
    def compose(self) -> ComposeResult:
        yield VoteGrid(0, 10, id="grid")
        yield DataTable(id="plain")


def textual_cell(grid: VoteGrid, row: int, column: int, style: object, **flags: bool) -> object:
    """The cell as Textual's table draws it, nothing kept."""
    grid._cell_render_cache.clear()
    return DataTable._render_cell(grid, row, column, style, 9, **flags)  # type: ignore[arg-type]


def simple(lines: object) -> list[list[Segment]]:
    return [list(Segment.simplify(line)) for line in lines]  # type: ignore[attr-defined]


async def test_every_cell_looks_as_textual_draws_it():
    app = GridApp()
    async with app.run_test(size=(80, 24)) as pilot:
        grid = app.query_one(VoteGrid)
        rows = [(key, label + " [b]not markup[/b]") for key, label in ROWS[:6]]
        grid.load({"o1": {"c2": 7, "c3": 10}})
        grid.fill(rows, COLUMNS[:5])
        grid.focus()
        await pilot.pause()
        header = grid.get_component_styles("datatable--header").rich_style
        compared = 0
        for cursor in (False, True):
            for hover in (False, True):
                for row in range(-1, len(rows)):
                    styles = (
                        [header]
                        if row == -1
                        else [grid.rich_style, grid._get_row_style(row, grid.rich_style)]
                    )
                    for column in range(6):
                        for style in styles:
                            grid._placed.clear()
                            ours = grid._render_cell(row, column, style, 9, cursor, hover)
                            flags = {"cursor": cursor, "hover": hover}
                            theirs = textual_cell(grid, row, column, style, **flags)
                            # the same characters in the same styles (Rich splits them
                            # at the paddings, the straight way does not; a line of the
                            # table joins them either way: ``Strip.simplify``)
                            assert simple(ours) == simple(theirs), (row, column, cursor, hover)
                            compared += 1
        assert compared == 2 * 2 * 6 * (1 + 2 * len(rows))


def test_only_plain_one_line_cells_take_the_short_way():
    assert plain("7") == "7" and plain("·") == "·"
    assert plain(cell("[b]words[/b] as typed")) == "[b]words[/b] as typed"
    assert plain("[b]markup[/b]") is None  # Textual parses a str: its own way
    assert plain(Text("styled", style="bold")) is None
    styled = Text("two parts")
    styled.stylize("bold", 0, 3)
    assert plain(styled) is None
    assert plain(Text("wraps", no_wrap=False)) is None
    assert plain(cell("two\nlines")) is None


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
async def test_a_big_ballot_is_measured_by_length_and_keeps_its_first_labels(size):
    app = GridApp()
    async with app.run_test(size=size) as pilot:
        grid = app.query_one(VoteGrid)
        reference = app.query_one("#plain", DataTable)
        await pilot.pause()
        grid.load(SHEET)
        grid.fill(ROWS, COLUMNS)
        # Measured at once, without Rich: the first frame lays out the widths it keeps.
        assert not grid._require_update_dimensions and grid.cells_measured == 0
        labels = {key: grid.get_cell(key, "_label") for key, _label in ROWS}
        # What each column takes on screen (a number column has a width of its own: its
        # cells are not measured, the labels' column is).
        widths = [column.get_render_width(grid) for column in grid.ordered_columns]
        # Textual's own table, given the same cells, measures the same widths when idle.
        reference.add_column("", key="_label")
        for column in COLUMNS:
            reference.add_column(column.label, key=column.key)
        for key, _label in ROWS:
            reference.add_row(
                labels[key], *(grid.get_cell(key, column.key) for column in COLUMNS), key=key
            )
        await pilot.pause()
        await pilot.pause()
        theirs = [column.get_render_width(reference) for column in reference.ordered_columns]
        assert theirs == widths
        assert grid.ordered_columns[0].content_width == reference.ordered_columns[0].content_width
        # Laid out: 40 criteria leave the labels the least room whatever the width, so the
        # labels the grid was filled with are the ones it shows (no second drawing of it).
        assert grid.scrollable_content_region.width
        assert {key: grid.get_cell(key, "_label") for key, _label in ROWS} == labels
        assert all(len(label.plain) <= VoteGrid.MIN_LABEL for label in labels.values())


async def test_a_changed_label_draws_only_itself():
    app = GridApp()
    async with app.run_test(size=(200, 50)) as pilot:
        grid = app.query_one(VoteGrid)
        grid.load(SHEET)
        grid.fill(ROWS, COLUMNS)
        grid.focus()
        await pilot.pause()
        await pilot.pause()
        first = grid.looks_drawn
        # 12 rows in view × 41 cells, and the header: few looks (numbers repeat).
        assert 0 < first < 12 + 2 * 2 * 12 + CRITERIA + 10
        changed = [(key, "New words" if key == "o1" else label) for key, label in ROWS]
        grid.fill(changed, COLUMNS)
        await pilot.pause()
        assert grid.get_cell("o1", "_label").plain == "New words"
        assert grid.looks_drawn - first <= 2  # that label (in its row's colours), nothing else
        grid.fill(ROWS, COLUMNS)  # and back: drawn before, drawn from what is kept
        await pilot.pause()
        assert grid.looks_drawn - first <= 2


def test_a_plain_cell_written_straight_is_what_rich_draws():
    """``written`` against Rich's own drawing of the same cell, over words that fit, that are
    cut, wide characters cut in half, combining marks, empty cells and no room at all."""
    from rich.console import Console
    from rich.padding import Padding
    from rich.style import Style
    from textual.renderables.styled import Styled

    from beraad.ui.widgets.table_cells import written

    console = Console(width=120, color_system="truecolor")
    pre = Style(color="#ff0000", bgcolor="#000080")
    post = Style(bold=True, underline=True)
    compared = 0
    words = [
        "",
        "7",
        "·",
        "10",
        "Option 12: lamps and a fence",
        "日本語のテキスト",
        "café",
        "e\u0301t\u00e9",
        "😀 ok",
    ]
    for text in words:
        for width in range(0, 14):
            for pad in (0, 1, 2):
                ours = written(text, width, pad, pre + post)
                if ours is None:
                    assert width <= 2 * pad
                    continue
                options = console.options.update_dimensions(width, 1).update(no_wrap=True)
                theirs = console.render_lines(
                    Styled(
                        Padding(Text(text, end="", no_wrap=True), (0, pad)),
                        pre_style=pre,
                        post_style=post,
                    ),
                    options,
                )
                assert simple(ours) == simple(theirs), (text, width, pad)
                compared += 1
    assert compared > 200
    assert written("tab\there", 9, 1, post) is None  # Rich's way: it strips control codes


async def test_the_first_frame_of_a_big_ballot_asks_rich_for_no_cell():
    app = GridApp()
    async with app.run_test(size=(200, 50)) as pilot:
        grid = app.query_one(VoteGrid)
        grid.load(SHEET)
        grid.fill(ROWS, COLUMNS)
        grid.focus()
        await pilot.pause()
        await pilot.pause()
        assert grid.looks_drawn > 12
        assert grid.looks_written == grid.looks_drawn
        assert grid.cells_rich == 0  # the pinned labels too
