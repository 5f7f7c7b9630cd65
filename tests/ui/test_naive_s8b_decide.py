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


async def test_ctrl_g_at_a_tie_says_to_choose_first_and_names_the_choice(tmp_path, language):
    """Voting closed on a tie: Ctrl+G did nothing and the footer no longer offered ^g; after
    choosing, the question did not name the option nor say it came from a tie (naive s8b
    finding 11). The tie's choice was 24 columns wide ("Choose from the / tie") and showed as
    a stray edge beside "Close voting" while voting was open, and the ballot's cell line hid
    the end of the tie's sentence (13)."""
    from textual.widgets import Select

    from beraad.ui.screens.confirm import ConfirmScreen
    from beraad.ui.widgets.vote_grid import VoteGrid
    from beraad.ui.widgets.vote_notice import Notice
    from tests.ui import session_people as people

    app = people.make_app(tmp_path / "anja", "Anja", language=language)
    async with app.run_test(size=SIZE) as pilot:
        screen = await people.at_decide_with(pilot, "dots", ["Youth club", "New benches"])
        node, session = screen.node, screen.session
        state = node.state(session)
        grid = screen.query_one("#ballot", VoteGrid)
        await people.until(lambda: grid.row_count == 2 and screen.focused is grid, pilot)
        await pilot.press("1", "down", "1", "ctrl+s")  # a dot each: a tie
        await people.until(lambda: "dots.place" in state.votes, pilot)
        await people.until(lambda: _("Voting is open.") in people.screen_words(app), pilot)
        assert not screen.query("#tie-option") or not screen.query_one("#tie-option").display
        assert "▔" not in people.screen_text(app)  # no edge of a choice while voting is open
        await pilot.press("ctrl+o")
        await people.until(lambda: "dots.place" in state.closed, pilot)
        tie = screen.query_one("#tie-option", Select)
        await people.until(lambda: tie.display and tie.region.height == 1, pilot)
        lines = people.screen_text(app).splitlines()
        assert any(_("Choose from the tie") in line for line in lines)  # on one line, whole
        assert not screen.query_one("#cell-line").display  # nothing is typed in the ballot now
        needed = _(
            "Next: choose one of the tied options ({options}) in “Choose from the tie”, then "
            "take the decision."
        ).format(options="A = B")
        next_line = screen.query_one("#next-step", Static)  # a scroll bar may sit in its line
        await people.until(lambda: str(next_line.content) == needed, pilot)
        assert next_line.region.height and next_line.region.bottom < SIZE[1] - 1  # in sight
        footer = lines[-1]
        assert "^g" in footer  # offered: it says what is needed

        await pilot.press("ctrl+g")
        first = _(
            "Choose one of the tied options first ({options}): Enter opens “Choose from the "
            "tie”; then Ctrl+G takes the decision."
        ).format(options="A = B")
        notice = screen.query_one("DecideView").query_one(Notice)
        await people.until(lambda: notice.message == first, pilot)
        assert screen.focused is tie and not state.decisions

        await pilot.press("enter", "down", "down", "enter")  # B, from the list
        benches = next(o for o, item in state.options.items() if item.text == "New benches")
        await people.until(lambda: tie.value == benches, pilot)
        assert notice.message == ""
        chosen = _("Next: take the decision: {option}, chosen from the tie.").format(
            option="B. New benches"
        )
        await people.until(lambda: str(next_line.content) == chosen, pilot)
        await pilot.press("ctrl+g")
        await people.until(lambda: isinstance(app.screen, ConfirmScreen), pilot)
        question = _(
            "Take the decision now: {option}, chosen from the tie {options}? It is recorded "
            "for the whole group, as chosen from a tie, and cannot be undone."
        ).format(option="B. New benches", options="A = B")
        assert str(app.screen.question) == question
        await pilot.press("tab", "enter")
        await people.until(lambda: bool(state.decisions), pilot)
        (decision,) = state.decisions
        assert decision.option == benches and len(decision.tie) == 2
