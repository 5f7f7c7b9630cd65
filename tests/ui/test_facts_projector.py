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
