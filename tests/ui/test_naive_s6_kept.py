"""What the sixth naive session typed and lost, or could not reach (findings 5, 8, 9, 11, 14
of naive_s6_report): boxes, lists and the lobby keep what is typed."""

from __future__ import annotations

import pytest

from tests.ui.phases_app import SIZE
from tests.ui.stored_app import session_opened
from tests.ui.stored_app import until as until_app
from tests.ui.test_naive_s6 import opened_by, three

pytestmark = pytest.mark.timeout(120)


async def test_edit_box_starts_with_the_cursor_after_the_words(tmp_path):
    """Once the box had added a knot, `e` put the knot's words in it with the cursor at
    the start: "on the cornerParked cars block the view" was signed. The cursor is always
    after the words to edit."""
    w = three()
    app = opened_by(w, tmp_path / "anja", 0)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        view = screen.view("knots")
        box = view.composer.input
        node = screen.node
        await until_app(lambda: screen.focused is box)
        await pilot.press(*"Parked cars block the view", "enter")
        await until_app(lambda: len(node.state(w.session).knots) == 1)
        await pilot.press("tab", "down", "e")
        await until_app(lambda: screen.focused is box and view.composer.mode != "add")
        await pilot.press(*" on the corner", "enter")
        await until_app(
            lambda: any("corner" in k.text for k in node.state(w.session).knots.values())
        )
        texts = [k.text for k in node.state(w.session).knots.values()]
        assert texts == ["Parked cars block the view on the corner"]
