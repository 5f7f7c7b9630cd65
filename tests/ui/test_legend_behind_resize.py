"""The criteria legend follows the ballot's columns after a resize while Decide is laid out
behind another view (attack s7ui finding 3: Decide, F3, resize, F4, F3, resize to 60×20, F4
left a ballot showing 7 of 12 criteria under a legend listing all 12). The real app and
node, Pilot from 80×24."""

from __future__ import annotations

from pathlib import Path

import pytest

from beraad.i18n import _
from beraad.ui.widgets.legend_line import LegendLine
from beraad.ui.widgets.vote_grid import VoteGrid
from tests.ui.session_people import at_decide_with, make_app, until

pytestmark = pytest.mark.timeout(180)

LONG = "a plain and fairly long name for a criterion"


async def test_the_legend_follows_the_ballot_after_resizes_while_decide_is_behind(
    tmp_path: Path,
):
    app = make_app(tmp_path / "anja", "Anja")
    async with app.run_test(size=(80, 24)) as pilot:
        # 30 options, more rows than the ballot's height: it has a scroll bar
        options = [f"{n} {LONG}" for n in range(1, 31)]
        criteria = [f"C{n} {LONG}" for n in range(1, 13)]
        screen = await at_decide_with(pilot, "matrix", options, criteria)
        grid = screen.query_one("#ballot", VoteGrid)
        legend = screen.query_one("#legend", LegendLine)

        def agree() -> bool:
            seen = grid.columns_in_view()
            if len(seen) == 12:
                return len(legend.entries) == 12
            head = _("In view: {shown} of {count} criteria (← → for the others)").format(
                shown=len(seen), count=12
            )
            return legend.entries[:1] == (head,) and len(legend.entries) == len(seen) + 1

        await until(agree, pilot)
        for size in [(200, 50), (60, 20)]:
            await pilot.press("f3")
            await until(lambda: screen.viewing != "decide", pilot)
            await pilot.resize_terminal(*size)
            await until(lambda s=size: app.size == s, pilot)
            await pilot.pause()
            await pilot.press("f4")
            await until(lambda: screen.viewing == "decide" and grid.size.width > 0, pilot)
            await until(agree, pilot)
        assert len(grid.columns_in_view()) < 12  # 60×20: the legend says which are in view
        assert app._exception is None
