"""A new round of voting in which everyone's vote still counts and an objection stands: the
next step says the votes decide nothing as they stand and that whoever changes their vote
casts it again, not "everyone has voted; close voting" (naive s11 F-minor-8: the facilitator
closed and got the same non-decision). Real signed records through the fold."""

from __future__ import annotations

import pytest

from beraad.core import session as s
from beraad.core.tally import progress
from beraad.i18n import set_language, translate
from beraad.ui.widgets.tally_format import next_step
from tests.core.test_meeting import A, B, C, D, Meeting

KIND = "consent.respond"


def objected_and_reopened() -> tuple[Meeting, str]:
    m = Meeting()
    m.move("knots", "positions", "criteria", "options")
    option = m.ok(C, "option.add", s.option_body("Drempels")).id
    m.move("decide")
    m.ok(A, "consent.respond", s.consent_body(option, "agree"))
    m.ok(B, "consent.respond", s.consent_body(option, "object", "Te duur en lawaaierig"))
    m.ok(C, "consent.respond", s.consent_body(option, "agree"))
    m.ok(D, "consent.respond", s.consent_body(option, "agree"))
    m.ok(A, "vote.close", s.close_body(KIND))
    assert progress(m.state, "consent", option).step == "reopen"
    m.ok(A, "vote.reopen", {"kind": KIND})
    return m, option


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_new_round_with_the_objection_standing_says_so(language):
    m, option = objected_and_reopened()
    step = progress(m.state, "consent", option)
    assert step.step == "vote" and not step.not_voted
    assert step.stands and step.objecting == (B.public_key,)
    try:
        set_language(language)
        said = next_step(m.state, "consent", option)
    finally:
        set_language("en")
    assert said != translate("Next: everyone has voted; close voting.", language)
    assert m.state.name(B.public_key) in said
    template = (
        "Next: the votes as they stand decide nothing (objecting: {names}). "
        "Whoever changes their vote casts it again now; then close voting."
    )
    assert said == translate(template, language).format(names=m.state.name(B.public_key))


def test_once_the_objector_agrees_everyone_has_voted_and_closing_decides():
    m, option = objected_and_reopened()
    m.ok(B, "consent.respond", s.consent_body(option, "agree"))
    step = progress(m.state, "consent", option)
    assert not step.stands and step.objecting == ()
    assert next_step(m.state, "consent", option) == "Next: everyone has voted; close voting."


def test_the_first_round_still_says_close_voting():
    """Before any new round, closing is how the group learns the votes decide nothing."""
    m = Meeting()
    m.move("knots", "positions", "criteria", "options")
    option = m.ok(C, "option.add", s.option_body("Drempels")).id
    m.move("decide")
    for who, response in ((A, "agree"), (B, "object"), (C, "agree"), (D, "agree")):
        m.ok(who, "consent.respond", s.consent_body(option, response, "Nee" * (who is B)))
    assert not progress(m.state, "consent", option).stands
