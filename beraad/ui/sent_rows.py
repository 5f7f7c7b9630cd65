"""What a frame sends the terminal: what it changes, not what the terminal shows already.

Textual writes every row a frame's dirty regions touch, whole, with a colour code per segment,
even when the row is byte for byte what it wrote last time: a view switch at 200×50 between
two views that share most of their rows (Options and Decide) sent 46 rows to change 8, and a
second frame drawing the same screen again (a first look's repaint, the help's box) sent 6–12
KB to change nothing. The terminal parses all of it (tmux 3.3 does not honour synchronised
output: what it has read it draws, a half-parsed frame included).

``SentRows`` remembers, per line of the terminal, the pieces last written (a span of a row:
its cells and its bytes). A frame's piece that is byte for byte the one last written on those
same cells is left out; a piece written over part of a remembered one makes it forgotten, since
the terminal then holds something else there. After a resize or a resume from a suspension
nothing is remembered, so the full update Textual then sends is written whole.

A screen shown (pushed, or back from one on top of it) first drew only what its layout moved
(Textual's ``_on_screen_resume`` lays it out, which paints the regions that changed) and a
frame later everything: the session screen's first frame left the lobby's top lines on the
terminal until then. A screen's first frame is here its whole compositor; the full frame after
it then changes nothing, so sends nothing. Headless, Textual writes nothing and none of this
runs.
"""

from __future__ import annotations

from rich.console import Console
from textual._compositor import ChopsUpdate, CompositorUpdate, LayoutUpdate
from textual.geometry import Size
from textual.screen import Screen
from textual.strip import Strip

#: Per line of the terminal, the pieces last written there: (first cell, end cell) → bytes.
#: A piece is known only while nothing written since overlaps it.
Rows = dict[int, dict[tuple[int, int], str]]


class SentRows:
    """The pieces of rows last written, per line of the terminal."""

    def __init__(self) -> None:
        self.rows: Rows = {}
        self.size: Size | None = None
        self.screen: Screen[object] | None = None
        """The screen last drawn."""
        self.left_out = 0
        """Pieces left out since the app started: what tests count."""

    def forget(self) -> None:
        self.rows.clear()

    def frame(self, screen: Screen[object], renderable: object, size: Size) -> object:
        """What to write for ``screen``'s frame: a screen's first frame whole (its compositor
        drawn entire), then only the pieces each frame changes."""
        if screen is not self.screen and renderable is not None:
            self.screen = screen
            if isinstance(renderable, ChopsUpdate):
                renderable = screen._compositor.render_full_update()
        return self.changed_only(renderable, size)

    def changed_only(self, renderable: object, size: Size) -> object:
        """The update to write instead of ``renderable``: the same, less what is unchanged."""
        if size != self.size:
            self.size = size
            self.forget()
        if isinstance(renderable, ChopsUpdate):
            return ChangedRows(self, renderable)
        if isinstance(renderable, LayoutUpdate):
            return WholeScreen(self, renderable)
        if renderable is not None:
            self.forget()  # something else drawn: nothing is known any more
        return renderable

    def written(self, y: int, start: int, end: int, text: str) -> bool:
        """Whether ``text`` (cells ``start``..``end`` of line ``y``) must be written: it is
        not what the terminal shows there already. If so, it is what it shows from now."""
        pieces = self.rows.setdefault(y, {})
        if pieces.get((start, end)) == text:
            self.left_out += 1
            return False
        for other in [p for p in pieces if p[0] < end and start < p[1]]:
            del pieces[other]
        pieces[start, end] = text
        return True


class ChangedRows(CompositorUpdate):
    """A ``ChopsUpdate`` written as Textual writes it, less the pieces the terminal shows."""

    def __init__(self, sent: SentRows, update: ChopsUpdate) -> None:
        self.sent = sent
        self.update = update

    def render_segments(self, console: Console) -> str:
        update, written = self.update, self.sent.written
        rows: dict[int, list[str]] = {}
        for y, x1, x2 in update.spans:
            piece = _span(update.chops[y], update.chop_ends[y], y, x1, x2, console)
            if piece is not None and written(y, *piece):
                rows.setdefault(y, []).append(piece[2])
        # A new line between rows as Textual puts it: never after the last (a new line on
        # the bottom row would scroll the screen).
        return "\n".join("".join(pieces) for pieces in rows.values())


def _span(
    line: dict[int, Strip | None], ends: list[int], y: int, x1: int, x2: int, console: Console
) -> tuple[int, int, str] | None:
    """One span of a row as ``ChopsUpdate.render_segments`` writes it (Textual 8), with the
    cells it covers (a chop that starts before the span is written from its start)."""
    out: list[str] = []
    start, end_at = x2, x1
    for end, (x, strip) in zip(ends, line.items(), strict=False):
        if strip is None or x > x2 or end <= x1:
            continue
        if not (x2 > x >= x1 and end <= x2):
            strip = strip.crop(0, min(end, x2) - x)
        out.append(_move_to(x, y))
        out.append(strip.render(console))
        start, end_at = min(start, x), max(end_at, x + strip.cell_length)
    return (start, end_at, "".join(out)) if out else None


class WholeScreen(CompositorUpdate):
    """A ``LayoutUpdate`` (every row, whole) less the rows the terminal shows already."""

    def __init__(self, sent: SentRows, update: LayoutUpdate) -> None:
        self.sent = sent
        self.update = update

    def render_segments(self, console: Console) -> str:
        region, written, rows = self.update.region, self.sent.written, []
        for y, line in enumerate(self.update.strips, region.y):
            text = _move_to(region.x, y) + "".join(strip.render(console) for strip in line)
            if written(y, region.x, region.right, text):
                rows.append(text)
        return "\n".join(rows)


def _move_to(x: int, y: int) -> str:
    """``Control.move_to(x, y).segment.text``, as Textual writes it, without the objects."""
    return f"\x1b[{y + 1};{x + 1}H"
