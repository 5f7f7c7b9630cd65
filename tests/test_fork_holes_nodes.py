"""Smaller holes in the fork rule, on real nodes over loopback (attack s6 #2 and the event of a
batch of set-aside records; ``Replica._set_aside``, ``Node._taking_once``)."""

from __future__ import annotations

import pytest

from beraad.attach import AttachedNode
from beraad.core import session as model
from beraad.events import SetAsideCounted
from beraad.export.transfer import export_bundle
from beraad.node import Node
from tests.conftest import run_beraad
from tests.fork_nodes import (
    CAS,
    MALLORY,
    agree,
    anja_and_bart,
    fork_at_knots,
    fork_sent,
    link_for,
    send,
    signed,
)
from tests.node_waits import until

pytestmark = pytest.mark.timeout(180)

BIG = "x" * 60_000


async def test_two_branches_past_the_budget_leave_every_peer_with_one_mark(tmp_path):
    """Attack s6 #2: once her fork is known, Mallory sends anja ~4.8 MB of set-aside records
    climbing 9,000 a record and bart ~4.8 MB of flat ones. Each filled its 4 MiB budget with
    its own branch and dropped the other's: anja's mark went to ~720,000, bart's stayed low,
    and what Cas wrote against anja's mark, and anja's next record, waited "lamport ahead" on
    bart for good. Records that raise the mark are kept on every peer, so bart takes them."""
    async with anja_and_bart(tmp_path) as (nodes, invitation, links):
        anja, bart = nodes
        session = invitation.session
        top, name, one, two = await fork_at_knots(nodes, invitation, MALLORY, CAS)
        to_anja, to_bart = await fork_sent(
            nodes, links, session, (anja, (name, one)), (bart, (name, two))
        )
        climbing = [
            signed(MALLORY, session, 3, one.id, top + 3 + 9_000 * (i + 1), "note.add",
                   {"text": BIG, "i": i})
            for i in range(80)
        ]  # fmt: skip
        flat = [
            signed(MALLORY, session, 3, two.id, top + 3, "note.add", {"text": BIG, "i": i})
            for i in range(80)
        ]
        for start in range(0, 80, 20):
            await send(to_anja, *climbing[start : start + 20])
            await send(to_bart, *flat[start : start + 20])
        mark = climbing[-1].lamport
        # Cas writes against the mark anja reaches (held "ahead" there until she does)
        knot = signed(CAS, session, 1, None, mark + 5_000, "knot.add", model.text_body("Cas"))
        await send(await link_for(links, anja, session, CAS), knot)
        await anja.wait_for(lambda: anja.holds(knot.id))
        later = await anja.contribute(session, "knot.add", model.text_body("after the flood"))
        # bart takes both: he reached anja's mark from the records she keeps and sent on
        await until(lambda: bart.holds(later.id) and bart.holds(knot.id), *nodes, timeout=60)
        assert bart._sessions[session].replica.lamport >= mark
        live = await agree(session, anja, bart)
        kept = set(bart.kept(session))
        export_bundle(bart, session, tmp_path / "bart.beraad")
        # Read back, bart keeps all he stored (within the bounds when stored): the same fold.
        await bart.close()
        nodes[1] = bart = await Node.open(tmp_path / "bart", host="127.0.0.1", discovery=False)
        assert bart.state_hash(session) == live and set(bart.kept(session)) == kept
        assert bart._sessions[session].replica.lamport >= mark
    checked = run_beraad("verify", str(tmp_path / "bart.beraad"))
    assert checked.returncode == 0, checked.stdout[-2000:]
    assert live in checked.stdout


async def test_a_batch_of_only_set_aside_records_that_now_count_is_told(tmp_path):
    """A batch made only of a forker's set-aside records was folded without an event: Cas's
    knot names Mallory's knot X (past her fork) before X arrives; X then arrives alone, now
    counts, and the state has a knot more — but nobody listening heard of it, so a screen
    kept showing the knots without it until something else happened."""
    async with anja_and_bart(tmp_path) as (nodes, invitation, links):
        anja, bart = nodes
        session = invitation.session
        told: dict[str, list[object]] = {"anja": [], "bart": [], "window": []}
        window = None
        stops = [
            node.subscribe(lambda event, name=name: told[name].append(event))
            for node, name in ((anja, "anja"), (bart, "bart"))
        ]
        try:
            top, name, one, two = await fork_at_knots(nodes, invitation, MALLORY, CAS)
            idea = signed(
                MALLORY, session, 3, one.id, top + 3, "knot.add", model.text_body("Mallory's idea")
            )
            (to_anja,) = await fork_sent(nodes, links, session, (anja, (name, one, two)))
            cas = await link_for(links, anja, session, CAS)
            window = await AttachedNode.attach(anja.data_dir)  # a second window on anja's data dir
            stops.append(window.subscribe(lambda event: told["window"].append(event)))
            await until(lambda: window.set_aside(session) == {MALLORY.public_key: 2}, anja, window)
            builds = signed(CAS, session, 1, None, top + 4, "knot.add", model.text_body(idea.id))
            await send(cas, builds)
            await until(lambda: bart.holds(builds.id) and anja.holds(builds.id), *nodes)
            knots = len(anja.state(session).knots)
            for events in told.values():
                events.clear()
            await send(to_anja, idea)  # alone: a batch of one set-aside record
            for node, name in ((anja, "anja"), (bart, "bart")):
                await node.wait_for(lambda name=name: any(
                    isinstance(e, SetAsideCounted) and e.session == session for e in told[name]
                ), timeout=20)  # fmt: skip
                assert idea.id in node.kept(session)
                assert len(node.state(session).knots) == knots + 1
            await agree(session, anja, bart)
            # The window fetched the session as anja holds it, then said so.
            await until(
                lambda: any(isinstance(e, SetAsideCounted) for e in told["window"]), anja, window
            )
            assert idea.id in window.kept(session)
            assert window.state_hash(session) == anja.state_hash(session)
        finally:
            for stop in stops:
                stop()
            if window is not None:
                await window.close()
