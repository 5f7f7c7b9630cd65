"""F6 as the facilitator counts it (naive s15 F5) and as it follows who facilitates.

Anja, after the decision, wanted to take the group back to Knots, the fifth line of F6; the
list starts with no line chosen, so her four ↓ chose the fourth, Positions, and Enter moved
every screen there at once, without a question. Taking the group back now asks once, the
phase named; Enter again moves it. And a member whose F6 said only the facilitator moves the
group saw nothing change when the facilitation was handed to them while it was open
(handover14): the dialog now lists what they can do."""

from __future__ import annotations

import pytest
from textual.widgets import OptionList, Static

from beraad.core import session as bodies
from beraad.ui.widgets.phase_dialog import PhaseDialog
from tests.ui.phases_app import SIZE
from tests.ui.phases_text import screen_words
from tests.ui.session_people import f6_opened
from tests.ui.stored_app import session_opened, session_screen
from tests.ui.stored_app import until as until_app
from tests.ui.test_naive_s6 import NAMES, opened_by, three

pytestmark = pytest.mark.timeout(90)


async def test_taking_the_group_back_asks_once_naming_the_phase(tmp_path):
    """↓ four times, Enter: asked about Positions, nothing moved; ↓ then asks about Knots
    (the question goes with its line); Enter again takes the group there."""
    w = three("facilitator", phase="decide")
    app = opened_by(w, tmp_path / "anja", 0)
    async with app.run_test(size=SIZE) as pilot:
        screen, dialog, _choices = await f6_opened(pilot, w.session)
        labels = [c.label for c in dialog.choices]
        assert labels[:5] == [
            "Move the group on to Act",
            "Take the group back to Options",
            "Take the group back to Criteria",
            "Take the group back to Positions",
            "Take the group back to Knots",
        ]
        asked = dialog.query_one("#phase-choose-first", Static)
        await pilot.press("down", "down", "down", "down", "enter")
        await until_app(lambda: asked.display and "Back to Positions?" in str(asked.render()))
        assert app.screen is dialog and screen.state.phase == "decide"
        assert "Back to Positions? Every screen goes there at once." in screen_words(app)
        await pilot.press("down")  # the line meant: the question about Positions goes
        choices = dialog.query_one("#phase-choices", OptionList)
        await until_app(lambda: choices.highlighted == 4 and not asked.display)
        await pilot.press("enter")
        await until_app(lambda: asked.display and "Back to Knots?" in str(asked.render()))
        assert screen.state.phase == "decide"
        await pilot.press("enter")
        await until_app(lambda: screen.state.phase == "knots")


async def test_moving_on_is_not_asked(tmp_path):
    """Moving on is the first line and one Enter once chosen, as before."""
    w = three("facilitator", phase="decide")
    app = opened_by(w, tmp_path / "anja", 0)
    async with app.run_test(size=SIZE) as pilot:
        screen, _dialog, _choices = await f6_opened(pilot, w.session)
        await pilot.press("down", "enter")
        await until_app(lambda: screen.state.phase == "act")


async def test_an_open_f6_follows_the_facilitation_handed_to_one(tmp_path):
    """Bart's F6 says only Anja moves the group; Anja hands the facilitation to him while it
    is open: it lists his moves at once and says why, and ↓ Enter moves the group on."""
    w = three("facilitator", phase="knots")
    app = opened_by(w, tmp_path / "bart", 1)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)  # (f6_opened: its list is not there yet)
        await until_app(lambda: screen.focused is not None)
        await pilot.press("f6")
        await until_app(lambda: isinstance(app.screen, PhaseDialog))
        dialog = app.screen
        assert not dialog.choices
        await until_app(
            lambda: "Only the facilitator, Anja, moves the group on." in screen_words(app)
        )
        w.write(0, "facilitator.handover", bodies.handover_body(w.who[1].public_key))
        screen.node.ingest(w.session, list(w.records))
        await until_app(lambda: "You are the facilitator now: choose with ↓." in screen_words(app))
        assert app.screen is dialog and dialog.choices
        await pilot.press("down", "enter")
        await until_app(lambda: screen.state.phase == "positions")


async def test_since_last_time_says_the_group_carries_on_once_it_has(tmp_path):
    """Meeting 2 opens with "since last time" on Bart's screen: "Meeting 1 stopped in Act:
    one move (F6) carries on there." Anja makes that move while it is open; it said the same
    after it (naive s15), and now says the group carries on there."""
    from benchmarks.ui import NONCE, START, Writer
    from beraad.core.session import PHASES
    from beraad.core.trajectory import RESUME_SINCE_MS
    from beraad.ui.screens.since_last_time import SinceLastTimeScreen

    # One move carries on only in records from when it came (``RESUME_SINCE_MS``): the whole
    # session is written from then (a lamport jump past it is held back by the node).
    w = Writer()
    w.lamport = (RESUME_SINCE_MS - START) // 1000 + 1
    opened = bodies.open_body("Our street", "How do we slow the traffic?")
    w.write(0, "session.open", {**opened, "nonce": NONCE})
    w.write(0, "member.name", bodies.name_body(NAMES[0]))
    for n in (1, 2):
        w.write(0, "member.admit", bodies.admit_body(w.who[n].public_key, NAMES[n]))
    for step in PHASES[1 : PHASES.index("act") + 1]:
        w.write(0, "phase.move", bodies.move_body(step))
    w.write(0, "meeting.end", {})
    w.write(0, "meeting.start", bodies.meeting_start_body())
    app = opened_by(w, tmp_path / "bart", 1)
    async with app.run_test(size=SIZE) as pilot:
        await until_app(lambda: app.bridge is not None)
        app.open_session(w.session)  # it opens under "since last time", on top
        await until_app(lambda: isinstance(app.screen, SinceLastTimeScreen))
        popup = app.screen
        await until_app(lambda: "one move (F6) carries on there" in screen_words(app))
        w.write(0, "phase.move", bodies.move_body("act"))
        session_screen(app).node.ingest(w.session, list(w.records))
        await until_app(lambda: "the group carries on there now" in screen_words(app))
        assert app.screen is popup
        assert "Meeting 1 stopped in Act; the group carries on there now." in screen_words(app)
        assert "one move (F6) carries on there" not in screen_words(app)
        await pilot.press("escape")
