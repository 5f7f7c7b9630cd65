"""A peer whose cable is pulled goes silent, and shows as away (naive s7 finding 4: both
screens said "Here: Anja ★, Carla" for the whole minute the cable was out). Real node, real
encrypted loopback link: Carla's side sends no keepalive at all (as a dead cable), and the
node drops her link after its idle time-out; who is here then says she is not."""

from __future__ import annotations

import pytest

from beraad.core import session as model
from beraad.core.identity import Identity
from beraad.net import transport
from beraad.net.transport import connect
from beraad.node import Node

pytestmark = pytest.mark.timeout(60)

CARLA = Identity.from_seed(b"\x4c" * 32)


def test_the_idle_time_out_is_a_reasonable_wait():
    assert transport.IDLE_TIMEOUT <= 20  # away within 20 s of the last word from a peer


async def test_a_silent_peer_shows_as_away(tmp_path):
    anja = await Node.open(tmp_path / "anja", host="127.0.0.1", discovery=False)
    try:
        invitation = await anja.create_session(
            title="t", focus="f", process_rule="facilitator", decision_rule="dots"
        )
        session = invitation.session
        await anja.contribute(session, "member.admit", model.admit_body(CARLA.public_key, "Carla"))
        anja.listener.idle_timeout = 0.5  # the node's own time-out, shortened for the test
        carla = await connect(
            "127.0.0.1", anja.port, session=session,
            group_key=anja._sessions[session].group_key, identity=CARLA,
            is_member=lambda _key: True, name="Carla", idle_timeout=None,  # no keepalives
        )  # fmt: skip
        await carla.send({"t": "hello", "frontier": {}, "name": "Carla"})

        def here() -> bool:
            return any(p.peer == CARLA.public_key and p.connected for p in anja.peers(session))

        await anja.wait_for(here)
        await anja.wait_for(lambda: not here())  # silent: dropped, shown as away
        await carla.close()
    finally:
        await anja.close()
