"""A member that only watches (a projector) is not counted in any quorum and writes nothing."""

import pytest

from beraad.core import session as s
from beraad.core.fold import Fold
from beraad.core.identity import Identity
from beraad.core.record import sign_record
from beraad.core.replica import session_id_for
from beraad.core.session import open_body
from beraad.core.tally import TallyError, decision_body, tally
from tests.core.test_deliberation import A, B, C, _dots_session, _seal, move_to, opened

NONCE = "7" * 32


class Group:
    def __init__(self, n: int, process_rule: str = "consent") -> None:
        from beraad.core.deliberation import DeliberationReducer

        self.people = [Identity.from_seed(bytes([40 + i]) * 32) for i in range(n)]
        self.session = session_id_for(self.people[0].public_key, NONCE)
        self.fold = Fold(DeliberationReducer())
        self.seqs: dict[str, int] = {}
        self.prev: dict[str, str | None] = {}
        self.clock = 0
        body = {**open_body("t", "f", "blank", "en", process_rule, "consent"), "nonce": NONCE}
        self.write(0, "session.open", body)
        for i, person in enumerate(self.people[1:], start=1):
            self.write(0, "member.admit", {"member": person.public_key, "name": f"P{i}"})

    def write(self, who: int, kind: str, body: dict) -> str | None:
        """Append a record; returns the fold's refusal, or None."""
        person = self.people[who]
        key = person.public_key
        self.clock += 1
        self.seqs[key] = self.seqs.get(key, 0) + 1
        record = sign_record(
            person,
            session=self.session,
            seq=self.seqs[key],
            prev=self.prev.get(key),
            lamport=self.clock,
            at=0,
            kind=kind,
            body=body,
        )
        self.prev[key] = record.id
        self.fold.add(record)
        return self.fold.rejected.get(record.id)


def test_observer_writes_nothing_but_is_not_a_quorum_member():
    group = Group(4)  # three people and a projector
    assert group.write(3, "member.observe", {}) is None
    state = group.fold.state
    assert state.members[group.people[3].public_key].observer
    assert len(state.participants()) == 3
    refused = group.write(3, "phase.propose", {"to": "knots", "reason": ""})
    assert refused and "observer" in refused
    assert group.write(0, "phase.propose", {"to": "knots", "reason": ""}) is None
    proposal = next(iter(group.fold.state.proposals))
    for who in (0, 1):
        assert (
            group.write(who, "phase.respond", {"proposal": proposal, "response": "ready"}) is None
        )
    # Two of the three who take part are ready: more than half, though only half of four.
    assert group.write(0, "phase.move", {"to": "knots", "proposal": proposal}) is None
    assert group.fold.state.phase == "knots"


def test_consent_quorum_ignores_observers():
    group = Group(3, process_rule="facilitator")
    group.write(2, "member.observe", {})
    for phase in ("knots", "positions", "criteria", "options"):
        group.write(0, "phase.move", {"to": phase, "proposal": None})
    assert group.write(1, "option.add", {"text": "Speeltuin"}) is None
    option = next(iter(group.fold.state.options))
    group.write(0, "phase.move", {"to": "decide", "proposal": None})
    for who in (0, 1):
        assert group.write(who, "consent.respond", {"option": option, "response": "agree"}) is None
    result = tally(group.fold.state, "consent", option)
    assert result.members == 2 and result.passes


def test_the_facilitator_cannot_only_watch():
    group = Group(2)
    refused = group.write(0, "member.observe", {})
    assert refused and "facilitator" in refused


@pytest.mark.parametrize("kind", ["member.observe"])
def test_observer_kind_is_documented(kind):
    from beraad.core import kinds

    assert kind in kinds.__doc__


# Observers count through nothing they said while taking part (attacker findings 2 and 7).


def test_votes_cast_before_observing_count_nowhere():
    """Two members agree, then only watch: the consent of the three who still take part is not
    theirs to give, and the quorum does not see three answers from one counting member."""
    writer = opened(decision_rule="consent", members=(B, C))
    move_to(writer, "knots", "positions", "criteria", "options")
    option = writer.ok(B, "option.add", s.option_body("one")).id
    move_to(writer, "decide")
    for who in (B, C):
        writer.ok(who, "consent.respond", {"option": option, "response": "agree"})
        writer.ok(who, "member.observe", {})
    state = writer.state
    assert state.counted_votes("consent.respond", option) == []
    writer.ok(A, "vote.close", s.close_body("consent.respond"))
    result = tally(state, "consent", option)
    assert (result.responded, result.members, result.passes) == (0, 1, False)
    with pytest.raises(TallyError):
        decision_body(state, option)
    writer.ok(A, "vote.reopen", {"kind": "consent.respond"})
    writer.ok(A, "consent.respond", {"option": option, "response": "agree"})
    writer.ok(A, "vote.close", s.close_body("consent.respond"))
    writer.ok(A, "decision.take", decision_body(state, option))  # the one who counts decides
    assert state.decisions[0].result.agree == (A.public_key,)


def test_an_observers_answers_to_an_open_phase_proposal_are_withdrawn():
    D, E = Identity.from_seed(b"\x44" * 32), Identity.from_seed(b"\x45" * 32)
    writer = opened(process_rule="consent", decision_rule="consent", members=(B, C, D, E))
    carried = writer.ok(A, "phase.propose", {"to": "knots"}).id
    for who in (B, C, D):
        writer.ok(who, "phase.respond", {"proposal": carried, "response": "ready"})
        writer.ok(who, "member.observe", {})
    assert writer.state.proposals[carried].ready == ()
    refused = writer.refused(A, "phase.move", {"to": "knots", "proposal": carried})
    assert "only 0 of 2 members are ready" in refused  # not carried by observers' readiness
    # An objection the observer can no longer withdraw does not block the group either.
    blocked = writer.ok(E, "phase.propose", {"to": "knots"}).id
    writer.ok(A, "phase.respond", {"proposal": blocked, "response": "ready"})
    writer.ok(E, "phase.respond", {"proposal": blocked, "response": "object", "reason": "no"})
    writer.ok(E, "phase.respond", {"proposal": blocked, "response": "ready"})
    writer.ok(A, "phase.move", {"to": "knots", "proposal": blocked})
    assert writer.state.phase == "knots"


def test_an_observers_weights_and_marks_are_withdrawn():
    writer = opened(decision_rule="matrix", members=(B, C))
    move_to(writer, "knots")
    knot = writer.ok(B, "knot.add", {"text": "Parking"}).id
    writer.ok(B, "knot.matter", {"knot": knot, "matters": True})
    move_to(writer, "positions", "criteria")
    criterion = writer.ok(B, "criterion.add", {"text": "cost"}).id
    writer.ok(B, "weight.set", {"weights": {criterion: 90}})
    writer.ok(B, "member.observe", {})
    assert writer.state.live_weights() == {} and writer.state.matters_count(knot) == 0


def _decided_without(writer, one: str, vote: dict, nonce: str) -> str:  # type: ignore[no-untyped-def]
    """A's two dots on ``one``; B seals ``vote``; voting closes, the reveal is ended past the
    grace with B's vote unrevealed and the decision taken without it: B's commitment."""
    writer.ok(A, "dots.place", s.dots_body({one: 2}))
    commit = _seal(writer, B, vote, nonce)
    writer.ok(A, "vote.close", s.close_body("dots.place"))
    writer.wait(s.REVEAL_GRACE_MS)
    writer.ok(A, "vote.reveal_end", {"kind": "dots.place", "unrevealed": [commit]})
    writer.ok(A, "decision.take", decision_body(writer.state))
    return commit


def test_a_voter_who_turned_observer_still_reveals_late_and_the_decision_shows_it():
    """The rule: a vote a reveal end named is never lost, in any phase or meeting — also when
    its voter watches since; the decision it was missing from says what it would change."""
    writer, one, two = _dots_session()
    vote, nonce = s.dots_body({two: 3}), "b1" * 16
    commit = _decided_without(writer, one, vote, nonce)
    writer.ok(B, "member.observe", {})
    assert "observer" in writer.refused(B, "dots.place", s.dots_body({one: 1}))
    writer.ok(B, "vote.reveal", {"commit": commit, "vote": vote, "nonce": nonce})
    decision = writer.state.decisions[0]
    assert decision.option == one and decision.revealed_later == (commit,)
    assert decision.later_option == two


def test_a_late_reveal_names_only_options_of_this_session():
    """A sealed ballot giving its dots to an option that never existed is refused late as in
    time: otherwise its voter is listed as 'revealed later' for a vote no tally can count."""
    writer, one, _two = _dots_session()
    bogus, nonce = s.dots_body({"ab" * 32: 3}), "b1" * 16
    commit = _decided_without(writer, one, bogus, nonce)
    assert "no such option" in writer.refused(
        B, "vote.reveal", {"commit": commit, "vote": bogus, "nonce": nonce}
    )
    assert writer.state.decisions[0].revealed_later == ()


def test_a_late_reveal_may_name_an_option_retracted_since():
    """The vote was cast while the option stood; refusing it for a later retraction would lose
    it (the tally leaves a retracted option out all the same)."""
    writer, one, two = _dots_session()
    vote, nonce = s.dots_body({two: 3}), "b1" * 16
    commit = _decided_without(writer, one, vote, nonce)
    writer.ok(C, "retract", s.retract_body(two))
    writer.ok(B, "vote.reveal", {"commit": commit, "vote": vote, "nonce": nonce})
    assert writer.state.decisions[0].revealed_later == (commit,)
