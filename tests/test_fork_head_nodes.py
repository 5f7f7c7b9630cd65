"""A fork at an author's LAST record is found when two peers holding the two copies link.

attack s17 #5: Mallory signed two dot votes at her seq 2, one to Anja's node while Bart's was
closed, the other to Bart's while Anja's was closed. When they linked, both hellos said "Mallory:
2" and nothing was sent: the two nodes counted different votes for good, with no word. The
hello now names the record held at each frontier seq; a peer holding another one there sends
its own, and both set Mallory aside from seq 2 — the same state on both.
"""

from __future__ import annotations

import pytest

from beraad.core import session as model
from beraad.core.identity import Identity
from beraad.core.record import Record, sign_record
from beraad.node import Node
from tests.hostile_link import hostile_link

pytestmark = pytest.mark.timeout(120)

MALLORY = Identity.from_seed(b"\x47" * 32)


def _signed(session: str, seq: int, prev: str | None, lamport: int, kind: str, body) -> Record:
    return sign_record(
        MALLORY, session=session, seq=seq, prev=prev, lamport=lamport, at=0, kind=kind, body=body
    )


async def _open(path) -> Node:
    return await Node.open(path, host="127.0.0.1", discovery=False)


async def _given(node: Node, session: str, group_key: bytes, records: list[Record]) -> None:
    """Mallory's own link hands ``node`` these records, then goes."""
    connection, task = await hostile_link(node, session, group_key, MALLORY)
    try:
        await connection.send({"t": "records", "records": [r.to_dict() for r in records]})
        await node.wait_for(lambda: all(node.holds(r.id) for r in records))
    finally:
        await connection.close()
        task.cancel()


async def test_two_records_at_an_authors_last_seq_are_found_when_their_holders_link(tmp_path):
    anja = await _open(tmp_path / "anja")
    bart = await _open(tmp_path / "bart")
    nodes = [anja, bart]
    try:
        invitation = await anja.create_session(
            title="t", focus="f", process_rule="facilitator", decision_rule="dots"
        )
        session = invitation.session
        group_key = anja._sessions[session].group_key
        await bart.join(invitation.code, address=anja.address)
        await anja.contribute(
            session, "member.admit", model.admit_body(MALLORY.public_key, "Mallory")
        )
        for step in ("knots", "positions", "criteria", "options"):
            await anja.contribute(session, "phase.move", model.move_body(step))
        fence = (await anja.contribute(session, "option.add", model.option_body("fence"))).id
        bumps = (await anja.contribute(session, "option.add", model.option_body("bumps"))).id
        await anja.contribute(session, "phase.move", model.move_body("decide"))
        await bart.wait_for(lambda: len(bart.records(session)) == len(anja.records(session)))
        top = max(r.lamport for r in anja.records(session))
        name = _signed(session, 1, None, top + 1, "member.name", {"name": "Mallory"})
        one = _signed(session, 2, name.id, top + 2, "dots.place", model.dots_body({fence: 3}))
        two = _signed(session, 2, name.id, top + 2, "dots.place", model.dots_body({bumps: 3}))

        await bart.close()  # Anja gets one copy while Bart is away
        nodes = [anja]
        await _given(anja, session, group_key, [name, one])
        await anja.close()  # and Bart the other while Anja is away
        nodes = []
        bart = await _open(tmp_path / "bart")
        nodes = [bart]
        await _given(bart, session, group_key, [name, two])
        assert not bart.set_aside(session)

        anja = await _open(tmp_path / "anja")
        nodes = [anja, bart]
        bart.add_peer(anja.address)
        for node in nodes:
            await node.wait_for(lambda n=node: n.set_aside(session) == {MALLORY.public_key: 2})
        assert anja.state_hash(session) == bart.state_hash(session)
        for node in nodes:  # neither copy counts anywhere
            assert not node.state(session).votes.get("dots.place", {})
    finally:
        for node in reversed(nodes):
            await node.close()
