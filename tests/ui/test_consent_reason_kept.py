"""Consent: an objector who changes to agree does not cast the objection's reason with the
agree (naive s11 F7: the box kept it, Ctrl+S cast it, and the minutes read "A: agree — <the
objection's reason>"). Leaving Object, the box empties and says the reason waits with Object;
choosing Object again brings it back. Real node, the decide view by keys at 80×24."""

from __future__ import annotations

import pytest
from textual.widgets import Input, RadioSet

from beraad.i18n import _
from beraad.ui.phases.decide_typing import OBJECTION_KEPT
from beraad.ui.widgets.vote_notice import Notice
from tests.ui.phases_app import alone_in_decide, until

pytestmark = pytest.mark.timeout(120)

WHY = "Bumps are loud at night"


@pytest.mark.parametrize(
    "edited",
    # naive s11b N7: edited after it was cast, the reason stayed in the box and went out
    # with the agree
    ["", " and costly"],
    ids=["as-cast", "edited-after"],
)
async def test_changing_an_objection_to_agree_casts_no_reason_and_keeps_it(tmp_path, edited):
    async with alone_in_decide(tmp_path, "consent") as table:
        pilot, view, state = table.pilot, table.app.view, table.anja.state(table.session)
        box = view.query_one("#reason", Input)
        box.focus()
        await until(pilot, lambda: box.has_focus)
        fence = table.options[0]

        def mine() -> dict:
            votes = state.current_votes("consent.respond", fence)
            return votes[0].body if votes else {}

        await pilot.press(*WHY, "down", "down", "down", "ctrl+s")  # Agree, aside, Object
        await until(pilot, lambda: mine().get("response") == "object")
        assert mine()["reason"] == WHY

        await pilot.press(*edited, "up", "up")  # Stand aside, Agree
        assert box.value == ""
        assert view.query_one(Notice).message == _(OBJECTION_KEPT)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: mine().get("response") == "agree")
        assert not mine().get("reason")  # the objection's reason is not the agree's

        await pilot.press("down", "down")  # Object again: its reason is back, nothing lost
        await until(pilot, lambda: box.value == WHY + edited)


async def test_a_click_or_space_on_the_responses_moves_the_reason_too(tmp_path):
    async with alone_in_decide(tmp_path, "consent") as table:
        pilot, view = table.pilot, table.app.view
        box = view.query_one("#reason", Input)
        box.focus()
        await until(pilot, lambda: box.has_focus)
        state = table.anja.state(table.session)
        await pilot.press(*WHY, "down", "down", "down", "ctrl+s")  # Object
        await until(pilot, lambda: state.current_votes("consent.respond", table.options[0]))
        view.query_one("#response", RadioSet).focus()
        await pilot.press("left")  # Stand aside, chosen on the responses themselves
        await until(pilot, lambda: box.value == "")
        await until(pilot, lambda: view.query_one(Notice).message == _(OBJECTION_KEPT))


async def test_up_from_no_response_chooses_agree_not_object(tmp_path):
    """A voter typed "I agree", Ctrl+S was refused ("choose with ↑ ↓"), he pressed ↑ once and
    Ctrl+S: ↑ from nothing wrapped to the last response, and his "I agree" went out as an
    objection, the one response that blocks the group (naive s12 P3). ↑ or ↓ from nothing
    both start at Agree."""
    async with alone_in_decide(tmp_path, "consent") as table:
        pilot, view, state = table.pilot, table.app.view, table.anja.state(table.session)
        box = view.query_one("#reason", Input)
        box.focus()
        await until(pilot, lambda: box.has_focus)
        fence = table.options[0]
        await pilot.press(*"I agree", "ctrl+s")  # refused: nothing chosen yet
        await pilot.press("up", "ctrl+s")
        await until(pilot, lambda: bool(state.current_votes("consent.respond", fence)))
        (vote,) = state.current_votes("consent.respond", fence)
        assert vote.body["response"] == "agree" and vote.body["reason"] == "I agree"


async def test_up_from_no_level_chooses_the_first_not_block(tmp_path):
    """The same in gradients of agreement: "sounds good", ↑, Ctrl+S cast 8, "Block: I veto
    this" (naive s12 P3). ↑ from no level starts at the first, as ↓ does."""
    async with alone_in_decide(tmp_path, "gradients") as table:
        pilot, view, state = table.pilot, table.app.view, table.anja.state(table.session)
        box = view.query_one("#reason", Input)
        box.focus()
        await until(pilot, lambda: box.has_focus)
        fence = table.options[0]
        await pilot.press(*"sounds good", "up", "ctrl+s")
        await until(pilot, lambda: bool(state.current_votes("gradient.respond", fence)))
        (vote,) = state.current_votes("gradient.respond", fence)
        assert vote.body["level"] == 1 and vote.body["reason"] == "sounds good"
