"""The lobby shows what it is given, refreshes live on messages, and leads to each action."""

from __future__ import annotations

from textual.widgets import DataTable, Input

from beraad.ui.app import BeraadApp
from beraad.ui.messages import MySessionsChanged, NearbyChanged
from beraad.ui.models import MySession, NearbyItem
from beraad.ui.screens.connect import ConnectScreen
from beraad.ui.screens.join import JoinScreen
from beraad.ui.screens.lobby import LobbyScreen
from beraad.ui.screens.start import StartScreen
from beraad.ui.widgets.field_error import FieldError
from beraad.ui.widgets.my_sessions import MySessionsList
from beraad.ui.widgets.nearby_list import NearbyList
from tests.ui.conftest import SIZE

STREET = NearbyItem("a" * 32, "Our street", "192.168.1.20:7070", 3)
PRIVATE = NearbyItem("b" * 32, None, "192.168.1.21:7070", 1)


def rows(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_lists_refresh_when_told(app: BeraadApp):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lobby = app.screen
        assert isinstance(lobby, LobbyScreen)
        nearby = lobby.query_one(NearbyList).query_one(DataTable)
        assert not nearby.display  # nothing yet: the "nobody yet" line shows instead
        lobby.post_message(NearbyChanged([STREET, PRIVATE]))
        lobby.post_message(MySessionsChanged([MySession("c" * 32, "Budget 2026", "", "knots", 4)]))
        await pilot.pause()
        assert nearby.display
        assert rows(nearby) == [
            ["Our street", "192.168.1.20:7070", "3"],
            ["(private: ask for a join code)", "192.168.1.21:7070", "1"],
        ]
        assert rows(lobby.query_one(MySessionsList).query_one(DataTable)) == [
            ["Budget 2026", "Knots", "4"]
        ]
        # A later change replaces the list; nothing is left over from before.
        lobby.post_message(NearbyChanged([PRIVATE]))
        await pilot.pause()
        assert [r[1] for r in rows(nearby)] == ["192.168.1.21:7070"]


async def test_choosing_a_nearby_deliberation_opens_join_with_its_address(app: BeraadApp):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.post_message(NearbyChanged([STREET, PRIVATE]))
        await pilot.pause()
        app.screen.query_one(NearbyList).query_one(DataTable).focus()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, JoinScreen)
        assert app.screen.query_one("#address", Input).value == "192.168.1.21:7070"
        assert app.screen.query_one("#code", Input).has_focus


async def test_every_action_is_one_key_away(app: BeraadApp):
    async with app.run_test(size=SIZE) as pilot:
        for key, screen_type in (("n", StartScreen), ("j", JoinScreen), ("c", ConnectScreen)):
            await pilot.pause()
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, screen_type), key
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, LobbyScreen)


async def test_connect_checks_the_address_and_says_offline_without_a_network(app: BeraadApp):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        await pilot.press(*"192.168.1.20", "enter")
        await pilot.pause()
        error = app.screen.query_one("#address-error", FieldError)
        assert "host and a port" in error.message
        await pilot.press(*":7070", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LobbyScreen)
        messages = [n.message for n in app._notifications]
        assert any("Offline" in m for m in messages)


async def test_enter_in_an_empty_lobby_starts_a_new_one(app: BeraadApp):
    """Enter did nothing at first because nothing had the keys; a list that fills later
    still takes them over (Enter then opens what it shows), until the person moves them."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lobby = app.screen
        assert isinstance(lobby, LobbyScreen)
        assert app.focused is lobby.query_one("#start")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is lobby
        lobby.post_message(NearbyChanged([STREET]))
        await pilot.pause()
        assert app.focused is lobby.query_one(NearbyList).query_one(DataTable)


async def test_a_join_code_typed_in_the_lobby_opens_the_join_with_it(app: BeraadApp):
    """Naive s13 N3: a code typed in the lobby ("58 summer book") vanished without a word;
    Enter then opened the join with an empty code box. Its first digit opens "Join by code"
    and the whole code is in the box, typed at speed, a nearby row having the keys."""
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.post_message(NearbyChanged([STREET, PRIVATE]))
        await pilot.pause()
        app.screen.query_one(NearbyList).query_one(DataTable).focus()
        await pilot.press(*"58 summer book")
        await pilot.pause()
        assert isinstance(app.screen, JoinScreen)
        code = app.screen.query_one("#code", Input)
        assert code.value == "58 summer book" and code.has_focus
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LobbyScreen)
        await pilot.press("j")  # and again, the lobby's keys as before
        await pilot.pause()
        assert isinstance(app.screen, JoinScreen)
        assert app.screen.query_one("#code", Input).value == ""
