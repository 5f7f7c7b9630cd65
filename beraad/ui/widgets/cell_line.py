"""One line under the ballot naming the cell under the cursor, whole (naive s8 finding 6).

It changes on every arrow key, so it must not cost a layout of the decide view each time (the
view holds the result tables; ``Static.update`` asks a layout on every change): the screen is
laid out again only when the words need another number of lines at the line's width.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


class CellLine(Widget):
    DEFAULT_CSS = """
    CellLine { height: auto; color: $text-muted; }
    """

    words = ""
    #: The words last measured, at what width, in how many lines: each key measured the old
    #: words again before the new ones, a wrap of a whole option twice a key (attack s10).
    _measured: tuple[str, int, int] = ("", 0, -1)

    def say(self, words: str) -> None:
        if words == self.words:
            return
        before = self._lines(self.words)
        self.words = words
        self.refresh(layout=self._lines(words) != before)

    def _lines(self, words: str) -> int:
        width = self.content_size.width
        if not words or not width or not self.is_attached:
            return -1  # not laid out yet: lay out
        said, at, lines = self._measured
        if said == words and at == width:
            return lines
        lines = len(Text(words).wrap(self.app.console, width))
        self._measured = (words, width, lines)
        return lines

    def render(self) -> Text:
        return Text(self.words)  # words, never markup
