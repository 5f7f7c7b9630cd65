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

from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.layout import DockArrangeResult

from beraad.ui.widgets.vote_grid import VoteGrid


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
        if was is None or was == at or not grid.has_focus:
            return
        top, height = placed.region.y, placed.region.height
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
        bottom = max(size.height, arranged.total_region.bottom)
        scroll = float(max(0, min(scroll, bottom - size.height)))
        if scroll != self.scroll_y:
            self.kept += 1
            # As Textual's own anchoring does in the layout: no watcher, so no second layout.
            self.set_reactive(VerticalScroll.scroll_y, scroll)
            self.set_reactive(VerticalScroll.scroll_target_y, scroll)
            if self.show_vertical_scrollbar:
                self.vertical_scrollbar.position = scroll
