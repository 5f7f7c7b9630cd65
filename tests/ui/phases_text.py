"""The screen as plain text lines, to assert on what a person reads (not on widget internals)."""

from __future__ import annotations

import io

from rich.console import Console
from rich.text import Text
from textual.app import App
from textual.widgets import Static


def screen_text(app: App) -> str:
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text.rstrip() for strip in strips)


def screen_words(app: App) -> str:
    """The screen's words on one line, so a sentence wrapped over two lines still matches."""
    return " ".join(screen_text(app).split())


def static_words(widget: Static, width: int = 76) -> str:
    """What a Static holds (also the part scrolled out of sight), its words on one line."""
    console = Console(width=width, file=io.StringIO(), record=True, color_system=None)
    content = widget.content
    console.print(content if not isinstance(content, str) else Text(content))
    return " ".join(console.export_text().split())
