"""The decide view after naive run s8b (items 3, 9, 11, 13, 14): real nodes on loopback, the
real decide view (or the whole app) at 80×24, driven by keys."""

from __future__ import annotations

import pytest
from textual.containers import VerticalScroll
from textual.widgets import Static

from beraad.core import session as model
from beraad.i18n import _
from beraad.ui.phases.decide import NO_WEIGHTS, DecideView
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
        await people.until(lambda: bool(screen.query("#tie-option")), pilot)  # mounted now
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

        await pilot.press("enter", "down", "enter")  # B, from the list (opens on A: s9b 10)
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


async def test_a_group_is_told_no_criterion_weighs_anything(tmp_path, language):
    """Nobody weighted the criteria; Anja and Bram scored, and the vote ended "A = B" with
    totals 0 and no word why (naive s8b finding 3). The tally stays as it is (the method
    and old sessions' hashes), but the group is told before it votes (where weights are set
    and above the ballot) and the result says why every total is 0."""
    from beraad.ui.phases.criteria import UNWEIGHTED, CriteriaView
    from beraad.ui.widgets.tally_format import ZERO_TOTALS
    from beraad.ui.widgets.vote_grid import VoteGrid

    nodes, session = await table_of(tmp_path, ["anja", "bram"], "matrix", "criteria")
    anja, bram = nodes
    me = anja.identity.public_key
    try:
        cost = (await anja.contribute(session, "criterion.add", model.text_body("Cost"))).id
        use = (await anja.contribute(session, "criterion.add", model.text_body("Use"))).id
        app = PhaseApp(CriteriaView(session), me, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            count = app.view.query_one("#weights-count", Static)
            await until(pilot, lambda: _(UNWEIGHTED) in str(count.content))
            assert " ".join(_(UNWEIGHTED).split()[:4]) in screen_words(app)
        await anja.contribute(session, "phase.move", model.move_body("options"))
        youth, benches = await with_options(anja, session, ("Youth club", "New benches"))
        await converged(nodes, session)
        await bram.contribute(
            session,
            "score.set",
            model.scores_body({youth: {cost: 7, use: 10}, benches: {cost: 9, use: 4}}),
        )
        await converged(nodes, session)
        app = PhaseApp(DecideView(session), me, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            view, state = app.view, anja.state(session)
            await until(pilot, lambda: bool(view.query("#no-weights")))
            warning = view.query_one("#no-weights", Static)
            await until(pilot, lambda: warning.display and warning.region.height > 0)
            assert " ".join(_(NO_WEIGHTS).split()[:5]) in screen_words(app)
            grid = view.query_one(VoteGrid)
            grid.focus()
            await pilot.press("5", "right", "8", "down", "left", "2", "right", "6", "ctrl+s")
            await until(pilot, lambda: len(state.votes.get("score.set", {})) == 2)
            await anja.contribute(session, "vote.close", model.close_body("score.set"))
            app.refresh_view()
            rule = view.query_one("#rule-status", Static)
            await until(pilot, lambda: _(ZERO_TOTALS) in str(rule.content))
            assert not warning.display  # closed: the result says it now
            from beraad.core.tally import tally

            result = tally(state, "matrix")  # the tally is the same: all 0, a tie
            assert set(result.totals.values()) == {0} and set(result.tied) == {youth, benches}
    finally:
        await close_all(nodes)


async def test_no_warning_once_a_criterion_weighs_something(tmp_path):
    """Weights given: no warning above the ballot, none in Criteria, none in the result."""
    from beraad.ui.phases.criteria import UNWEIGHTED, CriteriaView
    from beraad.ui.widgets.tally_format import ZERO_TOTALS

    (anja,), session = await table_of(tmp_path, ["anja"], "matrix", "criteria")
    me = anja.identity.public_key
    try:
        cost = (await anja.contribute(session, "criterion.add", model.text_body("Cost"))).id
        use = (await anja.contribute(session, "criterion.add", model.text_body("Use"))).id
        await anja.contribute(session, "weight.set", model.weights_body({cost: 3, use: 0}))
        app = PhaseApp(CriteriaView(session), me, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            count = app.view.query_one("#weights-count", Static)
            assert "1" in str(count.content) and _(UNWEIGHTED) not in str(count.content)
        await anja.contribute(session, "phase.move", model.move_body("options"))
        youth, benches = await with_options(anja, session, ("Youth club", "New benches"))
        await anja.contribute(
            session,
            "score.set",
            model.scores_body({youth: {cost: 5, use: 5}, benches: {cost: 5, use: 9}}),
        )
        await anja.contribute(session, "vote.close", model.close_body("score.set"))
        app = PhaseApp(DecideView(session), me, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert not app.view.query("#no-weights")  # not even composed
            rule = str(app.view.query_one("#rule-status", Static).content)
            assert rule and _(ZERO_TOTALS) not in rule  # a tie of 15 = 15, not of 0 = 0
    finally:
        await close_all([anja])


async def test_the_consent_ballot_keeps_what_is_typed_and_casts_only_on_ctrl_s(tmp_path):
    """Letters typed while a button of the consent ballot had the keys vanished, Space could
    press it, a Tab stop (the page) showed no focus, and ↓ on the option opened a list over
    the form (naive s8b finding 9). Now what is typed lands in the reason box, nothing casts
    but Ctrl+S (or Enter on the cast button), the page shows a bar when it has the keys, and
    ↑ ↓ on the option step through the options as they do in the reason box."""
    from textual.containers import VerticalScroll
    from textual.widgets import Button, Checkbox, Input, Select

    from beraad.ui.widgets.choice import Choices
    from tests.ui import session_people as people

    app = people.make_app(tmp_path / "anja", "Anja")
    async with app.run_test(size=SIZE) as pilot:
        screen = await people.at_decide_with(pilot, "consent", ["Youth club", "New benches"])
        state = screen.node.state(screen.session)
        # The consent form is composed with the view's redraw, which can come after the
        # phase move is seen (failed under load with NoMatches '#reason').
        await people.until(lambda: bool(screen.query(DecideView).first().query("#reason")), pilot)
        view = screen.query_one(DecideView)
        reason = view.query_one("#reason", Input)
        await people.until(lambda: screen.focused is reason, pilot)
        await pilot.press("down")  # agree: a space on a button would now cast it
        assert view.query_one("#response", Choices).pressed_index == 0

        def cast() -> bool:
            return bool(state.votes.get("consent.respond"))

        await pilot.press("tab")  # Seal my vote: Space ticks it, a letter is text
        seal = view.query_one("#seal", Checkbox)
        assert screen.focused is seal
        await pilot.press(*"Te", "space", *"duur")
        await people.until(lambda: reason.value == "Te duur", pilot)
        assert screen.focused is reason and not seal.value and not cast()

        await pilot.press("tab", "tab")  # Cast my vote: Space and letters are text
        assert screen.focused is view.query_one("#cast", Button)
        await pilot.press("space", *"voor")
        await people.until(lambda: reason.value == "Te duur voor", pilot)
        assert screen.focused is reason and not cast()

        page = view.query_one(VerticalScroll)
        page.focus()  # the page: a Tab stop of its own, said under it
        await people.until(lambda: screen.focused is page, pilot)
        said = _(
            "The page has the keys: ↑ ↓ PgUp PgDn scroll it; what you type goes into the "
            "reason box."
        )
        line = view.query_one("#cell-line")
        marked = lambda: line.display and said in people.screen_words(app)  # noqa: E731
        await people.until(marked, pilot)
        await pilot.press("space", "k")
        await people.until(lambda: reason.value == "Te duur voor k", pilot)
        await people.until(lambda: not line.display, pilot)
        assert not cast()

        option = view.query_one("#round-option", Select)
        option.focus()
        first, second = (value for _label, value in option._options if value is not Select.NULL)
        assert option.value == first
        await pilot.press("down")  # the next option, no list over the form
        await people.until(lambda: option.value == second, pilot)
        assert not option.expanded
        await pilot.press("up")
        await people.until(lambda: option.value == first, pilot)
        await pilot.press("x")
        await people.until(lambda: reason.value == "Te duur voor kx", pilot)

        option.focus()
        await pilot.press("enter")  # Enter opens the list; Ctrl+S closes it and casts
        await people.until(lambda: option.expanded, pilot)
        await pilot.press("ctrl+s")
        await people.until(cast, pilot)
        (vote,) = state.votes["consent.respond"].values()
        assert vote.option == first and vote.body["reason"] == "Te duur voor kx"
        assert not option.expanded


async def test_the_gradients_level_steps_with_arrows_and_letters_go_to_the_reason(tmp_path):
    """The same for a gradients ballot: ↑ ↓ on the level step it (no list over the form), a
    letter there is the reason's (naive s8b finding 9)."""
    from textual.widgets import Input, Select

    (anja,), session = await table_of(tmp_path, ["anja"], "gradients", "options")
    me = anja.identity.public_key
    try:
        await with_options(anja, session)
        app = PhaseApp(DecideView(session), me, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            view = app.view
            level = view.query_one("#level", Select)
            reason = view.query_one("#reason", Input)
            level.focus()
            await pilot.press("down")
            await until(pilot, lambda: level.value == 1)
            await pilot.press("down", "up", "down", "down")
            await until(pilot, lambda: level.value == 3)
            assert not level.expanded
            await pilot.press("O", "k")
            await until(pilot, lambda: reason.value == "Ok" and app.focused is reason)
            assert level.value == 3 and not anja.state(session).votes
    finally:
        await close_all([anja])
