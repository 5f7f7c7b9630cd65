"""The knots list's keys are said where they work (naive finding: the footer showed only
``a`` though help said m, l, p were there): on the chosen row, while the list has the keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from beraad.ui.widgets.item_tree import ItemTree
from tests.ui.test_focus_naive import SIZE, in_knots
from tests.ui.test_session_flow import make_app, screen_text, session_screen, shows, until

pytestmark = pytest.mark.timeout(120)


async def test_the_chosen_knot_says_the_list_keys(tmp_path: Path, language):
    from beraad.i18n import _

    anja = make_app(tmp_path / "anja", "Anja")
    async with anja.run_test(size=SIZE) as a:
        await in_knots(a)
        view = session_screen(anja).view("knots")
        await a.press(*"too many cars", "enter")
        await until(lambda: shows(anja, "knots", "too many cars"), a)
        keys = [f"m {_('Matters to me')}", f"l {_('Link')}", f"p {_('Part of')}"]
        assert not any(key in screen_text(anja) for key in keys)  # the box has the keys
        await a.press("shift+tab", "down")
        await until(lambda: anja.focused is view.query_one(ItemTree), a)
        await a.pause()
        text = screen_text(anja)
        assert all(key in text for key in keys), text
        assert max(len(line.rstrip()) for line in text.splitlines()) <= 80
        await a.press("tab")  # back in the box: the letters are text, not said as keys
        await until(lambda: anja.focused is view.text_box(), a)
        await a.pause()
        assert not any(key in screen_text(anja) for key in keys)
