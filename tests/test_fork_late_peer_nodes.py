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
from beraad.core import replica as gate
from beraad.core import session as model
from beraad.core.record import Record
from beraad.core.replica import held_cost
from beraad.node import Node
from tests.fork_nodes import (
    CAS,
    MALLORY,
    agree,
    all_set_aside,
    anja_and_bart,
    fork_at_knots,
    send,
    signed,
)
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
        pile = _climb(session, one.id, top)  # ~2 MB, within the budget: all kept
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


async def test_a_forkers_climb_is_kept_within_the_budget_and_peers_still_agree(
    tmp_path, monkeypatch
):
    """The same climb past the budget of set-aside records per forker (scaled 16 → 1 MiB):
    anja keeps no more than it, her mark counts all of it, bart (back later) takes what she
    kept, and both reach one state hash; reopened, anja keeps what she stored."""
    monkeypatch.setattr(gate, "ASIDE_BYTES_PER_FORKER", LIMIT)
    async with anja_and_bart(tmp_path) as (nodes, invitation, links):
        anja, bart = nodes
        session = invitation.session
        top, name, one, two = await fork_at_knots(nodes, invitation, MALLORY, CAS)
        await bart.close()
        nodes.remove(bart)
        group_key = anja._sessions[session].group_key
        to_anja = await hostile_link(anja, session, group_key, MALLORY)
        links.append(to_anja)
        await send(to_anja, name, one, two)
        pile = _climb(session, one.id, top)
        for start in range(0, len(pile), 6):
            await send(to_anja, *pile[start : start + 6])
        replica = anja._sessions[session].replica
        await _taken(lambda: replica.lamport >= pile[-1].lamport)
        kept = {r.id for r in replica.aside()} & {r.id for r in pile}
        assert 0 < len(kept) < len(pile)
        assert sum(held_cost(r) for r in pile if r.id in kept) <= LIMIT
        bart = await Node.open(tmp_path / "bart", host="127.0.0.1", discovery=False)
        nodes.append(bart)
        his = bart._sessions[session].replica
        await _taken(lambda: kept <= {r.id for r in his.aside()})
        await agree(session, anja, bart)
        live = anja.state_hash(session)
        await anja.close()
        nodes.remove(anja)
        anja = await Node.open(tmp_path / "anja", host="127.0.0.1", discovery=False)
        nodes.insert(0, anja)
        again = {r.id for r in anja._sessions[session].replica.aside()} & {r.id for r in pile}
        assert again == kept and anja.state_hash(session) == live


def _climb(session: str, prev: str, top: int) -> list[Record]:
    """36 of Mallory's records of ~60 KB past her fork, each one step above the last."""
    pile = []
    for i in range(36):
        record = signed(
            MALLORY, session, 3 + i, prev, top + 3 + i, "note.add", {"text": f"{i}{'x' * 60_000}"}
        )
        pile.append(record)
        prev = record.id
    return pile
