"""Change a Static's content only when it differs from what it shows.

``Static.update`` always re-lays out the screen around the widget, even for the same words; the
bars at the top of the session screen are set after every record and every second, so an update
that changes nothing must cost nothing. New words that take as many lines in the same width
repaint the widget where it is: a layout of the whole screen only when its box could change
(the decide panel's "So far: …" line changed with every vote a member sent, and each change
laid out the screen at 1,000 contributions while keys waited).
"""

from __future__ import annotations

from typing import Any

from textual.geometry import Size
from textual.reactive import Reactive
from textual.visual import visualize
from textual.widgets import Static


def update(widget: Static, content: Any) -> None:
    """``widget.update(content)`` unless it already shows exactly that (text and styles); laid
    out again only when the new content may change the widget's box."""
    shown = widget.content
    if type(shown) is type(content) and shown == content:
        return
    widget.update(content, layout=not _same_box(widget, content))


def _same_box(widget: Static, content: Any) -> bool:
    """Would ``content`` take exactly the lines ``widget`` shows now, in its width? Only for a
    widget on screen whose width does not follow its content (its height alone can)."""
    width = widget.content_size.width
    if not widget.is_mounted or not widget.display or width <= 0:
        return False
    styles = widget.styles
    if styles.width is not None and styles.width.is_auto:
        return False
    visual = visualize(widget, content, markup=widget._render_markup)
    return bool(visual.get_height(styles, width) == widget.content_size.height)


class FixedPane(Static):
    """A Static whose box its CSS fixes (a set height, the full width, nothing to scroll),
    such as a list's detail lines: new words repaint it where it is. A plain Static asks for
    a layout of the whole screen on every update, and again once laid out when its text has
    more or fewer lines (its ``virtual_size``): a look at the knots, whose detail shows the
    row's keys while the list has the focus, cost a second layout and frame."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0))

    def show_text(self, content: Any) -> None:
        shown = self.content
        if type(shown) is type(content) and shown == content:
            return
        self.update(content, layout=False)
