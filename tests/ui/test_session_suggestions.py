"""Suggested knots: a scenario's own starting points, shown in the knots phase until adopted.

Two real apps on loopback nodes. The session starts from the ``buurt`` scenario; in the knots
phase both people see its suggested knots in the session's language; one key adopts one as
that person's own knot, and then it is a suggestion for nobody.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from beraad.i18n import set_language
from beraad.scenarios import get_scenario
from beraad.ui.screens.help import HelpScreen
from beraad.ui.widgets.item_tree import ItemTree
from tests.ui.conftest import SIZE
from tests.ui.session_people import (
    create_in_app,
    make_app,
    node_of,
    screen_text,
    screen_words,
    session_screen,
    until,
)
from tests.ui.stored_app import until_composed
from tests.ui.test_focus import footer_keys
from tests.ui.test_session_flow import join_in_app, move_on, shows, tree_rows

pytestmark = pytest.mark.timeout(120)


#: What the session's help (F1) says about reaching the list from the text box.
def help_words(app) -> str:
    """The screen's words on one line without the help dialog's frame between its lines."""
    return " ".join(screen_words(app).replace("█", " ").split())


TAB_TO_LIST = {
    "en": "Knots, Positions and Options to the list",
    "nl": "Oplossingen naar de lijst, waar een lettertoets op de gekozen regel",
}


def suggestions(language: str) -> list[str]:
    return [k[language] for k in get_scenario("buurt").knots]


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.both_languages
async def test_suggested_knots_are_shown_until_adopted(tmp_path: Path, language: str):
    set_language(language)
    dark, teens, strangers = suggestions(language)
    anja = make_app(tmp_path / "anja", "Anja", language)
    bart = make_app(tmp_path / "bart", "Bart", language)
    async with anja.run_test(size=SIZE) as a, bart.run_test(size=SIZE) as b:
        code = await create_in_app(a, "Ons plein", "Hoe?", scenario="buurt")
        await join_in_app(b, code, node_of(anja).address)
        assert session_screen(anja).state.info.scenario == "buurt"

        # In the opening nothing is suggested yet: the knots phase is where knots are added.
        await until_composed("knots", a, b)
        assert not any(dark in row for row in tree_rows(anja, "knots"))
        await move_on(a)
        await until(lambda: shows(bart, "knots", dark), a, b)
        for app in (anja, bart):
            rows = tree_rows(app, "knots")
            assert [r for r in rows if r.startswith("☆")] == [
                f"☆ {t}" for t in suggestions(language)
            ]
        # The person sees them on screen, with the key that adopts one.
        assert teens in screen_text(bart)

        # Bart arrives with the keys in the text box (docs/focus.md): an "s" there is text. The
        # help says how to reach the list: Tab. There he goes to the second suggestion (past
        # "no knots yet" and the heading) and adopts it with one key.
        view = session_screen(bart).view("knots")
        await until(lambda: bart.focused is view.text_box(), b)
        await b.press("f1")
        await until(lambda: isinstance(bart.screen, HelpScreen), b)
        # The help's frame (█) stands between a sentence's wrapped lines: read the words only.
        await until(lambda: TAB_TO_LIST[language] in help_words(bart), b)
        await b.press("escape")
        await until(lambda: bart.focused is view.text_box(), b)
        await b.press("tab")
        await until(lambda: isinstance(bart.focused, ItemTree), b)
        # No row chosen yet: letters there are text for the box, `a` too (naive s15)
        await until(lambda: "a" not in footer_keys(bart), b)
        await b.press("down", "down", "down", "down")
        await until(lambda: "a" in footer_keys(bart), b)  # on a row the list's keys are offered
        tree = session_screen(bart).view("knots").query_one(ItemTree)
        assert tree.current is not None and tree.current.kind == "suggestion"
        assert teens in screen_text(bart)  # the detail line shows the whole suggestion
        await b.press("s", "enter")  # a row key proposes; Enter does it
        me = node_of(bart).identity.public_key
        await until(
            lambda: any(
                k.text == teens and k.author == me
                for k in session_screen(anja).state.knots.values()
            ),
            a,
            b,
        )
        # Now it is Bart's knot on both screens, and no longer a suggestion for anyone.
        await until(lambda: shows(anja, "knots", f"{teens} — Bart"), a, b)
        for app in (anja, bart):
            await until(lambda app=app: f"☆ {teens}" not in tree_rows(app, "knots"), a, b)
            rows = tree_rows(app, "knots")
            assert f"☆ {dark}" in rows and f"☆ {strangers}" in rows

        # A knot written by hand with the same words also counts as adopted. Anja's keys are
        # still in her text box, where she arrived: she just types.
        assert anja.focused is session_screen(anja).view("knots").text_box()
        await a.press(*strangers, "enter")
        await until(lambda: f"☆ {strangers}" not in tree_rows(bart, "knots"), a, b)
        assert f"☆ {dark}" in tree_rows(bart, "knots")
