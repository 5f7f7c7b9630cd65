"""How the session's new dialogs look at 80×24 in en and nl: "while you were away" and the
export path. Fixed data (the buurt script, fixed keys and clock) in a real node's store.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from beraad.away import AWAY_KEY
from beraad.store import RecordStore
from beraad.ui.screens.session import SessionScreen
from beraad.ui.screens.while_away import WhileAwayScreen
from tests.ui.conftest import SIZE
from tests.ui.test_session_flow import until
from tests.ui.test_session_snapshots import build, buurt_records

LANGUAGES = pytest.mark.parametrize("language", ["en", "nl"])


def away_since_opening(tmp_path: Path, language: str) -> tuple[object, str]:
    """The app of Line, who left during the opening; the group is now in the knots."""
    app, session = build(tmp_path, language, "knots")
    _session, seen = buurt_records(language, "opening")
    frontier: dict[str, int] = {}
    for record in seen:
        frontier[record.author] = max(frontier.get(record.author, 0), record.seq)
    marker = {"frontier": frontier, "lamport": max(r.lamport for r in seen), "at": 0}
    with RecordStore.open(tmp_path / "line") as store:
        store.set_session_local(session, {AWAY_KEY: marker})
    return app, session


def opened(session: str, *, then=None):
    async def run_before(pilot) -> None:
        app = pilot.app
        await until(lambda: app.bridge is not None, pilot)
        app.open_session(session)
        shown = SessionScreen
        await until(lambda: app.query(shown) or isinstance(app.screen, shown), pilot)
        if then is not None:
            await then(pilot)
        await pilot.pause()

    return run_before


@LANGUAGES
def test_while_you_were_away(snap_compare, tmp_path, language):
    app, session = away_since_opening(tmp_path, language)

    async def summary_shown(pilot) -> None:
        await until(lambda: isinstance(pilot.app.screen, WhileAwayScreen), pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=opened(session, then=summary_shown))


@LANGUAGES
def test_export_path(snap_compare, tmp_path, language):
    app, session = build(tmp_path, language, "knots")

    async def export(pilot) -> None:
        await until(lambda: isinstance(pilot.app.screen, SessionScreen), pilot)
        screen = pilot.app.screen
        screen.today = lambda: date(2026, 5, 1)
        screen.export("html")

    assert snap_compare(app, terminal_size=SIZE, run_before=opened(session, then=export))
