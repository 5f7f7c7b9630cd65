"""Shared facts with real signed records: adding, questioning, citing, retracting, refusals."""

from __future__ import annotations

import pytest

from beraad.core import session as s
from beraad.core.deliberation import snapshot
from beraad.core.facts import cited
from beraad.core.kinds import SchemaError, validate
from tests.core.test_meeting import A, B, C, Meeting

FILE_HASH = "ab" * 32


def census(m: Meeting, who=A, title: str = "Census 2024") -> str:
    body = s.fact_body(title, "1 in 4 residents is under 25", "https://cbs.nl/x", FILE_HASH)
    return m.ok(who, "fact.add", body).id


def test_any_member_adds_facts_in_any_phase_with_who_and_what():
    m = Meeting()
    first = census(m)
    m.move("knots")
    second = m.ok(B, "fact.add", s.fact_body("  Survey   shops ", "")).id
    fact = m.state.facts[first]
    assert (fact.title, fact.text, fact.author) == ("Census 2024", fact.text, A.public_key)
    assert (fact.link, fact.sha256, fact.phase) == ("https://cbs.nl/x", FILE_HASH, "opening")
    assert m.state.facts[second].title == "Survey shops"
    assert m.state.facts[second].link is None and m.state.facts[second].phase == "knots"


def test_questions_show_who_and_why_and_can_be_withdrawn():
    m = Meeting()
    fact = census(m)
    doubt = m.ok(B, "fact.question", s.fact_question_body(fact, "Counts students twice?")).id
    m.ok(C, "fact.question", s.fact_question_body(fact, "Old figures"))
    assert [(q.author, q.text) for q in m.state.questions_on(fact)] == [
        (B.public_key, "Counts students twice?"),
        (C.public_key, "Old figures"),
    ]
    assert "only retract your own" in m.refused(A, "retract", s.retract_body(doubt))
    m.ok(B, "retract", s.retract_body(doubt, "checked: fine"))
    assert [q.author for q in m.state.questions_on(fact)] == [C.public_key]
    assert "no such fact" in m.refused(B, "fact.question", s.fact_question_body("1" * 64, "?"))


def test_only_the_author_edits_or_retracts_a_fact_and_a_retracted_one_cannot_be_questioned():
    m = Meeting()
    fact = census(m)
    assert "only edit your own" in m.refused(B, "edit", s.edit_body(fact, "wrong"))
    m.ok(A, "edit", s.edit_body(fact, "1 in 4 residents is under 25 (2024)"))
    assert m.state.facts[fact].edited
    m.ok(A, "retract", s.retract_body(fact, "superseded"))
    assert not m.state.facts[fact].live
    assert "retracted" in m.refused(B, "fact.question", s.fact_question_body(fact, "why?"))


def test_contributions_cite_live_facts_and_show_a_later_retraction():
    m = Meeting()
    fact, other = census(m), census(m, B, "Shop survey")
    m.move("knots")
    knot = m.ok(B, "knot.add", s.with_cites(s.text_body("Youth leave"), [fact, other])).id
    assert m.state.knots[knot].cites == [fact, other]
    assert [f.title for f in cited(m.state, m.state.knots[knot])] == ["Census 2024", "Shop survey"]
    assert [i.id for i in m.state.citing(fact)] == [knot]
    m.move("positions")
    position = m.ok(C, "position.add", s.with_cites(s.position_body(knot, "Housing"), [fact])).id
    argument = m.ok(
        A, "argument.add", s.with_cites(s.argument_body(position, "for", "Yes"), [other])
    ).id
    assert m.state.positions[position].cites == [fact]
    assert m.state.arguments[argument].cites == [other]
    m.ok(A, "retract", s.retract_body(fact))
    # The citation stays; the fact shows as retracted where it is cited.
    assert [f.live for f in cited(m.state, m.state.knots[knot])] == [False, True]
    assert "can no longer be cited" in m.refused(
        B, "position.add", s.with_cites(s.position_body(knot, "Again"), [fact])
    )
    assert "no such fact" in m.refused(
        B, "position.add", s.with_cites(s.position_body(knot, "Ghost"), ["2" * 64])
    )
    # A knot id is not a fact.
    assert "no such fact" in m.refused(
        B, "position.add", s.with_cites(s.position_body(knot, "Knot"), [knot])
    )
    m.move("criteria", "options")
    option = m.ok(B, "option.add", s.with_cites(s.option_body("Youth hub"), [other])).id
    assert m.state.options[option].cites == [other]


def test_a_session_without_facts_keeps_its_snapshot_shape():
    m = Meeting()
    m.move("knots")
    m.ok(A, "knot.add", s.text_body("No facts here"))
    data = snapshot(m.state)
    assert "facts" not in data and "fact_questions" not in data
    assert all("cites" not in knot for knot in data["knots"].values())


@pytest.mark.parametrize(
    ("kind", "body", "says"),
    [
        ("fact.add", {"title": "", "text": "x"}, "must not be empty"),
        ("fact.add", {"title": "a\nb", "text": "x"}, "one line"),
        ("fact.add", {"title": "t", "text": "x", "link": "ftp://x"}, "web address"),
        ("fact.add", {"title": "t", "text": "x", "link": "javascript:alert(1)"}, "web address"),
        ("fact.add", {"title": "t", "text": "x", "link": "https://a b"}, "web address"),
        ("fact.add", {"title": "t", "text": "x", "sha256": "AB" * 32}, "lowercase hex"),
        ("fact.add", {"title": "t", "text": "x", "sha256": "ab"}, "64 to 64"),
        ("fact.question", {"fact": "1" * 64, "reason": " "}, "must not be empty"),
        ("knot.add", {"text": "k", "cites": ["1" * 64, "1" * 64]}, "same record twice"),
        ("knot.add", {"text": "k", "cites": ["1" * 64] * 21}, "0 to 20"),
        ("option.add", {"text": "k", "cites": "x"}, "must be a list"),
    ],
)
def test_bad_shapes_are_refused_with_a_reason(kind, body, says):
    with pytest.raises(SchemaError) as caught:
        validate(kind, body)
    assert says in str(caught.value)


def test_links_that_are_fine():
    validate("fact.add", s.fact_body("t", "", "http://example.org"))
    validate("fact.add", s.fact_body("t", "", "HTTPS://example.org/a?b=c#d"))


def test_an_observer_cannot_add_facts():
    m = Meeting()
    m.ok(B, "member.observe", {})
    assert "only watches" in m.refused(B, "fact.add", s.fact_body("t", "x"))


def test_while_away_lists_new_facts_and_doubts_about_my_own():
    from beraad.core.catchup import since

    m = Meeting()
    mine = census(m, B, "Bart's survey")
    left = m.records[-1].id
    fact = census(m, C, "Census 2024")
    doubt = m.ok(A, "fact.question", s.fact_question_body(mine, "Only 12 shops?")).id
    away = since(m.records, B.public_key, left, state=m.state)
    assert [f.id for f in away.facts] == [fact]
    assert [q.id for q in away.fact_questions] == [doubt]
    assert [i.id for i in away.on_yours] == [doubt]  # a doubt about Bart's own fact
    assert not away.empty


class Walks(dict):
    """A table that counts how often it is walked whole (``values``/``items``)."""

    walked = 0

    def values(self):
        Walks.walked += 1
        return super().values()

    def items(self):
        Walks.walked += 1
        return super().items()


def test_a_fact_flood_is_indexed_once_not_walked_per_fact():
    """Attack finding 4: each fact's questions and citations scanned every question and item,
    so a screen listing N facts did N² work. Now one walk per change serves every fact."""
    m = Meeting()
    facts = [m.ok(A, "fact.add", s.fact_body(f"fact {n}", "")).id for n in range(40)]
    for fact in facts:
        m.ok(B, "fact.question", s.fact_question_body(fact, "why?"))
    m.move("knots")
    knot = m.ok(C, "knot.add", s.with_cites(s.text_body("Het plein"), facts[:3])).id
    state = m.state
    state.fact_questions = Walks(state.fact_questions)
    state.knots = Walks(state.knots)
    Walks.walked = 0
    shown = [(len(state.questions_on(f)), len(state.citing(f))) for f in facts]
    assert shown == [(1, 1)] * 3 + [(1, 0)] * 37
    assert Walks.walked <= 2  # one walk of the questions, one of the knots
    # Still right after a change: a new question counts, a retraction is left out.
    doubt = m.ok(C, "fact.question", s.fact_question_body(facts[0], "old?")).id
    assert len(state.questions_on(facts[0])) == 2
    m.ok(C, "retract", s.retract_body(doubt))
    m.ok(C, "retract", s.retract_body(knot))
    assert len(state.questions_on(facts[0])) == 1 and state.citing(facts[0]) == []
    assert len(state.questions_on(facts[0], retracted=True)) == 2
