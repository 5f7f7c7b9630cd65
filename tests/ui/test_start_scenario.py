"""Picking a scenario fills in what it is written for, and its sealed votes start sealed."""

from __future__ import annotations

import pytest
from textual.widgets import Checkbox, Input, Select

from beraad.i18n import set_language
from beraad.ui.app import BeraadApp
from beraad.ui.phases.decide import DecideView
from beraad.ui.screens.start import StartScreen
from tests.ui.conftest import SIZE
from tests.ui.phases_app import PhaseApp, close_all, table_of, until

pytestmark = pytest.mark.timeout(120)


async def pick(pilot, start: StartScreen, scenario: str) -> None:
    start.query_one("#scenario", Select).value = scenario
    await pilot.pause()


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.both_languages
async def test_a_scenario_fills_in_title_and_focus_question(app: BeraadApp, language):
    set_language(language)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await pilot.press("n")
            await pilot.pause()
            start = app.screen
            assert isinstance(start, StartScreen)
            title, focus = start.query_one("#title", Input), start.query_one("#focus", Input)
            assert (title.value, focus.value) == ("", "")  # blank: nothing to fill in
            await pick(pilot, start, "buurt")
            expected = {
                "en": ("Our square, for everyone", "How do we make the playground square"),
                "nl": ("Ons pleintje, van iedereen", "Hoe maken we van het speelpleintje"),
            }[language]
            assert title.value == expected[0]
            assert focus.value.startswith(expected[1])
            assert start.query_one("#decision", Select).value == "dots"
            # What the person typed stays; what the scenario filled in follows the scenario.
            title.value = "Pleintje Nieuw Gent"
            await pick(pilot, start, "gemeente")
            assert title.value == "Pleintje Nieuw Gent"
            assert focus.value and not focus.value.startswith(expected[1])
            await pick(pilot, start, "blank")
            assert (title.value, focus.value) == ("Pleintje Nieuw Gent", "")
            request = start.validate()
            assert request is None  # a blank scenario leaves the focus question to the person
    finally:
        set_language("en")


@pytest.mark.parametrize(("scenario", "sealed"), [("buurt", True), ("blank", False)])
async def test_seal_my_vote_starts_as_the_scenario_says(tmp_path, scenario, sealed):
    nodes, session = await table_of(tmp_path, ["anja"], "dots", "decide", scenario=scenario)
    try:
        app = PhaseApp(DecideView(session), nodes[0].identity.public_key, node=nodes[0])
        async with app.run_test(size=SIZE) as pilot:
            seal = app.view.query_one("#seal", Checkbox)
            await until(pilot, lambda: app.view.state is not None)
            assert seal.value is sealed
            # The person's choice holds across the view's refreshes.
            seal.value = not sealed
            app.refresh_view()
            await pilot.pause()
            assert seal.value is not sealed
    finally:
        await close_all(nodes)
