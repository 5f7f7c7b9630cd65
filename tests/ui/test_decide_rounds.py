"""Consent that a real group can finish, at 80x24 with real nodes, in English and Dutch.

Bart objects; closing voting while Anja has not voted asks first, naming her; once closed with
the objection standing the view says what is possible (a new round), not "take the decision",
and "Take the decision" is not offered beside "New round of voting" (naive s7 finding 13:
it could only be refused). Cancelling the close says voting stays open. A new round lets Bart
respond again, and the decision then names the option by its letter and its text; what no
longer applies is gone.
"""

from __future__ import annotations

import pytest
from textual.widgets import Button, RadioSet

from beraad.core import session as model
from beraad.i18n import _
from beraad.ui.phases.decide import DecideView
from beraad.ui.screens.confirm import ConfirmScreen
from beraad.ui.widgets.vote_grid import VoteGrid
from beraad.ui.widgets.vote_notice import Notice
from tests.ui.phases_app import OPTIONS, SIZE, PhaseApp, close_all, converged, table_of, until
from tests.ui.phases_text import screen_text, screen_words
from tests.ui.test_phases_decide import press_button, with_options

pytestmark = pytest.mark.timeout(180)


async def test_an_objection_is_worked_with_in_a_new_round_then_decided(tmp_path, language):
    nodes, session = await table_of(tmp_path, ["anja", "bart"], "consent", "options")
    anja, bart = nodes
    me = anja.identity.public_key
    kind = "consent.respond"
    try:
        fence, *_rest = await with_options(anja, session)
        await converged(nodes, session)
        await bart.contribute(
            session, kind, model.consent_body(fence, "object", "The market needs the gate")
        )
        await converged(nodes, session)
        app = PhaseApp(DecideView(session), me, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            view, state = app.view, anja.state(session)
            notice = view.query_one(Notice)
            # Closing while Anja has not voted: asked first, naming her; Escape changes nothing.
            await press_button(pilot, view, "close-voting")
            await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
            question = _(
                "Not voted yet: {names}. After closing nobody can vote any more. Close voting?"
            ).format(names=state.name(me))
            assert question in " ".join(screen_text(app).replace("█", " ").split())
            await pilot.press("escape")
            await until(pilot, lambda: not isinstance(app.screen, ConfirmScreen))
            assert kind not in state.closed
            stays = _("Voting stays open: you cancelled closing it.")
            assert notice.message == stays  # nobody thinks it closed (naive s7 finding 13)
            # Enter on the question presses the focused Cancel: said the same way.
            notice.clear()
            await press_button(pilot, view, "close-voting")
            await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
            await pilot.press("enter")
            await until(pilot, lambda: not isinstance(app.screen, ConfirmScreen))
            assert kind not in state.closed
            await until(pilot, lambda: notice.message == stays)
            assert stays in screen_words(app)

            # Anja agrees; everyone has voted, so closing asks nothing.
            view.query_one("#response", RadioSet).focus()
            await pilot.press("enter", "ctrl+s")
            await until(pilot, lambda: len(state.current_votes(kind, fence)) == 2)
            app.refresh_view()
            await pilot.pause()
            await press_button(pilot, view, "close-voting")
            await until(pilot, lambda: kind in state.closed)
            await pilot.pause()

            # Stuck no more: the view says what is possible, and "take" says why it cannot.
            words = screen_words(app)
            assert _("Next: take the decision.") not in words
            reopen = _(
                "The votes support no decision. Next: work with what stands in the way (an "
                "objection's reason, say), then open a new round of voting so everyone can "
                "respond again."
            )
            assert reopen in words
            assert _("Cast my vote") not in words  # the button
            assert "^s" not in screen_text(app).splitlines()[-1]  # nor its key in the footer
            assert _("You have not voted yet.") not in words
            titles = [title for title, _help, _act in view.palette_commands()]
            assert _("New round of voting") in titles and _("Close voting") not in titles
            # Ctrl+G is not offered while the objection stands (naive finding 10), nor the
            # button: only the new round is (naive s7 finding 13).
            assert "^g" not in screen_text(app).splitlines()[-1]
            await pilot.press("ctrl+g")
            await pilot.pause()
            assert not state.decisions
            assert not view.query_one("#take", Button).display
            assert view.query_one("#reopen", Button).display
            assert _("Take the decision") not in words

            # A new round; Bart stands aside now; closing again lets the group decide.
            await press_button(pilot, view, "reopen")
            await until(pilot, lambda: kind not in state.closed)
            await converged(nodes, session)
            await bart.contribute(session, kind, model.consent_body(fence, "stand_aside"))
            await converged(nodes, session)
            app.refresh_view()
            await pilot.pause()
            await press_button(pilot, view, "close-voting")
            await until(pilot, lambda: kind in state.closed)
            await pilot.pause()
            assert _("Next: take the decision.") in screen_words(app)
            assert "^g" in screen_text(app).splitlines()[-1]  # now it can act, it is offered
            # Ctrl+G asks first, as closing does; Enter there cancels, and is said (naive s8
            # finding 11: the decision was taken at once); Tab, Enter takes it.
            await pilot.press("ctrl+g")
            await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
            asked = " ".join(screen_text(app).replace("█", " ").split())
            assert (
                _(
                    "Take the decision now: {option}? It is recorded for the whole group and "
                    "cannot be undone."
                ).format(option="A. A fence around the square")
                in asked
            )
            keys = _("Enter or Escape: Cancel, nothing changes. Tab, then Enter: {go_on}.")
            assert keys.format(go_on=_("Take the decision")) in asked
            await pilot.press("enter")
            await until(pilot, lambda: not isinstance(app.screen, ConfirmScreen))
            await until(pilot, lambda: notice.message == _("No decision taken: you cancelled."))
            assert not state.decisions
            await pilot.press("ctrl+g")
            await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
            await pilot.press("tab", "enter")
            await until(pilot, lambda: bool(state.decisions))
            await pilot.pause()
            words = screen_words(app)
            decided = _("Decided: {option}, by {rule}.").format(
                option=f"A. {OPTIONS[0]}", rule=_("Consent")
            )
            assert decided in words
            for gone in ("take", "reopen", "close-voting", "cast"):
                assert not view.query_one(f"#{gone}", Button).display, gone
    finally:
        await close_all(nodes)


async def test_more_dots_in_one_cell_than_there_are_is_said_not_ignored(tmp_path, language):
    """Finding 3: typing 4 in a dot cell when each member has 3 dots says why it is refused."""
    nodes, session = await table_of(tmp_path, ["anja", "bart"], "dots", "options")
    anja, _bart = nodes
    try:
        await with_options(anja, session)
        await converged(nodes, session)
        app = PhaseApp(DecideView(session), anja.identity.public_key, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            view = app.view
            view.query_one(VoteGrid).focus()
            await pilot.press("4")
            too_high = _("{typed} is too high: type a number from {lowest} to {highest}.").format(
                typed=4, lowest=0, highest=3
            )
            await until(pilot, lambda: too_high in view.query_one(Notice).message)
            assert too_high in screen_words(app)
            assert not view.query_one(VoteGrid).given()
    finally:
        await close_all(nodes)


async def test_the_vote_is_chosen_from_the_reason_box_where_the_cursor_starts(tmp_path, language):
    """Naive finding 8: under consent the cursor starts in the reason box (docs/focus.md); ↑ ↓
    there choose agree, stand aside or object, so Enter-less typing and Ctrl+S cast a vote, and
    the refusal without a choice says how to choose."""
    nodes, session = await table_of(tmp_path, ["anja", "bart"], "consent", "options")
    anja, _bart = nodes
    me = anja.identity.public_key
    try:
        fence, *_rest = await with_options(anja, session)
        await converged(nodes, session)
        app = PhaseApp(DecideView(session), me, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            view, state = app.view, anja.state(session)
            view.focus_default()
            await pilot.pause()
            assert app.focused is view.query_one("#reason")
            await pilot.press("ctrl+s")
            await pilot.pause()
            how = _("Choose agree, stand aside or object: ↑ ↓ in the reason box choose.")
            await until(pilot, lambda: how in view.query_one(Notice).message)
            await pilot.press("down", "down", "up", *"fine by me", "ctrl+s")
            kind = "consent.respond"
            await until(pilot, lambda: len(state.current_votes(kind, fence)) == 1)
            (vote,) = state.current_votes(kind, fence)
            assert vote.member == me and vote.body is not None
            assert vote.body["response"] == "agree" and vote.body["reason"] == "fine by me"
    finally:
        await close_all(nodes)
