"""A phase looked back at offers no key its records can no longer be written with, whether a
row is chosen or not (naive s10: Positions' footer offered `a Position` with the group in
Decide; pressing it only said nothing can be written there). Notes go on in every phase."""

from __future__ import annotations

import pytest

from benchmarks.ui import build_session
from beraad.ui.phases.knots import KnotsView
from beraad.ui.phases.positions import PositionsView
from tests.ui.conftest import SIZE
from tests.ui.phases_app import PhaseApp
from tests.ui.test_table_map import offered_keys

pytestmark = pytest.mark.timeout(60)


@pytest.mark.parametrize(
    ("view_class", "refused"),
    [(PositionsView, {"a", "plus", "minus", "m"}), (KnotsView, {"a", "s", "m", "l"})],
)
async def test_a_past_phase_offers_no_key_it_refuses(view_class, refused):
    w = build_session(10)  # the group sits in Decide
    state, me = w.fold.state, w.who[0].public_key
    assert state.phase == "decide"
    view = view_class(w.session)
    app = PhaseApp(view, me, state=state)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view.tree.focus()
        await pilot.pause()
        assert view.tree.current is None  # no row chosen yet
        assert not refused & offered_keys(app), refused & offered_keys(app)
        await pilot.press("down")  # a row chosen: still nothing the phase refuses
        await pilot.pause()
        assert view.tree.current is not None
        assert not refused & offered_keys(app), refused & offered_keys(app)
