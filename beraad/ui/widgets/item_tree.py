"""A tree of contributions that is redrawn from the state without losing the person's place.

Each row has a stable key (e.g. ``"knot:<id>"``); a redraw keeps the cursor on the row with the
same key and keeps collapsed rows collapsed. When the rows did not change nothing is redrawn,
so a record arriving elsewhere in the session does not even flicker the tree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from beraad.i18n import _


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the tree: ``kind`` says what ``item`` (a record id) is."""

    key: str
    kind: str
    item: str | None
    label: Text
    children: tuple[Row, ...] = field(default=())

    def signature(self) -> tuple[object, ...]:
        return (
            self.key,
            self.label.plain,
            str(self.label.spans),
            tuple(c.signature() for c in self.children),
        )


class ItemTree(Tree[Row]):
    DEFAULT_CSS = """
    ItemTree { height: 1fr; padding: 0 1; background: $surface; overflow-x: hidden; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__("", **kwargs)  # type: ignore[arg-type]
        self.show_root = False
        self.guide_depth = 3
        self._signature: tuple[object, ...] | None = None
        self._collapsed: set[str] = set()

    @property
    def current(self) -> Row | None:
        node = self.cursor_node
        return node.data if node is not None else None

    def no_row_yet(self) -> bool:
        """A key that acts on a row, pressed before any row was chosen: say how to choose
        one (the tree starts without a cursor, and a silent key looks broken)."""
        if self.current is not None:
            return False
        self.notify(_("First choose a line with ↑ ↓, then press the key again."))
        return True

    def rows(self, rows: list[Row]) -> None:
        """Show ``rows``: redraw only when they changed, and keep the cursor's row."""
        signature = tuple(r.signature() for r in rows)
        if signature == self._signature:
            return
        self._signature = signature
        self._remember_collapsed(self.root)
        keep = self.current.key if self.current is not None else None
        line = self.cursor_line
        self.clear()
        found: TreeNode[Row] | None = None
        for row in rows:
            found = self._add(self.root, row, keep) or found
        _ = self.last_line  # lay the lines out now, so the cursor can be placed
        if found is not None:
            self.move_cursor(found)
        elif line >= 0 and self.last_line >= 0:
            self.move_cursor_to_line(min(line, self.last_line))

    def _remember_collapsed(self, node: TreeNode[Row]) -> None:
        for child in node.children:
            if child.data is None:
                continue
            if child.allow_expand and not child.is_expanded:
                self._collapsed.add(child.data.key)
            else:
                self._collapsed.discard(child.data.key)
            self._remember_collapsed(child)

    def _add(self, parent: TreeNode[Row], row: Row, keep: str | None) -> TreeNode[Row] | None:
        if row.children:
            node = parent.add(row.label, data=row, expand=row.key not in self._collapsed)
        else:
            node = parent.add_leaf(row.label, data=row)
        found = node if row.key == keep else None
        for child in row.children:
            found = self._add(node, child, keep) or found
        return found

    def get_label_width(self, node: TreeNode[Row]) -> int:
        """A label's width in characters: Textual renders every label of the tree to
        measure it after each change (seconds for thousands of rows), yet the width only
        sets how far the tree could scroll sideways, which it never does (overflow-x is
        hidden). The icon before an expandable row is two cells (``ICON_NODE``)."""
        label = node.label
        return len(label.plain if isinstance(label, Text) else label) + 2 * node.allow_expand

    def scroll_to_line(self, line: int, animate: bool = True) -> None:
        """Scroll up or down only: the start of every line stays in view (a hidden tree
        must not scroll sideways to a label it cannot show)."""
        height = self.scrollable_content_region.height
        if height <= 0 or line < 0:
            return
        if line < self.scroll_y:
            self.scroll_to(y=line, animate=False)
        elif line >= self.scroll_y + height:
            self.scroll_to(y=line - height + 1, animate=False)

    def select_key(self, key: str) -> bool:
        """Put the cursor on the row with ``key``; False when there is none."""

        def walk(node: TreeNode[Row]) -> TreeNode[Row] | None:
            for child in node.children:
                if child.data is not None and child.data.key == key:
                    return child
                found = walk(child)
                if found is not None:
                    return found
            return None

        node = walk(self.root)
        if node is None:
            return False
        _ = self.last_line
        self.move_cursor(node)
        return True
