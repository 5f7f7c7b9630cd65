"""F1 Help is always on screen: at 80×24, in every phase, in English and Dutch, the footer's
last row shows it (the naive tester saw "…^q Stoppen f1 H▏" in Dutch Decide)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

import pytest
from textual.pilot import Pilot

from beraad.i18n import _, set_language
from beraad.ui.screens.session import SessionScreen
from tests.ui import test_session_snapshots as sessions
from tests.ui.conftest import SIZE

pytestmark = pytest.mark.timeout(120)

NEXT = {
    "opening": "knots",
    "knots": "positions",
    "positions": "criteria",
    "criteria": "options",
    "options": "decide",
    "decide": "act",
    "act": "evaluate",
    "evaluate": "(none)",  # the whole script
}


def bottom_row(app) -> str:
    strips = app.screen._compositor.render_strips()
    return "".join(segment.text for segment in strips[-1])


async def footer_shows(pilot, text: str, timeout: float = 5.0) -> str:
    """The bottom row once the footer is composed with ``text`` (it recomposes after a
    refresh); fails with the row as it is when the time is up."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while text not in (row := bottom_row(pilot.app)) and loop.time() < deadline:
        await pilot.pause(0.05)
    return row


@asynccontextmanager
async def buurt_at_80(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str, phase: str
) -> AsyncIterator[tuple[Pilot, SessionScreen]]:
    """The buurt session opened in ``phase`` (its script up to the move out of it) at 80×24,
    in ``language`` (the test's fixture sets English again after)."""
    monkeypatch.setattr(sessions, "CUT_BEFORE", NEXT)
    app, session = sessions.build(tmp_path / phase, language, phase)
    async with app.run_test(size=SIZE) as pilot:
        await sessions.opened(session)(pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        yield pilot, screen


def act_at_80(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str
) -> AbstractAsyncContextManager[tuple[Pilot, SessionScreen]]:
    """The buurt session opened in Act at 80×24 (``buurt_at_80``)."""
    return buurt_at_80(tmp_path, monkeypatch, language, "act")


@pytest.mark.parametrize("language", ["en", "nl"])
async def test_f1_help_is_in_the_footer_in_every_phase(tmp_path, monkeypatch, language):
    monkeypatch.setattr(sessions, "CUT_BEFORE", NEXT)
    try:
        for phase in NEXT:
            app, session = sessions.build(tmp_path / phase, language, phase)
            async with app.run_test(size=SIZE) as pilot:
                await sessions.opened(session)(pilot)
                assert isinstance(app.screen, SessionScreen)
                help_key = f"f1 {_('Help')}"
                row = await footer_shows(pilot, help_key)
                assert help_key in row, (phase, row)
                await pilot.press("tab")  # from the text box to the list: other keys
                row = await footer_shows(pilot, help_key)
                assert help_key in row, (phase, row)
    finally:
        set_language("en")
