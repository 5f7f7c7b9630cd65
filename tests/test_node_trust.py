"""Admission the group can trust and a clock nobody can forge, on real nodes over loopback.

Issue 14's attacker: one member opened join codes of their own, admitted 20 keys and flipped a
dot vote; and signed a ``vote.reveal_end`` with an ``at`` a minute ahead to skip the reveal grace.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

import pytest

from beraad.core import session as model
from beraad.core.identity import Identity
from beraad.core.record import sign_record
from beraad.core.replica import MAX_CLOCK_AHEAD_MS
from beraad.core.tally import decision_body
from beraad.node import Node
from tests.ui.phases_app import close_all, converged, table_of

pytestmark = pytest.mark.timeout(180)


async def polled(condition: Callable[[], bool], timeout: float) -> None:
    """Until ``condition()`` holds (a record held back raises no node event to wait on)."""
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.02)


def _puppet_vote(node: Node, session: str, puppet: Identity, body: dict) -> None:
    """A puppet's first record, signed with its own key, sent on by the attacker's node."""
    record = sign_record(
        puppet,
        session=session,
        seq=1,
        prev=None,
        lamport=max(r.lamport for r in node.records(session)) + 1,
        at=int(time.time() * 1000),
        kind="dots.place",
        body=body,
    )
    node.ingest(session, [record])


async def test_a_member_with_twenty_puppets_no_longer_flips_a_dot_vote(tmp_path):
    nodes, session = await table_of(tmp_path, ["anja", "bart", "carla"], "dots", "options")
    anja, bart, carla = nodes
    puppets_at_a_screen = [await Node.open(tmp_path / f"p{n}", host="127.0.0.1", discovery=False)
                           for n in range(3)]  # fmt: skip
    try:
        one = (await anja.contribute(session, "option.add", model.option_body("fence"))).id
        two = (await bart.contribute(session, "option.add", model.option_body("bumps"))).id
        # Bart opens a code of his own; three puppet peers join with it, as anyone would.
        code = (await bart.invite(session)).code
        for puppet in puppets_at_a_screen:
            await puppet.join(code, address=bart.address, timeout=30)
        # Seventeen more keys Bart admits by hand.
        forged = [Identity.from_seed(bytes([200 + n]) * 32) for n in range(17)]
        for n, puppet in enumerate(forged):
            await bart.contribute(
                session, "member.admit", model.admit_body(puppet.public_key, f"p{n}")
            )
        everyone = [*nodes, *puppets_at_a_screen]
        await converged(everyone, session)
        state = anja.state(session)
        assert len(state.members) == 23
        assert sorted(state.participants()) == sorted(n.identity.public_key for n in nodes)
        waiting = [m for m in state.members.values() if m.pending]
        assert len(waiting) == 20 and {m.admitted_by for m in waiting} == {bart.identity.public_key}
        await anja.contribute(session, "phase.move", model.move_body("decide"))
        await converged(everyone, session)
        await anja.contribute(session, "dots.place", model.dots_body({one: 3}))
        await carla.contribute(session, "dots.place", model.dots_body({one: 3}))
        await bart.contribute(session, "dots.place", model.dots_body({two: 3}))
        for puppet in puppets_at_a_screen:  # their own app refuses before signing
            with pytest.raises(Exception, match="waits for confirmation"):
                await puppet.contribute(session, "dots.place", model.dots_body({two: 3}))
        for puppet in forged:
            _puppet_vote(bart, session, puppet, model.dots_body({two: 3}))
        await converged(everyone, session)
        assert len(anja.state(session).counted_votes("dots.place")) == 3
        await anja.contribute(session, "vote.close", model.close_body("dots.place"))
        await anja.contribute(session, "decision.take", decision_body(anja.state(session)))
        await converged(everyone, session)
        for node in everyone:
            (decision,) = node.state(session).decisions
            assert decision.option == one
    finally:
        await close_all([*nodes, *puppets_at_a_screen])


async def test_a_record_written_ahead_of_this_clock_waits_for_its_time(tmp_path, caplog):
    caplog.set_level(logging.WARNING, logger="beraad")
    nodes, session = await table_of(tmp_path, ["anja", "bart"], "dots", "opening")
    anja, bart = nodes
    try:
        ahead = MAX_CLOCK_AHEAD_MS / 1000 + 10
        bart.clock = lambda: time.time() + ahead  # Bart's machine claims a later time
        record = await bart.contribute(session, "member.name", model.name_body("Bart later"))
        sent = time.monotonic()
        await bart.wait_for(lambda: record.id in {r.id for r in bart.records(session)})
        await polled(lambda: anja.waiting_for_their_time(session) == 1, 8)
        assert "written at a time" in caplog.text and not anja.holds(record.id)
        assert anja.state(session).name(bart.identity.public_key) != "Bart later"
        await anja.wait_for(lambda: anja.holds(record.id), 20)
        assert time.monotonic() - sent >= ahead - MAX_CLOCK_AHEAD_MS / 1000 - 1
        bart.clock = time.time
        await converged(nodes, session)
        assert anja.state(session).name(bart.identity.public_key) == "Bart later"
    finally:
        await close_all(nodes)


async def test_a_forged_reveal_end_does_not_cut_the_grace_short(tmp_path):
    """The 60 s grace now rests on the receiver's clock: the forged end waits a minute there."""
    nodes, session = await table_of(tmp_path, ["anja", "bart", "carla"], "dots", "options")
    anja, bart, carla = nodes
    try:
        await anja.contribute(session, "phase.move", model.move_body("decide"))
        await converged(nodes, session)
        commit = await carla.contribute(
            session, "vote.commit", {"kind": "dots.place", "commitment": "ab" * 32}
        )
        await converged(nodes, session)
        # Under the facilitator rule Anja is the steward; she forges her own clock a minute on.
        await anja.contribute(session, "vote.close", model.close_body("dots.place"))
        anja.clock = lambda: time.time() + 61
        end = await anja.contribute(
            session, "vote.reveal_end", {"kind": "dots.place", "unrevealed": [commit.id]}
        )
        assert "dots.place" in anja.state(session).reveal_ended  # her own clock says so
        for honest in (bart, carla):
            await polled(lambda h=honest: h.waiting_for_their_time(session) == 1, 10)
            assert not honest.holds(end.id)
            assert "dots.place" not in honest.state(session).reveal_ended
    finally:
        await close_all(nodes)


async def test_a_guest_code_admits_someone_who_only_evaluates(tmp_path):
    nodes, session = await table_of(tmp_path, ["anja", "bart"], "dots", "knots")
    anja, bart = nodes
    gina = await Node.open(tmp_path / "gina", host="127.0.0.1", discovery=False)
    try:
        invitation = await anja.invite(session, role="guest")
        assert invitation.role == "guest"
        await gina.join(invitation.code, address=anja.address, timeout=30)
        me = gina.identity.public_key
        await converged([*nodes, gina], session)
        member = anja.state(session).members[me]
        assert member.guest and not member.pending and me not in anja.state(session).participants()
        with pytest.raises(Exception, match="guest"):
            await gina.contribute(session, "knot.add", model.text_body("may I?"))
        for phase in ("positions", "criteria", "options", "decide", "act", "evaluate"):
            await anja.contribute(session, "phase.move", model.move_body(phase))
        await converged([*nodes, gina], session)
        note = await gina.contribute(
            session, "evaluation.add", model.evaluation_body("went_well", "clear")
        )
        await converged([*nodes, gina], session)
        assert bart.state(session).evaluations[note.id].author == me
    finally:
        await close_all([*nodes, gina])
