"""The new-deliberation form at 80×24 (naive findings): where the cursor starts is marked
beside the field's name, also without colour, and an error goes once it is answered."""

from __future__ import annotations

from pathlib import Path

import pytest

from beraad.ui.screens.start import StartScreen
from tests.ui.test_session_flow import make_app, screen_text, until

pytestmark = pytest.mark.timeout(120)


def line_of(app, word: str) -> str:
    return next(line for line in screen_text(app).splitlines() if word in line)


async def test_the_field_with_the_keys_is_marked_and_an_answered_error_goes(tmp_path: Path):
    anja = make_app(tmp_path / "anja", "Anja")
    async with anja.run_test(size=(80, 24)) as a:
        await until(lambda: anja.bridge is not None, a)
        await a.press("n")
        await until(lambda: isinstance(anja.screen, StartScreen), a)
        await a.pause()
        assert "✎ Title" in line_of(anja, "Title")
        assert "✎" not in line_of(anja, "Focus question")
        await a.press("ctrl+s")  # nothing typed: the title is asked for
        await until(lambda: "Give the deliberation a title." in screen_text(anja), a)
        await a.press(*"Our street")
        await a.pause()
        assert "Give the deliberation a title." not in screen_text(anja)
        await a.press("tab")
        await a.pause()
        assert "✎ Focus" in line_of(anja, "Focus")
        assert "✎" not in line_of(anja, "Title")


async def test_down_in_who_moves_the_group_on_chooses_the_rule_the_session_gets(tmp_path: Path):
    """Naive s9 finding 10: Tab into "Wie brengt de groep verder", ↓ (the highlight moved to
    consent), Ctrl+S: the session was made under the facilitator rule, the ● still there. ↓
    chooses, as ↑ ↓ do in the decide view; ↑ goes back."""
    from textual.widgets import RadioSet

    from tests.ui.session_people import node_of

    anja = make_app(tmp_path / "anja", "Anja")
    async with anja.run_test(size=(80, 24)) as a:
        await until(lambda: anja.bridge is not None, a)
        await a.press("n")
        await until(lambda: isinstance(anja.screen, StartScreen), a)
        form = anja.screen
        await a.press(*"Buurthuis", "tab", *"Wat doen we?", "tab")
        rules = form.query_one("#process", RadioSet)
        await until(lambda: anja.focused is rules, a)
        chosen = rules.pressed_button
        await a.press("down")
        await until(lambda: chosen is not rules.pressed_button, a)
        assert rules.pressed_button is not None and rules.pressed_button.name == "consent"
        assert "●" in line_of(anja, "by consent") and "●" not in line_of(anja, "facilitator")
        await a.press("up", "down")  # back and forth: the screen's ● is the choice
        await until(lambda: rules.pressed_button.name == "consent", a)
        await a.press("ctrl+s")
        node = node_of(anja)
        await until(lambda: node.sessions(), a)
        assert node.state(node.sessions()[0].id).info.process_rule == "consent"
