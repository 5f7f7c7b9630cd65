"""A view that arrives while the screen's bars are being composed anew does not end the app.

suite16 saw it once under load: a peer's record came while the session screen was rebuilt for
a language switch; a view mounted behind arrived, asked for the room under the bars'
``#viewing`` line, which was not there, and the worker's NoMatches ended the app with a
traceback. The view is now drawn at its first look instead. Set up directly: the line taken
away, a view mounted behind (the real app on a real store)."""

from __future__ import annotations

import pytest

from benchmarks.ui import build_session
from beraad.ui.screens import session_rest
from tests.ui.stored_app import session_opened, stored_app, until

pytestmark = pytest.mark.timeout(60)


async def test_a_view_arriving_without_the_bars_lines_ends_nothing(monkeypatch, tmp_path):
    monkeypatch.setattr(session_rest, "MOUNT_REST_AFTER", 600)  # mounted by the test
    w = build_session(10)
    app = stored_app(w, tmp_path / "anja")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await session_opened(app, w.session)
        await screen.query_one("#viewing").remove()
        phase = next(p for p in ("options", "criteria", "knots") if p not in screen._views)
        view = screen._mount_views([phase])[0]
        await until(lambda: view.ready_behind is not None and view.ready_behind.is_set())
        await pilot.pause()
        assert app.is_running and app.return_code is None
