"""What the sixth naive session typed and lost, or could not reach (findings 5, 8, 9, 11, 14
of naive_s6_report): boxes, lists and the lobby keep what is typed."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from beraad.core import session as bodies
from beraad.i18n import translate
from beraad.ui.screens.session import SessionScreen
from beraad.ui.widgets.table_map import TableMap
from tests.ui.phases_app import SIZE
from tests.ui.phases_text import screen_words
from tests.ui.stored_app import session_opened
from tests.ui.stored_app import until as until_app
from tests.ui.test_naive_s6 import opened_by, three

pytestmark = pytest.mark.timeout(120)


async def test_edit_box_starts_with_the_cursor_after_the_words(tmp_path):
    """Once the box had added a knot, `e` put the knot's words in it with the cursor at
    the start: "on the cornerParked cars block the view" was signed. The cursor is always
    after the words to edit."""
    w = three()
    app = opened_by(w, tmp_path / "anja", 0)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        view = screen.view("knots")
        box = view.composer.input
        node = screen.node
        await until_app(lambda: screen.focused is box)
        await pilot.press(*"Parked cars block the view", "enter")
        await until_app(lambda: len(node.state(w.session).knots) == 1)
        await pilot.press("tab", "down", "e")
        await until_app(lambda: screen.focused is box and view.composer.mode != "add")
        await pilot.press(*" on the corner", "enter")
        await until_app(
            lambda: any("corner" in k.text for k in node.state(w.session).knots.values())
        )
        texts = [k.text for k in node.state(w.session).knots.values()]
        assert texts == ["Parked cars block the view on the corner"]


async def test_escape_in_the_groups_list_lets_go_so_words_go_to_the_box(tmp_path):
    """Tab to the opening's groups list, Escape, "wijkraad": `w` asked who reaches out and
    the rest was glued to that action's text. Escape lets go of the chosen group: the word
    goes into the group box, and no list key fires."""
    w = three(phase=None)
    w.write(1, "group.add", bodies.group_body("Parents of the school"))
    app = opened_by(w, tmp_path / "anja", 0)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        view = screen.view("opening")
        box = view.text_box()
        await until_app(lambda: screen.focused is box)
        await until_app(lambda: "Parents of the school" in screen_words(app))
        await pilot.press("tab")
        table = view.query_one(TableMap).query_one("#groups", DataTable)
        assert screen.focused is table and view.query_one(TableMap).chosen() is not None
        await pilot.press("escape", *"wijkraad")
        await until_app(lambda: box.value == "wijkraad")
        assert screen.focused is box
        assert view.query_one(TableMap).reaching is None


async def test_escape_in_the_knots_list_lets_go_of_the_row(tmp_path):
    """The same in a tree list: ↓ chooses a knot, Escape lets go, and `m` then `e` are text
    for the box (they marked the knot and opened its edit)."""
    w = three()
    knot = w.write(1, "knot.add", bodies.text_body("Cars drive too fast"))
    app = opened_by(w, tmp_path / "anja", 0)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        view = screen.view("knots")
        box = view.composer.input
        await until_app(lambda: screen.focused is box)
        await pilot.press("tab", "down")
        assert view.tree.current is not None
        await pilot.press("escape")
        assert view.tree.current is None and screen.focused is view.tree
        await pilot.press(*"me")
        await until_app(lambda: box.value == "me")
        assert view.composer.mode == "add"
        assert not screen.node.state(w.session).knots[knot].matters


def test_f1_says_escape_in_a_list_lets_go_of_the_row():
    """F1 said Escape "leaves you in the box", which in a list it did not: it says what
    Escape does there, in both languages."""
    assert "in a list it lets go of the chosen row" in translate(SessionScreen.HELP_TEXT, "en")
    assert "in een lijst laat het de gekozen regel los" in translate(SessionScreen.HELP_TEXT, "nl")
