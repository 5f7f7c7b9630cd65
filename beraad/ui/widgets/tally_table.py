"""A tally table that stays fast when a matrix is big.

Rich's ``Table`` measures and wraps every cell: for 60 options × 40 criteria scored by five
members that is seconds per render, and the decide view rendered it on every arriving vote. A
``TallyTable`` keeps the rows it is given; a small table (or one with long text that must wrap)
is drawn by Rich exactly as before, a big table of short cells (numbers, letters, names) is laid
out as plain fixed-width lines — and when it is wider than the screen, its columns continue in
a band below, the first column repeated, so nothing is cut off.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import zip_longest

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

Cell = str | Text
Row = tuple[tuple[Cell, ...], str]
"""A row's cells and its style."""
#: Up to this many cells Rich draws the table (what every small session shows stays the same).
RICH_CELLS = 120
#: A cell longer than this must wrap: the table is then left to Rich (legends clip at 70).
SHORT = 72
GAP = "   "  # Rich's padding (0, 1) on both sides of a space: what SIMPLE_HEAD shows
BOLD = Style(bold=True)


def _plain(cell: Cell) -> str:
    return cell.plain if isinstance(cell, Text) else cell


@lru_cache(maxsize=64)
def _style(style: str) -> Style | None:
    return Style.parse(style) if style else None


@dataclass(slots=True)
class _Laid:
    """A table's lines at one width: its bands, the line each band begins at and its rows
    start at, its height, and the lines written so far (by line, and by band and row)."""

    shapes: list[tuple[tuple[int, int, str], ...]]
    """Each band's columns: index, width and justification."""
    begins: list[int]
    starts: list[int]
    height: int
    written: dict[int, list[Segment]] = field(default_factory=dict)
    kept: dict[tuple[tuple[int, int, str], ...], dict[int, list[Segment]]] = field(
        default_factory=dict
    )


@dataclass(slots=True)
class TallyColumn:
    header: str
    justify: str = "right"


@dataclass(slots=True)
class TallyTable:
    title: str
    columns: list[TallyColumn] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    before: TallyTable | None = None
    """The table this one shows anew (a live view's last tally): a row that is the same object
    there, in a band of the same columns and widths, keeps its line (one vote changes few
    rows)."""
    _lines: dict[int, list[list[Segment]]] = field(default_factory=dict)
    _laid_out: dict[int, _Laid] = field(default_factory=dict)
    """Per width, the bands and the lines written so far: what ``before`` gives the next
    table."""
    _at: dict[int, int] = field(default_factory=dict)
    """Each row's index by the row's id (``_row_index``)."""
    _drawn: dict[int, list[list[Segment]]] = field(default_factory=dict)
    """Per width, the lines Rich drew (``drawn``)."""
    _lengths: dict[int, tuple[Row, list[int]]] = field(default_factory=dict)
    """Each row's cell lengths, by the row (held, so its id stays its own)."""
    _row_lengths: list[list[int]] = field(default_factory=list)
    """Each row's cell lengths, in row order."""
    _measured: tuple[int, list[int], int] | None = None
    """(rows measured, widest cell per column, longest cell): measured once all rows are in
    (a 300-row table measured per row added was most of the cost of a big matrix)."""

    def add_column(self, header: str, justify: str = "right") -> None:
        self.columns.append(TallyColumn(header, justify))
        self._measured = None

    def add_row(self, *cells: Cell, style: str = "") -> Row:
        return self.add((cells, style))

    def add(self, row: Row) -> Row:
        """Add a row made before (kept by a live view: the same object as in ``before``, its
        lines are not written again); returns it."""
        self.rows.append(row)
        self._lines.clear()
        self._laid_out.clear()
        self._drawn.clear()
        before = self.before
        found = before._lengths.get(id(row)) if before is not None else None
        if found is not None and found[0] is row:
            lengths = found[1]
        else:
            lengths = [len(cell) if cell.__class__ is str else len(_plain(cell)) for cell in row[0]]
        self._lengths[id(row)] = (row, lengths)
        self._row_lengths.append(lengths)
        TallyTable.rows_added += 1
        self._measured = None
        return row

    def renewed(self, changed: dict[int, Row]) -> TallyTable:
        """This table shown anew with the rows at the indexes of ``changed`` replaced (a live
        view's next tally: a vote changes a few rows of the 300 a big matrix's sheets hold).
        The other rows, their lengths and the columns' widths are this table's: only the
        changed rows are measured, and the new table's lines of the others are this one's
        (``before``). Re-adding every row and measuring every cell again cost each arriving
        vote ~3 ms at 60 options (issue 15, session 13)."""
        rows = list(self.rows)
        lengths = list(self._row_lengths)
        measured = self._measured if self._measured and self._measured[0] == len(rows) else None
        widest, longest = (list(measured[1]), measured[2]) if measured else ([], 0)
        at = dict(self._at) if len(self._at) == len(rows) else {}
        kept = dict(self._lengths)
        narrower: set[int] = set()  # columns whose widest cell may be gone
        for index, row in changed.items():
            old, was = rows[index], lengths[index]
            new = [len(cell) if cell.__class__ is str else len(_plain(cell)) for cell in row[0]]
            if measured is not None and len(new) != len(was):
                measured = None  # another shape: measured again, whole
            elif measured is not None:
                pairs = enumerate(zip(was, new, strict=True))
                narrower.update(c for c, (w, n) in pairs if n < w == widest[c])
                grown = [max(w, n) for w, n in zip(widest, new, strict=False)]
                widest = grown + widest[len(grown) :]
                longest = max(longest, max(new, default=0))
            rows[index], lengths[index] = row, new
            kept.pop(id(old), None)
            kept[id(row)] = (row, new)
            if at:
                at.pop(id(old), None)
                at[id(row)] = index
        if measured is not None and narrower:
            heads = [len(column.header) for column in self.columns]
            for column in narrower:  # only these columns, not every cell of every row
                widest[column] = max(
                    [heads[column] if column < len(heads) else 0]
                    + [row[column] for row in lengths if column < len(row)]
                )
        if longest > SHORT:
            measured = None  # (a long cell may have gone: whether it is ``fast`` is exact)
        TallyTable.rows_added += len(changed)
        self.before = None  # one table back, never a chain of every tally
        table = TallyTable(self.title, self.columns, rows, before=self)
        table._row_lengths, table._lengths, table._at = lengths, kept, at
        table._measured = (len(rows), widest, longest) if measured is not None else None
        return table

    #: Rows measured into a table (``add``, ``renewed``): tests count a vote's work with it.
    rows_added = 0

    def _measure(self) -> tuple[list[int], int]:
        """Per column the widest cell (header included), and the longest cell (not)."""
        if self._measured is None or self._measured[0] != len(self.rows):
            heads = [len(column.header) for column in self.columns]
            widest = [max(column) for column in zip_longest(heads, *self._row_lengths, fillvalue=0)]
            longest = max(map(max, filter(None, self._row_lengths)), default=0)
            self._measured = (len(self.rows), widest, longest)
        return self._measured[1], self._measured[2]

    @property
    def fast(self) -> bool:
        """Big and short-celled: drawn as plain lines rather than by Rich."""
        if len(self.rows) * len(self.columns) <= RICH_CELLS:
            return False
        return self._measure()[1] <= SHORT

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
        return self._measure()[0][: len(self.columns)]

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
        """The table as lines of segments at ``width`` columns, every one (kept per width)."""
        if width not in self._lines:
            self._lines[width] = [self.line(width, y) for y in range(self.height(width))]
        return self._lines[width]

    def height(self, width: int) -> int:
        """How many lines the table takes at ``width``, none of them written."""
        return self._laid(width).height

    def line(self, width: int, y: int) -> list[Segment]:
        """Line ``y`` of the table at ``width``, written the first time it is asked for: a
        screen shows two dozen of a 60 × 40 matrix's ~1,600 lines (issue 15: the tally's
        thread wrote them all at every opening, and after every vote those of the rows
        changed, though they were below the ballot). The same object each time it is asked
        for; a row that is the same object in ``before``, in a band of the same columns and
        widths, has the line written there, if it was."""
        laid = self._laid(width)
        found = laid.written.get(y)
        if found is not None:
            return found
        if y == 0:
            found = [Segment(self.title, BOLD)]
        else:
            # Each band begins with (a blank line,) its header and its rule.
            number = bisect_right(laid.begins, y) - 1
            start, band = laid.starts[number], laid.shapes[number]
            if y < start - 2:
                found = []  # the blank line between two bands
            elif y < start:
                head = _joined([column.header for column in self.columns], band)
                found = [Segment(head, BOLD)] if y == start - 2 else [Segment("─" * len(head))]
            else:
                found = self._row_line(width, laid, number, y - start)
        laid.written[y] = found
        TallyTable.lines_written += 1
        return found

    #: Lines written by ``line`` (tests count: an opening writes those in view).
    lines_written = 0

    def _laid(self, width: int) -> _Laid:
        laid = self._laid_out.get(width)
        if laid is None:
            bands = self._bands(width)
            widths, columns = self._widths(), self.columns
            shapes = [tuple((i, widths[i], columns[i].justify) for i in band) for band in bands]
            begins, starts, y = [], [], 1
            for number, _band in enumerate(bands):
                begins.append(y)
                y += 3 if number else 2  # (a blank line,) the header and its rule
                starts.append(y)
                y += len(self.rows)
            laid = self._laid_out[width] = _Laid(shapes, begins, starts, y)
        return laid

    def _row_line(self, width: int, laid: _Laid, number: int, index: int) -> list[Segment]:
        """The line of row ``index`` in band ``number``: ``before``'s, when it wrote it for
        the same row object in a band of the same shape."""
        shape = laid.shapes[number]
        row = self.rows[index]
        before = self.before
        if before is not None:
            old = before._laid_out.get(width)
            kept = old.kept.get(shape) if old is not None else None
            if kept is not None:
                at = before._row_index().get(id(row))
                line = kept.get(at) if at is not None else None
                if line is not None and before.rows[at] is row:
                    laid.kept.setdefault(shape, {})[index] = line
                    return line
        cells = row[0]
        count = len(cells)
        text = _joined([_plain(cells[i]) if i < count else "" for i, _w, _j in shape], shape)
        line = [Segment(text, _style(row[1]))]
        laid.kept.setdefault(shape, {})[index] = line
        return line

    def _row_index(self) -> dict[int, int]:
        """Each row's index, by the row (held by ``rows``, so its id stays its own)."""
        if len(self._at) != len(self.rows):
            self._at = {id(row): index for index, row in enumerate(self.rows)}
        return self._at

    def kept(self, width: int) -> bool:
        """Its lines at ``width`` are laid out (``drawn``, or ``line`` and ``height``, give
        them for nothing)."""
        return width in (self._laid_out if self.fast else self._drawn)

    def drawn(self, console: Console, options: ConsoleOptions) -> list[list[Segment]]:
        """The table as Rich draws it at ``options.max_width``, kept per width: a legend of 60
        options is the same table tally after tally (``tally_format._legend``), and drawing it
        can be done in the tally's thread before the frame that shows it. A table of plain
        one-line cells that fits is written as Rich would draw it (``_written``)."""
        width = options.max_width
        if width not in self._drawn:
            lines = None if self.fast else self._written(console, options)
            if lines is None:
                TallyTable.rows_rich += len(self.rows)
                lines = console.render_lines(self, options, pad=True)
            self._drawn[width] = lines
        return self._drawn[width]

    #: Rows Rich laid out for ``drawn`` (tests count: a big legend costs its probe only).
    rows_rich = 0

    def _written(self, console: Console, options: ConsoleOptions) -> list[list[Segment]] | None:
        """Rich's lines for this table, written straight when every cell is one plain line
        and the table fits ``options.max_width`` (nothing wraps, nothing widens): Rich
        measured, wrapped and padded each of a 60-option legend's cells, ~10 ms a legend, in
        the tally's thread on every opening at 5,000 contributions. What Rich draws is checked
        first on a probe (the header, the title and the rows holding each column's widest
        cell: the same widths): if the two differ (another theme, another Rich), Rich draws
        the whole table, as before. ``None``: Rich must draw it."""
        texts = _plain_rows(self)
        if texts is None or not self.columns:
            return None
        heads = [_plain_cell(column.header) for column in self.columns]
        if any(head is None for head in heads) or _plain_cell(self.title) in (None, ""):
            return None
        widths = [len(head) for head in heads]  # type: ignore[arg-type]
        widest = [-1] * len(widths)
        for number, row in enumerate(texts):
            for index, text in enumerate(row):
                if len(text) > widths[index]:
                    widths[index], widest[index] = len(text), number
        total = sum(widths) + len(GAP) * (len(widths) - 1)
        if total > options.max_width or len(self.title) > total:
            return None
        probe = sorted({number for number in widest if number >= 0})
        shown = TallyTable(self.title, self.columns, [self.rows[number] for number in probe])
        drawn = console.render_lines(shown.to_rich(), options, pad=True)
        TallyTable.rows_rich += len(probe)
        written = _rich_like(self, [texts[number] for number in probe], widths, console, options)
        if drawn != written:
            return None
        return _rich_like(self, texts, widths, console, options)

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


def _plain_cell(cell: Cell) -> str | None:
    """A cell's words when Rich draws them as they are on one line, each character one cell
    (no markup, spans, styles, controls, wide or joining characters, edge spaces)."""
    if isinstance(cell, str):
        if "[" in cell:
            return None  # Rich reads it as markup
        words = cell
    elif (
        isinstance(cell, Text)
        and not cell.spans
        and not cell.style
        and cell.justify is None
        and cell.overflow is None
        and cell.end == "\n"
    ):
        words = cell.plain
    else:
        return None
    if not words.isprintable() or words != words.strip() or "  " in words:
        return None
    if not words.isascii() and cell_len(words) != len(words):
        return None
    return words


def _plain_rows(table: TallyTable) -> list[list[str]] | None:
    rows: list[list[str]] = []
    count = len(table.columns)
    for cells, style in table.rows:
        if style or len(cells) != count:
            return None
        words = [_plain_cell(cell) for cell in cells]
        if None in words:
            return None
        rows.append(words)  # type: ignore[arg-type]
    return rows


def _rich_like(
    table: TallyTable,
    rows: list[list[str]],
    widths: list[int],
    console: Console,
    options: ConsoleOptions,
) -> list[list[Segment]]:
    """The lines Rich draws for ``table.to_rich()`` when nothing in it wraps: the title over
    the table's width, the header, the head's rule, a line per row; a space either side of
    the column divider, padded to the width."""
    total = sum(widths) + len(GAP) * (len(widths) - 1)
    fill = [Segment(" " * (options.max_width - total))] if options.max_width > total else []
    plain, head = Style(), console.get_style("table.header")
    justify = [column.justify for column in table.columns]

    def line(words: list[str], style: Style | None, pad: Style) -> list[Segment]:
        out: list[Segment] = []
        for index, text in enumerate(words):
            if index:
                out += [Segment(" ", pad), Segment(" ", plain), Segment(" ", pad)]
            room = widths[index]
            cell = text.rjust(room) if justify[index] == "right" else text.ljust(room)
            out.append(Segment(cell, style))
        return out + fill

    lines = [
        [Segment(table.title.ljust(total), BOLD), *fill],
        line([_plain_cell(c.header) or "" for c in table.columns], head, head),
        [Segment("─" * total, plain), *fill],
    ]
    lines.extend(line(words, None, plain) for words in rows)
    return lines


def _joined(words: list[str], shape: tuple[tuple[int, int, str], ...]) -> str:
    """One line of a band: ``words`` (one per column of the band, or per column of the
    table for a header) each filled to its column's width."""
    if len(words) != len(shape):
        words = [words[i] for i, _width, _justify in shape]
    return GAP.join(
        text.ljust(width) if justify == "left" else text.rjust(width)
        for text, (_i, width, justify) in zip(words, shape, strict=True)
    )
