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
from textual.geometry import Size
from textual.widgets import DataTable


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


class ListTable(SteadyScroll, DataTable[Any]):
    """Textual's ``DataTable`` with steady scroll bars (a view's list of rows), keeping the
    cells it drew when resized to the size it has."""

    _sized: Size | None = None

    def _on_resize(self, event: events.Resize) -> None:
        """Textual's table forgets every cell it drew on each resize, and showing its view
        again resizes it to the size it had: every look at the options drew each row in
        view anew (60 options: ~500 cells through Rich). Only another size forgets them."""
        event.prevent_default()  # not DataTable's handler
        if event.size != self._sized:
            self._sized = event.size
            self._update_count += 1
