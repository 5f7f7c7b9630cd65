"""Issue 12's walk, as a person does it at 80x24, in English and Dutch: seal a dot vote, try to
decide while voting is open, close, try again while the vote is still sealed, reveal, decide.

The app refuses each early attempt with the reason (and records nothing), then records the
decision the sealed vote makes; the projector's tally and the minutes say the same, with the
options named by the same letters.
"""

from __future__ import annotations

import io
import time

import pytest
from rich.console import Console

from beraad.core import session as model
from beraad.export.transfer import minutes_text
from beraad.i18n import _
from beraad.ui.phases.decide import DecideView
from beraad.ui.projector_view import tally_view
from beraad.ui.widgets.vote_grid import VoteGrid
from beraad.ui.widgets.vote_notice import Notice
from tests.ui.phases_app import SIZE, PhaseApp, close_all, converged, table_of, until
from tests.ui.phases_text import screen_words
from tests.ui.test_phases_decide import go_on_if_asked, press_button, with_options

pytestmark = pytest.mark.timeout(180)


def projected(state) -> str:
    """The projector's decide tally as the wall shows it (78 columns), words on one line."""
    console = Console(width=78, file=io.StringIO(), record=True, color_system=None)
    console.print(tally_view(state, 78))
    return " ".join(console.export_text().split())


async def test_seal_try_early_close_reveal_decide(tmp_path, language):
    nodes, session = await table_of(tmp_path, ["anja", "bart"], "dots", "options")
    anja, bart = nodes
    me = anja.identity.public_key
    rule = _("Dot voting")
    try:
        fence, bumps, _zebra = await with_options(anja, session)
        await converged(nodes, session)
        await bart.contribute(session, "dots.place", model.dots_body({fence: 2}))
        await converged(nodes, session)
        app = PhaseApp(DecideView(session), me, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            view, state = app.view, anja.state(session)
            # Anja seals 3 dots on B.
            view.query_one(VoteGrid).focus()
            await pilot.press("down", "3")
            view.query_one("#seal").focus()
            await pilot.press("space", "ctrl+s")  # Space ticks the seal (Enter says how)
            await until(pilot, lambda: me in state.votes.get("dots.place", {}))
            assert state.votes["dots.place"][me].hidden
            app.refresh_view()
            await pilot.pause()
            words = screen_words(app)
            assert _("Voting is open.") in words
            assert _("Next: everyone has voted; close voting.") in words
            assert _("Next: everyone has voted; close voting.") in projected(state)

            # Take the decision while voting is open: refused, with the reason; nothing recorded.
            notice = view.query_one(Notice)
            await press_button(pilot, view, "take")
            await until(pilot, lambda: bool(notice.message))
            assert _("voting is still open: close it before taking the decision") in notice.message
            assert not state.decisions

            await press_button(pilot, view, "close-voting")
            await until(pilot, lambda: "dots.place" in state.closed)
            await pilot.pause()
            waiting = _(
                "Next: reveal the sealed votes. Not revealed yet: {names}. If someone cannot "
                "reveal, end the reveal: their vote is named as not revealed."
            ).format(names=state.name(me))
            assert waiting in screen_words(app) or waiting.split(". ")[0] in screen_words(app)
            assert waiting in projected(state)

            # Still sealed: refused again, naming why.
            await press_button(pilot, view, "take")
            sealed_refusal = _(
                "{count} sealed votes are not revealed yet: wait for them, or end the reveal "
                "so they are named as not revealed"
            ).format(count=1)
            await until(pilot, lambda: sealed_refusal in notice.message)
            assert not state.decisions

            await press_button(pilot, view, "reveal")
            await until(pilot, lambda: state.votes["dots.place"][me].reveal is not None)
            await pilot.pause()
            assert _("Next: take the decision.") in screen_words(app)
            await press_button(pilot, view, "take")
            await until(pilot, lambda: bool(state.decisions))
            (decision,) = state.decisions
            # With the sealed vote counted, B (3 dots) beats A (2): the sealed vote decided it.
            assert decision.option == bumps and decision.not_revealed == ()
            await pilot.pause()
            decided = _("Decided: {option}, by {rule}.").format(option="B. Speed bumps", rule=rule)
            assert decided in screen_words(app)
        wall = projected(state)
        assert _("Decided: {option}, by {rule}.").format(option="B. Speed bumps", rule=rule) in wall
        await converged(nodes, session)
        minutes = minutes_text(bart, session, "md", language)
        assert f"**{_('The group decided')}**: **B** Speed bumps" in minutes
        assert "| B | 3 |" in minutes and "| A | 2 |" in minutes
    finally:
        await close_all(nodes)


async def test_end_the_reveal_then_choose_from_a_tie(tmp_path, language):
    """Carla seals and never reveals; A and B tie. The steward ends the reveal (Carla's vote
    is named as not revealed) and picks one of the tied options explicitly."""
    nodes, session = await table_of(tmp_path, ["anja", "bart", "carla"], "dots", "options")
    anja, bart, carla = nodes
    me = anja.identity.public_key
    try:
        fence, bumps, _zebra = await with_options(anja, session)
        await converged(nodes, session)
        await bart.contribute(session, "dots.place", model.dots_body({bumps: 2}))
        sealed = await carla.contribute(
            session, "vote.commit", {"kind": "dots.place", "commitment": "ab" * 32}
        )
        await anja.contribute(session, "dots.place", model.dots_body({fence: 2}))
        await converged(nodes, session)
        app = PhaseApp(DecideView(session), me, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            view, state = app.view, anja.state(session)
            await press_button(pilot, view, "close-voting")
            await until(pilot, lambda: "dots.place" in state.closed)
            await pilot.pause()
            carla_name = state.name(carla.identity.public_key)
            waiting = _(
                "Next: reveal the sealed votes. Not revealed yet: {names}. If someone cannot "
                "reveal, end the reveal: their vote is named as not revealed."
            )
            assert waiting.format(names=carla_name) in projected(state)
            # Right after the close the reveal cannot be ended: Carla's app may be revealing.
            notice = view.query_one(Notice)
            await press_button(pilot, view, "end-reveal")
            question = await go_on_if_asked(pilot, lambda: False)
            assert question is not None and carla_name in question
            grace = _(
                "the reveal can be ended only {seconds} seconds after voting closed: "
                "give every sealed voter time to reveal"
            ).format(seconds=60)
            await until(pilot, lambda: grace in notice.message)
            assert "dots.place" not in state.reveal_ended
            later = time.time() + 61
            anja.clock = lambda: later  # a minute on; nobody revealed
            await press_button(pilot, view, "end-reveal")
            await go_on_if_asked(pilot, lambda: False)
            await until(pilot, lambda: "dots.place" in state.reveal_ended)
            await pilot.pause()
            tie = view.query_one("#tie-option")
            assert tie.display
            words = screen_words(app)
            reason = _("a tie between {options}; the group chooses one of them explicitly.")
            assert reason.format(options="A = B") in words
            tie.focus()
            await pilot.press("enter", "down", "enter")  # opens on A (naive s9b 10)
            await until(pilot, lambda: tie.value == bumps)
            await press_button(pilot, view, "take")
            await until(pilot, lambda: bool(state.decisions))
            (decision,) = state.decisions
            assert decision.option == bumps and set(decision.tie) == {fence, bumps}
            assert decision.not_revealed == (sealed.id,)
            await pilot.pause()
            words = screen_words(app)
            note = _("Sealed but not revealed, so not counted: {names}.")
            assert note.format(names=carla_name) in words
        wall = projected(state)
        tied = _("Tie: {options} share first place; the group chose {option} from them explicitly.")
        assert tied.format(options="A = B", option="B") in wall
    finally:
        await close_all(nodes)


async def test_the_lobby_count_leaves_an_observer_out(tmp_path):
    """The lobby's member count is the one definition of who counts: not the projector."""
    nodes, session = await table_of(tmp_path, ["anja", "beamer"], "dots", "opening")
    anja, beamer = nodes
    try:
        await beamer.contribute(session, "member.observe", {})
        await converged(nodes, session)
        assert [s.members for s in anja.sessions() if s.id == session] == [1]
        assert len(anja.state(session).members) == 2  # still a member: it watches
    finally:
        await close_all(nodes)
