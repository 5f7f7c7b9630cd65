"""An action with many updates: the minutes show the latest ones and count the earlier ones, in
English and Dutch, so a puller's flood of well-signed updates cannot swamp them."""

from __future__ import annotations

import pytest

from beraad.core import session as s
from beraad.export.actions import SHOWN_UPDATES
from beraad.export.minutes import Context, build_minutes
from beraad.export.render import render_markdown
from tests.core.test_actions import decided
from tests.core.test_meeting import C


@pytest.mark.parametrize(("language", "earlier"), [("en", "and 5 earlier updates"),
                                                   ("nl", "en 5 eerdere meldingen")])  # fmt: skip
def test_the_minutes_show_the_latest_updates_and_count_the_earlier_ones(language, earlier):
    m, decision = decided()
    m.move("act")
    action = m.ok(C, "action.add", s.action_body("Hire the hall", decision)).id
    m.ok(C, "action.pull", s.pull_body(action))
    total = SHOWN_UPDATES + 5
    for n in range(total):
        m.ok(C, "action.update", s.action_update_body(action, "stuck", f"note number {n:02}"))
    context = Context(m.state, m.records, "0" * 64, language)
    text = render_markdown(build_minutes(context))
    assert earlier in text
    shown = [n for n in range(total) if f"note number {n:02}" in text]
    assert shown == list(range(5, total))  # the latest, in order


@pytest.mark.parametrize(("language", "said"), [("en", "stepped back"), ("nl", "stapte terug")])
def test_a_pull_then_a_step_back_leaves_a_trace_in_the_minutes(language, said):
    """The naive tester pulled an action and stepped back: the minutes said nothing of it."""
    m, decision = decided()
    m.move("act")
    action = m.ok(C, "action.add", s.action_body("Hire the hall", decision)).id
    m.ok(C, "action.pull", s.pull_body(action))
    m.ok(C, "action.release", {"action": action})
    context = Context(m.state, m.records, "0" * 64, language)
    text = render_markdown(build_minutes(context))
    assert f"**{said}** — *{m.state.name(C.public_key)}*" in text, text


@pytest.mark.parametrize(("language", "heading"), [("en", "Actions"), ("nl", "Acties")])
def test_actions_serving_no_decision_stand_under_one_heading(language, heading):
    """Naive s5 finding 10: the minutes said "## Acties" and at once "### Acties"."""
    m, _decision = decided()
    m.move("act")
    m.ok(C, "action.add", s.action_body("Sweep the street", None))
    text = render_markdown(build_minutes(Context(m.state, m.records, "0" * 64, language)))
    assert f"## {heading}\n" in text and f"### {heading}\n" not in text, text
    assert "Sweep the street" in text


@pytest.mark.parametrize(("language", "open_", "who"), [("en", "open", "who pulls this"),
                                                        ("nl", "open", "wie trekt")])  # fmt: skip
@pytest.mark.both_languages
def test_an_action_taken_back_is_not_listed_as_open_for_pullers(language, open_, who):
    """Naive s13 N7: "~~r~~ *(ingetrokken)* — *toegevoegd door Bart* · **open**" and "Getrokken
    door: nog niemand: wie trekt dit mee?" for an action taken back: the secretary read it as
    still to do. Struck and marked, with no status and no call for pullers."""
    m, decision = decided()
    m.move("act")
    action = m.ok(C, "action.add", s.action_body("Hire the hall", decision)).id
    m.ok(C, "retract", s.retract_body(action, "typed by mistake"))
    text = render_markdown(build_minutes(Context(m.state, m.records, "0" * 64, language)))
    line = next(line for line in text.splitlines() if "Hire the hall" in line)
    assert "~~Hire the hall~~" in line and "typed by mistake" in line, line
    assert f"**{open_}**" not in line and who not in text, text
