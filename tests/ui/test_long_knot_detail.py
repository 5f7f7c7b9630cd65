"""A long knot is read whole under the list at 80×24 (naive s13 N5: a pasted paragraph showed
its first ~75 characters in the row and ONE line in the detail; the rest was nowhere)."""

from __future__ import annotations

import pytest

from beraad.core import session as bodies
from tests.ui.phases_app import SIZE
from tests.ui.phases_text import screen_words
from tests.ui.stored_app import session_opened
from tests.ui.stored_app import until as until_app
from tests.ui.test_naive_s6 import opened_by, three

pytestmark = pytest.mark.timeout(60)

PARAGRAPH = (
    "The fence along the canal has holes, and last summer two toddlers walked out through "
    "the biggest one before anyone noticed. The council says the fence is the water board's, "
    "the water board says it belongs to the housing corporation, and the corporation has not "
    "answered our letters since March. Meanwhile the holes get bigger every month and the "
    "path beside the water is where the children ride their bikes after school."
)


async def test_the_chosen_knots_whole_text_is_under_the_list(tmp_path):
    w = three("facilitator", phase="knots")
    w.write(1, "knot.add", bodies.text_body(PARAGRAPH))
    w.write(1, "knot.add", bodies.text_body("Too little shade"))
    app = opened_by(w, tmp_path / "chris", 2)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        knots = screen.view("knots")
        await until_app(lambda: screen.focused is knots.text_box())
        knots.tree.focus()
        await until_app(lambda: screen.focused is knots.tree)
        await pilot.press("down")
        await until_app(lambda: "A key, then Enter" in screen_words(app))
        # Every word of it on the 80×24 screen, the row's keys above it, the box below.
        await until_app(lambda: PARAGRAPH in screen_words(app))
        assert knots.composer.region.bottom <= SIZE[1]
        await pilot.press("down")  # a short knot: the detail is its three lines again
        await until_app(lambda: PARAGRAPH not in screen_words(app))
        await until_app(lambda: knots.query_one("#knots-detail").size.height == 3)
