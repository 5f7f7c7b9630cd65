"""A damaged line in a member's journal is set aside and what it held comes again from a peer
(attack s12 #7): one flipped byte in the middle had locked the person out of every session.
Real nodes on loopback, real stores, real signatures; the byte flipped in the file itself."""

from __future__ import annotations

import pytest

from beraad.node import Node
from beraad.store.records import JOURNAL_FILE, STORE_DIR
from tests.node_waits import joined_in_knots, until

pytestmark = pytest.mark.timeout(120)


async def test_a_damaged_line_is_set_aside_and_the_next_sync_fills_it(tmp_path):
    anja, bob, session = await joined_in_knots(tmp_path / "anja", tmp_path / "bob", "Plein")
    try:
        for n in range(6):
            await anja.contribute(session, "knot.add", {"text": f"knot {n}"})
        await until(
            lambda: len(bob.records(session)) == len(anja.records(session)), bob, timeout=60
        )
        held = {record.id for record in bob.records(session)}
        whole = bob.state_hash(session)
    finally:
        await bob.close()

    journal = tmp_path / "bob" / STORE_DIR / JOURNAL_FILE
    data = bytearray(journal.read_bytes())
    at = data.index(b"knot 2")
    data[at] ^= 0x20  # one bit, in the middle of the journal
    journal.write_bytes(bytes(data))

    bob = await Node.open(tmp_path / "bob", host="127.0.0.1", discovery=False)
    try:
        assert len(bob.recovered) == 1 and "set aside" in bob.recovered[0]  # before: refused
        # Anja's knot 2 is gone; her later records wait for it (the chain has a gap).
        assert len(bob.records(session)) < len(held)
        await bob.connect(anja.address)
        await until(lambda: {record.id for record in bob.records(session)} == held, bob, timeout=60)
        assert bob.state_hash(session) == whole
    finally:
        await bob.close()
        await anja.close()
