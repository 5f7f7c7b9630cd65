"""How the screens look at 80×24, in English and in Dutch.

The SVGs under ``__snapshots__`` are made with ``pytest --snapshot-update`` and looked at by a
person; they are never edited by hand. The app gets a fixed identity, so fingerprints match.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from beraad.i18n import set_language
from beraad.ui.app import BeraadApp
from beraad.ui.messages import MySessionsChanged, NearbyChanged
from beraad.ui.models import InvitationView, MySession, NearbyItem
from beraad.ui.screens.invitation import InvitationScreen
from tests.ui.conftest import SIZE, make_profile

LANGUAGES = pytest.mark.parametrize("language", ["en", "nl"])


def build(tmp_path: Path, language: str, *, chosen: bool = True) -> BeraadApp:
    set_language(language)
    home = tmp_path / "anja"
    return BeraadApp(
        profile=make_profile(home, name="Anja" if chosen else "anja", chosen=chosen),
        data_dir=home,
    )


@LANGUAGES
def test_first_run(snap_compare, tmp_path, language):
    assert snap_compare(build(tmp_path, language, chosen=False), terminal_size=SIZE)


@LANGUAGES
def test_lobby(snap_compare, tmp_path, language):
    async def fill(pilot):
        await pilot.pause()
        pilot.app.screen.post_message(
            NearbyChanged(
                [
                    NearbyItem("a" * 32, "Speelplein De Linde", "192.168.1.20:7070", 3),
                    NearbyItem("b" * 32, None, "192.168.1.31:7070", 1),
                ]
            )
        )
        pilot.app.screen.post_message(
            MySessionsChanged([MySession("c" * 32, "Budget 2026", "", "knots", 4)])
        )
        await pilot.pause()

    assert snap_compare(build(tmp_path, language), terminal_size=SIZE, run_before=fill)


@LANGUAGES
def test_start(snap_compare, tmp_path, language):
    assert snap_compare(build(tmp_path, language), press=["n", "ctrl+s"], terminal_size=SIZE)


@LANGUAGES
def test_join_code(snap_compare, tmp_path, language):
    async def show(pilot):
        await pilot.pause()
        pilot.app.push_screen(
            InvitationScreen(
                InvitationView("7-appel-fiets", "Speelplein De Linde", 1_000 + 12 * 60_000),
                now_ms=1_000,
            )
        )
        await pilot.pause()

    assert snap_compare(build(tmp_path, language), terminal_size=SIZE, run_before=show)


@LANGUAGES
def test_rules(snap_compare, tmp_path, language):
    assert snap_compare(build(tmp_path, language), press=["f2"], terminal_size=SIZE)


@LANGUAGES
@pytest.mark.parametrize(
    ("screen", "keys"), [("join", ["j"]), ("connect", ["c"]), ("help", ["f1"])]
)
def test_lobby_dialogs(snap_compare, tmp_path, language, screen, keys):
    """Join by code, connect to an address, and F1 help, as first opened from the lobby."""
    assert snap_compare(build(tmp_path, language), press=keys, terminal_size=SIZE)
