"""The interaction rules and the help are one key away everywhere, and speak both languages."""

from __future__ import annotations

from textual.widgets import Input, Static

from beraad.i18n import current_language, translate
from beraad.ui.app import BeraadApp
from beraad.ui.rules import INTERACTION_RULES
from beraad.ui.screens.help import HelpScreen, HelpText
from beraad.ui.screens.lobby import LobbyScreen
from beraad.ui.screens.rules import RulesScreen
from beraad.ui.screens.start import StartScreen
from beraad.ui.widgets.footer import TranslatedFooter
from tests.ui.conftest import SIZE


def texts(screen) -> list[str]:
    return [str(w.render()) for w in screen.query(Static)]


async def test_rules_open_with_f2_even_while_typing_and_close_with_escape(app: BeraadApp):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.query_one("#title", Input).has_focus
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, RulesScreen)
        shown = texts(app.screen)
        assert len(INTERACTION_RULES) == 8
        for number, rule in enumerate(INTERACTION_RULES, start=1):
            assert f"{number}. {rule}" in shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert app.screen.query_one("#title", Input).has_focus


async def test_help_explains_the_screen_it_was_opened_on(app: BeraadApp):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        markdown = app.screen.query(HelpText)
        assert "join code to read out" in markdown.first().source
        assert "| `n` | New |" in markdown.last().source
        await pilot.press("escape", "n")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert "focus question" in app.screen.query(HelpText).first().source.lower()


async def test_language_switch_from_the_palette_rerenders_every_screen(app: BeraadApp):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"Onze straat")
        await pilot.press("ctrl+p")
        await pilot.press(*"nederlands")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert current_language() == "nl"
        start = app.screen
        assert isinstance(start, StartScreen)
        assert start.query_one("#title", Input).value == "Onze straat"
        assert start.sub_title == translate("Start a new deliberation", "nl")
        footer_keys = {key.action: key.description for key in start.query("FooterKey")}
        assert footer_keys["help"] == translate("Help", "nl")
        assert any(isinstance(f, TranslatedFooter) for f in start.query(TranslatedFooter))
        # The lobby underneath was re-rendered too.
        lobby = app.screen_stack[-2]
        assert isinstance(lobby, LobbyScreen)
        assert lobby.sub_title == translate("Lobby", "nl")
        await pilot.press("f2")
        await pilot.pause()
        shown = texts(app.screen)
        assert f"1. {translate('Open your mind', 'nl')}" in shown
    assert '"language": "nl"' in (app.data_dir / "profile.json").read_text()
