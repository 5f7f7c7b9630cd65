"""What real users tripped over in the nineteenth naive walk, meeting 2 of a real deliberation
(three people at 80×24, English and Dutch): each finding pinned where it showed."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.widgets import Checkbox, Input

from beraad.core import session as model
from beraad.core.session import PHASES
from beraad.core.tally import decision_body
from beraad.node import Node
from beraad.ui.phases.act import ActView
from beraad.ui.phases.decide import DecideView
from beraad.ui.phases.positions import PositionsView
from beraad.ui.widgets.phase_dialog import PhaseDialog
from beraad.ui.widgets.vote_grid import VoteGrid
from beraad.ui.widgets.vote_notice import Notice
from tests.core.test_meeting import A
from tests.ui.burst import burst
from tests.ui.phases_app import (
    SIZE,
    PhaseApp,
    close_all,
    decided,
    table_of,
    until,
    with_options,
)
from tests.ui.phases_text import screen_text, screen_words
from tests.ui.stored_app import session_opened
from tests.ui.stored_app import until as until_app
from tests.ui.test_between_meetings_moves import meeting_two
from tests.ui.test_naive_s6 import opened_by, three

pytestmark = pytest.mark.timeout(120)


async def next_meeting(node: Node, session: str, to: str) -> None:
    """The facilitator ends the meeting, opens the next and moves the group on to ``to``."""
    await node.contribute(session, "meeting.end", {})
    await node.contribute(session, "meeting.start", model.meeting_start_body())
    for phase in PHASES[1 : PHASES.index(to) + 1]:
        await node.contribute(session, "phase.move", model.move_body(phase))


async def test_meeting_twos_action_serves_meeting_twos_decision(tmp_path):
    """G2: a row under decision A chosen in meeting 1 (pulling one's action) stayed chosen,
    and the three actions typed right after meeting 2 decided H were signed under A ("New
    action for A"). After a new decision the box serves the newest one."""
    (anja,), session = await table_of(tmp_path, ["anja"], "consent", "options")
    try:
        first = await decided([anja], session)
        app = PhaseApp(ActView(session), anja.identity.public_key, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            view = app.view
            view.tree.focus()
            await pilot.press("down")  # decision A chosen in meeting 1
            await until(pilot, lambda: view._decision() == first)
            view.focus_default()  # the keys elsewhere (another phase's box) from here on
            await next_meeting(anja, session, "options")
            option = (await anja.contribute(session, "option.add", model.option_body("Lamps"))).id
            await anja.contribute(session, "phase.move", model.move_body("decide"))
            await anja.contribute(session, "consent.respond", model.consent_body(option, "agree"))
            await anja.contribute(session, "vote.close", model.close_body("consent.respond"))
            state = anja.state(session)
            await anja.contribute(session, "decision.take", decision_body(state, option))
            await anja.contribute(session, "phase.move", model.move_body("act"))
            app.refresh_view()  # the group arrives in Act
            second = anja.state(session).decisions[-1].record
            await pilot.pause()
            assert "New action for B:" in screen_text(app)
            burst(app, "Write to the city")
            await pilot.press("enter")
            await until(pilot, lambda: anja.state(session).actions)
            (action,) = anja.state(session).actions.values()
            assert action.decision == second != first
            # Chosen again in this visit, a row under A is what the box serves.
            await pilot.press("shift+tab", "home")
            await until(pilot, lambda: view._decision() == first)
            assert "New action for A:" in screen_text(app)
    finally:
        await close_all([anja])


async def test_meeting_twos_position_asks_for_its_knot(tmp_path):
    """G2's smaller twin: Positions in meeting 2 still pointed at the knot chosen in meeting
    1, and a position on meeting 2's knot went under the old one. In a new meeting the box
    asks for the knot again."""
    (anja,), session = await table_of(tmp_path, ["anja"], "consent", "knots")
    try:
        await anja.contribute(session, "knot.add", model.text_body("Can we not sell it?"))
        await anja.contribute(session, "phase.move", model.move_body("positions"))
        app = PhaseApp(PositionsView(session), anja.identity.public_key, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            view = app.view
            view.tree.focus()
            await pilot.press("down")
            await until(pilot, lambda: view._knot() is not None)
            view.focus_default()
            await next_meeting(anja, session, "knots")
            await anja.contribute(session, "knot.add", model.text_body("Who pays the heating?"))
            await anja.contribute(session, "phase.move", model.move_body("positions"))
            app.refresh_view()
            await pilot.pause()
            assert view._knot() is None
            assert "Position on" not in screen_text(app)
    finally:
        await close_all([anja])


async def test_a_move_back_says_an_evaluation_note_is_not_sent_there(tmp_path):
    """G5: Bart's note waited in Evaluate's box as Anja took the group back to Act; the toast
    said "Your words stay here: Enter sends them", and Enter was refused. It says the truth:
    not sent; the line under the box says when Enter sends them, and the words stay."""
    w = three("facilitator", phase="evaluate")
    app = opened_by(w, tmp_path / "bart", 1)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await session_opened(app, w.session)
        box = screen.query_one("#went_well-text", Input)
        await until_app(lambda: screen.focused is box)
        burst(app, "Old words here")
        await until_app(lambda: box.value == "Old words here")
        w.write(0, "phase.move", model.move_body("act"))
        screen.node.ingest(w.session, list(w.records))
        await until_app(lambda: screen.group_phase == "act" and app._notifications)
        told = [n.message for n in app._notifications]
        assert "Group now in Act. Your words stay here, not sent. F5 follows." in told, told
        assert not any("Enter sends them, F5 follows" in said for said in told)
        line = "Enter sends them once the group is in Evaluate."
        await until_app(lambda: line in screen_words(app))
        await pilot.press("enter")
        await pilot.pause()
        assert box.value == "Old words here" and not screen.state.evaluations


async def test_words_on_the_seal_neither_tick_it_nor_vanish(tmp_path):
    """G3: under dot voting Bart typed "I want to seal my vote now please" on *Seal my vote*:
    its seven spaces ticked it, "no thanks" unticked it, and no word said the letters went
    nowhere. In meeting 2 the ✓ kept from meeting 1 was unticked by the Space meant to tick
    it, and the vote went in open with nothing said. Words there are said, not typed, their
    spaces tick nothing; a new meeting starts the seal unticked; the cast says how it went."""
    (anja,), session = await table_of(tmp_path, ["anja"], "dots", "options")
    try:
        await with_options(anja, session)
        app = PhaseApp(DecideView(session), anja.identity.public_key, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            view = app.view
            seal = view.query_one("#seal", Checkbox)
            notice = view.query_one(Notice)
            view.query_one(VoteGrid).focus()
            await pilot.press("2")
            seal.focus()
            burst(app, "I want to seal my vote now please")
            await until(pilot, lambda: "now please" in notice.message)
            assert not seal.value
            assert "“I want to seal my vote now please” was not typed" in notice.message
            await pilot.press("backspace", "space")  # the seal's own key, on its own
            await until(pilot, lambda: seal.value)
            await pilot.press("ctrl+s")
            await until(pilot, lambda: "dots.place" in anja.state(session).votes)
            assert anja.state(session).votes["dots.place"][anja.identity.public_key].sealed
            await until(pilot, lambda: "Your vote is sealed" in screen_words(app))
            await next_meeting(anja, session, "options")
            await anja.contribute(session, "phase.move", model.move_body("decide"))
            view.new_meeting()  # as the session screen does when a meeting opens
            app.refresh_view()
            await pilot.pause()
            assert not seal.value  # not last meeting's ✓
            view.query_one(VoteGrid).focus()
            await pilot.press("2")
            seal.focus()
            await pilot.press("space", "ctrl+s")
            await until(pilot, lambda: "Your vote is sealed" in screen_words(app))
            assert anja.state(session).votes["dots.place"][anja.identity.public_key].sealed
    finally:
        await close_all([anja])


async def test_f6_asks_before_jumping_the_group_six_phases_on():
    """G6: in meeting 2's opening Anja's F6 ↓ Enter, meant for the second line (Knots), took
    every screen six phases on to Evaluate, where meeting 1 stopped: no line looks chosen
    before ↓, so the first ↓ chose the first line. A jump past phases is asked once, as going
    back is; the next phase still goes at once, and F6 Enter Enter (the first line named by
    the first Enter) still carries on."""
    chosen: list[object] = []
    app = App()
    async with app.run_test(size=SIZE) as pilot:
        state = meeting_two().state
        await app.push_screen(PhaseDialog(state, A.public_key), chosen.append)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert not chosen, "the jump went without a question"
        asked = "On to Evaluate, past 6 phases? Every screen goes there at once."
        assert asked in screen_words(app)
        await pilot.press("down", "enter")  # the line under it: the next phase, at once
        await pilot.pause()
        ((choice, _reason),) = chosen
        assert choice.body["to"] == "knots"
        await app.push_screen(PhaseDialog(state, A.public_key), chosen.append)
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert chosen[-1][0].body["to"] == "evaluate"
        await app.push_screen(PhaseDialog(state, A.public_key), chosen.append)
        await pilot.press("down", "enter", "enter")  # asked, then Enter again sends it
        await pilot.pause()
        assert len(chosen) == 3 and chosen[-1][0].body["to"] == "evaluate"


async def test_the_weights_table_shows_a_new_criterion_and_tab_starts_where_to_weigh(tmp_path):
    """G4: at 80×24 the table showed 5 of 7 criteria with no scroll bar; a criterion sent
    appeared nowhere; Tab into the table landed on the row left last time, and weights typed
    top-down went to the wrong rows. The table has a scroll bar, one's new criterion comes
    into sight, and Tab starts on the first criterion without a weight of one's own."""
    w = three("facilitator", phase="criteria")
    words = ("Cheap", "Safe", "Quick", "Quiet", "Green", "Fair")
    kept = [w.write(0, "criterion.add", model.text_body(text)) for text in words]
    w.write(1, "weight.set", model.weights_body(dict.fromkeys(kept, 50)))
    app = opened_by(w, tmp_path / "bart", 1)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        grid = screen.query_one("#weights", VoteGrid)
        box = screen.query_one("#criterion-text", Input)
        await until_app(lambda: grid.row_count == 6 and screen.focused is box)
        await pilot.press("tab", "down", "down", "down", "shift+tab")  # row 4 left chosen
        await until_app(lambda: screen.focused is box)
        await pilot.press("tab")
        await until_app(lambda: screen.focused is grid)
        assert grid.cursor_coordinate.row == 0  # every row weighed: the first
        assert grid.show_vertical_scrollbar  # more rows than it shows, and a sign of it
        await pilot.press("shift+tab")
        burst(app, "Maintenance of the roof and the gutter\n")
        await until_app(lambda: grid.row_count == 7)
        await until_app(lambda: "Maintenance of the roof" in screen_text(app))
        assert "Cheap" not in screen_text(app)  # scrolled to it: row 1 is above
        await pilot.press("tab")
        await until_app(lambda: screen.focused is grid)
        assert grid.cursor_coordinate.row == 6  # the one without a weight of Bart's
