"""First run: choose a display name and language; the choice is saved and leads to the lobby."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual._xterm_parser import XTermParser
from textual.widgets import Input, RadioSet

from beraad.i18n import current_language, set_language, translate
from beraad.identity_file import load_or_create
from beraad.ui.app import BeraadApp
from beraad.ui.screens.first_run import FirstRunScreen
from beraad.ui.screens.lobby import LobbyScreen
from beraad.ui.widgets.field_error import FieldError
from tests.ui.conftest import SIZE, make_profile
from tests.ui.test_session_flow import until


async def test_first_run_saves_the_name_and_opens_the_lobby(new_app: BeraadApp, data_dir: Path):
    async with new_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(new_app.screen, FirstRunScreen)
        name = new_app.screen.query_one("#name", Input)
        assert name.has_focus
        name.value = ""
        await pilot.press(*"  Anja   Peeters ", "enter")
        await pilot.pause()
        assert isinstance(new_app.screen, LobbyScreen)
        assert "Anja Peeters" in str(new_app.screen.query_one("#status").render())
    profile = load_or_create(data_dir)
    assert profile.display_name == "Anja Peeters" and profile.chosen
    assert profile.language == "en"


async def test_empty_name_is_refused_inline(new_app: BeraadApp, data_dir: Path):
    async with new_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        new_app.screen.query_one("#name", Input).value = "   "
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(new_app.screen, FirstRunScreen)
        error = new_app.screen.query_one("#name-error", FieldError)
        assert error.display and error.message == "A display name cannot be empty."
    assert not load_or_create(data_dir).chosen


async def test_second_start_skips_first_run(app: BeraadApp):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LobbyScreen)


async def test_choosing_dutch_switches_the_screen_at_once_and_keeps_what_was_typed(
    new_app: BeraadApp, data_dir: Path
):
    async with new_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = new_app.screen
        screen.query_one("#name", Input).value = ""
        await pilot.press(*"Wout")
        await pilot.press("tab", "down", "space")  # to the language list, pick Nederlands
        await pilot.pause()
        assert current_language() == "nl"
        # The screen was rebuilt in Dutch and the typed name survived it.
        assert screen.query_one("#name", Input).value == "Wout"
        assert screen.query_one("#language", RadioSet).pressed_index == 1
        screen.query_one("#name", Input).value = ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = screen.query_one("#name-error", FieldError)
        assert error.message == translate("A display name cannot be empty.", "nl")
        assert error.message.startswith("Een weergavenaam")
        screen.query_one("#name", Input).value = "Wout"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(new_app.screen, LobbyScreen)
    saved = json.loads((data_dir / "profile.json").read_text())
    assert saved == {"display_name": "Wout", "language": "nl", "chosen": True}


async def test_a_system_account_name_is_not_taken_for_a_name(new_app: BeraadApp, data_dir: Path):
    """The login name here is "root": a naive Enter made the group see "root (you)"."""
    async with new_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        name = new_app.screen.query_one("#name", Input)
        assert name.value == ""  # not suggested: asked for
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(new_app.screen, FirstRunScreen)
        await pilot.press(*"root", "enter")
        await pilot.pause()
        assert isinstance(new_app.screen, FirstRunScreen)
        error = new_app.screen.query_one("#name-error", FieldError)
        assert error.display and "not your name" in error.message
        name.value = ""
        await pilot.press(*"Anja", "enter")
        await pilot.pause()
        assert isinstance(new_app.screen, LobbyScreen)
    assert load_or_create(data_dir).display_name == "Anja"


def typed(app: BeraadApp, data: str) -> None:
    """What the terminal sends for one burst of typing (``data``: its bytes), parsed as the
    driver parses it and queued all at once, as when the keys arrive in one read."""
    parser = XTermParser()
    driver = app._driver
    assert driver is not None
    for event in [*parser.feed(data), *parser.tick()]:
        event.set_sender(app)
        driver.send_message(event)


@pytest.mark.parametrize(
    ("data", "meant"),
    [
        ("Anx\x7fja", "Anja"),  # a slip, Backspace, typing on
        ("Wout\x15Bert", "Bert"),  # Ctrl+U, a name typed over it
        ("Brt\x1b[D\x1b[De", "Bert"),  # two arrows back, a letter left out
        # Backspace held to clear the box, then a paste (naive s12 P1: the paste went in
        # ahead of the Backspaces, which ate its end: "78- 78 Druif Le")
        ("Wouter" + "\x7f" * 6 + "\x1b[200~Bert Peeters\x1b[201~", "Bert Peeters"),
    ],
)
async def test_letters_typed_right_after_a_backspace_or_ctrl_u_are_kept(
    new_app: BeraadApp, data: str, meant: str
):
    """Backspace, Ctrl+U and the arrows act through the box's bindings, when the key has gone
    up to the app; a letter acts in the box at once. Typed in one burst, the letters after
    them went in first and were deleted: the first-run name "Anja", typed right after a
    Ctrl+U, left the box empty (fresh-clone CI, the placeholder still shown)."""
    async with new_app.run_test(size=SIZE) as pilot:
        name = new_app.screen.query_one("#name", Input)
        await until(lambda: name.has_focus, pilot)
        typed(new_app, data)
        await until(lambda: name.value == meant, pilot, timeout=10)


@pytest.mark.parametrize(("keys", "language"), [((), "en"), (("down",), "nl")])
@pytest.mark.both_languages
async def test_enter_in_the_language_list_continues_with_the_language_under_the_cursor(
    new_app: BeraadApp, data_dir: Path, keys, language
):
    """Naive s11 F-minor-1: name, Tab to the languages, Enter, Enter: nothing happened (Enter
    ticked English again). It continues, as Enter in the name box does."""
    async with new_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        new_app.screen.query_one("#name", Input).value = ""
        await pilot.press(*"Carla", "tab")
        await until(lambda: isinstance(new_app.focused, RadioSet), pilot)
        await pilot.press(*keys, "enter")
        await until(lambda: isinstance(new_app.screen, LobbyScreen), pilot)
        assert current_language() == language
    profile = load_or_create(data_dir)
    assert profile.display_name == "Carla" and profile.chosen and profile.language == language


async def test_the_language_list_starts_on_the_ticked_language(data_dir: Path):
    """Naive s11b N1: started in Dutch, Nederlands was ticked but the list's cursor stood on
    English, so name, Tab, Enter continued in English."""
    set_language("nl")
    try:
        app = BeraadApp(
            profile=make_profile(data_dir, name="root", chosen=False), data_dir=data_dir
        )
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            app.screen.query_one("#name", Input).value = ""
            await pilot.press(*"Anja", "tab")
            await until(lambda: isinstance(app.focused, RadioSet), pilot)
            await pilot.press("enter")
            await until(lambda: isinstance(app.screen, LobbyScreen), pilot)
            assert current_language() == "nl"
        assert load_or_create(data_dir).language == "nl"
    finally:
        set_language("en")


async def test_a_name_enter_and_a_key_in_one_burst_save_the_name_typed(
    new_app: BeraadApp, data_dir: Path
):
    """``Eva`` Enter ``n`` in one burst saved "Evan": the n went into the box before Enter's
    save read it (naive s11 F3b). Enter reads the name as its key is handled."""
    from tests.ui.burst import burst

    async with new_app.run_test(size=SIZE) as pilot:
        await until(lambda: isinstance(new_app.screen, FirstRunScreen), pilot)
        new_app.screen.query_one("#name", Input).value = ""
        burst(new_app, "Eva\nn")
        await until(lambda: isinstance(new_app.screen, LobbyScreen), pilot)
        await pilot.pause()
    assert load_or_create(data_dir).display_name == "Eva"
