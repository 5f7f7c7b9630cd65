"""``append_many_aside``: a batch's ``fdatasync`` in the store's own thread while the event loop
goes on (a member's flood made keys wait for the disk). The records are held only once
durable, one sync each batch, in order; a plain append meanwhile, a close meanwhile and a
reopen all keep every one of them."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from beraad.core.record import Record
from beraad.store import RecordStore


def _hold_syncer(store: RecordStore) -> threading.Event:
    """Keep the store's sync thread busy until the returned event is set: a batch's sync
    then waits its turn, as behind a slow disk."""
    release = threading.Event()
    store._syncer.submit(release.wait)
    return release


async def test_a_batch_is_held_only_once_durable_and_the_loop_goes_on(
    data_dir: Path, ten: list[Record]
):
    with RecordStore.open(data_dir) as store:
        release = _hold_syncer(store)
        syncs = store.syncs
        writing = asyncio.ensure_future(store.append_many_aside(ten[:6]))
        turns = 0
        while turns < 20:  # the loop turns while the sync waits for the disk
            await asyncio.sleep(0)
            turns += 1
        assert not writing.done()
        assert not any(store.has(r.id) for r in ten[:6])  # not durable: not held, not sent
        assert store.syncs == syncs
        # A second batch (plain, on the loop) goes after the first one's lines.
        assert store.append_many(ten[6:]) == ten[6:]
        release.set()
        assert await writing == ten[:6]
        assert all(store.has(r.id) for r in ten)
        assert store.syncs == syncs + 2  # one each
        assert await store.append_many_aside(ten[:3]) == []  # nothing twice
    with RecordStore.open(data_dir) as reopened:
        assert [r.id for r in reopened.records(ten[0].session)] == [r.id for r in ten]


async def test_closing_waits_for_a_sync_under_way(data_dir: Path, ten: list[Record]):
    store = RecordStore.open(data_dir)
    release = _hold_syncer(store)
    writing = asyncio.ensure_future(store.append_many_aside(ten))
    await asyncio.sleep(0)
    threading.Timer(0.05, release.set).start()  # the disk answers a moment later
    store.close()  # waits for the sync thread, then closes the journal
    writing.cancel()
    with RecordStore.open(data_dir) as reopened:
        assert [r.id for r in reopened.records(ten[0].session)] == [r.id for r in ten]
