"""Joining by code without an address tries every nearby address offering the number (attack
s12: join hijack).

Anyone on the LAN can advertise a session id that sorts first, offering every code number, and
answer each join preamble with "burnt" before any SPAKE2. The joiner dialled only the first
advert: "Too many wrong attempts: this join code no longer works", while the code worked and
the facilitator heard of no attempt. Real nodes on loopback and a real listener answering as
the hijacker does; the joiner's nearby table is a real ``Discovery`` (never started: nothing
goes on the network) holding the two adverts mDNS would have brought.
"""

from __future__ import annotations

import asyncio
import contextlib

import pytest

from beraad.net.channel import FrameStream
from beraad.net.discovery import Discovery, Nearby
from beraad.net.errors import TooManyAttempts, WrongCode
from beraad.net.joincode import JoinCode
from beraad.net.wire import send_clear
from beraad.node import Node

pytestmark = pytest.mark.timeout(60)


async def hijacker() -> tuple[asyncio.Server, int]:
    """A listener that answers every join preamble "burnt", as the outsider's did."""

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        frames = FrameStream(reader, writer, max_frame=4096)
        with contextlib.suppress(Exception):
            await reader.readexactly(9)
            await send_clear(frames, error="burnt")
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


def nearby(joiner: Node, *adverts: Nearby) -> None:
    """What mDNS would have put in the joiner's table."""
    discovery = Discovery()
    for n, advert in enumerate(adverts):
        discovery._table[f"advert-{n}"] = advert
    joiner.discovery = discovery
    discovery._notify()


@pytest.mark.parametrize("right", [True, False])
async def test_a_hijackers_adverts_sorting_first_do_not_stop_a_join_by_code(tmp_path, right):
    anja = await Node.open(tmp_path / "anja", host="127.0.0.1", discovery=False)
    bart = await Node.open(tmp_path / "bart", host="127.0.0.1", discovery=False)
    server, port = await hijacker()
    try:
        invitation = await anja.create_session(title="Plein", focus="Bomen?")
        code = JoinCode.parse(invitation.code)
        adverts = [
            Nearby(f"{k:032x}", "a0", "127.0.0.1", port, code.nameplate, None) for k in range(3)
        ]
        real = Nearby(invitation.session, "b1", "127.0.0.1", anja.port, code.nameplate, "Plein")
        nearby(bart, *adverts, real)
        if right:
            assert await bart.join(str(code), timeout=10) == invitation.session
        else:
            while (typo := JoinCode.generate(code.language, nameplate=code.nameplate)) == code:
                pass
            with pytest.raises(WrongCode) as told:  # the real admitter's answer, not "burnt"
                await bart.join(str(typo), timeout=10)
            assert not isinstance(told.value, TooManyAttempts)
            assert "Several machines on this network answer for code number" in str(told.value)
    finally:
        server.close()
        await bart.close()
        await anja.close()
