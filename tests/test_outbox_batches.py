"""A link-up answers a peer that holds nothing with every record it lacks, in batches.

attack13 #3: each batch was encoded anew on the app's loop (``canonical_bytes`` of every
record's dict) and the batches went out back to back (on loopback the socket took them without
a wait): 1-2.6 s of frozen keys per new link at 20,000 records. A batch is now joined from its
records' kept bytes, and the loop gets a turn between two batches.
"""

from __future__ import annotations

import asyncio
import itertools
import json

from beraad.core.canonical import canonical_bytes
from beraad.core.record import sign_record
from beraad.outbox import Outbox
from tests.core.strategies import SESSION, identity


def _chain(count: int) -> list:
    records, prev = [], None
    for seq in range(1, count + 1):
        record = sign_record(
            identity(1), session=SESSION, seq=seq, prev=prev, lamport=seq, at=0,
            kind="knot.add", body={"text": f"knot {seq}: é \u2028 \"quoted\""},
        )  # fmt: skip
        records.append(record)
        prev = record.id
    return records


async def test_a_big_answer_gives_the_loop_a_turn_between_its_batches():
    records = _chain(600)
    box = Outbox()
    box.records(records, answer=True)
    box.close()
    turns, done = [0], asyncio.Event()

    async def others() -> None:  # what else the loop has to do: keys, other links
        for _ in range(100_000):
            if done.is_set():
                return
            turns[0] += 1
            await asyncio.sleep(0)

    other = asyncio.ensure_future(others())
    sent = []
    async for data in box.messages():  # the link's writer (nothing awaited: the socket took it)
        sent.append((turns[0], data))
    done.set()
    await other

    assert len(sent) == 3 == box.batches_joined  # at most 256 records a message
    assert all(a < b for (a, _), (b, _) in itertools.pairwise(sent))
    at = 0
    for _turn, data in sent:
        message = json.loads(data)
        batch = records[at : at + len(message["records"])]
        at += len(batch)
        assert data == canonical_bytes({"t": "records", "records": [r.to_dict() for r in batch]})
    assert at == len(records)
    assert box.answer_bytes == 0
