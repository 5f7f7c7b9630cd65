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
    line = ""
    for entry in entries:
        entry = " ".join(entry.split())
        if cell_len(entry) > width:
            entry = clip(entry, max(width, 1))  # alone wider than the line: cut here only
        if line and cell_len(line) + len(GAP) + cell_len(entry) <= width:
            line += GAP + entry
        else:
            if line:
                lines.append(line)
            line = entry
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
            self.refresh(layout=True)

    def lines(self, width: int) -> list[str]:
        return packed(self.entries, width) if width > 0 else []

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Text:
        # words, not markup: a criterion's text is shown verbatim
        return Text("\n".join(self.lines(self.content_size.width)), no_wrap=True, end="")
