"""The real app reveals a vote a reveal end named as not revealed, by itself, when it comes back.

Anja seals her dots in the app and goes to the lobby. Meanwhile voting is closed with a close
dated back and the reveal is ended past the grace, before her session screen could reveal.
When she opens the deliberation again, her app reveals the vote late, and it counts in the
decision taken after.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from beraad.core import session as model
from beraad.core.tally import decision_body
from beraad.ui.screens.lobby import LobbyScreen
from beraad.ui.widgets.vote_grid import VoteGrid
from tests.ui.conftest import SIZE
from tests.ui.session_people import (
    at_decide_with_one_option,
    make_app,
    node_of,
    session_screen,
    until,
)
from tests.ui.test_session_away import open_from_lobby
from tests.ui.test_session_walk import view_of

pytestmark = pytest.mark.timeout(120)


async def test_the_app_reveals_a_vote_named_unrevealed_when_it_comes_back(tmp_path: Path):
    anja = make_app(tmp_path / "anja", "Anja")
    async with anja.run_test(size=SIZE) as a:
        await at_decide_with_one_option(a)
        node = node_of(anja)
        session = session_screen(anja).session
        start = time.time()
        node.clock = lambda: start - 120  # sealed two minutes ago
        view_of(anja, "decide").query_one(VoteGrid).focus()
        await a.press("2")
        view_of(anja, "decide").query_one("#seal").focus()
        await a.press("space", "ctrl+s")  # Space ticks the seal (Enter says how)
        me = node.identity.public_key
        await until(lambda: "dots.place" in session_screen(anja).state.votes, a)
        commit = node.state(session).votes["dots.place"][me].record
        await a.press("ctrl+l")
        await until(lambda: isinstance(anja.screen, LobbyScreen), a)
        # While no session screen is open: a close dated back, the reveal ended past the grace.
        node.clock = lambda: start - 90
        await node.contribute(session, "vote.close", model.close_body("dots.place"))
        node.clock = lambda: start - 25
        end = {"kind": "dots.place", "unrevealed": [commit]}
        await node.contribute(session, "vote.reveal_end", end)
        node.clock = time.time
        state = node.state(session)
        assert state.votes["dots.place"][me].reveal is None
        assert state.named_unrevealed and "dots.place" in state.reveal_ended
        await open_from_lobby(a)
        await until(lambda: state.votes["dots.place"][me].reveal is not None, a)
        (option,) = state.options
        assert state.votes["dots.place"][me].body == {"dots": {option: 2}}
        assert not state.named_unrevealed
        # Revealed late, before any decision: it counts, and the decision rests on it.
        await node.contribute(session, "decision.take", decision_body(state))
        assert state.decisions[0].option == option and state.decisions[0].not_revealed == ()
