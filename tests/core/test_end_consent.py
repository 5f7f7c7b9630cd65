"""Under the consent rule a meeting ends when the group consents (``core/end_consent.py``).

Real signed records through the real reducer. The attacker finding: under consent every member
is a steward, so one member ended the meeting for everyone, and a quiet one could date that end
back to just before a decision the group took, which every peer then refused."""

from __future__ import annotations

from beraad.core import session as s
from beraad.core.deliberation import DeliberationReducer, snapshot
from beraad.core.end_consent import RULE_SINCE_MS, agreed_end_body, end_proposal
from beraad.core.fold import Fold
from beraad.core.tally import decision_body
from tests.core.test_deliberation import NONCE, A, B, C, Writer, opened
from tests.core.test_settled import _consent_moves, _same_whatever_the_order
from tests.core.writer import EPOCH_MS


def _consent_session(*, since_rule: bool = True) -> Writer:
    """Anna, Bart and Chloé under consent; opened since the rule (or, for an old session, in
    2023 as every core test's clock starts)."""
    if not since_rule:
        return opened(process_rule="consent", decision_rule="dots", members=(B, C))
    writer = Writer()
    writer.wait(RULE_SINCE_MS - EPOCH_MS)
    body = s.open_body("Plein", "Hoe?", "blank", "nl", "consent", "dots", nonce=NONCE)
    writer.ok(A, "session.open", body)
    for n, member in enumerate((B, C)):
        writer.ok(A, "member.admit", s.admit_body(member.public_key, f"member {n}"))
    return writer


def _ready(writer: Writer, proposal: str, *who) -> list[str]:
    body = {"proposal": proposal, "response": "ready"}
    return [writer.ok(member, "phase.respond", body).id for member in who]


def _decided(writer: Writer):
    """Through the phases by consent (A and B ready each time), one option, A's dots, a
    decision: the state a back-dated end would undo."""
    _consent_moves(writer, "knots", "positions", "criteria", "options")
    one = writer.ok(B, "option.add", s.option_body("one")).id
    _consent_moves(writer, "decide")
    writer.ok(A, "dots.place", s.dots_body({one: 2}))
    writer.ok(A, "vote.close", s.close_body("dots.place"))
    return writer.ok(A, "decision.take", decision_body(writer.state))


def test_a_consented_end_ends_the_meeting_and_keeps_who_proposed_and_who_consented():
    writer = _consent_session()
    assert writer.state.info.ends_by_consent
    proposal = writer.ok(A, "phase.propose", {"to": "end", "next": "Donderdag, buurthuis"}).id
    assert end_proposal(writer.state).id == proposal
    _ready(writer, proposal, A, B)
    end = writer.ok(B, "meeting.end", agreed_end_body(writer.state.proposals[proposal]))
    [meeting] = writer.state.meetings
    assert meeting.ended_in == end.id and meeting.next == "Donderdag, buurthuis"
    assert meeting.end_proposal == proposal and meeting.end_proposed_by == A.public_key
    assert meeting.end_consented == sorted([A.public_key, B.public_key])
    assert writer.state.proposals[proposal].status == "moved"
    assert writer.state.between_meetings
    _same_whatever_the_order(writer)


def test_an_end_without_the_groups_consent_is_refused():
    writer = _consent_session()
    alone = "consents to end it"
    assert alone in writer.refused(C, "meeting.end", {})
    assert alone in writer.refused(C, "meeting.end", s.meeting_end_body("morgen"))
    move = writer.ok(A, "phase.propose", {"to": "knots"}).id
    [ready_move] = _ready(writer, move, A)
    named = {"proposal": move, "rests_on": [ready_move]}
    assert alone in writer.refused(A, "meeting.end", named)  # a phase proposal is no end
    proposal = writer.ok(A, "phase.propose", {"to": "end", "next": "morgen"}).id
    [ready_a] = _ready(writer, proposal, A)
    body = {"proposal": proposal, "next": "morgen"}
    assert "rests on" in writer.refused(A, "meeting.end", body)
    assert "more than half" in writer.refused(A, "meeting.end", {**body, "rests_on": [ready_a]})
    no = {"proposal": proposal, "response": "object", "reason": "we are not done"}
    objection = writer.ok(C, "phase.respond", no).id
    both = [ready_a, objection]
    assert "objects" in writer.refused(A, "meeting.end", {**body, "rests_on": both})
    [again] = _ready(writer, proposal, A)  # A answers again: only the latest counts
    twice = {**body, "rests_on": [ready_a, again]}
    assert "two answers" in writer.refused(A, "meeting.end", twice)
    assert "not given to this proposal" in writer.refused(
        A, "meeting.end", {**body, "rests_on": [ready_a, ready_move]}
    )
    [ready_b] = _ready(writer, proposal, B)
    other = {"proposal": proposal, "next": "overmorgen", "rests_on": [ready_a, ready_b]}
    assert "as the proposal to end said it" in writer.refused(A, "meeting.end", other)
    assert not writer.state.between_meetings and not writer.state.meetings
    # The objection named nothing: B and A are ready, more than half; C's objection stands
    # before the end, not named by it, and is shown as having come in later.
    writer.ok(A, "meeting.end", {**body, "rests_on": [ready_a, ready_b]})
    assert writer.state.meetings[0].end_came_later == [objection]


def test_a_proposal_to_end_goes_stale_when_the_group_moves_and_only_under_consent():
    writer = _consent_session()
    proposal = writer.ok(C, "phase.propose", {"to": "end"}).id
    ready = _ready(writer, proposal, A, B)
    _consent_moves(writer, "knots")
    assert writer.state.proposals[proposal].status == "stale"
    body = {"proposal": proposal, "rests_on": ready}
    assert "no longer open" in writer.refused(A, "meeting.end", body)
    said = "says what comes next"
    assert said in writer.refused(A, "phase.propose", {"to": "positions", "next": "x"})
    facilitated = Writer()
    facilitated.wait(RULE_SINCE_MS - EPOCH_MS)
    opening = s.open_body("Plein", "Hoe?", "blank", "nl", "facilitator", "dots", nonce=NONCE)
    facilitated.ok(A, "session.open", opening)
    facilitated.ok(A, "member.admit", s.admit_body(B.public_key, "Bart"))
    only = "the facilitator ends the meeting"
    assert only in facilitated.refused(B, "phase.propose", {"to": "end"})
    assert only in facilitated.refused(A, "meeting.end", {"proposal": proposal, "rests_on": ready})
    facilitated.ok(A, "meeting.end", {})  # the facilitator, as before


def test_an_end_dated_below_the_answers_it_names_is_refused():
    """The end claims to have seen the answers: it cannot sort before them."""
    writer = _consent_session()
    proposal = writer.ok(A, "phase.propose", {"to": "end"}).id
    ready = _ready(writer, proposal, A, B)
    first = writer.fold.records[-2]
    body = {"proposal": proposal, "rests_on": ready}
    late = writer.back_dated(C, "meeting.end", body, first.lamport - 1)
    assert "not given to this proposal before it" in writer.fold.rejected[late.id]
    assert not writer.state.meetings
    _same_whatever_the_order(writer)


def test_the_back_dated_end_no_longer_erases_a_decision():
    """Last session's attack: quiet Chloé ends the meeting with a lamport just below the
    decision. Alone: refused. With a proposal she dates back too and the group's honest "ready"
    answers (written after the decision, so later in the order): still refused, since the end
    cannot sort before the answers it names. The decision stands in every arrival order."""
    writer = _consent_session()
    decision = _decided(writer)
    below = decision.lamport - 1  # each of her records above her previous one (her chain)
    alone = writer.back_dated(C, "meeting.end", {}, below - 2)
    assert alone.id in writer.fold.rejected
    proposal = writer.back_dated(C, "phase.propose", {"to": "end"}, below - 1)
    assert proposal.id not in writer.fold.rejected
    ready = _ready(writer, proposal.id, A, B)
    body = {"proposal": proposal.id, "rests_on": ready}
    end = writer.back_dated(C, "meeting.end", body, below)
    state = writer.state
    assert end.id in writer.fold.rejected and decision.id not in writer.fold.rejected
    assert len(state.decisions) == 1 and not state.meetings and state.phase == "decide"
    _same_whatever_the_order(writer)
    # The group's own end, written now on those answers, holds after the decision.
    writer.ok(A, "meeting.end", body)
    assert writer.state.meetings[0].end_proposed_by == C.public_key
    assert len(writer.state.decisions) == 1
    _same_whatever_the_order(writer)


def test_an_old_session_keeps_the_old_rule_and_its_hash():
    """Opened before the rule: any member under consent ends the meeting alone (the attack
    works there, so the test above can fail), a proposal to end is refused for the reason it
    always was, nothing new enters the snapshot, and the state hash is the one the code before
    this rule computed for these very records (pinned)."""
    writer = _consent_session(since_rule=False)
    decision = _decided(writer)
    proposal = writer.refused(B, "phase.propose", {"to": "end"})
    assert proposal.startswith("to must be one of")
    assert "unknown fields: proposal" in writer.refused(B, "meeting.end", {"proposal": "ab" * 32})
    late = writer.back_dated(C, "meeting.end", {}, decision.lamport - 1)
    assert late.id not in writer.fold.rejected and decision.id in writer.fold.rejected
    text = repr(snapshot(writer.state))
    assert "ends_by_consent" not in text and "end_proposal" not in text
    fold = Fold(DeliberationReducer())
    fold.extend(writer.records)
    assert fold.state_hash() == writer.fold.state_hash() == OLD_HASH


#: The state hash of ``test_an_old_session_keeps_the_old_rule_and_its_hash``'s records, as the
#: fold computed it before this rule (main at b6509a4).
OLD_HASH = "ac082d7d1aa5459f36611592bfec915bdf69c5b801459e00b4eaac1feee194ef"
