"""A key typed in a text box repaints the box and lays nothing out: Textual's ``Input`` set
its virtual size to the text's width on every key, which laid the whole screen out again
(at 5,000 contributions the knots tree behind the composer and its scroll bars: most of a
key's time, and what made a key cost more in a bigger session). ``StillInput`` keeps the
box's own behaviour (what it shows of a long text, where its cursor is). Work is counted
(layouts of the screen), never timed."""

from __future__ import annotations

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Input

from beraad.ui.widgets.sending_input import StillInput
from tests.ui.conftest import SIZE
from tests.ui.stored_app import session_opened, until
from tests.ui.test_session_mount import session_app
from tests.ui.test_switch_work import counting_layouts, settled

pytestmark = pytest.mark.timeout(120)

#: Longer than the box at 80 columns: the box scrolls to keep the cursor in view.
TYPED = "de lampen bij het plein blijven aan tot middernacht en er komt een hek omheen"


def typed(app: App[None], text: str) -> None:
    """Each letter sent down the driver at once, as a terminal sends a quick typist's keys
    (Pilot waits for the app to idle after each one: a second per line of text)."""
    for char in text:
        event = events.Key("space" if char == " " else char, char)
        event.set_sender(app)
        app._driver.send_message(event)  # type: ignore[union-attr]


async def test_typing_in_the_composer_lays_out_nothing(tmp_path):
    app, w = session_app(tmp_path / "anja")
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        screen.look_at("knots")
        await until(lambda: screen.view("knots").is_mounted)
        view = screen.view("knots")
        box = view.query_one("#knot-text", Input)
        screen.set_focus(view.query_one("#knots-tree"))
        await pilot.pause()
        if view.tree.current is None:  # type: ignore[attr-defined]
            await pilot.press("down")
        await pilot.press("e", "enter")  # edit one's own knot: the box holds its text
        await until(lambda: app.focused is box)
        await pilot.press("end")
        # The views behind mount once the keys rest, each with a layout of the screen: on a
        # slow machine they came while the keys below were typed (10 layouts, none the box's).
        await until(lambda: len(screen.views()) == len(screen.phases))
        await settled(pilot, screen)
        before = box.value
        layouts = counting_layouts(screen)
        typed(app, TYPED)
        await until(lambda: box.value == before + TYPED)
        await settled(pilot, screen)
        assert box.value == before + TYPED
        assert layouts[0] == 0, layouts[0]
        shown = box.render_line(0).text
        assert "omheen" in shown and "Knot" not in shown  # scrolled to the cursor
        # The cursor at the end of the text: on the box's last cell or just past it, as
        # Textual's own box puts it.
        assert box.region.x < box.cursor_screen_offset.x <= box.region.right


class TwoBoxes(App[None]):
    def compose(self) -> ComposeResult:
        yield Input(id="textual", compact=True)
        yield StillInput(id="still", compact=True)


async def test_a_still_box_shows_and_scrolls_a_long_text_as_textuals_box_does():
    app = TwoBoxes()
    async with app.run_test(size=(30, 4)) as pilot:
        seen = []
        for name in ("textual", "still"):
            box = app.query_one(f"#{name}", Input)
            box.focus()
            typed(app, TYPED[:40])
            await until(lambda box=box: len(box.value) == 40)
            await pilot.press("home", "right", "right", "backspace", "end", "x", "y")
            await pilot.pause()
            seen.append((box.value, box.scroll_offset, box.virtual_size, box.render_line(0).text))
        assert seen[0] == seen[1]
        assert seen[1][0].endswith("xy") and seen[1][1].x > 0
