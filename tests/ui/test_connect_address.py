"""Lobby "Connect to an address" links two real nodes on loopback (naive s11 F0: the bridge
called a ``Node.connect`` that did not exist, and the lobby showed "'Node' object has no
attribute 'connect'"; only the offline refusal was tested). Both hold the same session, found
by neither without mDNS, until the person types the other's address."""

from __future__ import annotations

import pytest

from benchmarks.ui import MEMBERS, build_session
from beraad.node import Node
from beraad.ui.screens.lobby import LobbyScreen
from tests.ui.conftest import SIZE
from tests.ui.stored_app import store_session, stored_app, until

pytestmark = pytest.mark.timeout(60)


async def test_connect_to_an_address_links_to_the_node_there(tmp_path):
    w = build_session(10)
    app = stored_app(w, tmp_path / "anja")
    store_session(w, tmp_path / "bart", identity=w.who[1], name=MEMBERS[1])
    bart = await Node.open(tmp_path / "bart", host="127.0.0.1", discovery=False)
    try:
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await until(lambda: app.bridge is not None and isinstance(app.screen, LobbyScreen))
            node = app.bridge.node  # type: ignore[union-attr]
            linked = lambda: any(p.connected for p in node.peers(w.session))  # noqa: E731
            assert not linked()
            await pilot.press("c")
            await until(lambda: not isinstance(app.screen, LobbyScreen))
            await pilot.press(*bart.address, "enter")
            await until(lambda: isinstance(app.screen, LobbyScreen))
            said = lambda: " ".join(n.message for n in app._notifications)  # noqa: E731
            await until(lambda: linked() or "Connect" in said())
            assert "attribute" not in said() and "Node" not in said()
            await until(linked)
            assert f"Connected to {bart.address}" in said()
    finally:
        await bart.close()
