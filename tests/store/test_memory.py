"""What a store holds per record once opened: the record, not copies of it.

A session of 5,000 records cost the app ~7 KB a record. Opened from its journal, the store kept
a TinyDB document per record beside the record itself (for queries only tests make), and every
record held its own copies of the strings thousands of records repeat (session, author, kind,
and ``prev``, its previous record's id). Counted on a real journal of real signed records.
"""

from __future__ import annotations

import gc
import tracemalloc

from tinydb import where

from beraad.store import RecordStore
from tests.core.strategies import SESSION, chain_of, identity
from tests.store.helpers import texts

RECORDS = 600


def test_an_opened_store_shares_what_records_repeat_and_keeps_no_documents(data_dir):
    alice, bob = identity(1), identity(2)
    a = chain_of(alice, texts(RECORDS // 2), kind="knot.add")
    b = chain_of(bob, texts(RECORDS // 2), kind="knot.add")
    with RecordStore.open(data_dir) as store:
        store.append_many(a + b)
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        store = RecordStore.open(data_dir)
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    with store:
        records = store.records(SESSION)
        assert len({id(r.session) for r in records}) == 1
        assert len({id(r.author) for r in records}) == 2
        assert len({id(r.kind) for r in records}) == 1
        by_id = {r.id: r for r in records}
        assert all(r.prev is by_id[r.prev].id for r in records if r.prev is not None)
        # Measured: ~2.6 KB a record with a document each and its own strings, ~1.3 KB now.
        assert held / RECORDS < 1_600, held / RECORDS
        assert store.query(where("author") == bob.public_key) == b  # queries still run
