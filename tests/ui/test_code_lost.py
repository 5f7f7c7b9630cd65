"""A join code dies with the app that opened it: after a restart the facilitator is told the
code she read out no longer works (naive s9b finding 6). Real app, real node, Pilot at 80×24."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from beraad.ui.screens.lobby import LobbyScreen
from beraad.ui.screens.session import SessionScreen
from tests.ui.conftest import SIZE
from tests.ui.session_people import make_app, until


async def test_the_restarted_facilitator_is_told_her_code_no_longer_works(tmp_path: Path):
    app = make_app(tmp_path / "anja", "Anja")
    async with app.run_test(size=SIZE) as pilot:
        await until(lambda: app.bridge is not None, pilot)
        invitation = await app.bridge.node.create_session(title="Our street", focus="How?")  # type: ignore[union-attr]
    app = make_app(tmp_path / "anja", "Anja")  # the app was closed (or killed) and restarted
    async with app.run_test(size=SIZE) as pilot:
        await until(lambda: app.bridge is not None, pilot)
        lobby = app.screen
        assert isinstance(lobby, LobbyScreen)
        table = lobby.query_one("#mine DataTable", DataTable)
        await until(lambda: table.row_count == 1, pilot)
        table.focus()
        await pilot.press("enter")
        await until(lambda: isinstance(app.screen, SessionScreen), pilot)

        def said() -> list[str]:
            return [str(n.message) for n in app._notifications]

        await until(lambda: any(invitation.code in m for m in said()), pilot)
        # Said in turns on the one notice line: the code, why, and what to do.
        assert any("no longer works" in m for m in said()) and any("F8" in m for m in said())
