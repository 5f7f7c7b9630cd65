"""Ctrl+L (back to the lobby) is in the footer where leaving is what comes next (naive s10
finding 6): in the deliberation's last phase and once the meeting has ended it was only in F1.
Elsewhere the footer keeps its room for the meeting's keys, and Ctrl+L works all the same. Once
the meeting has ended F7 (hands, the floor, the timer: refused then) is not offered, which
leaves the room in Dutch too; Ctrl+L comes last, never in the place of Ctrl+Q.
Real app, real node, Pilot at 80×24, en and nl."""

from __future__ import annotations

import pytest

from beraad.i18n import _
from beraad.ui.screens.lobby import LobbyScreen
from tests.ui.test_footer_help import act_at_80, bottom_row, footer_shows
from tests.ui.test_session_flow import until

pytestmark = pytest.mark.timeout(120)


async def test_ctrl_l_is_offered_once_leaving_is_next(tmp_path, monkeypatch, language):
    async with act_at_80(tmp_path, monkeypatch, language) as (pilot, screen):
        app, session = pilot.app, screen.session
        lobby = f"^l {_('Lobby')}"
        await footer_shows(pilot, f"f1 {_('Help')}")
        assert lobby not in bottom_row(app)  # Act: the meeting's keys have the room
        await screen.node.contribute(session, "meeting.end", {"next": ""})
        await until(lambda: screen.state.between_meetings, pilot)
        row = await footer_shows(pilot, lobby)
        assert lobby in row and f"^q {_('Quit')}" in row, row
        assert "f7" not in row, row
        await pilot.press("ctrl+l")
        await until(lambda: isinstance(app.screen, LobbyScreen), pilot)
