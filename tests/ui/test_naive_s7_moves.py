"""F6 right after one's own consent proposal passed (naive s7 finding 5): the move the
proposer's app wrote by itself is the group's, not a choice made at that moment, so an F6
Enter a moment later chooses nothing (it proposed the next phase at once)."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList

from beraad.core import session as bodies
from beraad.ui.widgets.phase_bar import open_proposal
from beraad.ui.widgets.phase_dialog import PhaseDialog
from tests.ui.phases_app import SIZE
from tests.ui.stored_app import session_opened
from tests.ui.stored_app import until as until_app
from tests.ui.test_naive_s6 import opened_by, three

pytestmark = pytest.mark.timeout(120)


async def test_f6_enter_after_my_own_proposal_passed_proposes_nothing(tmp_path):
    w = three("consent", phase=None)
    proposal = w.write(2, "phase.propose", bodies.propose_body("knots"))  # Chris proposes
    w.write(2, "phase.respond", bodies.respond_body(proposal, "ready"))
    app = opened_by(w, tmp_path / "chris", 2)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        node = screen.node
        w.write(0, "phase.respond", bodies.respond_body(proposal, "ready"))
        node.ingest(w.session, list(w.records))
        await until_app(lambda: screen.state.phase == "knots", 20)  # Chris's app moved it
        assert screen.state.phase_history[-1].by == w.who[2].public_key
        await pilot.press("f6")  # as people do to answer, a moment after the move
        await until_app(lambda: isinstance(app.screen, PhaseDialog))
        await pilot.pause()
        assert app.screen.query_one(OptionList).highlighted is None  # nothing preselected
        await pilot.press("enter")
        for _ in range(4):
            await pilot.pause()
        assert open_proposal(node.state(w.session)) is None  # nothing proposed
        assert node.state(w.session).phase == "knots"
