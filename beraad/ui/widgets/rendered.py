"""A Static for big renderables (the tally's tables): rendered once, then drawn line by line.

Textual renders a Static's whole content to measure its height and again to draw it, and does
so whenever the layout changes (a view switch, a dialog over the screen). This one renders its
content once per content and width, keeps the lines, and each frame copies only the lines in
view; ``show`` with the same key as last time changes nothing at all.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.geometry import Size
from textual.strip import Strip
from textual.widgets import Static


class RenderedOnce(Static):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._strips: list[Strip] = []
        self._strips_width = -1
        self._key: object = object()

    def show(self, key: object, content: Any) -> None:
        """Show ``content`` unless ``key`` equals the last one shown (then nothing changed);
        ``content`` may be a callable, called only when it is needed."""
        if key == self._key:
            return
        self._key = key
        self.update(content() if callable(content) else content)

    def update(self, content: Any = "", *, layout: bool = True) -> None:
        self._strips_width = -1
        super().update(content, layout=layout)

    def _lines(self, width: int) -> list[Strip]:
        width = max(1, width)
        if width != self._strips_width:
            content = self.content
            renderable = Text(content) if isinstance(content, str) else content
            console = self.app.console
            options = console.options.update_width(width).update(highlight=False)
            lines = console.render_lines(renderable, options, pad=True)
            self._strips = [Strip(line, width) for line in lines] if self.content else []
            self._strips_width = width
        return self._strips

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        lines = self._lines(width)
        strip = lines[y] if y < len(lines) else Strip.blank(width)
        return strip.apply_style(self.rich_style)
