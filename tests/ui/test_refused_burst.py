"""A burst of lines into a box whose Enter is refused keeps every line, in the order typed
(naive s12 P0: Positions with no knot chosen, "Vraag de buurtvereniging⏎Sponsor zoeken⏎" kept
only "Sponsor zoeken"; the first was quoted in a refusal the second replaced, so the words a
first-timer typed were gone while the line said "your text stays here"). Real app and node
(the buurt session in Positions) at 80×24, the keys queued at once as a terminal sends them."""

from __future__ import annotations

import pytest
from textual import events

from beraad.ui.widgets.item_tree import ItemTree
from tests.ui import test_session_snapshots as sessions
from tests.ui.conftest import SIZE
from tests.ui.phases_app import until
from tests.ui.session_people import burst
from tests.ui.test_footer_help import NEXT

pytestmark = pytest.mark.timeout(120)


def lines(app, *typed: str) -> None:
    """Each line then Enter, all queued at once."""
    for text in typed:
        burst(app, text)
        event = events.Key("enter", "\r")
        event.set_sender(app)
        app._driver.send_message(event)


async def test_refused_lines_typed_in_a_burst_all_stay_in_the_box(tmp_path, monkeypatch):
    monkeypatch.setattr(sessions, "CUT_BEFORE", NEXT)
    app, session = sessions.build(tmp_path, "en", "positions")
    async with app.run_test(size=SIZE) as pilot:
        await sessions.opened(session)(pilot)
        view = app.screen.query_one("PositionsView")
        assert view.query_one("#positions-tree", ItemTree).current is None  # no knot chosen
        box = view.composer.input
        await until(pilot, lambda: app.focused is box)
        state = view.state
        before = len(state.positions)
        lines(app, "Ask the neighbours", "Find a sponsor", "Ask the school")
        meant = "Ask the neighbours Find a sponsor Ask the school"
        await until(pilot, lambda: box.value == meant)
        # typed on at the end: a word of its own, not glued onto the last line
        burst(app, "too")
        await until(pilot, lambda: box.value == meant + " too")
        assert len(view.state.positions) == before


async def test_lines_typed_after_a_refused_due_date_are_kept(tmp_path, monkeypatch):
    """Act: "Rent tents", Tab, a day that does not exist, Enter, and at once the next action
    "Print flyers" Enter: the first came back with its date to correct, the second was gone
    (naive s12 P0). Nothing is added with a bad date, and no word typed is lost."""
    monkeypatch.setattr(sessions, "CUT_BEFORE", NEXT)
    app, session = sessions.build(tmp_path, "en", "act")
    async with app.run_test(size=SIZE) as pilot:
        await sessions.opened(session)(pilot)
        view = app.screen.query_one("ActView")
        box = view.composer.input
        await until(pilot, lambda: app.focused is box)
        before = len(view.state.actions)
        burst(app, "Rent tents")
        await pilot.press("tab")
        await until(pilot, lambda: app.focused is view.due_box)
        lines(app, "2027-13-01", "Print flyers")
        # both actions' words in the action's box, in order, the day kept to be mended
        await until(pilot, lambda: box.value == "Rent tents Print flyers")
        assert view.due_box.value == "2027-13-01"
        assert len(view.state.actions) == before
