"""Admitted, a joiner waits for its admit to fold as long as the session's records keep
coming in, not a fixed time (naive s11 F4: a projector joining 5,000 contributions got a bare
"TimeoutError" after 15 s, though it was let in); records that stop coming give a sentence.
A real node and store; the records arrive through ``Node.ingest`` as from the network."""

from __future__ import annotations

import asyncio

import pytest

from benchmarks.ui import build_session, peer_vote
from beraad.core import session as bodies
from beraad.core.identity import Identity
from beraad.held import NodeError
from beraad.node import Node
from tests.ui.stored_app import store_session

pytestmark = pytest.mark.timeout(60)

STALL = 2.0  # seconds without records before the join gives up


async def test_the_wait_for_the_admit_lasts_while_records_come(tmp_path):
    w = build_session(10)
    newcomer = Identity.generate()
    store_session(w, tmp_path / "proj", identity=newcomer, name="Projector")
    node = await Node.open(tmp_path / "proj", host="127.0.0.1", discovery=False)
    try:
        session = node._sessions[w.session]
        coming = [peer_vote(w, tick) for tick in range(1, 7)]
        admit = w.sign(0, "member.admit", bodies.admit_body(newcomer.public_key, "Projector"))

        async def arrive() -> None:
            # Longer in all than the stall, each pause well inside it: the admit comes last.
            for record in coming:
                await asyncio.sleep(STALL / 4)
                node.ingest(w.session, [record])
            node.ingest(w.session, [admit])

        feeding = asyncio.create_task(arrive())
        await node._until_in(session, STALL)
        assert feeding.done()
        assert newcomer.public_key in session.fold_members()
    finally:
        await node.close()


async def test_records_that_stop_coming_are_said_in_words(tmp_path):
    w = build_session(10)
    newcomer = Identity.generate()
    store_session(w, tmp_path / "proj", identity=newcomer, name="Projector")
    node = await Node.open(tmp_path / "proj", host="127.0.0.1", discovery=False)
    try:
        with pytest.raises(NodeError, match="stopped coming in"):
            await node._until_in(node._sessions[w.session], 0.2)
    finally:
        await node.close()
