"""The popup on coming back says what others did with actions (naive s8 finding 8): Bart came
back after Chris added an action and pulled another and saw no popup at all (the summary's
``empty`` did not look at actions), and "6 new contributions from others" alone said nothing
of what they were. Real signed records through the real fold, en and nl."""

from __future__ import annotations

import pytest

from beraad.core import session as s
from beraad.core.catchup import since
from beraad.i18n import _, set_language
from beraad.i18n.kinds import kind_name
from beraad.ui.screens.while_away import summary_lines
from tests.core.test_meeting import A, B, C, Meeting


@pytest.fixture(autouse=True)
def _english_after():
    yield
    set_language("en")


def _acting() -> tuple[Meeting, str]:
    m = Meeting()
    decision = m.decided_by_consent("Speed bumps")
    m.move("act")
    return m, decision


@pytest.mark.parametrize("language", ["en", "nl"])
def test_actions_added_and_pulled_while_away_are_said(language):
    set_language(language)
    m, decision = _acting()
    first = m.ok(A, "action.add", s.action_body("Ask the city council", decision)).id
    left = m.ok(B, "action.pull", s.pull_body(first))  # Bart leaves after this
    m.ok(C, "action.add", s.action_body("Make flyers for the street", decision))
    m.ok(C, "action.pull", s.pull_body(first))
    summary = since(m.fold.records, B.public_key, left.id, m.state)
    assert not summary.empty  # there is a popup
    lines = summary_lines(summary, m.state)
    text = "\n".join(lines)
    assert _("New actions ({count})").format(count=1) in lines
    assert "Make flyers for the street" in text
    chris = m.state.name(C.public_key)
    pulled = _("{name} pulls “{action}”").format(name=chris, action="Ask the city council")
    assert "  • " + pulled in lines, text


def test_the_other_new_records_are_named_not_only_counted():
    """A group on the table map and a hand raised: said what they were. They are not counted
    as contributions, which count what is listed under "New …" (naive s10 finding 1)."""
    m, decision = _acting()
    left = m.ok(B, "action.add", s.action_body("Ask the city council", decision))
    m.ok(C, "group.add", s.group_body("Shopkeepers"))
    m.ok(C, "hand.raise", {})
    summary = since(m.fold.records, B.public_key, left.id, m.state)
    lines = summary_lines(summary, m.state)
    assert not any("new contribution" in line for line in lines), lines
    assert "New groups on the table map: Shopkeepers." in lines
    assert _("Also: {acts}.").format(acts=f"{kind_name('hand.raise')} (1)") in lines


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.both_languages
def test_voting_closed_meanwhile_is_said_as_what_happened(language):
    """Naive s11 F-minor-14: "Verder: de stemming sluiten (1)." (Also: closing the voting)
    read as an instruction; it says what happened."""
    m = Meeting()
    m.move("knots", "positions", "criteria", "options")
    option = m.ok(C, "option.add", s.option_body("Drempels")).id
    m.move("decide")
    left = m.ok(B, "consent.respond", s.consent_body(option, "agree"))
    m.ok(A, "vote.close", s.close_body("consent.respond"))
    summary = since(m.fold.records, B.public_key, left.id, m.state)
    set_language(language)
    lines = summary_lines(summary, m.state)
    assert _("Voting was closed.") in lines, lines
    assert not any(kind_name("vote.close") in line for line in lines), lines


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.both_languages
def test_the_meeting_ended_meanwhile_is_said_as_what_happened(language):
    """Naive s12 P9: "Verder: de bijeenkomst afsluiten (1)" (Also: ending the meeting) read
    as something still to do; it says that the meeting was ended."""
    m = Meeting()
    m.move("knots")
    left = m.ok(B, "knot.add", s.text_body("Te veel verkeer"))
    m.ok(A, "meeting.end", s.meeting_end_body("Donderdag"))
    summary = since(m.fold.records, B.public_key, left.id, m.state)
    set_language(language)
    lines = summary_lines(summary, m.state)
    assert _("The meeting was ended.") in lines, lines
    assert not any(kind_name("meeting.end") in line for line in lines), lines
