"""Receipts (naive s10 finding 4): a peer that stored my records says so, soon, so "your vote
is in" does not wait for its next record. Real nodes on loopback, real links and stores."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from beraad.core import session as model
from beraad.core.sync import Hello, Holds, SyncError, hello, holds, parse
from beraad.events import PeerHolds
from beraad.node import Node
from tests.ui.phases_app import close_all, converged, open_node

pytestmark = pytest.mark.timeout(60)


def test_hello_says_it_takes_receipts_and_an_old_one_does_not():
    assert parse(hello({}, "Ann")) == Hello({}, "Ann", True, holds=True)
    old = {"t": "hello", "frontier": {}, "name": "Ann", "open": True}  # a peer from before
    assert parse(old).holds is False
    assert parse(holds(7)) == Holds(7)
    for bad in (0, -1, "7", True, None):
        with pytest.raises(SyncError):
            parse({"t": "holds", "seq": bad})


async def _pair(tmp_path: Path) -> tuple[list[Node], str]:
    anja, bert = await open_node(tmp_path, "anja"), await open_node(tmp_path, "bert")
    made = await anja.create_session(title="Speelplein", focus="Safer?", decision_rule="dots")
    await anja.contribute(made.session, "phase.move", model.move_body("knots"))
    await bert.join(made.code, address=anja.address)
    await converged([anja, bert], made.session)
    return [anja, bert], made.session


def _holds(node: Node, session: str, peer: str) -> int:
    return next((p.holds for p in node.peers(session) if p.peer == peer), 0)


async def _until(condition, timeout: float = 20) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "condition not met in time"
        await asyncio.sleep(0.02)


async def test_a_peer_that_stored_my_record_tells_me_without_writing_one(tmp_path: Path):
    nodes, session = await _pair(tmp_path)
    anja, bert = nodes
    heard: list[PeerHolds] = []
    anja.subscribe(lambda e: heard.append(e) if isinstance(e, PeerHolds) else None)
    try:
        records = len(bert.records(session))
        knot = await anja.contribute(session, "knot.add", model.text_body("Too dark"))
        await _until(lambda: _holds(anja, session, bert.identity.public_key) >= knot.seq)
        assert len(bert.records(session)) == records + 1  # Bert wrote nothing of his own
        assert heard and heard[-1].seq == knot.seq and heard[-1].peer == bert.identity.public_key
        # Ten records in a burst: one receipt or a few (debounced), never one per record.
        before = len(heard)
        for n in range(10):
            last = await anja.contribute(session, "knot.add", model.text_body(f"Knot {n}"))
        await _until(lambda: _holds(anja, session, bert.identity.public_key) >= last.seq)
        assert len(heard) - before <= 3
    finally:
        await close_all(nodes)


async def test_a_hostile_receipt_is_cut_to_my_chain_and_a_flood_is_no_news(tmp_path: Path):
    nodes, session = await _pair(tmp_path)
    anja, bert = nodes
    me, her = anja.identity.public_key, bert.identity.public_key
    heard: list[PeerHolds] = []
    anja.subscribe(lambda e: heard.append(e) if isinstance(e, PeerHolds) else None)
    try:
        knot = await anja.contribute(session, "knot.add", model.text_body("Too dark"))
        await _until(lambda: _holds(anja, session, her) >= knot.seq)
        heard.clear()
        # Bert's node sends, on its real link to Anja, a claim far past her chain, 500 times.
        link = next(iter(bert._sessions[session].links[me]))
        for _ in range(500):
            link.send(holds(10**9))
        link.send(holds(1))  # a fall is no news either
        marker = await bert.contribute(session, "knot.add", model.text_body("Marker"))
        await _until(lambda: any(r.id == marker.id for r in anja.records(session)))
        assert _holds(anja, session, her) == knot.seq  # never past what Anja wrote
        assert heard == []  # 501 receipts, no event: nothing rose
        assert anja.state_hash(session) == bert.state_hash(session)  # the link stayed up
    finally:
        await close_all(nodes)


async def test_a_peer_from_before_gets_no_receipt_and_its_hello_still_tells(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Bert's node is of a version without receipts (its hello says nothing of them, as
    before): Anja's node sends him none — he would drop the link on a message he does not
    know — and his hello's frontier still tells her what he holds of her chain."""
    import beraad.links as links

    anja = await open_node(tmp_path, "anja")
    made = await anja.create_session(title="Speelplein", focus="Safer?", decision_rule="dots")
    await anja.contribute(made.session, "phase.move", model.move_body("knots"))
    knot = await anja.contribute(made.session, "knot.add", model.text_body("Too dark"))

    def old_hello(frontier, name, open_=True, clock=None, heads=None):
        said = hello(frontier, name, open_)  # nor a clock (beraad/clocks.py), nor heads
        del said["holds"]
        return said

    bert = await open_node(tmp_path, "bert")
    monkeypatch.setattr(links, "hello", old_hello)  # every hello from here on, as before
    nodes = [anja, bert]
    sent: list[dict] = []
    try:
        await bert.join(made.code, address=anja.address)
        await converged(nodes, made.session)
        link = next(iter(anja._sessions[made.session].links[bert.identity.public_key]))
        real = link.send
        link.send = lambda m: (sent.append(m), real(m))[1]  # what Anja's node sends him
        await bert.contribute(made.session, "knot.add", model.text_body("From Bert"))
        await converged(nodes, made.session)
        await asyncio.sleep(0)  # no timer may be waiting for this link
        assert link.receipt_timer is None and not link.receipts
        assert not [m for m in sent if m.get("t") in ("holds", "clock")]
        # His hello on the next link says what he holds of her chain: her line reads it.
        await bert.close()
        bert = await open_node(tmp_path, "bert")
        nodes = [anja, bert]
        bert.add_peer(anja.address)
        await _until(lambda: _holds(anja, made.session, bert.identity.public_key) >= knot.seq)
    finally:
        await close_all(nodes)
