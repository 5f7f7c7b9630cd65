"""Sealed and open votes as a protocol the fold enforces: commit → close → reveal → decide.

Real signed records through the real reducer: a decision is refused while voting is open or a
sealed vote is unrevealed, unless the steward ended the reveal naming the votes still sealed;
a tie is never resolved silently.
"""

from __future__ import annotations

import pytest

from beraad.core import session as s
from beraad.core.identity import Identity
from beraad.core.sealed import commitment
from beraad.core.tally import TallyError, decision_body, progress, tally
from tests.core.test_deliberation import A, B, C, _dots_session, _seal, opened


def _take(writer, option, **extra):
    return {"method": "dots", "option": option, "rests_on": [], **extra}


def test_no_decision_on_open_votes_while_voting_is_open():
    writer, one, _two = _dots_session()
    writer.ok(B, "dots.place", s.dots_body({one: 3}))
    writer.ok(C, "dots.place", s.dots_body({one: 1}))
    state = writer.state
    records = list(tally(state, "dots").records)
    refusal = writer.refused(A, "decision.take", _take(writer, one, rests_on=records))
    assert "voting is still open" in refusal
    with pytest.raises(TallyError, match="still open"):
        decision_body(state)
    writer.ok(A, "vote.close", s.close_body("dots.place"))
    writer.ok(A, "decision.take", decision_body(state))
    assert state.decisions[0].option == one and state.decisions[0].not_revealed == ()


def test_the_issue_walk_a_sealed_vote_cannot_be_ignored():
    """Issue 12: one sealed vote; the facilitator tried to decide while voting was open."""
    writer, one, two = _dots_session()
    state = writer.state
    writer.ok(A, "dots.place", s.dots_body({one: 2}))
    sealed = s.dots_body({two: 2})
    commit = _seal(writer, B, sealed, "ab" * 16)
    early = _take(writer, one, rests_on=list(tally(state, "dots").records))
    assert "voting is still open" in writer.refused(A, "decision.take", early)
    writer.ok(A, "vote.close", s.close_body("dots.place"))
    assert "not revealed yet" in writer.refused(A, "decision.take", early)
    writer.ok(B, "vote.reveal", {"commit": commit, "vote": sealed, "nonce": "ab" * 16})
    result = tally(state, "dots")
    assert result.tied == tuple(sorted((one, two))) and result.winner is None
    # With the sealed vote counted A and B are tied: A alone is refused, the tie must be named.
    assert "must name the tie" in writer.refused(
        A, "decision.take", _take(writer, one, rests_on=list(result.records))
    )
    with pytest.raises(TallyError, match="tie"):
        decision_body(state)


def test_a_tie_is_resolved_only_by_a_record_that_names_it():
    writer, one, two = _dots_session()
    state = writer.state
    writer.ok(B, "dots.place", s.dots_body({one: 2}))
    writer.ok(C, "dots.place", s.dots_body({two: 2}))
    writer.ok(A, "vote.close", s.close_body("dots.place"))
    records = list(tally(state, "dots").records)
    tie = sorted((one, two))
    assert "names a tie the votes do not show" in writer.refused(
        A, "decision.take", _take(writer, one, rests_on=records, tie=[one, "f" * 64])
    )
    body = decision_body(state, two)
    assert body["tie"] == tie and body["option"] == two
    writer.ok(A, "decision.take", body)
    assert state.decisions[0].tie == tuple(tie)


def test_a_tie_named_where_there_is_none_is_refused():
    writer, one, two = _dots_session()
    writer.ok(B, "dots.place", s.dots_body({one: 3}))
    writer.ok(A, "vote.close", s.close_body("dots.place"))
    records = list(tally(writer.state, "dots").records)
    refusal = writer.refused(
        A, "decision.take", _take(writer, one, rests_on=records, tie=sorted((one, two)))
    )
    assert "names a tie the votes do not show" in refusal


def test_ending_the_reveal_names_the_votes_still_sealed_and_the_decision_shows_them():
    writer, one, two = _dots_session()
    state = writer.state
    writer.ok(A, "dots.place", s.dots_body({one: 2}))
    commit = _seal(writer, B, s.dots_body({two: 3}), "cd" * 16)
    end = {"kind": "dots.place", "unrevealed": [commit]}
    assert "still open" in writer.refused(A, "vote.reveal_end", end)
    writer.ok(A, "vote.close", s.close_body("dots.place"))
    writer.wait(s.REVEAL_GRACE_MS)
    assert "only the facilitator" in writer.refused(B, "vote.reveal_end", end)
    assert "exactly the votes still sealed" in writer.refused(
        A, "vote.reveal_end", {"kind": "dots.place", "unrevealed": ["e" * 64]}
    )
    writer.ok(A, "vote.reveal_end", end)
    assert "already ended" in writer.refused(A, "vote.reveal_end", end)
    # B may still reveal late (``test_late_reveal.py``); without it the decision names B's vote.
    body = decision_body(state)
    assert body["option"] == one
    writer.ok(A, "decision.take", body)
    assert state.decisions[0].not_revealed == (commit,)


def test_no_reveal_to_end_when_every_sealed_vote_is_revealed():
    writer, _one, _two = _dots_session()
    writer.ok(A, "vote.close", s.close_body("dots.place"))
    assert "no reveal to end" in writer.refused(
        A, "vote.reveal_end", {"kind": "dots.place", "unrevealed": ["e" * 64]}
    )


def test_observers_count_in_no_quorum_and_cast_no_vote():
    writer = opened(decision_rule="consent", members=(B, C))
    writer.ok(C, "member.observe", {})
    state = writer.state
    assert state.participants() == [A.public_key, B.public_key]
    for phase in ("knots", "positions", "criteria", "options"):
        writer.ok(A, "phase.move", s.move_body(phase, None))
    one = writer.ok(B, "option.add", s.option_body("one")).id
    writer.ok(A, "phase.move", s.move_body("decide", None))
    assert "observer" in writer.refused(C, "consent.respond", s.consent_body(one, "agree", ""))
    writer.ok(A, "consent.respond", s.consent_body(one, "agree", ""))
    writer.ok(B, "consent.respond", s.consent_body(one, "agree", ""))
    result = tally(state, "consent", one)
    assert (result.responded, result.members, result.quorum) == (2, 2, 2)
    writer.ok(A, "vote.close", s.close_body("consent.respond"))
    writer.ok(A, "decision.take", decision_body(state, one))


def _consent_table(*also: tuple[Identity, str]):  # type: ignore[no-untyped-def]
    """Finding 1's table: the group moves by consent, so every member is a steward; the
    writer, then the options: A's "Racks in the courtyard" and one for each (who, title) of
    ``also``."""
    writer = opened(process_rule="consent", decision_rule="consent", members=(B, C))
    for phase in ("knots", "positions", "criteria", "options", "decide"):
        proposal = writer.ok(A, "phase.propose", s.propose_body(phase)).id
        for who in (A, B, C):
            writer.ok(who, "phase.respond", s.respond_body(proposal, "ready"))
        writer.ok(A, "phase.move", s.move_body(phase, proposal))
        if phase == "options":
            added = [(A, "Racks in the courtyard"), *also]
            options = [writer.ok(who, "option.add", s.option_body(t)).id for who, t in added]
    return (writer, *options)


def _sealed_objection(writer, option: str) -> tuple[dict, str, str]:  # type: ignore[no-untyped-def]
    """Cleo objects to ``option``, sealed: her objection, its nonce and her commitment's id."""
    objection = s.consent_body(option, "object", "blocks the fire exit")
    nonce = "ef" * 16
    sealed = commitment("consent.respond", objection, nonce)
    commit = writer.ok(
        C, "vote.commit", {"kind": "consent.respond", "option": option, "commitment": sealed}
    ).id
    return objection, nonce, commit


def test_any_member_cannot_throw_out_a_sealed_objection_within_seconds():
    """Cleo objects, sealed; Bert (no facilitator needed) closes and at once ends the reveal:
    refused until the grace has passed, so Cleo's running app can reveal her objection."""
    writer, option = _consent_table()
    state = writer.state
    objection, nonce, commit = _sealed_objection(writer, option)
    writer.ok(A, "consent.respond", s.consent_body(option, "agree"))
    writer.ok(B, "consent.respond", s.consent_body(option, "agree"))
    writer.ok(B, "vote.close", s.close_body("consent.respond"))
    end = {"kind": "consent.respond", "unrevealed": [commit]}
    writer.wait(s.REVEAL_GRACE_MS - 10)  # just short of the grace, counted from the close
    assert "seconds after voting closed" in writer.refused(B, "vote.reveal_end", end)
    with pytest.raises(TallyError, match="not revealed yet"):
        decision_body(state, option)
    writer.ok(C, "vote.reveal", {"commit": commit, "vote": objection, "nonce": nonce})
    result = tally(state, "consent", option)
    assert not result.passes and [o.member for o in result.objections] == [C.public_key]
    with pytest.raises(TallyError):
        decision_body(state, option)


def test_the_reveal_can_be_ended_once_the_grace_has_passed():
    writer, option = _consent_table()
    _objection, _nonce, commit = _sealed_objection(writer, option)
    writer.ok(A, "consent.respond", s.consent_body(option, "agree"))
    writer.ok(B, "consent.respond", s.consent_body(option, "agree"))
    writer.ok(B, "vote.close", s.close_body("consent.respond"))
    writer.wait(s.REVEAL_GRACE_MS)
    writer.ok(B, "vote.reveal_end", {"kind": "consent.respond", "unrevealed": [commit]})
    writer.ok(B, "decision.take", decision_body(writer.state, option))
    assert writer.state.decisions[0].not_revealed == (commit,)


def test_a_standing_objection_is_worked_with_in_a_new_round_of_voting():
    """Finding 2: consent closed with an objection standing. Nothing can be decided, and the
    state says so ("reopen"); a new round lets the objector respond again, then the group
    decides. The old round's responses keep counting until changed."""
    writer, option = _consent_table()
    state = writer.state
    writer.ok(A, "consent.respond", s.consent_body(option, "agree"))
    writer.ok(B, "consent.respond", s.consent_body(option, "agree"))
    writer.ok(C, "consent.respond", s.consent_body(option, "object", "blocks the fire exit"))
    reopen = {"kind": "consent.respond"}
    assert "no round to reopen" in writer.refused(B, "vote.reopen", reopen)
    writer.ok(B, "vote.close", s.close_body("consent.respond"))
    assert progress(state, "consent", option).step == "reopen"
    with pytest.raises(TallyError, match="not met"):
        decision_body(state, option)
    changed = s.consent_body(option, "agree")
    assert "closed" in writer.refused(C, "consent.respond", changed)
    writer.ok(B, "vote.reopen", reopen)  # any member: the group moves by consent
    assert state.vote_rounds == {"consent.respond": 1} and "consent.respond" not in state.closed
    assert progress(state, "consent", option).step == "vote"
    writer.ok(C, "consent.respond", s.consent_body(option, "stand_aside"))
    writer.ok(A, "vote.close", s.close_body("consent.respond"))
    assert progress(state, "consent", option).step == "decide"
    writer.ok(A, "decision.take", decision_body(state, option))
    assert "not voted on again" in writer.refused(A, "vote.reopen", reopen)


def test_a_new_round_forgets_the_old_reveal_end():
    """A sealed vote the old round named as not revealed can still be revealed after the next
    close, and the next end of the reveal needs its own grace."""
    writer, one, _two = _dots_session()
    state = writer.state
    writer.ok(A, "dots.place", s.dots_body({one: 2}))
    vote = s.dots_body({one: 1})
    commit = _seal(writer, B, vote, "cd" * 16)
    writer.ok(A, "vote.close", s.close_body("dots.place"))
    writer.wait(s.REVEAL_GRACE_MS)
    writer.ok(A, "vote.reveal_end", {"kind": "dots.place", "unrevealed": [commit]})
    writer.ok(A, "vote.reopen", {"kind": "dots.place"})
    assert not state.reveal_ended
    assert "only the facilitator" in writer.refused(B, "vote.reopen", {"kind": "dots.place"})
    writer.ok(A, "vote.close", s.close_body("dots.place"))
    end = {"kind": "dots.place", "unrevealed": [commit]}
    assert "seconds after voting closed" in writer.refused(A, "vote.reveal_end", end)
    writer.ok(B, "vote.reveal", {"commit": commit, "vote": vote, "nonce": "cd" * 16})
    body = decision_body(state)
    writer.ok(A, "decision.take", body)
    assert state.decisions[0].not_revealed == ()
    assert state.votes["dots.place"][B.public_key].reveal in body["rests_on"]


def test_a_tie_named_under_consent_is_a_refusal_not_a_broken_store():
    """A member (every member is a steward under the consent process rule) signs a decision
    naming a tie: consent results have no ties, and the check crashed the fold with an
    AttributeError, so no peer could open the store, state, export or verify it again."""
    writer, option = _consent_table()
    state = writer.state
    writer.ok(A, "consent.respond", s.consent_body(option, "agree"))
    writer.ok(B, "consent.respond", s.consent_body(option, "object", "too dark at night"))
    writer.ok(B, "vote.close", s.close_body("consent.respond"))
    records = list(tally(state, "consent", option).records)
    body = {"method": "consent", "option": option, "rests_on": records, "tie": [option, "f" * 64]}
    assert "names a tie the votes do not show" in writer.refused(B, "decision.take", body)
    assert state.decisions == []


@pytest.mark.parametrize("behind", [61_000, 3_600_000])
def test_a_close_dated_in_the_past_does_not_skip_the_reveal_grace(behind):
    """Attack finding 1: only a close dated ahead was held. Bert signs the close a minute (or
    an hour) in the past and ends the reveal at once: the grace still runs from Cleo's sealed
    objection, so her app's reveal comes in time and the objection counts."""
    writer, option = _consent_table()
    state = writer.state
    objection, nonce, commit = _sealed_objection(writer, option)
    writer.ok(B, "consent.respond", s.consent_body(option, "agree"))
    writer.clock -= behind  # a slow clock, or a steward's trick
    writer.ok(B, "vote.close", s.close_body("consent.respond"))
    writer.clock += behind
    end = {"kind": "consent.respond", "unrevealed": [commit]}
    assert "seconds after voting closed" in writer.refused(B, "vote.reveal_end", end)
    writer.ok(C, "vote.reveal", {"commit": commit, "vote": objection, "nonce": nonce})
    result = tally(state, "consent", option)
    assert not result.passes and [o.member for o in result.objections] == [C.public_key]
    writer.wait(s.REVEAL_GRACE_MS)  # a grace later it could be ended, had anyone still sealed
    # An end naming a vote revealed before it (reveals and ends cross on a LAN) stands beside
    # the reveal (``settled.py``): it names nothing as unrevealed, and the objection counts.
    writer.ok(B, "vote.reveal_end", end)
    assert state.reveal_ended["consent.respond"].unrevealed == () and not state.named_unrevealed
    assert not tally(state, "consent", option).passes
    assert "already ended" in writer.refused(B, "vote.reveal_end", end)


def test_the_same_decision_is_taken_once_a_meeting():
    """Attack finding 7: the same ``decision.take`` was folded again and again (2002 times)."""
    writer, one, _two = _dots_session()
    state = writer.state
    writer.ok(B, "dots.place", s.dots_body({one: 3}))
    writer.ok(A, "vote.close", s.close_body("dots.place"))
    body = decision_body(state)
    writer.ok(A, "decision.take", body)
    assert "decided by dots in this meeting already" in writer.refused(A, "decision.take", body)
    assert len(state.decisions) == 1


def test_a_per_option_decision_is_taken_once_per_option():
    writer, one, two = _consent_table((B, "Racks on the street"))
    for option in (one, two):
        for who in (A, B, C):
            writer.ok(who, "consent.respond", s.consent_body(option, "agree"))
    writer.ok(A, "vote.close", s.close_body("consent.respond"))
    writer.ok(A, "decision.take", decision_body(writer.state, one))
    refusal = writer.refused(A, "decision.take", decision_body(writer.state, one))
    assert "already" in refusal
    writer.ok(A, "decision.take", decision_body(writer.state, two))  # another option: its own
    assert [d.option for d in writer.state.decisions] == [one, two]
