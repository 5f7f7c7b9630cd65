"""Sealed voting in the decide view: commit, close, reveal — and a reveal that does not match.

The secret (vote and nonce) is kept in the node's local store before the commitment is
shared, so it survives the view (and the app) going away; a reveal from a damaged secret is
refused by the fold and the refusal is shown in the view.
"""

from __future__ import annotations

import pytest
from textual.widgets import Button, Static

from beraad.core import session as model
from beraad.ui.phases.decide import DecideView, stored_secrets, with_secret
from beraad.ui.screens.how_decided import HowDecidedScreen
from beraad.ui.widgets.vote_grid import VoteGrid
from beraad.ui.widgets.vote_notice import Notice
from tests.ui.phases_app import SIZE, PhaseApp, close_all, converged, table_of, until
from tests.ui.phases_text import screen_words, static_words
from tests.ui.test_phases_decide import press_button, with_options

pytestmark = pytest.mark.timeout(120)


async def test_sealed_ranking_commit_close_reveal_and_decide(tmp_path):
    nodes, session = await table_of(tmp_path, ["anja", "bart"], "schulze", "options")
    anja, bart = nodes
    me = anja.identity.public_key
    try:
        fence, bumps, zebra = await with_options(anja, session)
        await converged(nodes, session)
        app = PhaseApp(DecideView(session), me, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            view = app.view
            state = anja.state(session)
            view.query_one(VoteGrid).focus()
            await pilot.press("2", "down", "1", "down", "3")  # B first, then A, then C
            view.query_one("#seal").focus()
            await pilot.press("space", "ctrl+s")  # Space ticks the seal (Enter says how)
            await until(pilot, lambda: "ballot.rank" in state.votes)
            vote = state.votes["ballot.rank"][me]
            assert vote.sealed and vote.hidden
            kept = stored_secrets(anja.store.session_local(session))
            assert kept[vote.commitment]["vote"] == {"ranking": [[bumps], [fence], [zebra]]}
            await pilot.pause()
            words = screen_words(app)
            assert "1 sealed, 0 revealed" in words
            assert "Your vote is sealed" in words

            await bart.contribute(session, "ballot.rank", model.ranking_body([bumps, zebra, fence]))
            await converged(nodes, session)
            app.refresh_view()
            await pilot.pause()
            assert "Ballots counted: 1" in static_words(
                view.query_one("#result", Static)
            )  # only the open ballot counts

            await press_button(pilot, view, "close-voting")
            await until(pilot, lambda: "ballot.rank" in state.closed)
            await pilot.pause()
            assert not view.query_one("#cast", Button).display
            await press_button(pilot, view, "reveal")
            await until(pilot, lambda: state.votes["ballot.rank"][me].reveal is not None)
            await pilot.pause()
            words = screen_words(app)
            assert "1 sealed, 1 revealed" in words
            assert "Ballots counted: 2" in static_words(view.query_one("#result", Static))

            await press_button(pilot, view, "take")
            await until(pilot, lambda: state.decisions)
            (decision,) = state.decisions
            assert decision.option == bumps
            reveal = state.votes["ballot.rank"][me].reveal
            bart_ballot = state.votes["ballot.rank"][bart.identity.public_key].record
            assert set(decision.rests_on) == {reveal, bart_ballot}
            await pilot.pause()
            await press_button(pilot, view, "how")
            await until(pilot, lambda: isinstance(app.screen, HowDecidedScreen))
            screen = app.screen
            words = screen_words(app) + " " + static_words(screen.query_one("#how-tables", Static))
            words += " " + static_words(screen.query_one("#rests-on-ids", Static))
            words += " " + static_words(screen.query_one("#rests-on", Static))
            assert "We decided on B: Speed bumps" in words
            assert "Strongest paths from row to column" in words
            assert reveal[:12] in words and bart_ballot[:12] in words
            assert "It rests on the signed votes of " in words  # in words first, then ids
    finally:
        await close_all(nodes)


async def test_a_reveal_that_does_not_match_is_refused_and_shown(tmp_path):
    nodes, session = await table_of(tmp_path, ["anja"], "dots", "options")
    (anja,) = nodes
    me = anja.identity.public_key
    try:
        fence, *_rest = await with_options(anja, session)
        first = PhaseApp(DecideView(session), me, node=anja)
        async with first.run_test(size=SIZE) as pilot:
            first.view.query_one(VoteGrid).focus()
            await pilot.press("2")
            first.view.query_one("#seal").focus()
            await pilot.press("space", "ctrl+s")  # Space ticks the seal (Enter says how)
            state = anja.state(session)
            await until(pilot, lambda: "dots.place" in state.votes)
        await anja.contribute(session, "vote.close", model.close_body("dots.place"))
        sealed = state.votes["dots.place"][me].commitment
        good = stored_secrets(anja.store.session_local(session))[sealed]
        # The kept secret is damaged (another nonce): the reveal cannot match.
        damaged = {**good, "nonce": "ff" * 16}
        local = anja.store.session_local(session)
        anja.store.set_session_local(session, with_secret(local, sealed, damaged))

        # A new view, as after a restart: it gets the secrets from the store.
        second = PhaseApp(DecideView(session), me, node=anja)
        async with second.run_test(size=SIZE) as pilot:
            view = second.view
            await press_button(pilot, view, "reveal")
            await until(pilot, lambda: second.refusals)
            notice = view.query_one(Notice).message
            assert "does not match its commitment" in notice and notice.startswith("Refused:")
            assert state.votes["dots.place"][me].reveal is None
            await pilot.pause()
            assert "Refused:" in screen_words(second)

            view.keep_secrets({sealed: good})
            await press_button(pilot, view, "reveal")
            await until(pilot, lambda: state.votes["dots.place"][me].reveal is not None)
            assert state.votes["dots.place"][me].body == {"dots": {fence: 2}}
    finally:
        await close_all(nodes)
