"""The screen below a see-through box, dimmed, redrawn only where it changed.

A key typed under "since last time" or "while you were away" cost 2–4× a key without the box
(attack s11 finding 4), for two reasons in how Textual (8.2) draws a screen seen through a
modal one with a see-through background:

- the screen below hands each change to the screen on top and also keeps it as its own to
  repaint (``Screen._compositor_refresh``), which hands it on again at its next change: the
  whole-screen refresh of the box's opening came back with every key, so each key redrew
  all 24 rows and wrote them all to the terminal. ``SeenThrough`` hands a change on once:
  the screen is repainted whole anyway when it is on top again.
- the screen on top draws the one below by rendering all of it and tinting every cell
  (``Screen.render`` → ``BackgroundScreen``) for any change in it. ``DimmedRows`` keeps the
  tinted rows and redraws only those a change touched, from the screen below's compositor
  (its widgets' cached lines), tinted the same way.
"""

from __future__ import annotations

from typing import Any

from textual.geometry import Region
from textual.renderables.background_screen import BackgroundScreen
from textual.screen import Screen
from textual.strip import Strip


class DimmedRows:
    """Mixin for a ``ModalScreen`` with a see-through background: its rows, drawn one by one."""

    _dimmed: dict[int, Strip]
    _dimmed_width: int = -1

    def _opaque_below(self) -> Screen[Any] | None:
        """The one screen seen through this one, when it is opaque itself (else Textual's
        own way, which tints through several screens)."""
        app = self.app  # type: ignore[attr-defined]
        seen = app._background_screens
        if self.styles.background.a >= 1 or len(seen) != 1:  # type: ignore[attr-defined]
            return None
        below = seen[0]
        return below if below.styles.background.a >= 1 else None

    def render_line(self, y: int) -> Strip:
        below = self._opaque_below()
        if below is None:
            return super().render_line(y)  # type: ignore[misc]
        width = self.size.width  # type: ignore[attr-defined]
        if width != self._dimmed_width or not hasattr(self, "_dimmed"):
            self._dimmed, self._dimmed_width = {}, width
        dirty = self._dirty_regions  # type: ignore[attr-defined]
        if dirty:
            for region in dirty:
                for row in region.line_range:
                    self._dimmed.pop(row, None)
            dirty.clear()
        line = self._dimmed.get(y)
        if line is None:
            line = self._dimmed[y] = self._dim_row(below, y, width)
        return line

    def _dim_row(self, below: Screen[Any], y: int, width: int) -> Strip:
        compositor = below._compositor
        if y >= compositor.size.height:
            return Strip.blank(width)
        chops = compositor._render_chops(Region(0, y, width, 1), lambda row: row == y)
        row = Strip.join(strip for strip in chops[y].values() if strip is not None)
        tint = self.styles.background  # type: ignore[attr-defined]
        # over the screen's own style, as Textual draws it (its colour where a cell has none)
        base = self.visual_style.rich_style  # type: ignore[attr-defined]
        return Strip(BackgroundScreen.process_segments(row, tint), width).apply_style(base)


class SeenThrough:
    """Mixin for a ``Screen``: seen through the one on top, a change is handed to it once."""

    def _compositor_refresh(self) -> None:
        app = self.app  # type: ignore[attr-defined]
        if app.is_inline or self is app.screen or self not in app._background_screens:
            super()._compositor_refresh()  # type: ignore[misc]
            return
        dirty = self._compositor._dirty_regions  # type: ignore[attr-defined]
        if dirty:
            app.screen.refresh(*dirty)
            dirty.clear()
            self._dirty_widgets.clear()  # type: ignore[attr-defined]
            changed = getattr(app.screen, "below_changed", None)
            if callable(changed):
                changed()  # the box on top leaves what has the keys here in sight
        app._update_mouse_over(self)
