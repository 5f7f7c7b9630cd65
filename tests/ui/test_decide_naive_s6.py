"""The decide view does what the person chose (naive s6 findings 1, 6, 7, 11, 12), at 80×24 on
real nodes: quick arrow presses each count and the vote cast is the one shown chosen; a score
of 10 shows whole; a big ballot opens with its option names in view; the counts say people."""

from __future__ import annotations

import pytest
from textual import events

from benchmarks.ui import build_session
from beraad.core import session as model
from beraad.i18n import ngettext
from beraad.ui.phases.decide import DecideView
from beraad.ui.widgets.choice import Choices
from beraad.ui.widgets.vote_grid import VoteGrid
from tests.ui.phases_app import SIZE, PhaseApp, close_all, converged, table_of, until
from tests.ui.phases_text import screen_text, screen_words
from tests.ui.session_people import burst
from tests.ui.stored_app import session_opened, stored_app
from tests.ui.stored_app import until as stored_until
from tests.ui.test_phases_decide import press_button, with_options

pytestmark = pytest.mark.timeout(120)


def arrows(app, *keys: str) -> None:  # type: ignore[no-untyped-def]
    """Arrow keys queued at once, as a quick ↓↓ reaches the app (Pilot waits after each)."""
    for key in keys:
        event = events.Key(key, None)
        event.set_sender(app)
        app._driver.send_message(event)


@pytest.mark.parametrize(
    ("start", "keys", "cast"),
    [
        (None, ("down", "down"), "stand_aside"),  # none chosen: ↓ agree, ↓ stand aside
        ("agree", ("down", "down"), "object"),
        ("object", ("up", "up", "down"), "stand_aside"),
    ],
)
async def test_quick_arrows_in_the_reason_box_each_step_and_the_shown_choice_is_cast(
    tmp_path, start, keys, cast
):
    (anja,), session = await table_of(tmp_path, ["anja"], "consent", "options")
    me = anja.identity.public_key
    kind = "consent.respond"
    try:
        fence, *_rest = await with_options(anja, session)
        app = PhaseApp(DecideView(session), me, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            view, state = app.view, anja.state(session)
            view.focus_default()
            await pilot.pause()
            assert app.focused is view.query_one("#reason")
            responses = view.query_one("#response", Choices)
            if start is not None:
                responses.choose(["agree", "stand_aside", "object"].index(start))
                await pilot.pause()
            arrows(app, *keys)
            burst(app, "Too expensive")
            arrows(app, "ctrl+s")
            await until(pilot, lambda: len(state.current_votes(kind, fence)) == 1)
            (vote,) = state.current_votes(kind, fence)
            assert vote.body is not None
            assert vote.body["response"] == cast and vote.body["reason"] == "Too expensive"
            await pilot.pause()
            # what the screen shows chosen: that button alone
            on = [b.id for b in responses.query("Choice") if b.value]
            assert on == [f"response-{cast}"] and responses.pressed_button.id == on[0]
    finally:
        await close_all([anja])


async def test_a_big_ballot_opens_with_the_option_names_in_view(tmp_path):
    """Naive s6 finding 7: the grid's cursor went to its first score cell before the grid had
    a width, which scrolled the labels out of a window of none; at 80×24 the big session
    opened with the criteria's numbers only. The first frame shows the names."""
    w = build_session(500)  # 25 options × 15 criteria: wider than 80 columns
    app = stored_app(w, tmp_path / "anja")
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        view = screen.view("decide")
        grid = view.query_one("#ballot", VoteGrid)
        await stored_until(lambda: grid.size.width > 0 and app.focused is grid)
        await pilot.pause()
        assert grid.scroll_x == 0
        assert "A. Option 0" in screen_text(app)


async def test_a_score_of_ten_shows_whole_in_the_ballot(tmp_path):
    """Naive s6 finding 6: columns as narrow as their headers ("1 2 3") showed 10 as "1". A
    cell is as wide as the widest value it takes."""
    (anja,), session = await table_of(tmp_path, ["anja"], "matrix", "criteria")
    me = anja.identity.public_key
    try:
        for text in ("Safe", "Cheap", "Near"):
            await anja.contribute(session, "criterion.add", model.text_body(text))
        await anja.contribute(session, "phase.move", model.move_body("options"))
        await with_options(anja, session)
        app = PhaseApp(DecideView(session), me, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            grid = app.view.query_one(VoteGrid)
            grid.focus()
            await pilot.press("1", "0")
            await pilot.pause()
            row = next(line for line in screen_text(app).splitlines() if "A. " in line)
            assert "10" in row.split("A. ", 1)[1]
            await pilot.press("minus", "plus")
            await pilot.pause()
            row = next(line for line in screen_text(app).splitlines() if "A. " in line)
            assert "10" in row.split("A. ", 1)[1]
    finally:
        await close_all([anja])


async def test_the_result_says_how_many_people_voted_not_how_many_records(tmp_path, language):
    """Naive s6 finding 12: under the matrix rule each person gives a weight sheet and a score
    sheet; "it rests on 4 votes" for 2 people read as four voters."""
    nodes, session = await table_of(tmp_path, ["anja", "bart"], "matrix", "criteria")
    anja, _bart = nodes
    try:
        safe = (await anja.contribute(session, "criterion.add", model.text_body("Safe"))).id
        await converged(nodes, session)
        for node in nodes:
            await node.contribute(session, "weight.set", model.weights_body({safe: 3}))
        await anja.contribute(session, "phase.move", model.move_body("options"))
        fence, bumps, _zebra = await with_options(anja, session)
        await converged(nodes, session)
        for node in nodes:
            sheet = {fence: {safe: 8}, bumps: {safe: 2}}
            await node.contribute(session, "score.set", model.scores_body(sheet))
        await converged(nodes, session)
        app = PhaseApp(DecideView(session), anja.identity.public_key, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            said = ngettext(
                "It rests on the votes of {count} person ({sheets}).",
                "It rests on the votes of {count} people ({sheets}).",
                2,
            ).format(
                count=2,
                sheets=", ".join(
                    [
                        ngettext("{count} weight sheet", "{count} weight sheets", 2),
                        ngettext("{count} score sheet", "{count} score sheets", 2),
                    ]
                ).format(count=2),
            )
            state = anja.state(session)
            await press_button(pilot, app.view, "close-voting")  # everyone voted: no question
            await until(pilot, lambda: "score.set" in state.closed)
            await until(pilot, lambda: said in screen_words(app))
    finally:
        await close_all(nodes)
