"""While you were away: Bart leaves the session, Anja carries on, Bart comes back and reads
what happened — two real apps on real loopback nodes, the marker in Bart's real store.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable

from beraad.away import AWAY_KEY
from beraad.store import RecordStore
from beraad.ui.screens.lobby import LobbyScreen
from beraad.ui.screens.session import SessionScreen
from beraad.ui.screens.while_away import WhileAwayScreen
from tests.ui.burst import burst
from tests.ui.conftest import SIZE
from tests.ui.session_people import (
    joined_our_street,
    make_app,
    node_of,
    screen_words,
    session_screen,
    until,
)
from tests.ui.test_session_flow import move_on, shows

pytestmark = pytest.mark.timeout(120)


async def open_from_lobby(pilot) -> None:
    """In the lobby, choose the (only) deliberation under "my deliberations"."""
    app = pilot.app
    await until(lambda: isinstance(app.screen, LobbyScreen), pilot)
    table = app.screen.query_one("#mine DataTable", DataTable)
    await until(lambda: table.row_count == 1, pilot)
    table.focus()
    await pilot.press("enter")
    await until(lambda: isinstance(app.screen, SessionScreen | WhileAwayScreen), pilot)


async def test_who_comes_back_reads_what_happened_meanwhile(tmp_path: Path):
    anja = make_app(tmp_path / "anja", "Anja")
    bart = make_app(tmp_path / "bart", "Bart")
    async with anja.run_test(size=SIZE) as a, bart.run_test(size=SIZE) as b:
        session = await joined_our_street(a, b)

        # Bart steps out to the lobby; his node stays connected and keeps receiving.
        await b.press("ctrl+l")
        await until(lambda: isinstance(bart.screen, LobbyScreen), b)
        assert AWAY_KEY in node_of(bart).store.session_local(session)

        await move_on(a)  # arriving in Knots, Anja's keys are in its text box: she types
        await until(lambda: anja.focused is session_screen(anja).view("knots").text_box(), a)
        burst(a.app, "Cars drive too fast")
        await a.press("enter")
        burst(a.app, "No crossing near the school")
        await a.press("enter")
        node_a, node_b = node_of(anja), node_of(bart)
        await until(lambda: len(node_b.state(session).knots) == 2, a, b)
        assert {k.text for k in node_b.state(session).knots.values()} == {
            "Cars drive too fast",
            "No crossing near the school",
        }

        await open_from_lobby(b)
        await until(lambda: isinstance(bart.screen, WhileAwayScreen), b)
        words = screen_words(bart)
        assert "While you were away" in words
        assert "The group moved from Opening to Knots." in words
        assert "New knots (2)" in words
        assert "Cars drive too fast — Anja" in words
        assert "No crossing near the school — Anja" in words
        # Bart types at once: his letters go on in the box below (naive s5 f3) and the
        # summary stays to be read until Escape (naive s8b finding 8).
        box = session_screen(bart).view("knots").text_box()
        await b.press(*"Bumps")
        await until(lambda: box.value == "Bumps", b)
        assert isinstance(bart.screen, WhileAwayScreen)
        await b.press("escape")
        await until(lambda: isinstance(bart.screen, SessionScreen), b)
        box.value = ""
        assert shows(bart, "knots", "Cars drive too fast — Anja")

        # Leaving and coming back with nothing new: no summary.
        await b.press("ctrl+l")
        await open_from_lobby(b)
        assert isinstance(bart.screen, SessionScreen)
        for pilot in (a, b):
            await pilot.pause()
        assert not isinstance(bart.screen, WhileAwayScreen)

        # The next time only what is new since then is listed.
        await b.press("ctrl+l")
        await until(lambda: isinstance(bart.screen, LobbyScreen), b)
        await move_on(a)
        # To the list (Tab back), down to the first knot, "a" then Enter for a position on it.
        await a.press("shift+tab", "down", "a", "enter", *"A 30 km/h zone", "enter")
        await until(lambda: len(node_b.state(session).positions) == 1, a, b)
        assert [p.text for p in node_b.state(session).positions.values()] == ["A 30 km/h zone"]
        await open_from_lobby(b)
        await until(lambda: isinstance(bart.screen, WhileAwayScreen), b)
        words = screen_words(bart)
        assert "The group moved from Knots to Positions." in words
        assert "New positions (1)" in words and "A 30 km/h zone — Anja" in words
        assert "New knots" not in words
        await b.press("escape")
        await until(lambda: isinstance(bart.screen, SessionScreen), b)

        # Something arrives while Bart looks; then he quits: what he saw is remembered.
        await a.press("shift+tab", "down", "plus", "enter", *"Children walk here", "enter")
        await until(lambda: shows(bart, "positions", "+ for: Children walk here"), a, b)
        seen = max(r.seq for r in node_b.records(session) if r.author == node_a.identity.public_key)
        await b.press("ctrl+q")
    with RecordStore.open(tmp_path / "bart") as store:
        marker = store.session_local(session)[AWAY_KEY]
    assert marker["frontier"][node_a.identity.public_key] == seen


async def test_who_comes_back_as_the_network_comes_up_reads_what_happened(tmp_path: Path):
    """Naive s10b finding N: the lobby shows before the node is open, so Enter at once opened
    the session before the others' records came; they were drawn as if seen, no word said.
    What the first sync brings after the arrival is said then (``DeviceKept._catch_up``)."""
    anja = make_app(tmp_path / "anja", "Anja")
    async with anja.run_test(size=SIZE) as a:
        bart = make_app(tmp_path / "bart", "Bart")
        async with bart.run_test(size=SIZE) as b:
            await joined_our_street(a, b)
            await move_on(a)
            await until(lambda: session_screen(bart).group_phase == "knots", a, b)
            await b.press("ctrl+q")  # Bart closes beraad
            await until(lambda: not bart.is_running, b)
        await until(lambda: anja.focused is session_screen(anja).view("knots").text_box(), a)
        burst(a.app, "Cars drive too fast")
        await a.press("enter")
        await until(lambda: len(session_screen(anja).state.knots) == 1, a)
        bart = make_app(tmp_path / "bart", "Bart")  # Bart opens beraad again, Enter at once
        async with bart.run_test(size=SIZE) as b:
            await open_from_lobby(b)
            await until(lambda: isinstance(bart.screen, WhileAwayScreen), a, b)
            await until(lambda: "Cars drive too fast — Anja" in screen_words(bart), a, b)
