"""Noise XXpsk3 transport on loopback: real sockets, real keys, hostile peers.

The hand-made initiator below speaks the protocol step by step with the real Noise library, so
tests can play a peer that knows the group key but lies about who it is, or misbehaves after
the handshake.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from beraad.core.canonical import canonical_bytes
from beraad.net.channel import FrameStream, IdleTimeout, MessageChannel, NoiseCipher
from beraad.net.errors import ConnectionClosed, HandshakeError, NotAMember, ProtocolError
from beraad.net.framing import encode_frame
from beraad.net.transport import Connection, Listener, connect, make_binding, new_noise
from beraad.net.wire import noise_preamble, read_clear
from tests.core.strategies import SESSION, identity

GROUP_KEY = bytes(range(32))
WAIT = 5.0

ann, bob, eve = identity(1), identity(2), identity(3)


@dataclass
class Node:
    """A listener whose session echoes every message and reports how each connection ended."""

    listener: Listener
    arrived: asyncio.Queue[Connection] = field(default_factory=asyncio.Queue)
    ended: asyncio.Queue[Exception] = field(default_factory=asyncio.Queue)

    @property
    def port(self) -> int:
        return self.listener.port


async def start_node(members: set[str], **options: Any) -> Node:
    listener = Listener(ann, name="Ann", **options)
    await listener.start()
    node = Node(listener)

    async def on_connection(connection: Connection) -> None:
        await node.arrived.put(connection)
        try:
            while True:
                message = await connection.recv()
                await connection.send({"echo": message})
        except (ConnectionClosed, ProtocolError) as error:
            await node.ended.put(error)

    listener.open_session(SESSION, GROUP_KEY, on_connection, members.__contains__)
    return node


@pytest.fixture
async def node():
    started = await start_node({ann.public_key, bob.public_key})
    yield started
    await started.listener.close()


async def bob_connects(port: int, **options: Any) -> Connection:
    arguments: dict[str, Any] = {
        "session": SESSION,
        "group_key": GROUP_KEY,
        "identity": bob,
        "is_member": {ann.public_key, bob.public_key}.__contains__,
        "name": "Bob",
    }
    return await connect("127.0.0.1", port, **{**arguments, **options})


async def handshake_by_hand(
    port: int,
    binding: Callable[[bytes], dict[str, Any]],
    *,
    prologue_session: str = SESSION,
) -> tuple[FrameStream, MessageChannel]:
    """Run the initiator's side by hand; ``binding(static_public)`` makes message 3's payload."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    frames = FrameStream(reader, writer)
    noise, static = new_noise(
        initiator=True, group_key=GROUP_KEY, preamble=noise_preamble(prologue_session)
    )
    await frames.write_raw(noise_preamble(SESSION))
    assert await read_clear(frames, WAIT) == {"ok": True}
    await frames.write_frame(bytes(noise.write_message()))
    noise.read_message(await frames.read_frame(WAIT))
    await frames.write_frame(bytes(noise.write_message(canonical_bytes(binding(static)))))
    return frames, MessageChannel(frames, NoiseCipher(noise))


def honest_bob(static: bytes) -> dict[str, Any]:
    return make_binding(bob, static, SESSION, "Bob")


async def assert_still_serves(node: Node) -> None:
    connection = await bob_connects(node.port)
    await connection.send({"ping": 1})
    assert await asyncio.wait_for(connection.recv(), WAIT) == {"echo": {"ping": 1}}
    await connection.close()


async def test_messages_round_trip_and_large_ones_are_chunked(node):
    connection = await bob_connects(node.port)
    served = await asyncio.wait_for(node.arrived.get(), WAIT)
    assert connection.peer == ann.public_key and connection.peer_name == "Ann"
    assert served.peer == bob.public_key and served.peer_name == "Bob"
    assert connection.session == served.session == SESSION
    assert connection.address == ("127.0.0.1", node.port)
    big = {"text": "ü" * 200_000, "numbers": list(range(5000))}
    assert len(canonical_bytes(big)) > 3 * 65535
    await connection.send(big)
    await connection.send({"after": True})
    assert await asyncio.wait_for(connection.recv(), WAIT) == {"echo": big}
    assert await asyncio.wait_for(connection.recv(), WAIT) == {"echo": {"after": True}}
    await connection.close()
    assert isinstance(await asyncio.wait_for(node.ended.get(), WAIT), ConnectionClosed)


async def test_messages_over_the_limit_are_refused_by_the_sender(node):
    connection = await bob_connects(node.port)
    with pytest.raises(ValueError, match="exceeds the maximum"):
        await connection.send({"text": "x" * (4 * 1024 * 1024)})
    await connection.close()


@pytest.mark.parametrize(
    "forge",
    [
        # Eve signs, but claims to be Bob.
        lambda static: {**make_binding(eve, static, SESSION), "ed25519": bob.public_key},
        # Bob's genuine binding, but for another Noise key (a replayed binding).
        lambda static: make_binding(bob, bytes(32), SESSION),
        # Bob's genuine binding for this key but for another session.
        lambda static: make_binding(bob, static, "f" * 32),
        lambda static: {"ed25519": bob.public_key},
    ],
    ids=["claims-another-key", "replayed", "other-session", "unsigned"],
)
async def test_a_forged_identity_binding_is_refused(node, caplog, forge):
    caplog.set_level(logging.WARNING, logger="beraad.net")
    frames, channel = await handshake_by_hand(node.port, forge)
    assert await asyncio.wait_for(channel.recv(), WAIT) == {
        "type": "refused",
        "reason": "bad-binding",
    }
    with pytest.raises(ConnectionClosed):
        await channel.recv(WAIT)
    assert node.arrived.empty()
    assert "127.0.0.1:" in caplog.text and "refused" in caplog.text
    await frames.close()
    await assert_still_serves(node)


async def test_the_connection_is_bound_to_the_key_that_signed(node):
    frames, channel = await handshake_by_hand(node.port, honest_bob)
    welcome = await asyncio.wait_for(channel.recv(), WAIT)
    assert welcome["type"] == "welcome" and welcome["binding"]["ed25519"] == ann.public_key
    served = await asyncio.wait_for(node.arrived.get(), WAIT)
    assert served.peer == bob.public_key
    await frames.close()


async def test_a_tampered_preamble_breaks_the_handshake(node, caplog):
    caplog.set_level(logging.WARNING, logger="beraad.net")
    # The preamble asks for SESSION, but this peer's prologue saw another session id.
    with pytest.raises(ConnectionClosed):
        await handshake_by_hand(node.port, honest_bob, prologue_session="e" * 32)
    assert "handshake for session" in caplog.text and "wrong group key" in caplog.text
    assert node.arrived.empty()


async def test_wrong_group_key_is_refused_and_the_listener_keeps_serving(node, caplog):
    caplog.set_level(logging.WARNING, logger="beraad.net")
    with pytest.raises(HandshakeError, match="group key"):
        await bob_connects(node.port, group_key=bytes(32))
    assert "wrong group key" in caplog.text and "127.0.0.1:" in caplog.text
    assert node.arrived.empty()
    await assert_still_serves(node)


async def test_a_non_member_is_refused_by_the_listener(caplog):
    caplog.set_level(logging.WARNING, logger="beraad.net")
    strict = await start_node({ann.public_key})
    try:
        with pytest.raises(NotAMember, match="not a member"):
            await bob_connects(strict.port)
        assert strict.arrived.empty()
        assert f"({bob.fingerprint}): refused: not a member" in caplog.text
    finally:
        await strict.listener.close()


async def test_a_listener_that_is_not_a_member_is_refused_by_the_initiator(node, caplog):
    caplog.set_level(logging.WARNING, logger="beraad.net")
    with pytest.raises(NotAMember, match="is not a member"):
        await bob_connects(node.port, is_member={bob.public_key}.__contains__)
    assert f"({ann.fingerprint}): refused: not a member" in caplog.text


async def test_unknown_session_is_named_in_the_error(node):
    with pytest.raises(HandshakeError, match="does not take part"):
        await bob_connects(node.port, session="a" * 32)


async def _closed_by_server(reader: asyncio.StreamReader) -> bool:
    async with asyncio.timeout(WAIT):
        while await reader.read(4096):
            pass
    return True


@pytest.mark.parametrize(
    "garbage",
    [
        b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
        b"BERAAD\x07N" + bytes(16),
        b"BERAAD\x01Z" + bytes(16),
        noise_preamble(SESSION) + b"\xff\xff\xff\xff" + b"x" * 100,
        noise_preamble(SESSION) + encode_frame(b"\x00" * 48),
    ],
    ids=["http", "version", "mode", "oversized-frame", "junk-handshake"],
)
async def test_garbage_is_dropped_and_the_listener_keeps_serving(node, caplog, garbage):
    caplog.set_level(logging.WARNING, logger="beraad.net")
    reader, writer = await asyncio.open_connection("127.0.0.1", node.port)
    writer.write(garbage)
    await writer.drain()
    assert await _closed_by_server(reader)
    writer.close()
    assert "127.0.0.1:" in caplog.text
    await assert_still_serves(node)


async def test_oversized_frame_after_the_handshake_drops_the_connection(node):
    frames, channel = await handshake_by_hand(node.port, honest_bob)
    await channel.recv(WAIT)
    await frames.write_raw((100_000_000).to_bytes(4, "big"))
    error = await asyncio.wait_for(node.ended.get(), WAIT)
    assert isinstance(error, ProtocolError) and "invalid frame" in str(error)
    await frames.close()
    await assert_still_serves(node)


async def test_truncated_frame_is_a_protocol_error(node):
    frames, channel = await handshake_by_hand(node.port, honest_bob)
    await channel.recv(WAIT)
    await frames.write_raw(encode_frame(b"y" * 100)[:-10])
    await frames.close()
    error = await asyncio.wait_for(node.ended.get(), WAIT)
    assert isinstance(error, ProtocolError) and "truncated" in str(error)


async def test_undecryptable_frame_is_a_protocol_error(node):
    frames, channel = await handshake_by_hand(node.port, honest_bob)
    await channel.recv(WAIT)
    await frames.write_frame(b"\x01" * 64)
    error = await asyncio.wait_for(node.ended.get(), WAIT)
    assert isinstance(error, ProtocolError) and "authentication" in str(error)
    await frames.close()


async def test_a_silent_peer_is_dropped_at_the_handshake_timeout(caplog):
    caplog.set_level(logging.WARNING, logger="beraad.net")
    quick = await start_node({bob.public_key}, handshake_timeout=0.3)
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", quick.port)
        assert await _closed_by_server(reader)
        writer.close()
        assert "in time" in caplog.text
    finally:
        await quick.listener.close()


async def test_a_peer_that_goes_quiet_after_the_handshake_is_dropped():
    quick = await start_node({bob.public_key}, idle_timeout=0.3)
    try:
        frames, channel = await handshake_by_hand(quick.port, honest_bob)
        await channel.recv(WAIT)
        error = await asyncio.wait_for(quick.ended.get(), WAIT)
        assert isinstance(error, IdleTimeout)
        await frames.close()
    finally:
        await quick.listener.close()


async def test_keepalives_hold_a_quiet_healthy_link_open():
    quick = await start_node({bob.public_key}, idle_timeout=0.3)
    try:
        connection = await bob_connects(quick.port, idle_timeout=0.3)
        # Stay quiet for several idle periods: only keepalives cross the link meanwhile.
        await asyncio.sleep(1.0)
        assert quick.ended.empty()
        await connection.send({"still": "here"})
        assert await asyncio.wait_for(connection.recv(), WAIT) == {"echo": {"still": "here"}}
        await connection.close()
    finally:
        await quick.listener.close()


async def test_closing_the_listener_ends_its_connections(node):
    connection = await bob_connects(node.port)
    await asyncio.wait_for(node.arrived.get(), WAIT)
    await node.listener.close()
    with pytest.raises(ConnectionClosed):
        await asyncio.wait_for(connection.recv(), WAIT)


async def test_closing_a_session_ends_its_links_and_refuses_new_ones(node):
    connection = await bob_connects(node.port)
    await asyncio.wait_for(node.arrived.get(), WAIT)
    node.listener.close_session(SESSION)
    with pytest.raises(ConnectionClosed):
        await asyncio.wait_for(connection.recv(), WAIT)
    with pytest.raises(HandshakeError, match="does not take part"):
        await bob_connects(node.port)


async def test_nothing_listening_is_a_clear_error():
    listener = Listener(ann)
    await listener.start()
    port = listener.port
    await listener.close()
    with pytest.raises(ConnectionClosed, match="Cannot reach"):
        await bob_connects(port)


async def test_a_peer_that_closes_is_no_warning_and_its_address_is_said_once(node, caplog):
    """Naive s13 N9: after Ctrl+Q the terminal got "10.234.13.3:51386: 10.234.13.3:51386 closed
    the connection." — a warning (the app sets no log up, so Python printed it) of something
    that is no trouble, its address twice. It is an INFO line (the keeper's log keeps it)."""
    caplog.set_level(logging.INFO, logger="beraad.net")
    _reader, writer = await asyncio.open_connection("127.0.0.1", node.port)
    label = "{}:{}".format(*writer.get_extra_info("sockname")[:2])
    writer.close()
    await writer.wait_closed()
    for _ in range(200):  # bounded: the listener's task sees the close within moments
        said = [r for r in caplog.records if "closed the connection" in r.getMessage()]
        if said:
            break
        await asyncio.sleep(0.01)
    else:
        raise AssertionError(f"the close was not logged: {caplog.text}")
    (record,) = said
    assert record.levelno == logging.INFO, record.levelname
    assert record.getMessage().count(label) == 1, record.getMessage()
    await assert_still_serves(node)
