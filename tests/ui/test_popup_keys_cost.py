"""A key typed under "since last time" (a ``GivesWay`` box, as "while you were away") costs
what it costs with the box shut (attack s11 finding 4: 2–4×). The screen below, seen dimmed
around the box, was redrawn and tinted whole, about twice, for each key: the box's opening
refresh came back with every change below. Counted here: rows of the screen below tinted
per key, and that what is drawn is what Textual draws."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual._context import visible_screen_stack
from textual.renderables.background_screen import BackgroundScreen
from textual.widgets import Input

from beraad.ui.screens.since_last_time import SinceLastTimeScreen
from tests.ui.session_people import at_meeting_two
from tests.ui.test_session_flow import make_app, until

pytestmark = pytest.mark.timeout(120)

KEYS = "abcdefghij"


async def test_a_key_under_the_popup_tints_its_rows_only(tmp_path: Path, monkeypatch):
    tinted: list[int] = []
    tint = BackgroundScreen.process_segments.__func__  # type: ignore[attr-defined]

    def counted(cls, segments, color):  # type: ignore[no-untyped-def]
        rows = 1
        for segment in tint(cls, segments, color):
            rows += segment.text == "\n"
            yield segment
        tinted.append(rows)

    monkeypatch.setattr(BackgroundScreen, "process_segments", classmethod(counted))
    anja = make_app(tmp_path / "anja", "Anja")
    async with anja.run_test(size=(80, 24)) as a:
        screen = await at_meeting_two(a)
        popup = anja.screen
        box = screen.view("opening").query_one("#group-text", Input)
        await a.pause()
        tinted.clear()
        for key in KEYS:
            await a.press(key)
            await until(lambda key=key: box.value.endswith(key), a)
            await a.pause()
        assert isinstance(anja.screen, SinceLastTimeScreen) and box.value == KEYS
        # The box's row (and a clock tick's): a few rows a key, not the screen's 24 twice.
        assert sum(tinted) <= 4 * len(KEYS), tinted
        # What the box shows of the screen below is what Textual's own drawing shows.
        ours = [list(strip) for strip in popup._compositor.render_strips()]
        monkeypatch.setattr(popup, "_opaque_below", lambda: None)
        popup._set_dirty()
        visible_screen_stack.set(anja._background_screens)
        theirs = [list(strip) for strip in popup._compositor.render_strips()]
        assert ours == theirs
