"""The decide view answers keys while votes come in: a burst of votes costs one or two tallies
of the matrix (not one per vote), the score grid is not filled again for another member's vote,
and a key pressed during the burst lands where the cursor is, with what was typed kept. One real
app on a real node and store, a 60 × 40 matrix scored by five members; the peer's votes are
signed and arrive through the node as from the network."""

from __future__ import annotations

import pytest
from textual.coordinate import Coordinate

from benchmarks.ui import Writer, build_session, peer_vote
from beraad.core.tally import tally
from beraad.ui.app import BeraadApp
from beraad.ui.phases.decide import DecideView
from beraad.ui.screens.session import SessionScreen
from beraad.ui.widgets.rendered import RenderedOnce
from beraad.ui.widgets.vote_grid import VoteGrid
from tests.ui.conftest import SIZE
from tests.ui.stored_app import session_opened, stored_app, until

pytestmark = pytest.mark.timeout(180)

#: Enough contributions for the whole matrix: 40 criteria, 60 options, five score sheets.
CONTRIBUTIONS = 1_400


async def in_decide(app: BeraadApp, w: Writer, pilot) -> tuple[SessionScreen, DecideView]:  # type: ignore[no-untyped-def]
    screen = await session_opened(app, w.session)
    screen.look_at("decide")
    view = screen.view("decide")
    assert isinstance(view, DecideView)
    await until(lambda: view.tallies_run and view.state is not None and settled(screen, view))
    await pilot.pause()
    return screen, view


def settled(screen: SessionScreen, view: DecideView) -> bool:
    """The last record is drawn and its tally shown."""
    return (
        not screen._redraw_pending
        and view.state is screen.node.state(view.session)
        and not view._tallying
    )


def shows_tally_of(view: DecideView, screen: SessionScreen) -> bool:
    """The result panel shows the tally of the state as it is now."""
    key = view.query_one("#result", RenderedOnce).key
    now = tally(screen.node.state(view.session), "matrix")
    return isinstance(key, tuple) and key[1] == now


async def test_a_burst_of_votes_is_tallied_once_or_twice_and_fills_no_cell(tmp_path):
    w = build_session(CONTRIBUTIONS)
    app = stored_app(w, tmp_path / "anja")
    async with app.run_test(size=SIZE) as pilot:
        screen, view = await in_decide(app, w, pilot)
        grid = view.query_one("#ballot", VoteGrid)
        assert grid.row_count == 60 and len(grid.columns) == 41
        tallies, tables, fills = view.tallies_run, view.tables_built, grid.fills

        # Ten votes, each drawn as it arrives (the screen's redraw, back to back, as on a
        # machine busier than the votes): the view tallies the first, and the latest once
        # the first is done — never the eight in between.
        for tick in range(1, 11):
            screen.node.ingest(w.session, [peer_vote(w, tick)])
            screen.redraw()
        await until(lambda: settled(screen, view))
        await until(lambda: shows_tally_of(view, screen))

        assert 1 <= view.tallies_run - tallies <= 2
        assert 1 <= view.tables_built - tables <= 2
        assert grid.fills == fills  # another member's votes change no cell of mine


async def test_keys_during_a_burst_keep_the_cursor_and_what_was_typed(tmp_path):
    w = build_session(CONTRIBUTIONS)
    app = stored_app(w, tmp_path / "anja")
    async with app.run_test(size=SIZE) as pilot:
        screen, view = await in_decide(app, w, pilot)
        grid = view.query_one("#ballot", VoteGrid)
        screen.set_focus(grid)
        grid.move_cursor(row=0, column=1)
        await pilot.pause()
        first, second = grid._shape[0][0], grid._shape[0][1]
        criteria = grid._shape[1]

        keys = ["1", "0", "down", "5", "right", "3"]
        for tick, key in enumerate(keys, start=1):
            screen.node.ingest(w.session, [peer_vote(w, tick)])  # drawn while the key waits
            await pilot.press(key)
        await until(lambda: settled(screen, view))

        assert grid.cursor_coordinate == Coordinate(1, 2)
        assert grid.values[first][criteria[0]] == 10
        assert grid.values[second][criteria[0]] == 5
        assert grid.values[second][criteria[1]] == 3
        assert grid.dirty  # the person's sheet in the making: no vote of theirs replaces it
        await until(lambda: shows_tally_of(view, screen))  # and the latest votes are counted
