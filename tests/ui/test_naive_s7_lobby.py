"""The lobby says what is true and its arrows move (naive s7 finding 13): with no other
deliberation nearby it does not say nobody has started one (peers were in one's own); in an
empty lobby ← → ↑ ↓ move along the buttons (only Tab did). Real app and node, 80×24."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button

from beraad.ui.screens.lobby import LobbyScreen
from tests.ui.conftest import SIZE
from tests.ui.phases_text import screen_words
from tests.ui.session_people import make_app, until


async def test_an_empty_lobby_says_what_is_true_and_its_arrows_move(tmp_path: Path):
    app = make_app(tmp_path / "anja", "Anja")
    async with app.run_test(size=SIZE) as pilot:
        await until(lambda: app.bridge is not None and isinstance(app.screen, LobbyScreen), pilot)
        lobby = app.screen
        words = screen_words(app)
        assert "No deliberation on this network besides your own." in words
        assert "Nobody on this network" not in words
        start, join, connect = (
            lobby.query_one(f"#{i}", Button) for i in ("start", "join", "connect")
        )
        start.focus()
        await pilot.press("right")
        assert app.focused is join
        await pilot.press("down")
        assert app.focused is connect
        await pilot.press("right")  # the end of the row: stays
        assert app.focused is connect
        await pilot.press("up", "left")
        assert app.focused is start
