"""Enter in a box whose answer moves the focus (the start form's title goes on to the focus
question) is done before the next key is handled: a burst "Plein⏎Hoe?" put everything in the
title ("PleinHoe?"), as the focus moved on ``Input.Submitted`` after "Hoe?" had been handed
to the title already (docs/focus.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from beraad.ui.screens.start import StartScreen
from tests.ui.burst import burst
from tests.ui.test_session_flow import make_app, until

pytestmark = pytest.mark.timeout(120)


async def test_a_burst_through_the_start_forms_enter_lands_in_the_focus_question(tmp_path: Path):
    anja = make_app(tmp_path / "anja", "Anja")
    async with anja.run_test(size=(80, 24)) as a:
        await until(lambda: anja.bridge is not None, a)
        await a.press("n")
        await until(lambda: isinstance(anja.screen, StartScreen), a)
        form = anja.screen
        title = form.query_one("#title", Input)
        focus = form.query_one("#focus", Input)
        await until(lambda: anja.focused is title, a)
        burst(anja, "Plein\nHoe?")
        await until(lambda: len(title.value) + len(focus.value) >= 9, a)
        await a.pause()
        assert (title.value, focus.value) == ("Plein", "Hoe?")
        assert anja.focused is focus


async def test_the_words_after_an_enter_that_asks_for_the_title_go_into_the_title(tmp_path: Path):
    """Enter in the focus question with no title yet asks for the title and gives it the
    keys (``StartScreen.validate``): what is typed right after it is the title."""
    anja = make_app(tmp_path / "anja", "Anja")
    async with anja.run_test(size=(80, 24)) as a:
        await until(lambda: anja.bridge is not None, a)
        await a.press("n")
        await until(lambda: isinstance(anja.screen, StartScreen), a)
        form = anja.screen
        title = form.query_one("#title", Input)
        focus = form.query_one("#focus", Input)
        await until(lambda: anja.focused is title, a)
        await a.press("tab")
        await until(lambda: anja.focused is focus, a)
        burst(anja, "Hoe?\nPlein")
        await until(lambda: len(title.value) + len(focus.value) >= 9, a)
        await a.pause()
        assert (title.value, focus.value) == ("Plein", "Hoe?")
        assert isinstance(anja.screen, StartScreen)  # nothing started without a title
