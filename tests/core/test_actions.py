"""From decision to action with real signed records: the act phase, actions and their pullers,
status updates, and the table map — what the fold accepts and what it refuses."""

from __future__ import annotations

import pytest

from beraad.core import session as s
from beraad.core.actions import may_add_actions, may_write
from beraad.core.deliberation import DeliberationReducer
from beraad.core.kinds import SchemaError, validate
from tests.core.test_meeting import A, B, C, D, Meeting

KNOT = "ab" * 32


def decided() -> tuple[Meeting, str]:
    """A consent session that took a decision, now in the decide phase."""
    m = Meeting()
    return m, m.decided_by_consent("Een buurtfeest in juni", by=B, voters=(A, B, C, D))


def test_act_is_a_phase_between_decide_and_evaluate():
    assert s.PHASES.index("act") == s.PHASES.index("decide") + 1
    assert s.PHASES.index("evaluate") == s.PHASES.index("act") + 1
    m, _ = decided()
    assert "skip" in m.refused(A, "phase.move", s.move_body("evaluate"))
    m.move("act", "evaluate")
    assert m.state.phase == "evaluate"


def test_an_old_session_without_act_still_moves_from_decide_to_evaluate_and_adds_actions():
    phases = [p for p in s.PHASES if p != "act"]
    old = Meeting(phases=phases)
    old.move("knots", "positions", "criteria", "options", "decide", "evaluate")
    action = old.ok(A, "action.add", s.action_body("Verslag rondsturen")).id
    assert old.state.actions[action].status == "open"


def test_an_action_serves_a_taken_decision_and_is_added_from_the_act_phase_on():
    m, decision = decided()
    assert not may_add_actions(m.state)
    assert "act phase" in m.refused(B, "action.add", s.action_body("Zaal huren", decision))
    m.move("act")
    assert "none" in m.refused(B, "action.add", s.action_body("Zaal huren", KNOT))
    added = m.ok(B, "action.add", s.action_body("Zaal huren", decision, due="2027-06-01"))
    action = m.state.actions[added.id]
    assert (action.text, action.decision, action.due, action.author) == (
        "Zaal huren",
        decision,
        "2027-06-01",
        B.public_key,
    )
    assert action.pullers == [] and action.status == "open" and not action.internal
    assert m.state.actions_for(decision) == [action]
    m.ok(C, "action.add", s.action_body("Budget vragen", decision, internal=True))
    m.move("evaluate")  # still possible later
    m.ok(D, "action.add", s.action_body("Foto's delen"))
    assert len(m.state.actions) == 3 and m.state.actions_for(None)[0].text == "Foto's delen"


def test_pullers_volunteer_themselves_step_back_and_only_they_update():
    m, decision = decided()
    m.move("act")
    action = m.ok(A, "action.add", s.action_body("Zaal huren", decision)).id
    assert "puller" in m.refused(B, "action.update", s.action_update_body(action, "started"))
    assert "only a puller" in m.refused(B, "action.release", s.pull_body(action))
    m.ok(B, "action.pull", s.pull_body(action))
    m.ok(C, "action.pull", s.pull_body(action))
    assert "already pulls" in m.refused(B, "action.pull", s.pull_body(action))
    state = m.state.actions[action]
    assert state.pullers == [B.public_key, C.public_key]
    m.ok(B, "action.update", s.action_update_body(action, "started"))
    m.ok(C, "action.update", s.action_update_body(action, "stuck", "De zaal is bezet"))
    assert state.status == "stuck"
    m.ok(C, "action.release", s.pull_body(action))
    assert "puller" in m.refused(C, "action.update", s.action_update_body(action, "done"))
    m.move("evaluate")  # updates go on in any phase
    m.ok(B, "action.update", s.action_update_body(action, "done", "Geregeld"))
    assert state.status == "done" and state.pullers == [B.public_key]
    assert [(u.by, u.status, u.note) for u in state.updates] == [
        (B.public_key, "started", ""),
        (C.public_key, "stuck", "De zaal is bezet"),
        (B.public_key, "done", "Geregeld"),
    ]
    # Nobody assigns anyone: a pull names no one but its writer.
    with pytest.raises(SchemaError):
        validate("action.pull", {"action": action, "member": D.public_key})


def test_stuck_needs_a_note_and_bad_dates_are_refused_before_signing():
    with pytest.raises(SchemaError, match="stuck"):
        validate("action.update", s.action_update_body(KNOT, "stuck"))
    with pytest.raises(SchemaError, match="stuck"):
        validate("action.update", {"action": KNOT, "status": "stuck", "note": "   "})
    for bad in ("2027-02-29", "2027-13-01", "1-2-2027", "2027-06-31", 20270601):
        with pytest.raises(SchemaError):
            validate("action.add", {"text": "x", "due": bad})
    validate("action.add", {"text": "x", "due": "2028-02-29"})
    with pytest.raises(SchemaError):
        validate("action.update", s.action_update_body(KNOT, "assigned"))


def test_a_retracted_action_takes_no_pullers_and_its_author_can_edit_it():
    m, decision = decided()
    m.move("act")
    action = m.ok(A, "action.add", s.action_body("Zaal hurne", decision)).id
    assert "own" in m.refused(B, "edit", s.edit_body(action, "Zaal huren"))
    m.ok(A, "edit", s.edit_body(action, "Zaal huren"))
    assert m.state.actions[action].text == "Zaal huren"
    m.ok(A, "retract", s.retract_body(action, "dubbel"))
    assert "taken back" in m.refused(B, "action.pull", s.pull_body(action))
    assert m.state.actions_for(decision) == []


def test_the_table_map_marks_groups_and_a_missing_group_becomes_an_action_from_the_opening():
    m = Meeting()
    youth = m.ok(B, "group.add", s.group_body("Jongeren")).id
    shops = m.ok(C, "group.add", s.group_body("Winkeliers")).id
    assert "already on the table map" in m.refused(D, "group.add", s.group_body(" jongeren "))
    m.ok(A, "group.mark", s.group_mark_body(youth, "missing"))
    m.ok(B, "group.mark", s.group_mark_body(shops, "present"))
    assert "already marked" in m.refused(C, "group.mark", s.group_mark_body(shops, "present"))
    assert "no such group" in m.refused(C, "group.mark", s.group_mark_body(KNOT, "present"))
    groups = m.state.groups
    assert (groups[youth].status, groups[shops].status) == ("missing", "present")
    assert m.state.phase == "opening"
    assert "act phase" in m.refused(D, "action.add", s.action_body("Iets doen"))
    reach = m.ok(D, "action.add", s.action_body("Wie gaat langs bij de jeugdclub?", group=youth))
    m.ok(D, "action.pull", s.pull_body(reach.id))
    assert m.state.actions[reach.id].group == youth
    m.ok(B, "group.mark", s.group_mark_body(youth, "reached"))
    assert [g.status for g in groups[youth].marks] == ["missing", "reached"]


def test_a_session_without_actions_hashes_as_before():
    m = Meeting()
    data = DeliberationReducer().snapshot(m.state)
    assert "actions" not in data and "groups" not in data


def test_who_may_write_actions_is_what_the_ui_offers():
    m, decision = decided()
    m.move("act")
    action = m.ok(B, "action.add", s.action_body("Zaal huren", decision)).id
    m.ok(D, "member.observe", {})
    assert may_write(m.state, B.public_key, "action.pull")
    assert not may_write(m.state, D.public_key, "action.pull")  # an observer only watches
    assert "observer" in m.refused(D, "action.pull", s.pull_body(action))
