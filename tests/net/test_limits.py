"""Caps on connections and on log lines, tried as a flooding neighbour on the LAN would.

Real listeners on loopback; hostile connections come from other loopback addresses
(127.0.0.x) where a test needs several machines, honest members connect with the real client.
"""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from beraad.net.limits import ConnectionLimits, RateLimitedLog
from tests.net.test_transport import (
    WAIT,
    ann,
    assert_still_serves,
    bob,
    bob_connects,
    start_node,
)

MEMBERS = {ann.public_key, bob.public_key}

pytestmark = pytest.mark.timeout(120)


class Dropped:
    def __init__(self) -> None:
        self.names: list[str] = []

    def __call__(self, name: str):
        return lambda: self.names.append(name)


def test_the_oldest_unproven_connection_of_a_full_address_makes_room():
    dropped = Dropped()
    limits = ConnectionLimits(total=10, per_address=3)
    first = limits.admit("10.0.0.9", dropped("first"))
    assert first is not None
    first.trusted = True  # a member's link
    limits.admit("10.0.0.9", dropped("second"))
    limits.admit("10.0.0.9", dropped("third"))
    assert limits.admit("10.0.0.9", dropped("fourth")) is not None
    assert dropped.names == ["second"]  # not the member, not another address
    assert limits.count("10.0.0.9") == 3


def test_a_full_listener_drops_from_the_address_that_holds_the_most():
    dropped = Dropped()
    limits = ConnectionLimits(total=4, per_address=4)
    limits.admit("10.0.0.1", dropped("honest"))
    for n in range(3):
        limits.admit("10.0.0.66", dropped(f"flood{n}"))
    assert limits.admit("10.0.0.2", dropped("newcomer")) is not None
    assert dropped.names == ["flood0"]
    assert len(limits) == 4


def test_proven_links_are_never_dropped_and_then_a_newcomer_is_refused():
    dropped = Dropped()
    limits = ConnectionLimits(total=2, per_address=2)
    for name in ("a", "b"):
        slot = limits.admit("10.0.0.1", dropped(name))
        assert slot is not None
        slot.trusted = True
    assert limits.admit("10.0.0.1", dropped("c")) is None
    assert limits.admit("10.0.0.2", dropped("d")) is None
    assert dropped.names == [] and limits.refused == 2


def test_a_flood_of_one_kind_of_line_is_written_a_few_times_then_counted(caplog):
    caplog.set_level(logging.WARNING)
    clock = [0.0]
    lines = RateLimitedLog(
        logging.getLogger("test.flood"), burst=3, period=60, now=lambda: clock[0]
    )
    for n in range(1000):
        lines.warning("%s: garbage", n)
    lines.warning("%s: another kind", "x")
    clock[0] = 61
    lines.warning("%s: garbage", "late")
    texts = [r.getMessage() for r in caplog.records]
    assert texts[:3] == ["0: garbage", "1: garbage", "2: garbage"]
    assert "more lines like '%s: garbage' follow" in texts[3]
    assert "x: another kind" in texts
    assert "997 more lines like '%s: garbage' in the last 61 s were not logged" in texts
    assert texts[-1] == "late: garbage"
    assert len(texts) == 7


def test_each_peer_has_its_own_budget_of_lines(caplog):
    """One member's flood must not silence what is said about another."""
    caplog.set_level(logging.WARNING)
    clock = [0.0]
    lines = RateLimitedLog(logging.getLogger("test.peers"), burst=2, now=lambda: clock[0])
    for n in range(500):
        lines.warning("refused a record from %s: %s", "MALL-ORY1", n, key=("MALL-ORY1", "refused"))
    lines.warning("refused a record from %s: %s", "HONE-STY1", "x", key=("HONE-STY1", "refused"))
    clock[0] = 90
    lines.warning("refused a record from %s: %s", "MALL-ORY1", "late", key=("MALL-ORY1", "refused"))
    texts = [r.getMessage() for r in caplog.records]
    assert texts[:2] == ["refused a record from MALL-ORY1: 0", "refused a record from MALL-ORY1: 1"]
    assert "(MALL-ORY1) follow; they are counted" in texts[2]
    assert texts[3] == "refused a record from HONE-STY1: x"
    assert "498 more lines like" in texts[4] and "(MALL-ORY1) in the last 90 s" in texts[4]
    assert texts[5:] == ["refused a record from MALL-ORY1: late"]


async def silent(host: str, port: int, source: str) -> asyncio.StreamWriter:
    """A connection that says half a preamble and then nothing."""
    reader, writer = await asyncio.open_connection(host, port, local_addr=(source, 0))
    writer.write(b"BERAAD")
    await writer.drain()
    writer.reader = reader  # type: ignore[attr-defined]
    return writer


async def closed(writer: asyncio.StreamWriter) -> bool:
    async with asyncio.timeout(WAIT):
        while await writer.reader.read(4096):  # type: ignore[attr-defined]
            pass
    return True


async def test_idle_connections_from_my_own_address_cannot_keep_me_out():
    """Someone on the same host (same address) fills its share with idle connections; a member
    from that host still connects, and the oldest idle connection is the one let go."""
    node = await start_node(MEMBERS, limits=ConnectionLimits(total=64, per_address=8))
    hogs = [await silent("127.0.0.1", node.port, "127.0.0.1") for _ in range(8)]
    try:
        await assert_still_serves(node)
        assert await closed(hogs[0])
        assert node.listener.limits.count("127.0.0.1") <= 8
    finally:
        for writer in hogs:
            writer.close()
        await node.listener.close()


async def test_a_flood_from_many_addresses_cannot_keep_a_member_out(caplog):
    caplog.set_level(logging.WARNING, logger="beraad.net")
    node = await start_node(MEMBERS, limits=ConnectionLimits(total=16, per_address=8))
    flood = []
    try:
        for n in range(40):
            flood.append(await silent("127.0.0.1", node.port, f"127.0.0.{2 + n % 4}"))
        connection = await bob_connects(node.port)
        assert len(node.listener.limits) <= 16
        await connection.send({"ping": 1})
        assert await asyncio.wait_for(connection.recv(), WAIT) == {"echo": {"ping": 1}}
        # The member's link now holds; a further flood drops strangers, never it.
        for n in range(40):
            flood.append(await silent("127.0.0.1", node.port, f"127.0.0.{2 + n % 4}"))
        await connection.send({"ping": 2})
        assert await asyncio.wait_for(connection.recv(), WAIT) == {"echo": {"ping": 2}}
        await connection.close()
        # 80 hostile connections, a few lines about them: the log does not grow with a flood.
        lines = [r for r in caplog.records if r.name == "beraad.net"]
        assert len(lines) < 40
        assert not any(r.exc_info for r in caplog.records)
    finally:
        for writer in flood:
            writer.close()
        await node.listener.close()


EMFILE_SCRIPT = textwrap.dedent(
    """
    import asyncio, logging, os, resource, sys
    sys.path.insert(0, {root!r})
    from beraad.net.transport import Listener, connect
    from tests.core.strategies import SESSION, identity

    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(levelname)s %(name)s %(message)s")
    refused = asyncio.Event()

    class Watch(logging.Handler):
        def emit(self, record):
            if "cannot accept" in record.getMessage():
                refused.set()

    logging.getLogger("beraad.net").addHandler(Watch())
    ann, bob = identity(1), identity(2)
    KEY = bytes(range(32))

    async def main():
        resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))
        listener = Listener(ann)
        await listener.start("127.0.0.1", 0)
        served = asyncio.Event()

        async def on_connection(connection):
            served.set()
            await connection.recv()

        listener.open_session(SESSION, KEY, on_connection, {{bob.public_key}}.__contains__)
        # Another part of the process holds nearly every descriptor, and a neighbour's
        # connections wait in the backlog: every accept now fails with "Too many open files".
        held = []
        try:
            while True:
                held.append(os.open("/dev/null", os.O_RDONLY))
        except OSError:
            pass
        writers = []
        for _ in range(3):
            os.close(held.pop())
        for _ in range(50):
            try:
                _r, w = await asyncio.open_connection("127.0.0.1", listener.port)
                writers.append(w)
            except OSError:
                break
        await asyncio.wait_for(refused.wait(), 10)
        # The shortage lasts a few seconds, in which asyncio retries accept every second.
        await asyncio.sleep(3)
        for fd in held:
            os.close(fd)
        for w in writers:
            w.close()
        connection = await connect("127.0.0.1", listener.port, session=SESSION, group_key=KEY,
                                   identity=bob, is_member={{ann.public_key}}.__contains__)
        await asyncio.wait_for(served.wait(), 10)
        print("SERVED", flush=True)
        await connection.close()
        await listener.close()

    asyncio.run(main())
    """
)


def test_out_of_file_descriptors_is_one_line_and_the_node_recovers(tmp_path):
    """Finding 2: at the descriptor limit asyncio logged a traceback per accept, megabytes in
    seconds. Now it is one line, a few times a minute, and a member connects once it passes."""
    root = str(Path(__file__).resolve().parents[2])
    script = tmp_path / "emfile.py"
    script.write_text(EMFILE_SCRIPT.format(root=root))
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "SERVED" in result.stdout
    assert "Traceback" not in result.stderr
    accept_lines = [line for line in result.stderr.splitlines() if "cannot accept" in line]
    assert "Too many open files" in accept_lines[0]
    # asyncio retried accept every second of the shortage; the log holds a few lines.
    assert len(accept_lines) <= 4 and len(result.stderr.splitlines()) < 20, result.stderr
