"""F1 lists what this person has on this screen, at 80×24 in en and nl: a guest's help names
only a guest's keys (no F6, F7, F8, F9, F12, Ctrl+F, no phase letters outside Evaluate), and
the Act view's help explains its Internal checkbox."""

from __future__ import annotations

from pathlib import Path

import pytest

from beraad.core import session as model
from beraad.i18n import translate
from beraad.identity_file import save_profile
from beraad.node import Node
from beraad.ui.guest import GUEST_HELP_TEXT
from beraad.ui.phases.act import ActView
from beraad.ui.screens.help import HelpScreen, HelpText
from beraad.ui.screens.session import SessionScreen
from tests.ui import test_session_snapshots as sessions
from tests.ui.conftest import SIZE
from tests.ui.session_people import make_app, node_of, until

pytestmark = pytest.mark.timeout(120)


def help_words(app) -> str:
    """Everything the open help screen says (also below the fold), on one line."""
    assert isinstance(app.screen, HelpScreen)
    return " ".join(" ".join(m.source.split()) for m in app.screen.query(HelpText))


def offered_keys(screen) -> set[str]:
    return {
        binding.key
        for _node, binding, enabled, _tip in screen.active_bindings.values()
        if enabled and binding.description
    }


async def test_a_guests_help_lists_only_a_guests_keys(tmp_path: Path, language):
    home = tmp_path / "anja"
    home.mkdir()
    save_profile(home, "Anja", language, chosen=True)
    anja = await Node.open(home, host="127.0.0.1", discovery=False)
    app = make_app(tmp_path / "gina", "Gina", language)
    try:
        invitation = await anja.create_session(title="Buurt", focus="Wat doen we?")
        session = invitation.session
        guest_code = (await anja.invite(session, role="guest")).code
        async with app.run_test(size=SIZE) as pilot:
            await until(lambda: app.bridge is not None, pilot)
            gina = node_of(app)
            await gina.join(guest_code, address=anja.address)
            await anja.contribute(session, "phase.move", model.move_body("knots"))
            await anja.contribute(session, "knot.add", model.text_body("Speeding"))
            await gina.wait_for(lambda: gina.state(session).phase == "knots", 20)
            app.open_session(session)
            await until(lambda: isinstance(app.screen, SessionScreen), pilot)
            screen = app.screen
            # In Knots the list of knots is all a guest has: no knot keys there.
            await until(lambda: len(screen.state.knots) == 1, pilot)
            await pilot.press("tab")
            await pilot.pause()
            assert not {"a", "m", "e", "r", "l", "c", "g"} & offered_keys(screen)
            await pilot.press("f1")
            await until(lambda: isinstance(app.screen, HelpScreen), pilot)
            words = help_words(app)
            guest = " ".join(translate(GUEST_HELP_TEXT, language).split())
            assert guest in words, words
            for key in ("F6", "F7", "F8", "F9", "F12", "Ctrl+F"):
                assert f"**{key}**" not in words, (key, words)
            for label in ("Move on", "Meeting", "Facts", "Add", "Matters"):
                assert f"| {translate(label, language)} |" not in words, (label, words)
            await pilot.press("escape")
            await until(lambda: app.screen is screen, pilot)
    finally:
        await anja.close()


@pytest.mark.both_languages
async def test_act_help_explains_the_internal_checkbox(tmp_path, monkeypatch, language):
    monkeypatch.setattr(sessions, "CUT_BEFORE", {"act": "evaluate"})
    app, session = sessions.build(tmp_path, language, "act")
    async with app.run_test(size=SIZE) as pilot:
        await sessions.opened(session)(pilot)
        assert isinstance(app.screen, SessionScreen) and app.screen.viewing == "act"
        await pilot.press("f1")
        await until(lambda: isinstance(app.screen, HelpScreen), pilot)
        words = help_words(app)
        internal = translate(ActView.HELP_TEXT, language)
        assert ("**Internal**" if language == "en" else "**Intern**") in internal
        assert " ".join(internal.split()) in words, words
