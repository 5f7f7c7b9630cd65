"""A member's records sent one per frame are taken in slices: one durable write and one loop
turn per slice, and the other links' slices in between (attacker s8, "ballot under a member's
flood": a write and a fold per record on the app's loop made keys wait up to 2.7 s).

Real nodes, a real link, a real store; work is counted (writes, slices, loop turns), never
timed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from benchmarks.refold import chain
from beraad.core.fold import Fold
from beraad.core.identity import Identity
from beraad.held import new_reducer
from beraad.links import INGEST_SLICE
from beraad.node import Node
from tests.member_links import Turns, in_knots, member_link

pytestmark = pytest.mark.timeout(120)

FRAMES = 120


async def _until(condition: Callable[[], bool], timeout: float = 60) -> None:
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.01)


async def test_records_one_per_frame_are_taken_in_slices_one_turn_and_one_write_each(
    monkeypatch, tmp_path
):
    anja = await Node.open(tmp_path / "anja", host="127.0.0.1", discovery=False)
    try:
        s = (await anja.create_session(title="t", focus="f")).session
        flooder, honest = Identity.generate(), Identity.generate()
        start = await in_knots(anja, s, (flooder, "Flo"), (honest, "Eef"))
        flood = chain(flooder, s, list(range(start + 1, start + 1 + FRAMES)), "flood")
        calm = chain(honest, s, list(range(start + 1, start + 1 + FRAMES // 4)), "calm")

        # Which link each slice came from, and in which loop turn it was taken.
        slices: list[tuple[int, str]] = []
        sizes: list[int] = []
        turns = Turns()
        take, ingest = Node._ingest_slice, Node._ingesting

        def plain(self, session, records, link):  # type: ignore[no-untyped-def]
            slices.append((turns.count, link.peer))
            sizes.append(len(records))
            return take(self, session, records, link)

        def costly(self, session, records, source=None, *args, **kwargs):  # type: ignore[no-untyped-def]
            if source is not None:  # records sorting into the past: gathered, on the loop
                slices.append((turns.count, source.peer))
                sizes.append(len(records))
            return ingest(self, session, records, source, *args, **kwargs)

        monkeypatch.setattr(Node, "_ingest_slice", plain)
        monkeypatch.setattr(Node, "_ingesting", costly)
        syncs, taken = anja.store.syncs, anja.slices
        links = [await member_link(anja, s, flooder), await member_link(anja, s, honest)]

        async def send(connection, records) -> None:  # type: ignore[no-untyped-def]
            for record in records:  # each in its own frame
                await connection.send({"t": "records", "records": [record.to_dict()]})

        try:
            await asyncio.gather(send(links[0], flood), send(links[1], calm))
            await _until(lambda: all(anja.holds(r.id) for r in flood + calm))
        finally:
            turns.stop()
            for link in links:
                await link.close()

        # One durable write per slice, and far fewer slices than frames: what arrived while
        # a slice was taken goes into the next one (at least the ``VERIFY_AHEAD`` batches a
        # link may have in checking meanwhile).
        assert anja.store.syncs - syncs == anja.slices - taken == len(slices)
        assert len(slices) <= (len(flood) + len(calm)) // 3, sizes
        assert max(sizes) <= INGEST_SLICE
        # One slice per link per loop turn: keys, the screen and the other link come between.
        for peer in (flooder.public_key, honest.public_key):
            mine = [turn for turn, who in slices if who == peer]
            assert len(mine) == len(set(mine)), mine
        # The honest member was not made to wait for the flood's end.
        honest_turns = [turn for turn, who in slices if who == honest.public_key]
        flood_turns = [turn for turn, who in slices if who == flooder.public_key]
        assert min(honest_turns) < max(flood_turns)
        # Nothing lost, nothing twice: stored once, folded once, as a fresh fold of them.
        held = anja.records(s)
        assert len(held) == len({r.id for r in held})
        assert {r.id for r in flood + calm} <= {r.id for r in held}
        fresh = Fold(new_reducer())
        fresh.extend(held)
        assert fresh.state_hash() == anja.state_hash(s)
    finally:
        await anja.close()
