"""A peer's vote repaints the result lines it changed, no more in a big session than in a small one.

The decide view's result panel (``RenderedOnce``) shows the tally's tables. A vote changes a few
rows of a big matrix; the tables keep the line objects of the rest (``TallyTable.before``) and
legends drawn once are the same lines, so the panel turns only new lines into strips. Counted on
the real app over real stores of 10 and 1,400 contributions (the whole 60 × 40 matrix), the
result panel in view at 200×50, a peer's vote arriving through the node.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.ui import build_session, peer_vote
from beraad.ui.widgets.rendered import RenderedOnce
from tests.ui.stored_app import stored_app, until
from tests.ui.test_decide_burst import in_decide, settled, shows_tally_of

pytestmark = pytest.mark.timeout(180)

BIG = 1_400


async def strips_per_vote(contributions: int, home: Path) -> list[int]:
    """Strips the result panel made for each of a peer's votes (its second and third: the
    first replaces a sheet of twelve options)."""
    w = build_session(contributions)
    app = stored_app(w, home)
    made = []
    async with app.run_test(size=(200, 50)) as pilot:
        screen, view = await in_decide(app, w, pilot)
        panel = view.query_one("#result", RenderedOnce)
        panel.scroll_visible(top=True, animate=False)
        for tick in range(1, 4):
            await pilot.pause()
            before = panel.strips_made
            screen.node.ingest(w.session, [peer_vote(w, tick)])
            await until(lambda: settled(screen, view) and shows_tally_of(view, screen))
            await until(lambda: panel.painted is panel.key)  # the new tally is painted
            made.append(panel.strips_made - before)
    return made[1:]


async def test_a_vote_at_1400_makes_no_more_result_lines_than_at_10(tmp_path):
    small = await strips_per_vote(10, tmp_path / "small")
    big = await strips_per_vote(BIG, tmp_path / "big")
    assert all(small), small  # the small tables, drawn by Rich anew, are new lines
    assert max(big) <= min(small), (big, small)
