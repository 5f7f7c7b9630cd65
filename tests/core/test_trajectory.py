"""A trajectory of meetings through the real reducer with real signed records: ending a meeting
and opening the next, what is refused between meetings, voting fresh per meeting while earlier
decisions keep their votes, who was absent, and "since last time"."""

from __future__ import annotations

from beraad.core import session as s
from beraad.core.deliberation import snapshot
from beraad.core.tally import decision_body, progress
from beraad.core.trajectory import since_last_time
from tests.core.test_meeting import A, B, C, D, Meeting


def _decided_meeting() -> tuple[Meeting, str]:
    """Meeting one: Anna, Bart and Chloé take part (Driss writes nothing) and consent on an
    option."""
    m = Meeting()
    m.move("knots")
    m.ok(B, "knot.add", s.text_body("Het plein is leeg"))
    m.move("positions", "criteria", "options")
    option = m.ok(C, "option.add", s.option_body("Een markt op zaterdag")).id
    m.move("decide")
    for who in (A, B, C):
        m.ok(who, "consent.respond", s.consent_body(option, "agree"))
    m.ok(A, "vote.close", s.close_body("consent.respond"))
    m.ok(A, "decision.take", decision_body(m.state, option))
    m.move("act", "evaluate")
    return m, option


def test_a_single_meeting_hashes_as_before():
    m, _ = _decided_meeting()
    data = snapshot(m.state)
    assert "meeting" not in data and "meetings" not in data
    assert "meeting" not in data["decisions"][0]
    assert all("meeting" not in k and "between" not in k for k in data["knots"].values())


def test_ending_a_meeting_names_who_was_absent_and_what_comes_next():
    m, _ = _decided_meeting()
    m.ok(A, "meeting.end", s.meeting_end_body("Donderdag 12 december, buurthuis"))
    state = m.state
    assert state.between_meetings and state.meeting == 1
    ended = state.meetings[0]
    assert ended.number == 1 and ended.ended_by == A.public_key
    assert ended.next == "Donderdag 12 december, buurthuis"
    assert ended.absent == [D.public_key]
    assert set(ended.present) == {A.public_key, B.public_key, C.public_key}
    assert "already ended" in m.refused(A, "meeting.end", {})
    assert "only the facilitator" in m.refused(B, "meeting.start", {})


def test_between_meetings_records_count_but_nothing_that_needs_the_room():
    m, option = _decided_meeting()
    m.ok(A, "meeting.end", {})
    note = m.ok(D, "evaluation.add", s.evaluation_body("try_next", "Ik kon er niet bij zijn"))
    m.ok(D, "member.name", s.name_body("Driss B."))
    assert "waits for the next meeting" in m.refused(A, "phase.move", s.move_body("opening"))
    assert "waits for the next meeting" in m.refused(B, "hand.raise", {})
    assert "waits for the next meeting" in m.refused(
        B, "consent.respond", s.consent_body(option, "object", "nee")
    )
    state = m.state
    assert state.meetings[0].between == [note.id, m.records[-4].id]
    item = state.evaluations[note.id]
    assert item.between and item.meeting == 1


def test_the_next_meeting_opens_at_the_opening_with_voting_fresh():
    m, option = _decided_meeting()
    first = m.state.decisions[0]
    m.ok(A, "meeting.end", {})
    m.ok(A, "meeting.start", s.meeting_start_body())
    state = m.state
    assert state.meeting == 2 and not state.between_meetings and state.phase == "opening"
    assert state.votes == {} and state.closed == {}
    assert "still going" in m.refused(A, "meeting.start", {})
    # Earlier decisions stay, with the votes they rest on and their meeting.
    assert state.decisions == [first] and first.meeting == 1 and first.rests_on
    m.move("knots", "positions", "criteria", "options", "decide")
    assert progress(state, "consent", option).step == "vote"
    for who in (A, B, D):
        m.ok(who, "consent.respond", s.consent_body(option, "agree"))
    m.ok(A, "vote.close", s.close_body("consent.respond"))
    m.ok(A, "vote.reopen", s.close_body("consent.respond"))  # a new round: nothing decided yet
    m.ok(A, "vote.close", s.close_body("consent.respond"))
    m.ok(A, "decision.take", decision_body(m.state, option))
    second = m.state.decisions[-1]
    assert second.meeting == 2 and set(second.rests_on).isdisjoint(first.rests_on)
    # Once a meeting: the same decision again in this meeting is refused (attack finding 7).
    assert "already" in m.refused(A, "decision.take", decision_body(m.state, option))
    assert snapshot(m.state)["meeting"] == 2


def test_since_last_time_tells_decisions_absence_and_what_was_added_between():
    m, option = _decided_meeting()
    assert since_last_time(m.state) is None
    m.ok(A, "meeting.end", s.meeting_end_body("Over twee weken"))
    late = m.ok(D, "evaluation.add", s.evaluation_body("went_well", "Goed verslag gelezen"))
    m.ok(A, "meeting.start", {})
    m.move("knots")
    m.ok(B, "knot.add", s.text_body("Waar staan de kramen?"))
    summary = since_last_time(m.state)
    assert summary is not None
    assert summary.meeting == 2 and summary.last.number == 1
    assert [d.option for d in summary.decisions] == [option]
    assert summary.absent == [D.public_key]
    assert [i.id for i in summary.added_between] == [late.id]
    assert summary.between_records == 1
    assert m.state.knots[m.records[-1].id].meeting == 2


def test_a_third_meeting_knows_who_was_absent_from_the_second():
    m, _ = _decided_meeting()
    m.ok(A, "meeting.end", {})
    m.ok(D, "member.name", s.name_body("Driss"))  # between meetings: not at a meeting
    m.ok(A, "meeting.start", {})
    m.ok(C, "hand.raise", {})
    m.ok(A, "meeting.end", {})
    summary = since_last_time(m.state)
    assert summary is not None and summary.last.number == 2
    assert summary.absent == [B.public_key, D.public_key]
    assert summary.decisions == []


def test_the_next_meeting_carries_on_where_the_last_stopped_in_one_move():
    """Naive s12 P6: at a group's second meeting the facilitator needed seven moves to get
    back to Evaluate, where the first had stopped. From the opening one move carries on there
    (still only to there, only from the opening); a record dated before the rule came folds as
    it did, and the state hash of an ended meeting is what it was."""
    from beraad.core.trajectory import RESUME_SINCE_MS, stopped_phase
    from tests.core.writer import EPOCH_MS

    m, _ = _decided_meeting()  # it stopped in Evaluate
    m.ok(A, "meeting.end", {})
    assert "stopped_in" not in snapshot(m.state)["meetings"][0]  # outside the hash
    m.ok(A, "meeting.start", {})
    assert stopped_phase(m.state) == "evaluate"
    assert "not skip" in m.refused(A, "phase.move", s.move_body("evaluate"))  # dated before
    m.wait(RESUME_SINCE_MS - EPOCH_MS)
    assert "not skip" in m.refused(A, "phase.move", s.move_body("act"))  # only to where it was
    m.ok(A, "phase.move", s.move_body("evaluate"))
    state = m.state
    assert state.phase == "evaluate" and stopped_phase(state) is None
    assert [move.meeting for move in state.phase_history][-1] == 2
    assert all(move.meeting == 1 for move in state.phase_history[:-1])
    m.move("opening", "knots")  # back at the opening, then on: no jump from Knots
    assert "not skip" in m.refused(A, "phase.move", s.move_body("evaluate"))


def test_under_consent_the_group_agrees_to_carry_on_where_it_stopped():
    """The move is proposed and agreed as every move is: one proposal, the group's ready."""
    from beraad.core.settled import agreed_move_body
    from beraad.core.trajectory import RESUME_SINCE_MS
    from tests.core.writer import EPOCH_MS

    m = Meeting("consent")
    m.wait(RESUME_SINCE_MS - EPOCH_MS)

    def moved(to: str) -> None:
        proposal = m.ok(A, "phase.propose", s.propose_body(to)).id
        for who in (A, B, C):
            m.ok(who, "phase.respond", s.respond_body(proposal, "ready"))
        m.ok(A, "phase.move", agreed_move_body(m.state, m.state.proposals[proposal]))

    for phase in ("knots", "positions", "criteria"):
        moved(phase)
    m.ok(A, "meeting.end", {})  # a session opened before ends were consented (end_consent.py)
    m.ok(B, "meeting.start", {})
    assert "not skip" in m.refused(B, "phase.propose", s.propose_body("options"))
    moved("criteria")
    assert m.state.phase == "criteria" and m.state.meeting == 2
