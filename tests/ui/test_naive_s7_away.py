"""What the popups on coming back say (naive s7 finding 13): one vote is counted once, not as
"1 new contribution" and again as "Votes cast meanwhile: 1"; one's own action reads "(you)"
with its due date; the combined popup does not point at Ctrl+T right above what it shows."""

from __future__ import annotations

from beraad.core import session as s
from beraad.core.catchup import since
from beraad.core.tally import decision_body
from beraad.core.trajectory import since_last_time
from beraad.i18n import _, set_language
from beraad.ui.screens.since_last_time import since_lines
from beraad.ui.screens.while_away import summary_lines
from tests.core.test_meeting import A, B, C, Meeting


def _deciding() -> tuple[Meeting, str]:
    m = Meeting()
    m.move("knots", "positions", "criteria", "options")
    option = m.ok(C, "option.add", s.option_body("A market on Saturday")).id
    m.move("decide")
    return m, option


def test_one_vote_meanwhile_is_said_once():
    set_language("en")
    m, option = _deciding()
    left = m.ok(C, "consent.respond", s.consent_body(option, "agree"))  # C leaves after
    m.ok(B, "consent.respond", s.consent_body(option, "agree"))
    lines = summary_lines(since(m.fold.records, C.public_key, left.id, m.state), m.state)
    assert "Votes cast meanwhile: 1." in lines
    assert not any("new contribution" in line for line in lines), lines
    m.ok(B, "note.add", {"target": None, "type": "experience", "text": "x"})
    lines = summary_lines(since(m.fold.records, C.public_key, left.id, m.state), m.state)
    assert lines[0] == "1 new contribution from others." and "Votes cast meanwhile: 1." in lines


def test_my_own_action_reads_you_with_its_due_date():
    set_language("en")
    m, option = _deciding()
    for who in (A, B, C):
        m.ok(who, "consent.respond", s.consent_body(option, "agree"))
    m.ok(A, "vote.close", s.close_body("consent.respond"))
    decision = m.ok(A, "decision.take", decision_body(m.state, option)).id
    m.move("act")
    action = m.ok(B, "action.add", s.action_body("Ask the city", decision, due="2026-12-20")).id
    m.ok(B, "action.pull", s.pull_body(action))
    m.ok(A, "meeting.end", {})
    summary = since_last_time(m.state)
    assert summary is not None
    mine = " ".join(since_lines(summary, m.state, B.public_key))
    assert "not started yet (you) · due 2026-12-20" in mine, mine
    theirs = " ".join(since_lines(summary, m.state, C.public_key))
    assert "not started yet (Bart) · due 2026-12-20" in theirs, theirs


def test_my_own_work_between_meetings_reads_you_as_my_action_does(language):
    """Naive s9 finding 13: "— done (you)" for Bart's action, but "— Bart (XKDC-XOL4)" for
    his own note and update between meetings: one's own work reads "you" throughout."""
    m, option = _deciding()
    for who in (A, B, C):
        m.ok(who, "consent.respond", s.consent_body(option, "agree"))
    m.ok(A, "vote.close", s.close_body("consent.respond"))
    decision = m.ok(A, "decision.take", decision_body(m.state, option)).id
    m.move("act")
    action = m.ok(B, "action.add", s.action_body("Ask the city", decision)).id
    m.ok(B, "action.pull", s.pull_body(action))
    m.ok(A, "meeting.end", {})
    m.ok(B, "action.update", s.action_update_body(action, "done"))
    m.ok(B, "fact.add", s.fact_body("We asked the city", "They said yes"))
    m.ok(A, "meeting.start", s.meeting_start_body())
    summary = since_last_time(m.state)
    assert summary is not None
    mine = " ".join(since_lines(summary, m.state, B.public_key))
    you, bart = _("— you"), m.state.name(B.public_key)
    assert f"We asked the city {you}" in mine, mine
    assert you in mine.split("Ask the city: ")[-1], mine
    assert f"— {bart}" not in mine, mine
    theirs = " ".join(since_lines(summary, m.state, C.public_key))
    assert f"We asked the city — {bart}" in theirs, theirs


def test_the_combined_popup_does_not_point_at_ctrl_t_above_what_it_shows():
    set_language("en")
    m, _option = _deciding()
    seen = m.ok(C, "note.add", {"target": None, "type": "experience", "text": "x"})
    m.ok(A, "meeting.end", {})
    m.ok(A, "meeting.start", {})
    away = since(m.fold.records, C.public_key, seen.id, m.state)
    assert any("Ctrl+T" in line for line in summary_lines(away, m.state))  # alone: it points
    below = summary_lines(away, m.state, shown_below=True)
    assert not any("Ctrl+T" in line for line in below), below
    assert any(line.startswith("Now in ") for line in below), below
