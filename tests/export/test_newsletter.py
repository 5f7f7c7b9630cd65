"""The newsletter and the minutes' meetings of a two-meeting trajectory, in Dutch and English,
Markdown and HTML: decisions, what comes next, how to take part; no keys, no hashes, no ids."""

from __future__ import annotations

import re

import pytest

from beraad.core import session as s
from beraad.core.identity import fingerprint
from beraad.export.minutes import Context, build_minutes
from beraad.export.newsletter import build_newsletter
from beraad.export.render import render_html, render_markdown
from tests.core.test_meeting import A, B, C, D, Meeting
from tests.core.test_trajectory import _decided_meeting


def _trajectory() -> Meeting:
    m, _option = _decided_meeting()
    m.ok(A, "meeting.end", s.meeting_end_body("Donderdag 12 december, 19u, buurthuis De Pit"))
    m.ok(D, "evaluation.add", s.evaluation_body("try_next", "Ik lees mee van thuis"))
    m.ok(A, "meeting.start", {})
    m.move("knots")
    m.ok(B, "knot.add", s.text_body("Waar komen de kramen?"))
    return m


def _context(m: Meeting, language: str) -> Context:
    return Context(
        state=m.state,
        records=m.records,
        rejected=dict(m.fold.rejected),
        state_hash=m.fold.state_hash(),
        language=language,
    )


def _no_secrets(text: str, m: Meeting) -> None:
    for who in (A, B, C, D):
        assert who.public_key not in text
        assert fingerprint(who.public_key) not in text
    for record in m.records:
        assert record.id not in text and record.id[:12] not in text
    assert m.fold.state_hash() not in text
    assert not re.search(r"[0-9a-f]{16}", text)


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("nl", ("Nieuwsbrief", "Wat er besloten is", "Wat er nu komt", "Hoe doe je mee")),
        ("en", ("Newsletter", "What was decided", "What comes next", "How to take part")),
    ],
)
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_newsletter_tells_the_community_without_keys_or_hashes(language, words, fmt):
    m = _trajectory()
    document = build_newsletter(_context(m, language), "Vragen? Bel Anna: 09 123 45 67")
    text = render_markdown(document) if fmt == "md" else render_html(document, language)
    for word in words:
        assert word in text, word
    assert "Een markt op zaterdag" in text  # the decision
    assert "Bel Anna" in text
    assert "Meeting 2 is under way" in text or "Bijeenkomst 2 loopt nu" in text
    _no_secrets(text, m)


@pytest.mark.parametrize(
    ("language", "said", "one"),
    [
        ("en", "Meeting 2 is under way; meeting 1 ended on ", "One meeting"),
        ("nl", "Bijeenkomst 2 loopt nu; bijeenkomst 1 eindigde op ", "één bijeenkomst"),
    ],
)
def test_the_newsletter_counts_the_meeting_under_way(language, said, one):
    """Naive s13 N7: "Tot nu toe één bijeenkomst; die eindigde op …" stood right above
    decisions of meeting 1 and of meeting 2: it read as if there had been one meeting."""
    text = render_markdown(build_newsletter(_context(_trajectory(), language)))
    assert said in text and one not in text, text


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.both_languages
def test_minutes_list_each_meeting_with_who_was_absent(language):
    m = _trajectory()
    text = render_markdown(build_minutes(_context(m, language)))
    meetings = "Bijeenkomsten" if language == "nl" else "Meetings"
    assert f"## {meetings}" in text
    section = text.split(f"## {meetings}")[1].split("\n## ")[0]
    absent = "Niets verstuurd" if language == "nl" else "Sent nothing"
    assert f"**{absent}**: Driss" in section
    assert "Ik lees mee van thuis" in section  # added between meetings
    assert "Donderdag 12 december" in section
    # The decision says which meeting took it (naive finding 1: minutes too).
    decided = "Besloten op bijeenkomst 1." if language == "nl" else "Decided in meeting 1."
    assert decided in text


def test_what_comes_next_is_said_between_meetings():
    m, _ = _decided_meeting()
    m.ok(A, "meeting.end", s.meeting_end_body("Donderdag 12 december, 19u"))
    text = render_markdown(build_newsletter(_context(m, "en")))
    assert "Donderdag 12 december, 19u" in text.split("## What comes next")[1]


def test_single_meeting_minutes_have_no_meetings_section():
    m, _ = _decided_meeting()
    text = render_markdown(build_minutes(_context(m, "en")))
    assert "## Meetings" not in text


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.both_languages
def test_beraad_export_newsletter_from_a_data_dir(tmp_path, language):
    from tests.conftest import run_beraad
    from tests.export.helpers import seed_data_dir

    m = _trajectory()
    home = tmp_path / "anna"
    seed_data_dir(home, m.records, member=A)
    target = tmp_path / "nieuws.html"
    result = run_beraad(
        "--data-dir", str(home), "--lang", language, "export", m.session[:10], "--newsletter",
        "--format", "html", "--take-part", "Buurthuis De Pit, elke donderdag", "-o", str(target),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = target.read_text("utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert ("Nieuwsbrief" if language == "nl" else "Newsletter") in text
    assert "Een markt op zaterdag" in text and "elke donderdag" in text
    _no_secrets(text.split("<body>")[1], m)
    bundle = run_beraad(
        "--data-dir", str(home), "export", m.session[:10], "--newsletter", "--format", "bundle",
        "-o", str(tmp_path / "x"),
    )  # fmt: skip
    assert bundle.returncode != 0 and "bundle" in bundle.stderr


def test_verify_recounts_the_decisions_of_both_meetings():
    """Voting starts fresh in meeting two; each decision still verifies from its own votes."""
    from beraad.export.verify import verify_lines
    from tests.export.helpers import bundle_lines, people, scripted

    runner = scripted("traject", "en")
    report = verify_lines(bundle_lines(runner.records, people()[0], runner.fold.state_hash()))
    assert report.ok, [p.message for p in report.problems]
    assert [d.option for d in report.decisions] == [d.option for d in runner.state.decisions]
    assert len(report.decisions) == 2


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.both_languages
def test_how_to_take_part_names_whom_to_ask(language):
    """Naive finding 12: "ask one of the people named here" named nobody; the newsletter names
    the facilitator by display name (Anna opened the session) and never points at no one."""
    m = _trajectory()
    text = render_markdown(build_newsletter(_context(m, language)))
    part = text.split("## " + ("Hoe doe je mee" if language == "nl" else "How to take part"))[1]
    assert "Anna" in part
    assert "genoemd worden" not in part and "named here" not in part


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.both_languages
def test_minutes_list_the_votes_an_earlier_meetings_decision_rests_on(language):
    """Decision A (meeting 1) rests on signed votes; meeting 2 starts voting fresh, and the
    minutes listed only meeting 2's votes, so A's appeared nowhere (naive pass 2, finding 9)."""
    m = _trajectory()
    text = render_markdown(build_minutes(_context(m, language)))
    votes = "Stemmen" if language == "nl" else "Votes"
    section = text.split(f"## {votes}")[1].split("\n## ")[0]
    meeting = "Bijeenkomst 1" if language == "nl" else "Meeting 1"
    assert f"### {meeting}: " in section, section
    agree = "akkoord" if language == "nl" else "agree"
    assert section.count(agree) >= 3, section


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.both_languages
def test_what_was_added_between_meetings_is_counted_as_listed(language):
    """The count beside "between meetings" is of what is listed under it; a new name taken
    then is counted and said too ("(7)" over three lines read as four missing), as who is now
    called what, the same count and words as the "since last time" popup (naive s11 F6; it
    read "giving your name (1)", as if the reader had a name to give)."""
    from beraad.i18n import PLURAL, translate
    from beraad.i18n.kinds import kind_name

    m, _option = _decided_meeting()
    m.ok(A, "meeting.end", s.meeting_end_body("Donderdag 12 december"))
    m.ok(D, "evaluation.add", s.evaluation_body("try_next", "Ik lees mee van thuis"))
    m.ok(D, "member.name", {"name": "Driss B."})
    text = " ".join(render_markdown(build_minutes(_context(m, language))).split())

    forms = translate(
        "Between the meetings: {count} contribution or update."
        + PLURAL
        + "Between the meetings: {count} contributions and updates.",
        language,
    ).split(PLURAL)
    assert forms[-1].format(count=2) in text
    assert "Ik lees mee van thuis" in text
    renamed = translate("{before} is now called {now}.", language)
    assert renamed.format(before="Driss", now="Driss B.") in text
    assert kind_name("member.name", language) not in text
