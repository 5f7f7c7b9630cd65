"""A page that keeps its ballot where the person sees it while the lines above it change.

The decide view's page scrolls the ballot's header into sight as the keys arrive (``VoteGrid
.header_in_sight``); the lines above it then still change height: the criteria legend listed
all 40 criteria in 7 lines until the grid was measured and said which 12 are in view (4
lines), and a resize wraps the how-to and the legend anew. The page kept its offset, so the
ballot moved up under the top edge: at 80×24 its column numbers were hidden while the cursor
was on row A, and after a resize to 200×50 the grid began at row D until an arrow key (naive
s10 finding 1). Here, in the layout itself (no frame shows it moved), the page follows the
ballot that has the keys: it keeps it where it was on screen when the lines above change, and
after a resize brings its header and the cursor's row into sight.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.containers import VerticalScroll
from textual.geometry import Region, Size
from textual.layout import DockArrangeResult

from beraad.ui.widgets.vote_grid import VoteGrid

#: The class of a block above the ballot that is shown whole or not at all at the page's top
#: (the how-to: an instruction read from its start; the criteria legend may show in part).
WHOLE = "whole-lines"
#: The class of a line below the ballot that the page keeps in sight while it has it (the
#: decide view's "not cast yet"): a how-to shown from its start never pushes it off the
#: bottom; the how-to goes whole above the edge instead (after a language switch at 80×24
#: the line was out of sight: f8ecb4b, reverted in 02705a2).
KEPT = "kept-in-sight"


def kept_least(least: float, kept: Iterable[Region], room: int) -> float:
    """The least scroll that keeps in sight what must be: ``least`` (the ballot), and the
    ``kept`` lines below it (their bottom on the page's last row, at most)."""
    return max([least, *(float(region.bottom - room) for region in kept)])


def whole_lines(scroll: float, above: Iterable[Region], least: float) -> float:
    """The page's top edge where it cuts none of ``above`` (blocks above the ballot) in two: at the
    start of the block it would cut where that still keeps in sight what must be (``least``,
    the least scroll that does), else past its end. At 80×24 the how-to's tail alone,
    "groepsgewichten van de criteria.", stood over the ballot on arrival, and a person
    missed "arrows to move, digits to type" above it (naive s11 F-minor-23)."""
    for region in above:
        if region.y < scroll < region.bottom:
            return float(region.y) if region.y >= least else float(region.bottom)
    return scroll


class BallotPage(VerticalScroll):
    _ballot_at: tuple[int, Size] | None = None
    """Where the ballot was in the page at the last layout, and the page's size then."""
    kept = 0
    """Layouts in which the page moved to keep its ballot in place or in sight (tests)."""

    def arrange(self, size: Size, optimal: bool = False) -> DockArrangeResult:
        arranged = super().arrange(size, optimal)
        if not optimal:
            self._keep_the_ballot(arranged, size)
        return arranged

    def _keep_the_ballot(self, arranged: DockArrangeResult, size: Size) -> None:
        placed = next(
            (p for p in arranged.placements if isinstance(p.widget, VoteGrid)),
            None,
        )
        if placed is None:
            self._ballot_at = None
            return
        grid = placed.widget
        assert isinstance(grid, VoteGrid)
        at, was = (placed.region.y, size), self._ballot_at
        self._ballot_at = at
        top, height = placed.region.y, placed.region.height
        if was is None and grid.has_focus:
            # The first layout with the ballot, which has the keys (the view's opening): shown
            # as ``VoteGrid.header_in_sight`` and ``whole_at_top`` show it on arrival, in this
            # layout. Scrolled after it, the first frame of the session screen at 80×24 showed
            # the how-to over the ballot's first rows, and the next frame the whole ballot (a
            # second layout and frame of every opening at 5,000 contributions).
            if height <= size.height:  # whole, scrolled as little as it must
                scroll = min(max(self.scroll_y, top + height - size.height), top)
                self._keep_at(arranged, top, scroll, top + height - size.height, size)
            else:  # its top first
                self._keep_at(arranged, top, top, top + grid.header_height - size.height + 1, size)
            return
        if was is None or was == at or not grid.has_focus:
            return
        scroll = self.scroll_y
        if scroll:
            scroll += top - was[0]  # the ballot stays where it was on screen
        # (at the page's top the page stays there: the title is not scrolled off for a line)
        if size != was[1] and height <= size.height:
            # A new size: the whole grid in sight where it fits, as on arrival.
            scroll = min(max(scroll, top + height - size.height), top)
        # Its header and the cursor's row (the grid scrolls its own rows under the header)
        # in sight; the header first, where both do not fit.
        row = grid.cursor_coordinate.row - round(grid.scroll_y)
        line = min(top + grid.header_height * grid.show_header + max(0, row), top + height - 1)
        scroll = min(max(scroll, line - size.height + 1), top)
        whole = top + height - size.height if height <= size.height else line - size.height + 1
        self._keep_at(arranged, top, scroll, whole, size)

    def _keep_at(
        self, arranged: DockArrangeResult, top: int, scroll: float, least: float, size: Size
    ) -> None:
        """Scroll the page to ``scroll`` (within its range) in this layout, moved to where its
        top edge cuts no block above the ballot at ``top`` in two (``whole_lines``) while what
        must stay in sight does (``least``: the least scroll that keeps the ballot)."""
        bottom = max(size.height, arranged.total_region.bottom)
        scroll = float(max(0, min(scroll, bottom - size.height)))
        kept = (p.region for p in arranged.placements if p.widget.has_class(KEPT))
        above = (
            p.region
            for p in arranged.placements
            if p.region.bottom <= top and p.widget.has_class(WHOLE)
        )
        scroll = whole_lines(scroll, above, kept_least(least, kept, size.height))
        if scroll != self.scroll_y:
            self.kept += 1
            # As Textual's own anchoring does in the layout: no watcher, so no second layout.
            self.set_reactive(VerticalScroll.scroll_y, scroll)
            self.set_reactive(VerticalScroll.scroll_target_y, scroll)
            if self.show_vertical_scrollbar:
                self.vertical_scrollbar.position = scroll

    def whole_at_top(self, grid: VoteGrid) -> None:
        """After the ballot was scrolled into sight (``VoteGrid.header_in_sight``): the top
        edge cuts no block above it in two (``whole_lines``), the ballot still in sight as
        it was (whole where it fits, else its header)."""
        top, height = grid.virtual_region.y, grid.outer_size.height
        room = self.scrollable_content_region.height
        least = top + height - room if height <= room else top + grid.header_height - room + 1
        kept = (
            child.virtual_region
            for child in self.children
            if child.display and child.has_class(KEPT)
        )
        above = (
            child.virtual_region
            for child in self.children
            if child.display and child.has_class(WHOLE) and child.virtual_region.bottom <= top
        )
        scroll = whole_lines(self.scroll_y, above, kept_least(least, kept, room))
        if scroll != self.scroll_y:
            self.scroll_to(y=scroll, animate=False, immediate=True)
