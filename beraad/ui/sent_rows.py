"""What a frame sends the terminal: the rows it changes, not the rows the terminal shows already.

Textual writes every row a frame's dirty regions touch, whole, with a colour code per segment,
even when the row is byte for byte what it wrote last time: a view switch at 200×50 between
two views that share most of their rows (Options and Decide) sent 46 rows to change 8, and a
second frame drawing the same screen again (a first look's repaint) sent 11–12 KB to change
nothing. The terminal then parses all of it (tmux 3.3 does not honour synchronised output, so
what it has read it draws, a half-parsed frame included).

``SentRows`` remembers, per row of the terminal, the bytes last written for the whole row.
A frame's row whose bytes are the same is left out; a row written in part (a span that does
not cover the width) is forgotten, since the terminal then holds something else. A full
update (after a resize, a resume, a whole-screen refresh) is written whole and remembered, so
whatever the terminal showed before is drawn again. Headless, Textual writes nothing and
nothing of this runs.
"""

from __future__ import annotations

from rich.console import Console
from textual._compositor import ChopsUpdate, CompositorUpdate, LayoutUpdate
from textual.geometry import Size
from textual.strip import Strip

#: A row's bytes, or None for a row the terminal holds something else on.
Rows = dict[int, str | None]


class SentRows:
    """The rows last written whole, per line of the terminal."""

    def __init__(self) -> None:
        self.rows: Rows = {}
        self.size: Size | None = None
        self.left_out = 0
        """Rows left out since the app started: what tests count."""

    def forget(self) -> None:
        self.rows.clear()

    def changed_only(self, renderable: object, size: Size) -> object:
        """The update to write instead of ``renderable``: the same, less the rows unchanged."""
        if size != self.size:
            self.size = size
            self.forget()
        if isinstance(renderable, ChopsUpdate):
            return ChangedRows(self, renderable, size.width)
        if isinstance(renderable, LayoutUpdate):
            return WholeScreen(self, renderable)
        if renderable is not None:
            self.forget()  # something else drawn: no row is known any more
        return renderable


class ChangedRows(CompositorUpdate):
    """A ``ChopsUpdate`` written as Textual writes it, less the rows the terminal shows already."""

    def __init__(self, sent: SentRows, update: ChopsUpdate, width: int) -> None:
        self.sent = sent
        self.update = update
        self.width = width

    def render_segments(self, console: Console) -> str:
        update, rows, width = self.update, self.sent.rows, self.width
        spans: dict[int, list[tuple[int, int]]] = {}
        for y, x1, x2 in update.spans:
            spans.setdefault(y, []).append((x1, x2))
        written: list[str] = []
        for y, ranges in spans.items():
            row = "".join(_row(update.chops[y], update.chop_ends[y], y, ranges, console))
            if len(ranges) == 1 and ranges[0][0] <= 0 and ranges[0][1] >= width:
                if rows.get(y) == row:
                    self.sent.left_out += 1
                    continue
                rows[y] = row
            else:
                rows[y] = None
            written.append(row)
        # Between rows as Textual puts it: never after the last (a new line on the bottom
        # row would scroll the screen).
        return "\n".join(written)


def _row(
    line: dict[int, Strip | None],
    ends: list[int],
    y: int,
    ranges: list[tuple[int, int]],
    console: Console,
) -> list[str]:
    """One row's spans as ``ChopsUpdate.render_segments`` writes them (Textual 8)."""
    out: list[str] = []
    for x1, x2 in ranges:
        for end, (x, strip) in zip(ends, line.items(), strict=False):
            if strip is None or x > x2 or end <= x1:
                continue
            if not (x2 > x >= x1 and end <= x2):
                strip = strip.crop(0, min(end, x2) - x)
            out.append(_move_to(x, y))
            out.append(strip.render(console))
    return out


class WholeScreen(CompositorUpdate):
    """A ``LayoutUpdate`` (every row, whole) less the rows the terminal shows already."""

    def __init__(self, sent: SentRows, update: LayoutUpdate) -> None:
        self.sent = sent
        self.update = update

    def render_segments(self, console: Console) -> str:
        x, top = self.update.region.x, self.update.region.y
        rows, written = self.sent.rows, []
        if x != 0:
            rows.clear()
        for y, line in enumerate(self.update.strips, top):
            row = _move_to(x, y) + "".join(strip.render(console) for strip in line)
            if x == 0 and rows.get(y) == row:
                self.sent.left_out += 1
                continue
            rows[y] = row if x == 0 else None
            written.append(row)
        return "\n".join(written)


def _move_to(x: int, y: int) -> str:
    """``Control.move_to(x, y).segment.text``, as Textual writes it, without the objects."""
    return f"\x1b[{y + 1};{x + 1}H"
