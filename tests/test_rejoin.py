"""A member who joins again with the code still open (a second try after a slow network, the
same key on a second device) gets the group key again without taking one of the code's places
and without a record: 50 re-joins used the code up, silently, and the next newcomer with the
code read out in the room got "Nobody here has an open invitation" (attack s12 finding 8).
Real nodes on loopback, real SPAKE2, real stores."""

from __future__ import annotations

from collections import Counter

import pytest

from beraad.net.joincode import JoinCode
from beraad.node import INVITATION_USES, Node
from tests.node_waits import until

pytestmark = pytest.mark.timeout(120)


async def test_joining_again_takes_no_place_of_the_code_and_writes_nothing(tmp_path):
    anja = await Node.open(tmp_path / "anja", host="127.0.0.1", discovery=False)
    bob = await Node.open(tmp_path / "bob", host="127.0.0.1", discovery=False)
    try:
        invitation = await anja.create_session(title="Plein", focus="Hoe?")
        session = invitation.session
        await bob.join(invitation.code, address=anja.address)
        held = Counter(record.kind for record in bob.records(session))  # with Bob's name
        for _again in range(3):
            assert await bob.join(invitation.code, address=anja.address) == session
        nameplate = JoinCode.parse(invitation.code).nameplate
        code = anja.listener.invitations.get(nameplate)
        assert code is not None and code.uses_left == INVITATION_USES - 1  # Bob's first only
        assert Counter(record.kind for record in bob.records(session)) == held  # no name again
        await until(
            lambda: Counter(record.kind for record in anja.records(session)) == held,
            anja,
            timeout=60,
        )
        assert len(anja.records(session)) == len(bob.records(session))
    finally:
        await bob.close()
        await anja.close()
