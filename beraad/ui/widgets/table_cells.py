"""Cheap cells for a big ``DataTable`` of short plain texts (the ballot's 60 × 41 numbers).

Textual's table renders every cell through Rich (padding, styles, cropping: ~0.2 ms each) and
keys what it rendered by the table's update count, which every changed cell bumps: one label
cut to the room there is, and every cell in view is rendered again. It also measures every
cell of every new row through Rich when the loop is idle (2,400 measures for a 60 × 40 ballot,
60–200 ms before the first frame). ``PlainCells`` keeps what a cell looks like by what it
shows (its words, width and styles), so a cell drawn before — a "·" in the same row colour, a
label not changed — costs a lookup whatever the count; and it measures plain texts by their
length in cells. What is not plain text (markup, spans, a row of more than one line) goes the
table's own way.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.cache import LRUCache
from textual.geometry import Size
from textual.renderables.styled import Styled
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets._data_table import CellKey, ColumnKey, RowKey

from beraad.ui.widgets.kept_lines import KeptLines
from beraad.ui.widgets.steady_scroll import SteadyScroll

#: Looks kept (a look: words, width, row colour, cursor or not): a ballot has few of them.
KEPT_LOOKS = 4_000
#: Cells kept drawn in their place (Textual's table keeps 10,000).
KEPT_CELLS = 10_000


def plain(value: object) -> str | None:
    """The words of a one-line plain cell (a ``str`` without markup, a ``Text`` without
    spans or style of its own that does not wrap); ``None`` for anything else."""
    if isinstance(value, str):
        return value if "[" not in value and "\n" not in value else None
    if (
        isinstance(value, Text)
        and not value.spans
        and not value.style
        and value.no_wrap in (None, True)  # a one-line row does not wrap it either way
        and value.end in ("", "\n")  # a header's label (Textual's from markup)
        and value.justify is None
        and value.overflow is None
        and "\n" not in value.plain
    ):
        return value.plain
    return None


def written(words: str, width: int, pad: int, style: Style) -> list[list[Segment]] | None:
    """A plain one-line cell as Rich draws it (``Styled(Padding(Text))`` at ``width``),
    written straight: the words cut or filled to the room between the paddings, all in the
    cell's style. Each look through Rich took ~0.2 ms (75 looks on the first frame of a
    60 × 40 ballot). ``None`` when Rich must draw it (control characters, no room)."""
    if width <= 2 * pad or not words.isprintable():
        return None
    room = set_cell_size(words, width - 2 * pad)
    return [[Segment(" " * pad + room + " " * pad, style)]]


class PlainCells(KeptLines, SteadyScroll, DataTable[Any]):
    """A ``DataTable`` whose plain one-line cells are drawn once per look, measured by length."""

    looks_drawn = 0
    """Looks drawn here (tests count: a label changed does not redraw the numbers)."""
    looks_written = 0
    """Of those, plain printable words written straight, as Rich would draw them (the rest
    Rich drew)."""
    cells_measured = 0
    """Cells measured through Rich rather than by their length (tests count)."""
    cells_drawn = 0
    """Cells put in a row being drawn (tests count: only the columns in view)."""
    cells_skipped = 0
    """Cells of a row being drawn left blank, their column out of view (tests count)."""
    cells_rich = 0
    """Of the cells drawn, those left to Textual's own way (not plain one-line words): each
    formats its whole row through Rich the first time after any cell changed (tests count)."""
    #: Only the columns in view are drawn (tests turn it off to compare with Textual's way).
    windowed = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._looks_kept: LRUCache[tuple[object, ...], list[list[Segment]]] = LRUCache(KEPT_LOOKS)
        self._placed: LRUCache[tuple[object, ...], list[list[Segment]]] = LRUCache(KEPT_CELLS)
        self._window: tuple[int, int] | None = None
        """The columns' cells (from, to) in view while a line is drawn (``_render_line``)."""
        self._last_window: tuple[int, int] | None = None
        """The window the kept rows were drawn for."""
        self._starts: tuple[object, list[int]] = (None, [])
        """Where each column starts, and what they were worked out from."""
        self._pinned_left = 0
        """Fixed columns of the row being drawn still to come in its pinned part: Textual's
        table draws them first (always in view), then the whole row again to scroll."""
        self._row_base = Style()
        """The base style of the row being drawn (its pinned cells take the row's colour)."""
        self._keep_lines()

    # Drawing --------------------------------------------------------------------------------

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> list[list[Segment]]:
        header = row_index == -1
        pinned = 0 <= column_index < self.fixed_columns and self._pinned_left > 0
        if pinned:
            self._pinned_left -= 1
            if row_index >= self.fixed_rows:
                # In its row's colour, as before it was pinned (zebra stripes and all),
                # not Textual's one colour for fixed cells; a click still reads "fixed".
                row = self._get_row_style(row_index, self._row_base)
                base_style = row + Style.from_meta({"fixed": True})
        elif self._out_of_view(column_index):
            # Cropped away by the line it goes in: only its width matters (at 80 columns a
            # 60 × 40 ballot shows 15 of its 41 columns, and every row drew all of them).
            self.cells_skipped += 1
            height = self.header_height if header else self._row_height(row_index)
            return [[Segment(" " * width, base_style)]] * max(1, height)
        self.cells_drawn += 1
        words = self._plain_at(row_index, column_index) if column_index >= 0 else None
        if words is None:
            self.cells_rich += 1
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        # Styled as Textual styles a fixed cell (a pinned label under the cursor).
        fixed = not header and (row_index < self.fixed_rows or column_index < self.fixed_columns)
        component, post = self._get_styles_to_render_cell(
            header,
            False,
            fixed,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        look = (words, width, self.cell_padding, base_style, component, post)
        # Its place and look, not the table's update count: a cell whose words did not
        # change is not drawn again when another one did.
        placed = self._placed.get((row_index, column_index, look))
        if placed is not None:
            return placed
        lines = self._looks_kept.get(look)
        pad = self.cell_padding
        if lines is None:
            lines = written(words, width, pad, base_style + component + post)
            if lines is not None:
                self.looks_drawn += 1
                self.looks_written += 1
                self._looks_kept[look] = lines
        if lines is None:
            # What Textual's table renders, without the cell's place (``meta``), added below.
            self.looks_drawn += 1
            options = self.app.console_options.update_dimensions(width, 1).update(no_wrap=True)
            lines = self.app.console.render_lines(
                Styled(
                    Padding(Text(words, end="", no_wrap=True), (0, self.cell_padding)),
                    pre_style=base_style + component,
                    post_style=post,
                ),
                options,
            )
            self._looks_kept[look] = lines
        # The cell's place goes on every styled segment, as Textual's base style puts it.
        place = Style.from_meta({"row": row_index, "column": column_index})
        placed = [
            [
                Segment(text, style + place if style is not None else None, control)
                for text, style, control in line
            ]
            for line in lines
        ]
        self._placed[(row_index, column_index, look)] = placed
        return placed

    @property
    def ordered_columns(self) -> list[Any]:
        """Textual's, worked out again only when columns came or went: it is asked for per
        row added, per line drawn and per cell placed (226 times, each over 41 columns, on
        opening the 5,000 session at 200×50). Not to be changed by the caller."""
        kept = self.__dict__.get("_ordered")
        columns, locations = self.columns, self._column_locations
        if (
            kept is None
            or kept[0] is not columns
            or kept[1] is not locations
            or kept[2] != len(columns)
            or kept[3] != len(locations)
        ):
            ordered = [columns[locations.get_key(index)] for index in range(len(columns))]
            kept = (columns, locations, len(columns), len(locations), ordered)
            self.__dict__["_ordered"] = kept
        return kept[4]

    def _render_line_in_row(self, *args: Any, **kwargs: Any) -> Any:
        """Textual's; its pinned (fixed) cells come first and are drawn whatever the window."""
        self._pinned_left = self.fixed_columns
        self._row_base = args[2] if len(args) > 2 else kwargs["base_style"]
        try:
            return super()._render_line_in_row(*args, **kwargs)
        finally:
            self._pinned_left = 0

    def _render_line(self, y: int, x1: int, x2: int, base_style: Style) -> Strip:
        """Textual's, with the columns in view known to ``_render_cell`` (its rows are kept
        without the window they were drawn for: a new window forgets them). With fixed
        columns the scrolling part shows from ``x1`` past their width, as Textual crops it."""
        window = (x1 + self._fixed_width(), x2) if self._can_window() else None
        if window != self._last_window:
            self._row_render_cache.clear()
            self._last_window = window
        if window is not None:
            self._column_starts()
        self._window = window
        try:
            return super()._render_line(y, x1, x2, base_style)
        finally:
            self._window = None

    def _can_window(self) -> bool:
        """Rows are drawn from their first column on: no row labels."""
        return self.windowed and not (self._labelled_row_exists and self.show_row_labels)

    def _fixed_width(self) -> int:
        if not self.fixed_columns:
            return 0
        columns = self.ordered_columns[: self.fixed_columns]
        return sum(column.get_render_width(self) for column in columns)

    def _out_of_view(self, column_index: int) -> bool:
        window = self._window
        if window is None or column_index < 0:
            return False
        starts = self._starts[1]
        if column_index + 1 >= len(starts):
            return False
        return starts[column_index] >= window[1] or starts[column_index + 1] <= window[0]

    def _column_starts(self) -> None:
        """Where each column starts and ends (worked out once per line drawn, not per cell)."""
        widths = tuple(column.get_render_width(self) for column in self.ordered_columns)
        if self._starts[0] != widths:
            starts, at = [0], 0
            for width in widths:
                at += width
                starts.append(at)
            self._starts = (widths, starts)

    def _row_height(self, row_index: int) -> int:
        row_key = self._row_locations.get_key(row_index)
        row = self.rows.get(row_key) if row_key is not None else None
        return row.height if row is not None else 1

    def _plain_at(self, row_index: int, column_index: int) -> str | None:
        """The words of the cell at this place if it is plain and one line high (the header's
        labels too), else ``None``: it is drawn the table's own way."""
        column_key = self._column_locations.get_key(column_index)
        if column_key is None:
            return None
        if row_index == -1:
            column = self.columns.get(column_key)
            if column is None or self.header_height != 1:
                return None
            return plain(column.label)
        if row_index < self.fixed_rows:
            return None
        row_key = self._row_locations.get_key(row_index)
        row = self.rows.get(row_key) if row_key is not None else None
        if row is None or row.height != 1:
            return None
        value = self._data[row_key].get(column_key)
        return "" if value is None else plain(value)

    # Measuring ------------------------------------------------------------------------------

    def measure_now(self) -> None:
        """Work out the widths of new rows and changed cells now rather than when the loop is
        idle (Textual's way): for plain cells it is cheap, and the first frame then has the
        widths it keeps, instead of a second layout and frame with the measured ones."""
        if self._updated_cells:
            cells = set(self._updated_cells)
            self._updated_cells.clear()
            self._update_column_widths(cells)
        if self._require_update_dimensions:
            self._require_update_dimensions = False
            rows = set(self._new_rows)
            self._new_rows.clear()
            self._update_dimensions(rows)

    def _width(self, value: object) -> int:
        words = "" if value is None else plain(value)
        if words is not None:
            return cell_len(words)
        from textual.render import measure
        from textual.widgets._data_table import default_cell_formatter

        self.cells_measured += 1
        return measure(self.app.console, default_cell_formatter(value, wrap=False, height=1), 1)

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        new_rows = list(new_rows)
        rows = [self.rows.get(key) for key in new_rows]
        if any(row is not None and (row.auto_height or row.label is not None) for row in rows):
            super()._update_dimensions(new_rows)  # rows of their own height, or labelled
            return
        # A column of a width of its own shows at that width whatever its cells: only the
        # others are measured (a 60 × 40 ballot's numbers were 2,400 of its 2,460 measures).
        columns = [column for column in self.ordered_columns if column.auto_width]
        for row_key in new_rows:
            if self._row_locations.get(row_key) is None:
                continue  # removed before the loop was idle
            data = self._data[row_key]
            for column in columns:
                column.content_width = max(column.content_width, self._width(data.get(column.key)))
        total = sum(column.get_render_width(self) for column in self.columns.values())
        header = self.header_height if self.show_header else 0
        self.virtual_size = Size(
            total + self._row_label_column_width, self._total_row_height + header
        )

    def _update_column_widths(self, updated_cells: set[CellKey]) -> None:
        """As Textual's, by length, and a column narrowed is measured once, not once per
        changed cell of it (every label cut shorter measured all 60 labels again)."""
        changed: dict[ColumnKey, list[RowKey]] = {}
        for row_key, column_key in updated_cells:
            if column_key in self.columns and row_key in self.rows:
                changed.setdefault(column_key, []).append(row_key)
        for column_key, row_keys in changed.items():
            column = self.columns[column_key]
            label = self._width(column.label)
            widths = [self._width(self._data[row][column_key]) for row in row_keys]
            if min(widths) < column.content_width:
                every = [self._width(data.get(column_key)) for data in self._data.values()]
                column.content_width = max([*every, label])
            else:
                column.content_width = max(*widths, label)
        self._require_update_dimensions = True
