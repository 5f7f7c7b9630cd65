"""Over two real nodes on loopback: Carla had seen Anja's close (and the decision after it)
and signs a vote at the close's lamport, listing what she had seen, as her app lists it. Both
peers refuse it as having come in after the close (``core/seen_close.py``) — not counted, not
"came in later" — and agree on the state; the minutes' refusal says why in English and Dutch;
a bundle of the session verifies to the same state."""

from __future__ import annotations

import pytest

from beraad.core import session as model
from beraad.core.tally import decision_body
from beraad.export.files import bundle_lines
from beraad.export.transfer import export_bundle
from beraad.export.verify import verify_lines
from beraad.i18n.kinds import reason_text
from tests.back_dated import dots_on_the_fence, last_own, signed_after
from tests.test_node import open_node
from tests.ui.phases_app import close_all, converged, table_of

pytestmark = pytest.mark.timeout(120)


async def test_a_vote_by_a_member_who_saw_the_close_is_after_it_on_both_peers(tmp_path):
    nodes, sid = await table_of(tmp_path, ["anja", "carla"], "dots", "options")
    anja, carla = nodes
    try:
        one, two = await dots_on_the_fence(anja, sid)
        close = await anja.contribute(sid, "vote.close", model.close_body("dots.place"))
        taken = await anja.contribute(sid, "decision.take", decision_body(anja.state(sid)))
        await converged(nodes, sid)
        assert carla.holds(taken.id)
        last = last_own(carla, sid)
        anja_key = anja.identity.public_key
        head = max(
            (r for r in carla.records(sid) if r.author == anja_key), key=lambda r: r.seq
        )  # what Carla's app lists: the head of Anja's chain she holds, the decision
        assert head.id == taken.id and last.lamport < close.lamport
        late = signed_after(
            carla,
            sid,
            last,
            close.lamport - 1,
            "dots.place",
            model.dots_body({two: 3}),
            seen=((anja_key, head.seq, head.id),),
        )
        assert late.id in carla.ingest(sid, [late])
        await converged(nodes, sid)
        for node in nodes:
            assert node.holds(late.id)
            reason = node.rejected(sid)[late.id]
            assert reason_text(reason, "en").startswith("its voter had already seen voting close")
            assert reason_text(reason, "nl").startswith("wie deze stem uitbracht had")
            [decision] = node.state(sid).decisions
            assert decision.option == one and decision.came_later == ()
            assert taken.id not in node.rejected(sid)
        assert len({n.state_hash(sid) for n in nodes}) == 1
        bundle = tmp_path / "session.beraad"
        export_bundle(anja, sid, bundle)
        report = verify_lines(bundle_lines(bundle))
        assert report.ok and report.state_hash == anja.state_hash(sid)
    finally:
        await close_all(nodes)


async def test_a_vote_back_dated_steps_below_the_close_is_refused_by_every_peer_and_verify(
    tmp_path, monkeypatch
):
    """The attack on the first reading (s8): Bart, quiet since he joined, had seen Anja's
    close and dates a vote far below it, more than a step of records back. Verify, a reopened
    data dir and a catching-up peer fold in steps (``OFFER_STEP``, ``BATCH_RECORDS``; cut to
    16 here so a short session crosses them): the vote is judged in a step without the close,
    and the close comes after it, sorting last. All still refuse it: Anja's export verifies,
    Carla catching up and Anja restarted agree on the hash."""
    import beraad.core.sync as sync
    import beraad.export.verify as verify
    import beraad.node as node_module
    import beraad.record_path as record_path

    for module in (node_module, record_path, verify):
        monkeypatch.setattr(module, "OFFER_STEP", 16)
    monkeypatch.setattr(sync, "BATCH_RECORDS", 16)
    nodes, sid = await table_of(tmp_path, ["anja", "bart", "carla"], "dots", "options")
    anja, bart, carla = nodes
    try:
        _one, two = await dots_on_the_fence(anja, sid)
        await converged(nodes, sid)
        await carla.close()
        for n in range(60):
            await anja.contribute(sid, "member.name", model.name_body(f"Anja {n}"))
        close = await anja.contribute(sid, "vote.close", model.close_body("dots.place"))
        taken = await anja.contribute(sid, "decision.take", decision_body(anja.state(sid)))
        await converged([anja, bart], sid)
        last = last_own(bart, sid)
        vote = signed_after(
            bart,
            sid,
            last,
            close.lamport - 40,
            "dots.place",
            model.dots_body({two: 3}),
            seen=((anja.identity.public_key, close.seq, close.id),),
        )
        assert last.lamport < vote.lamport
        bart.ingest(sid, [vote])
        await converged([anja, bart], sid)
        assert anja.rejected(sid).get(vote.id) and bart.rejected(sid).get(vote.id)
        bundle = tmp_path / "anja.beraad"
        export_bundle(anja, sid, bundle)
        report = verify_lines(bundle_lines(bundle))
        assert report.ok and report.state_hash == anja.state_hash(sid)
        carla = nodes[2] = await open_node(tmp_path, "carla")
        await carla.wait_for(lambda: carla.holds(vote.id) and carla.holds(taken.id), timeout=30)
        await converged(nodes, sid)
        assert carla.rejected(sid).get(vote.id)
        before = anja.state_hash(sid)
        await anja.close()
        anja = nodes[0] = await open_node(tmp_path, "anja")
        assert anja.rejected(sid).get(vote.id) and anja.state_hash(sid) == before
    finally:
        await close_all(nodes)
