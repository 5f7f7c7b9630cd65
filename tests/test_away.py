"""While you were away, on real nodes: the marker survives a restart, and on return the summary
lists what others wrote meanwhile — also what reached this device only after it came back."""

from __future__ import annotations

import pytest

from beraad import away as away_module
from beraad.away import last_seen, mark_seen, while_away
from beraad.core import session as s
from beraad.node import Node

pytestmark = pytest.mark.timeout(60)


async def _open(path):
    return await Node.open(path, host="127.0.0.1", discovery=False)


async def _until(node, predicate, timeout=20):
    await node.wait_for(predicate, timeout)


async def test_bart_leaves_comes_back_and_reads_what_he_missed(tmp_path):
    anja = await _open(tmp_path / "anja")
    bart = await _open(tmp_path / "bart")
    try:
        invitation = await anja.create_session(title="Plein", focus="Hoe?")
        session = await bart.join(invitation.code, address=anja.address)
        assert while_away(bart, session) is None  # never left: nothing to summarise
        await anja.contribute(session, "phase.move", s.move_body("knots"))
        await _until(bart, lambda: bart.state(session).phase == "knots")
        mine = await bart.contribute(session, "knot.add", s.text_body("het is er donker"))
        await _until(anja, lambda: any(r.id == mine.id for r in anja.records(session)))
        marker = mark_seen(bart, session)
        assert marker["frontier"][bart.identity.public_key] == mine.seq
    finally:
        await bart.close()  # Bart walks out; his laptop is off
    try:
        answer = await anja.contribute(session, "knot.add", s.text_body("te weinig banken"))
        await anja.contribute(session, "hand.raise", s.hand_raise_body())
        await anja.contribute(session, "phase.move", s.move_body("positions"))
        reply = await anja.contribute(session, "position.add", s.position_body(mine.id, "lampen"))
        bart = await _open(tmp_path / "bart")  # back: same data dir, same identity
        try:
            assert last_seen(bart, session)["frontier"] == marker["frontier"]
            walks = away_module.walks
            before = while_away(bart, session)
            assert before is not None and before.empty  # nothing has reached him yet
            # known from what is held, without a walk over every record (issue 15: at
            # every opening of a session, O(records))
            assert away_module.walks == walks
            await _until(bart, lambda: any(r.id == reply.id for r in bart.records(session)))
            away = while_away(bart, session)
            assert [k.id for k in away.knots] == [answer.id]
            assert [p.id for p in away.positions] == [reply.id]
            assert [p.id for p in away.on_yours] == [reply.id]
            assert [m.to for m in away.phase_moves] == ["positions"]
            assert away_module.walks == walks + 1  # something new: the records walked
            # Once he has read it, marking again leaves nothing new.
            mark_seen(bart, session)
            assert while_away(bart, session).empty
            assert away_module.walks == walks + 1
        finally:
            await bart.close()
    finally:
        await anja.close()
