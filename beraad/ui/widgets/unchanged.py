"""Change a Static's content only when it differs from what it shows.

``Static.update`` always re-lays out the screen around the widget, even for the same words; the
bars at the top of the session screen are set after every record and every second, so an update
that changes nothing must cost nothing.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Static


def update(widget: Static, content: Any) -> None:
    """``widget.update(content)`` unless it already shows exactly that (text and styles)."""
    shown = widget.content
    if type(shown) is type(content) and shown == content:
        return
    widget.update(content)
