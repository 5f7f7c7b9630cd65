"""A laptop whose clock is off is told, not silently delayed (attack s13 #8): real nodes on
loopback measure each other's clocks on the link, and say who is off and what waits here.

Bart's laptop is 2 minutes fast: his own screen shows his words at once, Anja's node holds
them until her clock gets there (the security rule stays: a future ``at`` only delays its own
record). Before, nobody was told why; now both nodes know by how much, and what waits until
when, and ``beraad state`` on Anja's data dir says it too.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable

import pytest

from beraad.attach import AttachedNode
from beraad.clock_words import clocks_said, held_said
from beraad.clocks import ANSWER_EVERY
from beraad.core import session as model
from beraad.core.identity import Identity
from beraad.core.record import sign_record
from beraad.core.sync import MAX_CLOCK
from beraad.events import ClocksChanged
from beraad.i18n import set_language
from beraad.net.transport import connect
from beraad.node import Node
from beraad.waiting_words import author_of
from tests.conftest import beraad_command

pytestmark = pytest.mark.timeout(120)

AHEAD = 120.0  # seconds: Bart's laptop is 2 minutes fast
MALLORY = Identity.from_seed(b"\x6d" * 32)


async def polled(condition: Callable[[], object], timeout: float = 30) -> None:
    """Until ``condition()`` holds (a hang guard; a record held back raises no record event)."""
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.02)


def clock_of(node: Node, session: str, peer: str) -> int | None:
    """``peer``'s clock minus ``node``'s, as ``node`` measured it on their link (ms)."""
    found = [p for p in node.peers(session) if p.peer == peer]
    return found[0].clock if found else None


async def test_a_laptop_two_minutes_fast_is_told_and_so_are_the_others(tmp_path):
    set_language("en")
    anja = await Node.open(tmp_path / "anja", host="127.0.0.1", discovery=False)
    bart = await Node.open(tmp_path / "bart", host="127.0.0.1", discovery=False)
    told: list[object] = []
    anja.subscribe(lambda event: told.append(event) if isinstance(event, ClocksChanged) else None)
    try:
        bart.clock = lambda: time.time() + AHEAD
        invitation = await anja.create_session(title="Speelplein", focus="Veilig?")
        session = invitation.session
        await bart.join(invitation.code, address=anja.address, timeout=30)
        a, b = anja.identity.public_key, bart.identity.public_key
        await polled(lambda: clock_of(anja, session, b) is not None)
        await polled(lambda: clock_of(bart, session, a) is not None)
        # Measured on the link, within the round trip: loopback's is far under the margin.
        assert abs(clock_of(anja, session, b) - AHEAD * 1000) < 5_000
        assert abs(clock_of(bart, session, a) + AHEAD * 1000) < 5_000

        def name(key: str) -> str:
            return {a: "Anja", b: "Bart"}[key]

        assert clocks_said(bart.peers(session), name) == [
            "Your clock is 2 min ahead of Anja's: what you write reaches the others only when "
            "their clocks get there. Set this computer's clock."
        ]
        assert clocks_said(anja.peers(session), name) == [
            "Bart's clock is 2 min ahead: what Bart writes arrives late."
        ]

        # What Bart writes waits on Anja's node: said there, how many and until when.
        record = await bart.contribute(session, "member.name", model.name_body("Bart B."))
        mine = [r for r in bart.records(session) if r.author == b]
        await polled(lambda: anja.held_for_their_time(session).get(b, (0, 0))[0] == len(mine))
        count, until, _behind, _about = anja.held_for_their_time(session)[b]
        assert until == record.at - 5_000
        assert not anja.holds(record.id)  # the rule stays: it waits for Anja's clock
        assert any(isinstance(e, ClocksChanged) and e.session == session for e in told)
        (line,) = held_said(anja.held_for_their_time(session), name)
        assert line == (
            f"{count} records by Bart wait here for their time, until "
            f"{time.strftime('%H:%M', time.localtime(until / 1000))}."
        )

        # A second window on Anja's data dir (attached to her node) says the same.
        window = await AttachedNode.attach(tmp_path / "anja")
        try:
            shown = clocks_said(window.peers(session), name)
            assert shown == clocks_said(anja.peers(session), name)
            assert held_said(window.held_for_their_time(session), name) == [line]
        finally:
            await window.close()

        # ``beraad state`` on Anja's data dir asks her running node what it holds.
        state = await asyncio.create_subprocess_exec(
            *beraad_command(), "--data-dir", str(tmp_path / "anja"), "state", session[:8],
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            env={**os.environ, "BERAAD_LANG": "en"},
        )  # fmt: skip
        out, err = await asyncio.wait_for(state.communicate(), 60)
        assert state.returncode == 0, err.decode()
        said = f"{count} records by {author_of(anja.state(session), b)} wait here"
        assert f"not in yet: {said} for their time, until" in out.decode(), out.decode()
    finally:
        await anja.close()
        await bart.close()


async def _from(connection, condition: Callable[[dict], bool], timeout: float = 20) -> dict:
    """The next message on a raw link that meets ``condition`` (others passed over)."""
    async with asyncio.timeout(timeout):
        while True:
            message = await connection.recv()
            if condition(message):
                return message


async def test_a_member_lying_about_their_clock_moves_nothing_and_is_said_bounded(tmp_path):
    """Mallory, a member, claims a clock at the end of time, answers asks Anja never made and
    floods asks: the screens say "more than a day", no record of hers enters earlier for it,
    and the flood is answered at most once per ``ANSWER_EVERY``."""
    set_language("en")
    anja = await Node.open(tmp_path / "anja", host="127.0.0.1", discovery=False)
    connection = None
    try:
        session = await anja.create_session(title="t", focus="f", invite=False)
        await anja.contribute(session, "member.admit", model.admit_body(MALLORY.public_key, "M"))
        group_key = anja._sessions[session].group_key
        connection = await connect(
            "127.0.0.1", anja.port, session=session, group_key=group_key, identity=MALLORY,
            is_member=lambda _key: True, name="Mallory",
        )  # fmt: skip
        hello = await _from(connection, lambda m: m.get("t") == "hello")
        asked = hello["clock"]  # Anja's hello asks for the clock
        await connection.send({"t": "hello", "frontier": {}, "name": "Mallory", "clock": 1})
        await _from(connection, lambda m: m.get("t") == "clock" and m.get("re") == 1)
        await _from(connection, lambda m: m.get("t") == "records")  # her answer to my hello
        await connection.send({"t": "clock", "at": 5, "re": asked + 1})  # answers nothing
        await connection.send({"t": "clock", "at": MAX_CLOCK, "re": asked})
        await polled(lambda: clock_of(anja, session, MALLORY.public_key) is not None)
        assert clock_of(anja, session, MALLORY.public_key) > 10**15  # hers, the true answer
        said = clocks_said(anja.peers(session), lambda key: "Mallory")
        assert said == [
            "Mallory's clock is more than a day ahead: what Mallory writes arrives late."
        ]

        # Her record dated a minute ahead still waits for Anja's clock: the claim moves nothing.
        record = sign_record(
            MALLORY, session=session, seq=1, prev=None,
            lamport=max(r.lamport for r in anja.records(session)) + 1,
            at=int(time.time() * 1000) + 60_000, kind="member.name", body=model.name_body("M"),
        )  # fmt: skip
        await connection.send({"t": "records", "records": [record.to_dict()]})
        await polled(lambda: MALLORY.public_key in anja.held_for_their_time(session))
        assert not anja.holds(record.id)

        # A flood of asks: answered at most once per ANSWER_EVERY. A want after them is
        # answered once all of them were read (one link's messages are taken in order).
        started = time.monotonic()
        for n in range(200):
            await connection.send({"t": "clock", "at": n})
        await connection.send({"t": "want", "author": anja.identity.public_key, "from": 1, "to": 1})
        answers = 0
        async with asyncio.timeout(30):
            while True:
                message = await connection.recv()
                if message.get("t") == "records":
                    break
                answers += message.get("t") == "clock" and message.get("re") is not None
        assert answers <= 2 + (time.monotonic() - started) / ANSWER_EVERY, answers
    finally:
        if connection is not None:
            await connection.close()
        await anja.close()
