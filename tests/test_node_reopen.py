"""A session holding more records than the gate's pending pool reopens whole.

Since the gate admits a key only once the fold accepted its admission, a store replayed in one
offer held every admitted member's record as "not yet a member" and the 2,000-record pending cap
dropped the rest: a 5,000-record session opened with 3,013 (found by the UI benchmark). The
same held for a bundle imported in one piece. Real nodes, real stores, real signatures.
"""

from __future__ import annotations

import pytest

from beraad.core.identity import Identity
from beraad.core.record import Record, sign_record
from beraad.core.replica import MAX_PENDING
from beraad.node import Node

pytestmark = pytest.mark.timeout(120)

MANY = MAX_PENDING + 300


def bart_names(node: Node, session: str, bart: Identity, count: int) -> list[Record]:
    """``count`` well-signed name changes by Bart, chained, as his own node would write them."""
    lamport, at, previous = node._session(session).lamport, int(node.clock() * 1000), None
    records = []
    for seq in range(1, count + 1):
        record = sign_record(
            bart, session=session, seq=seq, prev=previous, lamport=lamport + seq, at=at,
            kind="member.name", body={"name": f"Bart {seq}"},
        )  # fmt: skip
        records.append(record)
        previous = record.id
    return records


async def test_a_session_with_more_records_than_the_pending_pool_reopens_whole(tmp_path):
    bart = Identity.from_seed(b"\x07" * 32)
    anja = await Node.open(tmp_path / "anja", host="127.0.0.1", discovery=False)
    try:
        session = (await anja.create_session(title="t", focus="f")).session
        await anja.contribute(session, "member.admit", {"member": bart.public_key, "name": "B"})
        records = bart_names(anja, session, bart, MANY)
        for start in range(0, MANY, 256):  # as a link carries them
            anja.ingest(session, records[start : start + 256])
        before = len(anja._session(session).fold.records)
        assert anja.state(session).name(bart.public_key) == f"Bart {MANY}"
    finally:
        await anja.close()
    again = await Node.open(tmp_path / "anja", host="127.0.0.1", discovery=False)
    try:
        assert len(again._session(session).fold.records) == before
        assert again.state(session).name(bart.public_key) == f"Bart {MANY}"
    finally:
        await again.close()


async def test_a_big_batch_from_a_bundle_enters_whole(tmp_path):
    bart = Identity.from_seed(b"\x08" * 32)
    anja = await Node.open(tmp_path / "anja", host="127.0.0.1", discovery=False)
    try:
        session = (await anja.create_session(title="t", focus="f")).session
        admit = await anja.contribute(
            session, "member.admit", {"member": bart.public_key, "name": "B"}
        )
        assert admit
        records = bart_names(anja, session, bart, MANY)
        entered = anja.ingest(session, records)
        assert entered == {record.id for record in records}
    finally:
        await anja.close()
