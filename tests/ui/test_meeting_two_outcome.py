"""Meeting 2 starts its vote fresh: the wall, the decide view's How-decided and the minutes never
show meeting 1's decision as this meeting's outcome (naive finding 1)."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from textual.app import App
from textual.widgets import Static

from beraad.core import session as s
from beraad.core.tally import decision_body
from beraad.ui.projector import ProjectorApp
from beraad.ui.projector_view import tally_view
from beraad.ui.screens.how_decided import HowDecidedScreen
from tests.core.test_meeting import A, B, C, Meeting
from tests.ui.conftest import SIZE
from tests.ui.phases_app import OPTIONS, close_all, table_of, until, with_options
from tests.ui.phases_text import screen_words


def meeting_two_with_an_objection() -> tuple[Meeting, str]:
    """A decided in meeting 1; in meeting 2's decide phase Bart objects to it."""
    m = Meeting()
    m.move("knots", "positions", "criteria", "options")
    option = m.ok(C, "option.add", s.option_body("Een markt op zaterdag")).id
    m.move("decide")
    for who in (A, B, C):
        m.ok(who, "consent.respond", s.consent_body(option, "agree"))
    m.ok(A, "vote.close", s.close_body("consent.respond"))
    m.ok(A, "decision.take", decision_body(m.state, option))
    m.ok(A, "meeting.end", {})
    m.ok(A, "meeting.start", s.meeting_start_body())
    m.move("knots", "positions", "criteria", "options", "decide")
    return m, option


def projected(state) -> str:
    console = Console(width=78, file=io.StringIO(), record=True, color_system=None)
    console.print(tally_view(state, 78))
    return " ".join(console.export_text().split())


@pytest.mark.both_languages
def test_the_wall_shows_no_earlier_decision_as_this_meetings(language):
    m, _option = meeting_two_with_an_objection()
    decided = {"en": "Decided:", "nl": "Beslist:"}[language]
    assert decided not in projected(m.state)  # 0 votes in: nothing decided in meeting 2
    m.ok(B, "consent.respond", s.consent_body(_option, "object", "te druk"))
    wall = projected(m.state)
    assert decided not in wall, wall
    # Once meeting 2 decides, that is the outcome shown.
    for who in (A, B, C):
        m.ok(who, "consent.respond", s.consent_body(_option, "agree"))
    m.ok(A, "vote.close", s.close_body("consent.respond"))
    m.ok(A, "decision.take", decision_body(m.state, _option))
    assert decided in projected(m.state)


async def test_a_projector_left_running_shows_meeting_twos_option_not_meeting_ones(tmp_path):
    """Naive s9b finding 2: the wall, running since meeting 1, showed "A." (decided there) in
    meeting 2's decide phase while every ballot was on B. The real projector on Anja's node."""
    (anja,), session = await table_of(tmp_path, ["anja"], "consent", "options")
    try:
        a = (await with_options(anja, session))[0]

        async def ready():
            return anja

        app = ProjectorApp(ready, session=session, beamer=False)
        async with app.run_test(size=SIZE) as pilot:
            await anja.contribute(session, "consent.respond", s.consent_body(a, "agree"))
            await anja.contribute(session, "vote.close", s.close_body("consent.respond"))
            await anja.contribute(session, "decision.take", decision_body(anja.state(session), a))
            await until(pilot, lambda: f"A. {OPTIONS[0]}" in screen_words(app))
            await anja.contribute(session, "meeting.end", {})
            await anja.contribute(session, "meeting.start", s.meeting_start_body())
            for phase in ("knots", "positions", "criteria", "options", "decide"):
                await anja.contribute(session, "phase.move", s.move_body(phase))
            await until(pilot, lambda: f"B. {OPTIONS[1]}" in screen_words(app))
            assert f"A. {OPTIONS[0]}" not in screen_words(app)
    finally:
        await close_all([anja])


@pytest.mark.both_languages
async def test_how_decided_names_the_meeting_of_an_earlier_decision(language):
    m, _option = meeting_two_with_an_objection()
    state = m.state
    app = App()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(HowDecidedScreen(state, state.decisions[-1]))
        await pilot.pause()
        line = str(app.screen.query_one("#decision-rule", Static).render())
        assert {"en": "Decided in meeting 1.", "nl": "Besloten op bijeenkomst 1."}[language] in line
