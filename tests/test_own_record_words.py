"""A contribution that the checks every record passes refuse is said in the person's language
(attack s15 #3): ``Node.contribute`` passed a ``RecordError``'s English on, and in Dutch the
app read "Refused: record is not canonical JSON: $.lamport: integer 9007199254740992 is
outside the safe range ±2^53-1". Real nodes and stores, real signatures, in Dutch; nothing
already held is lost, and the next contribution that can be signed is."""

from __future__ import annotations

import time

import pytest

from beraad.core import session as model
from beraad.core.canonical import MAX_SAFE_INT
from beraad.core.record import sign_record
from beraad.i18n import set_language, translate
from beraad.node import Node, NodeError
from beraad.store import RecordStore

pytestmark = pytest.mark.timeout(60)

CLOCK = (
    "Not saved: this computer's clock is set before 1970 or after 2200, and a "
    "contribution is dated by it. Set the clock right and try again."
)
TOP = (
    "Not saved: a record of this session on this device already carries the "
    "highest number a record may have, so nothing can follow it from here."
)


def in_dutch(english: str) -> str:
    dutch = translate(english, "nl")
    assert dutch != english  # the catalog has it: a Dutch sentence, not the English again
    return dutch


async def test_a_clock_set_before_1970_or_after_2200_is_said_in_dutch(tmp_path):
    set_language("nl")
    node = await Node.open(tmp_path / "anja", discovery=False, listen=False)
    try:
        session = await node.create_session(title="Plein", focus="Hoe?", invite=False)
        assert isinstance(session, str)
        held = node.records(session)
        for seconds in (7_258_118_400.0, 8_000_000_000.0, -1.0):  # 2200, later, 1969
            node.clock = lambda seconds=seconds: seconds
            with pytest.raises(NodeError) as refused:
                await node.contribute(session, "member.name", model.name_body("Anja"))
            assert str(refused.value) == in_dutch(CLOCK)
        assert node.records(session) == held
        node.clock = time.time
        await node.contribute(session, "member.name", model.name_body("Anja B."))
        assert len(node.records(session)) == len(held) + 1
    finally:
        await node.close()


async def test_a_record_numbered_at_the_top_is_said_in_dutch(tmp_path):
    """Attack s15 #2's data dir: a record of Anja's own, signed at the highest lamport a record
    carries and put in her journal, is read back as hers; whatever she writes next would be
    numbered past it, which no record can carry."""
    home = tmp_path / "anja"
    node = await Node.open(home, discovery=False, listen=False)
    try:
        session = await node.create_session(title="Plein", focus="Hoe?", invite=False)
        assert isinstance(session, str)
        last = node.records(session)[-1]
    finally:
        await node.close()
    top = sign_record(
        node.identity,
        session=session,
        seq=last.seq + 1,
        prev=last.id,
        lamport=MAX_SAFE_INT,
        at=last.at + 1000,
        kind="member.name",
        body=model.name_body("Anja"),
    )
    with RecordStore.open(home) as store:
        store.append_many([top])
    set_language("nl")
    node = await Node.open(home, discovery=False, listen=False)
    try:
        assert node.holds(top.id)
        held = node.records(session)
        with pytest.raises(NodeError) as refused:
            await node.contribute(session, "member.name", model.name_body("Anja B."))
        assert str(refused.value) == in_dutch(TOP)
        assert node.records(session) == held
    finally:
        await node.close()
