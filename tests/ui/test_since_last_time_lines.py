"""A line of "since last time" uses the room it has: an update between meetings showed
"Reach out to Shopkeepers at t…" in a 70-column box with room to spare (naive pass 2, 6)."""

from __future__ import annotations

from beraad.core import session as s
from beraad.core.trajectory import since_last_time
from beraad.i18n import set_language
from beraad.ui.screens.since_last_time import LINE, since_lines
from tests.core.test_meeting import A, B, Meeting

TEXT = "Reach out to Shopkeepers at the market"


def test_an_update_between_meetings_shows_the_actions_text_whole():
    set_language("en")
    m = Meeting()
    decision = m.decided_by_consent("A market on Saturday")
    m.move("act")
    action = m.ok(B, "action.add", s.action_body(TEXT, decision)).id
    m.ok(B, "action.pull", s.pull_body(action))
    m.ok(A, "meeting.end", {})
    m.ok(B, "action.update", s.action_update_body(action, "started"))
    summary = since_last_time(m.state)
    assert summary is not None
    lines = since_lines(summary, m.state)
    updated = [line for line in lines if "started" in line and "—" in line]
    assert any(TEXT + ": started" in line for line in updated), lines
    assert all(len(line) <= LINE for line in lines), lines


LONG = "Ask the municipality for a quote on the fence along the canal"


def test_an_action_is_said_whole_with_its_due_date_at_any_width():
    """Naive s13 N8: "• Ask the municipality for a qu… — stuck (Bart) · due 2027-01-15" on a
    200-column wall with 150 columns free, and at 80 columns the line wrapped anyway, leaving
    "2027-02-01" alone. The action's text and due date are said whole: on one line where it
    fits, on more (indented) where it does not."""
    set_language("en")
    m = Meeting()
    decision = m.decided_by_consent("A safer canal side")
    m.move("act")
    action = m.ok(B, "action.add", s.action_body(LONG, decision, due="2027-01-15")).id
    m.ok(B, "action.pull", s.pull_body(action))
    m.ok(B, "action.update", s.action_update_body(action, "stuck", "no answer yet"))
    m.ok(A, "meeting.end", {})
    summary = since_last_time(m.state)
    assert summary is not None
    wide = since_lines(summary, m.state, width=190)
    assert any(LONG in line and "due 2027-01-15" in line for line in wide), wide
    narrow = since_lines(summary, m.state)
    assert all(len(line) <= LINE for line in narrow), narrow
    start = next(at for at, line in enumerate(narrow) if line.startswith("  • Ask"))
    said = " ".join(line.strip() for line in narrow[start : start + 3])
    assert f"• {LONG} — stuck" in said and "· due 2027-01-15" in said, narrow
