"""Arriving in a session and the group moving (naive s6b findings D and I): what was seen is
remembered as it is drawn, one popup says both "while you were away" and "since last time",
and the move toast fits one line at 80 columns. Real app, real nodes on loopback, Pilot."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.widgets import DataTable

from beraad import away
from beraad.core import session as model
from beraad.core.session import PHASES
from beraad.i18n import _, set_language
from beraad.node import Node
from beraad.ui.notice_line import FRAME
from beraad.ui.screens.lobby import LobbyScreen
from beraad.ui.screens.session import SessionScreen
from beraad.ui.screens.session_moves import MOVED
from beraad.ui.screens.since_last_time import SinceLastTimeScreen
from beraad.ui.screens.while_away import WhileAwayScreen
from beraad.ui.widgets.phase_bar import phase_label
from tests.ui.conftest import SIZE
from tests.ui.session_people import (
    create_in_app,
    make_app,
    node_of,
    screen_words,
    session_screen,
    until,
)

pytestmark = pytest.mark.timeout(120)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_move_toast_fits_one_line_at_80_columns(language):
    """Said in two turns, the second read as a second toast (naive s6b finding I)."""
    set_language(language)
    try:
        for words in MOVED.values():
            for phase in PHASES:
                said = _(words).format(phase=phase_label(phase))
                assert cell_len(said) <= SIZE[0] - FRAME, said
    finally:
        set_language("en")


async def _with_anja(tmp_path: Path, pilot, code: str) -> Node:  # type: ignore[no-untyped-def]
    anja = await Node.open(tmp_path / "anja-node", host="127.0.0.1", discovery=False)
    await anja.join(code, address=node_of(pilot.app).address)
    return anja


async def test_what_is_drawn_is_remembered_as_seen_while_present(tmp_path: Path):
    """Naive s6b D: the marker was written only on a clean exit, so after ``kill -9`` someone
    present the whole time read all of it as news. It follows what the screen draws."""
    app = make_app(tmp_path / "bart", "Bart")
    async with app.run_test(size=SIZE) as pilot:
        code = await create_in_app(pilot, "Our street", "How do we slow the traffic?")
        anja = await _with_anja(tmp_path, pilot, code)
        try:
            screen = session_screen(app)
            session, node = screen.session, node_of(app)
            fact = await anja.contribute(session, "fact.add", model.fact_body("Counts", "30"))
            key = anja.identity.public_key

            def seen() -> int:
                marker = away.last_seen(node, session) or {"frontier": {}}
                return int(marker["frontier"].get(key, 0))

            await until(lambda: seen() == fact.seq, pilot)
            assert app.screen is screen  # never left
            assert away.while_away(node, session).empty  # type: ignore[union-attr]
        finally:
            await anja.close()


async def test_away_and_since_last_time_come_in_one_popup(tmp_path: Path):
    """Naive s6b finding I: on entering, "since last time" and then "while you were away",
    each wanting its own Enter. One popup says both; closing it is the session."""
    app = make_app(tmp_path / "bart", "Bart")
    async with app.run_test(size=SIZE) as pilot:
        code = await create_in_app(pilot, "Our street", "How do we slow the traffic?")
        anja = await _with_anja(tmp_path, pilot, code)
        try:
            session, node = session_screen(app).session, node_of(app)
            await pilot.press("ctrl+l")
            await until(lambda: isinstance(app.screen, LobbyScreen), pilot)
            fact = await anja.contribute(session, "fact.add", model.fact_body("Counts", "30"))
            await node.contribute(session, "meeting.end", model.meeting_end_body(""))
            await node.contribute(session, "meeting.start", model.meeting_start_body())
            await until(lambda: node.holds(fact.id), pilot)
            table = app.screen.query_one("#mine DataTable", DataTable)
            table.focus()
            await pilot.press("enter")
            await until(lambda: isinstance(app.screen, SinceLastTimeScreen), pilot)
            await until(lambda: "While you were away:" in screen_words(app), pilot)  # drawn
            words = screen_words(app)
            assert "New shared facts (1)" in words
            assert "Since last time — meeting 2:" in words
            await pilot.press("escape")
            await until(lambda: isinstance(app.screen, SessionScreen), pilot)
            await pilot.pause()
            assert not isinstance(app.screen, WhileAwayScreen | SinceLastTimeScreen)
        finally:
            await anja.close()
