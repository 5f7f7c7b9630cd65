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


SHADE = "Trees and a shade sail over the sandpit, with benches for the parents and a water tap"
QUIET = "Quiet at night for neighbours who sleep early and babies upstairs"


def long_table():
    """Options and a criterion as long as people write them in a real meeting."""
    from beraad.core import session as model
    from tests.ui.phases_app import Table

    t = Table(["Anja", "Bart", "Carla"], "matrix")
    t.move_to("criteria")
    quiet = t.write(0, "criterion.add", model.text_body(QUIET))
    t.write(1, "criterion.add", model.text_body("Cheap to maintain"))
    t.move_to("options")
    t.write(0, "option.add", model.option_body("A low fence around the square"))
    t.write(1, "option.add", model.option_body(SHADE))
    t.move_to("decide")
    assert quiet
    return t


def long_view(name: str):
    from beraad.ui.phases.criteria import CriteriaView
    from beraad.ui.phases.decide import DecideView
    from beraad.ui.phases.options import OptionsView
    from tests.ui.phases_app import PhaseApp

    view = {"options": OptionsView, "criteria": CriteriaView, "decide": DecideView}[name]
    table = long_table()
    return PhaseApp(view(table.session), table.keys[0], state=table.state)


@LANGUAGES
@SIZES
@pytest.mark.parametrize("name", ["options", "criteria", "decide"])
def test_long_texts_use_the_width(snap_compare, language, size, name):
    from beraad.i18n import set_language

    set_language(language)
    assert snap_compare(long_view(name), terminal_size=size)


@pytest.mark.parametrize("name", ["options", "criteria", "decide"])
async def test_long_texts_are_whole_where_there_is_room(name):
    """At 120 columns an option or criterion reads whole; at 80 an option wraps, not cut."""
    from tests.ui.phases_text import screen_words

    long = {"options": SHADE, "criteria": QUIET, "decide": SHADE}[name]
    app = long_view(name)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert long in screen_words(app)
    if name == "options":
        app = long_view(name)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            words = screen_words(app)  # over two lines, beside the author's name
            assert "Trees and a shade sail over the sandpit, with" in words
            assert "benches for the parents and a water tap" in words
            assert "…" not in words
