"""How the session screen looks at 80×24 in the opening, knots and positions, in en and nl.

The data is fixed: the ``buurt`` scenario's own script, signed by fixed identities at a fixed
clock, written into a real node's store; the app opens that node as it always does. The viewer
is Line, the facilitator (the app's fixed key). Nothing on screen depends on the time.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from beraad.core.identity import Identity
from beraad.core.record import Record
from beraad.core.script import ScriptRunner
from beraad.i18n import set_language
from beraad.scenarios import get_scenario
from beraad.ui.app import BeraadApp
from beraad.ui.screens.session import SessionScreen
from tests.ui.conftest import ANJA, SIZE, make_profile
from tests.ui.stored_app import hold, loopback_app
from tests.ui.test_session_flow import until

LANGUAGES = pytest.mark.parametrize("language", ["en", "nl"])
NONCE = "0" * 31 + "1"
#: The script is cut just before the move to this phase, so the group is in the one before.
CUT_BEFORE = {"opening": "knots", "knots": "positions", "positions": "criteria"}


def buurt_records(language: str, phase: str) -> tuple[str, list[Record]]:
    """The buurt script up to (not including) the move out of ``phase``."""
    people = [ANJA] + [Identity.from_seed(bytes([n]) * 32) for n in range(1, 5)]
    runner = ScriptRunner(get_scenario("buurt"), language, people, NONCE)
    records = []
    for record in runner.steps():
        if record.kind == "phase.move" and record.body["to"] == CUT_BEFORE[phase]:
            break
        records.append(record)
    return runner.session, records


def build(tmp_path: Path, language: str, phase: str) -> tuple[BeraadApp, str]:
    set_language(language)
    home = tmp_path / "line"
    make_profile(home, name="Line")
    session, records = buurt_records(language, phase)
    hold(home, session, records)
    return loopback_app(home), session


def opened(session: str, *keys: str):
    async def run_before(pilot) -> None:
        app = pilot.app
        await until(lambda: app.bridge is not None, pilot)
        app.open_session(session)
        await until(lambda: isinstance(app.screen, SessionScreen), pilot)
        await pilot.press(*keys)
        await pilot.pause()

    return run_before


@LANGUAGES
@pytest.mark.parametrize("phase", ["opening", "knots", "positions"])
def test_session_screen(snap_compare, tmp_path, language, phase):
    app, session = build(tmp_path, language, phase)
    # Arriving, the text box has the keys; in the tree (shift+tab) the cursor goes to the
    # first row so its full text shows below.
    keys = ("shift+tab", "down") if phase != "opening" else ()
    assert snap_compare(app, terminal_size=SIZE, run_before=opened(session, *keys))
