"""The live dialogs (shared facts, meeting tools, world café) share one way of following a session
(``LiveScreen``): they show what arrives while open, keep showing it after a language switch
recomposes them (what was typed stays), and stop listening to the node once closed.

One real app on a real node (discovery off), keys and the node's own contributions only; every
wait is on what the screen or the node shows.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.widgets import Input

from beraad.core.cafe import setup_body
from beraad.core.session import fact_body, hand_raise_body
from beraad.i18n import set_language
from beraad.ui.screens.cafe import CafeScreen
from beraad.ui.screens.facts import FactsScreen
from beraad.ui.screens.meeting import MeetingScreen
from tests.ui.conftest import SIZE
from tests.ui.session_people import create_in_app, make_app, node_of, screen_words, until

pytestmark = pytest.mark.timeout(120)


async def test_live_dialogs_follow_the_node_across_a_language_switch(tmp_path: Path):
    app = make_app(tmp_path / "anja", "Anja")
    async with app.run_test(size=SIZE) as pilot:
        await create_in_app(pilot, "Our street", "How do we keep the youth here?")
        node = node_of(app)
        session = app.screen.session

        def listens(screen: object) -> bool:
            return screen._node_event in node._listeners  # type: ignore[attr-defined]

        # Shared facts: a draft typed, a fact arriving, the switch, then another fact.
        await pilot.press("ctrl+f")
        await until(
            lambda: isinstance(app.screen, FactsScreen) and app.screen.query("#facts"), pilot
        )
        facts = app.screen
        await until(lambda: listens(facts), pilot)  # mounted: it follows the node
        await pilot.press(*"Half typed")
        await node.contribute(session, "fact.add", fact_body("Census", "", None, None))
        await until(lambda: "F1 Census — you" in screen_words(app), pilot)
        await app.switch_language("nl", save=False)
        await until(lambda: "Gedeelde feiten" in screen_words(app), pilot)
        await until(lambda: "F1 Census — jij" in screen_words(app), pilot)  # drawn again
        assert facts.query_one("#fact-title", Input).value == "Half typed"
        await node.contribute(session, "fact.add", fact_body("Survey", "", None, None))
        await until(lambda: "F2 Survey — jij" in screen_words(app), pilot)
        await pilot.press("escape")
        await until(lambda: not listens(facts), pilot)  # closed: it no longer does

        # Meeting tools: the queue list is composed anew by the switch and filled again.
        await pilot.press("f7")
        await until(lambda: isinstance(app.screen, MeetingScreen), pilot)
        meeting = app.screen
        await until(lambda: "Anja (jij), geen hand opgestoken" in screen_words(app), pilot)
        await node.contribute(session, "hand.raise", hand_raise_body())
        await until(lambda: "1. Anja (jij)" in screen_words(app), pilot)
        await app.switch_language("en", save=False)
        await until(lambda: "Meeting tools" in screen_words(app), pilot)
        await until(lambda: "1. Anja (you)" in screen_words(app), pilot)
        await node.contribute(session, "hand.lower", {})
        await until(lambda: "Anja (you), no hand raised" in screen_words(app), pilot)
        await pilot.press("escape")
        await until(lambda: not listens(meeting), pilot)

        # World café: set up while open, after a switch.
        await pilot.press("f9")
        await until(lambda: isinstance(app.screen, CafeScreen), pilot)
        cafe = app.screen
        await until(lambda: "No café is set up." in screen_words(app), pilot)
        await app.switch_language("nl", save=False)
        await until(lambda: "Er is geen café opgezet." in screen_words(app), pilot)
        body, _plan = setup_body([(node.identity.public_key, None)], [("Wat nu?", 0)], 600, 1)
        await node.contribute(session, "cafe.setup", body)
        await until(lambda: "Wat nu?" in screen_words(app), pilot)
        await pilot.press("escape")
        await until(lambda: not listens(cafe), pilot)
        await app.switch_language("en", save=False)


async def test_a_tick_and_a_redraw_while_a_language_switch_composes_the_screen_anew(
    tmp_path: Path,
):
    """Fresh-clone CI (session 7): the meeting screen's clock ticked while a language switch had
    removed its old parts and not yet mounted the new ones — NoMatches('#meeting-timer'), and the
    app went down. A tick or a redraw in that moment now waits for the new parts."""
    app = make_app(tmp_path / "anja", "Anja")
    async with app.run_test(size=SIZE) as pilot:
        await create_in_app(pilot, "Our street", "How do we keep the youth here?")
        await pilot.press("f7")
        await until(lambda: isinstance(app.screen, MeetingScreen), pilot)
        meeting = app.screen
        await until(lambda: "No timer runs." in screen_words(app), pilot)
        set_language("nl")
        switch = asyncio.create_task(meeting.relabel())
        for _ in range(10_000):  # the moment the old parts are gone, the new not yet there
            if not meeting.query("#meeting-timer") or switch.done():
                break
            await asyncio.sleep(0)
        assert not switch.done(), "the recompose finished before its parts were found gone"
        meeting._ticked()
        meeting.redraw()
        await switch
        await until(lambda: "Er loopt geen timer." in screen_words(app), pilot)
