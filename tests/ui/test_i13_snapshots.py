"""Issue 13's screens at 80×24 and 120×40, in English and Dutch: the join code with the
addresses to type and who has joined, and the lobby with "Continue" at the top.

The SVGs are made with ``--snapshot-update`` and looked at by a person.
"""

from __future__ import annotations

import pytest

from beraad.ui.messages import MySessionsChanged, NearbyChanged
from beraad.ui.models import InvitationView, MySession, NearbyItem
from beraad.ui.screens.invitation import InvitationScreen
from tests.ui.test_snapshots import build

LANGUAGES = pytest.mark.parametrize("language", ["en", "nl"])
SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


@LANGUAGES
@SIZES
def test_join_code_with_addresses_and_members(snap_compare, tmp_path, language, size):
    async def show(pilot):
        await pilot.pause()
        pilot.app.push_screen(
            InvitationScreen(
                InvitationView(
                    "99-zeehond-blanket",  # as wide as a code gets
                    "Speelplein De Linde",
                    1_000 + 12 * 60_000,
                    addresses=("192.168.1.20:39223", "10.0.0.7:39223"),
                ),
                now_ms=1_000,
                members=["Anja", "Bart", "Chloé"],
            )
        )
        await pilot.pause()

    assert snap_compare(build(tmp_path, language), terminal_size=size, run_before=show)


@LANGUAGES
def test_join_code_without_a_reachable_address(snap_compare, tmp_path, language):
    async def show(pilot):
        await pilot.pause()
        pilot.app.push_screen(
            InvitationScreen(
                InvitationView("7-appel-fiets", "Budget 2026", None, addresses=()),
                members=["Anja"],
            )
        )
        await pilot.pause()

    assert snap_compare(build(tmp_path, language), terminal_size=(80, 24), run_before=show)


@LANGUAGES
@SIZES
def test_lobby_offers_to_continue(snap_compare, tmp_path, language, size):
    async def fill(pilot):
        await pilot.pause()
        pilot.app.screen.post_message(
            NearbyChanged([NearbyItem("a" * 32, "Speelplein De Linde", "192.168.1.20:7070", 3)])
        )
        pilot.app.screen.post_message(
            MySessionsChanged(
                [
                    MySession("c" * 32, "Budget 2026", "", "knots", 4, left_at=5),
                    MySession("d" * 32, "Ons pleintje, van iedereen", "", "options", 5, left_at=9),
                ]
            )
        )
        await pilot.pause()

    assert snap_compare(build(tmp_path, language), terminal_size=size, run_before=fill)
