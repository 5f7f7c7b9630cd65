"""Hostile input to a real keeper on loopback: deep nesting, absurd signed records, floods.

Written as an attacker would: real sockets, real Noise links with a member's key, records signed
with real Ed25519 keys. Each test says what the honest people in the session rely on.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest

from beraad.core.canonical import canonical_bytes
from beraad.core.identity import Identity
from beraad.net.channel import LAST, MORE
from beraad.net.framing import encode_frame
from beraad.net.transport import connect
from beraad.net.wire import join_preamble
from tests.test_node import converged, open_node

pytestmark = pytest.mark.timeout(120)


def nested(depth: int) -> Any:
    """``depth`` arrays inside each other, built without recursion."""
    value: Any = []
    for _ in range(depth - 1):
        value = [value]
    return value


def signed_by_hand(identity: Identity, **fields: Any) -> dict[str, Any]:
    """A record dict signed over its canonical bytes, as a hostile peer would build it.

    It skips ``sign_record`` (which refuses what a peer would refuse), so the keeper's own
    arrival checks are what is tested.
    """
    unsigned = {"v": 1, "author": identity.public_key, "prev": None, "seq": 1, **fields}
    return {**unsigned, "sig": identity.sign(canonical_bytes(unsigned)).hex()}


async def as_member(node, session: str, identity: Identity):
    """A raw Noise link to ``node`` with a member's key: the member's peer gone hostile."""
    host, port = node.address.split(":")
    return await connect(
        host,
        int(port),
        session=session,
        group_key=node._sessions[session].group_key,
        identity=identity,
        is_member=lambda key: True,
    )


async def read_until_closed(reader: asyncio.StreamReader, timeout: float = 10) -> bytes:
    async with asyncio.timeout(timeout):
        return await reader.read()


async def until_logged(caplog, *phrases: str, timeout: float = 30) -> None:
    """Wait until every phrase is in the log (checked every 20 ms), or fail after ``timeout``."""
    async with asyncio.timeout(timeout):
        while not all(phrase in caplog.text for phrase in phrases):
            await asyncio.sleep(0.02)


def traceback_free(caplog) -> None:
    for entry in caplog.records:
        assert entry.exc_info is None, entry.getMessage()
        assert "Traceback" not in entry.getMessage()
        assert "RecursionError" not in entry.getMessage()


async def test_deeply_nested_frame_before_authentication_gets_one_line(tmp_path, caplog):
    anja, bart = await open_node(tmp_path, "anja"), await open_node(tmp_path, "bart")
    try:
        invitation = await anja.create_session(title="t", focus="f")
        nameplate = int(invitation.code.split("-")[0])
        host, port = anja.address.split(":")
        caplog.set_level(logging.INFO, logger="beraad")
        reader, writer = await asyncio.open_connection(host, int(port))
        bomb = b"[" * 700 + b"]" * 700  # 1.4 KB, well inside the clear frame limit
        writer.write(join_preamble(nameplate) + encode_frame(bomb))
        await writer.drain()
        await read_until_closed(reader)
        writer.close()
        lines = [r.getMessage() for r in caplog.records if "nested deeper" in r.getMessage()]
        assert len(lines) == 1 and "127.0.0.1:" in lines[0], caplog.text
        traceback_free(caplog)
        # The keeper still serves: the real joiner gets in with the same code.
        assert await bart.join(invitation.code, address=anja.address) == invitation.session
    finally:
        await anja.close()
        await bart.close()


@pytest.mark.parametrize("depth", [40, 320, 480])
async def test_a_members_deeply_nested_record_is_refused_and_the_link_stays(
    tmp_path, caplog, depth
):
    anja, bart = await open_node(tmp_path, "anja"), await open_node(tmp_path, "bart")
    try:
        invitation = await anja.create_session(title="t", focus="f")
        s = await bart.join(invitation.code, address=anja.address)
        await converged([anja, bart], s)
        before = len(anja.records(s))
        mine = [r for r in bart.records(s) if r.author == bart.identity.public_key]
        place = {"session": s, "seq": len(mine) + 1, "prev": mine[-1].id}
        connection = await as_member(anja, s, bart.identity)
        deep = signed_by_hand(
            bart.identity,
            **place,
            lamport=before + 1,
            at=1_700_000_000_000,
            kind="knot.add",
            body={"text": nested(depth)},
        )
        caplog.set_level(logging.INFO, logger="beraad")
        await connection.send({"t": "records", "records": [deep]})
        # The same link then carries an honest record, which enters: the link stayed up.
        honest = signed_by_hand(
            bart.identity,
            **place,
            lamport=before + 1,
            at=1_700_000_000_000,
            kind="knot.add",
            body={"text": "after the bomb"},
        )
        await connection.send({"t": "records", "records": [honest]})
        await anja.wait_for(lambda: len(anja.records(s)) == before + 1, timeout=20)
        refused = [r.getMessage() for r in caplog.records if "nests deeper" in r.getMessage()]
        assert refused and bart.identity.fingerprint in refused[0], caplog.text
        assert not any("dropping connection" in r.getMessage() for r in caplog.records)
        traceback_free(caplog)
        await connection.close()
    finally:
        await anja.close()
        await bart.close()


async def test_a_members_absurd_lamport_or_time_cannot_freeze_the_session(tmp_path, caplog):
    from beraad.export.transfer import minutes_text

    anja, bart, carla = [await open_node(tmp_path, n) for n in ("anja", "bart", "carla")]
    try:
        invitation = await anja.create_session(title="t", focus="f")
        s = await bart.join(invitation.code, address=anja.address)
        await converged([anja, bart], s)
        mine = [r for r in bart.records(s) if r.author == bart.identity.public_key]
        connection = await as_member(anja, s, bart.identity)
        caplog.set_level(logging.INFO, logger="beraad")
        far = signed_by_hand(
            bart.identity,
            session=s,
            seq=len(mine) + 1,
            prev=mine[-1].id,
            lamport=2**53 - 1,
            at=1_700_000_000_000,
            kind="member.name",
            body={"name": "b"},
        )
        late = signed_by_hand(
            bart.identity,
            session=s,
            seq=len(mine) + 1,
            prev=mine[-1].id,
            lamport=50,
            at=2**53 - 1,
            kind="member.name",
            body={"name": "b"},
        )
        await connection.send({"t": "records", "records": [far, late]})
        who = bart.identity.fingerprint
        await until_logged(caplog, "past the year 2200", f"holding records from {who}")
        # Nothing froze: anja writes, admits carla with the same code, and prints minutes.
        await anja.contribute(s, "member.name", {"name": "anja"})
        assert await carla.join(invitation.code, address=anja.address) == s
        assert carla.identity.public_key in anja.members(s)
        assert max(r.lamport for r in anja.records(s)) < 100
        for fmt in ("md", "html"):
            assert "t" in minutes_text(anja, s, fmt, "en")
        traceback_free(caplog)
        await connection.close()
    finally:
        for node in (anja, bart, carla):
            await node.close()


async def test_floods_are_held_within_a_budget_with_a_line_naming_who(tmp_path, caplog):
    from beraad.core.replica import HELD_BYTES_PER_AUTHOR

    anja, bart = await open_node(tmp_path, "anja"), await open_node(tmp_path, "bart")
    try:
        invitation = await anja.create_session(title="t", focus="f")
        s = await bart.join(invitation.code, address=anja.address)
        await converged([anja, bart], s)
        connection = await as_member(anja, s, bart.identity)
        caplog.set_level(logging.INFO, logger="beraad")
        stranger = Identity.generate()
        mine = len([r for r in bart.records(s) if r.author == bart.identity.public_key])
        big = "x" * 60_000

        def chain(identity, first_seq, count):
            return [
                signed_by_hand(
                    identity,
                    session=s,
                    seq=seq,
                    prev=None if seq == 1 else "ab" * 32,
                    lamport=10,
                    at=1_700_000_000_000,
                    kind="knot.add",
                    body={"text": big},
                )
                for seq in range(first_seq, first_seq + count)
            ]

        # Records from someone nobody admitted, and a member's records far ahead of their chain.
        for flood in (chain(stranger, 1, 100), chain(bart.identity, mine + 1_000, 100)):
            for start in range(0, len(flood), 25):
                await connection.send({"t": "records", "records": flood[start : start + 25]})
        replica = anja._sessions[s].replica
        await until_logged(
            caplog,
            f"dropping records from {bart.identity.fingerprint}",
            f"dropping records from {stranger.fingerprint}",
            timeout=60,
        )
        lines = [r.getMessage() for r in caplog.records if "records from" in r.getMessage()]
        for fp in (stranger.fingerprint, bart.identity.fingerprint):
            named = [line for line in lines if fp in line]
            assert any("holding" in line for line in named), lines
            assert any("over the budget" in line for line in named), lines
            assert len(named) == 2, named  # one line to hold, one to drop: no flood in the log
        assert "not a member of this session" in caplog.text
        assert "ahead of their chain" in caplog.text
        for key in (stranger.public_key, bart.identity.public_key):
            assert 0 < replica.held_bytes(key) <= HELD_BYTES_PER_AUTHOR
        # The link is still up: an honest record from bart still arrives.
        before = len(anja.records(s))
        await bart.contribute(s, "member.name", {"name": "bart"})
        await anja.wait_for(lambda: len(anja.records(s)) == before + 1)
        traceback_free(caplog)
        await connection.close()
    finally:
        await anja.close()
        await bart.close()


async def send_raw(connection, data: bytes) -> None:
    """``data`` as one message on the member's Noise link: bytes no honest writer makes."""
    channel = connection._channel
    size = channel.chunk_size
    async with channel._send_lock:
        for start in range(0, len(data), size):
            flag = LAST if start + size >= len(data) else MORE
            piece = bytes([flag]) + data[start : start + size]
            await channel.frames.write_frame(channel.cipher.encrypt(piece))


@pytest.mark.parametrize(
    ("payload", "said"),
    [
        # 400 KB: read once it is refused at once; the old quadratic scan took hours on it.
        (b'{"t":"records","x":' + b"[" * 600 + b'"' + b'\\"' * 200_000, "nested deeper than 512"),
        (b'{"t":"records","x":' + b"9" * 5_000 + b"}", "an integer has far too many digits"),
        # 300 KB of 100,000 empty records: each refused one by one held the loop for seconds.
        (
            b'{"t":"records","records":[' + b",".join([b"{}"] * 100_000) + b"]}",
            "a batch holds at most 256 records",
        ),
    ],
    ids=["unclosed string of escaped quotes", "5000-digit integer", "100000 records at once"],
)
async def test_a_members_unreadable_message_costs_one_link_not_the_keeper(
    tmp_path, caplog, payload, said
):
    anja, bart, carla = [await open_node(tmp_path, n) for n in ("anja", "bart", "carla")]
    try:
        invitation = await anja.create_session(title="t", focus="f")
        s = await bart.join(invitation.code, address=anja.address)
        await converged([anja, bart], s)
        connection = await as_member(anja, s, bart.identity)
        caplog.set_level(logging.INFO, logger="beraad")
        await send_raw(connection, payload)
        await until_logged(caplog, said, timeout=30)
        # The keeper is free at once: it admits the next person with the same code.
        assert await carla.join(invitation.code, address=anja.address) == s
        assert "set_int_max_str_digits" not in caplog.text
        assert "Exceeds the limit" not in caplog.text
        traceback_free(caplog)
        await connection.close()
    finally:
        for node in (anja, bart, carla):
            await node.close()
