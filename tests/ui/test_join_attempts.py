"""The facilitator sees that someone tried the join code, and one key gives a fresh one.

A real app with a real node on loopback; the one who tries a wrong code is a real node too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from beraad.net.errors import JoinError, WrongCode
from beraad.net.joincode import JoinCode
from beraad.node import Node
from beraad.ui.screens.invitation import InvitationScreen
from beraad.ui.screens.session import SessionScreen
from tests.ui.conftest import SIZE
from tests.ui.test_session_flow import create_in_app, make_app, screen_text, until

pytestmark = pytest.mark.timeout(120)


def a_wrong_guess(code: str) -> str:
    parsed = JoinCode.parse(code)
    while True:
        guess = JoinCode.generate(parsed.language, nameplate=parsed.nameplate)
        if guess.words != parsed.words:
            return str(guess)


def toast_text(app) -> str:
    """The words of the notifications on screen (right of their ▌ edge), unwrapped; the
    opening's scrollbar (right of the toast, since the table map) is no part of them."""
    lines = [
        line.split("▌", 1)[1].rstrip(" ▁▂▃▄▅▆▇█▀▔")
        for line in screen_text(app).splitlines()
        if "▌" in line
    ]
    return " ".join(" ".join(lines).split())


async def test_a_wrong_try_is_shown_and_f8_replaces_the_code(tmp_path: Path):
    anja = make_app(tmp_path / "anja", "Anja")
    stranger = await Node.open(tmp_path / "stranger", host="127.0.0.1", discovery=False)
    try:
        async with anja.run_test(size=SIZE, notifications=True) as a:
            code = await create_in_app(a, "Our street", "How do we slow the traffic?")
            assert anja.bridge is not None
            address = anja.bridge.node.address
            with pytest.raises(WrongCode):
                await stranger.join(a_wrong_guess(code), address=address, timeout=5)
            await until(lambda: "tried the join code" in toast_text(anja), a)
            assert "Someone at 127.0.0.1" in toast_text(anja)
            # A message longer than the title row is said in turns on that row (its first
            # line is on screen now, cut with "…"); the whole of it is what the app said.
            # A long message goes round in turns until it goes (9d7ad1f): a round said again
            # is the same notice, so each turn's words are read once.
            turns = dict.fromkeys(note.message for note in reversed(list(anja._notifications)))
            said = " ".join(turns).replace("… …", " ")  # the turns, each going on in the next
            assert "19 wrong tries are left" in said
            assert "Press F8 in the session for a fresh code" in said
            await a.press("f8")
            await until(lambda: isinstance(anja.screen, InvitationScreen), a)
            fresh = anja.screen.invitation.code
            assert fresh != code and fresh in screen_text(anja)
            await a.press("escape")
            await until(lambda: isinstance(anja.screen, SessionScreen), a)
            with pytest.raises(JoinError):  # the code that was tried no longer opens anything
                await stranger.join(code, address=address, timeout=5)
    finally:
        await stranger.close()


async def test_after_guessers_burnt_the_code_f8_still_gives_one_that_admits(tmp_path: Path):
    """Twenty wrong guesses from twenty addresses burn the code for everyone; the facilitator
    is told it no longer works, F8 opens a fresh one, and the next person gets in with it."""
    from beraad.net.admission import MAX_FAILURES
    from beraad.net.errors import TooManyAttempts
    from tests.test_keeper_fresh_code import guess_from

    anja = make_app(tmp_path / "anja", "Anja")
    bram = await Node.open(tmp_path / "bram", host="127.0.0.1", discovery=False)
    try:
        async with anja.run_test(size=SIZE, notifications=True) as a:
            code = await create_in_app(a, "Our street", "How do we slow the traffic?")
            assert anja.bridge is not None
            node = anja.bridge.node
            wrong = JoinCode.parse(a_wrong_guess(code))
            for n in range(2, 2 + MAX_FAILURES):
                await guess_from(f"127.0.0.{n}", node.port, wrong)
            await until(lambda: "no longer works" in toast_text(anja), a)
            # Said as guessing, once; of the tries only the first two addresses' were said
            # (attack s12 #2: one notice per try, 60 queued on the title row).
            # A long message goes round in turns until it goes (9d7ad1f): a round said again
            # is the same notice, so each turn's words are read once.
            turns = dict.fromkeys(note.message for note in reversed(list(anja._notifications)))
            said = " ".join(turns).replace("… …", " ")
            assert said.count("Someone on this network is guessing the join code") == 1
            assert said.count("tried the join code") == 2
            with pytest.raises(TooManyAttempts):
                await bram.join(code, address=node.address, timeout=5)
            await a.press("f8")
            await until(lambda: isinstance(anja.screen, InvitationScreen), a)
            fresh = anja.screen.invitation.code
            assert fresh != code
            session = await bram.join(fresh, address=node.address, timeout=10)
            assert session == anja.screen.invitation.session
    finally:
        await bram.close()


async def test_several_people_joining_from_one_address_are_pointed_out_not_refused(
    tmp_path: Path,
):
    """Two people join from 127.0.0.1 with the room's code: both are in (people on one SSH
    server share an address), and the facilitator is asked, in words, to check they are two."""
    anja = make_app(tmp_path / "anja", "Anja")
    bart = await Node.open(tmp_path / "bart", host="127.0.0.1", discovery=False)
    carla = await Node.open(tmp_path / "carla", host="127.0.0.1", discovery=False)
    try:
        async with anja.run_test(size=SIZE, notifications=True) as a:
            code = await create_in_app(a, "Our street", "How do we slow the traffic?")
            assert anja.bridge is not None
            address = anja.bridge.node.address
            session = await bart.join(code, address=address, timeout=10)
            await a.pause()
            assert "joined from" not in toast_text(anja)  # one person from an address: quiet
            await carla.join(code, address=address, timeout=10)
            # people: a projector is not counted (test_join_projector_count.py)
            await until(lambda: "2 people joined from 127.0.0.1" in toast_text(anja), a)
            assert "Check that nobody joined twice" in toast_text(anja)
            assert "F8" not in toast_text(anja)
            members = anja.bridge.node.members(session)
            assert {bart.identity.public_key, carla.identity.public_key} <= members
    finally:
        await carla.close()
        await bart.close()
