"""Records written while this person was away that reach their node only after they came in
(a sync after the arrival) are said in "while you were away" as on arrival
(naive s10b finding M: two new actions, no popup, only the list). Real apps, real stores, the
records handed to Bart's node as a sync hands them."""

from __future__ import annotations

from pathlib import Path

import pytest

from beraad.ui.screens.while_away import WhileAwayScreen
from tests.ui.conftest import SIZE
from tests.ui.session_people import (
    joined_our_street,
    make_app,
    node_of,
    screen_words,
    session_screen,
    until,
)
from tests.ui.test_session_away import open_from_lobby
from tests.ui.test_session_flow import move_on

pytestmark = pytest.mark.timeout(120)


async def test_what_a_late_sync_brings_is_said(tmp_path: Path):
    anja = make_app(tmp_path / "anja", "Anja")
    async with anja.run_test(size=SIZE) as a:
        bart = make_app(tmp_path / "bart", "Bart")
        async with bart.run_test(size=SIZE) as b:
            session = await joined_our_street(a, b)
            await b.press("ctrl+q")  # Bart leaves; what he saw is remembered
        await move_on(a)
        node = node_of(anja)
        for words in ("Cars drive too fast", "No crossing near the school"):
            await node.contribute(session, "knot.add", {"text": words})
        records = node.records(session)
    bart = make_app(tmp_path / "bart", "Bart")
    async with bart.run_test(size=SIZE) as b:
        await open_from_lobby(b)
        await until(lambda: session_screen(bart)._arrived is not None, b)
        assert not isinstance(bart.screen, WhileAwayScreen)  # nothing new held yet
        node_of(bart).ingest(session, records)  # the sync comes after the arrival
        await until(lambda: isinstance(bart.screen, WhileAwayScreen), b)
        await until(lambda: "New knots (2)" in screen_words(bart), b)  # once drawn
        words = screen_words(bart)
        assert "Cars drive too fast — Anja" in words
        assert "The group moved from Opening to Knots." in words
