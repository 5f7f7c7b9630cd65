"""The lobby after leaving a session (naive s6b finding J) and ↓ on its buttons' row: real
app, real node on loopback, keys through Pilot at 80×24."""

from __future__ import annotations

from pathlib import Path

from textual.events import Key
from textual.widgets import Button, DataTable

from beraad.ui.screens.lobby import LobbyScreen
from beraad.ui.screens.session import SessionScreen
from beraad.ui.screens.start import StartScreen
from tests.ui.conftest import SIZE
from tests.ui.session_people import make_app, until


async def test_continue_is_there_when_the_lobby_shows_after_ctrl_l(tmp_path: Path):
    """A session opened from the list for the first time, nothing written meanwhile: the
    lobby was filled only on the next node event, so "Continue" came seconds late."""
    app = make_app(tmp_path / "anja", "Anja")
    async with app.run_test(size=SIZE) as pilot:
        await until(lambda: app.bridge is not None, pilot)
        await app.bridge.node.create_session(title="Our street", focus="How?")  # type: ignore[union-attr]
        lobby = app.screen
        assert isinstance(lobby, LobbyScreen)
        table = lobby.query_one("#mine DataTable", DataTable)
        await until(lambda: table.row_count == 1, pilot)
        assert not lobby.query_one("#continue", Button).display  # never opened here yet
        table.focus()
        await pilot.press("enter")
        await until(lambda: isinstance(app.screen, SessionScreen), pilot)
        await pilot.press("ctrl+l")
        assert app.screen is lobby
        button = lobby.query_one("#continue", Button)
        assert button.display and "Our street" in str(button.label)


async def test_escape_from_the_start_form_gives_the_keys_back_to_the_list(tmp_path: Path):
    """naive s11 F-minor-15: the only session's row chosen, ↓ went on to "Start a new one",
    Enter opened its form; Escape left the keys on that button, so the next Enter opened the
    form again (twice). Now Escape gives them back to the list, and Enter opens the session."""
    app = make_app(tmp_path / "anja", "Anja")
    async with app.run_test(size=SIZE) as pilot:
        await until(lambda: app.bridge is not None, pilot)
        await app.bridge.node.create_session(title="Our street", focus="How?")  # type: ignore[union-attr]
        lobby = app.screen
        table = lobby.query_one("#mine DataTable", DataTable)
        await until(lambda: table.row_count == 1 and app.focused is table, pilot)
        await pilot.press("down")  # the last row: ↓ stays (naive s18 N5)
        assert app.focused is table
        await pilot.press("tab")  # Tab goes on to the buttons
        assert app.focused is lobby.query_one("#start", Button)
        await pilot.press("enter")
        await until(lambda: isinstance(app.screen, StartScreen), pilot)
        await pilot.press("escape")
        await until(lambda: app.screen is lobby, pilot)
        await until(lambda: app.focused is table, pilot)
        await pilot.press("enter")
        await until(lambda: isinstance(app.screen, SessionScreen), pilot)


async def test_down_on_the_buttons_row_goes_round_to_the_top(tmp_path: Path):
    """On the buttons' row ↓ did nothing (naive s6b). ↑ at the top stays there: it went round
    to "Start a new one", where Enter meant for a deliberation started one (naive s18 N5)."""
    app = make_app(tmp_path / "anja", "Anja")
    async with app.run_test(size=SIZE) as pilot:
        await until(lambda: app.bridge is not None, pilot)
        await app.bridge.node.create_session(title="Our street", focus="How?")  # type: ignore[union-attr]
        lobby = app.screen
        table = lobby.query_one("#mine DataTable", DataTable)
        await until(lambda: table.row_count == 1, pilot)
        start = lobby.query_one("#start", Button)
        start.focus()
        await until(lambda: app.focused is start, pilot)
        await pilot.press("down")  # round to the top: the list (no "Continue" yet)
        assert app.focused is table and table.cursor_row == 0
        await pilot.press("up")  # the top: the keys stay
        assert app.focused is table and table.cursor_row == 0


async def two_of_mine(pilot):  # type: ignore[no-untyped-def]
    """Anja's lobby with two deliberations of hers ("Schoolplein", "Speeltuin"): the lobby,
    its "My deliberations" table and the two sessions' ids."""
    app = pilot.app
    await until(lambda: app.bridge is not None, pilot)
    node = app.bridge.node
    first = await node.create_session(title="Schoolplein", focus="How?", invite=False)
    second = await node.create_session(title="Speeltuin", focus="What?", invite=False)
    lobby = app.screen
    return lobby, lobby.query_one("#mine DataTable", DataTable), first, second


async def test_tab_into_my_deliberations_starts_on_its_first_row(tmp_path: Path):
    """naive s16 N6: back from a deliberation opened from the list's second row, Tab put the
    keys in "My deliberations" still on that row (only colour showed it); ↓, meant for the
    second row, left the list, and Enter started a new deliberation. Tab into a list starts
    on its first row, as ↓ into it does, so Tab ↓ Enter opens the second."""
    app = make_app(tmp_path / "anja", "Anja")
    async with app.run_test(size=SIZE) as pilot:
        lobby, table, first, second = await two_of_mine(pilot)
        await until(lambda: table.row_count == 2 and app.focused is table, pilot)
        await pilot.press("down", "enter")  # the second row: Speeltuin
        await until(lambda: isinstance(app.screen, SessionScreen), pilot)
        assert app.screen.session == second
        await pilot.press("ctrl+l")
        await until(lambda: app.screen is lobby and app.focused is not None, pilot)
        assert app.focused is lobby.query_one("#continue", Button)
        await pilot.press("tab")
        assert app.focused is table and table.cursor_row == 0
        await pilot.press("down", "enter")
        await until(lambda: isinstance(app.screen, SessionScreen), pilot)
        assert app.screen.session == second and first != second


async def test_back_from_a_session_the_lobby_arrives_as_at_the_start(tmp_path: Path):
    """naive s18 N5: back with Ctrl+L from a deliberation opened from its row, the keys
    stayed on that row: Tab went to "Start a new one", and so did ↓ past the last row and ↑
    at the top; keys typed right after Ctrl+L acted on what had them before. Now every
    arrival is on "Continue" (Tab ↓ Enter opens the second row, typed at once after
    Ctrl+L), and ↓ ↑ at the list's ends stay in it."""
    app = make_app(tmp_path / "anja", "Anja")
    async with app.run_test(size=SIZE) as pilot:
        lobby, table, first, second = await two_of_mine(pilot)
        button = lobby.query_one("#continue", Button)
        await until(lambda: table.row_count == 2 and app.focused is table, pilot)
        await pilot.press("down", "enter")  # Speeltuin, then back: "Continue" offers it
        await until(lambda: isinstance(app.screen, SessionScreen), pilot)
        await pilot.press("ctrl+l")
        await until(lambda: app.screen is lobby and app.focused is button, pilot)
        await pilot.press("tab", "enter")  # Schoolplein, opened from its row
        await until(lambda: getattr(app.screen, "session", None) == first, pilot)

        driver = app._driver
        assert driver is not None
        for key, character in [("ctrl+l", None), ("tab", "\t"), ("down", None), ("enter", "\r")]:
            event = Key(key, character)  # as one burst: none waits for the lobby
            event.set_sender(app)
            driver.send_message(event)
        await until(lambda: getattr(app.screen, "session", None) == second, pilot)

        await pilot.press("ctrl+l")
        await until(lambda: app.screen is lobby and app.focused is button, pilot)
        await pilot.press("up")  # the top: stays
        assert app.focused is button
        await pilot.press("down", "down", "down")  # the last row: stays
        assert app.focused is table and table.cursor_row == 1
