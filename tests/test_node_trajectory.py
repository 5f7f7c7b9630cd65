"""A trajectory over real nodes on loopback, through a keeper: meeting one ends while Carla is
absent, everyone leaves, Bart adds something on Tuesday through the keeper alone, and on
Thursday Anja's node, back online, opens meeting two knowing what came in between."""

from __future__ import annotations

import pytest

from beraad.core import session as model
from beraad.core.trajectory import since_last_time
from tests.test_node import converged, open_node

pytestmark = pytest.mark.timeout(120)


async def test_between_meetings_the_keeper_carries_what_was_added(tmp_path):
    keeper = await open_node(tmp_path, "keeper")  # the always-on peer everyone knows
    anja, bart, carla = [
        await open_node(tmp_path, n, peers=[keeper.address]) for n in ("anja", "bart", "carla")
    ]
    nodes = [anja, bart, carla, keeper]
    try:
        invitation = await anja.create_session(title="Moestuin", focus="Waar?")
        s = invitation.session
        for node in (bart, carla, keeper):
            await node.join(invitation.code, address=anja.address)
        await keeper.contribute(s, "member.observe", {})  # it keeps, it does not take part
        await anja.contribute(s, "phase.move", model.move_body("knots"))
        await converged(nodes, s)
        await bart.contribute(s, "knot.add", model.text_body("Geen water"))
        await converged(nodes, s)
        await anja.contribute(s, "meeting.end", model.meeting_end_body("Donderdag, 19u"))
        await converged(nodes, s)
        await anja.close()
        await carla.close()

        # Tuesday: only Bart and the keeper are online.
        await bart.contribute(s, "knot.add", model.text_body("Een regenton aan het schooldak"))
        with pytest.raises(Exception, match="waits for the next meeting"):
            await bart.contribute(s, "hand.raise", {})
        await converged([bart, keeper], s)
        await bart.close()

        # Thursday: Anja comes back and reaches only the keeper.
        anja = await open_node(tmp_path, "anja", peers=[keeper.address])
        nodes = [anja, keeper]
        await converged(nodes, s)
        await anja.contribute(s, "meeting.start", model.meeting_start_body())
        await converged(nodes, s)
        state = anja.state(s)
        assert state.meeting == 2 and state.phase == "opening"
        summary = since_last_time(state)
        assert summary is not None
        assert [state.name(m) for m in summary.absent] == [state.name(carla.identity.public_key)]
        assert [i.text for i in summary.added_between] == ["Een regenton aan het schooldak"]
        assert keeper.state_hash(s) == anja.state_hash(s)
    finally:
        for node in nodes:
            await node.close()
