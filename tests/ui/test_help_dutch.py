"""What F1, the footer and the palette show in Dutch is Dutch: the naive tester saw the session's
help in English, "esc Dismiss menu" under an open dropdown and "No matches found" in the palette
(naive pass 2, finding 5)."""

from __future__ import annotations

import asyncio
import importlib
import pkgutil

import pytest
from textual.widgets import Select

import beraad.ui
from beraad.core.identity import Identity
from beraad.core.script import ScriptRunner
from beraad.i18n import catalog, set_language, translate
from beraad.scenarios import get_scenario
from beraad.ui.app import BeraadApp
from beraad.ui.screens.help import HelpScreen
from beraad.ui.screens.session import SessionScreen
from tests.ui import test_session_snapshots as sessions
from tests.ui.conftest import ANJA, SIZE, make_profile
from tests.ui.phases_text import screen_words
from tests.ui.stored_app import hold, loopback_app
from tests.ui.test_footer_help import bottom_row

pytestmark = pytest.mark.timeout(120)

#: Key descriptions that are the same word in both languages.
SAME_IN_BOTH = {"Café", "Lobby"}


def help_texts() -> dict[str, str]:
    """Every screen's F1 text in beraad, by the class that shows it."""
    texts = {}
    for info in pkgutil.walk_packages(beraad.ui.__path__, "beraad.ui."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            text = getattr(value, "HELP_TEXT", "")
            if isinstance(value, type) and isinstance(text, str) and text:
                texts[f"{value.__module__}.{value.__qualname__}"] = text
    return texts


def test_every_help_text_has_its_own_dutch():
    dutch = catalog("nl")
    texts = help_texts()
    assert f"{SessionScreen.__module__}.SessionScreen" in texts
    untranslated = [where for where, text in texts.items() if dutch.get(text, text) == text]
    assert not untranslated, untranslated


async def until_words(pilot, text: str) -> str:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 5
    while text not in (words := screen_words(pilot.app)) and loop.time() < deadline:
        await pilot.pause(0.05)
    return words


async def test_f1_on_the_session_screen_is_dutch_and_names_the_table_map_keys(tmp_path):
    app, session = sessions.build(tmp_path, "nl", "opening")
    try:
        async with app.run_test(size=SIZE) as pilot:
            await sessions.opened(session)(pilot)
            await pilot.press("f1")
            await until_words(pilot, "Dit is het beraad")
            help_screen = app.screen
            assert isinstance(help_screen, HelpScreen)
            text = translate(help_screen.help_text, "nl")
            assert text != help_screen.help_text
            assert "Dit is het beraad" in screen_words(app)
            for key in ("`1`", "`2`", "`3`", "`w`", "**Ctrl+T**"):
                assert key in text, key
            english = [
                description
                for _key, description in help_screen.keys
                if translate(description, "nl") == description and description not in SAME_IN_BOTH
            ]
            assert not english, english
    finally:
        set_language("en")


def gradients_voting(tmp_path, language: str) -> tuple[BeraadApp, str]:
    """The ``armoede`` script (gradients of agreement) up to the close of its vote: the group
    is deciding and voting is open, so the decide view shows its one-option round with its
    two dropdowns (a sheet rule such as buurt's dots composes none)."""
    set_language(language)
    people = [ANJA] + [Identity.from_seed(bytes([n]) * 32) for n in range(1, 5)]
    runner = ScriptRunner(get_scenario("armoede"), language, people, sessions.NONCE)
    records = []
    for record in runner.steps():
        if record.kind == "vote.close":
            break
        records.append(record)
    home = tmp_path / "line"
    make_profile(home, name="Line")
    hold(home, runner.session, records)
    return loopback_app(home), runner.session


async def test_an_open_dropdown_and_an_empty_palette_speak_dutch(tmp_path):
    app, session = gradients_voting(tmp_path, "nl")
    try:
        async with app.run_test(size=SIZE) as pilot:
            await sessions.opened(session)(pilot)
            # Arriving, the reason box has the keys; one step back is the level of
            # agreement's dropdown, which Enter opens (as a person does it).
            await pilot.press("shift+tab")
            select = app.focused
            assert isinstance(select, Select) and select.id == "level", select
            await pilot.press("enter")
            assert select.expanded
            loop = asyncio.get_running_loop()
            deadline = loop.time() + 5
            while "Menu sluiten" not in (row := bottom_row(app)) and loop.time() < deadline:
                await pilot.pause(0.05)
            assert "Menu sluiten" in row and "Dismiss" not in row, row
            await pilot.press("escape")
            assert not select.expanded
            await pilot.press("ctrl+p")
            await pilot.press(*"qxzqxz")
            words = await until_words(pilot, "Niets gevonden")
            assert "Niets gevonden" in words and "No matches" not in words, words
    finally:
        set_language("en")
