"""A Static for big renderables (the tally's tables): rendered once, then drawn line by line.

Textual renders a Static's whole content to measure its height and again to draw it, and does
so whenever the layout changes (a view switch, a dialog over the screen). This one renders its
content once per content and width, keeps the lines, and each frame turns only the lines in
view into strips; ``show`` with the same key as last time changes nothing at all. A few widths
are kept, since a scroll bar coming and going makes the layout ask at two widths in turn.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import Any, overload

from rich.console import Group
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region, Size
from textual.reactive import Reactive
from textual.strip import Strip
from textual.widgets import Static

from beraad.ui.widgets.tally_table import TallyTable

#: Widths whose lines are kept (the view's width with and without a scroll bar, and one more).
KEPT_WIDTHS = 3


class Lines(Sequence[list[Segment]]):
    """A content's lines at one width, one after another: the lines of its parts, a big
    table's written only when read (``TallyTable.line``: a frame reads those in view)."""

    def __init__(self, width: int) -> None:
        self._width = width
        self._ends: list[int] = []
        self._parts: list[TallyTable | list[list[Segment]]] = []
        self._count = 0

    def add(self, part: TallyTable | list[list[Segment]]) -> None:
        self._count += part.height(self._width) if isinstance(part, TallyTable) else len(part)
        self._ends.append(self._count)
        self._parts.append(part)

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, y: int) -> list[Segment]: ...

    @overload
    def __getitem__(self, y: slice) -> list[list[Segment]]: ...

    def __getitem__(self, y: int | slice) -> list[Segment] | list[list[Segment]]:
        if isinstance(y, slice):
            return [self[i] for i in range(*y.indices(self._count))]
        if y < 0:
            y += self._count
        if not 0 <= y < self._count:
            raise IndexError(y)
        number = bisect_right(self._ends, y)
        start = self._ends[number - 1] if number else 0
        part = self._parts[number]
        if isinstance(part, TallyTable):
            return part.line(self._width, y - start)
        return part[y - start]


class RenderedOnce(Static):
    #: Its new height (a big tally's tables, from the thread) is laid out by the layout that
    #: found it: Textual's ``virtual_size`` asked for one more layout and frame.
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), repaint=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._rendered: dict[int, Sequence[list[Segment]]] = {}
        self._strips: dict[tuple[int, int], Strip] = {}
        self._key: object = object()
        self._style: Style | None = None
        """The widget's style while a frame draws its lines (``render_lines``)."""
        self._made: dict[tuple[int, int], tuple[list[Segment], Strip]] = {}
        """Strips by line (the line held, so its id stays its own) and width: a new tally's
        tables keep the line objects of the rows it did not change (``TallyTable.before``),
        and a legend drawn once is the same lines; their strips are not made again."""
        self._made_before: dict[tuple[int, int], tuple[list[Segment], Strip]] = {}
        """The strips of the content shown before this one (one generation back, no more)."""
        self.strips_made = 0
        """Lines turned into strips since the widget was made (tests count the work)."""
        self.painted: object = None
        """The key of the content last painted (``render_lines``)."""
        self._parts: dict[tuple[int, int], tuple[object, list[list[Segment]]]] = {}
        """Lines of each part Rich draws, by part and width, kept while the part is shown: a
        new tally brings new numbers under the same legends, which are not drawn again."""

    @property
    def key(self) -> object:
        """The key of what is shown now (``show``)."""
        return self._key

    def show(self, key: object, content: Any) -> None:
        """Show ``content`` unless ``key`` equals the last one shown (then nothing changed);
        ``content`` may be a callable, called only when it is needed."""
        if key == self._key:
            return
        self._key = key
        # New numbers in tables of the same shape (a vote came) keep the height: the screen
        # is then only painted again, not laid out (that cost more than drawing the tables).
        width = max(1, self.content_size.width)
        height = len(self._rendered[width]) if width in self._rendered else None
        self.update(content() if callable(content) else content, layout=height is None)
        if height is not None and self._height(width) != height:
            self.refresh(layout=True)

    def update(self, content: Any = "", *, layout: bool = True) -> None:
        self._rendered.clear()
        self._strips.clear()
        self._made_before, self._made = self._made, {}
        parts = content.renderables if isinstance(content, Group) else [content]
        still = {id(part) for part in parts}
        self._parts = {key: kept for key, kept in self._parts.items() if key[0] in still}
        super().update(content, layout=layout)

    def _lines(self, width: int) -> Sequence[list[Segment]]:
        width = max(1, width)
        lines = self._rendered.get(width)
        if lines is None:
            lines = self._render(width) if self.content else []
            if len(self._rendered) >= KEPT_WIDTHS:
                self._rendered.clear()
                self._strips.clear()
            self._rendered[width] = lines
        return lines

    def _kept(self, width: int) -> bool:
        """Lines at ``width`` cost nothing: kept here, or every table part keeps its own."""
        if width in self._rendered:
            return True
        content = self.content
        parts = content.renderables if isinstance(content, Group) else [content]
        tables = [part for part in parts if isinstance(part, TallyTable)]
        return bool(tables) and all(table.kept(width) for table in tables)

    def _render(self, width: int) -> Lines:
        """The content's lines at ``width``; a group's big tally tables give their lines
        as they are read (Rich would split, crop and pad thousands of lines nobody scrolls
        to: ``render_line`` crops and pads the ones in view)."""
        content = self.content
        parts = content.renderables if isinstance(content, Group) else [content]
        console = self.app.console
        options = console.options.update_width(width).update(highlight=False)
        lines = Lines(width)
        for part in parts:
            if isinstance(part, TallyTable) and part.fast:
                lines.add(part)
            elif isinstance(part, TallyTable):
                lines.add(part.drawn(console, options))  # kept by the table (a legend)
            elif (id(part), width) in self._parts:
                lines.add(self._parts[(id(part), width)][1])
            else:
                renderable = Text(part) if isinstance(part, str) else part
                drawn = console.render_lines(renderable, options, pad=True)
                self._parts[(id(part), width)] = (part, drawn)  # the part held: its id stays
                lines.add(drawn)
        return lines

    #: How much narrower than asked the kept lines may be (a scroll bar's width and one).
    NEAR = 3

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self._height(width)

    def _height(self, width: int) -> int:
        borrowed = self._borrowed(width)
        return len(borrowed if borrowed is not None else self._lines(width))

    def _borrowed(self, width: int) -> Sequence[list[Segment]] | None:
        """Tables far longer than the screen make the view scroll: the layout asks their
        height at the width without a scroll bar first (and a frame may paint there) before
        it lays out at the width with one, the width the tally's thread drew them at. Kept
        lines a scroll bar narrower stand in at that passing width instead of thousands of
        lines drawn for it; ``None`` when there are none."""
        width = max(1, width)
        if width in self._rendered:
            return None
        for narrower in range(width - 1, max(0, width - self.NEAR - 1), -1):
            if self._kept(narrower):
                lines = self._lines(narrower)
                if len(lines) > 2 * self.app.size.height:
                    return lines
        return None

    def render_lines(self, crop: Region) -> list[Strip]:
        # The widget's style, once per frame rather than once per line (Textual works it out
        # from every ancestor's styles: most of what a frame of a tally's lines cost).
        self._style = self.rich_style
        self.painted = self._key
        try:
            return super().render_lines(crop)
        finally:
            self._style = None

    def render_line(self, y: int) -> Strip:
        width = max(1, self.content_size.width)
        strip = self._strips.get((width, y))
        if strip is None:
            borrowed = self._borrowed(width)
            lines = borrowed if borrowed is not None else self._lines(width)
            strip = self._strip(lines[y], width) if y < len(lines) else Strip.blank(width)
            self._strips[(width, y)] = strip
        return strip.apply_style(self._style if self._style is not None else self.rich_style)

    def _strip(self, line: list[Segment], width: int) -> Strip:
        """The strip of ``line`` at ``width``: the one made before for this very line (a row
        the vote did not change), or made now."""
        key = (id(line), width)
        made = self._made.get(key) or self._made_before.get(key)
        if made is None or made[0] is not line:
            self.strips_made += 1
            made = (line, Strip(line).adjust_cell_length(width))
        self._made[key] = made
        return made[1]
