"""Records slotted into the past, sent one per frame over a real link, cost few refolds.

A record whose lamport sorts before the end of the fold makes the peer refold the whole
session. A member who sends fifty of them, each in its own frame, used to cost fifty refolds in
a row (attacker finding 3: a peer frozen for seconds). The link now gathers them: one refold
for what arrived together, and a link that keeps writing into the past waits its calm time.
"""

from __future__ import annotations

import asyncio

import pytest

from benchmarks.refold import chain
from beraad.core.fold import Fold
from beraad.core.identity import Identity
from beraad.held import new_reducer
from beraad.node import Node
from tests.member_links import Turns, in_knots, member_link

pytestmark = pytest.mark.timeout(120)

LATE = 50


async def _until(node: Node, condition, timeout: float = 60) -> None:
    """Wait until ``condition()`` holds, re-checking after every event of the node."""
    changed = asyncio.Event()
    stop = node.subscribe(lambda _event: changed.set())
    try:
        async with asyncio.timeout(timeout):
            while not condition():
                changed.clear()
                await changed.wait()
    finally:
        stop()


async def _back_dated_over_links(tmp_path, senders: int, each: int) -> None:
    """``senders`` members each send ``each`` back-dated records, one per frame, over their own
    link at once; the peer must hold them all, with few refolds and the same state."""
    anja = await Node.open(tmp_path / "anja", host="127.0.0.1", discovery=False)
    try:
        s = (await anja.create_session(title="t", focus="f")).session
        writer, lates = Identity.generate(), [Identity.generate() for _ in range(senders)]
        named = [(late, f"Lot {n}") for n, late in enumerate(lates)]
        start = await in_knots(anja, s, (writer, "Wim"), *named)
        # A session with some history: what a refold has to go through again.
        anja.ingest(s, chain(writer, s, list(range(start + 100, start + 700)), "knot"))
        lamports = list(range(start + 1, start + 1 + each))
        back_dated = {late: chain(late, s, lamports, "old") for late in lates}
        every = [r for chain in back_dated.values() for r in chain]
        assert not any(anja.holds(r.id) for r in every)
        fold = anja._session(s).fold
        assert fold.sorts_before_end(every)
        refolds = fold.refolds

        connections = [await member_link(anja, s, late) for late in lates]

        async def send(connection, records):
            for record in records:  # each in its own frame, as a link message would
                await connection.send({"t": "records", "records": [record.to_dict()]})

        try:
            await asyncio.gather(
                *(send(c, back_dated[late]) for c, late in zip(connections, lates, strict=True))
            )
            await _until(anja, lambda: all(anja.holds(r.id) for r in every))
        finally:
            for connection in connections:
                await connection.close()

        fold = anja._session(s).fold
        spent = fold.refolds - refolds
        assert 1 <= spent <= 10, f"{spent} refolds for {len(every)} back-dated records"
        # Gathering changes when the records are folded, never the result.
        fresh = Fold(new_reducer())
        fresh.extend(anja.records(s))
        assert fresh.state_hash() == anja.state_hash(s)
        assert not any(r.id in fold.rejected for r in every)
    finally:
        await anja.close()


async def test_fifty_back_dated_records_one_per_frame_cost_few_refolds(tmp_path):
    await _back_dated_over_links(tmp_path, senders=1, each=LATE)


async def test_more_links_do_not_buy_more_refolds(tmp_path):
    """The calm time is the session's: three members on three links, twenty records each."""
    await _back_dated_over_links(tmp_path, senders=3, each=20)


async def test_a_window_attached_to_the_holder_folds_a_late_batch_once(tmp_path):
    """The holder tells its attached windows of each record on its own; a batch slotted into
    the past, which the holder folds with one refold, must not cost the window one each."""
    from beraad.attach import AttachedNode

    node = await Node.open(tmp_path / "holder", discovery=False, listen=False)
    window = None
    try:
        s = await node.create_session(invite=False, title="t", focus="f")
        writer, late = Identity.generate(), Identity.generate()
        start = await in_knots(node, s, (writer, "Wim"), (late, "Lot"))
        node.ingest(s, chain(writer, s, list(range(start + 100, start + 400)), "knot"))
        window = await AttachedNode.attach(node.data_dir)
        mirror = window._mirror(s)
        refolds = mirror.fold.refolds
        back_dated = chain(late, s, list(range(start + 1, start + 1 + LATE)), "old")
        told: list[object] = []
        stop = window.subscribe(told.append)
        node.ingest(s, back_dated)  # one batch at the holder: one event per record to the window
        async with asyncio.timeout(30):
            while len(window.records(s)) != len(node.records(s)):
                await asyncio.sleep(0.01)
        stop()
        assert window._mirror(s).fold.refolds - refolds <= 5
        assert window.state_hash(s) == node.state_hash(s)
        arrived = [e for e in told if type(e).__name__ == "RecordArrived"]
        assert [e.record.id for e in arrived] == [r.id for r in back_dated]
    finally:
        if window is not None:
            await window.close()
        await node.close()


async def test_a_members_back_dated_records_are_refolded_in_slices_while_the_loop_goes_on(
    monkeypatch, tmp_path
):
    """Attack s11 finding 1: a member signing records below the session's top (lamports 6, 7,
    8 …, each above its own previous one) made every peer refold the whole session on its
    event loop: keys, the screen and the links stopped for seconds. The refold now goes in
    slices, and the loop turns between them. Counted: the loop turns that ran while a refold
    was under way."""
    from beraad import links

    monkeypatch.setattr(links, "REFOLD_SLICE", 0.0)  # a step a slice, however fast the machine
    anja = await Node.open(tmp_path / "anja", host="127.0.0.1", discovery=False)
    try:
        s = (await anja.create_session(title="t", focus="f")).session
        writer, late = Identity.generate(), Identity.generate()
        start = await in_knots(anja, s, (writer, "Wim"), (late, "Bart"))
        anja.ingest(s, chain(writer, s, list(range(start + 100, start + 700)), "knot"))
        back_dated = chain(late, s, list(range(start + 1, start + 4)), "old")
        assert anja._session(s).fold.sorts_before_end(back_dated)
        refolds, slices = anja._session(s).fold.refolds, anja.refold_slices

        refolding = Turns(when=lambda: anja._session(s).fold.refolding_now)
        connection = await member_link(anja, s, late)
        try:
            await connection.send({"t": "records", "records": [r.to_dict() for r in back_dated]})
            fold = anja._session(s).fold
            await _until(  # stored, then folded: the refold begun and done
                anja,
                lambda: (
                    all(anja.holds(r.id) for r in back_dated)
                    and fold.refolds > refolds
                    and not fold.refolding_now
                ),
            )
        finally:
            refolding.stop()
            await connection.close()

        fold = anja._session(s).fold
        assert fold.refolds > refolds  # they sorted into the past: the session was refolded
        assert not fold.refolding_now
        # ~600 records, a step of ``REFOLD_STEP`` at a time: the loop turned between them.
        assert refolding.count >= 2, refolding.count
        assert anja.refold_slices - slices >= 2
        # In slices or at once, the same state.
        fresh = Fold(new_reducer())
        fresh.extend(anja.records(s))
        assert fresh.state_hash() == anja.state_hash(s)
    finally:
        await anja.close()
