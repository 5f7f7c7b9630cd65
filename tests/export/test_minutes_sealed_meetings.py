"""Sealed votes of an earlier meeting stay in the minutes as what they said (naive user n1:
meeting 1's sealed consent answers showed up as an internal record kind with empty votes)."""

from __future__ import annotations

import pytest

from beraad.core import session as s
from beraad.core.sealed import commitment
from beraad.core.tally import decision_body
from beraad.export.minutes import Context, build_minutes
from beraad.export.render import render_html, render_markdown
from beraad.i18n import translate
from tests.core.test_meeting import A, B, C, Meeting


def _two_meetings_with_sealed_consent() -> Meeting:
    m = Meeting()
    m.move("knots", "positions", "criteria", "options")
    option = m.ok(C, "option.add", s.option_body("Drempels bij de school")).id
    m.move("decide")
    vote = s.consent_body(option, "agree")
    sealed = {}
    for who, nonce in ((A, "aa" * 16), (B, "bb" * 16)):
        sealed_body = commitment("consent.respond", vote, nonce)
        body = {"kind": "consent.respond", "option": option, "commitment": sealed_body}
        sealed[m.ok(who, "vote.commit", body).id] = nonce
    m.ok(C, "consent.respond", vote)
    m.ok(A, "vote.close", s.close_body("consent.respond"))
    for commit, nonce in sealed.items():
        author = A if nonce == "aa" * 16 else B
        m.ok(author, "vote.reveal", {"commit": commit, "vote": vote, "nonce": nonce})
    m.ok(A, "decision.take", decision_body(m.state, option))
    assert len(m.state.decisions[0].rests_on) == 3
    m.move("act", "evaluate")
    m.ok(A, "meeting.end", {})
    m.ok(A, "meeting.start", s.meeting_start_body())
    return m


@pytest.mark.parametrize("language", ["en", "nl"])
def test_sealed_votes_of_an_earlier_meeting_are_listed_with_what_they_said(language):
    m = _two_meetings_with_sealed_consent()
    fold = m.fold
    context = Context(
        state=fold.state,
        records=fold.records,
        rejected=dict(fold.rejected),
        state_hash=fold.state_hash(),
        language=language,
    )
    document = build_minutes(context)
    for text in (render_markdown(document), render_html(document, language)):
        assert "vote.reveal" not in text and "vote.commit" not in text
        answer = f"A: {translate('agree', language)}"
        revealed = translate("sealed, then revealed", language)
        heading = translate("Consent responses", language)
        assert text.count(heading) == 1  # one table for the meeting, not one per record kind
        for who in (A, B):
            name = m.state.name(who.public_key)
            line = next(line for line in text.splitlines() if name in line and answer in line)
            assert revealed in line
        assert any(
            m.state.name(C.public_key) in line and answer in line for line in text.splitlines()
        )


def test_why_the_rule_is_met_counts_in_good_dutch_and_english():
    """ "1 stapte opzij", not "1 stapten opzij": the figures choose the verb's form."""
    from types import SimpleNamespace

    from beraad.core.explain import rule_met
    from beraad.i18n import render

    one = SimpleNamespace(responded=1, members=4, quorum=1, agree=[], stand_aside=["b"])
    many = SimpleNamespace(responded=3, members=4, quorum=3, agree=["a", "c"], stand_aside=[])
    nl_one = render(rule_met("consent", one, "x", "B"), "nl")
    nl_many = render(rule_met("consent", many, "x", "B"), "nl")
    assert "1 van 4 antwoordde (minstens 1), 0 gingen akkoord, 1 stapte opzij" in nl_one
    assert "3 van 4 antwoordden (minstens 3), 2 gingen akkoord, 0 stapten opzij" in nl_many
    assert "1 of 4 responded (at least 1), 0 agreed, 1 stood aside and no objection" in render(
        rule_met("consent", one, "x", "B"), "en"
    )
    gradients = SimpleNamespace(responded=1, members=5, quorum=1, threshold=5)
    assert "1 van 5 antwoordde" in render(rule_met("gradients", gradients, "x", "C"), "nl")


@pytest.mark.parametrize("language", ["en", "nl"])
def test_an_earlier_meetings_objection_says_how_it_was_handled(language):
    """Meeting 1: Bart objects (sealed), then stands aside in a new round; in meeting 2's minutes
    the objection says it changed, not an empty "how it was handled"."""
    m = Meeting()
    m.move("knots", "positions", "criteria", "options")
    option = m.ok(C, "option.add", s.option_body("Drempels")).id
    m.move("decide")
    objection = s.consent_body(option, "object", "te duur")
    sealed = commitment("consent.respond", objection, "bb" * 16)
    commit = m.ok(
        B, "vote.commit", {"kind": "consent.respond", "option": option, "commitment": sealed}
    ).id
    for who in (A, C):
        m.ok(who, "consent.respond", s.consent_body(option, "agree"))
    m.ok(A, "vote.close", s.close_body("consent.respond"))
    m.ok(B, "vote.reveal", {"commit": commit, "vote": objection, "nonce": "bb" * 16})
    m.ok(A, "vote.reopen", s.close_body("consent.respond"))
    m.ok(B, "consent.respond", s.consent_body(option, "stand_aside"))
    m.ok(A, "vote.close", s.close_body("consent.respond"))
    m.ok(A, "decision.take", decision_body(m.state, option))
    m.move("act", "evaluate")
    m.ok(A, "meeting.end", {})
    m.ok(A, "meeting.start", s.meeting_start_body())
    fold = m.fold
    context = Context(
        state=fold.state,
        records=fold.records,
        rejected=dict(fold.rejected),
        state_hash=fold.state_hash(),
        language=language,
    )
    text = render_markdown(build_minutes(context))
    handled = translate("changed to: {vote}", language).format(
        vote=f"A: {translate('stand aside', language)}"
    )
    assert f"{translate('How it was handled', language)}*: {handled}" in text
