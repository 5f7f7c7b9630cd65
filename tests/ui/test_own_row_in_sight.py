"""What one adds to a long list comes into sight (naive s9 finding 11).

At 80×24 a knot added as the 274th, a note under it, the 51st option landed below the list's
window: the box emptied and nothing showed that Enter had worked. One's own new row is now
scrolled into sight (the cursor stays where it was); a peer's row never scrolls the list.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from beraad.core import session as model
from beraad.core.session import PHASES, move_body
from beraad.i18n import _
from beraad.ui.app import BeraadApp
from beraad.ui.parts import part
from beraad.ui.phases.knots import KnotsView
from beraad.ui.phases.options import OptionsView
from beraad.ui.screens.session import SessionScreen
from beraad.ui.widgets.item_tree import ItemTree
from tests.ui.conftest import SIZE
from tests.ui.session_people import (
    create_in_app,
    make_app,
    screen_text,
    session_screen,
    typed,
    until,
)

pytestmark = pytest.mark.timeout(120)


@asynccontextmanager
async def moved_to(
    tmp_path: Path, name: str, phase: str
) -> AsyncIterator[tuple[BeraadApp, Pilot, SessionScreen]]:
    """``name``'s app at 80×24 on the session she opened, moved on to ``phase`` by her node
    (as from another terminal of hers); the app, its pilot and the session screen."""
    app = make_app(tmp_path / name.lower(), name)
    async with app.run_test(size=SIZE) as pilot:
        await create_in_app(pilot, "Speelplein", "How do we make the square safer?")
        screen = session_screen(app)
        for step in PHASES[1 : PHASES.index(phase) + 1]:
            await screen.node.contribute(screen.session, "phase.move", move_body(step))
        yield app, pilot, screen


def tree_shows(tree: ItemTree, item: str) -> bool:
    """Is the row of ``item`` inside the tree's window?"""
    node = next((n for n in tree._by_key.values() if n.data and n.data.item == item), None)
    if node is None or node.line < 0:
        return False
    top = round(tree.scroll_y)
    return top <= node.line < top + tree.scrollable_content_region.height


def table_shows(table: DataTable, key: str) -> bool:
    """Is the row with ``key`` inside the table's window (below its header)?"""
    index = table.get_row_index(key)
    top = sum(row.height for row in table.ordered_rows[:index])
    seen = table.scrollable_content_region.height - table.header_height
    return round(table.scroll_y) <= top < round(table.scroll_y) + seen


async def test_ones_own_new_knot_comes_into_sight_and_a_peers_does_not_scroll(tmp_path: Path):
    async with moved_to(tmp_path, "Anja", "knots") as (app, pilot, screen):
        node, session = screen.node, screen.session
        for number in range(40):  # written on another terminal: they do not scroll the list
            await node.contribute(session, "knot.add", model.text_body(f"Knot {number}"))
        view = screen.view("knots")
        assert isinstance(view, KnotsView)
        await until(lambda: part(view, ItemTree) is not None, pilot)
        await until(lambda: len(node.state(session).knots) == 40, pilot)
        await until(lambda: view.tree.last_line >= 39, pilot)
        assert view.tree.scroll_y == 0
        # A person types once the box is there with the keys (under load the keys were still
        # on the opening's box when the burst came, and the knot never went).
        await until(lambda: app.focused is view.text_box(), pilot)
        await typed(pilot, "Benches are broken", "enter")
        state = node.state(session)
        await until(lambda: len(state.knots) == 41, pilot)
        mine = next(k.id for k in state.knots.values() if k.text == "Benches are broken")
        await until(lambda: tree_shows(view.tree, mine), pilot)
        assert view.tree.current is None  # brought into sight, not chosen
        shown = view.tree.scroll_y
        await node.contribute(session, "knot.add", model.text_body("A peer's knot"))
        await until(lambda: len(node.state(session).knots) == 42, pilot)
        await pilot.pause()
        assert tree_shows(view.tree, mine) and view.tree.scroll_y >= shown


async def test_ones_own_51st_option_comes_into_sight(tmp_path: Path):
    async with moved_to(tmp_path, "Carla", "options") as (app, pilot, screen):
        node, session = screen.node, screen.session
        for number in range(50):
            await node.contribute(session, "option.add", model.option_body(f"Option {number}"))
        view = screen.view("options")
        assert isinstance(view, OptionsView)
        await until(lambda: part(view, DataTable) is not None, pilot)
        table = view.query_one("#options", DataTable)
        await until(lambda: table.row_count == 50, pilot)
        await until(lambda: app.focused is view.text_box(), pilot)  # as above
        await typed(pilot, "Lamps that glow all night", "enter")
        state = node.state(session)
        await until(lambda: len(state.options) == 51, pilot)
        mine = next(o.id for o in state.options.values() if o.text.startswith("Lamps"))
        await until(lambda: table.row_count == 51 and table_shows(table, mine), pilot)
        await node.contribute(session, "option.add", model.option_body("A peer's option"))
        await until(lambda: table.row_count == 52, pilot)
        await pilot.pause()
        assert table_shows(table, mine)  # a peer's update keeps it there (it went back to the top)


async def test_ones_own_evaluation_note_comes_into_sight(tmp_path: Path):
    async with moved_to(tmp_path, "Bart", "evaluate") as (app, pilot, screen):
        node, session = screen.node, screen.session
        for number in range(30):
            body = model.evaluation_body("went_well", f"Good thing {number}")
            await node.contribute(session, "evaluation.add", body)
        view = screen.view("evaluate")
        await until(lambda: part(view, "#went_well-column") is not None, pilot)
        notes = view.query_one("#went_well-column")  # scrolls: the last notes were cut
        await until(lambda: notes.max_scroll_y > 0, pilot)
        # The keys follow the group to Evaluate's box once the view is shown (under CI load
        # the opening's box still had them when the column could already scroll).
        await until(lambda: app.focused is view.text_box(), pilot)
        assert notes.scroll_y == 0
        await typed(pilot, "People listened", "enter")
        await until(lambda: len(node.state(session).evaluations) == 31, pilot)
        # The notes are a list since naive s12 P4b (edit, take back): its row in sight.
        await until(lambda: "People listened" in screen_text(app), pilot)
        await until(lambda: notes.scroll_y == notes.max_scroll_y, pilot)


async def test_a_long_row_beside_the_scroll_bar_ends_in_an_ellipsis(tmp_path: Path):
    """Naive s9 finding 13: in a tree long enough for a scroll bar, a cut row ("… safe - no
    gla") lost its author with no "…": it was drawn under the bar. The text is cut, not who
    said it."""
    async with moved_to(tmp_path, "Anja", "knots") as (app, pilot, screen):
        node, session = screen.node, screen.session
        long = "Make the lamps dimmable: amber light keeps kids and parents safe, no glare at all"
        await node.contribute(session, "knot.add", model.text_body(long))
        for number in range(30):
            await node.contribute(session, "knot.add", model.text_body(f"Knot {number}"))
        view = screen.view("knots")
        await until(lambda: part(view, ItemTree) is not None, pilot)
        await until(lambda: view.tree.show_vertical_scrollbar, pilot)
        # The view is drawn in a frame after the tree has its bar (under CI load the row was
        # not on screen yet: StopIteration): wait for the row, then read it.
        await until(lambda: "Make the lamps" in screen_text(app), pilot)
        row = next(line for line in screen_text(app).splitlines() if "Make the lamps" in line)
        assert "…" in row, row
        # Who said it stays, the text is cut before it (naive s10 finding 7: "— A…").
        assert row.rstrip(" ▁▂▃▄▅▆▇█▌▐▕▏│┃").endswith("… " + _("— you")), row


async def test_the_knots_row_keys_are_said_whole_over_two_lines(tmp_path: Path):
    """Naive s9 finding 13: at 80 columns the list's keys line was cut: "m Matters to me ·
    l Link · p Part of · e Edit · r Take back · c Pick for a …". It goes on a second line."""
    async with moved_to(tmp_path, "Anja", "knots") as (app, pilot, screen):
        node, session = screen.node, screen.session
        await node.contribute(session, "knot.add", model.text_body("Benches are broken"))
        view = screen.view("knots")
        await until(lambda: part(view, ItemTree) is not None, pilot)
        await until(lambda: view.tree.last_line >= 0, pilot)
        await until(lambda: app.focused is view.text_box(), pilot)
        await pilot.press("shift+tab", "down")
        await until(lambda: view.tree.current is not None, pilot)
        words = " ".join(screen_text(app).split())
        await until(lambda: "c Pick for a cluster" in " ".join(screen_text(app).split()), pilot)
        keys = view.row_keys()
        assert "…" not in keys and all(len(line) <= 76 for line in keys.splitlines()), keys
        assert "Benches are broken" in words
