"""The tally's small tables (the legends of a 60 × 40 matrix among them) read exactly as Rich
draws them, and Rich lays out only a probe of each: the header and the rows holding each
column's widest cell. Before, Rich measured, wrapped and padded every cell of both legends
(100 rows at 60 options and 40 criteria) in the tally's thread on every opening of the big
session (~20 ms of it, competing with the screen's first frames for the GIL)."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.app import App

from benchmarks.ui import build_session
from beraad.ui import tallied
from beraad.ui.widgets import tally_format
from beraad.ui.widgets.tally_table import TallyTable

#: Enough contributions for the whole matrix: 40 criteria, 60 options, five score sheets.
CONTRIBUTIONS = 1_400


def rich_lines(table: TallyTable, width: int) -> list[object]:
    console = App().console
    options = console.options.update_width(width).update(highlight=False)
    return console.render_lines(table.to_rich(), options, pad=True)


def drawn(table: TallyTable, width: int) -> list[object]:
    console = App().console
    return table.drawn(console, console.options.update_width(width).update(highlight=False))


def test_the_big_matrix_legends_cost_rich_a_probe_and_read_as_rich_draws_them():
    w = build_session(CONTRIBUTIONS)
    tally_format._legends.clear()  # drawn before by another test: their lines are kept
    console = App().console
    for width in (76, 196):
        before = TallyTable.rows_rich
        shown = tallied.shown(
            tallied.snapshot(w.fold.state), "matrix", None, None, width, tallied.Memo(), console
        )
        assert isinstance(shown.tables, Group)
        small = [p for p in shown.tables.renderables if isinstance(p, TallyTable) and not p.fast]
        assert sorted(len(table.rows) for table in small) == [40, 60]  # the two legends
        # At most a row per column of each: before, every row of both (100).
        assert TallyTable.rows_rich - before <= 2 * len(small)
        for table in small:
            assert drawn(table, width) == rich_lines(table, width)


def table(title: str, *rows: tuple[object, ...], right: bool = True) -> TallyTable:
    made = TallyTable(title)
    made.add_column("Option", justify="left")
    made.add_column("Dots", justify="right" if right else "left")
    for row in rows:
        made.add_row(*row)  # type: ignore[arg-type]
    return made


def test_what_cannot_be_written_straight_is_drawn_by_rich_as_before():
    cases = [
        table("Options", ("A", Text("Lamps and a fence")), ("B", "Benches")),  # plain
        table("Dots", ("A", "3"), ("BB", "17/3 ≈ 5.67"), right=False),  # plain, left
        table("A title wider than both columns", ("A", "1")),  # Rich widens the table
        table("Options", ("A", "[bold]x[/]"), ("B", "y")),  # markup
        table("Options", ("A", Text("x", style="red")), ("B", "y")),  # a style of its own
        table("Options", ("A", "开会的广场"), ("B", "y")),  # wide characters
        table("Options", ("A", "two  spaces"), ("B", " edge")),  # Rich may wrap on spaces
        table("Options", ("A", "word " * 30), ("B", "y")),  # wraps at 76
        table("Options", ("A", "x"), ("B", "y"), ("C", "z")),
    ]
    before = TallyTable.rows_rich
    for case in cases:
        for width in (76, 20, 12):
            assert drawn(case, width) == rich_lines(case, width), (case.title, width)
    assert TallyTable.rows_rich > before  # the fallbacks were taken
