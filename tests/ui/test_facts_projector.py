"""The projector's newest contributions name a fact by its title and show what an item cites,
in both languages, and never a record kind."""

from __future__ import annotations

import pytest

from beraad.core import session as s
from beraad.i18n import set_language
from beraad.ui.projector_view import contributions_text, newest_contributions
from tests.core.test_meeting import A, B, Meeting


@pytest.mark.parametrize(
    ("language", "fact", "doubt"),
    [("en", "fact", "question on a fact"), ("nl", "feit", "twijfel bij een feit")],
)
@pytest.mark.both_languages
def test_facts_and_citations_on_the_wall(language, fact, doubt):
    set_language(language)
    try:
        m = Meeting()
        census = m.ok(A, "fact.add", s.fact_body("Census 2024", "")).id
        m.ok(B, "fact.question", s.fact_question_body(census, "Old figures"))
        m.move("knots")
        m.ok(B, "knot.add", s.with_cites(s.text_body("Youth leave"), [census]))
        wall = contributions_text(newest_contributions(m.state, m.records)).plain
    finally:
        set_language("en")
    lines = wall.splitlines()
    assert lines[0] == "Bart · " + ("knot" if language == "en" else "knoop") + ": Youth leave [F1]"
    assert f"Bart · {doubt}: Old figures" in lines
    assert f"Anna · {fact}: Census 2024" in lines
    assert "fact." not in wall


def test_while_away_names_a_fact_by_its_title():
    from beraad.core.catchup import since
    from beraad.ui.screens.while_away import summary_lines

    m = Meeting()
    left = m.records[-1].id
    m.ok(A, "fact.add", s.fact_body("Census 2024", ""))
    lines = summary_lines(since(m.records, B.public_key, left, state=m.state), m.state)
    assert "New shared facts (1)" in lines
    assert any("Census 2024 — Anna" in line for line in lines)


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [
        ("en", "1 new contribution from others.", "2 new contributions from others."),
        ("nl", "1 nieuwe bijdrage van anderen.", "2 nieuwe bijdragen van anderen."),
    ],
)
def test_while_away_counts_one_contribution_in_the_singular(language, one, two):
    """Naive s6b finding I: one new record read "1 nieuwe bijdragen"."""
    from beraad.core.catchup import since
    from beraad.ui.screens.while_away import summary_lines

    m = Meeting()
    left = m.records[-1].id
    m.ok(A, "fact.add", s.fact_body("Census 2024", ""))
    set_language(language)
    try:
        first = summary_lines(since(m.records, B.public_key, left, state=m.state), m.state)[0]
        m.ok(A, "fact.add", s.fact_body("Shop survey", ""))
        second = summary_lines(since(m.records, B.public_key, left, state=m.state), m.state)[0]
    finally:
        set_language("en")
    assert (first, second) == (one, two)


def test_the_wall_names_the_facts_this_phase_rests_on():
    from beraad.ui.projector_view import cited_facts_line

    m = Meeting()
    census = m.ok(A, "fact.add", s.fact_body("Census 2024", "")).id
    survey = m.ok(A, "fact.add", s.fact_body("Shop survey", "")).id
    m.ok(B, "fact.question", s.fact_question_body(census, "Old figures"))
    m.move("knots")
    assert cited_facts_line(m.state) == ""  # nothing said yet rests on a fact
    m.ok(B, "knot.add", s.with_cites(s.text_body("Youth leave"), [census, survey]))
    m.ok(A, "retract", s.retract_body(survey))
    line = "Facts this phase rests on: F1 Census 2024 (1 question) · F2 Shop survey (taken back)"
    assert cited_facts_line(m.state) == line
    m.move("positions")
    assert cited_facts_line(m.state) == ""  # another phase, nothing cited there yet


async def test_the_projector_app_shows_the_facts_line(tmp_path):
    """One real node shows its session on the projector; a cited fact appears on the wall."""
    from beraad.ui.projector import ProjectorApp
    from tests.ui.conftest import SIZE
    from tests.ui.test_projector import _ready, open_node, shows, until

    node = await open_node(tmp_path / "line", "Line")
    try:
        session = await node.create_session(title="Plein", focus="Hoe?", invite=False)
        fact = await node.contribute(session, "fact.add", s.fact_body("Census 2024", ""))
        await node.contribute(session, "phase.move", s.move_body("knots"))
        app = ProjectorApp(lambda: _ready(node), beamer=False)
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, shows(app, "Plein", "Hoe?"))
            body = s.with_cites(s.text_body("Youth leave"), [fact.id])
            await node.contribute(session, "knot.add", body)
            await until(pilot, shows(app, "Facts this phase rests on: F1 Census 2024"))
            await until(pilot, shows(app, "Youth leave [F1]"))
    finally:
        await node.close()
