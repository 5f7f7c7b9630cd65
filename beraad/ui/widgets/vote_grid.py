"""A table of whole numbers a person fills in with the keyboard: weights, scores, ranks, grades.

Rows are items (criteria or options), columns are what is given per item. The cursor moves
with the arrows; what a key typed in a cell does to its number (digits, ``+``/``-``, Backspace,
what is refused and said) is ``cell_typing.py``'s. Read-only columns (the group's figures) sit
beside the editable ones, so a person sees their own number next to the group's. Refilling
rows keeps what the person typed: ``show`` of a phase view may come at any time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from rich.cells import cell_len
from textual import events
from textual.binding import Binding
from textual.containers import ScrollableContainer
from textual.coordinate import Coordinate
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets._data_table import CellKey, ColumnKey

from beraad.i18n import N_
from beraad.ui.plain import cell, clip
from beraad.ui.widgets.cell_typing import NumberTyping
from beraad.ui.widgets.table_cells import PlainCells
from beraad.ui.widgets.whole_columns import Column, Shown, blanked, in_view

Values = dict[str, dict[str, int]]


def clip_line(text: str, width: int) -> str:
    """One line of at most ``width`` screen cells (the same as ``tally_format.clip``)."""
    return clip(text, width)


@dataclass(frozen=True, slots=True)
class GridPlace:
    """A grid's numbers typed and not cast, its cursor and its scroll (``VoteGrid.place``),
    and the digits typed so far in the cell (a refused one held as the start of the next
    number: 3, 1, switch, 0 reads 10)."""

    values: Values
    dirty: bool
    cursor: tuple[int, int]
    scroll: tuple[float, float]
    typed: tuple[str, str, str] | None = None
    held_back: bool = False


@dataclass(frozen=True, slots=True)
class GridColumn:
    key: str
    label: str
    editable: bool = True
    width: int | None = None


class GridMessage(Message):
    """What a grid tells its view; ``control`` is the grid, so a handler can name it
    (``@on(VoteGrid.Changed, "#ballot")``)."""

    def __init__(self, grid: VoteGrid) -> None:
        super().__init__()
        self.grid = grid

    @property
    def control(self) -> VoteGrid:
        return self.grid


class VoteGrid(NumberTyping, PlainCells):
    # Its rows scroll under its header with the cursor, inside the decide view's page, which
    # has the view's vertical bar: a bar of the grid's own beside it made two on one axis
    # (at 200×50 with 40 criteria side by side at the grid's edge).
    DEFAULT_CSS = """
    VoteGrid { height: auto; max-height: 12; scrollbar-size-vertical: 0; }
    """

    #: Enter goes down a row, as in a spreadsheet (naive s11 F5: 50 Enter 90 Enter put every
    #: number in the first row, each replacing the last, without a word). Acted on in
    #: ``_on_key``, in the order the keys came; the binding names it in the footer and F1, and
    #: is not offered on the last row, where the view says what Enter does (``PastLast``).
    #: On the last cell of a table whose view saves on Enter there (Criteria's weights), the
    #: footer offers that instead (``saves_at_end``): it offered nothing, so nothing told
    #: that the keys were in the table (naive s13b B5).
    BINDINGS = [
        Binding("enter", "next_row", N_("Next row")),
        Binding("enter", "save_at_end", N_("Save")),
    ]
    saves_at_end = False
    """Enter on the last cell saves what the grid holds (the view does it, on ``PastLast``)."""

    #: Inside ``_held``: refreshes are owed, not asked for (one when the batch is done).
    _holding = False
    _refusing = ""
    _owed_layout: bool | None = None
    refreshes = 0
    """Refreshes asked of Textual (counted: filling a 60 × 40 grid asks one, not 2,400)."""
    cells_written = 0
    """Texts of the person's cells worked out (counted: a new grid works out each once)."""

    class Changed(GridMessage):
        """The person changed a value in the grid."""

    class Refused(GridMessage):
        """A typed number is out of range; ``message`` says what the grid takes."""

        def __init__(self, grid: VoteGrid, message: str) -> None:
            super().__init__(grid)
            self.message = message

    class PastLast(GridMessage):
        """Enter on the last row: the grid goes no further; the view saves the weights or
        says how the vote is cast."""

    class InView(GridMessage):
        """The editable and read-only columns in view changed (scrolled sideways, resized,
        filled): a legend of the columns can follow what the person sees."""

        def __init__(self, grid: VoteGrid, columns: tuple[str, ...]) -> None:
            super().__init__(grid)
            self.columns = columns

    def __init__(
        self,
        lowest: int,
        highest: int,
        *,
        describe: Callable[[int], str] | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(cursor_type="cell", zebra_stripes=True, **kwargs)  # type: ignore[arg-type]
        # The labels stay while the numbers scroll sideways: at 80×24 End in a 30-criteria
        # ballot scrolled the option names away, and scores went in blind (naive s7 finding 9).
        self.fixed_columns = 1
        self.lowest = lowest
        self.highest = highest
        self.describe = describe
        self.values: Values = {}
        self.dirty = False
        self._shape: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
        self._columns: list[GridColumn] = []
        self._typed: tuple[str, str, str] | None = None  # (row, column, digits so far)
        self._held_back = False  # the digits so far were refused: not in the cell, not seen
        self._spoiled: tuple[str, str, str] | None = None
        """(row, column, what was typed) once a number was typed on with a letter, a decimal
        comma or another character that is no digit ("8O", "7,5"): refused, and so is the
        rest of it, said with all of it (``_spoil``)."""
        self._refusing = ""
        self._labels: dict[str, str] = {}  # row → its whole label; cut only to the room there is
        self._drawn: dict[tuple[str, str], str] = {}  # what each cell shows now
        self._filled: object = None  # what ``fill`` was last given
        self.fills = 0
        """Fills that had something to change (counted: a peer's vote changes no cell)."""
        self._looks: dict[object, tuple[object, ...] | None] = self.__dict__.get("_looks", {})
        """Per pseudo-class state (focused or not): the styles its cells were drawn in."""
        self.kept_drawn = 0
        """Style updates that kept the drawn cells (the focus came or went): tests count."""
        self._told_in_view: tuple[str, ...] | None = None
        #: The screen's spans of cut columns, by (scroll, width, update count).
        self._cut_spans: tuple[object, tuple[tuple[int, int], ...]] = (None, ())
        self._cut_for: tuple[int, dict[str, str]] | None = None
        """The room the labels were last cut to, and the labels (``_labels``) then."""

    @property
    def refusing(self) -> str:
        """Why no number may change now (voting closed): each key that would change one is
        refused with it, the cells keep the counted numbers (naive s11 F12: digits were taken
        after the close, silently, and never counted)."""
        return self._refusing

    @refusing.setter
    def refusing(self, why: str) -> None:
        if why != self._refusing:
            self._refusing = why
            if self.is_mounted:  # "Next row" is no longer offered (naive s12 P9), or again
                self.refresh_bindings()

    # Drawing -------------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        """The focus came or went (every look at the view it is in): Textual's table forgets
        every cell it drew, and at 60 options × 40 criteria drawing the rows in view again
        was most of a view switch. Its caches are keyed by the focus state already, so the
        cells drawn in a look seen before are kept; a new look (a theme) forgets them.
        Which it is, is judged when the grid is next drawn (``_judge_look``): Textual styles
        the grid's parts (cursor, header) only after this call, so a look judged here read
        the last state's parts, and the restyles of a grid drawn ahead behind
        (``draw_behind``: focused, then back) forgot what it had drawn: the first look at
        Criteria at 200x50 drew the 39 lines of its weights again (~100 ms at 5,000)."""
        super(DataTable, self).notify_style_update()  # the widget's own style caches
        self._look_due = True
        self._styles_cache.clear()
        self._get_styles_to_render_cell.cache_clear()
        self.refresh()

    def _judge_look(self) -> None:
        """Keep the cells drawn in this state if the grid and its parts look as they did
        when they were drawn; else forget them (``notify_style_update``)."""
        if not self.__dict__.get("_look_due"):
            return
        self._look_due = False
        state = self.get_pseudo_class_state()
        parts = sorted(self.COMPONENT_CLASSES)
        try:
            styles = [self.get_component_rich_style(part, partial=True) for part in parts]
            look = (self.rich_style, *styles)
        except KeyError:  # its component styles not made yet: nothing drawn to keep either
            look = None
        looks = self.__dict__.setdefault("_looks", {})  # (Textual may ask before __init__ ends)
        if look is not None and state not in looks and looks:
            looks[state] = look  # a new state: nothing drawn in it yet; the others are
            # checked when they come back (as ``ListTable``'s)
        if look is not None and looks.get(state) == look:
            self.kept_drawn = getattr(self, "kept_drawn", 0) + 1
        else:
            looks[state] = look
            self._row_render_cache.clear()
            self._cell_render_cache.clear()
            self._row_renderable_cache.clear()
            self._line_cache.clear()

    def render_lines(self, crop: Region) -> list[Strip]:
        self._judge_look()
        self._drawn_at = self.size  # what a resize compares with (``_on_resize``)
        return super().render_lines(crop)

    # What is in view ----------------------------------------------------------------------

    def columns_in_view(self) -> tuple[str, ...]:
        """The keys of the number columns whose words show whole beside the pinned labels
        (all of them before the grid is in a screen); one cut at an edge is drawn blank
        (``whole_columns``). What the grid draws past its region lies under the vertical
        scroll bar and is not seen (attack s7ui finding 6 read the header's "2" there).
        Before its first layout, at the width it will have (``_width_before_layout``, as its
        labels are cut): told all of them then, the decide view's legend listed all 40
        criteria in the first frame at 80×24 (11 lines, one row of the ballot under them,
        the footer not there yet), and the next frame laid the screen out again with 13."""
        seen = self._in_view()
        if seen is None:
            return tuple(column.key for column in self._columns)
        return seen.whole

    def _in_view(self) -> Shown | None:
        width = self.scrollable_content_region.width
        if not width and self.is_attached:
            width = self._width_before_layout()
        if not width:
            return None
        places: list[Column] = []
        at = 0
        for column in self.ordered_columns:
            room = column.get_render_width(self)
            if column.key.value != "_label":
                places.append(Column(str(column.key.value), at, room, self.cell_padding))
            at += room
        return in_view(places, round(self.scroll_x), self._fixed_width(), width)

    def render_line(self, y: int) -> Strip:
        """A line with a number column cut at an edge drawn blank (``whole_columns``)."""
        strip = super().render_line(y)
        key = (round(self.scroll_x), self.scrollable_content_region.width, self._update_count)
        if self._cut_spans[0] != key:
            seen = self._in_view()
            self._cut_spans = (key, seen.cut if seen is not None else ())
        return blanked(strip, self._cut_spans[1])

    def _tell_in_view(self) -> None:
        seen = self.columns_in_view()
        if seen != self._told_in_view:
            self._told_in_view = seen
            self.post_message(self.InView(self, seen))

    def _update_column_widths(self, updated_cells: set[CellKey]) -> None:
        """Labels cut again for a new width change the columns' places only once measured
        (when the loop is idle, after the resize that cut them told what was in view): in a
        view laid out hidden, the legend then kept listing all 12 criteria beside a ballot
        showing 7 (attack s7ui finding 3). What is in view is told again once measured."""
        super()._update_column_widths(updated_cells)
        self._tell_in_view()

    def watch_scroll_x(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_x(old_value, new_value)
        if round(old_value) != round(new_value):
            self._tell_in_view()

    # Filling -------------------------------------------------------------------------------

    def fill(
        self,
        rows: Sequence[tuple[str, str]],
        columns: Sequence[GridColumn],
        fixed: dict[str, dict[str, str]] | None = None,
    ) -> None:
        """Rows (key, label) × columns; ``fixed`` gives the text of read-only cells. The same
        rows, columns and texts as last time change nothing (a 60 × 40 matrix is filled again
        on every arriving record, most of which change none of its cells)."""
        fixed = fixed or {}
        given = (list(rows), list(columns), fixed)
        if given == self._filled:
            return
        with self._held():
            self._fill(rows, columns, fixed)

    def _fill(
        self,
        rows: Sequence[tuple[str, str]],
        columns: Sequence[GridColumn],
        fixed: dict[str, dict[str, str]],
    ) -> None:
        self._filled = (list(rows), list(columns), {k: dict(v) for k, v in fixed.items()})
        self.fills += 1
        shape = (tuple(k for k, _ in rows), tuple(c.key for c in columns))
        labels = [c.label for c in columns]
        written = False  # every cell just went in with what it shows
        if shape != self._shape or labels != [c.label for c in self._columns]:
            written = True
            cursor = self.cursor_coordinate
            self.clear(columns=True)
            self._drawn.clear()
            # A header may take two lines ("Mine" over "(0–100)"): its column then leaves
            # the labels the room it would take on one (naive s6 finding 11).
            self.header_height = max([1, *(c.label.count("\n") + 1 for c in columns)])
            self.add_column("", key="_label")
            for column in columns:
                self.add_column(column.label, key=column.key, width=self._room(column))
            self._labels = {key: " ".join(label.split()) for key, label in rows}
            room = self._label_room(len(rows))  # the rows to come may need a scroll bar
            self._cut_for = (room, self._labels)
            for key, _label in rows:
                # Each row goes in with what it shows: no second pass over its cells, each
                # of which made the table render its rows anew.
                texts = [self._label(key, room)] + [
                    self._cell(key, column.key)
                    if column.editable
                    else fixed.get(key, {}).get(column.key, "")
                    for column in columns
                ]
                self.add_row(cell(texts[0]), *texts[1:], key=key)
                self._drawn[(key, "_label")] = texts[0]
                for column, text in zip(columns, texts[1:], strict=True):
                    self._drawn[(key, column.key)] = text
            self._shape, self._columns = shape, list(columns)
            if rows:
                self.cursor_coordinate = self._editable_cursor(cursor.row, cursor.column)
        if not written:
            self._labels = {key: " ".join(label.split()) for key, label in rows}
        if not self.scrollable_content_region.width:
            self.call_after_refresh(self._relabel)  # not laid out yet: cut to the room later
        self.measure_now()  # the numbers' widths, so that the labels get the room left
        room = self._label_room()
        # Labels just cut to this room (the rows went in with them) are not cut again.
        cut = written and self._cut_for == (room, self._labels)
        self._cut_for = (room, self._labels)
        for key, _label in rows:
            # words, not markup; the label column grows with the room
            if not cut:
                self._draw(key, "_label", self._label(key, room))
            if written:
                continue  # its numbers went in with the row a moment ago (2,400 at 60 × 40)
            for column in columns:
                if column.editable:
                    self._draw(key, column.key, self._cell(key, column.key))
                else:
                    self._draw(key, column.key, fixed.get(key, {}).get(column.key, ""))
        self.measure_now()  # and the first frame lays out the widths it keeps
        self._tell_in_view()

    def _room(self, column: GridColumn) -> int | None:
        """A number column is as wide as its widest possible value from the start: sized by
        its header ("1") and the "·" it first held, a score of 10 showed as "1" (naive s6
        finding 6). A read-only column grows with what it is given (``_draw``)."""
        if column.width is not None or not column.editable:
            return column.width
        values = [self._cell_text(value) for value in (self.lowest, self.highest)]
        widest = max(cell_len(line) for line in column.label.split("\n"))
        return max(widest, *(cell_len(text) for text in values), 1)

    @contextmanager
    def _held(self) -> Iterator[None]:
        """Cells changed inside ask for one refresh at the end, not one each (Textual's
        ``update_cell`` refreshes the whole table every time)."""
        if self._holding:
            yield
            return
        self._holding, self._owed_layout = True, None
        try:
            yield
        finally:
            self._holding = False
            owed, self._owed_layout = self._owed_layout, None
            if owed is not None:
                self.refresh(layout=owed)

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> VoteGrid:
        if self._holding and not recompose:
            self._owed_layout = bool(self._owed_layout) or layout
            return self
        self.refreshes += 1
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def _draw(self, row: str, column: str, text: str) -> None:
        """Change a cell only when its text changed: a big matrix is filled again on every
        arriving record, and each change of a cell makes the table draw its rows anew."""
        if self._drawn.get((row, column)) == text:
            return
        self._drawn[(row, column)] = text
        if column == "_label":
            self.update_cell(row, column, cell(text), update_width=True)
        else:
            # wider than its column (a read-only figure grew): the column grows, not cut
            known = self.columns.get(ColumnKey(column))
            wider = known is not None and cell_len(text) > known.content_width
            self.update_cell(row, column, text, update_width=wider)

    #: The least room a label gets, even when the numbers leave less (it then scrolls).
    MIN_LABEL = 24

    def _label_room(self, rows: int | None = None) -> int:
        """The room a label has beside the numbers (measured once per fill, not per row).

        Never so much that the pinned labels leave no room for a number column: a label as
        wide as the grid hid the ballot's only column, and End or → could not scroll to it
        (attack s7ui finding 1). Below ``MIN_LABEL`` only where the grid is that narrow.
        ``rows``: the grid's rows before they are in (``_width_before_layout``)."""
        widths = [
            column.get_render_width(self) for key, column in self.columns.items() if key != "_label"
        ]
        width = self.scrollable_content_region.width or self._width_before_layout(rows)
        room = max(self.MIN_LABEL, width - sum(widths) - 2 * self.cell_padding - 1)
        most = width - max(widths, default=0) - 2 * self.cell_padding - 1
        return max(1, min(room, most))

    def _width_before_layout(self, rows: int | None = None) -> int:
        """The width the grid will have, worked out before the first layout from the
        terminal's width and what its containers take (margins, borders, padding, a scroll
        bar whose room is kept or that its rows will need), so that the labels of the first
        frame are the ones that stay: cut again once laid out, each changed label drew the
        grid again. A container that turns out to scroll anyway is corrected then."""
        width = self.app.size.width
        screen = self.screen
        for node in self.ancestors_with_self:
            if node is screen:
                break
            styles = node.styles
            width -= styles.margin.width + styles.gutter.width
            if styles.overflow_y == "scroll" or (
                styles.overflow_y == "auto" and styles.scrollbar_gutter == "stable"
            ):
                width -= styles.scrollbar_size_vertical
        lines = (self.row_count if rows is None else rows) + (
            self.header_height if self.show_header else 0
        )
        most = self.styles.max_height
        if most is not None and most.is_cells and lines > most.value:
            width -= self.styles.scrollbar_size_vertical  # its rows scroll: a bar, if any
        return max(1, width)

    def _label(self, row: str, room: int) -> str:
        """The row's label, cut only where the grid has no more room (at 120 columns a long
        option reads whole; at 80 it is cut at what is left beside the numbers)."""
        return clip_line(self._labels.get(row, ""), room)

    def _on_resize(self, event: events.Resize) -> None:
        """Textual's table forgets every cell it drew on each resize, and a view shown again
        is resized to the size it had (every look at the decide view drew its grid anew):
        only another size than the one its lines were drawn at forgets them. The first
        resize comes after the first frame, which drew the grid at that very size: it forgot
        them all, and the next frame drew every line in view again (the whole visible ballot
        a second time on opening at 5,000 contributions). The labels get the room there is."""
        event.prevent_default()  # not DataTable's handler
        first = not self.__dict__.get("_sized")
        if event.size != self.__dict__.get("_sized"):
            self._sized = event.size
            if self.__dict__.get("_drawn_at") not in (None, event.size):
                self._update_count += 1
        self._relabel()
        self._tell_in_view()
        if first and event.size.width:
            self._scroll_cursor_into_view()  # the one skipped before there was a width

    def _scroll_cursor_into_view(self, animate: bool = False) -> None:
        """Not before the grid has a width: in a window of none, the cursor's first cell
        (right of the labels) scrolled the labels out, and the big ballot opened at 80×24
        with every option name hidden (naive s6 finding 7). Its first size scrolls then."""
        if not self.size.width:
            return
        super()._scroll_cursor_into_view(animate=animate)

    def _relabel(self) -> None:
        """The labels cut to the room there is now; not again to the room they were cut to
        (a resize to the same width, the first layout at the width foreseen: 60 labels)."""
        room = self._label_room()
        if self._cut_for is not None and self._cut_for == (room, self._labels):
            return
        self._cut_for = (room, self._labels)
        with self._held():
            for row in self._shape[0]:
                if row in self._labels:
                    self._draw(row, "_label", self._label(row, room))

    def place(self) -> GridPlace:
        """What the person has here that is not in the state: the numbers typed and not cast,
        the cursor and how far the grid is scrolled (kept across a language switch)."""
        values = {r: dict(v) for r, v in self.values.items()}
        cursor = (self.cursor_coordinate.row, self.cursor_coordinate.column)
        scroll = (self.scroll_x, self.scroll_y)
        return GridPlace(values, self.dirty, cursor, scroll, self._typed, self._held_back)

    def put_back(self, place: GridPlace) -> None:
        """The grid again as ``place`` left it, in a grid new from a recompose: the numbers
        typed and not cast (the next ``load`` keeps them), the cursor, the scroll. Rows gone
        meanwhile are dropped by ``given``; a cursor past the rows goes to the last."""
        if place.dirty:
            self.values = {r: dict(v) for r, v in place.values.items()}
            self.dirty = True
            self._redraw()
        if self.row_count:
            self.cursor_coordinate = self._editable_cursor(*place.cursor)  # type: ignore[assignment]
        if place.typed is not None and self._where() == place.typed[:2]:
            # The next digit goes on from what was typed (or held back) in that cell.
            self._typed, self._held_back = place.typed, place.held_back
        x, y = place.scroll
        self.call_after_refresh(self.scroll_to, x=x, y=y, animate=False, immediate=True)

    def load(self, values: Values) -> None:
        """Put the person's current vote in the grid, unless they are busy changing it."""
        if self.dirty or values == self.values:
            return  # busy, or the same vote again (another member's vote came)
        self.values = {r: dict(v) for r, v in values.items()}
        self._typed = self._spoiled = None  # a digit typed now starts a number of this vote
        self._redraw()

    def reset(self) -> None:
        """After a vote is cast: the next ``load`` may replace the values again."""
        self.dirty = False

    def given(self) -> Values:
        """Only the rows still in the grid, only the values set."""
        rows = set(self._shape[0])
        return {r: dict(v) for r, v in self.values.items() if r in rows and v}

    # Editing -------------------------------------------------------------------------------

    def validate_cursor_coordinate(self, value: Coordinate) -> Coordinate:
        """The cursor stays on cells that take a number: Home (or ← from the first) put it on
        the option's name, where digits vanished without a word and the cell line went
        (naive s9 finding 9). A grid with nothing to type in (a guest's) moves freely."""
        value = super().validate_cursor_coordinate(value)
        editable = [i + 1 for i, c in enumerate(self._columns) if c.editable]
        if not editable or value.column in editable:
            return value
        nearest = min(editable, key=lambda column: abs(column - value.column))
        return Coordinate(value.row, nearest)

    def _editable_cursor(self, row: int, column: int) -> object:
        from textual.coordinate import Coordinate

        editable = [i + 1 for i, c in enumerate(self._columns) if c.editable]
        if not editable:
            return Coordinate(max(0, min(row, self.row_count - 1)), 0)
        column = column if column in editable else editable[0]
        return Coordinate(max(0, min(row, self.row_count - 1)), column)

    class AtTop(Message):
        """↑ or PgUp on the first row: the person wants what is above the grid (the legend
        of the criteria, the how-to), which the view scrolled out of sight."""

        def __init__(self, grid: VoteGrid) -> None:
            super().__init__()
            self.grid = grid

        @property
        def control(self) -> VoteGrid:
            return self.grid

    #: Called as the cursor moves, in the same step (a ``CellHighlighted`` handler runs after
    #: the grid was painted: a line following the cursor then cost a frame of its own a key).
    follow: Callable[[], None] | None = None

    def on_focus(self) -> None:
        self.call_after_refresh(self.header_in_sight, True)

    def on_blur(self) -> None:
        """Leaving the grid ends the number typed: back in it (or in the next meeting's
        vote), 2 typed where 2 was cast read "22 is too high" (naive s19, in G3's walk)."""
        self._typed = self._spoiled = None

    def header_in_sight(self, arriving: bool = False) -> None:
        """The grid's column numbers in sight while it has the keys: at 80×24 the page
        showed its rows with the header scrolled off above until ↑ (naive s9 finding 13).
        Where the whole grid fits in the page, the page shows it whole (it scrolls as little
        as it must; the grid scrolls its own rows under its header); where it does not, its
        top comes first as the keys arrive, and the cursor's row after that."""
        page = next((a for a in self.ancestors if isinstance(a, ScrollableContainer)), None)
        if page is None or not self.is_attached:
            return
        too_high = self.outer_size.height > page.scrollable_content_region.height
        if arriving or not too_high:
            page.scroll_to_widget(self, animate=False, immediate=True, top=too_high)
            whole = getattr(page, "whole_at_top", None)  # the decide view's ``BallotPage``
            if whole is not None:
                whole(self)

    def watch_cursor_coordinate(self, old: Coordinate, new: Coordinate) -> None:
        super().watch_cursor_coordinate(old, new)
        last = self.row_count - 1
        if (old.row == last) != (new.row == last) or (new.row == last and old.column != new.column):
            self.refresh_bindings()  # "Next row" is not offered on the last cell
        if old != new and self.follow is not None:
            self.follow()
        if old.row != new.row and self.has_focus:
            self.call_after_refresh(self.header_in_sight)

    def cursor_cell(self) -> tuple[str, str] | None:
        """The row and column keys of the cell under the cursor (an editable one), or None."""
        return self._where()

    def _where(self) -> tuple[str, str] | None:
        if not self.row_count:
            return None
        row, column = self.cursor_coordinate
        if column == 0 or column > len(self._columns):
            return None
        spec = self._columns[column - 1]
        if not spec.editable:
            return None
        return self._shape[0][row], spec.key

    def _cell(self, row: str, column: str) -> str:
        self.cells_written += 1
        value = self.values.get(row, {}).get(column)
        if value is None:
            return "·"
        return self._cell_text(value)

    def _cell_text(self, value: int) -> str:
        if self.describe is not None:
            return f"{value} {self.describe(value)}"
        return str(value)

    def _redraw(self) -> None:
        with self._held():
            for row in self._shape[0]:
                for spec in self._columns:
                    if spec.editable:
                        self._draw(row, spec.key, self._cell(row, spec.key))

    def set_value(self, row: str, column: str, value: int | None) -> None:
        cells = self.values.setdefault(row, {})
        if value is None:
            cells.pop(column, None)
        else:
            cells[column] = max(self.lowest, min(self.highest, value))
        self.dirty = True
        self._draw(row, column, self._cell(row, column))
        self.post_message(self.Changed(self))

    #: Arrows move the cursor here, in the order the keys came: as bindings they would act
    #: only after the key bubbled up to the app, and a digit typed right after ↓ (a paste, a
    #: fast typist) would still land in the row above.
    ARROWS = {
        "up": "cursor_up",
        "down": "cursor_down",
        "left": "cursor_left",
        "right": "cursor_right",
    }

    #: Once voting is closed nothing is typed in the grid: these keys scroll the page it is
    #: on, to the totals below (naive s13 N11: after Ctrl+O, PgDn and End did nothing until
    #: a Tab; they moved the cursor of a grid that takes no numbers any more).
    PAGE_KEYS = {
        "pagedown": "page_down",
        "pageup": "page_up",
        "end": "scroll_end",
        "home": "scroll_home",
    }

    def _page_key(self, event: events.Key) -> bool:
        """A page key in a grid that takes no numbers now goes to its page (scrolled)."""
        if not self.refusing or event.key not in self.PAGE_KEYS:
            return False
        page = next((a for a in self.ancestors if isinstance(a, ScrollableContainer)), None)
        if page is None:
            return False
        event.stop()
        event.prevent_default()
        getattr(page, f"action_{self.PAGE_KEYS[event.key]}")()
        return True

    def empty_cells(self) -> int:
        """How many cells that take a number hold none (rows still in the grid)."""
        keys = [column.key for column in self._columns if column.editable]
        return sum(
            1 for row in self._shape[0] for key in keys if key not in self.values.get(row, {})
        )

    def _next_column(self) -> int | None:
        """The grid column of the next editable column right of the cursor, if any."""
        editable = [i + 1 for i, c in enumerate(self._columns) if c.editable]
        later = [column for column in editable if column > self.cursor_coordinate.column]
        return later[0] if later else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_row":  # not on the last cell, nor in a grid one only reads
            editable = any(column.editable for column in self._columns) and not self.refusing
            last_row = self.cursor_coordinate.row >= self.row_count - 1
            return editable and (not last_row or self._next_column() is not None)
        if action == "save_at_end":
            editable = any(column.editable for column in self._columns) and not self.refusing
            last_row = self.cursor_coordinate.row >= self.row_count - 1
            at_end = last_row and self._next_column() is None
            return self.saves_at_end and editable and bool(self.row_count) and at_end
        return super().check_action(action, parameters)

    def action_save_at_end(self) -> None:
        """Named in the footer; Enter itself is acted on in ``_on_key``, in order."""
        self.action_next_row()

    def action_next_row(self) -> None:
        """Enter: the number typed is done and the cursor goes down a row, in the same
        column; from a column's last row to the next column's first, as a sheet filled by
        columns (naive s13 N10: 8 Enter 6 Enter 9 Enter filled one criterion of three, the
        last row said Ctrl+S casts, and two criteria went uncounted). On the last cell the
        view says what Enter does there (``PastLast``)."""
        self._typed = self._spoiled = None
        following = self._next_column()
        if self.cursor_coordinate.row < self.row_count - 1:
            self.action_cursor_down()
        elif following is not None:
            self.cursor_coordinate = Coordinate(0, following)
        elif self.row_count and any(column.editable for column in self._columns):
            self.post_message(self.PastLast(self))

    async def _on_key(self, event: events.Key) -> None:
        if self._page_key(event):
            return
        if event.key in ("up", "pageup") and self.cursor_coordinate.row == 0:
            self.post_message(self.AtTop(self))  # and the key acts as ever (nothing to move)
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.action_next_row()  # at once: a digit typed right after it is the next row's
            return
        if event.key in self.ARROWS:
            self._typed = self._spoiled = None
            event.stop()
            event.prevent_default()
            getattr(self, f"action_{self.ARROWS[event.key]}")()
            return
        self._number_key(event)
