"""What was settled stays settled: a record that arrives late with an old lamport is slotted
into the past by the fold order, but never undoes a decision or a reveal end; it is shown as
having come in later. Real signed records through the real reducer (attacker scripts a11, a5)."""

from __future__ import annotations

from beraad.core import session as s
from beraad.core.deliberation import DeliberationReducer
from beraad.core.fold import Fold
from beraad.core.late_reveal import came_later_names, later_notes
from beraad.core.settled import agreed_move_body
from beraad.core.tally import decision_body
from tests.core.test_deliberation import (
    NONCE,
    A,
    B,
    C,
    Writer,
    _dots_session,
    _seal,
    move_to,
    opened,
)

NONCE_B = "b1" * 16


def _same_whatever_the_order(writer) -> None:
    """Every peer, whatever order the records reach it in, holds the same state."""
    records = list(writer.fold.records)
    backwards, shuffled = Fold(DeliberationReducer()), Fold(DeliberationReducer())
    for record in reversed(records):
        backwards.add(record)
    shuffled.extend(records[1::2])
    shuffled.extend(records[::2])
    assert backwards.state_hash() == writer.fold.state_hash() == shuffled.state_hash()
    assert backwards.rejected == writer.fold.rejected


def test_a_back_dated_vote_does_not_erase_the_decision_and_is_shown_as_come_later():
    """a11: a quiet member votes with a lamport before the close, a meeting later."""
    writer, one, two = _dots_session()
    state = writer.state
    writer.ok(A, "dots.place", s.dots_body({one: 2}))
    close = writer.ok(A, "vote.close", s.close_body("dots.place"))
    decision = writer.ok(A, "decision.take", decision_body(state))
    writer.ok(A, "meeting.end", {})
    writer.ok(A, "meeting.start", {})
    late = writer.back_dated(B, "dots.place", s.dots_body({two: 3}), close.lamport - 1)
    assert late.id not in writer.fold.rejected  # shown, not dropped
    assert decision.id not in writer.fold.rejected
    [held] = writer.state.decisions  # the fold refolded: a new state
    assert held.option == one and held.came_later == (late.id,)
    assert held.later_option == two
    said = [n.template for n in later_notes(writer.state, held)]
    assert "Taken on the votes it names; came in later: {names}." in said
    assert "With them the result would be {option}, not {chosen}." in said
    _same_whatever_the_order(writer)


def test_a_back_dated_change_of_vote_leaves_the_decision_on_the_vote_it_named():
    writer, one, two = _dots_session()
    state = writer.state
    writer.ok(A, "dots.place", s.dots_body({one: 2}))
    first = writer.ok(B, "dots.place", s.dots_body({one: 1}))
    writer.ok(A, "note.add", {"target": None, "type": "experience", "text": "filler"})
    close = writer.ok(A, "vote.close", s.close_body("dots.place"))
    writer.ok(A, "decision.take", decision_body(state))
    changed = writer.back_dated(B, "dots.place", s.dots_body({two: 3}), close.lamport - 1)
    [held] = writer.state.decisions  # the fold refolded: a new state
    assert first.id in held.rests_on and held.came_later == (changed.id,)
    assert held.option == one and held.later_option == two
    _same_whatever_the_order(writer)


def test_a_decision_naming_votes_that_do_not_carry_it_is_still_refused():
    """Judged by what it names: naming a vote that was never cast, or leaving out the votes
    against it while they were there, holds nothing."""
    writer, one, two = _dots_session()
    state = writer.state
    writer.ok(A, "dots.place", s.dots_body({one: 2}))
    against = writer.ok(B, "dots.place", s.dots_body({two: 3}))
    writer.ok(A, "vote.close", s.close_body("dots.place"))
    body = decision_body(state)
    assert body["option"] == two
    wrong = dict(body, option=one, rests_on=[r for r in body["rests_on"] if r != against.id])
    # Named votes carry one: the decision holds, and the vote left out is shown as come later.
    writer.ok(A, "decision.take", wrong)
    assert state.decisions[0].came_later == (against.id,)
    assert state.decisions[0].later_option == two
    other, one2, _two2 = _dots_session()
    other.ok(A, "dots.place", s.dots_body({one2: 2}))
    other.ok(A, "vote.close", s.close_body("dots.place"))
    ghost = dict(decision_body(other.state), rests_on=["f" * 64])
    other.refused(A, "decision.take", ghost)
    assert other.state.decisions == []


def test_a_reveal_ordered_before_the_reveal_end_leaves_end_and_decision_standing():
    """a5: B's app reveals while cut off; its reveal carries a lamport just after the close
    and arrives after the reveal end and the decision (a meeting later)."""
    writer, one, two = _dots_session()
    state = writer.state
    writer.ok(A, "dots.place", s.dots_body({one: 2}))
    vote_b = s.dots_body({two: 3})
    commit_b = _seal(writer, B, vote_b, NONCE_B)
    close = writer.ok(A, "vote.close", s.close_body("dots.place"))
    writer.wait(s.REVEAL_GRACE_MS)
    writer.ok(A, "note.add", {"target": None, "type": "experience", "text": "filler"})
    end = writer.ok(A, "vote.reveal_end", {"kind": "dots.place", "unrevealed": [commit_b]})
    decision = writer.ok(A, "decision.take", decision_body(state))
    writer.ok(A, "meeting.end", {})
    writer.ok(A, "meeting.start", {})
    reveal = {"commit": commit_b, "vote": vote_b, "nonce": NONCE_B}
    late = writer.back_dated(B, "vote.reveal", reveal, close.lamport + 1)
    assert late.id not in writer.fold.rejected
    assert end.id not in writer.fold.rejected and decision.id not in writer.fold.rejected
    [held] = writer.state.decisions  # the fold refolded: a new state
    assert held.option == one and held.came_later == (late.id,)
    assert held.later_option == two
    _same_whatever_the_order(writer)


def test_a_record_below_its_own_previous_lamport_is_refused_in_any_arrival_order():
    """An author's lamports rise along their chain: one who already wrote later cannot slot a
    record into the past (a13: a member who answered "ready" back-dates an objection)."""
    writer, one, _two = _dots_session()
    said = writer.ok(B, "note.add", {"target": None, "type": "experience", "text": "later"})
    writer.ok(A, "dots.place", s.dots_body({one: 2}))
    behind = writer.back_dated(B, "dots.place", s.dots_body({one: 1}), said.lamport - 3)
    same = writer.back_dated(C, "dots.place", s.dots_body({one: 1}), writer.lamport)
    assert "back-dated" in writer.fold.rejected[behind.id]
    assert same.id not in writer.fold.rejected  # C's own chain rises: accepted
    note = {"target": None, "type": "experience", "text": "x"}
    equal = writer.back_dated(B, "note.add", note, behind.lamport)  # not above its previous
    assert "back-dated" in writer.fold.rejected[equal.id]
    counted = sorted(v.member for v in writer.state.counted_votes("dots.place"))
    assert counted == sorted([A.public_key, C.public_key])
    _same_whatever_the_order(writer)


def test_a_back_dated_admission_does_not_leave_the_facilitators_member_waiting():
    """a12: B back-dates an admission of C before the facilitator's; C still counts (the
    facilitator's admission confirms them), and C's vote and the decision stand."""
    writer = Writer()
    body = s.open_body("Plein", "Hoe?", "blank", "nl", "facilitator", "dots", nonce=NONCE)
    writer.ok(A, "session.open", {**body, "admission": "confirmed"})
    writer.ok(A, "member.admit", s.admit_body(B.public_key, "Bart"))
    named = writer.ok(B, "member.name", s.name_body("Bart"))
    writer.ok(A, "member.name", s.name_body("Anja"))
    admit_c = writer.ok(A, "member.admit", s.admit_body(C.public_key, "Cor"))
    move_to(writer, "knots", "positions", "criteria", "options")
    one = writer.ok(A, "option.add", s.option_body("one")).id
    two = writer.ok(A, "option.add", s.option_body("two")).id
    move_to(writer, "decide")
    writer.ok(C, "dots.place", s.dots_body({two: 3}))
    writer.ok(A, "dots.place", s.dots_body({one: 2}))
    writer.ok(A, "vote.close", s.close_body("dots.place"))
    decision = writer.ok(A, "decision.take", decision_body(writer.state))
    sock = writer.back_dated(
        B, "member.admit", s.admit_body(C.public_key, "Cor (sock)"), admit_c.lamport - 1
    )
    assert named.lamport < sock.lamport < admit_c.lamport
    state = writer.state
    assert sock.id not in writer.fold.rejected  # shown: B admitted C too
    assert admit_c.id not in writer.fold.rejected and decision.id not in writer.fold.rejected
    cor = state.members[C.public_key]
    assert cor.counts and cor.admitted_by == B.public_key and cor.confirmed_in == admit_c.id
    assert state.decisions[0].option == two
    _same_whatever_the_order(writer)


def _consent_moves(writer, *phases):
    """Under consent: A proposes each move, A and B are ready (two of three), A moves naming
    their answers; C stays quiet."""
    moves = {}
    for phase in phases:
        proposal = writer.ok(A, "phase.propose", {"to": phase}).id
        for who in (A, B):
            writer.ok(who, "phase.respond", {"proposal": proposal, "response": "ready"})
        body = agreed_move_body(writer.state, writer.state.proposals[proposal])
        moves[phase] = (proposal, writer.ok(A, "phase.move", body))
    return moves


def test_a_back_dated_objection_does_not_undo_a_consent_move():
    """a13: under consent, a quiet member's objection slotted before the first move it never
    answered in time: the move holds on the answers it named; the objection is shown as having
    come in later, and nothing after the move is refused."""
    writer = opened(process_rule="consent", decision_rule="dots", members=(B, C))
    moves = _consent_moves(writer, "knots", "positions", "criteria", "options")
    one = writer.ok(B, "option.add", s.option_body("one")).id
    moves.update(_consent_moves(writer, "decide"))
    writer.ok(A, "dots.place", s.dots_body({one: 2}))
    writer.ok(A, "vote.close", s.close_body("dots.place"))
    writer.ok(A, "decision.take", decision_body(writer.state))
    refused = dict(writer.fold.rejected)
    proposal, move = moves["knots"]
    objection = {"proposal": proposal, "response": "object", "reason": "too soon"}
    late = writer.back_dated(C, "phase.respond", objection, move.lamport - 1)
    state = writer.state
    assert late.id not in writer.fold.rejected  # shown, not dropped
    assert dict(writer.fold.rejected) == refused  # nothing after the move is undone
    assert state.phase == "decide" and len(state.decisions) == 1
    [first] = [m for m in state.phase_history if m.record == move.id]
    assert first.came_later == (late.id,)
    _same_whatever_the_order(writer)


def test_a_consent_move_must_name_ready_answers_to_its_proposal_of_half_the_members():
    writer = opened(process_rule="consent", decision_rule="dots", members=(B, C))
    proposal = writer.ok(A, "phase.propose", {"to": "knots"}).id
    ready = writer.ok(A, "phase.respond", {"proposal": proposal, "response": "ready"}).id
    no = {"proposal": proposal, "response": "object", "reason": "not yet"}
    objection = writer.ok(B, "phase.respond", no).id
    move = {"to": "knots", "proposal": proposal}
    assert "more than half" in writer.refused(A, "phase.move", {**move, "rests_on": [ready]})
    assert "objects" in writer.refused(A, "phase.move", {**move, "rests_on": [ready, objection]})
    other = writer.ok(A, "phase.propose", {"to": "knots"}).id
    assert "not one to this proposal" in writer.refused(
        A, "phase.move", {"to": "knots", "proposal": other, "rests_on": [ready]}
    )
    assert writer.state.phase == "opening"


def _voted_for_one(writer, one, two):
    """A and B carry option one (3 dots to 2); C votes two. A closes and decides."""
    writer.ok(A, "dots.place", s.dots_body({one: 1}))
    writer.ok(B, "dots.place", s.dots_body({one: 2}))
    writer.ok(C, "dots.place", s.dots_body({two: 2}))
    close = writer.ok(A, "vote.close", s.close_body("dots.place"))
    decision = writer.ok(A, "decision.take", decision_body(writer.state))
    return close, decision


def test_a_back_dated_observe_of_a_voter_does_not_erase_the_decision():
    """Finding 1, open case 1: B slots 'I only watch' before the decision; observing withdraws
    B's vote from every tally after it, yet the decision counts the vote it named, and B's
    observing is shown as come later with the result it would give."""
    writer, one, two = _dots_session()
    _close, decision = _voted_for_one(writer, one, two)
    writer.ok(A, "meeting.end", {})
    writer.ok(A, "meeting.start", {})
    late = writer.back_dated(B, "member.observe", {}, decision.lamport - 1)
    state = writer.state
    assert late.id not in writer.fold.rejected and decision.id not in writer.fold.rejected
    assert state.members[B.public_key].observer  # shown: B only watches
    [held] = state.decisions
    assert held.option == one and held.came_later == (late.id,)
    assert held.later_option == two
    assert came_later_names(state, held) == [state.name(B.public_key)]
    _same_whatever_the_order(writer)


def test_a_back_dated_retract_of_the_chosen_option_does_not_erase_the_decision():
    """Finding 1, open case 2: B wrote option one and stayed quiet; B retracts it with a lamport
    before the decision. The decision holds on the votes it named for the option as it stood;
    the retraction is shown as come later, with what the result would be without it."""
    writer2, one2, two2 = _dots_session()  # B wrote option one and nothing since
    writer2.ok(A, "dots.place", s.dots_body({one2: 3}))
    writer2.ok(C, "dots.place", s.dots_body({two2: 2}))
    close = writer2.ok(A, "vote.close", s.close_body("dots.place"))
    decision = writer2.ok(A, "decision.take", decision_body(writer2.state))
    late = writer2.back_dated(B, "retract", s.retract_body(one2, "wrong"), close.lamport - 1)
    state = writer2.state
    assert late.id not in writer2.fold.rejected and decision.id not in writer2.fold.rejected
    assert not state.options[one2].live  # shown: B retracted it
    [held] = state.decisions
    assert held.option == one2 and held.came_later == (late.id,)
    assert held.later_option == two2
    assert came_later_names(state, held) == [state.name(B.public_key)]
    _same_whatever_the_order(writer2)


def test_a_back_dated_weight_sheet_does_not_erase_a_decision_by_scores():
    """Finding 1, open case 3: under scores by criteria, quiet B sets weights with a lamport in
    the criteria phase, after the decision. The decision holds on the weight sheets it names;
    B's sheet is shown as come later, with the result it would give."""
    writer = opened(decision_rule="matrix")
    move_to(writer, "knots", "positions", "criteria")
    c1 = writer.ok(A, "criterion.add", s.text_body("cost")).id
    c2 = writer.ok(A, "criterion.add", s.text_body("time")).id
    weighed = writer.ok(A, "weight.set", s.weights_body({c1: 60, c2: 40}))
    writer.ok(A, "note.add", {"target": None, "type": "experience", "text": "filler"})
    move_to(writer, "options")
    one = writer.ok(A, "option.add", s.option_body("one")).id
    two = writer.ok(C, "option.add", s.option_body("two")).id
    move_to(writer, "decide")
    sheet = {one: {c1: 10, c2: 0}, two: {c1: 0, c2: 10}}
    writer.ok(A, "score.set", s.scores_body(sheet))
    writer.ok(C, "score.set", s.scores_body(sheet))
    writer.ok(A, "vote.close", s.close_body("score.set"))
    decision = writer.ok(A, "decision.take", decision_body(writer.state))
    assert writer.state.decisions[0].option == one
    late = writer.back_dated(B, "weight.set", s.weights_body({c1: 0, c2: 100}), weighed.lamport)
    state = writer.state
    assert late.id not in writer.fold.rejected and decision.id not in writer.fold.rejected
    assert state.weights[B.public_key].record == late.id  # shown: B's weights are there
    [held] = state.decisions
    assert held.option == one and held.came_later == (late.id,)
    assert held.later_option == two
    assert came_later_names(state, held) == [state.name(B.public_key)]
    _same_whatever_the_order(writer)


def test_a_back_dated_close_under_consent_does_not_erase_the_decision():
    """Finding 1, open case 4: under consent any member is a steward. Quiet C closes voting
    with a lamport before B's vote: B's vote is refused (voting was closed), yet the decision
    that named it counts it, and C's close is shown as come later with the result without it."""
    writer = opened(process_rule="consent", decision_rule="dots", members=(B, C))
    _consent_moves(writer, "knots", "positions", "criteria", "options")
    one = writer.ok(B, "option.add", s.option_body("one")).id
    two = writer.ok(B, "option.add", s.option_body("two")).id
    _consent_moves(writer, "decide")
    first = writer.ok(A, "dots.place", s.dots_body({two: 2}))
    voted = writer.ok(B, "dots.place", s.dots_body({one: 3}))
    writer.ok(A, "vote.close", s.close_body("dots.place"))
    decision = writer.ok(A, "decision.take", decision_body(writer.state))
    assert voted.id in decision.body["rests_on"]
    late = writer.back_dated(C, "vote.close", s.close_body("dots.place"), first.lamport)
    state = writer.state
    assert late.id not in writer.fold.rejected and decision.id not in writer.fold.rejected
    assert "closed" in writer.fold.rejected[voted.id]  # voting was closed when B voted
    [held] = state.decisions
    assert held.option == one and held.came_later == (late.id,)
    assert held.later_option == two
    assert came_later_names(state, held) == [state.name(C.public_key)]
    _same_whatever_the_order(writer)


def test_a_back_dated_reopen_under_consent_does_not_erase_the_decision():
    """Finding 1, open case 4: quiet C reopens voting with a lamport between the close and the
    decision. The decision holds on the close it was taken after (voting is closed again, as
    the room saw it); the reopen is shown as come later."""
    writer = opened(process_rule="consent", decision_rule="dots", members=(B, C))
    _consent_moves(writer, "knots", "positions", "criteria", "options")
    one = writer.ok(B, "option.add", s.option_body("one")).id
    two = writer.ok(B, "option.add", s.option_body("two")).id
    _consent_moves(writer, "decide")
    writer.ok(A, "dots.place", s.dots_body({two: 2}))
    writer.ok(B, "dots.place", s.dots_body({one: 3}))
    close = writer.ok(A, "vote.close", s.close_body("dots.place"))
    writer.ok(A, "note.add", {"target": None, "type": "experience", "text": "filler"})
    decision = writer.ok(A, "decision.take", decision_body(writer.state))
    refused = dict(writer.fold.rejected)
    late = writer.back_dated(C, "vote.reopen", s.close_body("dots.place"), close.lamport + 1)
    state = writer.state
    assert late.id not in writer.fold.rejected and dict(writer.fold.rejected) == refused
    assert state.closed["dots.place"] == close.id  # closed again, as the room saw it
    [held] = state.decisions
    assert held.record == decision.id and held.option == one
    assert held.came_later == (late.id,)
    assert came_later_names(state, held) == [state.name(C.public_key)]
    assert "closed" in writer.refused(B, "dots.place", s.dots_body({two: 3}))
    _same_whatever_the_order(writer)
