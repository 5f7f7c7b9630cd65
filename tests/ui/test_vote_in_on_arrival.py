""" "Your vote is in" from a peer's hello that came before the decide view existed (naive s11
F1/F1b): whoever opened the session second, with the other still in the lobby, and anyone
after a language switch, read "yours is not in yet … nobody else is here" until a peer came
or went, though the node knew the peer held the vote. The decide view learnt the rule only
when it drew, after it was told who holds the vote. A real app and a real peer node on
loopback; the peer's hello is the only thing that says it holds the vote."""

from __future__ import annotations

import pytest

from benchmarks.ui import MEMBERS, build_session
from beraad.node import Node
from beraad.ui.screens.lobby import LobbyScreen
from tests.ui.stored_app import session_opened, store_session, stored_app, until
from tests.ui.test_session_flow import screen_text

pytestmark = pytest.mark.timeout(90)


async def test_a_hello_in_the_lobby_and_a_language_switch_keep_the_vote_in(tmp_path):
    w = build_session(10)
    app = stored_app(w, tmp_path / "anja")
    store_session(w, tmp_path / "bart", identity=w.who[1], name=MEMBERS[1])
    bart = await Node.open(tmp_path / "bart", host="127.0.0.1", discovery=False)
    bart.set_open(None)  # Bart stays in his lobby: linked, not here
    try:
        async with app.run_test(size=(200, 50)):
            await until(lambda: app.bridge is not None and isinstance(app.screen, LobbyScreen))
            node = app.bridge.node  # type: ignore[union-attr]
            bart.add_peer(node.address)
            await until(lambda: any(p.holds for p in node.peers(w.session)))
            await session_opened(app, w.session)
            await until(lambda: "Votes in:" in screen_text(app))  # told before its first draw
            assert "Votes in: 1 of 5 members." in screen_text(app)
            assert "Your vote is in, open" in screen_text(app)
            assert "not in yet" not in screen_text(app)
            await app.switch_language("nl", save=False)
            await until(lambda: "Stemmen binnen:" in screen_text(app))
            assert "Stemmen binnen: 1 van 5 leden." in screen_text(app)
            assert "Je stem is binnen, open" in screen_text(app)
            assert "nog niet" not in screen_text(app).split("Nu:")[0]
    finally:
        await bart.close()
