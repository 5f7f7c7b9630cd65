"""Between meetings, one count in one word: the "since last time" popup and the minutes say
the same number of contributions and updates, and each is named under it (naive s11 F6: one
action update between meeting 1 and 2 was "1 contribution or update" in the popup and
"0 contributions (1 signed record in all)" in the minutes). ``core.trajectory.between``
derives it once; real signed records through the fold."""

from __future__ import annotations

import pytest

from beraad.core import session as s
from beraad.core.trajectory import between, since_last_time
from beraad.export.minutes import build_minutes
from beraad.export.render import render_markdown
from beraad.i18n import PLURAL, set_language, translate
from beraad.ui.screens.since_last_time import since_lines
from tests.core.test_meeting import A, B, C, D
from tests.core.test_trajectory import _decided_meeting
from tests.export.test_newsletter import _context


def said(language: str, count: int) -> str:
    forms = translate(
        "Between the meetings: {count} contribution or update."
        + PLURAL
        + "Between the meetings: {count} contributions and updates.",
        language,
    ).split(PLURAL)
    return (forms[0] if count == 1 else forms[-1]).format(count=count)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_one_action_update_between_is_one_in_the_popup_and_the_minutes(language):
    m, _option = _decided_meeting()
    decision = m.state.decisions[0].record
    m.move("act")
    action = m.ok(C, "action.add", s.action_body("Offerte vragen bij gemeente", decision)).id
    m.ok(C, "action.pull", s.pull_body(action))
    m.move("evaluate")
    m.ok(A, "meeting.end", s.meeting_end_body("Donderdag"))
    m.ok(C, "action.update", s.action_update_body(action, "done"))
    m.ok(A, "meeting.start", {})

    summary = since_last_time(m.state, m.records)
    assert summary is not None and summary.between_records == 1
    came = between(m.state, m.state.meetings[0], m.records)
    assert came.count == 1 and len(came.updates) == 1
    try:
        set_language(language)
        popup = "\n".join(since_lines(summary, m.state))
    finally:
        set_language("en")
    minutes = " ".join(render_markdown(build_minutes(_context(m, language))).split())
    one = said(language, 1)
    assert one in popup and one in minutes, minutes
    done = translate("done", language)
    assert f"Offerte vragen bij gemeente: {done}" in minutes  # the update, named under it


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.both_languages
def test_every_record_between_is_counted_once_and_named(language):
    """Two evaluation notes and a name between the meetings: three, each under the count."""
    m, _option = _decided_meeting()
    m.ok(A, "meeting.end", s.meeting_end_body("Donderdag"))
    m.ok(D, "evaluation.add", s.evaluation_body("try_next", "Ik lees mee van thuis"))
    m.ok(D, "member.name", {"name": "Driss B."})
    m.ok(B, "evaluation.add", s.evaluation_body("went_well", "Waar komen de kramen?"))
    came = between(m.state, m.state.meetings[0], m.records)
    parts = (
        len(came.added)
        + len(came.updates)
        + len(came.steps)
        + len(came.renames)
        + sum(came.others.values())
    )
    assert came.count == parts == 3
    minutes = " ".join(render_markdown(build_minutes(_context(m, language))).split())
    assert said(language, 3) in minutes
    assert "Ik lees mee van thuis" in minutes and "Waar komen de kramen?" in minutes
    from beraad.i18n.kinds import kind_name

    # The new name as who is now called what, not "giving your name (1)".
    renamed = translate("{before} is now called {now}.", language)
    assert renamed.format(before="Driss", now="Driss B.") in minutes
    assert kind_name("member.name", language) not in minutes


@pytest.mark.parametrize("language", ["nl", "en"])
def test_two_renames_of_one_member_are_one_line_and_count_one(language):
    """Naive s12 P9: Driss renamed twice between the meetings; the popup and the minutes said
    "2 contributions and updates" over one line ("Driss is now called Dries"). One line, one."""
    m, _option = _decided_meeting()
    m.ok(A, "meeting.end", s.meeting_end_body("Donderdag"))
    m.ok(D, "member.name", {"name": "Driss B."})
    m.ok(D, "member.name", {"name": "Dries"})
    m.ok(A, "meeting.start", {})
    came = between(m.state, m.state.meetings[0], m.records)
    assert came.count == len(came.renames) == 1 and not came.others
    summary = since_last_time(m.state, m.records)
    assert summary is not None and summary.between_records == 1
    try:
        set_language(language)
        popup = "\n".join(since_lines(summary, m.state))
    finally:
        set_language("en")
    renamed = translate("{before} is now called {now}.", language)
    assert said(language, 1) in popup and renamed.format(before="Driss", now="Dries") in popup
    minutes = " ".join(render_markdown(build_minutes(_context(m, language))).split())
    assert said(language, 1) in minutes
