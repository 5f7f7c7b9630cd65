"""Tests with several apps in one test task (the walks of two or three people) pause each
app's pilot; each pause must leave that app's screen laid out, not its update timer stopped
with a layout pending (``tests/conftest.py``, ``_pilot_settles_its_own_app``). Real apps,
Pilot; the hang guard is the only time."""

from __future__ import annotations

from pathlib import Path

import pytest
import textual.screen
from textual.widgets import Footer

from beraad.ui.app import BeraadApp
from tests.ui.conftest import SIZE, make_profile
from tests.ui.stored_app import until

pytestmark = pytest.mark.timeout(120)


async def test_a_pause_of_an_app_entered_first_lays_out_its_screen(
    app: BeraadApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # A screen's own update comes at most every half second, as on a loaded machine where
    # the pilot's pause comes first (at Textual's 1/60 s, only now and then).
    monkeypatch.setattr(textual.screen, "UPDATE_PERIOD", 0.5)
    bart = tmp_path / "bart"
    other = BeraadApp(profile=make_profile(bart, name="Bart"), data_dir=bart)
    async with app.run_test(size=SIZE) as pilot, other.run_test(size=SIZE):
        # This task entered ``other`` last: it is the active app here, ``app`` is not.
        screen = app.screen
        footer = screen.query_one(Footer)
        await until(lambda: footer in screen._compositor.visible_widgets)
        for shown in (False, True, False):
            footer.display = shown
            await pilot.pause()
            # Nothing else wakes the screen: a layout the pause left undone stays undone.
            await until(lambda s=shown: (footer in screen._compositor.visible_widgets) == s, 10)
