"""A session screen left still after the first looks at its views collects once what those
looks left behind (the lines drawn, each a ``Strip`` of a dozen objects), so the collector's
next full pass — at a moment nobody chooses, such as an edit's opening — walks few objects, not
the tens of thousands of every line drawn; opening an edit again and again leaves nothing
behind. Counted (objects the collector would walk, objects alive), never timed. The real app
on a real node and store (the benchmark's session at 150 contributions, in the decide phase).
"""

from __future__ import annotations

import gc

import pytest
from textual.widgets import Input

from benchmarks.ui import build_session
from beraad.ui.settle import TIDY_AFTER
from tests.ui.stored_app import session_opened, stored_app, until
from tests.ui.test_switch_work import settled

pytestmark = pytest.mark.timeout(120)

#: Enough that the knots tree fills its window (an edit's opening repaints a screenful).
CONTRIBUTIONS = 150


async def still(pilot, screen) -> None:  # type: ignore[no-untyped-def]
    """Until the screen has been still a moment and was looked at then."""
    await settled(pilot, screen)
    stirred = screen._stirred()
    await until(lambda: stirred is not None and screen._settler.looked > stirred)


async def test_a_still_screen_collects_what_the_first_looks_left_and_edits_keep_nothing(
    tmp_path,
):
    w = build_session(CONTRIBUTIONS)
    app = stored_app(w, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await session_opened(app, w.session)
        await until(lambda: len(screen.views()) == len(screen.phases))
        settler = screen._settler
        await until(lambda: settler.settled)
        for key in ["f3"] * 4:  # a first look at options, criteria, positions, knots
            await pilot.press(key)
            await settled(pilot, screen)
        await still(pilot, screen)
        assert settler.tidies >= 1  # the first looks left thousands of objects: collected
        # What a full collection would walk now besides the young: what came since.
        walk = len(gc.get_objects(generation=2))
        assert walk < TIDY_AFTER, walk

        screen.look_at("knots")
        view = screen.view("knots")
        tree, box = view.tree, view.query_one("#knot-text", Input)  # type: ignore[attr-defined]
        alive = []
        for _ in range(5):  # an edit of one's own knot opened and left, again and again
            tree.focus()
            await settled(pilot, screen)
            if tree.current is None:
                await pilot.press("down")
            await still(pilot, screen)
            # A full pass in the opening walks these (and the young ones any pass walks).
            walk = len(gc.get_objects(generation=2))
            assert walk < TIDY_AFTER, walk
            await pilot.press("e")
            await until(lambda: app.focused is box)
            await settled(pilot, screen)
            await pilot.press("escape")
            await settled(pilot, screen)
            gc.collect()
            alive.append(gc.get_freeze_count() + len(gc.get_objects()))
        # The first openings fill what is kept per look (the tree without the focus); after
        # that an opening keeps nothing: not an object more per edit.
        assert max(alive[2:]) - alive[2] < 500, alive
