"""The lines of a view behind drawn ahead, while the screen is still.

A view mounted behind is drawn (its rows built) and laid out there (``lay_out_behind``), yet
its lines were first drawn on the key that shows it: each row in view through Rich (a
table's cells, a tree's lines), many more and longer at 5,000 contributions than at 10. So
the first look at each view cost two to three times a later look (decide → options 150 ms
against 60 at 200×50), where a later look paints from the widgets' kept lines. Here they
are drawn at a still moment, through the very ``render_lines`` the screen's paint calls, at
the size and in the focus state they will have when shown, so the first look finds them
kept. What arrives later is drawn anew as always: each widget's kept lines are keyed by
what its line shows (a row's update, the tree's nodes), so nothing stale is painted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual._compositor import Compositor
from textual.geometry import Offset, Region, Size
from textual.widget import Widget

if TYPE_CHECKING:
    from beraad.ui.phases.base import PhaseView


def focus_on_arrival(view: PhaseView) -> Widget | None:
    """What ``view.focus_default`` will focus when the view is shown."""
    box = view.text_box()
    if box is not None and view.shows(box):
        return box
    return next((w for w in view.query("*") if w.focusable and view.shows(w)), None)


def draw_behind(view: PhaseView, room: Size) -> int:
    """Draw the lines the first look at ``view`` (hidden, laid out for ``room``) will paint,
    into the widgets' own kept lines; how many widgets were drawn."""
    if not view.is_attached or view.display or not room:
        return 0
    placed, _ = Compositor()._arrange_root(view, room, visible_only=False)
    shown = Region(0, 0, *room)
    focus = focus_on_arrival(view)
    # A hidden widget has no place on the screen, so no size (Textual asks the screen's
    # map): it is given the place it will have for the drawing, and none again after.
    full = view.screen._compositor.full_map
    offset = view.parent.content_region.offset if view.parent is not None else Offset()
    for widget, geometry in placed.items():
        full[widget] = geometry._replace(region=geometry.region.translate(offset))
    drawn = 0
    try:
        for widget, geometry in placed.items():
            region = geometry.region
            seen = region.intersection(shown)
            if widget is view or not seen or not view.shows(widget):
                continue
            crop = seen.translate(-region.offset)
            # The look's frame paints the view before the focus comes (then with it).
            draw_as(widget, crop, focused=False)
            if widget is focus:
                draw_as(widget, crop, focused=True)
            drawn += 1
    finally:
        for widget in placed:
            full.pop(widget, None)
    return drawn


def draw_as(widget: Widget, crop: Region, focused: bool) -> None:
    """``widget.render_lines(crop)`` as it is painted with or without the focus. Textual
    styles a widget for the state it is in: it is styled for the state it will have, then
    as it is again, with its ``refresh`` held (nothing is shown: no frame asked for)."""
    if widget.has_focus == focused:
        widget.render_lines(crop)
        return
    stylesheet = widget.app.stylesheet
    held: list[Any] = [widget, *filter(None, (widget._vertical_scrollbar,))]
    held += filter(None, (widget._horizontal_scrollbar,))
    for node in held:
        node.refresh = lambda *args, node=node, **kwargs: node  # type: ignore[method-assign]
    widget.set_reactive(Widget.has_focus, focused)
    try:
        stylesheet.apply(widget, animate=False)
        widget.render_lines(crop)
    finally:
        widget.set_reactive(Widget.has_focus, not focused)
        stylesheet.apply(widget, animate=False)
        for node in held:
            del node.refresh
        widget._styles_cache.clear()  # Textual's painted lines of it hold the other look
