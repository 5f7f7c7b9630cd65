"""A join code drawn large enough to read from across a table.

The number and the two words are drawn in the three-line font on one line, with narrower dashes
when the wide ones do not fit (two long words at 80 columns); only when even that does not fit
does each part get its own line, all three starting in the same column so they read as one code.
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from beraad.ui.bigfont import big_lines, big_width

_GAP = "   "


class BigCode(Widget):
    DEFAULT_CSS = """
    BigCode { height: auto; width: 100%; content-align: center middle; text-style: bold;
              color: $accent; }
    """

    code: reactive[str] = reactive("", layout=True)

    def __init__(self, code: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.set_reactive(BigCode.code, code)

    def _parts(self, width: int) -> list[str]:
        parts = [p for p in self.code.split("-") if p]
        for joiner in (" - ", "-"):
            whole = joiner.join(parts)
            if big_width(whole) <= width:
                return [whole]
        return parts

    def _lines(self, width: int) -> list[str]:
        parts = self._parts(width)
        lines: list[str] = []
        for part in parts:
            lines.extend(big_lines(part))
        if len(parts) > 1:
            # One block, centred as a whole: parts centred one by one looked misaligned.
            widest = max(len(line) for line in lines)
            lines = [line.ljust(widest) for line in lines]
        return lines

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self._lines(width))

    def render(self) -> Text:
        width = self.content_region.width or self.size.width
        lines = self._lines(width)
        return Text("\n".join(line.center(width).rstrip() for line in lines), no_wrap=True)
