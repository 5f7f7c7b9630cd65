"""A facilitator's data dir restored from an old copy forks an old record by accident; what the
group built on her records since stays in force on every peer (``core/seen.py``,
``core/forks.py``; attack s6 item 3). Real nodes on loopback, real TinyDB data dirs, the real
``beraad verify``.

Anja (facilitator) opens a session under confirmed admissions; Bart joins with a code. Her data
dir is copied (the old copy on a USB stick). Then Bart admits Driss, Anja confirms him, the group
moves to decide, votes, Anja takes the decision and ends the meeting; Bart writes after each.
Anja's laptop is restored from the old copy and she writes offline: a second record at a seq she
already used. Once it reaches Bart, the fork sets aside everything she wrote from there — but
the confirmation, the moves, the decision and the end stay, because Bart's later records had
seen them. Her offline record, which nobody else saw, stays aside.
"""

from __future__ import annotations

import shutil

import pytest

from beraad.core import session as model
from beraad.core.identity import Identity
from beraad.core.tally import decision_body
from beraad.export.transfer import export_bundle, minutes_text
from beraad.node import Node
from tests.conftest import run_beraad
from tests.node_waits import until

pytestmark = pytest.mark.timeout(180)

DRISS = Identity.from_seed(b"\x46" * 32)


async def _open(path) -> Node:
    return await Node.open(path, host="127.0.0.1", discovery=False)


def _settled(node: Node, session: str, decision: str, end: str) -> None:
    """What the group settled holds on ``node``."""
    state = node.state(session)
    assert [d.record for d in state.decisions] == [decision]
    assert [m.ended_in for m in state.meetings] == [end]
    assert not state.members[DRISS.public_key].pending  # still confirmed


@pytest.mark.parametrize("bart_writes", ["before", "after"])
async def test_a_restored_facilitator_data_dir_leaves_what_the_group_settled_on_every_peer(
    tmp_path, bart_writes
):
    """``bart_writes``: Bart's next record after the end comes before the restored copy links
    (it had seen her records as they were), or only once the fork is known: nobody wrote after
    the end until then, and his app still lists what it had placed of her chain."""
    anja = await _open(tmp_path / "anja")
    bart = await _open(tmp_path / "bart")
    nodes = [anja, bart]
    try:
        invitation = await anja.create_session(
            title="t", focus="f", process_rule="facilitator", decision_rule="dots"
        )
        session = invitation.session
        await bart.join(invitation.code, address=anja.address)
        await anja.contribute(session, "member.name", model.name_body("Anja"))
        await until(lambda: len(bart.records(session)) == len(anja.records(session)), *nodes)
        await anja.close()
        nodes.remove(anja)
        shutil.copytree(tmp_path / "anja", tmp_path / "usb")  # the old copy
        anja = await _open(tmp_path / "anja")
        nodes.append(anja)
        bart.add_peer(anja.address)

        admit = await bart.contribute(
            session, "member.admit", model.admit_body(DRISS.public_key, "Driss")
        )
        await anja.wait_for(lambda: anja.holds(admit.id))
        confirm = await anja.contribute(
            session, "member.confirm", model.confirm_body(DRISS.public_key, admit.id)
        )
        for phase in ("knots", "positions", "criteria", "options"):
            await anja.contribute(session, "phase.move", model.move_body(phase))
        await bart.wait_for(lambda: bart.state(session).phase == "options")
        fence = await bart.contribute(session, "option.add", model.option_body("fence"))
        await anja.wait_for(lambda: anja.holds(fence.id))
        await anja.contribute(session, "phase.move", model.move_body("decide"))
        await bart.wait_for(lambda: bart.state(session).phase == "decide")
        await bart.contribute(session, "dots.place", model.dots_body({fence.id: 3}))
        vote = await anja.contribute(session, "dots.place", model.dots_body({fence.id: 2}))
        await until(lambda: anja.holds(vote.id) and bart.holds(vote.id), *nodes)
        await anja.contribute(session, "vote.close", model.close_body("dots.place"))
        decision = await anja.contribute(
            session, "decision.take", decision_body(anja.state(session))
        )
        end = await anja.contribute(session, "meeting.end", {})
        await bart.wait_for(lambda: bart.holds(end.id))
        if bart_writes == "before":
            after = await bart.contribute(session, "member.name", model.name_body("Bart"))
            await anja.wait_for(lambda: anja.holds(after.id))
        _settled(bart, session, decision.id, end.id)
        before = bart.state_hash(session)
        await anja.close()
        nodes.remove(anja)

        # Her laptop restored from the old copy; she writes offline, then it links to Bart.
        old = await _open(tmp_path / "usb")
        nodes.append(old)
        offline = await old.contribute(session, "member.name", model.name_body("Anja (oud)"))
        assert offline.seq <= confirm.seq  # a seq she had used since
        old.add_peer(bart.address)
        await until(lambda: bool(bart.set_aside(session)), *nodes)
        if bart_writes == "after":
            assert not bart.state(session).decisions  # nobody had built on them yet
            await bart.contribute(session, "member.name", model.name_body("Bart"))
        await until(lambda: old.state_hash(session) == bart.state_hash(session), *nodes)
        assert bart.set_aside(session) == {anja.identity.public_key: offline.seq}
        assert bart.state_hash(session) != before  # her offline branch is named as set aside
        for node in (bart, old):
            _settled(node, session, decision.id, end.id)
            kept = node.kept(session)
            assert {confirm.id, decision.id, end.id} <= set(kept)
            assert offline.id not in kept  # nobody else saw it: it stays aside
            assert node.state(session).name(anja.identity.public_key) == "Anja"
        await old.close()
        nodes.remove(old)

        # Her real data dir, opened again, learns of the fork and agrees.
        anja = await _open(tmp_path / "anja")
        nodes.append(anja)
        anja.add_peer(bart.address)
        await until(lambda: anja.state_hash(session) == bart.state_hash(session), *nodes)
        _settled(anja, session, decision.id, end.id)

        words = minutes_text(bart, session, "md", "nl")
        assert "had het gezien en bouwde erop voort" in words
        export_bundle(bart, session, tmp_path / "bart.beraad")
        state_hash = bart.state_hash(session)
    finally:
        for node in reversed(nodes):
            await node.close()
    checked = run_beraad("verify", str(tmp_path / "bart.beraad"))
    assert checked.returncode == 0, checked.stdout[-2000:]
    assert state_hash in checked.stdout
    assert "had seen it and built on it" in checked.stdout
