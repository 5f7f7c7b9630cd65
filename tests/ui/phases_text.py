"""The screen as plain text lines, to assert on what a person reads (not on widget internals)."""

from __future__ import annotations

from textual.app import App


def screen_text(app: App) -> str:
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text.rstrip() for strip in strips)


def screen_words(app: App) -> str:
    """The screen's words on one line, so a sentence wrapped over two lines still matches."""
    return " ".join(screen_text(app).split())
