"""A record redraws the views that show it, and only those: a peer's vote (one each second in
a meeting) must not rebuild the list of knots the person is typing under, while a peer's new
knot must appear there. One real app on a real node and store; the peer's records are signed
and arrive through the node as from the network."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.ui import GROUP_KEY, MEMBERS, build_session, peer_vote
from beraad.core import session as bodies
from beraad.identity_file import KEY_FILE, load_or_create, save_profile
from beraad.node import Node
from beraad.store import RecordStore
from beraad.ui.app import BeraadApp
from beraad.ui.phases.decide import DecideView
from beraad.ui.phases.knots import KnotsView
from beraad.ui.screens.session import SessionScreen
from tests.ui.conftest import SIZE

pytestmark = pytest.mark.timeout(120)


async def until(condition: Callable[[], object], timeout: float = 20) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "the screen never got there"
        await asyncio.sleep(0.01)


async def test_a_vote_redraws_the_decide_view_and_not_the_knots(monkeypatch):
    w = build_session(30)  # Bart has written a knot
    home = Path(tempfile.mkdtemp(prefix="beraad-scope-"))
    (home / KEY_FILE).write_bytes(w.who[0].to_pem())
    save_profile(home, MEMBERS[0], "en", chosen=True)
    with RecordStore.open(home) as store:
        store.append_many(w.records)
        store.set_session_local(w.session, {"group_key": GROUP_KEY.hex()})

    async def open_node() -> Node:
        return await Node.open(home, host="127.0.0.1", discovery=False)

    drawn: list[str] = []
    for view in (KnotsView, DecideView):
        original = view.show

        def counted(self, state, me, original=original):  # type: ignore[no-untyped-def]
            drawn.append(self.phase)
            original(self, state, me)

        monkeypatch.setattr(view, "show", counted)
    app = BeraadApp(profile=load_or_create(home), data_dir=home, node_opener=open_node)
    async with app.run_test(size=SIZE) as pilot:
        await until(lambda: app.bridge is not None)
        app.open_session(w.session)
        await until(lambda: isinstance(app.screen, SessionScreen))
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        await until(lambda: screen._shown)  # mounted and drawn
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
