"""A paste into any box of free text is taken as the vote's reason takes it (attack s9 finding 4,
left for the other boxes): all its lines joined by a space, no control character, a bidi
override it opens closed where it ends (none at all in a name), and the record's limit said as
one types. Textual's box kept the first line and the controls (session 9's naive passes).
The real app at 80×24, with the paste a terminal sends."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

from beraad.core.schema import MAX_TEXT
from tests.ui.session_people import create_in_app, screen_words
from tests.ui.test_session_flow import make_app, move_on, session_screen, until

pytestmark = pytest.mark.timeout(120)

SIZE = (80, 24)


async def test_the_group_box_and_the_knot_box_take_a_paste_whole(tmp_path: Path):
    anja = make_app(tmp_path / "anja", "Anja")
    async with anja.run_test(size=SIZE) as a:
        await create_in_app(a, "Our square", "Nicer for everyone?")
        screen = session_screen(anja)
        box = screen.view("opening").query_one("#group-text", Input)
        await until(lambda: anja.focused is box, a)
        # A name: its lines joined, no control, no bidi mark at all (a name refuses them).
        anja.post_message(events.Paste("Bakers\r\nand\u202e millers\x1b\n"))
        await until(lambda: box.value == "Bakers and millers", a)
        await a.press("enter")
        await until(
            lambda: [g.name for g in screen.state.groups.values()] == ["Bakers and millers"], a
        )
        # A list pasted is one name, and said so (naive s18 N4: three groups became one
        # without a word); Ctrl+U takes the words and what was said of them (the 60
        # characters' line stayed under the emptied box).
        anja.post_message(events.Paste("Youth\nParents of the school\nShopkeepers\n"))
        await until(lambda: box.value == "Youth Parents of the school Shopkeepers", a)
        joined = "3 lines pasted as one name: Enter adds one group by that name."
        await until(lambda: joined in screen_words(anja), a)
        await a.press("home", "ctrl+u")  # the whole box, wherever the cursor is
        await until(lambda: not box.value and joined not in screen_words(anja), a)
        anja.post_message(events.Paste("x" * 64))
        limit = "holds at most 60 characters"
        await until(lambda: limit in screen_words(anja), a)
        await a.press("ctrl+u")
        await until(lambda: not box.value and limit not in screen_words(anja), a)
        await move_on(a)
        await until(lambda: screen.viewing == "knots", a)
        knot = screen.view("knots").text_box()
        await until(lambda: anja.focused is knot, a)
        anja.post_message(events.Paste("Too many\ncars\x07 near\tthe school \u202eloud\n"))
        said = "Too many cars near the school \u202eloud\u202c"
        await until(lambda: knot.value == said, a)
        await a.press("enter")
        await until(lambda: [k.text for k in screen.state.knots.values()] == [said], a)
        # Past the record's 2,000 characters: what fits is typed, and the line says so.
        anja.post_message(events.Paste("word " * 500))
        await until(lambda: len(knot.value) == MAX_TEXT, a)
        await until(lambda: "holds at most 2000 characters" in screen_words(anja), a)
