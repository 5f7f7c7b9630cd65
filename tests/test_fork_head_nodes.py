"""A fork at an author's LAST record is found when two peers holding the two copies link.

attack s17 #5: Mallory signed two dot votes at her seq 2, one to Anja's node while Bart's was
closed, the other to Bart's while Anja's was closed. When they linked, both hellos said "Mallory:
2" and nothing was sent: the two nodes counted different records for good, with no word. The
hello now names the record held at each frontier seq; a peer holding another one there sends
its own, and both set Mallory aside from seq 2 — the same state on both.
"""

from __future__ import annotations

import pytest

from beraad.node import Node
from tests.fork_nodes import (
    CAS,
    MALLORY,
    agree,
    all_set_aside,
    fork_at_knots,
    link_for,
    open_session,
    send,
)

pytestmark = pytest.mark.timeout(120)


async def _open(path) -> Node:
    return await Node.open(path, host="127.0.0.1", discovery=False)


async def _given(node: Node, session: str, *records) -> None:
    """Mallory's own link hands ``node`` these records, then goes."""
    links: list = []
    link = await link_for(links, node, session, MALLORY)
    try:
        await send(link, *records)
        await node.wait_for(lambda: all(node.holds(r.id) for r in records))
    finally:
        await link[0].close()
        link[1].cancel()


async def test_two_records_at_an_authors_last_seq_are_found_when_their_holders_link(tmp_path):
    nodes, invitation = await open_session(tmp_path, ["anja", "bart"])
    session = invitation.session
    anja, bart = nodes
    try:
        _top, named, one, two = await fork_at_knots(nodes, invitation, MALLORY, CAS)
        await bart.close()  # Anja gets one copy while Bart is away
        nodes = [anja]
        await _given(anja, session, named, one)
        await anja.close()  # and Bart the other while Anja is away
        nodes = []
        bart = await _open(tmp_path / "bart")
        nodes = [bart]
        await _given(bart, session, named, two)
        assert not bart.set_aside(session)

        anja = await _open(tmp_path / "anja")
        nodes = [anja, bart]
        bart.add_peer(anja.address)
        await all_set_aside(nodes, session, {MALLORY.public_key: 2})
        await agree(session, *nodes)
        for node in nodes:  # neither copy counts anywhere
            assert not {one.id, two.id} & {r.id for r in node.records(session)}
    finally:
        for node in reversed(nodes):
            await node.close()
