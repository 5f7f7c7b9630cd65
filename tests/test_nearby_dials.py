"""Adverts naming addresses for a session we hold are dialled a few at once, with back-off
(attack s12 #5).

1,500 mDNS adverts for the session's id (learnt from its own advert), each a different peer id
and port, made every member's node dial all of them on every reconnect round: ~1,000 sockets,
the open-files limit hit, ~500 "cannot reach" lines a minute, and the room's laptops spraying
connections at whatever address the adverts named. A real node; its nearby table is a real
``Discovery`` (never started: nothing goes on the network) holding the adverts, and the
addresses they name are real listeners that hang up at once. The node's own reconnect rounds
are slowed out of the way so the test drives the rounds itself (a count, not a time).
"""

from __future__ import annotations

import asyncio

import pytest

from beraad import links
from beraad.net.discovery import Discovery, Nearby
from beraad.node import Node

pytestmark = pytest.mark.timeout(60)

ADVERTS = 30
ROUNDS = 4


async def test_advertised_addresses_are_dialled_a_few_at_once_and_backed_off(tmp_path, monkeypatch):
    monkeypatch.setattr(links, "RECONNECT_INTERVAL", 3600.0)  # rounds only when the test says
    tried: list[int] = []

    async def hang_up(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        tried.append(1)
        writer.close()

    servers = [await asyncio.start_server(hang_up, "127.0.0.1", 0) for _ in range(ADVERTS)]
    anja = await Node.open(tmp_path / "anja", host="127.0.0.1", discovery=False)
    try:
        session = (await anja.create_session(title="Plein", focus="Bomen?")).session
        discovery = anja.discovery = Discovery(on_change=lambda: None)
        for n, server in enumerate(servers):
            port = server.sockets[0].getsockname()[1]
            peer = "f" * 60 + f"{n:04d}"  # sorts above anja's peer id: she is the one to dial
            discovery._table[f"advert-{n}"] = Nearby(session, peer, "127.0.0.1", port, None, None)
        for _ in range(ROUNDS):
            anja._redial()
            await asyncio.wait_for(_looked(lambda: not anja._dialing), 30)
        assert 0 < len(tried) <= ROUNDS * links.NEARBY_DIALS_PER_HOST  # before: 30 a round
    finally:
        await anja.close()
        for server in servers:
            server.close()


async def _looked(holds) -> None:
    """Wait until ``holds()``: dials tell no event, so this looks every few milliseconds."""
    while not holds():
        await asyncio.sleep(0.02)
