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
