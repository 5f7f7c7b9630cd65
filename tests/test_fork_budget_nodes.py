"""A forker's set-aside record the group rests on counts on every peer, whatever the budget
(attack s7 #1, real nodes on loopback; Mallory and Cas speak over hostile links).

Mallory forks; she fills anja's 4 MiB budget of set-aside records with junk below the mark
while bart's laptop is shut; bart reopens and gets X, another set-aside record of hers, and
Cas's knot naming X. Bart counted X, anja dropped it each time it came (it did not raise her
mark): two state hashes for good, across restarts, each bundle verifying with its own. Now a
set-aside record something rests on is pinned (``Replica._pin``): never dropped, and sent on
again after what pinned it, so anja takes it too.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from beraad.core import session as model
from beraad.export.transfer import export_bundle
from beraad.node import Node
from tests.conftest import run_beraad
from tests.fork_nodes import (
    CAS,
    MALLORY,
    agree,
    anja_and_bart,
    fork_at_knots,
    fork_sent,
    link_for,
    send,
    signed,
)
from tests.node_waits import until

pytestmark = pytest.mark.timeout(240)


async def _taken(holds: Callable[[], bool], timeout: float = 30) -> None:
    """Wait until ``holds()``: a set-aside record that counts for nothing tells no event, so
    this looks every few milliseconds (a condition with a time-out, not a guessed delay)."""

    async def looked() -> None:
        while not holds():
            await asyncio.sleep(0.02)

    await asyncio.wait_for(looked(), timeout)


async def test_a_named_set_aside_record_dropped_over_the_budget_comes_back_and_counts(tmp_path):
    async with anja_and_bart(tmp_path) as (nodes, invitation, links):
        anja, bart = nodes
        session = invitation.session
        top, name, one, two = await fork_at_knots(nodes, invitation, MALLORY, CAS)
        (to_anja,) = await fork_sent(nodes, links, session, (anja, (name, one, two)))
        big = "x" * 60_000
        junk = [
            signed(MALLORY, session, 3, one.id, top + 2, "note.add", {"text": f"{i}" + big})
            for i in range(40)
        ]
        junk += [
            signed(MALLORY, session, 3, one.id, top + 2, "note.add", {"text": f"s{i}"})
            for i in range(200)
        ]
        # her last record climbs (so it is kept whatever the budget): all before it was taken
        last = signed(MALLORY, session, 3, one.id, top + 3, "note.add", {"text": "last"})
        x = signed(MALLORY, session, 3, two.id, top + 2, "knot.add", model.text_body("X"))
        named = signed(CAS, session, 1, None, top + 4, "knot.add", model.text_body(x.id))
        await bart.close()  # bart's laptop is shut while anja's budget fills
        nodes.remove(bart)
        await send(to_anja, *junk[:40])
        await send(to_anja, *junk[40:], last)
        replica = anja._sessions[session].replica
        await _taken(lambda: any(r.id == last.id for r in replica.aside()))
        assert not any(r.id == junk[-1].id for r in replica.aside())  # the budget is spent
        bart = await Node.open(tmp_path / "bart", host="127.0.0.1", discovery=False)
        nodes.append(bart)
        await send(await link_for(links, bart, session, MALLORY), x)
        await send(await link_for(links, bart, session, CAS), named)
        await until(lambda: all(x.id in n.kept(session) for n in nodes), *nodes, timeout=90)
        live = await agree(session, anja, bart)
        for node in nodes:
            export_bundle(node, session, tmp_path / f"{node is anja}.beraad")
        for node in list(nodes):
            await node.close()
        nodes.clear()
        for folder in ("anja", "bart"):
            again = await Node.open(tmp_path / folder, host="127.0.0.1", discovery=False)
            nodes.append(again)
            assert again.state_hash(session) == live and x.id in again.kept(session)
    for flag in (True, False):
        checked = run_beraad("verify", str(tmp_path / f"{flag}.beraad"))
        assert checked.returncode == 0, checked.stdout[-2000:]
        assert live in checked.stdout
