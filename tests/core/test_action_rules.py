"""The rules of actions as the method means them (seed 004), against a second attacker pass: only
members who count volunteer and say how it goes; the status is the current pullers'; nobody
rewrites what others volunteered for; the table map's names, marks and dates stay sane."""

from __future__ import annotations

import pytest

from beraad.core import session as s
from beraad.core.actions import MAX_ACTIONS, MAX_GROUPS, MAX_UPDATES
from beraad.core.kinds import SchemaError, validate
from tests.core.strategies import identity
from tests.core.test_actions import decided
from tests.core.test_meeting import NONCE, A, B, C, D, Meeting
from tests.core.writer import SessionWriter

E, G = identity(41), identity(42)  # E admitted by B and not confirmed; G a guest


class Confirmed(Meeting):
    """A session where an admission by anyone but the facilitator waits for confirmation."""

    def __init__(self) -> None:
        SessionWriter.__init__(self, A, NONCE, step_ms=1000)  # its own opening, not Meeting's
        body = s.open_body(
            "Plein", "Hoe?", "blank", "en", "facilitator", "consent", s.PHASES,
            nonce=NONCE, admission="confirmed",
        )  # fmt: skip
        self.ok(A, "session.open", body)
        self.ok(A, "member.name", s.name_body("Anna"))
        for who, name in ((B, "Bart"), (C, "Chloe"), (D, "Driss")):
            self.ok(A, "member.admit", s.admit_body(who.public_key, name))


def in_act() -> tuple[Confirmed, str]:
    m = Confirmed()
    decision = m.decided_by_consent("A street party in June", by=B, voters=(A, B, C, D))
    m.move("act")
    m.ok(B, "member.admit", s.admit_body(E.public_key, "Eve"))
    m.ok(A, "member.admit", s.admit_body(G.public_key, "Gina", role="guest"))
    assert m.state.members[E.public_key].pending
    return m, decision


def test_members_who_count_nowhere_neither_add_nor_pull_nor_say_how_it_goes():
    m, decision = in_act()
    action = m.ok(A, "action.add", s.action_body("Rent chairs", decision)).id
    for who in (E, G):
        m.refused(who, "action.add", s.action_body("Tell the press", decision))
        m.refused(who, "action.pull", s.pull_body(action))
        m.refused(who, "action.update", s.action_update_body(action, "done", "all rented"))
    assert m.state.actions[action].pullers == [] and m.state.actions[action].status == "open"
    m.ok(A, "member.confirm", {"member": E.public_key})
    m.ok(E, "action.pull", s.pull_body(action))  # once confirmed, Eve volunteers


def test_the_status_is_the_current_pullers_and_goes_back_to_open_with_the_last_one():
    m, decision = decided()
    m.move("act")
    action = m.ok(A, "action.add", s.action_body("Hire the hall", decision)).id
    m.ok(B, "action.pull", s.pull_body(action))
    m.ok(C, "action.pull", s.pull_body(action))
    m.ok(B, "action.update", s.action_update_body(action, "started"))
    m.ok(C, "action.update", s.action_update_body(action, "stuck", "the owner refuses"))
    found = m.state.actions[action]
    m.ok(C, "action.release", s.pull_body(action))
    assert found.status == "started"  # what the one who still pulls said last
    m.ok(B, "action.release", s.pull_body(action))
    assert found.status == "open" and found.pullers == []
    assert [u.status for u in found.updates] == ["started", "stuck"]  # the history stays


def test_the_author_does_not_rewrite_or_retract_an_action_others_pull():
    m, decision = decided()
    m.move("act")
    action = m.ok(B, "action.add", s.action_body("Bake a cake for the party", decision)).id
    m.ok(B, "action.pull", s.pull_body(action))
    m.ok(B, "edit", s.edit_body(action, "Bake two cakes for the party"))  # only B pulls
    m.ok(C, "action.pull", s.pull_body(action))
    m.ok(C, "action.update", s.action_update_body(action, "started", "oven is warm"))
    rent = s.edit_body(action, "Chloe and Driss pay the 2000 euro hall rent")
    assert "Chlo" in m.refused(B, "edit", rent)
    assert "Chlo" in m.refused(B, "retract", s.retract_body(action, "never mind"))
    m.ok(C, "action.release", s.pull_body(action))
    m.ok(B, "retract", s.retract_body(action, "nobody else pulls it"))


def test_before_the_act_phase_only_a_group_not_at_the_table_is_reached_out_to():
    m, decision = decided()  # in decide
    youth = m.ok(B, "group.add", s.group_body("Youth")).id
    shops = m.ok(B, "group.add", s.group_body("Shops")).id
    m.ok(A, "group.mark", s.group_mark_body(shops, "present"))
    assert "act phase" in m.refused(B, "action.add", s.action_body("Hall", decision, group=youth))
    assert "act phase" in m.refused(B, "action.add", s.action_body("Visit", group=shops))
    m.ok(B, "action.add", s.action_body("Visit the youth club", group=youth))


def test_look_alike_group_names_are_one_group():
    m = Meeting()
    m.ok(B, "group.add", s.group_body("Youth"))
    for name in ("Yоuth", "Ｙｏｕｔｈ", "Youth\u200b", "YOUTH", " youth "):
        assert "already" in m.refused(C, "group.add", s.group_body(name))
    m.ok(C, "group.add", s.group_body("[/]"))
    assert "already" in m.refused(C, "group.add", s.group_body("[/]"))
    m.ok(C, "group.add", s.group_body("[b]"))  # only signs: told apart by the signs


def test_due_dates_fall_in_a_sane_range():
    for bad in ("0000-01-01", "9999-12-31", "1999-12-31", "2200-01-01"):
        with pytest.raises(SchemaError):
            validate("action.add", {"text": "x", "due": bad})
    validate("action.add", {"text": "x", "due": "2000-01-01"})
    validate("action.add", {"text": "x", "due": "2199-12-31"})


def test_a_due_date_is_ascii_digits_and_nothing_after_the_day():
    """Stored as written, a due date's text must sort and print as a date: no Arabic-Indic,
    fullwidth or Devanagari digits (``\\d`` took them), no trailing newline (``$`` took it)."""
    m, decision = decided()
    m.move("act")
    action = m.ok(B, "action.add", s.action_body("Hire the hall", decision)).id
    for bad in ("٢٠٢٧-٠١-٠١", "２０２７-０１-０１", "२०२७-०१-०१", "2027-0١-01", "2027-01-01\n"):
        with pytest.raises(SchemaError):
            validate("action.add", {"text": "x", "due": bad})
        with pytest.raises(SchemaError):
            validate("action.due", {"action": action, "due": bad})
        m.refused(B, "action.due", s.due_body(action, bad))
    with pytest.raises(SchemaError):  # the same ``$`` in every pattern of a body field
        validate("action.due", {"action": action + "\n", "due": "2027-01-01"})
    m.ok(B, "action.due", s.due_body(action, "2027-01-01"))
    assert m.state.actions[action].due == "2027-01-01"


def test_present_is_marked_in_a_meeting_not_between_meetings():
    m = Meeting()
    youth = m.ok(B, "group.add", s.group_body("Youth")).id
    m.ok(A, "meeting.end", {})
    assert "meeting" in m.refused(B, "group.mark", s.group_mark_body(youth, "present"))
    m.ok(B, "group.mark", s.group_mark_body(youth, "reached"))


def test_present_in_meeting_one_is_not_present_in_meeting_two():
    """Naive-user finding: the table map still said "present" in meeting 2 for a group that
    sat at meeting 1's table. Present is about this meeting's room: it reads "was present"
    between meetings and in the next meeting until the room marks it again."""
    from beraad.core.actions import shown_status

    m = Meeting()
    youth = m.ok(B, "group.add", s.group_body("Youth")).id
    shops = m.ok(B, "group.add", s.group_body("Shops")).id
    m.ok(B, "group.mark", s.group_mark_body(youth, "present"))
    m.ok(B, "group.mark", s.group_mark_body(shops, "missing"))
    group = m.state.groups[youth]
    assert shown_status(m.state, group) == "present"
    assert "already" in m.refused(B, "group.mark", s.group_mark_body(youth, "present"))
    m.ok(A, "meeting.end", {})
    assert shown_status(m.state, group) == "was_present"
    m.ok(A, "meeting.start", s.meeting_start_body())
    assert shown_status(m.state, group) == "was_present"
    assert shown_status(m.state, m.state.groups[shops]) == "missing"  # not about the room
    m.ok(C, "group.mark", s.group_mark_body(youth, "present"))  # the room marks it anew
    assert shown_status(m.state, group) == "present"


def test_actions_groups_and_updates_are_capped(monkeypatch):
    import beraad.core.actions as actions

    assert (MAX_ACTIONS, MAX_GROUPS, MAX_UPDATES) == (500, 200, 100)
    monkeypatch.setattr(actions, "MAX_ACTIONS", 2)
    monkeypatch.setattr(actions, "MAX_GROUPS", 1)
    monkeypatch.setattr(actions, "MAX_UPDATES", 2)
    m, decision = decided()
    m.move("act")
    first = m.ok(B, "action.add", s.action_body("One", decision)).id
    m.ok(B, "action.add", s.action_body("Two", decision))
    assert "at most 2" in m.refused(B, "action.add", s.action_body("Three", decision))
    m.ok(B, "group.add", s.group_body("Youth"))
    assert "at most 1" in m.refused(B, "group.add", s.group_body("Shops"))
    m.ok(C, "action.pull", s.pull_body(first))
    m.ok(C, "action.update", s.action_update_body(first, "started"))
    m.ok(C, "action.update", s.action_update_body(first, "done"))
    assert "at most 2" in m.refused(C, "action.update", s.action_update_body(first, "started"))


def test_a_meetings_present_list_names_only_members_who_count():
    m = Confirmed()
    m.move("knots")
    m.ok(B, "member.admit", s.admit_body(E.public_key, "Eve"))
    m.ok(A, "member.admit", s.admit_body(G.public_key, "Gina", role="guest"))
    m.ok(E, "knot.add", {"text": "Eve was in the room, not yet confirmed"})
    m.ok(B, "knot.add", {"text": "Bart spoke"})
    m.ok(A, "meeting.end", {})
    ended = m.state.meetings[-1]
    assert E.public_key not in ended.present
    assert set(ended.present) == {A.public_key, B.public_key}


def test_its_author_renames_a_group_never_to_another_groups_look_alike_name():
    m = Meeting()
    youth = m.ok(B, "group.add", s.group_body("Youht")).id
    m.ok(C, "group.add", s.group_body("Shops"))
    assert "only who added" in m.refused(C, "group.rename", s.group_rename_body(youth, "Youth"))
    for name in ("Shоps", "SHOPS", " shops "):  # the look-alike dedupe still holds
        assert "already" in m.refused(B, "group.rename", s.group_rename_body(youth, name))
    assert "already called" in m.refused(B, "group.rename", s.group_rename_body(youth, "Youht"))
    m.ok(B, "group.rename", s.group_rename_body(youth, "  Youth   club "))
    assert m.state.groups[youth].name == "Youth club"
    assert "already" in m.refused(C, "group.add", s.group_body("youth club"))
    m.ok(B, "group.rename", s.group_rename_body(youth, "YOUTH CLUB"))  # its own name, other case
    m.ok(A, "meeting.end", {})
    m.ok(B, "group.rename", s.group_rename_body(youth, "Youth"))  # between meetings too


def test_whoever_pulls_an_action_sets_its_due_date_its_author_until_another_pulls():
    m, decision = decided()
    m.move("act")
    action = m.ok(B, "action.add", s.action_body("Hire the hall", decision)).id
    assert "only who added or pulls" in m.refused(C, "action.due", s.due_body(action, "2027-05-01"))
    m.ok(B, "action.due", s.due_body(action, "2027-05-01"))
    assert m.state.actions[action].due == "2027-05-01"
    assert "already" in m.refused(B, "action.due", s.due_body(action, "2027-05-01"))
    m.ok(C, "action.pull", s.pull_body(action))
    assert "Chlo" in m.refused(B, "action.due", s.due_body(action, "2027-06-01"))
    m.ok(C, "action.due", s.due_body(action, "2027-06-01"))
    m.ok(C, "action.due", s.due_body(action, None))  # no due date any more
    assert m.state.actions[action].due is None
    for bad in ("0000-01-01", "2200-01-01", "2027-02-29", "soon"):
        with pytest.raises(SchemaError):
            validate("action.due", {"action": action, "due": bad})
    m.ok(C, "action.release", s.pull_body(action))
    m.ok(B, "retract", s.retract_body(action))
    assert "taken back" in m.refused(B, "action.due", s.due_body(action, "2027-07-01"))
