"""Dutch (and English) words the naive tester of session 8 tripped on (finding 12): the phase
bar's rule line, the lobby found from the palette, the projector's word for deliberations."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from textual.command import CommandPalette

from beraad.core.session import PHASES
from beraad.i18n import _
from beraad.ui.widgets.phase_bar import steward_line
from tests.ui.phases_app import SIZE
from tests.ui.phases_text import screen_words
from tests.ui.stored_app import session_opened
from tests.ui.stored_app import until as until_app
from tests.ui.test_naive_s6 import opened_by, three


def bar(phase: str, rule: str = "consent") -> str:
    state = SimpleNamespace(
        info=SimpleNamespace(phases=PHASES, process_rule=rule),
        phase=phase,
        between_meetings=False,
        meeting=1,
        meetings=[],
        proposals={},
        facilitator="f",
        name=lambda key: "Anja",
    )
    return steward_line(state)  # type: ignore[arg-type]


@pytest.mark.parametrize("language", ["nl"], indirect=True)
@pytest.mark.both_languages
def test_the_dutch_bar_says_the_group_moves_on_with_its_consent(language):
    assert bar("knots") == "Volgende: Standpunten · verder met instemming van de groep"
    assert "bij consent" not in bar("knots")


@pytest.mark.parametrize("language", ["en", "nl"], indirect=True)
@pytest.mark.parametrize("rule", ["consent", "facilitator"])
@pytest.mark.both_languages
def test_the_last_phase_says_no_one_moves_the_group_on(language, rule):
    """ "Dit is de laatste fase. · de groep gaat verder bij consent": nowhere to go on to."""
    assert bar("evaluate", rule) == _("This is the last phase.")


@pytest.mark.parametrize(
    ("language", "words", "command"),
    [
        ("nl", ("lobby", "terug", "ander beraad"), "Terug naar de lobby"),
        ("en", ("lobby", "back", "other deliberation"), "Back to the lobby"),
    ],
    indirect=["language"],
)
async def test_the_palette_finds_the_way_back_to_the_lobby(tmp_path, language, words, command):
    """Ctrl+P "lobby", "terug", "ander beraad" found nothing; Ctrl+L was only in F1."""
    w = three("facilitator", phase="knots")
    app = opened_by(w, tmp_path / "anja", 0, language)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        for word in words:
            await pilot.press("ctrl+p", *word)
            await until_app(lambda: command in screen_words(app), 10)
            await pilot.press("escape")
            await until_app(lambda: not isinstance(app.screen, CommandPalette))
        await pilot.press("ctrl+p", *words[0])
        await until_app(lambda: command in screen_words(app), 10)
        await pilot.press("enter")
        await until_app(lambda: screen not in app.screen_stack)


@pytest.mark.parametrize("language", ["nl"], indirect=True)
def test_the_dutch_projector_says_beraden_like_everything_else(language):
    assert _("Sessions") == "Beraden"
