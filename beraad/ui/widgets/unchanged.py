"""Change a Static's content only when it differs from what it shows.

``Static.update`` always re-lays out the screen around the widget, even for the same words; the
bars at the top of the session screen are set after every record and every second, so an update
that changes nothing must cost nothing.
"""

from __future__ import annotations

from typing import Any

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Static


def update(widget: Static, content: Any) -> None:
    """``widget.update(content)`` unless it already shows exactly that (text and styles)."""
    shown = widget.content
    if type(shown) is type(content) and shown == content:
        return
    widget.update(content)


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
