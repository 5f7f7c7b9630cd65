"""Escape from the F6 dialog keeps the reason typed there for the next F6, until it is sent
(naive s11 F-minor-21: it was gone without a word, where every other box keeps its words)."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from beraad.core.settled import agreed_move_body
from beraad.ui.widgets.phase_dialog import PhaseDialog
from tests.ui.phases_app import SIZE
from tests.ui.stored_app import session_opened
from tests.ui.stored_app import until as until_app
from tests.ui.test_naive_s6 import consent_move, opened_by, three

pytestmark = pytest.mark.timeout(60)


async def test_escape_keeps_the_reason_for_the_next_f6(tmp_path):
    w = three("consent", phase=None)
    first = consent_move(w, "knots")
    w.write(0, "phase.move", agreed_move_body(w.fold.state, w.fold.state.proposals[first]))
    consent_move(w, "positions", ready=())
    app = opened_by(w, tmp_path / "chris", 2, "en")
    async with app.run_test(size=SIZE) as pilot:
        await session_opened(app, w.session)
        await pilot.press("f6")
        await until_app(lambda: isinstance(app.screen, PhaseDialog))
        await pilot.press(*"Wait, one more knot")
        reason = app.screen.query_one("#phase-reason", Input)
        await until_app(lambda: reason.value == "Wait, one more knot")
        await pilot.press("escape")
        await until_app(lambda: not isinstance(app.screen, PhaseDialog))
        await pilot.press("f6")
        await until_app(lambda: isinstance(app.screen, PhaseDialog))
        again = app.screen.query_one("#phase-reason", Input)
        await pilot.pause()
        assert again.value == "Wait, one more knot"
