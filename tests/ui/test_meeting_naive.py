"""The meeting tools (F7) as a naive scribe used them (session 5, finding 2), at 80×24 on real
nodes: typing a name never starts a timer or a round, names typed fast each get their hand,
and the balance table keeps its names when the timer starts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.app import App
from textual.widgets import Input, OptionList

from beraad.ui.screens.meeting import MeetingScreen
from tests.ui.phases_app import SIZE, until
from tests.ui.test_meeting_tools import (
    Clock,
    MeetingApp,
    footer_keys,
    screen_text,
    shows,
    table,  # noqa: F401 (the fixture)
)
from tests.ui.test_session_flow import create_in_app, make_app
from tests.ui.test_session_flow import until as flow_until

pytestmark = pytest.mark.timeout(60)

NAMES = ["Kees", "Mrs Jansen", "Tom", "Ria", "Sem", "Lotte"]


def queue(app: App[Any], key: str, char: str) -> None:
    """One key into the app's queue without waiting for the ones before it."""
    event = events.Key("space" if key == " " else key, char)
    event.set_sender(app)
    assert app._driver is not None
    app._driver.send_message(event)


async def test_typing_a_name_never_starts_a_timer_or_a_round(table):  # noqa: F811
    (anja, _bart), session = await table(["Anja", "Bart"], "facilitator")
    app = MeetingApp(anja, session, Clock())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        box = app.tools.query_one("#speaker-new", Input)
        await until(pilot, lambda: app.focused is box)  # the keys start where a scribe types
        await pilot.press(*"Mrs. Jansen from number 12", "enter")
        await until(pilot, lambda: app.tools.speaker == "Mrs. Jansen from number 12")
        # Tab from the box is the hand list; letters typed there are the next name.
        await pilot.press("tab")
        assert app.focused is app.tools.query_one("#meeting-queue", OptionList)
        await pilot.press(*"Mrs Jansen trust")
        assert app.focused is box and box.value == "Mrs Jansen trust"
        state = anja.state(session)
        assert state.timer is None and state.round is None and state.floor is None
        assert not {key for key in footer_keys(app) if len(key) == 1}  # no letter is a key


async def test_names_typed_fast_each_get_their_hand(tmp_path: Path):
    """Name, Enter, Tab, Ctrl+R, six times in one burst, in the real app (F7): six hands, each
    the right person's, none dropped (the hand key must act for the name just chosen)."""
    app = make_app(tmp_path / "anja", "Anja")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await create_in_app(pilot, "Street meeting", "Speed bumps?")
        await pilot.press("f7")
        await flow_until(lambda: isinstance(app.screen, MeetingScreen), pilot)
        await flow_until(lambda: app.focused is app.screen.query_one("#speaker-new"), pilot)
        # As a terminal sends them: all queued before any is handled (tests/ui/burst.py).
        for name in NAMES:
            for key, char in [*((c, c) for c in name), ("enter", "\r"), ("tab", "\t")]:
                queue(app, key, char)
            queue(app, "ctrl+r", "\x12")
        node, session = app.screen.node, app.screen.session
        await flow_until(lambda: len(node.state(session).queue) == len(NAMES), pilot)
        await pilot.pause()
        assert [hand.speaker for hand in node.state(session).queue] == NAMES
        assert not app._notifications  # no refusal
        # A timer, Tab at once, and a name: no letter is lost (the 'M' went to the table).
        for key, char in [("ctrl+t", "\x14"), ("5", "5"), ("enter", "\r"), ("tab", "\t")]:
            queue(app, key, char)
        for c in "Mrs Jansen":
            queue(app, c, c)
        box = app.screen.query_one("#speaker-new", Input)
        await flow_until(lambda: box.value == "Mrs Jansen", pilot)


async def test_delete_lowers_the_chosen_hand_and_ctrl_r_the_spoken_for(table):  # noqa: F811
    (anja,), session = await table(["Anja"])
    app = MeetingApp(anja, session, Clock())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        for name in ("Mrs Jansen", "Kees"):
            await pilot.press(*name, "enter", "ctrl+r")
        await until(pilot, lambda: len(anja.state(session).queue) == 2)
        # Speaking for Kees, the hint says whose hand Ctrl+R is; it lowers his, not the chosen.
        await shows(pilot, "^r hand of Kees")
        await pilot.press("tab", "down")
        await pilot.press("ctrl+r")
        await until(pilot, lambda: [h.speaker for h in anja.state(session).queue] == ["Mrs Jansen"])
        # Delete, in the list, lowers the chosen hand; the footer says so only there.
        await pilot.press("home")
        assert "delete" in footer_keys(app)
        await pilot.press("delete")
        await until(pilot, lambda: anja.state(session).queue == [])


async def test_the_name_column_keeps_its_width_when_the_timer_starts(table):  # noqa: F811
    (carla, _anja), session = await table(["Carla", "Anja"])
    app = MeetingApp(carla, session, Clock())
    async with app.run_test(size=SIZE) as pilot:
        await shows(pilot, "Carla (you)")
        await pilot.press("ctrl+t", "5", "enter")
        await until(pilot, lambda: carla.state(session).timer is not None)
        await shows(pilot, "Timer 5:00")
        await pilot.pause()
        assert "Carla (you)" in screen_text(app)
