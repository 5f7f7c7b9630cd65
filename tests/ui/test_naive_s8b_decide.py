"""The decide view after naive run s8b (items 3, 9, 11, 13, 14): real nodes on loopback, the
real decide view (or the whole app) at 80×24, driven by keys."""

from __future__ import annotations

import pytest
from textual.containers import VerticalScroll
from textual.widgets import Static

from beraad.core import session as model
from beraad.i18n import _
from beraad.ui.phases.decide import DecideView
from tests.ui.phases_app import SIZE, PhaseApp, close_all, converged, table_of, until
from tests.ui.phases_text import screen_words
from tests.ui.test_phases_decide import go_on_if_asked, with_options

pytestmark = pytest.mark.timeout(120)


def in_sight(widget: Static, scroll: VerticalScroll) -> bool:
    """Is ``widget`` laid out within what ``scroll`` shows now, all of its lines?"""
    shown = scroll.content_region
    return bool(widget.region.height) and shown.contains_region(widget.region)


async def test_the_decision_line_is_in_sight_once_decided(tmp_path, language):
    """The person who took the decision (and Bram) saw the page from "The decision counted
    the votes…" on: the view had been scrolled to the response form, and the "Decided:" line
    that moves up under the title once decided stayed above the top (naive s8b finding 14)."""
    nodes, session = await table_of(tmp_path, ["anja", "bram", "cees"], "consent", "options")
    anja, bram, cees = nodes
    me = anja.identity.public_key
    try:
        fence, *_rest = await with_options(anja, session)
        await converged(nodes, session)
        said = (
            (
                bram,
                "Fine by me, as long as the fence stays low enough for the children to see "
                "over it and the gate is on the side of the school, where the parents wait "
                "in the afternoon",
            ),
            (
                cees,
                "Agreed, though I would like us to look at the cost again in the spring "
                "when the budget for the square is set, and at whether the neighbours on the "
                "east side were asked",
            ),
        )
        for node, reason in said:
            await node.contribute(
                session, "consent.respond", model.consent_body(fence, "agree", reason)
            )
        await converged(nodes, session)
        app = PhaseApp(DecideView(session), me, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            view, state = app.view, anja.state(session)
            view.focus_default()
            await pilot.press("down", *"Yes", "ctrl+s")  # agree, with a reason
            await until(pilot, lambda: len(state.current_votes("consent.respond", fence)) == 3)
            app.refresh_view()
            scroll = view.query_one(VerticalScroll)
            await until(pilot, lambda: scroll.scroll_y > 0)  # the form at the top, as it was
            await pilot.press("ctrl+o")
            await until(pilot, lambda: "consent.respond" in state.closed)
            app.refresh_view()
            await pilot.press("ctrl+g")
            await go_on_if_asked(pilot, lambda: bool(state.decisions))
            await until(pilot, lambda: bool(state.decisions))
            app.refresh_view()
            line = view.query_one("#rule-status", Static)
            decided = _("Decided: {option}, by {rule}.").format(
                option="A. A fence around the square", rule=_("Consent")
            )
            await until(pilot, lambda: decided in screen_words(app) and in_sight(line, scroll))
    finally:
        await close_all(nodes)
