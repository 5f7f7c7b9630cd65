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
    all_set_aside,
    anja_and_bart,
    fork_at_knots,
    send,
    signed,
    until,
)
from tests.hostile_link import hostile_link

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
        group_key = anja._sessions[session].group_key
        to_anja = await hostile_link(anja, session, group_key, MALLORY)
        links.append(to_anja)
        await send(to_anja, name, one, two)
        await all_set_aside(nodes, session, {MALLORY.public_key: 2})
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
        to_bart = await hostile_link(bart, session, group_key, MALLORY)
        links.append(to_bart)
        await send(to_bart, x)
        cas = await hostile_link(bart, session, group_key, CAS)
        links.append(cas)
        await send(cas, named)
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
