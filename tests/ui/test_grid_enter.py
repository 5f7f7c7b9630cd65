"""Enter in a vote grid goes down a row, as in a spreadsheet (naive s11 F5: in Criteria, 50
Enter 90 Enter 20 Enter put every number in the first row, each replacing the last, and
nothing was saved or said). On the weights table's last row Enter saves the weights; on the
ballot's last row it casts nothing and says how to. The footer offers it while the grid has
the keys. Real app, real nodes, Pilot at 80×24."""

from __future__ import annotations

from pathlib import Path

import pytest

from beraad.i18n import _
from beraad.ui.phases.criteria import CriteriaView
from beraad.ui.phases.decide_typing import LAST_ROW
from beraad.ui.widgets.vote_grid import VoteGrid
from beraad.ui.widgets.vote_notice import Notice
from tests.ui import session_people as people
from tests.ui.conftest import SIZE
from tests.ui.phases_app import PhaseApp, close_all, table_of, until
from tests.ui.test_footer_help import bottom_row, buurt_at_80, footer_shows

pytestmark = pytest.mark.timeout(120)


async def test_enter_in_the_weights_goes_down_and_saves_on_the_last_row(tmp_path: Path):
    nodes, session = await table_of(tmp_path, ["anja"], "matrix", "criteria")
    (anja,) = nodes
    me = anja.identity.public_key
    try:
        app = PhaseApp(CriteriaView(session), me, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            state = anja.state(session)
            await pilot.click("#criterion-text")
            for text in ("Safe", "Cheap", "Quick"):
                await pilot.press(*text, "enter")
                await until(pilot, lambda text=text: text in str(state.criteria))
            order = sorted(state.criteria, key=lambda c: state.criteria[c].at)
            await pilot.press("tab", "5", "0", "enter", "9", "0", "enter", "2", "0")
            grid = app.view.query_one("#weights", VoteGrid)
            assert grid.given() == {
                order[0]: {"mine": 50},
                order[1]: {"mine": 90},
                order[2]: {"mine": 20},
            }
            assert me not in state.weights  # nothing saved before the last row's Enter
            await pilot.press("enter")
            await until(pilot, lambda: me in state.weights)
            assert state.weights[me].weights == dict(zip(order, (50, 90, 20), strict=True))
    finally:
        await close_all(nodes)


@pytest.mark.parametrize("language", ["en", "nl"])
async def test_the_footer_offers_enter_for_the_next_row_but_not_on_the_last(
    tmp_path, monkeypatch, language
):
    async with buurt_at_80(tmp_path, monkeypatch, language, "criteria") as (pilot, screen):
        app = pilot.app
        await pilot.press("tab")
        grid = screen.query_one("#weights", VoteGrid)
        await until(pilot, lambda: app.focused is grid)
        key = f"⏎ {_('Next row')}"
        row = await footer_shows(pilot, key)
        assert key in row and row.startswith(f"f1 {_('Help')}"), row
        assert f"^s {_('Save my weights')}" in row, row
        await pilot.press(*["down"] * (grid.row_count - 1))
        await until(pilot, lambda: key not in bottom_row(app))


async def test_enter_on_the_ballot_goes_down_and_never_casts(tmp_path: Path):
    app = people.make_app(tmp_path / "anja", "Anja")
    async with app.run_test(size=SIZE) as pilot:
        node, session, grid = await people.ballot_in_hand(pilot)
        await pilot.press("1", "enter", "2", "enter", "3", "enter")
        assert [grid.values.get(row, {}) for row in grid._shape[0]] == [
            {c: n} for c, n in zip([grid._columns[0].key] * 3, (1, 2, 3), strict=True)
        ]
        view = grid.screen.query_one("DecideView")
        await until(pilot, lambda: view.query_one(Notice).message == _(LAST_ROW))
        me = node.identity.public_key
        assert me not in node.state(session).votes  # Enter casts nothing
