"""Scroll bars left as they are when nothing about them changed.

Textual's ``ScrollView`` (its trees, tables and text areas) compares, in every layout of the
screen, its own virtual size (all its rows) with the size the layout hands it (its window):
for a list taller than its window they always differ, so every layout updated its scroll
bars and asked them to repaint — after the layout's frame, in a frame of its own. A switch
to a view with a long list (a session of 5,000 contributions) took two frames where a short
list took one. ``SteadyScroll`` updates them only when something they show changed.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.scrollbar import ScrollBar
from textual.strip import Strip
from textual.widgets import DataTable

from beraad.ui.widgets.kept_lines import KeptLines


class SteadyScroll:
    """A mixin for a ``ScrollView``: a layout that gives it the size, window and rows it had
    at the last one leaves its scroll bars alone (what they show is the same)."""

    _steady: tuple[object, ...] | None = None
    scroll_updates = 0
    """Times a layout updated the scroll bars (tests count work with it)."""

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        widget: Any = self
        if self._steady == (size, container_size, *self._scrolling()):
            return False
        resized: bool = super()._size_updated(  # type: ignore[misc]
            size, virtual_size, container_size, layout
        )
        self.scroll_updates += 1
        self._steady = (widget._size, widget._container_size, *self._scrolling())
        return resized

    def _scrolling(self) -> tuple[object, ...]:
        """What the scroll bars' state is made of besides the size: the rows and which
        bars show."""
        widget: Any = self
        return (
            widget.virtual_size,
            widget.show_vertical_scrollbar,
            widget.show_horizontal_scrollbar,
            widget.scrollbar_size_vertical,
            widget.scrollbar_size_horizontal,
        )


class KeptScrollBar(ScrollBar):
    """A scroll bar that keeps its last few paintings, each for its length, window, place
    and colours: a list one line shorter while a view's box is open (an edit), and as long as
    before once it closes, painted the whole bar again each time (39 lines at 200×50), though
    it showed what it had shown before."""

    KEPT = 4

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._kept: LRUCache[tuple[object, ...], list[Strip]] = LRUCache(self.KEPT)
        self.lines_painted = 0
        """Lines painted anew since the bar was made (tests count work with it)."""

    def render_lines(self, crop: Region) -> list[Strip]:
        parent: Any = self.parent
        styles = parent.styles
        key = (
            crop,
            self.size,
            self.window_virtual_size,
            self.window_size,
            self.position,
            self.thickness,
            self.grabbed,
            self.mouse_over,
            styles.scrollbar_background,
            styles.scrollbar_color,
            styles.scrollbar_background_hover,
            styles.scrollbar_color_hover,
            styles.scrollbar_background_active,
            styles.scrollbar_color_active,
            parent.background_colors,
            self.background_colors,
            self.screen.styles.scrollbar_color.a,
        )
        strips = self._kept.get(key)
        if strips is None:
            strips = self._kept[key] = super().render_lines(crop)
            self.lines_painted += len(strips)
        return list(strips)


def kept_vertical_bar(widget: Any) -> ScrollBar:
    """``Widget.vertical_scrollbar`` made a ``KeptScrollBar`` (as Textual makes its own)."""
    if widget._vertical_scrollbar is None:
        bar = KeptScrollBar(
            vertical=True, name="vertical", thickness=widget.scrollbar_size_vertical
        )
        bar.display = False
        widget._vertical_scrollbar = bar
        widget.app._start_widget(widget, bar)
    bar: ScrollBar = widget._vertical_scrollbar
    return bar


class ListTable(KeptLines, SteadyScroll, DataTable[Any]):
    """Textual's ``DataTable`` with steady scroll bars (a view's list of rows), keeping the
    cells it drew and its lines as painted when resized to the size it has or when it gains
    or loses the focus."""

    _sized: Size | None = None
    cells_forgotten = 0
    """Times a restyle made the table forget every cell it drew (tests count work with it)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._looks: dict[object, tuple[object, ...]] = {}
        self._keep_lines()

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        """A scroll bar that keeps what it painted: every look at the options painted its
        42 lines at 200x50 again (``KeptScrollBar``), though it showed what it had shown."""
        return kept_vertical_bar(self)

    def notify_style_update(self) -> None:
        """Textual's table forgets every cell it drew on each restyle, and a view's table
        is restyled each time it gains or loses the focus: every look at the options drew
        each row in view anew through Rich (60 options: ~170 cells, half the switch). Its
        caches are keyed by the focus state already, so a restyle that leaves what the
        table looks like in this state as it was keeps them; any other forgets them all."""
        super(DataTable, self).notify_style_update()  # the widget's own style caches
        if not self._component_styles.keys() >= self.COMPONENT_CLASSES:  # not styled yet
            DataTable.notify_style_update(self)
            return
        state, look = self.get_pseudo_class_state(), self._look()
        if state not in self._looks and self._looks:
            # A state not seen yet (the focus left for the first time): nothing drawn in it
            # to forget, and what was drawn in the others is checked when they come back.
            # Forgetting here made the second look at the options draw every cell again.
            self._looks[state] = look
        if self._looks.get(state) == look:
            self._styles_cache.clear()  # the lines of the widget: drawn from kept cells
            self._get_styles_to_render_cell.cache_clear()  # not keyed by the focus state
            self.refresh()
            return
        if state in self._looks:  # the look changed: what was drawn in any state is stale
            self._looks.clear()
        self._looks[state] = look
        self.cells_forgotten += 1
        DataTable.notify_style_update(self)

    def _look(self) -> tuple[object, ...]:
        """What the table's cells are drawn with besides what its caches are keyed by."""
        return (
            self.rich_style,
            self.cursor_foreground_priority,
            self.cursor_background_priority,
            *(
                self.get_component_rich_style(name, partial=True)
                for name in sorted(self.COMPONENT_CLASSES)
            ),
        )

    def _on_resize(self, event: events.Resize) -> None:
        """Textual's table forgets every cell it drew on each resize, and showing its view
        again resizes it to the size it had: every look at the options drew each row in
        view anew (60 options: ~500 cells through Rich). Only another size forgets them."""
        event.prevent_default()  # not DataTable's handler
        if event.size != self._sized:
            self._sized = event.size
            self._update_count += 1
