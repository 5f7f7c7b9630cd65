"""Criteria: propose them, weigh them with the keyboard, see the group weight and its spread.

A real node (loopback, no mDNS) takes every contribution; a second member joins by code and
weighs differently, so the spread the view shows comes from two real weight sheets.
"""

from __future__ import annotations

import pytest

from beraad.core import session as model
from beraad.ui.phases.criteria import CriteriaView
from beraad.ui.widgets.vote_grid import VoteGrid
from beraad.ui.widgets.vote_notice import Notice
from tests.ui.burst import burst
from tests.ui.phases_app import SIZE, PhaseApp, close_all, converged, table_of, until
from tests.ui.phases_text import screen_text

pytestmark = pytest.mark.timeout(90)


async def test_propose_and_weigh_criteria_shows_group_weight_and_spread(tmp_path):
    nodes, session = await table_of(tmp_path, ["anja", "bart"], "matrix", "criteria")
    anja, bart = nodes
    me = anja.identity.public_key
    try:
        app = PhaseApp(CriteriaView(session), me, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            state = anja.state(session)
            await pilot.click("#criterion-text")
            burst(pilot.app, "Safe for small children")
            await pilot.press("enter")
            await until(pilot, lambda: len(state.criteria) == 1)
            burst(pilot.app, "Cheap to maintain")
            await pilot.press("enter")
            await until(pilot, lambda: len(state.criteria) == 2)
            safe, cheap = sorted(state.criteria, key=lambda c: state.criteria[c].at)
            assert state.criteria[safe].text == "Safe for small children"

            # Bart weighs the other way round, on his own node.
            await converged(nodes, session)
            await bart.contribute(session, "weight.set", model.weights_body({safe: 40, cheap: 60}))
            await converged(nodes, session)
            app.refresh_view()

            # Tab into the grid; two digits make 80; the arrow moves down.
            await pilot.press("tab", "8", "0", "down", "2", "0", "ctrl+s")
            await until(pilot, lambda: me in state.weights)
            assert state.weights[me].weights == {safe: 80, cheap: 20}
            await pilot.pause()
            text = screen_text(app)
            assert "2 of 2 members weighted" in text
            row = next(line for line in text.splitlines() if "Safe for small" in line)
            assert row.split()[-4:] == ["80", "60", "40–80", "40"]  # mine, group, range, spread
            row = next(line for line in text.splitlines() if "Cheap to" in line)
            assert row.split()[-4:] == ["20", "40", "20–60", "40"]

            # A sentence typed in the table (meant as a new criterion) goes into the box
            # above, not into nothing (naive s18 N8: "Safety first" vanished without a word).
            assert isinstance(app.focused, VoteGrid)
            await pilot.press("S")
            burst(pilot.app, "afety first")
            await pilot.pause()
            assert app.view.query_one("#criterion-text").value == "Safety first"
            assert state.weights[me].weights == {safe: 80, cheap: 20}
    finally:
        await close_all(nodes)


async def test_a_refused_weight_sheet_is_shown_and_the_typed_weights_stay(tmp_path):
    nodes, session = await table_of(tmp_path, ["anja"], "matrix", "criteria")
    (anja,) = nodes
    me = anja.identity.public_key
    try:
        app = PhaseApp(CriteriaView(session), me, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            view = app.view
            await pilot.click("#criterion-text")
            await pilot.press("enter")  # nothing typed: said inline, nothing sent
            await pilot.pause()
            assert "Write the criterion first" in view.query_one(Notice).message
            assert app.contributed == []
            burst(pilot.app, "Shade in summer")
            await pilot.press("enter")
            state = anja.state(session)
            await until(pilot, lambda: len(state.criteria) == 1)
            # The facilitator moves on before this person saved: weight.set is now refused,
            # so Ctrl+S sends nothing and says why (naive s9 finding 1: it said nothing).
            await anja.contribute(session, "phase.move", model.move_body("options"))
            await pilot.press("tab", "7", "ctrl+s")
            await until(
                pilot, lambda: "the group is in Options now" in view.query_one(Notice).message
            )
            notice = view.query_one(Notice).message
            assert notice.startswith("Refused:") and "saved only in Criteria" in notice
            assert "weight.set" not in notice  # the act in words, never the record kind
            assert not [r for r in app.contributed if r.kind == "weight.set"]
            assert me not in state.weights
            app.refresh_view()
            await pilot.pause()
            assert view.query_one(VoteGrid).given() == {next(iter(state.criteria)): {"mine": 7}}
    finally:
        await close_all(nodes)


async def test_weights_say_their_range_refuse_150_and_count_only_whole_sheets(tmp_path):
    """Issue 13: 1, 5, 0 silently became 0; one saved weight counted as "weighted"; nothing
    said how to get into the table."""
    nodes, session = await table_of(tmp_path, ["anja", "bart"], "matrix", "criteria")
    anja, bart = nodes
    me = anja.identity.public_key
    try:
        app = PhaseApp(CriteriaView(session), me, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            view = app.view
            state = anja.state(session)
            await pilot.click("#criterion-text")
            burst(pilot.app, "Safe for small children")
            await pilot.press("enter")
            await until(pilot, lambda: len(state.criteria) == 1)
            burst(pilot.app, "Cheap to maintain")
            await pilot.press("enter")
            await until(pilot, lambda: len(state.criteria) == 2)
            safe, cheap = sorted(state.criteria, key=lambda c: state.criteria[c].at)
            words = " ".join(screen_text(app).split())
            assert "Mine Group Low– Spread (0–100) high" in words  # a header on two lines
            assert "Tab into the table" in words

            # Bart saves a weight for one criterion only: he has not weighted the criteria.
            await converged(nodes, session)
            await bart.contribute(session, "weight.set", model.weights_body({safe: 40}))
            await converged(nodes, session)
            app.refresh_view()
            await pilot.pause()
            assert "0 of 2 members weighted" in screen_text(app)

            grid = view.query_one(VoteGrid)
            await pilot.press("tab", "1", "5", "0")
            await pilot.pause()
            assert grid.given() == {safe: {"mine": 15}}  # not 0, not 100
            assert "150 is too high: type a number from 0 to 100" in view.query_one(Notice).message
            # A sheet with a criterion left out is not saved; the notice says which one.
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert "before saving: 2." in view.query_one(Notice).message
            assert me not in state.weights
            await pilot.press("down", "0", "ctrl+s")
            await until(pilot, lambda: me in state.weights)
            assert state.weights[me].weights == {safe: 15, cheap: 0}
            await pilot.pause()
            assert "1 of 2 members weighted" in screen_text(app)
    finally:
        await close_all(nodes)


async def test_at_200_by_50_the_weights_table_uses_the_room_below_it(tmp_path):
    """Naive s9 finding 12: at 200×50 the table showed 10 of 30 criteria with its own scroll
    bar over ~25 empty lines. It now takes the room the view has; at 80×24 it keeps its 12."""
    nodes, session = await table_of(tmp_path, ["anja"], "matrix", "criteria")
    (anja,) = nodes
    try:
        for number in range(30):
            await anja.contribute(session, "criterion.add", model.text_body(f"Criterion {number}"))
        app = PhaseApp(CriteriaView(session), anja.identity.public_key, node=anja)
        async with app.run_test(size=(200, 50)) as pilot:
            grid = app.view.query_one("#weights", VoteGrid)
            await until(pilot, lambda: grid.row_count == 30)
            await until(pilot, lambda: grid.size.height >= 30 + 2)  # every row and the header
            await pilot.pause()
            assert grid.outer_size.height == 30 + 2  # and no higher: the hint right below it
            below = app.view.query_one("#weights-how")
            assert below.region.y == grid.region.bottom
            assert "Criterion 29" in screen_text(app) and "Save my weights" in screen_text(app)
            assert app.view.query_one("#notice").region.bottom <= app.view.region.bottom
            await pilot.resize_terminal(80, 24)
            # At 80×24 it gives way to what stands under it, three criteria at least (s15 F2)
            await until(pilot, lambda: 2 + 3 <= grid.size.height < 12)
            await until(pilot, lambda: below.region.bottom <= app.view.region.bottom)
    finally:
        await close_all(nodes)


async def test_with_no_criterion_yet_tab_stays_in_the_box_and_says_why(tmp_path):
    """Naive s12 P14: Tab went into the empty weights table, and what was typed there
    vanished. With nothing to weigh, Tab stays in the box and says so; the words land there.
    The real app (its Tab asks the view where Tab goes) at 80×24."""
    from textual.widgets import Input

    from tests.ui.session_people import typed
    from tests.ui.test_own_row_in_sight import moved_to

    async with moved_to(tmp_path, "Anja", "criteria") as (app, pilot, screen):
        view = screen.view("criteria")
        await until(pilot, lambda: app.focused is view.text_box())
        box = view.query_one("#criterion-text", Input)
        await pilot.press("tab")
        await typed(pilot, "Safe")
        await until(pilot, lambda: box.value == "Safe")
        assert app.focused is box
        assert "No criteria yet, so nothing to weigh" in view.query_one(Notice).message
        await pilot.press("enter")
        await until(pilot, lambda: len(screen.state.criteria) == 1)
        await pilot.press("tab")  # now there is something to weigh: the table
        await until(pilot, lambda: isinstance(app.focused, VoteGrid))
