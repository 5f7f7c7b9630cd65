"""A link dropped for the same reason twice in a row is said on screen, once (attack s12 #1).

A forker's pile of set-aside records dropped every later link on its hello, every 2 s, for good,
and only the log said so: the person saw peers that never came. Real nodes on loopback; the
bound of what a link may leave unread is scaled down to a few bytes, so every hello passes it
and both nodes drop each link at once, again and again.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import pytest

from beraad import outbox
from beraad.events import LinkDroppedAgain
from beraad.i18n import set_language
from beraad.node import Node
from beraad.ui.bridge import Bridge
from tests.fork_nodes import anja_and_bart, joined
from tests.node_waits import until

pytestmark = pytest.mark.timeout(120)


async def test_a_link_dropped_again_and_again_is_said_once_in_words(tmp_path, monkeypatch, caplog):
    caplog.set_level(logging.WARNING, logger="beraad.node")
    async with anja_and_bart(tmp_path) as (nodes, invitation, _links):
        anja, bart = nodes
        session = invitation.session
        await joined(nodes, invitation)
        await until(lambda: len(bart.records(session)) == len(anja.records(session)), *nodes)
        await bart.close()
        nodes.remove(bart)
        said: list[LinkDroppedAgain] = []
        notices = []
        set_language("en")
        bridge = Bridge(anja, notices.append)
        anja.subscribe(lambda e: said.append(e) if isinstance(e, LinkDroppedAgain) else None)
        monkeypatch.setattr(outbox, "MAX_QUEUED_BYTES", 16)  # every hello passes it
        bart = await Node.open(tmp_path / "bart", host="127.0.0.1", discovery=False)
        nodes.append(bart)

        def drops() -> int:
            return sum("dropped the link" in r.getMessage() for r in caplog.records)

        await until(lambda: bool(said), anja, bart, timeout=60)
        seen = drops()
        # and more after it (a log line tells no event: looked at every few milliseconds)
        await asyncio.wait_for(_looked(lambda: drops() >= seen + 4), 60)
        assert [(e.peer, e.why) for e in said] == [(bart.identity.public_key, "unread")]
        text = [n.refused for n in notices if isinstance(n.event, LinkDroppedAgain)]
        assert len(text) == 1
        who = anja.state(session).name(bart.identity.public_key)  # as the rest of the UI says
        assert text[0].startswith(f"The connection with {who} broke off twice in a row")
        assert "unread" not in text[0] and "MB" in text[0]
        bridge._unsubscribe = None  # the node is closed with the others


async def _looked(holds: Callable[[], bool]) -> None:
    while not holds():
        await asyncio.sleep(0.02)
