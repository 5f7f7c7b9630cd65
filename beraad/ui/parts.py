"""Parts of the screen that may not be there (yet, or any more), asked for without a crash.

Much of the UI runs later than the moment that asked for it: a redraw timer, a tally worker's
result, a node event posted from another thread, ``call_after_refresh``. Meanwhile the part it
draws on may legitimately be absent: a view mounted in the background is not composed yet, a
screen was popped, the app is closing and takes its widgets apart (children first). Each such
moment once ended in a ``NoMatches`` traceback (five times: timers, background mounts, redraws
after close). Code that runs later asks here, and ends quietly when the answer is "not there";
a part that must be there (asked for in a handler of the widget's own keys) is still asked for
with ``query_one``, whose ``NoMatches`` is then a real bug.
"""

from __future__ import annotations

from typing import TypeVar, overload

from textual.app import App
from textual.css.query import NoMatches
from textual.dom import DOMNode
from textual.widget import Widget

W = TypeVar("W", bound=Widget)


def in_place(node: DOMNode) -> bool:
    """Is ``node`` attached to a running app and not being closed or taken apart? A callback
    that runs later finds it otherwise and has nothing to draw on (``is_attached`` alone stays
    true while the app removes a screen's widgets). Not composed yet is not asked here (Textual
    has no such flag; ``on_mount`` runs before ``is_mounted``): ``part`` then finds nothing."""
    if isinstance(node, App):  # quitting: its screens are being taken apart
        return node.is_running and not (node._exit or node._closing or node._closed)
    return node.is_attached and not (node._closing or node._closed or node._pruning)


@overload
def part(node: DOMNode, selector: type[W]) -> W | None: ...


@overload
def part(node: DOMNode, selector: str, expect_type: type[W]) -> W | None: ...


@overload
def part(node: DOMNode, selector: str) -> Widget | None: ...


def part(
    node: DOMNode, selector: str | type[W], expect_type: type[W] | None = None
) -> Widget | None:
    """The part ``selector`` names under ``node``, or None while it is not there: not composed
    yet, or already taken down (a callback that runs later then ends quietly)."""
    if not in_place(node):
        return None
    try:
        if expect_type is None:
            return node.query_one(selector)
        assert isinstance(selector, str)
        return node.query_one(selector, expect_type)
    except NoMatches:
        return None
