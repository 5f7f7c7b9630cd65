"""F6 as people type it (naive s11b N6 and the letters after F6 Enter).

`F6 Enter Enter` moved the group on from the opening (one choice) but in Knots, with "back to
the opening" as a second choice, said "choose with ↓ first": the first Enter now chooses the
first choice (forward) and says so, the second sends it. Letters typed while the dialog waited
for its second Enter vanished (there is no reason box under the facilitator rule): they close
the dialog, nothing moved, and go whole and in order to the box below."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList

from beraad.ui.widgets.phase_dialog import PhaseDialog
from tests.ui.phases_app import SIZE
from tests.ui.session_people import burst, f6_opened, moved_by_consent
from tests.ui.stored_app import session_opened
from tests.ui.stored_app import until as until_app
from tests.ui.test_naive_s6 import consent_move, opened_by, three

pytestmark = pytest.mark.timeout(120)


async def test_f6_enter_enter_moves_on_with_two_choices(tmp_path, language):
    w = three("facilitator", phase="knots")
    app = opened_by(w, tmp_path / "anja", 0, language)
    async with app.run_test(size=SIZE) as pilot:
        screen, dialog, _choices = await f6_opened(pilot, w.session)
        assert len(dialog.choices) == 2  # on to Positions, back to the opening
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog and screen.state.phase == "knots"  # chosen, not sent
        await pilot.press("enter")
        await until_app(lambda: screen.state.phase == "positions")


async def test_letters_after_f6_enter_close_it_and_go_to_the_box(tmp_path, language):
    w = three("facilitator", phase="knots")
    app = opened_by(w, tmp_path / "anja", 0, language)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        view = screen.view("knots")
        box = view.text_box()
        await until_app(lambda: screen.focused is box)
        await pilot.press("f6")
        await until_app(lambda: isinstance(app.screen, PhaseDialog))
        await pilot.press("enter")  # chosen; the dialog waits for a second Enter
        sentence = "The crossing by the school is not safe at all"
        burst(app, sentence)
        await until_app(lambda: box.value == sentence)
        assert not isinstance(app.screen, PhaseDialog)
        assert screen.focused is box and screen.state.phase == "knots"  # nothing moved


async def test_up_with_nothing_chosen_chooses_the_first_answer(tmp_path):
    """↑ in F6 with nothing chosen highlighted the last choice: answering a proposal, the
    strongest "no" under the others, so ↑ Enter meant as "the first" objected (naive12 could
    not re-check it after the key rule). It chooses the first, as ↓ does, in the list and
    from the reason box."""
    w = three("consent", phase=None)
    moved_by_consent(w, "knots")
    consent_move(w, "positions", ready=(0,))  # Anja proposes Positions; Bart answers
    app = opened_by(w, tmp_path / "bart", 1)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        await until_app(lambda: screen.focused is not None)
        for keys in (("up",), ("tab", "up")):  # in the list; in the reason box (Tab)
            await pilot.press("f6")
            await until_app(lambda: isinstance(app.screen, PhaseDialog))
            dialog = app.screen
            choices = dialog.query_one("#phase-choices", OptionList)
            assert choices.highlighted is None and len(dialog.choices) > 2
            await pilot.press(*keys)
            await until_app(lambda c=choices: c.highlighted is not None)
            assert choices.highlighted == 0, dialog.choices[choices.highlighted].label
            first = dialog.choices[0]
            assert first.kind == "phase.respond" and "ready" in str(first.body)
            await pilot.press("escape")
            await until_app(lambda: app.screen is screen)
