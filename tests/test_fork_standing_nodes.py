"""The holes an attacker found in the fork rule, on real nodes over loopback (``core/forks.py``,
``Replica._set_aside``).

1. A forker climbed in lamport on the peers that took their records before the fork was known;
   a peer that learnt of the fork first never counted those records, so everything written
   since waited there "lamport ahead" for good (a newcomer could not even be admitted).
2. Forking one old record undid the decision the group took on the forker's vote, on every
   peer, and ``verify`` of an honest bundle failed.
3. A second ``session.open`` by the facilitator (seq 1) wiped the session.
4. (attack s6) A forker's own pre-fork record named their later record X and a colluder named
   X too: a live peer that got the colluder's record first kept X, a restart (a full fold)
   did not — the hash changed, peers split for good, ``verify`` of an honest bundle failed.
"""

from __future__ import annotations

import pytest

from beraad.core import session as model
from beraad.core.identity import Identity
from beraad.core.tally import decision_body
from beraad.export.transfer import export_bundle, minutes_text
from beraad.node import Node
from tests.conftest import run_beraad
from tests.fork_nodes import (
    agree,
    all_set_aside,
    anja_and_bart,
    joined,
    send,
    signed,
)
from tests.hostile_link import hostile_link
from tests.node_waits import until

pytestmark = pytest.mark.timeout(180)

MALLORY = Identity.from_seed(b"\x44" * 32)
CAS = Identity.from_seed(b"\x45" * 32)
NOTE = {"target": None, "type": "experience", "text": "later"}


async def test_a_forkers_climb_counts_alike_so_a_peer_told_of_the_fork_first_is_not_stuck(
    tmp_path,
):
    """Hole 1: bart took Mallory's climbing records before the fork was known; carla, joining
    after, learnt of the fork first. She must still reach bart's mark (the records are kept
    and sent on), take the admission anja writes for her, and bart's later words."""
    async with anja_and_bart(tmp_path) as (nodes, invitation, links):
        anja, bart = nodes
        session = invitation.session
        await joined(nodes, invitation, (MALLORY, "Mallory"))
        await bart.wait_for(lambda: MALLORY.public_key in bart.members(session))
        top = max(r.lamport for r in anja.records(session))
        name = signed(MALLORY, session, 1, None, top + 1, "member.name", {"name": "Mallory"})
        climb = [name]
        for step in range(1, 4):  # each within the step of what a peer holding the last saw
            climb.append(
                signed(MALLORY, session, step + 1, climb[-1].id, top + 9_990 * step,
                       "note.add", {**NOTE, "text": f"climb {step}"})
            )  # fmt: skip
        group_key = anja._sessions[session].group_key
        links.append(await hostile_link(bart, session, group_key, MALLORY))
        await send(links[0], *climb)
        for node in nodes:
            await node.wait_for(lambda n=node: n.holds(climb[-1].id))
        other = signed(MALLORY, session, 2, name.id, top + 2, "note.add", NOTE)
        await send(links[0], other)
        await all_set_aside(nodes, session, {MALLORY.public_key: 2})
        carla = await Node.open(tmp_path / "carla", host="127.0.0.1", discovery=False)
        nodes.append(carla)  # closed with the others
        code = (await anja.invite(session)).code
        await carla.join(code, address=anja.address, timeout=20)
        later = await bart.contribute(session, "member.name", {"name": "Bart B."})
        await carla.wait_for(lambda: carla.holds(later.id))
        await agree(session, anja, bart, carla)


async def test_a_fork_of_an_old_vote_leaves_the_groups_decision_standing_everywhere(tmp_path):
    """Hole 2: the decision rests on Mallory's vote; she then forks her first record."""
    async with anja_and_bart(tmp_path) as (nodes, invitation, links):
        anja, bart = nodes
        session = invitation.session
        await joined(nodes, invitation, (MALLORY, "Mallory"))
        for step in ("knots", "positions", "criteria", "options"):
            await anja.contribute(session, "phase.move", model.move_body(step))
        fence = (await anja.contribute(session, "option.add", model.option_body("fence"))).id
        bumps = (await anja.contribute(session, "option.add", model.option_body("bumps"))).id
        await anja.contribute(session, "phase.move", model.move_body("decide"))
        await until(lambda: len(bart.records(session)) == len(anja.records(session)), *nodes)
        top = max(r.lamport for r in anja.records(session))
        name = signed(MALLORY, session, 1, None, top + 1, "member.name", {"name": "Mallory"})
        vote = signed(
            MALLORY, session, 2, name.id, top + 2, "dots.place", model.dots_body({fence: 3})
        )
        group_key = anja._sessions[session].group_key
        links.append(await hostile_link(anja, session, group_key, MALLORY))
        await send(links[0], name, vote)
        await anja.wait_for(lambda: anja.holds(vote.id))
        await anja.contribute(session, "dots.place", model.dots_body({bumps: 2}))
        await anja.contribute(session, "vote.close", model.close_body("dots.place"))
        decision = await anja.contribute(
            session, "decision.take", decision_body(anja.state(session))
        )
        assert vote.id in decision.body["rests_on"]
        await bart.wait_for(lambda: bart.holds(decision.id))
        other = signed(MALLORY, session, 1, None, top + 1, "member.name", {"name": "M."})
        await send(links[0], other)
        await all_set_aside(nodes, session, {MALLORY.public_key: 1})
        for node in nodes:
            [held] = node.state(session).decisions
            assert held.record == decision.id and held.option == fence
        assert anja.state_hash(session) == bart.state_hash(session)
        # the decision names the vote; anja's records had seen Mallory's chain up to the vote,
        # so her name at seq 1 on that branch counts too (core/seen.py); the other copy not
        assert set(anja.kept(session)) == {vote.id, name.id}
        assert anja.kept(session)[name.id][0] == "seen" and other.id not in anja.kept(session)
        state_hash = bart.state_hash(session)
        minutes = minutes_text(bart, session, "md", "nl")
        assert "Telt nog: " in minutes and " door Mallory (plaats 2); " in minutes
        export_bundle(bart, session, tmp_path / "bart.beraad")
    checked = run_beraad("verify", str(tmp_path / "bart.beraad"))
    assert checked.returncode == 0, checked.stdout[-2000:]
    assert state_hash in checked.stdout and "Still counts" in checked.stdout


async def test_a_second_opening_by_the_facilitator_leaves_the_session_and_one_hash(tmp_path):
    """Hole 3: anja's key signs another ``session.open`` with the same nonce."""
    async with anja_and_bart(tmp_path) as (nodes, invitation, links):
        anja, bart = nodes
        session = invitation.session
        await joined(nodes, invitation, (MALLORY, "Mallory"))
        note = await bart.contribute(session, "member.name", {"name": "Bart B."})
        await anja.wait_for(lambda: anja.holds(note.id))
        # Mallory connects to bart: he refuses her (NotAMember) until he holds her admission.
        await bart.wait_for(lambda: MALLORY.public_key in bart.members(session))
        opening = next(r for r in anja.records(session) if r.kind == "session.open")
        for n in range(64):  # the harder case: the second copy's id sorts first, so counts
            body = {**opening.body, "title": f"another {n}"}
            second = signed(anja.identity, session, 1, None, opening.lamport, "session.open", body)
            if second.id < opening.id:
                break
        links.append(await hostile_link(bart, session, anja._sessions[session].group_key, MALLORY))
        await send(links[0], second)
        forked = {anja.identity.public_key: 1}
        await all_set_aside(nodes, session, forked)
        for node in nodes:
            assert node.state(session).info.title == second.body["title"]  # still a session
            assert bart.identity.public_key in node.state(session).members
        assert anja.state_hash(session) == bart.state_hash(session)
        state_hash = bart.state_hash(session)
        export_bundle(bart, session, tmp_path / "bart.beraad")
    checked = run_beraad("verify", str(tmp_path / "bart.beraad"))
    assert checked.returncode == 0, checked.stdout[-2000:]
    assert state_hash in checked.stdout


async def test_a_forker_naming_their_own_later_record_leaves_one_hash_after_a_restart(tmp_path):
    """Hole 4: Mallory's record before her fork names X, her record past it (X's prev is made
    up, so its id is known in advance); Cas names X too and reaches the peers first."""
    async with anja_and_bart(tmp_path) as (nodes, invitation, links):
        anja, bart = nodes
        session = invitation.session
        await joined(nodes, invitation, (MALLORY, "Mallory"), (CAS, "Cas"))
        await anja.contribute(session, "phase.move", model.move_body("knots"))
        await until(lambda: len(bart.records(session)) == len(anja.records(session)), *nodes)
        top = max(r.lamport for r in anja.records(session))
        knot = "knot.add"
        first = signed(MALLORY, session, 1, None, top + 1, "member.name", {"name": "Mallory"})
        x = signed(MALLORY, session, 4, "ab" * 32, top + 6, knot, model.text_body("X"))
        own = signed(MALLORY, session, 2, first.id, top + 2, knot, model.text_body(x.id))
        third = signed(MALLORY, session, 3, own.id, top + 3, knot, model.text_body("m3"))
        other = signed(MALLORY, session, 3, own.id, top + 3, knot, model.text_body("m3 b"))
        named = signed(CAS, session, 1, None, top + 4, knot, model.text_body(x.id))
        group_key = anja._sessions[session].group_key
        links.append(await hostile_link(anja, session, group_key, MALLORY))
        links.append(await hostile_link(anja, session, group_key, CAS))
        await send(links[0], first, third, other, x)
        await send(links[1], named)
        for node in nodes:
            await node.wait_for(lambda n=node: n.holds(named.id))
        await send(links[0], own)  # her own naming record comes last
        await all_set_aside(nodes, session, {MALLORY.public_key: 3})
        for node in nodes:
            await node.wait_for(lambda n=node: n.holds(own.id))
            await node.wait_for(lambda n=node: set(n.kept(session)) == {x.id})
        live = await agree(session, anja, bart)
        export_bundle(anja, session, tmp_path / "anja.beraad")
        await bart.close()
        nodes[1] = bart = await Node.open(tmp_path / "bart", host="127.0.0.1", discovery=False)
        assert bart.state_hash(session) == live
        assert set(bart.kept(session)) == {x.id}
    checked = run_beraad("verify", str(tmp_path / "anja.beraad"))
    assert checked.returncode == 0, checked.stdout[-2000:]
    assert live in checked.stdout
