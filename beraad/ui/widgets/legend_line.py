"""A legend of numbered names ("1 Safe  2 Cheap  3 Near the school"), wrapped by entry.

The ballot's criteria legend cut every name at 22 characters even at 200 columns, and a
plain wrapped text broke a line between a number and its name ("13" / "Criterion 12"; naive
s6 finding 11). Here lines break only between entries; a name is cut, with "…", only when its
entry alone is wider than the line.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from beraad.ui.widgets.tally_format import clip

#: Between two entries on one line.
GAP = "  "


def packed(entries: Sequence[str], width: int) -> list[str]:
    """The entries in lines of at most ``width`` cells, broken only between entries."""
    lines: list[str] = []
    line, cells = "", 0  # the line so far and its width: measured once, not again per entry
    for entry in entries:
        entry = clip(entry, max(width, 1))  # alone wider than the line: cut here only
        size = cell_len(entry)
        if line and cells + len(GAP) + size <= width:
            line += GAP + entry
            cells += len(GAP) + size
        else:
            if line:
                lines.append(line)
            line, cells = entry, size
    if line:
        lines.append(line)
    return lines


class LegendLine(Widget):
    DEFAULT_CSS = """
    LegendLine { height: auto; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.entries: tuple[str, ...] = ()

    def show(self, entries: Sequence[str]) -> None:
        """New entries (the same again change nothing: a record arriving redraws the view)."""
        entries = tuple(entries)
        if entries != self.entries:
            self.entries = entries
            # Its height goes with its entries. Textual keeps a widget's measured size until
            # its layout count moves, and a refresh asked while another is pending does not
            # move it: entries shown before the first layout and again just after it (the
            # criteria in view, then as laid out) kept the first ones' height, a line short.
            self._layout_updates += 1
            self.refresh(layout=True)

    def lines(self, width: int) -> list[str]:
        """Packed once for these entries at this width (asked by the layout and each paint)."""
        if width <= 0:
            return []
        known = self.__dict__.get("_packed")
        if known is None or known[:2] != (self.entries, width):
            known = self._packed = (self.entries, width, packed(self.entries, width))
        return known[2]

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Text:
        # words, not markup: a criterion's text is shown verbatim
        return Text("\n".join(self.lines(self.content_size.width)), no_wrap=True, end="")
