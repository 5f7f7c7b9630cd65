"""Encrypted, member-bound connections between peers: TCP + Noise ``XXpsk3`` (DESIGN §5).

Wire format (full prose in ``docs/protocol.md``):

1. Initiator → responder, clear: the preamble ``"BERAAD" | 0x01 | "N" | session id (16 bytes)``.
2. Responder → initiator: a frame with ``{"ok":true}`` or ``{"error":"unknown-session"}``.
3. Noise ``Noise_XXpsk3_25519_ChaChaPoly_SHA256``, prologue ``"beraad-prologue:v1" + preamble``,
   PSK = the session's 32-byte group key, a fresh X25519 static key per connection; each
   handshake message is one frame::

       -> e                      (payload empty)
       <- e, ee, s, es           (payload empty)
       -> s, se, psk             (payload: the initiator's binding)

   The binding is canonical JSON ``{"ed25519": <hex pubkey>, "sig": <hex>, "name": <opt>}``
   where ``sig`` is Ed25519 over ``"beraad-noise-static:v1" || noise static pubkey (32 bytes)
   || session id (16 bytes)``. The PSK is first used by message 3, so a wrong group key fails
   there, at the responder. The responder sends *its* binding as the first transport message
   (``{"type":"welcome","binding":{...}}``), not in message 2, because message 2 is not yet
   protected by the PSK and outsiders must not learn who is in a session. A bad binding or a
   non-member gets ``{"type":"refused","reason":...}`` and the connection is closed.
4. After that: JSON objects as chunked Noise transport messages (see ``channel``), plus
   keepalives so a quiet but healthy link is not mistaken for a dead one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from noise.connection import Keypair, NoiseConnection

from beraad.core.canonical import CanonicalError, canonical_bytes, parse_json
from beraad.core.identity import Identity, fingerprint, is_public_key, verify_signature
from beraad.i18n import _
from beraad.net import admission
from beraad.net.channel import FrameStream, MessageChannel, NoiseCipher
from beraad.net.errors import ConnectionClosed, HandshakeError, NotAMember, ProtocolError
from beraad.net.joincode import JoinCode
from beraad.net.limits import ConnectionLimits, RateLimitedLog, Slot
from beraad.net.wire import (
    CLEAR_MAX_FRAME,
    HEAD_SIZE,
    MAGIC,
    MODE_JOIN,
    MODE_NOISE,
    VERSION,
    check_session,
    noise_preamble,
    read_clear,
    selector_size,
    send_clear,
)

log = logging.getLogger("beraad.net")

NOISE_PROTOCOL = b"Noise_XXpsk3_25519_ChaChaPoly_SHA256"
PROLOGUE_CONTEXT = b"beraad-prologue:v1"
BINDING_CONTEXT = b"beraad-noise-static:v1"
GROUP_KEY_SIZE = 32
MAX_NAME = 100
HANDSHAKE_TIMEOUT = 10.0
#: A peer that sends nothing, not even keepalives (every third of this), for this long is dropped:
#: a pulled cable shows as away within it (it said "here" for a whole minute: naive s7 finding 4).
IDLE_TIMEOUT = 20.0

IsMember = Callable[[str], bool]
OnConnection = Callable[["Connection"], Awaitable[None]]


def _who(address: tuple[str, int], key: str | None = None) -> str:
    label = f"{address[0]}:{address[1]}"
    return f"{label} ({fingerprint(key)})" if key else label


def new_noise(
    *, initiator: bool, group_key: bytes, preamble: bytes
) -> tuple[NoiseConnection, bytes]:
    """A Noise state ready to start, with a fresh static key; returns it and that key's public."""
    if len(group_key) != GROUP_KEY_SIZE:
        raise ValueError("a group key is exactly 32 bytes")
    static = X25519PrivateKey.generate()
    noise = NoiseConnection.from_name(NOISE_PROTOCOL)
    noise.set_psks(group_key)
    noise.set_prologue(PROLOGUE_CONTEXT + preamble)
    noise.set_keypair_from_private_bytes(
        Keypair.STATIC,
        static.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        ),
    )
    if initiator:
        noise.set_as_initiator()
    else:
        noise.set_as_responder()
    noise.start_handshake()
    public = static.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return noise, public


def binding_message(static_public: bytes, session: str) -> bytes:
    return BINDING_CONTEXT + static_public + bytes.fromhex(session)


def make_binding(
    identity: Identity, static_public: bytes, session: str, name: str | None = None
) -> dict[str, Any]:
    """What ties a Noise static key to a member's Ed25519 identity."""
    binding: dict[str, Any] = {
        "ed25519": identity.public_key,
        "sig": identity.sign(binding_message(static_public, session)).hex(),
    }
    if name:
        binding["name"] = name[:MAX_NAME]
    return binding


def check_binding(binding: Any, static_public: bytes, session: str) -> tuple[str, str | None]:
    """The (pubkey, name) a binding proves, or HandshakeError."""
    if not isinstance(binding, dict) or set(binding) - {"ed25519", "sig", "name"}:
        raise HandshakeError(_("the identity binding is malformed"))
    key, sig, name = binding.get("ed25519"), binding.get("sig"), binding.get("name")
    if not is_public_key(key) or not isinstance(sig, str):
        raise HandshakeError(_("the identity binding is malformed"))
    if name is not None and (not isinstance(name, str) or len(name) > MAX_NAME):
        raise HandshakeError(_("the identity binding is malformed"))
    try:
        signature = bytes.fromhex(sig)
    except ValueError as error:
        raise HandshakeError(_("the identity binding is malformed")) from error
    if not verify_signature(key, binding_message(static_public, session), signature):
        raise HandshakeError(_("the identity binding is not signed by the key it names"))
    return key, name


def _noise_step(step: Callable[..., Any], *args: Any) -> bytes:
    """Run one handshake step; any failure inside Noise is a HandshakeError."""
    try:
        return bytes(step(*args))
    except Exception as error:
        raise HandshakeError(
            _("the handshake failed (wrong group key or not a beraad peer): {error}").format(
                error=type(error).__name__
            )
        ) from error


class Connection:
    """An open, encrypted link to one verified member of one session."""

    def __init__(
        self,
        channel: MessageChannel,
        *,
        peer: str,
        peer_name: str | None,
        session: str,
        idle_timeout: float | None = IDLE_TIMEOUT,
    ) -> None:
        self._channel = channel
        self.peer = peer
        self.peer_name = peer_name
        self.session = session
        self.address: tuple[str, int] = channel.frames.address
        self.idle_timeout = idle_timeout
        self._closed = False
        self._keepalive: asyncio.Task[None] | None = None
        if idle_timeout:
            self._keepalive = asyncio.get_running_loop().create_task(
                self._keep_alive(idle_timeout / 3)
            )

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.peer)

    @property
    def closed(self) -> bool:
        return self._closed

    def __repr__(self) -> str:
        return f"Connection({_who(self.address, self.peer)}, session={self.session[:8]})"

    async def _keep_alive(self, interval: float) -> None:
        with contextlib.suppress(ConnectionClosed, asyncio.CancelledError):
            while not self._closed:
                await asyncio.sleep(interval)
                await self._channel.send_ping()

    async def send(self, message: dict[str, Any]) -> None:
        """Send one JSON object (≤ ``MAX_MESSAGE`` bytes encoded)."""
        if self._closed:
            raise ConnectionClosed(_("the connection is closed"))
        try:
            await self._channel.send(message)
        except ConnectionClosed:
            await self.close()
            raise

    async def send_encoded(self, data: bytes) -> None:
        """Send one JSON object given as its canonical bytes (``MessageChannel.send_encoded``)."""
        if self._closed:
            raise ConnectionClosed(_("the connection is closed"))
        try:
            await self._channel.send_encoded(data)
        except ConnectionClosed:
            await self.close()
            raise

    async def recv(self) -> dict[str, Any]:
        """The next JSON object from the peer; ConnectionClosed at the end, ProtocolError on
        anything malformed (the connection is then closed)."""
        if self._closed:
            raise ConnectionClosed(_("the connection is closed"))
        try:
            return await self._channel.recv(self.idle_timeout)
        except ProtocolError as error:
            log.warning("%s: dropping connection: %s", _who(self.address, self.peer), error)
            await self.close()
            raise
        except ConnectionClosed as error:
            log.info("%s: %s", _who(self.address, self.peer), error)
            await self.close()
            raise

    def __aiter__(self) -> Connection:
        return self

    async def __anext__(self) -> dict[str, Any]:
        try:
            return await self.recv()
        except ConnectionClosed as error:
            raise StopAsyncIteration from error

    def abort(self) -> None:
        """Close at once, without waiting for the socket to drain (for synchronous callers)."""
        self._closed = True
        if self._keepalive is not None and self._keepalive is not asyncio.current_task():
            self._keepalive.cancel()
        # abort, not close: close waits for the peer to read what is buffered, and a peer that
        # never reads would keep the connection (and our reader waiting on it) for ever.
        self._channel.frames.writer.transport.abort()

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._keepalive is not None and self._keepalive is not asyncio.current_task():
            self._keepalive.cancel()
        await self._channel.frames.close()


async def _open(host: str, port: int, timeout: float) -> FrameStream:
    try:
        async with asyncio.timeout(timeout):
            reader, writer = await asyncio.open_connection(host, port)
    except (OSError, TimeoutError) as error:
        raise ConnectionClosed(
            _("Cannot reach {address}: {error}").format(address=f"{host}:{port}", error=error)
        ) from error
    return FrameStream(reader, writer)


async def answers(host: str, port: int, timeout: float) -> bool:
    """Does something answer at ``host:port`` within ``timeout`` seconds (a connection opens,
    closed again at once)? What "Connect to an address" can know before any link: it said
    "Connected" as soon as the address was added (naive s11b)."""
    try:
        frames = await _open(host, port, timeout)
    except ConnectionClosed:
        return False
    await frames.close()
    return True


async def connect(
    host: str,
    port: int,
    *,
    session: str,
    group_key: bytes,
    identity: Identity,
    is_member: IsMember,
    name: str | None = None,
    timeout: float = HANDSHAKE_TIMEOUT,
    idle_timeout: float | None = IDLE_TIMEOUT,
) -> Connection:
    """Open a verified, encrypted connection to the node at ``host:port`` for ``session``."""
    check_session(session)
    frames = await _open(host, port, timeout)
    try:
        async with asyncio.timeout(timeout):
            channel, peer, peer_name = await _initiate(
                frames, session=session, group_key=group_key, identity=identity, name=name
            )
    except TimeoutError as error:
        await frames.close()
        log.warning("%s: handshake timed out", frames.label)
        raise HandshakeError(
            _("The handshake with {peer} timed out.").format(peer=frames.label)
        ) from error
    except BaseException as error:
        await frames.close()
        if isinstance(error, HandshakeError):
            log.warning("%s: handshake failed: %s", frames.label, error)
        raise
    if not is_member(peer):
        await frames.close()
        log.warning("%s: refused: not a member of session %s", _who(frames.address, peer), session)
        raise NotAMember(
            _("{peer} is not a member of this session.").format(peer=_who(frames.address, peer))
        )
    log.info("%s: connected, session %s", _who(frames.address, peer), session)
    return Connection(
        channel, peer=peer, peer_name=peer_name, session=session, idle_timeout=idle_timeout
    )


async def _initiate(
    frames: FrameStream, *, session: str, group_key: bytes, identity: Identity, name: str | None
) -> tuple[MessageChannel, str, str | None]:
    preamble = noise_preamble(session)
    noise, static_public = new_noise(initiator=True, group_key=group_key, preamble=preamble)
    frames.max_frame = CLEAR_MAX_FRAME
    await frames.write_raw(preamble)
    status = await read_clear(frames)
    if status.get("error") == "unknown-session":
        raise HandshakeError(
            _("{peer} does not take part in this session.").format(peer=frames.label)
        )
    if status.get("ok") is not True:
        raise HandshakeError(
            _("{peer} refused the connection ({reason}).").format(
                peer=frames.label, reason=status.get("error")
            )
        )
    handshake = noise.noise_protocol.handshake_state
    await frames.write_frame(_noise_step(noise.write_message))
    _noise_step(noise.read_message, await frames.read_frame(None))
    remote_static = handshake.rs.public_bytes
    payload = canonical_bytes(make_binding(identity, static_public, session, name))
    await frames.write_frame(_noise_step(noise.write_message, payload))
    frames.max_frame = 65535
    channel = MessageChannel(frames, NoiseCipher(noise))
    try:
        reply = await channel.recv()
    except ConnectionClosed as error:
        raise HandshakeError(
            _("{peer} ended the handshake: it does not accept our group key.").format(
                peer=frames.label
            )
        ) from error
    except ProtocolError as error:
        raise HandshakeError(
            _("{peer} does not hold this session's group key.").format(peer=frames.label)
        ) from error
    if reply.get("type") == "refused":
        if reply.get("reason") == "not-member":
            raise NotAMember(
                _("{peer} says we are not a member of this session.").format(peer=frames.label)
            )
        raise HandshakeError(
            _("{peer} refused our identity ({reason}).").format(
                peer=frames.label, reason=reply.get("reason")
            )
        )
    if reply.get("type") != "welcome":
        raise HandshakeError(_("{peer} sent no identity.").format(peer=frames.label))
    peer, peer_name = check_binding(reply.get("binding"), remote_static, session)
    return channel, peer, peer_name


def _calm_accept_errors(loop: asyncio.AbstractEventLoop) -> None:
    """Out of file descriptors, asyncio logs a traceback per failed ``accept`` (and retries a
    second later): say it in one line instead, a few times a minute at most."""
    previous = loop.get_exception_handler()
    if getattr(previous, "calms_accept_errors", False):
        return  # another listener on this loop already did
    lines = RateLimitedLog(log, burst=3)

    def handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        if str(context.get("message", "")).startswith("socket.accept() out of system resource"):
            error = context.get("exception")
            lines.error(
                "cannot accept connections: %s; new peers wait until connections end",
                getattr(error, "strerror", None) or error,
            )
        elif previous is not None:
            previous(loop, context)
        else:
            loop.default_exception_handler(context)

    handler.calms_accept_errors = True  # type: ignore[attr-defined]
    loop.set_exception_handler(handler)


@dataclass
class _Session:
    group_key: bytes
    on_connection: OnConnection
    is_member: IsMember


class Listener:
    """One listening TCP port per node, serving every open session and invitation on it."""

    def __init__(
        self,
        identity: Identity,
        *,
        name: str | None = None,
        handshake_timeout: float = HANDSHAKE_TIMEOUT,
        idle_timeout: float | None = IDLE_TIMEOUT,
        admission_timeout: float = admission.ADMISSION_TIMEOUT,
        now: Callable[[], float] = time.monotonic,
        limits: ConnectionLimits | None = None,
    ) -> None:
        self.identity = identity
        self.name = name
        self.handshake_timeout = handshake_timeout
        self.idle_timeout = idle_timeout
        self.admission_timeout = admission_timeout
        self.invitations = admission.Invitations(now)
        self.limits = limits if limits is not None else ConnectionLimits()
        #: Lines about strangers (garbage, silence, a full listener) are rate-limited.
        self.strangers = RateLimitedLog(log)
        self.host = ""
        self.port = 0
        self._server: asyncio.Server | None = None
        self._sessions: dict[str, _Session] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        self._connections: set[Connection] = set()

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        _calm_accept_errors(asyncio.get_running_loop())
        self._server = await asyncio.start_server(self._serve, host, port)
        self.host, self.port = self._server.sockets[0].getsockname()[:2]
        log.info("listening on %s:%d", self.host, self.port)

    def open_session(
        self, session: str, group_key: bytes, on_connection: OnConnection, is_member: IsMember
    ) -> None:
        """Accept connections for ``session``; ``on_connection`` owns each one until it returns."""
        check_session(session)
        if len(group_key) != GROUP_KEY_SIZE:
            raise ValueError("a group key is exactly 32 bytes")
        self._sessions[session] = _Session(group_key, on_connection, is_member)

    def close_session(self, session: str) -> None:
        """Stop accepting ``session`` and close its connections and invitations."""
        self._sessions.pop(session, None)
        self.invitations.close_session(session)
        for connection in [c for c in self._connections if c.session == session]:
            connection.abort()

    def open_admission(
        self,
        session: str,
        code: JoinCode,
        on_admitted: admission.OnAdmitted,
        *,
        ttl: float = admission.CODE_TTL,
        max_failures: int = admission.MAX_FAILURES,
        max_host_failures: int = admission.MAX_HOST_FAILURES,
        uses: int = 1,
        on_failed: admission.OnFailed | None = None,
    ) -> admission.Invitation:
        """Let someone join ``session`` (already open here) with ``code``."""
        if session not in self._sessions:
            raise ValueError("open the session before inviting people to it")
        return self.invitations.open(
            session,
            code,
            on_admitted,
            ttl=ttl,
            max_failures=max_failures,
            max_host_failures=max_host_failures,
            uses=uses,
            on_failed=on_failed,
        )

    def close_admission(self, code: JoinCode) -> None:
        self.invitations.close(code)

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
        for task in list(self._tasks):
            task.cancel()
        for connection in list(self._connections):
            await connection.close()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._server is not None:
            with contextlib.suppress(Exception):
                async with asyncio.timeout(2):
                    await self._server.wait_closed()
            self._server = None

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        frames = FrameStream(reader, writer, max_frame=CLEAR_MAX_FRAME)
        dropped = self.limits.dropped
        slot = self.limits.admit(frames.address[0], writer.transport.abort)
        if self.limits.dropped > dropped:
            self.strangers.warning(
                "%s: dropped an older unproven connection to make room (%d open)",
                frames.label,
                len(self.limits),
            )
        if slot is None:
            self.strangers.warning(
                "%s: refused: too many connections (%d open, %d from this address)",
                frames.label,
                len(self.limits),
                self.limits.count(frames.address[0]),
            )
            writer.transport.abort()
            self._tasks.discard(task)
            return
        try:
            await self._dispatch(frames, slot)
        except ConnectionClosed as error:
            # A peer going is no warning: with no log set up (the app), a warning is printed
            # on the terminal, and "10.234.13.3:51386: 10.234.13.3:51386 closed the
            # connection." came under the shell's prompt after Ctrl+Q (naive s13 N9). The
            # keeper's log (INFO) still has it, its address said once.
            said = str(error) if frames.label in str(error) else f"{frames.label}: {error}"
            (log if slot.trusted else self.strangers).info("%s", said)
        except ProtocolError as error:
            if slot.trusted:
                log.warning("%s: %s", frames.label, error)
            else:
                self.strangers.warning("%s: %s", frames.label, error)
        except TimeoutError:
            self.strangers.warning("%s: dropped: said nothing useful in time", frames.label)
        except asyncio.CancelledError:
            pass
        except Exception:
            log.exception("%s: unexpected error", frames.label)
        finally:
            self.limits.release(slot)
            await frames.close()
            self._tasks.discard(task)

    async def _dispatch(self, frames: FrameStream, slot: Slot) -> None:
        async with asyncio.timeout(self.handshake_timeout):
            preamble = await self._read_preamble(frames)
            if preamble[HEAD_SIZE - 1] == MODE_NOISE:
                connection = await self._respond(frames, preamble)
            else:
                connection = None
        if preamble[HEAD_SIZE - 1] == MODE_JOIN:
            await admission.admit(
                frames,
                self.invitations,
                nameplate=preamble[-1],
                identity=self.identity,
                name=self.name,
                port=self.port,
                group_key_of=self._group_key,
                timeout=self.admission_timeout,
            )
            return
        if connection is None:
            return
        entry = self._sessions.get(connection.session)
        if entry is None:
            await connection.close()
            return
        slot.trusted = True  # a member's link: never dropped to make room for strangers
        self._connections.add(connection)
        try:
            await entry.on_connection(connection)
        finally:
            self._connections.discard(connection)
            await connection.close()

    async def _read_preamble(self, frames: FrameStream) -> bytes:
        head = await frames.read_exactly(HEAD_SIZE, None)
        if head[: len(MAGIC)] != MAGIC:
            raise ProtocolError(_("not a beraad peer (bad preamble)"))
        if head[len(MAGIC)] != VERSION:
            await send_clear(frames, error="version", version=VERSION)
            raise ProtocolError(_("speaks protocol version {v}").format(v=head[len(MAGIC)]))
        size = selector_size(head[-1])
        if size is None:
            raise ProtocolError(_("not a beraad peer (unknown mode)"))
        return head + await frames.read_exactly(size, None)

    def _group_key(self, session: str) -> bytes | None:
        entry = self._sessions.get(session)
        return entry.group_key if entry else None

    async def _respond(self, frames: FrameStream, preamble: bytes) -> Connection | None:
        session = preamble[HEAD_SIZE:].hex()
        entry = self._sessions.get(session)
        if entry is None:
            self.strangers.warning(
                "%s: asked for session %s, which is not open here", frames.label, session
            )
            await send_clear(frames, error="unknown-session")
            return None
        await send_clear(frames, ok=True)
        noise, static_public = new_noise(
            initiator=False, group_key=entry.group_key, preamble=preamble
        )
        handshake = noise.noise_protocol.handshake_state
        try:
            _noise_step(noise.read_message, await frames.read_frame(None))
            await frames.write_frame(_noise_step(noise.write_message))
            payload = _noise_step(noise.read_message, await frames.read_frame(None))
        except HandshakeError as error:
            self.strangers.warning("%s: handshake for session %s: %s", frames.label, session, error)
            return None
        remote_static = handshake.rs.public_bytes
        frames.max_frame = 65535
        channel = MessageChannel(frames, NoiseCipher(noise))
        try:
            binding = parse_json(payload)
            peer, peer_name = check_binding(binding, remote_static, session)
        except (CanonicalError, HandshakeError) as error:
            self.strangers.warning("%s: refused: %s", frames.label, error)
            await channel.send({"type": "refused", "reason": "bad-binding"})
            return None
        if not entry.is_member(peer):
            self.strangers.warning(
                "%s: refused: not a member of session %s", _who(frames.address, peer), session
            )
            await channel.send({"type": "refused", "reason": "not-member"})
            return None
        await channel.send(
            {
                "type": "welcome",
                "binding": make_binding(self.identity, static_public, session, self.name),
            }
        )
        log.info("%s: connected, session %s", _who(frames.address, peer), session)
        return Connection(
            channel, peer=peer, peer_name=peer_name, session=session, idle_timeout=self.idle_timeout
        )
