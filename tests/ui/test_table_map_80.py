"""The facilitator's table map at 80×24 (naive finding): what has the keys is in view, a
refusal is seen, and the place is kept after a change."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable

from beraad.ui.widgets.table_map import TableMap
from tests.ui.burst import burst
from tests.ui.test_session_flow import in_the_opening, make_app, screen_text, until

pytestmark = pytest.mark.timeout(120)

PLACEHOLDER = "a group concerned"


def in_sight(app, *words: str) -> bool:
    """Are all the words on one and the same screen (one frame, read once)?"""
    text = screen_text(app)
    return all(word in text for word in words)


async def test_groups_typed_in_the_opening_stay_in_sight(tmp_path: Path):
    anja = make_app(tmp_path / "anja", "Anja")
    async with anja.run_test(size=(80, 24)) as a:
        screen, view, box = await in_the_opening(a)
        # Eight: the list shows six rows at 80×24, and the seventh and eighth were added out
        # of sight, the box emptied, and the word seemed lost (naive s17 F6).
        names = ("Residents", "Youth", "Shopkeepers", "Municipality", "Police", "School")
        for name in (*names, "Cyclists", "Students"):
            burst(anja, name)
            await a.press("enter")
            await until(lambda n=name: n in [g.name for g in screen.state.groups.values()], a)
            # The table's row comes with the view's next redraw, and the view scrolls the box
            # back into sight only after that redraw (keep_in_sight, call_after_refresh): a
            # frame with the row and the box pushed down comes first (read under load in a
            # fresh-clone CI run). Wait for what the person sees once settled: both at once.
            await until(lambda n=name: in_sight(anja, PLACEHOLDER, n), a)
        # Tab is the list (naive finding: it went to the rules at the top); a refused rename
        # is said where the person looks.
        await a.press("tab")
        table = view.query_one("#groups", DataTable)
        await until(lambda: anja.focused is table, a)
        # Its columns fit beside its scroll bar: End shifted them all ("roup", "esidents").
        assert table.max_scroll_x == 0
        last = next(key for key, g in screen.state.groups.items() if g.name == "Students")
        await a.press("end")  # the last group (it did nothing: naive s18), Home the first
        assert table.scroll_x == 0 and view.query_one(TableMap).chosen() == last
        await a.press("home")
        assert "Residents" in screen_text(anja)
        await a.press("down", "e", "enter")  # Youth (Home chose Residents, the first)
        await until(lambda: anja.focused is box, a)
        await a.press(*["backspace"] * 20, *"Residents", "enter")
        await until(lambda: "already" in screen_text(anja), a)
        assert "Residents" in box.value
        # A rename that is taken keeps the place: the box and the list stay in sight.
        await a.press(*["backspace"] * 20, *"Young people", "enter")
        await until(lambda: "Young people" in [g.name for g in screen.state.groups.values()], a)
        await until(lambda: in_sight(anja, PLACEHOLDER, "Young people"), a)
