"""Sealed votes in the real app: the session screen keeps the secret on this device before the
commitment is shared, and a session screen opened later (after the lobby) can still reveal it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from beraad.events import RecordArrived
from beraad.ui.phases.decide import stored_secrets
from beraad.ui.screens.lobby import LobbyScreen
from beraad.ui.widgets.vote_grid import VoteGrid
from tests.ui.conftest import SIZE
from tests.ui.session_people import (
    at_decide_with_one_option,
    make_app,
    node_of,
    screen_text,
    session_screen,
    until,
)
from tests.ui.test_session_away import open_from_lobby
from tests.ui.test_session_walk import press, view_of

pytestmark = pytest.mark.timeout(120)


async def test_a_sealed_vote_is_kept_first_and_revealed_after_the_screen_came_back(
    tmp_path: Path,
):
    anja = make_app(tmp_path / "anja", "Anja")
    async with anja.run_test(size=SIZE) as a:
        await at_decide_with_one_option(a)
        node = node_of(anja)
        session = session_screen(anja).session

        # When the commitment enters the node, its secret is already on this device.
        kept_when_shared: list[bool] = []

        def watch(event: object) -> None:
            if isinstance(event, RecordArrived) and event.record.kind == "vote.commit":
                secrets = stored_secrets(node.store.session_local(session))
                kept_when_shared.append(event.record.body["commitment"] in secrets)

        stop = node.subscribe(watch)
        view = view_of(anja, "decide")
        view.query_one(VoteGrid).focus()
        await a.press("2")
        view.query_one("#seal").focus()
        await a.press("space", "ctrl+s")  # Space ticks the seal (Enter says how)
        await until(lambda: kept_when_shared, a)
        stop()
        assert kept_when_shared == [True]
        me = node.identity.public_key
        vote = session_screen(anja).state.votes["dots.place"][me]
        assert vote.sealed and vote.body is None

        # Away to the lobby and back: a new session screen, the secret comes from the store.
        await a.press("ctrl+l")
        await until(lambda: isinstance(anja.screen, LobbyScreen), a)
        await open_from_lobby(a)
        assert view_of(anja, "decide") is not view
        # Closing voting is enough: the app holds the secret and reveals by itself, at once,
        # so nobody can end the reveal before this vote counts (no button to find first).
        await press(a, anja, "decide", "close-voting")
        await until(lambda: "dots.place" in session_screen(anja).state.closed, a)
        await until(lambda: session_screen(anja).state.votes["dots.place"][me].reveal, a)
        (option,) = session_screen(anja).state.options
        assert session_screen(anja).state.votes["dots.place"][me].body == {"dots": {option: 2}}


async def test_close_voting_and_a_new_round_from_the_command_palette(tmp_path: Path):
    """Finding 3: the decide steps are in the command palette (Ctrl+P) of the real app; closing
    while someone has not voted asks first, naming them."""
    from beraad.ui.screens.confirm import ConfirmScreen

    anja = make_app(tmp_path / "anja", "Anja")
    async with anja.run_test(size=SIZE) as a:
        await at_decide_with_one_option(a)
        state = lambda: session_screen(anja).state  # noqa: E731

        await a.press("ctrl+p", *"Close voting")
        await until(lambda: "Nobody can vote after this" in screen_text(anja), a)
        await a.press("enter")
        await until(lambda: isinstance(anja.screen, ConfirmScreen), a)
        assert "Not voted yet: Anja." in str(anja.screen.question)
        anja.screen.query_one("#go-on").focus()
        await a.press("enter")
        await until(lambda: "dots.place" in state().closed, a)

        await a.press("ctrl+p", *"New round of voting")
        await until(lambda: "Everyone can respond again" in screen_text(anja), a)
        await a.press("enter")
        await until(lambda: "dots.place" not in state().closed, a)
        assert state().vote_rounds == {"dots.place": 1}


async def test_quitting_with_a_sealed_vote_not_revealed_asks_first(tmp_path: Path):
    """Naive s12 P11: Ctrl+Q with a sealed vote in an open vote went at once; the vote then
    counts only if this app is open (or opened again) to reveal it after the close. Ctrl+Q now
    says so and asks; once revealed, nothing waits on this device."""
    from beraad.ui.screens.confirm import ConfirmScreen
    from beraad.ui.screens.session import SessionScreen

    anja = make_app(tmp_path / "anja", "Anja")
    async with anja.run_test(size=SIZE) as a:
        await at_decide_with_one_option(a)
        screen = session_screen(anja)
        view = view_of(anja, "decide")
        view.query_one(VoteGrid).focus()
        await a.press("2")
        view.query_one("#seal").focus()
        await a.press("space", "ctrl+s")
        me = node_of(anja).identity.public_key
        await until(lambda: me in screen.state.votes.get("dots.place", {}), a)
        await a.press("ctrl+q")
        await until(lambda: isinstance(anja.screen, ConfirmScreen), a)
        assert "Your sealed vote counts only once beraad reveals it" in screen_text(anja)
        await a.press("escape")  # stays
        await until(lambda: isinstance(anja.screen, SessionScreen), a)
        await press(a, anja, "decide", "close-voting")
        await until(lambda: screen.state.votes["dots.place"][me].reveal, a)
        assert not screen.sealed_waiting()
