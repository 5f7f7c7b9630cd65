"""Words typed at different moments are never glued into one record (naive s18 N1).

The group in Evaluate, Anja looked at another phase and typed "Het was fijn": it went to
Evaluate's box, and her first Enter asked instead of sending. She did not read, typed her next
sentence and Enter: one record "Het was fijnVolgende keer eerder beginnen" was signed. While
that question is open letters are refused now, the question asked again, the words unchanged;
and letters that would go into the group's box while it holds words left there earlier are
refused where they were typed, the words quoted. English only: the rule, not its wording
(``test_typed_looking_elsewhere`` asks the question in both languages). The real app over a
real store, 80×24.
"""

from __future__ import annotations

import pytest

from beraad.core import session as bodies
from beraad.i18n import _
from beraad.ui.phases.elsewhere import NOT_ADDED_ASKED, NOT_ADDED_HELD, NOT_ADDED_LEFT_HERE
from beraad.ui.widgets.phase_bar import phase_label
from tests.ui.phases_app import SIZE
from tests.ui.phases_text import screen_words
from tests.ui.session_people import burst
from tests.ui.stored_app import session_opened
from tests.ui.stored_app import until as until_app
from tests.ui.test_naive_s6 import opened_by, three

pytestmark = pytest.mark.timeout(120)


async def test_a_sentence_typed_after_the_asking_enter_is_not_glued_onto_the_first(tmp_path):
    """Case 1 (Anja's two evaluations; here two positions, the same asking Enter), then case
    2 (Bart's): asked, and the group moves on meanwhile; the view stays with the words."""
    w = three(phase="knots")
    w.write(0, "knot.add", bodies.text_body("Too hot on the square"))
    w.write(0, "phase.move", bodies.move_body("positions"))
    app = opened_by(w, tmp_path / "bart", 1)  # Anja (the writer) moves the group
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        positions = screen.view("positions")
        box = positions.composer.input
        await until_app(lambda: screen.viewing == "positions" and app.focused is box)
        await pilot.press("down")  # the knot chosen, so a position here would be taken
        await until_app(lambda: positions._knot() is not None)
        await pilot.press("f3")
        await until_app(lambda: screen.viewing == "knots")
        burst(app, "It went well")
        await until_app(lambda: box.value == "It went well" and app.focused is box)
        await pilot.press("enter")  # asks: typed while looking elsewhere
        asked = _(NOT_ADDED_ASKED).format(words="It went well", phase=phase_label("positions"))
        burst(app, "Start earlier next time")
        await until_app(lambda: asked in screen_words(app))
        assert box.value == "It went well"  # nothing glued on
        await pilot.press("enter")  # the question's answer: sent, alone
        await until_app(lambda: not box.value and len(screen.state.positions) == 1)
        assert [p.text for p in screen.state.positions.values()] == ["It went well"]

        # Case 2: asked, and the group moves on meanwhile; the view stays with the words.
        await pilot.press("f3")
        await until_app(lambda: screen.viewing == "knots")
        burst(app, "Bring the neighbours along")
        await until_app(lambda: box.value == "Bring the neighbours along")
        await pilot.press("enter")
        w.write(0, "phase.move", bodies.move_body("criteria"))
        screen.node.ingest(w.session, list(w.records))
        await until_app(lambda: screen.state.phase == "criteria")
        burst(app, "Keep it cheap")
        asked = _(NOT_ADDED_ASKED).format(
            words="Bring the neighbours along", phase=phase_label("positions")
        )
        await until_app(lambda: asked in screen_words(app))
        assert box.value == "Bring the neighbours along" and screen.viewing == "positions"


async def test_letters_for_the_group_box_holding_words_left_there_are_refused(tmp_path):
    """Case 3: Decide's reason box held a reason typed and left; letters typed in Options
    went onto its end. Now they are refused in Options, the reason quoted; F5 goes there."""
    w = three(phase="options")
    for text in ("A playground", "A bench"):
        w.write(0, "option.add", bodies.text_body(text))
    w.write(0, "phase.move", bodies.move_body("decide"))
    app = opened_by(w, tmp_path / "anja", 0)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        decide = screen.view("decide")
        await until_app(lambda: screen.viewing == "decide" and decide.text_box() is not None)
        box = decide.text_box()
        box.focus()
        burst(app, "More benches and a quiet corner")
        await until_app(lambda: box.value == "More benches and a quiet corner")
        await pilot.press("f3")
        await until_app(lambda: screen.viewing == "options")
        burst(app, "Safety first")
        held = _(NOT_ADDED_HELD).format(
            words="More benches and a quiet corner", phase=phase_label("decide")
        )
        await until_app(lambda: held in screen_words(app))
        assert box.value == "More benches and a quiet corner"
        assert screen.viewing == "options"


async def test_words_left_in_a_box_are_not_glued_onto_when_the_group_comes_back(tmp_path):
    """naive s19 G1 (HIGH; naive s18 N1 case 4 on the arrival path): Bart typed "Old words"
    in Positions, Anja moved the group on and back, Bart typed "New words" and Enter: one
    record "Old wordsNew words" was signed. Now the letters are refused, the old words
    quoted; Enter sends them alone, and the next sentence starts in an empty box."""
    w = three(phase="knots")
    w.write(0, "knot.add", bodies.text_body("Too hot on the square"))
    w.write(0, "phase.move", bodies.move_body("positions"))
    app = opened_by(w, tmp_path / "bart", 1)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        positions = screen.view("positions")
        box = positions.composer.input
        await until_app(lambda: screen.viewing == "positions" and app.focused is box)
        await pilot.press("down")  # the knot chosen (↓ in the box): a position is taken
        await until_app(lambda: positions._knot() is not None and app.focused is box)
        burst(app, "Old words")  # not sent
        await until_app(lambda: box.value == "Old words")
        await pilot.press("f3")  # he looks away; the group moves on, then back
        await until_app(lambda: screen.viewing == "knots")
        for phase in ("criteria", "positions"):
            w.write(0, "phase.move", bodies.move_body(phase))
            screen.node.ingest(w.session, list(w.records))
            await until_app(lambda p=phase: screen.group_phase == p)  # drawn, not only held
        await pilot.press("f5")
        await until_app(lambda: screen.viewing == "positions" and app.focused is box)
        burst(app, "New words")
        left = _(NOT_ADDED_LEFT_HERE).format(words="Old words")
        await until_app(lambda: left in screen_words(app))
        assert box.value == "Old words"
        await pilot.press("enter")
        await until_app(lambda: not box.value and len(screen.state.positions) == 1)
        assert [p.text for p in screen.state.positions.values()] == ["Old words"]
        burst(app, "New words")
        await until_app(lambda: box.value == "New words")
