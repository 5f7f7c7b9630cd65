"""Only whole number columns are shown beside a table's pinned labels.

A column scrolled half out of view showed the first digits of its numbers: the 13th
criterion's header read "1" and a score of 10 read "1" (naive s14 F7): a person reading
their ballot saw a 1 where they had typed 10. A column whose words do not show whole is
drawn blank, and is not counted as in view (the decide view's legend names what shows).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual.strip import Strip


@dataclass(frozen=True)
class Column:
    """A scrolling column's place in the table's content: from ``at``, ``room`` cells wide,
    its words ``pad`` cells in from either side."""

    key: str
    at: int
    room: int
    pad: int


@dataclass(frozen=True)
class Shown:
    """The columns whose words show whole, and the screen's spans where a column shows cut."""

    whole: tuple[str, ...]
    cut: tuple[tuple[int, int], ...]


def in_view(columns: Iterable[Column], scroll_x: int, pinned: int, width: int) -> Shown:
    """Which columns show whole in the window ``[scroll_x + pinned, scroll_x + width)`` of
    the content (the pinned labels take the first ``pinned`` cells of the screen), and the
    screen's spans to blank for those cut at its edges. What is past ``width`` lies under
    the vertical scroll bar and is not seen."""
    x1, x2 = scroll_x + pinned, scroll_x + width
    whole: list[str] = []
    cut: list[tuple[int, int]] = []
    for column in columns:
        start, end = column.at, column.at + column.room
        if end <= x1 or start >= x2:
            continue  # none of it shows
        if start + column.pad >= x1 and end - column.pad <= x2:
            whole.append(column.key)
        elif start + column.pad < x2 and end - column.pad > x1:
            cut.append((max(start, x1) - scroll_x, min(end, x2) - scroll_x))
    return Shown(tuple(whole), tuple(cut))


def blanked(strip: Strip, spans: tuple[tuple[int, int], ...]) -> Strip:
    """``strip`` with the screen's ``spans`` drawn blank, in the style found at each span."""
    if not spans:
        return strip
    length = strip.cell_length
    parts: list[Strip] = []
    at = 0
    for start, end in spans:
        start, end = max(start, at), min(end, length)
        if end <= start:
            continue
        parts.append(strip.crop(at, start))
        style = next(iter(strip.crop(start, start + 1)), None)
        parts.append(Strip.blank(end - start, style.style if style is not None else None))
        at = end
    parts.append(strip.crop(at, length))
    return Strip.join(parts)
