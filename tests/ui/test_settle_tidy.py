"""A session screen left still after the first looks at its views collects once what those
looks left behind (the lines drawn, each a ``Strip`` of a dozen objects), so the collector's
next full pass — at a moment nobody chooses, such as an edit's opening — walks few objects, not
the tens of thousands of every line drawn; opening an edit again and again leaves nothing
behind. Still, it also paints the focused list as it looks without the focus, so even the first
edit's opening draws only the cursor's line, not every line in view. Counted (objects the
collector would walk, objects alive, lines drawn and painted), never timed. The real app
on a real node and store (the benchmark's session at 150 contributions, in the decide phase).
"""

from __future__ import annotations

import gc

import pytest
from textual.widgets import Input

from benchmarks.ui import build_session
from beraad.ui.screens import session_rest
from beraad.ui.settle import TIDY_AFTER
from tests.ui.stored_app import session_opened, stored_app, until
from tests.ui.test_switch_work import settled

pytestmark = pytest.mark.timeout(120)

#: Enough that the knots tree fills its window (an edit's opening repaints a screenful).
CONTRIBUTIONS = 150


async def still(pilot, screen) -> None:  # type: ignore[no-untyped-def]
    """Until the screen has been still a moment and was looked at then."""
    await settled(pilot, screen)

    def looked_at_since() -> bool:
        stirred = screen._stirred()
        return stirred is not None and screen._settler.looked > stirred

    await until(looked_at_since)


async def test_a_still_screen_collects_what_the_first_looks_left_and_paints_edits_ahead(
    monkeypatch, tmp_path
):
    monkeypatch.setattr(session_rest, "MOUNT_REST_AFTER", 0.05)
    gc.unfreeze()
    w = build_session(CONTRIBUTIONS)
    app = stored_app(w, tmp_path)
    try:
        await edits_after_first_looks(app, w.session)
    finally:
        gc.unfreeze()


async def edits_after_first_looks(app, session: str) -> None:  # type: ignore[no-untyped-def]
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await session_opened(app, session)
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
        assert tree.show_vertical_scrollbar  # more knots than lines in view
        alive = []
        for _ in range(6):  # an edit of one's own knot opened and left, again and again
            tree.focus()
            await settled(pilot, screen)
            if tree.current is None:
                await pilot.press("down")
            await still(pilot, screen)
            # A full pass in the opening walks these (and the young ones any pass walks).
            walk = len(gc.get_objects(generation=2))
            assert walk < TIDY_AFTER, walk
            drawn, painted = tree.lines_drawn, tree.lines_painted
            await pilot.press("e", "enter")
            await until(lambda: app.focused is box)
            await settled(pilot, screen)
            # The tree without the focus was painted ahead at the still moment, the first
            # time too: the opening draws and paints the cursor's line, not every line.
            assert tree.lines_drawn - drawn <= 2
            assert tree.lines_painted - painted <= 3
            await pilot.press("escape")
            await settled(pilot, screen)
            gc.collect()
            alive.append(gc.get_freeze_count() + len(gc.get_objects()))
        # The first openings fill what is kept per look (the tree without the focus); after
        # that an opening keeps nothing (a widget or a view's rows kept per edit would be
        # hundreds of objects each time; caches that turn over and a still moment's freeze
        # move the count by a few hundred, up and down: 14 edits stayed within 700).
        assert alive[-1] - alive[2] < 1_000, alive
