"""A keeper whose join code was burnt by wrong guesses opens and prints a fresh one by itself
(attack report, finding 8): the real keeper process, real SPAKE2 guesses from 20 addresses."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import pytest

from beraad.commands.keeper import RENEW_FIRST, RENEW_LIMIT, RENEW_LONGEST, Renewals
from beraad.core.identity import Identity
from beraad.net import admission as admission_module
from beraad.net.admission import MAX_FAILURES
from beraad.net.channel import FrameStream
from beraad.net.errors import JoinError, TooManyAttempts
from beraad.net.joincode import JoinCode
from beraad.node import Node
from tests.test_node_commands import make_session, read_until, start_keeper

pytestmark = pytest.mark.timeout(120)

GUESSER = Identity.from_seed(b"\x77" * 32)


async def guess_from(source: str, port: int, code: JoinCode) -> None:
    """One wrong guess from another address (127.0.0.x), as a guesser on the LAN makes it."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))
    frames = FrameStream(reader, writer, max_frame=4096)
    try:
        async with asyncio.timeout(10):
            await admission_module._join(frames, code, GUESSER, "Mallory", "127.0.0.1", port)
    except JoinError:
        pass
    finally:
        await frames.close()


def wrong_code(right: JoinCode) -> JoinCode:
    while (other := JoinCode.generate(right.language, nameplate=right.nameplate)) == right:
        pass
    return other


async def join(home: Path, code: str, port: int) -> str:
    node = await Node.open(home, host="127.0.0.1", discovery=False)
    try:
        return await node.join(code, address=f"127.0.0.1:{port}", timeout=10)
    finally:
        await node.close()


def test_a_burnt_code_is_replaced_by_a_fresh_one_the_keeper_prints(tmp_path: Path):
    home = tmp_path / "keeper"
    session, _digest = asyncio.run(make_session(home))
    keeper = start_keeper(home)
    try:
        port = int(read_until(keeper, r"listening on port (\d+)").group(1))
        code = read_until(keeper, rf"join code for session {session}: (\S+)").group(1)
        burnt = JoinCode.parse(code)
        guess = wrong_code(burnt)

        async def burn() -> None:
            await asyncio.gather(
                *(guess_from(f"127.0.0.{n}", port, guess) for n in range(2, 2 + MAX_FAILURES))
            )

        asyncio.run(burn())
        with pytest.raises(TooManyAttempts):
            asyncio.run(join(tmp_path / "late", code, port))
        read_until(keeper, rf"opening a fresh join code for session {session}")
        fresh = read_until(keeper, rf"fresh join code for session {session}: (\S+)").group(1)
        assert JoinCode.parse(fresh) != burnt
        assert asyncio.run(join(tmp_path / "honest", fresh, port)) == session
        # Asked to (SIGUSR1), it opens another one at once, and the previous one stops working.
        keeper.send_signal(signal.SIGUSR1)
        again = read_until(keeper, rf"fresh join code for session {session}: (\S+)").group(1)
        assert again != fresh
        assert asyncio.run(join(tmp_path / "second", again, port)) == session
        keeper.send_signal(signal.SIGTERM)
        assert keeper.wait(30) == 0
    finally:
        if keeper.poll() is None:
            keeper.kill()
            keeper.wait(10)


def test_fresh_codes_come_slower_each_time_and_stop_after_the_budget():
    renewals = Renewals()
    first = renewals.delay("s")
    assert first == RENEW_FIRST
    assert renewals.delay("s") is None  # one is already coming for this session
    renewals.pending.discard("s")
    delays = [first]
    while (delay := renewals.delay("s")) is not None:
        delays.append(delay)
        renewals.pending.discard("s")
    assert len(delays) == RENEW_LIMIT
    assert delays == sorted(delays) and delays[-1] <= RENEW_LONGEST
    # The budget bounds a patient guesser: RENEW_LIMIT more codes of MAX_FAILURES guesses each.
    assert (1 + RENEW_LIMIT) * MAX_FAILURES / 65536 < 0.005
