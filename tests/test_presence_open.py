"""Who is here means who has the session open now, and a join code read out before a restart
is said to be gone: on real nodes over loopback."""

from __future__ import annotations

import asyncio

import pytest

from beraad.node import Node

pytestmark = pytest.mark.timeout(120)


async def open_node(tmp_path, name):
    return await Node.open(tmp_path / name, host="127.0.0.1", discovery=False)


async def until(condition, timeout=20.0):
    """Wait until ``condition()`` holds (a link made adds nobody new, so no event comes)."""

    async def poll():
        while not condition():
            await asyncio.sleep(0.05)

    await asyncio.wait_for(poll(), timeout)


async def test_a_peer_who_goes_to_the_lobby_is_away_for_everyone_who_sees_him_through_others(
    tmp_path,
):
    """Anja and the projector are each linked to Bart and to each other; Carla is linked to
    both but not to Bart, so she sees him through them. When Bart goes to the lobby, Anja
    and the projector still heard from the other that Bart was there: unless each tells the
    other as soon as whom it sees directly changes, each keeps the other's stale word and
    Carla sees Bart here for good (naive s9b finding 1)."""
    names = ("anja", "bart", "carla", "projector")
    anja, bart, carla, projector = [await open_node(tmp_path, n) for n in names]
    nodes = (anja, bart, carla, projector)
    try:
        invitation = await anja.create_session(title="t", focus="f")
        s = await bart.join(invitation.code, address=anja.address)
        await projector.join(invitation.code, address=anja.address)
        await carla.join(invitation.code, address=anja.address)
        projector.add_peer(bart.address)
        carla.add_peer(projector.address)

        def linked(node, other):
            return other.identity.public_key in node._sessions[s].links

        def here(node, other):
            key = other.identity.public_key
            return any(p.peer == key and p.connected for p in node.peers(s))

        await until(lambda: linked(projector, bart) and linked(carla, projector))
        assert not linked(carla, bart)
        for node in nodes:
            node.set_open(s)
        await until(lambda: all(here(n, o) for n in nodes for o in nodes if o is not n))
        bart.set_open(None)  # Bart goes to the lobby
        await until(lambda: not here(anja, bart) and not here(projector, bart), 10)
        await until(lambda: not here(carla, bart), 10)
        assert here(carla, anja) and here(carla, projector)
    finally:
        for node in nodes:
            await node.close()


async def test_a_code_read_out_before_a_restart_is_said_to_be_gone_once(tmp_path):
    """A join code lives only while its node runs: after a restart the node names the code
    that would still have been valid, once, so the facilitator can be told (naive s9b 6)."""
    anja = await open_node(tmp_path, "anja")
    try:
        invitation = await anja.create_session(title="t", focus="f")
        s = invitation.session
        assert anja.codes_lost(s) == []  # still open: nothing lost
    finally:
        await anja.close()
    anja = await open_node(tmp_path, "anja")
    try:
        assert anja.codes_lost(s) == [invitation.code]
        assert anja.codes_lost(s) == []  # said once
        fresh = await anja.invite(s)
        await anja.close_invitation(s, "member")
        assert fresh.code and anja.codes_lost(s) == []  # closed on purpose: not lost
    finally:
        await anja.close()
