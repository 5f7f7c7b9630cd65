"""A table's lines kept as painted, per look, across the focus coming and going.

Every look at a phase view gives its table the focus (and the view left takes it away), and a
restyle makes Textual paint every line in view again through the widget's styles (background,
focus tint, padding), though the table kept the cells it drew (``ListTable``, ``VoteGrid``):
39 lines of 40 criteria and 42 of 60 options at 200×50 at each look, where a small session's
tables have a line or two — what grew in a view switch with the session (session 12). Kept
per look and per what the line shows, a look paints only the lines that differ (as
``ItemTree.render_lines`` does for the trees).
"""

from __future__ import annotations

from typing import Any

from textual.cache import LRUCache
from textual.geometry import Region
from textual.strip import Strip

#: Paintings kept per line in view: with and without the focus, a cursor's line, a spare.
KEPT_PER_LINE = 4


def painted_look(widget: Any, crop: Region) -> tuple[object, ...]:
    """What a painted line looks like besides what it shows: the focus (and hover) state,
    the part of the widget asked for, its width, edges and scroll, its colours. Not its
    height, unless it has an edge above or below (as Textual's own line caches have it)."""
    gutter = widget.gutter
    return (
        widget.get_pseudo_class_state(),
        crop.x,
        crop.width,
        widget.size.width if not (gutter.top or gutter.bottom) else widget.size,
        gutter,
        widget.scroll_offset.x,
        widget.background_colors,
        widget.rich_style,
        widget.app.theme,
        widget.styles.gutter,
        widget.styles.tint,
        widget.styles.text_opacity,
        widget.opacity,
        tuple(map(id, widget.get_line_filters())),
    )


class _LineCache(LRUCache[Any, Strip]):
    """Textual's table line cache that, cleared (the table's content or look changed), lets
    go of the painted lines kept beside it too."""

    __slots__ = ("kept",)

    def clear(self) -> None:
        super().clear()
        kept: LRUCache[Any, Strip] | None = getattr(self, "kept", None)
        if kept is not None:
            kept.clear()


class KeptLines:
    """A mixin for a ``DataTable`` that keeps its drawn rows across restyles (its
    ``_line_cache`` keyed by the focus state): its lines as painted are kept too, each by its
    look and what Textual's line cache knows the line by."""

    lines_painted = 0
    """Lines painted anew through the widget's styles (tests count work with it)."""

    def _keep_lines(self) -> None:
        """Called once Textual's table is made: its line cache now says when it is cleared."""
        table: Any = self
        kept: LRUCache[tuple[object, ...], Strip] = LRUCache(KEPT_PER_LINE * 50)
        cache = _LineCache(table._line_cache.maxsize)
        cache.kept = kept
        table._line_cache = cache
        self._kept_lines = kept

    def render_lines(self, crop: Region) -> list[Strip]:
        table: Any = self
        kept = self.__dict__.get("_kept_lines")
        if kept is None:
            return super().render_lines(crop)  # type: ignore[misc, no-any-return]
        table._pseudo_class_state = table.get_pseudo_class_state()  # as DataTable's
        kept.grow(KEPT_PER_LINE * max(50, table.size.height))
        look = painted_look(table, crop)
        fixed = self._fixed_height()
        keys = [(look, self._kept_key(y, fixed)) for y in crop.line_range]
        strips: list[Strip | None] = [kept.get(key) for key in keys]
        y = 0
        while y < len(strips):
            if strips[y] is not None:
                y += 1
                continue
            end = y
            while end < len(strips) and strips[end] is None:
                end += 1
            region = Region(crop.x, crop.y + y, crop.width, end - y)
            for n, strip in enumerate(super().render_lines(region), y):  # type: ignore[misc]
                strips[n] = kept[keys[n]] = strip
            self.lines_painted += end - y
            y = end
        return strips  # type: ignore[return-value]  # every line is filled above

    def _fixed_height(self) -> int:
        """The lines that do not scroll: the header and the fixed rows (``render_line``)."""
        table: Any = self
        keys = [table._row_locations.get_key(index) for index in range(table.fixed_rows)]
        height = sum(table.get_row_height(key) for key in keys)
        return height + (table.get_row_height(table._header_row_key) if table.show_header else 0)

    def _kept_key(self, y: int, fixed: int) -> tuple[object, ...]:
        """What the widget's line ``y`` shows, as Textual's table line cache keys it (its
        line, crop, cursor, hover, update count and focus state)."""
        table: Any = self
        content_y = y - table.styles.gutter.top
        if not 0 <= content_y < table.content_size.height:
            return ("edge", y)
        scroll_x, scroll_y = table.scroll_offset
        line = content_y + scroll_y if content_y >= fixed else content_y
        return (
            line,
            scroll_x,
            table.size.width,
            table.cursor_coordinate,
            table.hover_coordinate,
            table.cursor_type,
            table._show_hover_cursor,
            table._update_count,
            table._require_update_dimensions,
        )
