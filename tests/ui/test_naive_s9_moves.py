"""F6 with one thing to choose (naive s9 finding 10): nothing is preselected still, so an Enter
meant for something else never sends, but Enter no longer answers "choose with ↓ first": it
chooses the one thing, says what, and Enter again sends it."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from beraad.i18n import set_language, translate
from beraad.ui.widgets.phase_dialog import PhaseDialog
from tests.ui.phases_app import SIZE
from tests.ui.phases_text import screen_words
from tests.ui.session_people import f6_opened
from tests.ui.stored_app import until as until_app
from tests.ui.test_naive_s6 import opened_by, three

pytestmark = pytest.mark.timeout(120)


async def test_f6_with_one_choice_enter_chooses_it_and_enter_again_sends_it(tmp_path, language):
    w = three("facilitator", phase=None)  # in the opening: the only move is on to Knots
    app = opened_by(w, tmp_path / "anja", 0, language)
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen, dialog, choices = await f6_opened(pilot, w.session)
            assert len(dialog.choices) == 1 and choices.highlighted is None  # none preselected
            label = dialog.choices[0].label
            hint = translate("Enter chooses it, then Enter sends it · Esc back", language)
            await until_app(lambda: hint in screen_words(app))
            await pilot.press("enter")
            said = translate(
                "Chosen: “{choice}”. Enter again sends it; {more}Escape goes back.", language
            ).format(choice=label, more="")
            line = dialog.query_one("#phase-choose-first", Static)
            await until_app(lambda: line.display and str(line.render()) == said)
            assert isinstance(app.screen, PhaseDialog) and choices.highlighted == 0
            assert screen.state.phase == "opening"  # the first Enter sent nothing
            await pilot.press("enter")
            await until_app(lambda: screen.node.state(w.session).phase == "knots", 20)
    finally:
        set_language("en")


async def test_f6_with_more_choices_enter_chooses_the_first_and_sends_nothing(tmp_path):
    """With more choices too (naive s11b N6: the habit `F6 Enter Enter` failed in Knots), the
    first Enter chooses the first (forward), says so and that ↓ chooses another; it sends
    nothing (``test_f6_enter_enter.py``: the second Enter does)."""
    w = three("facilitator", phase="knots")  # on to Positions, or back to the Opening
    app = opened_by(w, tmp_path / "anja", 0)
    async with app.run_test(size=SIZE) as pilot:
        screen, dialog, choices = await f6_opened(pilot, w.session)
        assert len(dialog.choices) == 2 and choices.highlighted is None  # none preselected
        # the same rule, worded as with one choice (naive s13 N12: two wordings read as two)
        hint = "↓ or Enter chooses, then Enter sends · Esc back"
        await until_app(lambda: hint in screen_words(app))
        await pilot.press("enter")
        line = dialog.query_one("#phase-choose-first", Static)
        said = (
            f"Chosen: “{dialog.choices[0].label}”. Enter again sends it; ↓ chooses another; "
            "Escape goes back."
        )
        await until_app(lambda: line.display and str(line.render()) == said)
        assert choices.highlighted == 0 and screen.state.phase == "knots"
