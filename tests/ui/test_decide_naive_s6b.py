"""The decide view after naive s6b: a ballot cell reads a number the way it was typed
(finding H), and a restarted app shows the person's own cast response and reason (finding
D). Real nodes on loopback, the real view, Pilot at 80×24."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Select

from beraad.core import session as model
from beraad.ui.phases.decide import DecideView
from beraad.ui.widgets.choice import Choice, Choices
from beraad.ui.widgets.vote_grid import VoteGrid
from beraad.ui.widgets.vote_notice import Notice
from tests.ui.phases_app import SIZE, PhaseApp, close_all, table_of
from tests.ui.phases_text import screen_text
from tests.ui.test_phases_decide import with_options

pytestmark = pytest.mark.timeout(120)


async def test_three_one_zero_in_a_score_cell_reads_ten(tmp_path):
    """3, 1, 0 in a 0–10 cell: "31 is too high" is said, and the 1 begins the next number,
    so the cell reads 10 (it read 0: the refusal forgot the 1)."""
    (anja,), session = await table_of(tmp_path, ["anja"], "matrix", "criteria")
    try:
        safe = (await anja.contribute(session, "criterion.add", model.text_body("Safe"))).id
        await anja.contribute(session, "phase.move", model.move_body("options"))
        fence, *_rest = await with_options(anja, session)
        app = PhaseApp(DecideView(session), anja.identity.public_key, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            grid = app.view.query_one(VoteGrid)
            notice = app.view.query_one(Notice)
            grid.focus()
            await pilot.press("3", "1")
            await pilot.pause()
            assert grid.given() == {fence: {safe: 3}}  # kept, and why is said
            assert "31 is too high: type a number from 0 to 10" in notice.message
            await pilot.press("0")
            await pilot.pause()
            assert grid.given() == {fence: {safe: 10}}
            row = next(line for line in screen_text(app).splitlines() if "A. " in line)
            assert "10" in row.split("A. ", 1)[1]
            assert not notice.message  # 10 fits: "too high" no longer stands
            await pilot.press("down", "9", "9")  # 99 is too high: the cell keeps 9
            await pilot.press("down", "7")
            await pilot.pause()
            assert [row.get(safe) for row in grid.values.values()][1:] == [9, 7]
    finally:
        await close_all([anja])


@pytest.mark.parametrize("rule", ["consent", "gradients"])
async def test_a_view_opened_again_shows_my_cast_response_and_reason(tmp_path, rule):
    """Naive s6b D: after a restart "Your vote is in" stood over no response chosen and an
    empty reason. A view opened anew (as after ``kill -9``) shows the vote as cast; a form
    the person has touched is left as they made it."""
    (anja,), session = await table_of(tmp_path, ["anja"], rule, "options")
    try:
        fence, *_rest = await with_options(anja, session)
        if rule == "consent":
            body = model.consent_body(fence, "stand_aside", "Too expensive for the council")
        else:
            body = model.gradient_body(fence, 3, "Too expensive for the council")
        kind = "consent.respond" if rule == "consent" else "gradient.respond"
        await anja.contribute(session, kind, body)
        app = PhaseApp(DecideView(session), anja.identity.public_key, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            view = app.view
            await pilot.pause()
            reason = view.query_one("#reason", Input)
            assert reason.value == "Too expensive for the council"
            assert reason.cursor_position == len(reason.value)
            if rule == "consent":
                on = [b.id for b in view.query_one("#response", Choices).query(Choice) if b.value]
                assert on == ["response-stand_aside"]
            else:
                assert view.query_one("#level", Select).value == 3
            assert "Your vote is in" in screen_text(app)
            # The person changes it; the next record drawn leaves their change alone.
            reason.value = "Cheaper"
            await anja.contribute(session, "hand.raise", model.hand_raise_body())
            app.refresh_view()
            await pilot.pause()
            assert reason.value == "Cheaper"
    finally:
        await close_all([anja])
