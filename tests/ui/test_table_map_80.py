"""The facilitator's table map at 80×24 (naive finding): what has the keys is in view, a
refusal is seen, and the place is kept after a change."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from tests.ui.test_session_flow import create_in_app, make_app, screen_text, session_screen, until

pytestmark = pytest.mark.timeout(120)

PLACEHOLDER = "a group concerned"


async def test_groups_typed_in_the_opening_stay_in_sight(tmp_path: Path):
    anja = make_app(tmp_path / "anja", "Anja")
    async with anja.run_test(size=(80, 24)) as a:
        await create_in_app(a, "Our square", "How do we make the square nicer for everyone?")
        screen = session_screen(anja)
        await until(lambda: screen.viewing == "opening", a)
        view = screen.view("opening")
        box = view.query_one("#group-text", Input)
        await until(lambda: anja.focused is box, a)
        for name in ("Residents", "Youth", "Shopkeepers", "Municipality"):
            await a.press(*name, "enter")
            await until(lambda n=name: n in [g.name for g in screen.state.groups.values()], a)
            # The table's row comes with the view's next redraw (later under load): wait for it
            # on screen, then the box must still be in sight beside it.
            await until(lambda n=name: n in screen_text(anja), a)
            text = screen_text(anja)
            assert PLACEHOLDER in text and name in text, text
        # Tab is the list (naive finding: it went to the rules at the top); a refused rename
        # is said where the person looks.
        await a.press("tab")
        table = view.query_one("#groups", DataTable)
        await until(lambda: anja.focused is table, a, timeout=3)
        await a.press("down", "e")  # Youth (Tab chose Residents, the first)
        await until(lambda: anja.focused is box, a)
        await a.press(*["backspace"] * 20, *"Residents", "enter")
        await until(lambda: "already" in screen_text(anja), a)
        assert "Residents" in box.value
        # A rename that is taken keeps the place: the box and the list stay in sight.
        await a.press(*["backspace"] * 20, *"Young people", "enter")
        await until(lambda: "Young people" in [g.name for g in screen.state.groups.values()], a)
        await a.pause()
        text = screen_text(anja)
        assert PLACEHOLDER in text and "Young people" in text, text
