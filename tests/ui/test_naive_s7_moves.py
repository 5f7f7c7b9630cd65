"""F6 right after one's own consent proposal passed (naive s7 finding 5): the move the
proposer's app wrote by itself is the group's, not a choice made at that moment, so an F6
Enter a moment later chooses nothing (it proposed the next phase at once)."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList

import benchmarks.ui
from beraad.core import session as bodies
from beraad.core.end_consent import END, RULE_SINCE_MS, agreed_end_body
from beraad.ui.widgets.phase_bar import open_proposal
from beraad.ui.widgets.phase_dialog import PhaseDialog
from tests.ui.phases_app import SIZE
from tests.ui.phases_text import screen_words
from tests.ui.stored_app import session_opened
from tests.ui.stored_app import until as until_app
from tests.ui.test_naive_s6 import opened_by, three

pytestmark = pytest.mark.timeout(120)


async def test_f6_enter_after_my_own_proposal_passed_proposes_nothing(tmp_path):
    w = three("consent", phase=None)
    proposal = w.write(2, "phase.propose", bodies.propose_body("knots"))  # Chris proposes
    w.write(2, "phase.respond", bodies.respond_body(proposal, "ready"))
    app = opened_by(w, tmp_path / "chris", 2)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        node = screen.node
        w.write(0, "phase.respond", bodies.respond_body(proposal, "ready"))
        node.ingest(w.session, list(w.records))
        await until_app(lambda: screen.state.phase == "knots", 20)  # Chris's app moved it
        assert screen.state.phase_history[-1].by == w.who[2].public_key
        await pilot.press("f6")  # as people do to answer, a moment after the move
        await until_app(lambda: isinstance(app.screen, PhaseDialog))
        await pilot.pause()
        assert app.screen.query_one(OptionList).highlighted is None  # nothing preselected
        await pilot.press("enter")
        for _ in range(4):
            await pilot.pause()
        assert open_proposal(node.state(w.session)) is None  # nothing proposed
        assert node.state(w.session).phase == "knots"


async def test_f6_in_the_opening_offers_nothing_else_and_stops_at_the_ends(tmp_path):
    """The opening with Anja's proposal open: only ready and object can be chosen, so the
    dialog does not say "or propose something else instead"; ↓↓ stays on the last choice."""
    w = three("consent", phase=None)
    w.write(0, "phase.propose", bodies.propose_body("knots"))
    app = opened_by(w, tmp_path / "bart", 1)
    async with app.run_test(size=SIZE) as pilot:
        await session_opened(app, w.session)
        await until_app(lambda: "Anja proposes" in screen_words(app), 20)
        await pilot.press("f6")
        await until_app(lambda: isinstance(app.screen, PhaseDialog))
        await pilot.pause()
        words = screen_words(app)
        assert "Answer Anja's proposal here." in words
        assert "propose something else" not in words
        choices = app.screen.query_one(OptionList)
        assert choices.option_count == 2
        choices.highlighted = 0
        await pilot.press("down", "down", "down")
        assert choices.highlighted == 1  # stopped at the end, not back on "ready"
        await pilot.press("up", "up")
        assert choices.highlighted == 0


async def test_the_meeting_ending_under_an_open_f6_says_so_and_enter_says_choose(
    tmp_path, monkeypatch
):
    """The meeting ended while F6 was open: it said "The proposal changed"; it says the
    meeting ended. Enter with nothing chosen sends nothing and says what it chose."""
    monkeypatch.setattr(benchmarks.ui, "START", RULE_SINCE_MS)  # opened since ending by consent
    w = three("consent", phase=None)
    proposal = w.write(0, "phase.propose", bodies.propose_body(END))
    app = opened_by(w, tmp_path / "bart", 1)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        node = screen.node
        await until_app(lambda: open_proposal(screen.state) is not None, 20)
        await pilot.press("f6")
        await until_app(lambda: isinstance(app.screen, PhaseDialog))
        w.write(0, "phase.respond", bodies.respond_body(proposal, "ready"))
        w.write(2, "phase.respond", bodies.respond_body(proposal, "ready"))
        w.write(0, "meeting.end", agreed_end_body(w.fold.state.proposals[proposal]))
        node.ingest(w.session, list(w.records))
        await until_app(lambda: "Meeting 1 ended while this was open." in screen_words(app), 20)
        assert "The proposal changed" not in screen_words(app)
        await pilot.pause()
        await pilot.press("enter")
        # One thing to choose now (opening meeting 2): Enter chooses it and says Enter again
        # sends it (naive s9 finding 10); with more it says to choose with ↓ first.
        dialog = app.screen
        assert isinstance(dialog, PhaseDialog) and len(dialog.choices) == 1
        said = f"Chosen: “{dialog.choices[0].label}”. Enter again sends it; Escape goes back."
        line = dialog.query_one("#phase-choose-first")
        await until_app(lambda: line.display and str(line.render()) == said, 10)
        assert node.state(w.session).between_meetings  # nothing sent
