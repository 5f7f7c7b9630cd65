"""A tally table that stays fast when a matrix is big.

Rich's ``Table`` measures and wraps every cell: for 60 options × 40 criteria scored by five
members that is seconds per render, and the decide view rendered it on every arriving vote. A
``TallyTable`` keeps the rows it is given; a small table (or one with long text that must wrap)
is drawn by Rich exactly as before, a big table of short cells (numbers, letters, names) is laid
out as plain fixed-width lines — and when it is wider than the screen, its columns continue in
a band below, the first column repeated, so nothing is cut off.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

Cell = str | Text
#: Up to this many cells Rich draws the table (what every small session shows stays the same).
RICH_CELLS = 120
#: A cell longer than this must wrap: the table is then left to Rich (legends clip at 70).
SHORT = 72
GAP = "   "  # Rich's padding (0, 1) on both sides of a space: what SIMPLE_HEAD shows
BOLD = Style(bold=True)


def _plain(cell: Cell) -> str:
    return cell.plain if isinstance(cell, Text) else cell


@dataclass(slots=True)
class TallyColumn:
    header: str
    justify: str = "right"


@dataclass(slots=True)
class TallyTable:
    title: str
    columns: list[TallyColumn] = field(default_factory=list)
    rows: list[tuple[tuple[Cell, ...], str]] = field(default_factory=list)
    _lines: dict[int, list[list[Segment]]] = field(default_factory=dict)
    _widest: list[int] = field(default_factory=list)
    """Per column the widest cell so far (kept as rows come: measuring again per band and per
    render was most of the cost of a big matrix)."""
    _longest: int = 0
    """The longest cell (headers not counted)."""

    def add_column(self, header: str, justify: str = "right") -> None:
        self.columns.append(TallyColumn(header, justify))
        self._widest.append(len(header))

    def add_row(self, *cells: Cell, style: str = "") -> None:
        self.rows.append((cells, style))
        self._lines.clear()
        widest = self._widest
        for index, cell in enumerate(cells):
            width = len(_plain(cell))
            self._longest = max(self._longest, width)
            if index >= len(widest):
                widest.append(width)
            elif width > widest[index]:
                widest[index] = width

    @property
    def fast(self) -> bool:
        """Big and short-celled: drawn as plain lines rather than by Rich."""
        if len(self.rows) * len(self.columns) <= RICH_CELLS:
            return False
        return self._longest <= SHORT

    def to_rich(self) -> Table:
        table = Table(
            title=self.title,
            title_justify="left",
            title_style="bold",
            # A title wider than its columns ("Dots per option" over two short ones) wrapped
            # into two lines: the table is at least as wide as its title.
            min_width=cell_len(self.title),
            box=box.SIMPLE_HEAD,
            padding=(0, 1),
            pad_edge=False,
            show_edge=False,
        )
        for column in self.columns:
            table.add_column(column.header, justify=column.justify)  # type: ignore[arg-type]
        for cells, style in self.rows:
            table.add_row(*cells, style=style or None)
        return table

    def _widths(self) -> list[int]:
        return self._widest[: len(self.columns)]

    def _bands(self, width: int) -> list[list[int]]:
        """Column indexes per band: each band the first column and as many more as fit."""
        widths = self._widths()
        bands: list[list[int]] = [[0]]
        used = widths[0]
        for index in range(1, len(widths)):
            if len(bands[-1]) > 1 and used + len(GAP) + widths[index] > width:
                bands.append([0])
                used = widths[0]
            bands[-1].append(index)
            used += len(GAP) + widths[index]
        return bands

    def lines(self, width: int) -> list[list[Segment]]:
        """The table as lines of segments at ``width`` columns (kept per width)."""
        if width in self._lines:
            return self._lines[width]
        widths = self._widths()

        def cell(text: str, index: int) -> str:
            if self.columns[index].justify == "left":
                return text.ljust(widths[index])
            return text.rjust(widths[index])

        lines: list[list[Segment]] = [[Segment(self.title, BOLD)]]
        for number, band in enumerate(self._bands(width)):
            if number:
                lines.append([])
            head = GAP.join(cell(self.columns[i].header, i) for i in band)
            lines.append([Segment(head, BOLD)])
            lines.append([Segment("─" * len(head))])
            for cells, style in self.rows:
                text = GAP.join(cell(_plain(cells[i]) if i < len(cells) else "", i) for i in band)
                lines.append([Segment(text, Style.parse(style) if style else None)])
        self._lines[width] = lines
        return lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if not self.fast:
            yield self.to_rich()
            return
        for line in self.lines(options.max_width):
            yield from line
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        if not self.fast:
            return Measurement.get(console, options, self.to_rich())
        widths = self._widths()
        widest = max((widths[0] + len(GAP) + w for w in widths[1:]), default=widths[0])
        whole = sum(widths) + len(GAP) * (len(widths) - 1)
        return Measurement(min(widest, options.max_width), min(whole, options.max_width))
