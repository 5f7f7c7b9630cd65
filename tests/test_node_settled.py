"""Over real nodes joined by code on loopback (attacker script a11b): a member's vote signed
with a lamport before the close and sent after the decision and a meeting change reaches every
peer; the decision stands on all three, marked with the vote that came in later, and the peers
agree on the state."""

from __future__ import annotations

import pytest

from beraad.core import session as model
from beraad.core.tally import decision_body
from beraad.export.files import bundle_lines
from beraad.export.transfer import export_bundle, minutes_text
from beraad.export.verify import verify_lines
from beraad.i18n import set_language
from beraad.ui.widgets.tally_format import decision_notes
from tests.back_dated import dots_on_the_fence, last_own, signed_after
from tests.ui.phases_app import close_all, converged, table_of

pytestmark = pytest.mark.timeout(120)


async def test_a_back_dated_vote_over_real_links_leaves_the_decision_on_every_peer(tmp_path):
    nodes, sid = await table_of(tmp_path, ["anja", "bart", "carla"], "dots", "options")
    anja, bart, _carla = nodes
    try:
        one, two = await dots_on_the_fence(anja, sid)
        close = await anja.contribute(sid, "vote.close", model.close_body("dots.place"))
        taken = await anja.contribute(sid, "decision.take", decision_body(anja.state(sid)))
        await anja.contribute(sid, "meeting.end", {})
        await anja.contribute(sid, "meeting.start", {})
        await converged(nodes, sid)
        assert [len(n.state(sid).decisions) for n in nodes] == [1, 1, 1]
        last = last_own(bart, sid)
        assert last.lamport < close.lamport - 1  # Bart was quiet since he joined
        late = signed_after(
            bart, sid, last, close.lamport - 1, "dots.place", model.dots_body({two: 3})
        )
        bart.ingest(sid, [late])
        await converged(nodes, sid)
        for node in nodes:
            assert node.holds(late.id) and late.id not in node.rejected(sid)
            assert taken.id not in node.rejected(sid)
            [decision] = node.state(sid).decisions
            assert decision.option == one and decision.came_later == (late.id,)
            assert decision.later_option is None and decision.later_tie == tuple(sorted([one, two]))
        assert len({n.state_hash(sid) for n in nodes}) == 1
        # Said in the decide view, the minutes and verify, in English and Dutch; verify does
        # not call the honest facilitator's decision a false claim.
        state = anja.state(sid)
        for language, words in (("en", "came in later: "), ("nl", "later binnengekomen: ")):
            set_language(language)
            try:
                notes = " ".join(decision_notes(state, state.decisions[0]))
                minutes = minutes_text(anja, sid, "md", language)
            finally:
                set_language("en")
            assert words + state.name(bart.identity.public_key) in notes
            assert words + state.name(bart.identity.public_key) in minutes
        bundle = tmp_path / "session.beraad"
        export_bundle(anja, sid, bundle)
        report = verify_lines(bundle_lines(bundle))
        assert report.ok and report.false_claims == [] and len(report.decisions) == 1
        assert report.state_hash == anja.state_hash(sid)
    finally:
        await close_all(nodes)


async def _by_consent(nodes, sid, phase):
    """Anja proposes the move, Anja and Bart are ready, Anja's node writes the agreed move."""
    from beraad.core.settled import agreed_move_body

    anja, bart, _carla = nodes
    proposal = (await anja.contribute(sid, "phase.propose", {"to": phase})).id
    await converged(nodes, sid)
    for node in (anja, bart):
        await node.contribute(sid, "phase.respond", model.respond_body(proposal, "ready"))
    await converged(nodes, sid)
    body = agreed_move_body(anja.state(sid), anja.state(sid).proposals[proposal])
    await anja.contribute(sid, "phase.move", body)


async def test_a_back_dated_end_of_the_meeting_over_real_links_leaves_the_decision(tmp_path):
    """Under consent, quiet Carla dates an end of the meeting back below the group's decision:
    alone, and then naming the group's honest "ready" answers to a proposal she dated back
    too. Every peer refuses both ends (``core/end_consent.py``): the decision stands on all
    three and they agree on the state."""
    nodes, sid = await table_of(
        tmp_path, ["anja", "bart", "carla"], "dots", "opening", process_rule="consent"
    )
    anja, bart, carla = nodes
    try:
        for phase in ("knots", "positions", "criteria", "options"):
            await _by_consent(nodes, sid, phase)
        one = (await anja.contribute(sid, "option.add", model.option_body("fence"))).id
        await _by_consent(nodes, sid, "decide")
        await anja.contribute(sid, "dots.place", model.dots_body({one: 3}))
        await anja.contribute(sid, "vote.close", model.close_body("dots.place"))
        taken = await anja.contribute(sid, "decision.take", decision_body(anja.state(sid)))
        await converged(nodes, sid)
        last = last_own(carla, sid)
        assert last.lamport < taken.lamport - 3  # Carla was quiet since she joined
        alone = signed_after(carla, sid, last, taken.lamport - 3, "meeting.end", {})
        proposal = signed_after(
            carla, sid, alone, taken.lamport - 2, "phase.propose", {"to": "end"}
        )
        carla.ingest(sid, [alone, proposal])
        await converged(nodes, sid)
        ready = [
            (
                await node.contribute(
                    sid, "phase.respond", model.respond_body(proposal.id, "ready")
                )
            ).id
            for node in (anja, bart)
        ]
        await converged(nodes, sid)
        end = signed_after(
            carla,
            sid,
            proposal,
            taken.lamport - 1,
            "meeting.end",
            {"proposal": proposal.id, "rests_on": ready},
        )
        carla.ingest(sid, [end])
        await converged(nodes, sid)
        for node in nodes:
            assert node.holds(end.id) and end.id in node.rejected(sid)
            assert alone.id in node.rejected(sid) and taken.id not in node.rejected(sid)
            state = node.state(sid)
            assert len(state.decisions) == 1 and not state.between_meetings
        assert len({n.state_hash(sid) for n in nodes}) == 1
    finally:
        await close_all(nodes)
