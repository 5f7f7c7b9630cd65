"""Text the naive tester (s5 finding 9) saw cut at 80 columns: the facts' key line ("… r take back
the" without "fact") and the lobby's phase column after a phase changed ("Evalue"), en and nl."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable

from beraad.i18n import _
from beraad.ui.models import MySession
from beraad.ui.widgets.my_sessions import MySessionsList
from tests.ui.conftest import SIZE
from tests.ui.session_people import create_in_app, make_app, node_of, session_screen, until
from tests.ui.test_facts_screen import open_facts
from tests.ui.test_session_flow import screen_text

pytestmark = pytest.mark.timeout(90)


async def test_the_facts_key_line_is_whole_at_80_columns(tmp_path: Path, language):
    anja = make_app(tmp_path / "anja", "Anja", language)
    async with anja.run_test(size=SIZE) as a:
        await create_in_app(a, "Street meeting", "How slow should cars go?")
        session = session_screen(anja).session
        await open_facts(a)
        await a.press(*"Speed limit", "ctrl+s")
        await until(lambda: node_of(anja).state(session).facts, a)
        await a.press("shift+tab", "down", "tab")  # a fact of mine chosen, keys in the title
        words = _("r take back the fact")
        last = words.split()[-1]
        await until(lambda: _("In the list (Shift+Tab): {keys}").split(":")[0] in
                    screen_text(anja), a)  # fmt: skip
        text = " ".join(screen_text(anja).split())
        assert words in text, screen_text(anja)
        assert last in text


class Lobby(App[None]):
    def compose(self) -> ComposeResult:
        yield MySessionsList([MySession("s1", "Street meeting", phase="knots", members=3)])


async def test_the_lobby_phase_column_follows_a_longer_phase(language):
    app = Lobby()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(MySessionsList)
        app.push_screen(Screen())  # the lobby covered by a session, as in the app
        await pilot.pause()
        table.show([MySession("s1", "Street meeting", phase="evaluate", members=3)])
        app.pop_screen()
        await until(lambda: app.query_one(DataTable).row_count == 1, pilot)
        await pilot.pause()
        row = next(line for line in screen_text(app).splitlines() if "Street meeting" in line)
        assert _("Evaluate") in row and row.split()[-1] == "3", row
