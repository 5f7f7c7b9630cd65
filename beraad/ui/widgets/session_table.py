"""A keyboard-driven table of deliberations that is refilled whenever its rows change.

The lobby's two lists share this: the subclass says which columns to show and how one item
becomes a row; the table keeps the cursor on the same deliberation across refills.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.message import Message
from textual.widget import Widget
from textual.widgets import DataTable, Static

from beraad.ui.plain import cell, clip, first_line

Item = TypeVar("Item")

#: The most cells a cell of the lists takes: titles come from strangers' adverts, and one long
#: title made its column as wide as itself, pushing "Where" and "Peers" off an 80-column
#: screen on every row (attack s12 #4). Cut with "…" past it.
CELL_WIDEST = 40


class SessionTable(Widget, Generic[Item]):
    DEFAULT_CSS = """
    SessionTable { height: auto; max-height: 100%; }
    SessionTable DataTable { height: auto; max-height: 8; border-left: blank; }
    /* Where the keys are must show in every theme, also without colour: a bar, not a tint. */
    SessionTable DataTable:focus { border-left: thick $accent; }
    SessionTable .empty { color: $text-muted; padding: 0 1; }
    SessionTable .empty.-unavailable { color: $text-warning; text-style: bold; }
    SessionTable .more { color: $text-muted; padding: 0 1; display: none; }
    """
    #: The most rows shown; past it one line says how many more there are (None: all).
    most: int | None = None

    class Chosen(Message):
        """The person pressed Enter on a deliberation."""

        def __init__(self, table: SessionTable, item: object) -> None:
            super().__init__()
            self.table = table
            self.item = item

        @property
        def control(self) -> SessionTable:
            return self.table

    def __init__(self, items: Sequence[Item] = (), **kwargs) -> None:
        super().__init__(**kwargs)
        self._items: list[Item]
        self._hidden: list[Item]  # items left out (past ``most``), said in one line
        self._items, self._hidden = self.in_sight(list(items))
        self._unavailable = ""
        #: How often the rows were filled (a count the tests read).
        self.fills = 0

    # What a subclass says.
    def columns(self) -> list[str]:
        raise NotImplementedError

    def row(self, item: Item) -> tuple[str, ...]:
        raise NotImplementedError

    def key(self, item: Item) -> str:
        raise NotImplementedError

    def empty_text(self) -> str:
        raise NotImplementedError

    def in_sight(self, items: list[Item]) -> tuple[list[Item], list[Item]]:
        """The rows to show, in order, and those left out (the first ``most``, by default)."""
        if self.most is None:
            return items, []
        return items[: self.most], items[self.most :]

    def more_text(self, hidden: list[Item]) -> str:
        """The line under a list that left ``hidden`` out."""
        return ""

    # The widget.
    def compose(self) -> ComposeResult:
        table: DataTable[str] = DataTable(cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(self.empty_text(), classes="empty")
        yield Static("", classes="more")

    def on_mount(self) -> None:
        self._fill()
        if self._unavailable:
            self.unavailable(self._unavailable)

    def unavailable(self, reason: str) -> None:
        """Say why the list cannot be filled (instead of "nothing here"); "" to clear."""
        self._unavailable = reason
        if self.is_mounted:
            empty = self.query_one(".empty", Static)
            empty.update(reason or self.empty_text())
            empty.set_class(bool(reason), "-unavailable")

    @property
    def items(self) -> list[Item]:
        return list(self._items)

    def show(self, items: Sequence[Item]) -> None:
        """Replace the rows, keeping the cursor on the same deliberation when it is still there.
        The same rows again are no refill (every record, presence or advert told the lobby)."""
        fresh, hidden = self.in_sight(list(items))
        if fresh == self._items and hidden == self._hidden and self.fills:
            return
        self._items, self._hidden = fresh, hidden
        if self.is_mounted:
            self._fill()

    def _fill(self) -> None:
        self.fills += 1
        table = self.query_one(DataTable)
        current = None
        if table.row_count and table.cursor_row < len(table.rows):
            current = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        # The columns too: each is measured afresh from the rows it holds now (a phase that
        # changed while the lobby was covered showed cut and out of line: "Evalue").
        table.clear(columns=True)
        # Titles come from strangers (advertised nearby) and peers: words, not markup.
        rows = [
            (self.key(item), [cell(clip(first_line(text), CELL_WIDEST)) for text in self.row(item)])
            for item in self._items
        ]
        # Each column as wide as its widest cell from the first frame: Textual measures the
        # rows only when idle, and rows painted before that stayed cut to the header's width
        # until the table was focused (naive s6: "Buurth  Eval  3").
        for at, label in enumerate(self.columns()):
            widths = [Text(label).cell_len, *(cells[at].cell_len for _, cells in rows)]
            table.add_column(label, width=max(widths))
        for key, cells in rows:
            table.add_row(*cells, key=key)
        if current is not None and current in {self.key(i) for i in self._items}:
            table.move_cursor(row=table.get_row_index(current))
        empty = not self._items
        table.display = not empty
        self.query_one(".empty", Static).display = empty
        more = self.query_one(".more", Static)
        if self._hidden:
            more.update(self.more_text(self._hidden))
        more.display = bool(self._hidden)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        wanted = event.row_key.value
        for item in self._items:
            if self.key(item) == wanted:
                self.post_message(self.Chosen(self, item))
                return
