"""The decide view composes only what its rule can show: under a sheet rule (the matrix here)
the one-option round (two Selects, the responses, the reason box) is never composed, and the
tie's Select comes with the first tie (``test_decide_walk`` chooses from one). Counted
(widgets in the view), never timed; what the view composes does not depend on the session's
size (one small session here). One real app on a real node and store."""

from __future__ import annotations

import pytest
from textual.widgets import RadioSet, Select

from benchmarks.ui import build_session
from beraad.ui.phases.decide import DecideView
from tests.ui.conftest import SIZE
from tests.ui.stored_app import session_opened, stored_app, until

pytestmark = pytest.mark.timeout(120)


async def test_a_sheet_rule_composes_no_round_and_no_tie(tmp_path):
    w = build_session(30)
    app = stored_app(w, tmp_path / "anja")
    async with app.run_test(size=SIZE):
        screen = await session_opened(app, w.session)
        view = screen.view("decide")
        assert isinstance(view, DecideView)
        await until(lambda: view.is_mounted and view.state is not None)
        assert view.method == "matrix"
        assert not view.query(Select) and not view.query(RadioSet)
        assert not view.query("#reason") and view.text_box() is None
        assert view.round_option() is None and view._tie_choice() is None
        # 47 with the round and the tie composed; the cell line under the page is one of the
        # 24 (naive s8 finding 6)
        assert len(view.query("*")) <= 24
