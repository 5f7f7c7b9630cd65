"""A record redraws the views that show it, and only those: a peer's vote (one each second in
a meeting) must not rebuild the list of knots the person is typing under, while a peer's new
knot must appear there. One real app on a real node and store; the peer's records are signed
and arrive through the node as from the network."""

from __future__ import annotations

import pytest

from benchmarks.ui import build_session, peer_vote
from beraad.core import session as bodies
from beraad.ui.phases.decide import DecideView
from beraad.ui.phases.knots import KnotsView
from tests.ui.conftest import SIZE
from tests.ui.stored_app import count_shows, session_opened, stored_app, until

pytestmark = pytest.mark.timeout(120)


async def test_a_vote_redraws_the_decide_view_and_not_the_knots(monkeypatch, tmp_path):
    w = build_session(30)  # Bart has written a knot
    drawn = count_shows(monkeypatch, (KnotsView, DecideView))
    app = stored_app(w, tmp_path / "anja")
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)  # mounted and drawn
        await pilot.pause()
        screen.look_at("knots")  # drawn once here, the person types under it
        await pilot.pause()
        node = screen.node
        drawn.clear()

        record = peer_vote(w, 1)
        node.ingest(w.session, [record])
        decide = screen.view("decide")
        await until(lambda: screen._stale >= {"decide"} and not screen._redraw_pending)
        assert drawn == []  # the knots did not change: not drawn, nothing else drawn either
        screen.look_at("decide")  # the vote is there when the person looks
        await pilot.pause()
        assert drawn == ["decide"]
        assert any(v.record == record.id for v in decide.state.current_votes("score.set"))

        screen.look_at("knots")
        await pilot.pause()
        drawn.clear()
        # Bart edits his knot (knots are added only in their phase; edits go on in every one).
        state = node.state(w.session)
        bart = w.who[1].public_key
        his = next(k for k in state.knots.values() if k.author == bart)
        edit = w.sign(1, "edit", bodies.edit_body(his.id, "The bench by the gate is broken"))
        node.ingest(w.session, [edit])
        knots = screen.view("knots")
        assert isinstance(knots, KnotsView)
        await until(lambda: "knots" in drawn)
        assert edit.id not in node.snapshot(w.session)["rejected"]
        labels = [child.data.label.plain for child in knots.tree.root.children if child.data]
        assert any("The bench by the gate is broken" in label for label in labels)
        assert knots.state is node.state(w.session)
