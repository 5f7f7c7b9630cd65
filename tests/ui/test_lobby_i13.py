"""The lobby after a walk through a real meeting: each deliberation once, "continue" first, and
a focus that shows in every theme."""

from __future__ import annotations

import pytest
from textual.color import Color
from textual.widgets import Button, DataTable

from beraad import away
from beraad.net.discovery import Nearby
from beraad.node import Node
from beraad.resources import data_files
from beraad.ui.app import BeraadApp
from beraad.ui.bridge import nearby_items
from beraad.ui.messages import MySessionsChanged, NearbyChanged
from beraad.ui.models import MySession, NearbyItem
from beraad.ui.screens.lobby import LobbyScreen
from beraad.ui.screens.session import SessionScreen
from beraad.ui.themes import load_themes
from beraad.ui.widgets.my_sessions import MySessionsList
from beraad.ui.widgets.nearby_list import NearbyList
from tests.ui.conftest import SIZE
from tests.ui.session_people import make_app
from tests.ui.test_session_flow import screen_text, until

pytestmark = pytest.mark.timeout(120)


def advert(session: str, peer: str, host: str, title: str | None = None) -> Nearby:
    return Nearby(session=session, peer=peer, host=host, port=7070, nameplate=None, title=title)


def test_each_deliberation_nearby_is_one_row_and_mine_are_left_out():
    mine, street, p1, p2, p3 = ("a" * 32, "b" * 32, "c" * 32, "d" * 32, "e" * 32)
    found = [
        advert(mine, "anja", "10.0.0.2"),  # a session I am in, advertised by a co-member
        advert(street, "bart", "10.0.0.3", "Our street"),
        advert(street, "chloe", "10.0.0.4", "Our street"),
        advert(p1, "bart", "10.0.0.3"),  # two private sessions at one address …
        advert(p2, "bart", "10.0.0.3"),
        advert(p3, "driss", "10.0.0.5"),  # … and one elsewhere
    ]
    rows = [(i.title, i.where) for i in nearby_items(found, {mine})]
    assert rows == [
        ("Our street", "10.0.0.3:7070"),
        (None, "10.0.0.3:7070"),
        (None, "10.0.0.5:7070"),
    ]
    assert mine not in {i.session for i in nearby_items(found, {mine})}
    # The one private row at 10.0.0.3 says it stands for two, and counts no peers: it read
    # "(privé: vraag een deelnamecode) 1", as if one deliberation of one person (naive s13b).
    (two,) = [i for i in nearby_items(found, {mine}) if i.title is None and i.private == 2]
    assert two.members is None and two.where == "10.0.0.3:7070"
    assert NearbyList().row(two)[0] == "(2 private: ask for a join code)"


def test_beraad_sessions_lists_each_deliberation_nearby_once_by_its_name():
    """Naive s13b: a stranger's ``beraad sessions`` listed every private deliberation as a
    hex id, once per address that holds it. One line each, its name first, its addresses on it
    (the id last: export and state take it)."""
    from beraad.commands.sessions import nearby_lines

    private, street = "d" * 32, "b" * 32
    found = [
        advert(private, "anja", "10.0.0.1"),
        advert(private, "bart", "10.0.0.2"),
        advert(street, "bart", "10.0.0.2", "Our street"),
    ]
    assert nearby_lines(found) == [
        f"  (private)  10.0.0.1:7070, 10.0.0.2:7070  {private}",
        f"  Our street  10.0.0.2:7070  {street}",
    ]


async def test_a_returning_person_continues_with_enter(tmp_path):
    """Start beraad again after leaving a deliberation: Enter alone takes you back into it."""
    home = tmp_path / "anja"
    app = make_app(home, "Anja")
    async with app.run_test(size=SIZE) as pilot:
        await until(lambda: app.bridge is not None, pilot)
        node: Node = app.bridge.node  # type: ignore[union-attr]
        older = await node.create_session(title="Budget 2026", focus="What first?")
        latest = await node.create_session(title="Our square", focus="How?")
        away.mark_seen(node, older.session)
        away.mark_seen(node, latest.session)
        marker = away.last_seen(node, older.session) or {}
        node.set_local_values(older.session, {away.AWAY_KEY: {**marker, "at": 1}})
    app = make_app(home, "Anja")
    async with app.run_test(size=SIZE) as pilot:
        await until(lambda: isinstance(app.focused, Button) and app.focused.display, pilot)
        button = app.screen.query_one("#continue", Button)
        assert app.focused is button
        assert "Continue “Our square”" in screen_text(app)
        # at the top: above both lists
        assert button.region.y < app.screen.query_one(NearbyList).region.y
        await pilot.press("enter")
        await until(lambda: isinstance(app.screen, SessionScreen), pilot)
        assert app.screen.session == latest.session


async def test_no_continue_for_someone_who_never_left_a_deliberation(app: BeraadApp):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        lobby = app.screen
        assert isinstance(lobby, LobbyScreen)
        lobby.post_message(MySessionsChanged([MySession("c" * 32, "Budget 2026", "", "knots", 4)]))
        await pilot.pause()
        assert not lobby.query_one("#continue", Button).display
        assert "Continue" not in screen_text(app)


def _luminance(color: Color) -> float:
    """WCAG 2 relative luminance."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(color.r) + 0.7152 * linear(color.g) + 0.0722 * linear(color.b)


def _contrast(one: Color, two: Color) -> float:
    """WCAG 2 contrast ratio; 3:1 is the minimum for a focus indicator."""
    light, dark = sorted((_luminance(one), _luminance(two)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("theme", [t.name for t in load_themes(data_files("themes"))[0]])
async def test_the_focused_list_shows_a_bar_in_every_theme(app: BeraadApp, theme):
    async with app.run_test(size=SIZE) as pilot:
        app.theme = theme
        await pilot.pause()
        lobby = app.screen
        lobby.post_message(NearbyChanged([NearbyItem("a" * 32, "Our street", "10.0.0.3:7070")]))
        lobby.post_message(MySessionsChanged([MySession("c" * 32, "Budget 2026", "", "knots", 4)]))
        await pilot.pause()
        mine = lobby.query_one(MySessionsList).query_one(DataTable)
        nearby = lobby.query_one(NearbyList).query_one(DataTable)
        mine.focus()
        await pilot.pause()
        # Without colour too: a bar left of the focused list only.
        text = screen_text(app).splitlines()
        first_row = lambda table: text[table.region.y]  # noqa: E731
        bars = ("█", "▌", "▐", "┃")
        assert first_row(mine).lstrip().startswith(bars)
        assert not first_row(nearby).lstrip().startswith(bars)
        # And in colour: the bar stands out from the background.
        kind, bar = mine.styles.border_left
        assert kind == "thick"
        assert _contrast(bar, lobby.styles.background) >= 3, theme


async def test_a_data_dir_held_by_another_beraad_is_said_not_shown_as_empty(tmp_path):
    """A second window (or browser tab) on a data dir whose node runs elsewhere and cannot be
    attached to (an older beraad, no socket): the lobby says why it cannot show the
    deliberations instead of "You are not in any yet". (Attaching: ``test_attach.py``.)"""
    home = tmp_path / "anja"
    first = make_app(home, "Anja")
    async with first.run_test(size=SIZE) as pilot:
        await until(lambda: first.bridge is not None, pilot)
        await first.bridge.node.create_session(title="Budget 2026", focus="What first?")  # type: ignore[union-attr]
        server = first.bridge.node.attach_server  # type: ignore[union-attr]
        if server is not None:
            await server.close()  # a holder that serves no socket
        second = make_app(home, "Anja")
        async with second.run_test(size=SIZE) as other:
            await until(lambda: "another beraad on this data dir" in screen_text(second), other)
            words = " ".join(screen_text(second).split())
            assert "not in any deliberation yet" not in words
            assert "in use by another beraad" in words  # the status line: which dir, which pid
