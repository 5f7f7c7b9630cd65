"""A fork leaves no two peers disagreeing (attack s5 finding 1).

A member signs two different dot votes at the same seq and sends one copy to bart, the other to
carla, over real links on loopback. Each peer took whichever copy reached it first; the
facilitator, linked to both, sees both. It must send the proof (both copies, signed by the
forker) on, so that every peer learns of the fork and sets aside the forker's records from the
fork's seq on: the same state hash everywhere, the same after reopening, and each peer's bundle
passing the real ``beraad verify`` (which names the fork) with that hash.
"""

from __future__ import annotations

import asyncio

import pytest

from beraad.core import session as model
from beraad.core.identity import Identity
from beraad.core.record import Record, sign_record
from beraad.events import ForkDetected
from beraad.export.transfer import export_bundle, import_bundle, minutes_text
from beraad.node import Node
from tests.conftest import run_beraad
from tests.hostile_link import hostile_link

pytestmark = pytest.mark.timeout(180)

MALLORY = Identity.from_seed(b"\x43" * 32)


def _signed(session: str, seq: int, prev: str | None, lamport: int, kind: str, body) -> Record:
    return sign_record(
        MALLORY, session=session, seq=seq, prev=prev, lamport=lamport, at=0, kind=kind, body=body
    )


@pytest.mark.parametrize("swap", [False, True], ids=["fence_to_bart", "fence_to_carla"])
async def test_a_fork_sent_to_two_peers_is_set_aside_alike_on_every_peer(tmp_path, swap):
    opened = [
        await Node.open(tmp_path / name, host="127.0.0.1", discovery=False)
        for name in ("anja", "bart", "carla")
    ]
    anja, bart, carla = opened
    links = []
    try:
        invitation = await anja.create_session(
            title="t", focus="f", process_rule="facilitator", decision_rule="dots"
        )
        session = invitation.session
        await bart.join(invitation.code, address=anja.address)
        await carla.join(invitation.code, address=anja.address)
        await anja.contribute(
            session, "member.admit", model.admit_body(MALLORY.public_key, "Mallory")
        )
        for step in ("knots", "positions", "criteria", "options"):
            await anja.contribute(session, "phase.move", model.move_body(step))
        fence = (await anja.contribute(session, "option.add", model.option_body("fence"))).id
        bumps = (await anja.contribute(session, "option.add", model.option_body("bumps"))).id
        await anja.contribute(session, "phase.move", model.move_body("decide"))
        top = max(r.lamport for r in anja.records(session))
        for node in (bart, carla):
            await node.wait_for(
                lambda n=node: len(n.records(session)) == len(anja.records(session))
            )
        forks = {id(node): 0 for node in opened}
        for node in opened:
            node.subscribe(
                lambda event, n=node: forks.__setitem__(
                    id(n), forks[id(n)] + isinstance(event, ForkDetected)
                )
            )
        name = _signed(session, 1, None, top + 1, "member.name", {"name": "Mallory"})
        one = _signed(session, 2, name.id, top + 2, "dots.place", model.dots_body({fence: 3}))
        two = _signed(session, 2, name.id, top + 2, "dots.place", model.dots_body({bumps: 3}))
        if swap:
            one, two = two, one
        group_key = anja._sessions[session].group_key
        to_bart, to_carla = (
            await hostile_link(bart, session, group_key, MALLORY),
            await hostile_link(carla, session, group_key, MALLORY),
        )
        links = [to_bart, to_carla]
        await asyncio.gather(
            to_bart[0].send({"t": "records", "records": [name.to_dict(), one.to_dict()]}),
            to_carla[0].send({"t": "records", "records": [name.to_dict(), two.to_dict()]}),
        )
        for node in opened:
            await node.wait_for(lambda n=node: n.set_aside(session) == {MALLORY.public_key: 2})
            assert forks[id(node)] >= 1  # every peer is told, not only the one that saw both
            assert not n_votes(node, session)  # neither copy counts anywhere
        later = await anja.contribute(
            session, "note.add", {"target": None, "type": "experience", "text": "later"}
        )
        for node in (bart, carla):
            await node.wait_for(lambda n=node: n.holds(later.id))
        hashes = {node.state_hash(session) for node in opened}
        assert len(hashes) == 1
        for node in opened:
            assert name.id in {r.id for r in node.records(session)}  # before the fork: counts
        minutes = minutes_text(anja, session, "md", "nl")
        assert "Mallory ondertekende twee verschillende records op plaats 2" in minutes
        bundles = []
        for index, node in enumerate(opened):
            bundles.append(tmp_path / f"{index}.beraad")
            export_bundle(node, session, bundles[-1])
    finally:
        for connection, task in links:
            await connection.close()
            task.cancel()
        for node in reversed(opened):
            await node.close()
    [state_hash] = hashes
    for path in bundles:
        checked = run_beraad("verify", str(path))
        assert checked.returncode == 0, checked.stdout[-2000:]
        assert state_hash in checked.stdout and "set aside" in checked.stdout
    reopened = await Node.open(tmp_path / "bart", discovery=False, listen=False)
    try:
        assert reopened.state_hash(session) == state_hash  # the evidence is read back
    finally:
        await reopened.close()
    importer = await Node.open(tmp_path / "dirk", discovery=False, listen=False)
    try:
        report = import_bundle(importer, bundles[2])
        assert report.matches_header and report.state_hash == state_hash
        assert report.set_aside >= 1 and report.waiting == 0 and not report.refused
    finally:
        await importer.close()


def n_votes(node: Node, session: str) -> int:
    return len(node.state(session).votes.get("dots.place", {}))
