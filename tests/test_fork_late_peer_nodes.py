"""A peer that links after a forker's flood still syncs (attack s12 #1, real nodes on loopback).

Mallory forks and sends anja a pile of set-aside records, each climbing the lamport (so anja
keeps them all); bart's laptop was shut meanwhile. On every ``hello`` anja sent every set-aside
record she keeps as one push, and a push past the outbox's bound (``MAX_QUEUED_BYTES``, 32 MiB;
scaled down here so the pile is ~2 MB, not 40) dropped the link at once: bart came back, said
hello, was dropped again, for good, and neither side's knot ever crossed. Now the proof of the
fork (two records) is pushed and the set-aside records go as an answer, in batches the writer
takes, so the link holds and both knots cross.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from beraad import outbox
from beraad.core import session as model
from beraad.node import Node
from tests.fork_nodes import CAS, MALLORY, all_set_aside, anja_and_bart, fork_at_knots, send, signed
from tests.hostile_link import hostile_link

pytestmark = pytest.mark.timeout(120)

#: The outbox's bound, scaled down (32 MiB → 1 MiB) with the pile (~2 MB instead of 40).
LIMIT = 1024 * 1024


async def _taken(holds: Callable[[], bool], timeout: float = 60) -> None:
    """Wait until ``holds()``: a set-aside record that counts for nothing tells no event, so
    this looks every few milliseconds (a condition with a time-out, not a guessed delay)."""

    async def looked() -> None:
        while not holds():
            await asyncio.sleep(0.02)

    await asyncio.wait_for(looked(), timeout)


async def test_a_peer_that_comes_back_after_a_forkers_flood_syncs(tmp_path, monkeypatch):
    monkeypatch.setattr(outbox, "MAX_QUEUED_BYTES", LIMIT)
    async with anja_and_bart(tmp_path) as (nodes, invitation, links):
        anja, bart = nodes
        session = invitation.session
        top, name, one, two = await fork_at_knots(nodes, invitation, MALLORY, CAS)
        await bart.close()  # bart's laptop is shut during the flood
        nodes.remove(bart)
        group_key = anja._sessions[session].group_key
        to_anja = await hostile_link(anja, session, group_key, MALLORY)
        links.append(to_anja)
        await send(to_anja, name, one, two)
        big = "x" * 60_000
        prev, pile = one.id, []
        for i in range(36):  # each one step above the last: kept whatever the budget
            record = signed(
                MALLORY, session, 3 + i, prev, top + 3 + i, "note.add", {"text": f"{i}{big}"}
            )
            pile.append(record)
            prev = record.id
        for start in range(0, len(pile), 6):
            await send(to_anja, *pile[start : start + 6])
        replica = anja._sessions[session].replica
        await _taken(lambda: pile[-1].id in {r.id for r in replica.aside()})
        assert sum(r.size for r in replica.aside()) > 2 * LIMIT
        bart = await Node.open(tmp_path / "bart", host="127.0.0.1", discovery=False)
        nodes.append(bart)
        await all_set_aside([bart], session, {MALLORY.public_key: 2})
        mine = await anja.contribute(session, "knot.add", model.text_body("after the flood"))
        his = await bart.contribute(session, "knot.add", model.text_body("bart after it"))
        await bart.wait_for(lambda: bart.holds(mine.id), 30)
        await anja.wait_for(lambda: anja.holds(his.id), 30)
        kept = bart._sessions[session].replica
        await _taken(lambda: pile[-1].id in {r.id for r in kept.aside()})
