"""Deciding by each rule with the keyboard, against a real node; then taking the decision.

Each vote is typed into the view and signed by a real node; the figures checked are the ones
the person reads on the screen and the ones the fold holds, so both must agree.
"""

from __future__ import annotations

import pytest
from textual.widgets import Button, Input, RadioSet, Select

from beraad.core import session as model
from beraad.ui.phases.decide import DecideView
from beraad.ui.screens.how_decided import HowDecidedScreen
from beraad.ui.widgets.vote_grid import VoteGrid
from beraad.ui.widgets.vote_notice import Notice
from tests.ui.phases_app import (
    SIZE,
    Alone,
    PhaseApp,
    alone_in_decide,
    close_all,
    converged,
    table_of,
    until,
    with_options,
)
from tests.ui.phases_text import screen_text, screen_words

pytestmark = pytest.mark.timeout(120)


async def press_button(pilot, view, button_id: str) -> None:
    button = view.query_one(f"#{button_id}", Button)
    assert button.display and not button.disabled, button_id
    # A button ignores Enter while it still shows its previous press.
    await until(pilot, lambda: not button.has_class("-active"))
    button.focus()
    await pilot.press("enter")


async def close_voting(pilot, view, state, kind: str) -> None:
    """Decide needs voting closed first: taking the decision before says so, and nothing is
    recorded."""
    assert "Voting is open." in screen_words(view.app)
    await press_button(pilot, view, "take")
    await until(pilot, lambda: "voting is still open" in view.query_one(Notice).message)
    assert not state.decisions
    await press_button(pilot, view, "close-voting")
    await go_on_if_asked(pilot, lambda: kind in state.closed)
    await until(pilot, lambda: kind in state.closed)
    await pilot.pause()


async def go_on_if_asked(pilot, done) -> str | None:
    """Answer "go on" if the app asks before acting (someone has not voted yet); returns the
    question, or None when ``done()`` came true without one."""
    from beraad.ui.screens.confirm import ConfirmScreen

    app = pilot.app
    await until(pilot, lambda: done() or isinstance(app.screen, ConfirmScreen))
    if not isinstance(app.screen, ConfirmScreen):
        return None
    question = str(app.screen.question)
    app.screen.query_one("#go-on", Button).focus()
    await pilot.press("enter")
    await until(pilot, lambda: not isinstance(app.screen, ConfirmScreen))
    return question


async def test_consent_with_an_objection_and_its_reason_then_the_decision(tmp_path):
    nodes, session = await table_of(tmp_path, ["anja", "bart"], "consent", "options")
    anja, bart = nodes
    me = anja.identity.public_key
    try:
        fence, *_rest = await with_options(anja, session)
        await converged(nodes, session)
        app = PhaseApp(DecideView(session), me, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            view = app.view
            state = anja.state(session)
            assert view.query_one("#round-option", Select).value == fence
            # Object without a reason: said inline, nothing is sent.
            view.query_one("#response", RadioSet).focus()
            await pilot.press("right", "right", "right")  # each arrow chooses: agree … object
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert "needs a reason" in view.query_one(Notice).message
            assert view.query_one("#reason", Input).has_focus
            assert "consent.respond" not in state.votes
            await pilot.press(*"The gate must stay open for the market", "ctrl+s")
            await until(pilot, lambda: "consent.respond" in state.votes)
            (vote,) = state.current_votes("consent.respond", fence)
            assert vote.body["response"] == "object"
            assert vote.body["reason"] == "The gate must stay open for the market"

            await bart.contribute(session, "consent.respond", model.consent_body(fence, "agree"))
            await converged(nodes, session)
            app.refresh_view()
            await pilot.pause()
            text = screen_words(app)
            assert "1 objection stands" in text
            # Pressed now, "take the decision" says why it cannot act (it is never mute).
            await press_button(pilot, view, "take")
            await until(pilot, lambda: "voting is still open" in view.query_one(Notice).message)
            assert not state.decisions

            # After talking it through, Anja withdraws her objection by agreeing.
            view.query_one("#response", RadioSet).focus()
            await pilot.press("left", "left", "enter", "ctrl+s")
            await until(
                pilot,
                lambda: (
                    state.current_votes("consent.respond", fence)[0].body
                    and all(
                        v.body["response"] == "agree"
                        for v in state.current_votes("consent.respond", fence)
                    )
                ),
            )
            await pilot.pause()
            assert "2 of 2 responded" in screen_words(app)
            await close_voting(pilot, view, state, "consent.respond")
            await press_button(pilot, view, "take")
            await until(pilot, lambda: state.decisions)
            (decision,) = state.decisions
            assert decision.option == fence and decision.method == "consent"
            assert set(decision.rests_on) == {
                v.record for v in state.current_votes("consent.respond", fence)
            }
            await pilot.pause()
            assert "Decided: A. A fence around the square, by Consent." in screen_words(app)
            await press_button(pilot, view, "how")
            await until(pilot, lambda: isinstance(app.screen, HowDecidedScreen))
            text = screen_words(app)
            assert "We decided on A: A fence around the square" in text
            assert "no objection stands" in text
            await pilot.press("escape")
            await until(pilot, lambda: not isinstance(app.screen, HowDecidedScreen))
    finally:
        await close_all(nodes)


def a_weighted_sheet(tmp_path):
    """Anja alone at a matrix table: criteria Safe (weight 3) and Cheap (weight 1), options
    A, B, C, her decide view open."""
    return alone_in_decide(tmp_path, "matrix", criteria=("Safe", "Cheap"), weights=(3, 1))


async def cast_the_sheet(table: Alone) -> dict[str, dict[str, int]]:
    """Her scores typed in the grid and cast with Ctrl+S; the scores she meant, by option and
    criterion. 10 is typed as two digits."""
    table.app.view.query_one(VoteGrid).focus()
    # Rows A, B, C; columns 1 (Safe), 2 (Cheap).
    await table.pilot.press("8", "right", "2", "down", "4", "left", "5", "down", "1", "0")
    await table.pilot.press("right", "6", "ctrl+s")
    (fence, bumps, zebra), (safe, cheap) = table.options, table.criteria
    return {
        fence: {safe: 8, cheap: 2},
        bumps: {safe: 5, cheap: 4},
        zebra: {safe: 10, cheap: 6},
    }


async def test_matrix_scores_weighted_total_and_decision(tmp_path):
    async with a_weighted_sheet(tmp_path) as table:
        app, pilot, view, me = table.app, table.pilot, table.app.view, table.me
        meant = await cast_the_sheet(table)
        state = table.anja.state(table.session)
        await until(pilot, lambda: "score.set" in state.votes)
        assert state.votes["score.set"][me].body["scores"] == meant
        await pilot.pause()
        text = screen_words(app)
        # 3 × 10 + 1 × 6 = 36 for C, the highest.
        assert "C has the highest total (36)" in text
        await close_voting(pilot, view, state, "score.set")
        await press_button(pilot, view, "take")
        await until(pilot, lambda: state.decisions)
        assert state.decisions[0].option == table.options[2]


async def test_a_matrix_too_big_for_one_record_is_cast_in_parts(tmp_path, monkeypatch):
    """Each row its own record here (a tiny budget stands in for a 60 × 40 sheet): the parts go
    one after the other, and the total and the decision are those of the whole sheet."""
    monkeypatch.setattr(model, "SHEET_BUDGET", 300)
    async with a_weighted_sheet(tmp_path) as table:
        app, pilot, view, me = table.app, table.pilot, table.app.view, table.me
        meant = await cast_the_sheet(table)
        await until(pilot, lambda: len(app.contributed) == 3)
        assert [r.body.get("part", False) for r in app.contributed] == [False, True, True]
        state = table.anja.state(table.session)
        assert state.votes["score.set"][me].body["scores"] == meant
        await pilot.pause()
        assert "C has the highest total (36)" in screen_words(app)
        await close_voting(pilot, view, state, "score.set")
        await press_button(pilot, view, "take")
        await until(pilot, lambda: state.decisions)
        assert state.decisions[0].option == table.options[2]
        parts = {r.id for r in app.contributed if r.kind == "score.set"}
        assert len(parts) == 3 and parts <= set(state.decisions[0].rests_on)


async def test_dots_beyond_the_allowance_are_stopped_inline_then_counted(tmp_path):
    async with alone_in_decide(tmp_path, "dots", dots_per_member=3) as table:
        app, pilot, view, me = table.app, table.pilot, table.app.view, table.me
        fence, bumps, _zebra = table.options
        view.query_one(VoteGrid).focus()
        await pilot.press("3", "down", "+", "ctrl+s")
        await pilot.pause()
        assert view.query_one(Notice).message == "Refused: You placed 4 dots; you have 3."
        assert app.contributed == []
        await pilot.press("up", "2", "ctrl+s")
        state = table.anja.state(table.session)
        await until(pilot, lambda: "dots.place" in state.votes)
        assert state.votes["dots.place"][me].body["dots"] == {fence: 2, bumps: 1}
        await pilot.pause()
        assert "A has the most dots (2 of 3)" in screen_words(app)


async def test_majority_judgment_grades_with_their_names(tmp_path):
    async with alone_in_decide(tmp_path, "majority_judgment") as table:
        app, pilot, view, me = table.app, table.pilot, table.app.view, table.me
        fence, bumps, zebra = table.options
        view.query_one(VoteGrid).focus()
        await pilot.press("2", "down", "5", "down", "9")  # 9 is past Excellent: refused
        await pilot.pause()
        assert "9 is too high: type a number from 0 to 5" in screen_words(app)
        await pilot.press("5")
        await pilot.pause()
        assert "5 Excellent" in screen_text(app)
        await pilot.press("-", "ctrl+s")
        state = table.anja.state(table.session)
        await until(pilot, lambda: "ballot.grade" in state.votes)
        assert state.votes["ballot.grade"][me].body["grades"] == {fence: 2, bumps: 5, zebra: 4}
        await pilot.pause()
        assert "B has the best majority grade (Excellent)" in screen_words(app)


async def test_gradients_of_agreement_on_one_option(tmp_path):
    async with alone_in_decide(tmp_path, "gradients") as table:
        app, pilot, view, me = table.app, table.pilot, table.app.view, table.me
        fence, *_rest = table.options
        level = view.query_one("#level", Select)
        assert level.display
        level.focus()
        await pilot.press("enter", "down", "down", "enter")  # 2: a minor point of contention
        await until(pilot, lambda: level.value == 2)
        await pilot.press("ctrl+s")
        state = table.anja.state(table.session)
        await until(pilot, lambda: "gradient.respond" in state.votes)
        assert state.votes["gradient.respond"][f"{fence}/{me}"].body["level"] == 2
        await pilot.pause()
        assert "nobody is above level 5" in screen_words(app)
        await close_voting(pilot, view, state, "gradient.respond")
        await press_button(pilot, view, "take")
        await until(pilot, lambda: state.decisions)
        assert state.decisions[0].option == fence


async def test_meeting_two_offers_what_is_still_open_and_no_blank_entry(tmp_path):
    """The naive tester's vote dropdown in meeting 2 pre-showed A, decided in meeting 1, and had
    a blank entry that answered "choose an option first"."""
    from beraad.core.tally import decision_body

    nodes, session = await table_of(tmp_path, ["anja"], "consent", "options")
    (anja,) = nodes
    try:
        fence, second, *_rest = await with_options(anja, session)
        await anja.contribute(session, "consent.respond", model.consent_body(fence, "agree"))
        await anja.contribute(session, "vote.close", model.close_body("consent.respond"))
        await anja.contribute(session, "decision.take", decision_body(anja.state(session), fence))
        await anja.contribute(session, "meeting.end", {})
        await anja.contribute(session, "meeting.start", model.meeting_start_body())
        for step in ("knots", "positions", "criteria", "options", "decide"):
            await anja.contribute(session, "phase.move", model.move_body(step))
        app = PhaseApp(DecideView(session), anja.identity.public_key, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            select = app.view.query_one("#round-option", Select)
            await until(pilot, lambda: select.value == second)
            assert not select.is_blank()
            select.expanded = True
            await pilot.pause()
            overlay = select.query_one("SelectOverlay")
            assert overlay.option_count == 3, [
                overlay.get_option_at_index(i).prompt for i in range(overlay.option_count)
            ]
    finally:
        await close_all(nodes)
