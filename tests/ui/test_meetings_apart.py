"""Meetings do not blur (naive-user finding): meeting 2's Evaluate groups the notes by meeting,
this meeting's first, and says which were written between meetings."""

from __future__ import annotations

import pytest

from beraad.core import session as s
from beraad.i18n import ngettext, translate
from beraad.ui.phases.evaluate import EvaluateView
from tests.core.test_meeting import A, B, C, Meeting
from tests.ui.phases_app import PhaseApp
from tests.ui.phases_text import screen_words


def two_meetings() -> Meeting:
    m = Meeting()
    m.move("knots", "positions", "criteria", "options", "decide", "act", "evaluate")
    m.ok(B, "evaluation.add", s.evaluation_body("went_well", "Goede koffie"))
    m.ok(A, "meeting.end", {})
    m.ok(C, "evaluation.add", s.evaluation_body("try_next", "Eerder beginnen"))
    m.ok(A, "meeting.start", s.meeting_start_body())
    m.move("knots", "positions", "criteria", "options", "decide", "act", "evaluate")
    m.ok(B, "evaluation.add", s.evaluation_body("went_well", "Iedereen kwam aan bod"))
    return m


async def test_meeting_two_evaluate_says_which_meeting_each_note_is_from(language) -> None:
    m = two_meetings()
    view = EvaluateView("s", id="view-evaluate")
    app = PhaseApp(view, B.public_key, state=m.state)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        words = screen_words(app)
    this = translate("This meeting ({number})", language).format(number=2)
    earlier = translate("Meeting {number}", language).format(number=1)
    between = translate("Between meetings {number} and {next}", language).format(number=1, next=2)
    for heading in (this, earlier, between):
        assert heading in words, words
    # This meeting's note first, meeting 1's under its own heading after it.
    assert words.index(this) < words.index("Iedereen kwam aan bod") < words.index(earlier)
    assert words.index(earlier) < words.index("Goede koffie")
    assert words.index(between) < words.index("Eerder beginnen")


async def test_between_meetings_the_ended_meeting_is_not_this_meeting(language) -> None:
    """Naive s9 finding 13: between meetings Evaluate titled meeting 1 "This meeting (1)"
    although it had ended."""
    m = Meeting()
    m.move("knots", "positions", "criteria", "options", "decide", "act", "evaluate")
    m.ok(B, "evaluation.add", s.evaluation_body("went_well", "Goede koffie"))
    m.ok(A, "meeting.end", {})
    m.ok(C, "evaluation.add", s.evaluation_body("try_next", "Eerder beginnen"))
    app = PhaseApp(EvaluateView("s", id="view-evaluate"), B.public_key, state=m.state)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        words = screen_words(app)
    assert translate("Meeting {number}", language).format(number=1) in words, words
    assert translate("This meeting ({number})", language).format(number=1) not in words


async def test_one_meeting_shows_its_notes_without_headings() -> None:
    m = Meeting()
    m.move("knots", "positions", "criteria", "options", "decide", "act", "evaluate")
    m.ok(B, "evaluation.add", s.evaluation_body("went_well", "Goede koffie"))
    app = PhaseApp(EvaluateView("s", id="view-evaluate"), B.public_key, state=m.state)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        words = screen_words(app)
    assert "Goede koffie" in words and "Meeting" not in words


def test_the_table_map_says_was_present_in_the_next_meeting(language) -> None:
    """Present is about this meeting's room: meeting 1's mark reads "was present" in meeting 2
    (the wall's table map and the opening's list use the same words)."""
    from beraad.ui.projector_view import table_map_view

    m = Meeting()
    youth = m.ok(B, "group.add", s.group_body("Youth")).id
    m.ok(B, "group.mark", s.group_mark_body(youth, "present"))
    present = translate("present", language)
    was = translate("was present", language)
    assert f"Youth · {present}" in table_map_view(m.state, 78).plain
    m.ok(A, "meeting.end", {})
    m.ok(A, "meeting.start", s.meeting_start_body())
    wall = table_map_view(m.state, 78).plain
    assert f"Youth · {was}" in wall and f"· {present}" not in wall


@pytest.mark.both_languages
def test_who_was_away_for_two_meetings_is_told_the_meetings_not_only_a_phase(language) -> None:
    """Naive-user finding: Eva, away for meetings 2 and 3, read only "The group moved from
    Opening to Positions". The summary now says which meetings opened meanwhile and where to
    read what they brought (Ctrl+T)."""
    from beraad.core.catchup import since
    from beraad.ui.screens.while_away import summary_lines
    from tests.core.test_meeting import D

    m = Meeting()
    m.ok(D, "member.name", s.name_body("Eva"))
    seen = {r.author: r.seq for r in m.records}  # Eva leaves in meeting 1's opening
    m.move("knots")
    m.ok(A, "meeting.end", {})
    m.ok(A, "meeting.start", s.meeting_start_body())
    m.ok(A, "meeting.end", {})
    m.ok(A, "meeting.start", s.meeting_start_body())
    m.move("knots", "positions")
    summary = since(m.records, D.public_key, seen, state=m.state)
    assert summary.meetings == [2, 3] and not summary.empty
    words = " ".join(summary_lines(summary, m.state))
    told = ngettext(
        "Meanwhile meeting {numbers} opened; the group is now in meeting {now}.",
        "Meanwhile meetings {numbers} opened; the group is now in meeting {now}.",
        2,
    ).format(numbers="2, 3", now=3)
    assert (language == "nl") == ("bijeenkomsten 2, 3" in told)
    assert told in words
    assert "Ctrl+T" in words
    moved = translate("The group moved from {before} to {now}.", language).split("{")[0]
    assert moved not in words  # the phases started again: "moved from" would mislead
