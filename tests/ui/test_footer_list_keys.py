"""The opening's group list names all its own keys in the footer at 80 columns, Dutch too
(naive s9b finding 9: "e" to rename was in the hint and help but cut from the footer, after
"w Wie legt contact?"). Real app, real node, Pilot at 80×24."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable

from beraad.i18n import _
from tests.ui.test_session_flow import in_the_opening, make_app, screen_text, until

pytestmark = pytest.mark.timeout(120)


async def test_the_group_lists_keys_all_fit_the_footer(tmp_path: Path, language):
    anja = make_app(tmp_path / "anja", "Anja")
    async with anja.run_test(size=(80, 24)) as a:
        screen, view, _box = await in_the_opening(a)
        await a.press(*"Youth", "enter")
        await until(lambda: "Youth" in [g.name for g in screen.state.groups.values()], a)
        await a.press("tab")
        table = view.query_one("#groups", DataTable)
        await until(lambda: anja.focused is table, a)
        keys = [f"{key} {_(words)}" for key, words in (("1", "Present"), ("w", "Reach out"))]
        keys.append("e " + _("Rename"))

        def footer() -> str:
            return screen_text(anja).splitlines()[-1]

        await until(lambda: all(key in footer() for key in keys), a)
