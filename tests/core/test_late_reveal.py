"""A reveal end a steward forged by dating it: the sealed votes it named stay recoverable.

Real signed records through the real reducer. The steward signs the close, the reveal end (dated
past the grace) and the decision in one go, before the sealed voters' apps could reveal; their
reveals, arriving later, are accepted and the decision is marked with what they would change.
"""

from __future__ import annotations

from beraad.core import session as s
from beraad.core.deliberation import DeliberationReducer
from beraad.core.fold import Fold
from beraad.core.state import snapshot
from beraad.core.tally import decision_body
from tests.core.test_deliberation import A, B, C, _dots_session, _seal

NONCE_B, NONCE_C = "b1" * 16, "c1" * 16


def _forged_end(writer, one, two):
    """A votes one:2 openly; B (two:3) and C (one:1) seal; A closes and ends the reveal with
    records dated past the grace, and decides at once."""
    writer.ok(A, "dots.place", s.dots_body({one: 2}))
    commit_b = _seal(writer, B, s.dots_body({two: 3}), NONCE_B)
    commit_c = _seal(writer, C, s.dots_body({one: 1}), NONCE_C)
    writer.ok(A, "vote.close", s.close_body("dots.place"))
    writer.wait(s.REVEAL_GRACE_MS)  # A's word: a minute passed
    end = {"kind": "dots.place", "unrevealed": sorted([commit_b, commit_c])}
    writer.ok(A, "vote.reveal_end", end)
    return commit_b, commit_c


def _late(commit, vote, nonce):
    return {"commit": commit, "vote": vote, "nonce": nonce}


def test_a_reveal_after_the_decision_is_accepted_and_marks_it():
    writer, one, two = _dots_session()
    state = writer.state
    commit_b, commit_c = _forged_end(writer, one, two)
    writer.ok(A, "decision.take", decision_body(state))
    decision = state.decisions[0]
    assert decision.option == one and decision.not_revealed == tuple(sorted([commit_b, commit_c]))
    assert decision.revealed_later == ()
    # B's app sees the close, the end and the decision together, and reveals: accepted.
    writer.ok(B, "vote.reveal", _late(commit_b, s.dots_body({two: 3}), NONCE_B))
    assert decision.revealed_later == (commit_b,)
    assert decision.later_option == two and decision.later_tie == ()
    # The decision itself still rests on what it named; nothing is rewritten.
    assert decision.option == one and decision.not_revealed == tuple(sorted([commit_b, commit_c]))
    # C's vote for one: with both, one:3 against two:3 is a tie.
    writer.ok(C, "vote.reveal", _late(commit_c, s.dots_body({one: 1}), NONCE_C))
    assert decision.revealed_later == tuple(sorted([commit_b, commit_c]))
    assert decision.later_option is None and decision.later_tie == tuple(sorted([one, two]))
    assert not state.named_unrevealed


def test_a_late_reveal_must_match_and_be_the_voters_own():
    writer, one, two = _dots_session()
    commit_b, _commit_c = _forged_end(writer, one, two)
    writer.ok(A, "decision.take", decision_body(writer.state))
    assert "does not match" in writer.refused(
        B, "vote.reveal", _late(commit_b, s.dots_body({one: 3}), NONCE_B)
    )
    assert "only the member who sealed" in writer.refused(
        C, "vote.reveal", _late(commit_b, s.dots_body({two: 3}), NONCE_B)
    )
    writer.ok(B, "vote.reveal", _late(commit_b, s.dots_body({two: 3}), NONCE_B))
    assert "reveal has ended" in writer.refused(
        B, "vote.reveal", _late(commit_b, s.dots_body({two: 3}), NONCE_B)
    )


def test_a_late_reveal_before_the_decision_counts():
    writer, one, two = _dots_session()
    state = writer.state
    commit_b, commit_c = _forged_end(writer, one, two)
    writer.ok(B, "vote.reveal", _late(commit_b, s.dots_body({two: 3}), NONCE_B))
    body = decision_body(state)
    assert body["option"] == two
    writer.ok(A, "decision.take", body)
    assert state.decisions[0].not_revealed == (commit_c,)
    assert state.decisions[0].revealed_later == ()


def test_ending_the_meeting_in_the_same_batch_does_not_lose_the_votes():
    """Between meetings and in the next meeting a named vote's reveal is still accepted."""
    writer, one, two = _dots_session()
    state = writer.state
    commit_b, commit_c = _forged_end(writer, one, two)
    writer.ok(A, "decision.take", decision_body(state))
    writer.ok(A, "meeting.end", {})
    writer.ok(B, "vote.reveal", _late(commit_b, s.dots_body({two: 3}), NONCE_B))
    writer.ok(A, "meeting.start", {})
    writer.ok(C, "vote.reveal", _late(commit_c, s.dots_body({one: 1}), NONCE_C))
    decision = state.decisions[0]
    assert decision.revealed_later == tuple(sorted([commit_b, commit_c]))
    assert decision.later_tie == tuple(sorted([one, two]))


def test_a_new_round_takes_the_named_votes_back_into_the_normal_reveal():
    writer, one, two = _dots_session()
    commit_b, _commit_c = _forged_end(writer, one, two)
    writer.ok(A, "vote.reopen", {"kind": "dots.place"})
    assert not writer.state.named_unrevealed
    assert "only after voting closes" in writer.refused(
        B, "vote.reveal", _late(commit_b, s.dots_body({two: 3}), NONCE_B)
    )
    writer.ok(A, "vote.close", s.close_body("dots.place"))
    writer.ok(B, "vote.reveal", _late(commit_b, s.dots_body({two: 3}), NONCE_B))


def test_every_peer_reaches_the_same_state_whatever_the_arrival_order():
    writer, one, two = _dots_session()
    commit_b, _commit_c = _forged_end(writer, one, two)
    writer.ok(A, "decision.take", decision_body(writer.state))
    writer.ok(B, "vote.reveal", _late(commit_b, s.dots_body({two: 3}), NONCE_B))
    records = list(writer.fold.records)
    other = Fold(DeliberationReducer())
    for record in reversed(records):
        other.add(record)
    assert snapshot(other.state) == snapshot(writer.state)
    assert other.state.decisions[0].later_option == two
