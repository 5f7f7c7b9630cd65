"""How did we decide? shows each response's reason, as the minutes do (naive s7 finding 8: a
stand-aside's reason, often the condition it rests on, was left out under consent). Real
signed records folded, the real screen at 80×24."""

from __future__ import annotations

import pytest
from textual.app import App

from beraad.core import session as s
from beraad.core.tally import decision_body
from beraad.ui.screens.how_decided import HowDecidedScreen
from tests.core.test_meeting import NONCE, A, B, C, Meeting
from tests.ui.phases_text import screen_words

REASONS = {A: "good for everyone", B: "not my street", C: "ok if the city plans a detour"}


class Decided(Meeting):
    def __init__(self, rule: str) -> None:
        super(Meeting, self).__init__(A, NONCE, step_ms=1000)
        body = s.open_body(
            "Plein", "Hoe?", "blank", "en", "facilitator", rule, s.PHASES, nonce=NONCE
        )
        self.ok(A, "session.open", body)
        self.ok(A, "member.name", s.name_body("Anna"))
        for who, name in ((B, "Bart"), (C, "Carla")):
            self.ok(A, "member.admit", s.admit_body(who.public_key, name))


@pytest.mark.parametrize("rule", ["consent", "gradients"])
async def test_every_response_shows_its_reason(rule):
    m = Decided(rule)
    m.move("knots", "positions", "criteria", "options")
    option = m.ok(C, "option.add", s.option_body("Slow the traffic")).id
    m.move("decide")
    if rule == "consent":
        for who, response in ((A, "agree"), (B, "stand_aside"), (C, "stand_aside")):
            m.ok(who, "consent.respond", s.consent_body(option, response, REASONS[who]))
        kind = "consent.respond"
    else:
        for who, level in ((A, 1), (B, 3), (C, 4)):
            m.ok(who, "gradient.respond", s.gradient_body(option, level, REASONS[who]))
        kind = "gradient.respond"
    m.ok(A, "vote.close", s.close_body(kind))
    m.ok(A, "decision.take", decision_body(m.state, option))
    state = m.state
    app = App()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(HowDecidedScreen(state, state.decisions[-1]))
        await pilot.pause()
        app.screen.query_one("#how-scroll").scroll_end(animate=False)
        await pilot.pause()
        words = screen_words(app)
        for reason in REASONS.values():
            assert reason in words, (reason, words)
