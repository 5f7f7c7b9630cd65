"""A hint says what just happened, and goes once it no longer holds (naive s8b finding 17):
"Nothing can be written in Act now: what you type goes into Opening, where the group is"
stayed after F5 and after the meeting ended."""

from __future__ import annotations

import pytest

from beraad.core import session as bodies
from beraad.ui.phases.base import goes_to_the_group
from tests.ui.bounded import press_until
from tests.ui.phases_app import SIZE
from tests.ui.phases_text import screen_words
from tests.ui.stored_app import session_opened, until
from tests.ui.test_naive_s6 import opened_by, three

pytestmark = pytest.mark.timeout(120)


async def looked_at_act_and_typed(pilot, screen) -> str:
    """Bart looks ahead at Act (F4) with the group in Opening and types "abc": the letters go
    into Opening's box, which he is taken to, with the hint saying why. The hint."""
    await press_until(pilot, "f4", lambda: screen.viewing == "act", "a look at Act")
    await pilot.press(*"abc")
    box = screen.view("opening").text_box()
    await until(lambda: box.value == "abc" and screen.viewing == "opening")
    said = goes_to_the_group("act", "opening")
    await until(lambda: said in screen_words(pilot.app))
    return said


async def test_the_where_your_words_went_hint_goes_with_f5(tmp_path, language):
    w = three("facilitator", phase="opening")
    app = opened_by(w, tmp_path / "bart", 1, language)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        said = await looked_at_act_and_typed(pilot, screen)
        await pilot.press("f5")  # where the group is: he is there; the hint no longer holds
        await until(lambda: said not in screen_words(app))
        assert screen.view("opening").text_box().value == "abc"


async def test_the_where_your_words_went_hint_goes_when_the_meeting_ends(tmp_path, language):
    w = three("facilitator", phase="opening")
    app = opened_by(w, tmp_path / "bart", 1, language)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        said = await looked_at_act_and_typed(pilot, screen)
        w.write(0, "meeting.end", bodies.meeting_end_body(""))
        screen.node.ingest(w.session, list(w.records))
        await until(lambda: screen.state.between_meetings)
        await pilot.pause()
        await until(lambda: said not in screen_words(app))
