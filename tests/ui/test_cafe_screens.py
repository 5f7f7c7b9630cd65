"""The café screens on real nodes: what the setup dialog refuses (and keeps), who is offered
which keys, Dutch at 80×24, and F9 from the real session screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from beraad.core.cafe import cafe_now
from beraad.core.cafe import seat_of as seat
from beraad.i18n import set_language
from beraad.node import Node
from beraad.ui.cafe_view import projector_seating, round_line, round_shown
from beraad.ui.screens.cafe import CafeScreen, CafeSetupScreen
from beraad.ui.widgets.meeting_status import status_text
from tests.core.test_cafe import FACILITATOR, GUEST, PEOPLE, Room, guest_room, planned
from tests.ui.conftest import SIZE
from tests.ui.phases_app import converged
from tests.ui.session_people import create_in_app, make_app
from tests.ui.test_cafe import CafeApp, open_node, shows, until
from tests.ui.test_meeting_tools import footer_keys
from tests.ui.test_session_flow import session_screen

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
async def trio(tmp_path: Path):
    nodes: list[Node] = []
    try:
        for name in ("Anna", "Bart", "Chloé"):
            nodes.append(await open_node(tmp_path / name.lower(), name))
        invitation = await nodes[0].create_session(title="Plein", focus="Wat nu?")
        for node in nodes[1:]:
            await node.join(invitation.code, address=nodes[0].address)
        await converged(nodes, invitation.session)
        yield nodes, invitation.session
    finally:
        for node in nodes:
            await node.close()


async def test_setup_refuses_what_cannot_be_seated_and_keeps_what_was_typed(trio) -> None:
    nodes, session = trio
    app = CafeApp(nodes[0], session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, CafeSetupScreen))
        await pilot.press(*"Wat gaat goed? @ Zoë")
        await until(pilot, shows(app, "Nobody here is called Zoë."))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CafeSetupScreen)
        assert cafe_now(nodes[0].state(session)) is None
        assert app.screen.query_one(TextArea).text == "Wat gaat goed? @ Zoë"
        for _ in "Zoë":
            await pilot.press("backspace")
        await pilot.press(*"Bart", "enter", *"Wie doet mee? @ Bart")
        await until(pilot, shows(app, "Each table needs its own host."))
        app.screen.query_one(TextArea).text = "Een\nTwee\nDrie\nVier"
        await until(pilot, shows(app, "There are more tables than people."))
        app.screen.query_one(TextArea).text = "Een\nTwee"
        app.screen.query_one("#setup-rounds", Input).value = "40"
        await until(pilot, shows(app, "Give 1 to 12 rounds."))
        app.screen.query_one("#setup-rounds", Input).value = "2"
        await until(pilot, shows(app, "3 people at 2 tables, 2 rounds of 20 minutes."))
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, CafeScreen), timeout=20)
        cafe = cafe_now(nodes[0].state(session))
        assert cafe is not None and [t.question for t in cafe.tables] == ["Een", "Twee"]


async def test_only_the_facilitator_is_offered_the_cafe_keys(trio) -> None:
    nodes, session = trio
    anna, bart = CafeApp(nodes[0], session), CafeApp(nodes[1], session)
    async with anna.run_test(size=SIZE) as pilot, bart.run_test(size=SIZE) as bart_pilot:
        await until(pilot, shows(anna, "No café is set up."))
        await until(bart_pilot, shows(bart, "No café is set up."))
        assert {"n"} <= footer_keys(anna) and not {"n", "s", "e"} & footer_keys(bart)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(anna.screen, CafeSetupScreen))
        await pilot.press(*"Een", "enter", *"Twee")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(anna.screen, CafeScreen), timeout=20)
        await until(pilot, lambda: "s" in footer_keys(anna))
        assert "e" not in footer_keys(anna)
        await pilot.press("s")
        await until(pilot, lambda: "e" in footer_keys(anna))
        await until(bart_pilot, shows(bart, "Your table: Table"))
        assert not {"n", "s", "e"} & footer_keys(bart)


async def test_the_cafe_screen_fits_80_columns_in_dutch(trio) -> None:
    nodes, session = trio
    set_language("nl")
    try:
        app = CafeApp(nodes[0], session)
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, shows(app, "Er is geen café opgezet. Druk op n"))
            await pilot.press("n")
            await until(pilot, lambda: isinstance(app.screen, CafeSetupScreen))
            await until(pilot, shows(app, "Vragen, één tafel per regel"))
            await pilot.press(*"Wat gaat goed?", "enter", *"Wat kan beter?", "ctrl+s")
            await until(pilot, shows(app, "Opgezet: 3 rondes, nog niet begonnen"), timeout=20)
            await until(pilot, shows(app, "Straks zit je aan: Tafel"))
    finally:
        set_language("en")


async def test_f9_opens_the_cafe_from_the_session(tmp_path: Path) -> None:
    app = make_app(tmp_path / "anna", "Anna")
    async with app.run_test(size=SIZE) as pilot:
        await create_in_app(pilot, "Plein", "Wat nu?")
        screen = session_screen(app)
        titles = [title for title, _help, _run in screen.palette_commands()]
        assert "World café" in titles  # the palette lists it too
        await pilot.press("f9")
        await until(pilot, lambda: isinstance(app.screen, CafeScreen))
        await until(pilot, shows(app, "No café is set up. Press n to set one up."))
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)


def test_the_status_line_says_where_i_sit_and_where_next() -> None:
    """Under the phase bar, every screen: the table now, or the table next between rounds."""
    room = Room()
    eva = PEOPLE[4].public_key
    assert "Café" not in status_text(room.state, 0, eva).plain
    room.ok(FACILITATOR, "cafe.setup", planned())
    cafe = cafe_now(room.state)
    first = seat(cafe, 1, eva)
    assert f"Café: next at table {first + 1} (F9)" in status_text(room.state, 0, eva).plain
    room.ok(FACILITATOR, "cafe.round", {"round": 1})
    line = status_text(room.state, room.state.timer.at, eva).plain
    assert f"Café: you sit at table {first + 1} (F9)" in line and "Timer 20:00" in line
    lot = seat(cafe, 1, PEOPLE[1].public_key, "Lot")
    spoken = status_text(room.state, 0, PEOPLE[1].public_key, "Lot").plain
    assert f"Café: you sit at table {lot + 1} (F9)" in spoken
    for number in (1, 2, 3):
        if number > 1:
            room.ok(FACILITATOR, "cafe.round", {"round": number})
        room.ok(FACILITATOR, "cafe.end", {})
    assert "Café" not in status_text(room.state, 0, eva).plain  # over: the line is free again


def test_a_guests_status_line_names_the_round_without_a_key_they_lack() -> None:
    """F9 is off for a guest, who has no seat either: the line names the café round only."""
    room = guest_room()
    room.ok(FACILITATOR, "cafe.setup", planned())
    room.ok(FACILITATOR, "cafe.round", {"round": 1})
    line = status_text(room.state, 0, GUEST.public_key).plain
    assert "Café round 1" in line and "F9" not in line
    assert "(F9)" in status_text(room.state, 0, PEOPLE[4].public_key).plain


def test_a_cafe_cut_short_by_the_meetings_end_says_so() -> None:
    room = Room()
    room.ok(FACILITATOR, "cafe.setup", planned())
    room.ok(FACILITATOR, "cafe.round", {"round": 1})
    room.ok(FACILITATOR, "meeting.end", {})
    cafe = cafe_now(room.state)
    assert round_shown(cafe) is None and projector_seating(room.state) is None
    assert round_line(cafe) == "The café ended with the meeting, after 1 of 3 rounds"
    assert "Café" not in status_text(room.state, 0, PEOPLE[4].public_key).plain


def test_a_full_status_line_keeps_the_cafe_table_whole() -> None:
    """A long status line (Dutch, a timer going) names the café table in short words right
    after the floor, so the number is never cut off (naive finding 9: ``… · Café: je zit aan
    tafel 1 (F…``)."""
    room = Room()
    eva = PEOPLE[4].public_key
    room.ok(FACILITATOR, "cafe.setup", planned())
    first = seat(cafe_now(room.state), 1, eva)
    room.ok(FACILITATOR, "cafe.round", {"round": 1})
    set_language("nl")
    try:
        full = status_text(room.state, room.state.timer.at, eva).plain
        assert f"Café: je zit aan tafel {first + 1} (F9)" in full
        narrow = status_text(room.state, room.state.timer.at, eva, width=50).plain
        table = f"Café: tafel {first + 1} (F9)"
        assert table in narrow and narrow.index(table) + len(table) <= 50, narrow
    finally:
        set_language("en")


def seating_fits(app) -> bool:
    """The seating is as wide as the screen lets it be: no column runs off to the right."""
    from textual.widgets import DataTable

    table = app.screen.query_one("#cafe-seating", DataTable)
    return table.virtual_size.width <= table.scrollable_content_region.width


async def test_the_seating_lays_out_anew_when_the_terminal_is_resized(trio) -> None:
    """The café's table kept its first widths when the terminal changed size (naive finding):
    narrower, a long question ran off the screen; it wraps in its column now, at any width."""
    nodes, session = trio
    question = "What would make the square a place where every neighbour, young and old, likes"
    app = CafeApp(nodes[0], session)
    async with app.run_test(size=(120, 30)) as pilot:
        await until(pilot, shows(app, "No café is set up."))
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, CafeSetupScreen))
        await pilot.press(*question, "enter", *"Who is missing?", "ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, CafeScreen), timeout=20)
        await until(pilot, shows(app, "Who is missing?"))
        assert seating_fits(app)
        for size in (SIZE, (60, 24), (140, 30)):
            await pilot.resize_terminal(*size)
            await until(pilot, lambda: seating_fits(app) and shows(app, "likes")())


async def test_the_facilitator_ends_the_cafe_early_and_the_wall_follows_the_phase(trio) -> None:
    """Naive-user finding: between café rounds the projector kept the seating through Act
    and Evaluate ("Round 1 of 3 has ended; round 2 is next"), and the café could not be ended
    short of running every round or ending the meeting. Between rounds the wall now follows
    the phase, and the facilitator ends the café with x (asked first)."""
    from beraad.core.session import move_body
    from beraad.ui.projector import ProjectorApp
    from beraad.ui.screens.confirm import ConfirmScreen
    from tests.ui.phases_text import screen_words
    from tests.ui.test_cafe import _keep_open, _ready, beamer_word

    nodes, session = trio
    anna, chloe = nodes[0], nodes[2]
    app = CafeApp(anna, session)
    wall = ProjectorApp(lambda: _ready(chloe), session, beamer=False, closer=_keep_open)
    async with app.run_test(size=SIZE) as pilot, wall.run_test(size=SIZE) as beamer:
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, CafeSetupScreen))
        await pilot.press(*"Een", "enter", *"Twee", "ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, CafeScreen), timeout=20)
        await until(pilot, lambda: "s" in footer_keys(app))
        assert "x" in footer_keys(app)  # the café can be ended before it even starts
        await pilot.press("s")
        await until(beamer, lambda: beamer_word(wall) == "Round 1")
        await pilot.press("e")
        await until(pilot, shows(app, "Round 1 of 3 has ended; round 2 is next"))
        for phase in ("knots", "positions", "criteria", "options", "decide", "act"):
            await anna.contribute(session, "phase.move", move_body(phase))
        await chloe.wait_for(lambda: chloe.state(session).phase == "act", 20)
        # No round runs: the wall shows the group's phase, not the seating.
        await until(beamer, lambda: beamer_word(wall) == "Act")
        assert "Sit down for round 2" not in screen_words(wall)
        # The facilitator ends the café; Cancel first keeps it.
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "2 rounds not yet run" in screen_words(app)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, CafeScreen))
        assert not cafe_now(anna.state(session)).finished
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.click("#go-on")
        await until(pilot, shows(app, "The café was ended after 1 of 3 rounds"))
        await chloe.wait_for(lambda: cafe_now(chloe.state(session)).finished, 20)
        assert not {"s", "e", "x"} & footer_keys(app)
        assert "n" in footer_keys(app)  # a new café can be set up
        await until(beamer, lambda: beamer_word(wall) == "Act")


def test_the_wall_shows_the_seating_while_a_round_runs_and_before_the_first() -> None:
    from beraad.ui.cafe_view import seating_on_the_wall

    room = Room()
    assert not seating_on_the_wall(cafe_now(room.state))
    room.ok(FACILITATOR, "cafe.setup", planned())
    assert seating_on_the_wall(cafe_now(room.state))  # sit down for round 1
    room.ok(FACILITATOR, "cafe.round", {"round": 1})
    assert seating_on_the_wall(cafe_now(room.state))
    room.ok(FACILITATOR, "cafe.end", {})
    assert not seating_on_the_wall(cafe_now(room.state))  # between rounds: the phase
    room.ok(FACILITATOR, "cafe.round", {"round": 2})
    assert seating_on_the_wall(cafe_now(room.state))
    room.ok(FACILITATOR, "cafe.end", {"whole": True})
    assert not seating_on_the_wall(cafe_now(room.state))
