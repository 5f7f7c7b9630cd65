"""The opening's text box is the table map's group box (naive findings 2 and 3): it has the keys
on arrival and is in view at 80×24, also after "since last time"; typing in the groups list
with no row chosen is text for it; Escape in "who reaches out" empties it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from tests.ui.session_people import at_meeting_two
from tests.ui.test_session_flow import create_in_app, make_app, session_screen, until

pytestmark = pytest.mark.timeout(120)

SIZE = (80, 24)
NAME = "Bewoners uit blok 3"  # w, 3: keys of the groups list


def in_view(app, widget) -> bool:
    """Is ``widget`` on the screen, not scrolled out of its container?"""
    region = widget.region
    return bool(region.height) and app.screen.region.contains_region(region)


async def test_the_opening_box_has_the_keys_and_list_letters_are_text(tmp_path: Path):
    anja = make_app(tmp_path / "anja", "Anja")
    async with anja.run_test(size=SIZE) as a:
        await create_in_app(a, "Our square", "Nicer for everyone?")
        screen = session_screen(anja)
        assert screen.viewing == "opening"
        box = screen.view("opening").query_one("#group-text", Input)
        await until(lambda: anja.focused is box, a)
        await until(lambda: in_view(anja, box), a)
        await a.press(*"Shopkeepers", "enter")
        await until(lambda: len(screen.state.groups) == 1 and not box.value, a)
        await a.press(*"Youth", "enter")
        await until(lambda: len(screen.state.groups) == 2 and not box.value, a)

        # Shift+Tab to the list, no row chosen: a name typed there is text for the box.
        table = screen.view("opening").query_one("#groups", DataTable)
        await a.press("shift+tab")
        await until(lambda: anja.focused is table, a)
        await a.press(*NAME)
        assert anja.focused is box and box.value == NAME
        assert not screen.query_one("#group-mode").render().plain  # no "who reaches out"
        assert all(g.status is None for g in screen.state.groups.values())  # 3 marked nothing
        await a.press("enter")
        await until(lambda: len(screen.state.groups) == 3 and not box.value, a)

        # With a row chosen (↓) a letter proposes and Enter acts: w then Enter asks who reaches
        # out; Escape empties the box.
        await a.press("shift+tab")
        await until(lambda: anja.focused is table, a)
        await a.press("down", "w", "enter")
        await until(lambda: anja.focused is box and bool(box.value), a)
        await a.press(*" soon", "escape")
        assert box.value == "" and anja.focused is box
        assert not screen.query_one("#group-mode").render().plain
        await a.press("enter")
        await a.pause()
        assert len(screen.state.groups) == 3 and not screen.state.actions


async def test_after_since_last_time_the_opening_box_has_the_keys(tmp_path: Path):
    """Meeting 2 opens with "since last time"; once closed, typing names a group (it was lost)."""
    anja = make_app(tmp_path / "anja", "Anja")
    async with anja.run_test(size=SIZE) as a:
        screen = await at_meeting_two(a)
        await a.press("enter")
        await until(lambda: anja.screen is screen, a)
        assert screen.viewing == "opening"
        box = screen.view("opening").query_one("#group-text", Input)
        await until(lambda: anja.focused is box and in_view(anja, box), a)
        await a.press(*NAME)
        assert box.value == NAME
