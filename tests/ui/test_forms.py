"""The start and join forms: inline errors where the person looks, nothing lost."""

from __future__ import annotations

import pytest
from textual.widgets import Input, RadioSet, Select

from beraad.ui.app import BeraadApp
from beraad.ui.join_code import CodeFormatError, normalize_code
from beraad.ui.models import NewSession
from beraad.ui.screens.join import JoinScreen
from beraad.ui.screens.start import StartScreen
from beraad.ui.widgets.field_error import FieldError
from tests.ui.conftest import SIZE


async def open_start(app: BeraadApp, pilot) -> StartScreen:
    await pilot.pause()
    await pilot.press("n")
    await pilot.pause()
    assert isinstance(app.screen, StartScreen)
    return app.screen


async def test_empty_title_is_an_inline_error_and_gets_the_focus(app: BeraadApp):
    async with app.run_test(size=SIZE) as pilot:
        start = await open_start(app, pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert start.query_one("#title-error", FieldError).message == (
            "Give the deliberation a title."
        )
        assert start.query_one("#focus-error", FieldError).message
        assert start.query_one("#title", Input).has_focus
        assert isinstance(app.screen, StartScreen)
        # Enter in the title moves on to the focus question; the title error goes away.
        await pilot.press(*"Our street", "enter")
        assert start.query_one("#focus", Input).has_focus
        await pilot.press(*"   ", "enter")
        await pilot.pause()
        assert not start.query_one("#title-error", FieldError).message
        assert start.query_one("#focus-error", FieldError).message


async def test_a_complete_form_gives_the_request_and_says_when_offline(app: BeraadApp):
    async with app.run_test(size=SIZE) as pilot:
        start = await open_start(app, pilot)
        await pilot.press(*"Our  street", "enter", *"How do we slow the traffic?")
        start.query_one("#process", RadioSet).query("RadioButton").last().value = True
        start.query_one("#decision", Select).value = "schulze"
        await pilot.pause()
        assert start.validate() == NewSession(
            title="Our street",
            focus="How do we slow the traffic?",
            scenario="blank",
            language="en",
            process_rule="consent",
            decision_rule="schulze",
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        # No network in this app: the form stays, with the reason, and keeps what was typed.
        assert isinstance(app.screen, StartScreen)
        assert "Offline" in start.query_one("#form-error", FieldError).message
        assert start.query_one("#title", Input).value == "Our  street"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("7-appel-fiets", "7-appel-fiets"),
        ("7 appel fiets", "7-appel-fiets"),
        ("  7 Appel - FIETS ", "7-appel-fiets"),
        ("07_appel.fiets", "7-appel-fiets"),
    ],
)
def test_codes_are_read_as_people_type_them(typed: str, expected: str):
    assert normalize_code(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Type the join code"),
        ("appel fiets 7", "starts with a number"),
        ("7 appel", "a number and two words"),
        ("7 appel fiets boom", "a number and two words"),
        ("7 appel f1ets", "letters only"),
    ],
)
async def test_join_code_mistakes_are_shown_inline(app: BeraadApp, typed: str, message: str):
    with pytest.raises(CodeFormatError, match=message):
        normalize_code(typed)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        join = app.screen
        assert isinstance(join, JoinScreen)
        await pilot.press(*typed, "enter")
        await pilot.pause()
        assert message in join.query_one("#code-error", FieldError).message
        assert join.query_one("#code", Input).value == typed  # nothing typed is lost


async def test_a_good_code_without_network_says_offline(app: BeraadApp):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        await pilot.press(*"7 Appel Fiets", "tab", *"10.0.0.1:99999", "enter")
        await pilot.pause()
        join = app.screen
        assert "host and a port" in join.query_one("#address-error", FieldError).message
        join.query_one("#address", Input).value = ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert join.query_one("#code", Input).value == "7-appel-fiets"
        assert "Offline" in join.query_one("#code-error", FieldError).message
