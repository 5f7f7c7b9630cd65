"""Admission with a join code: SPAKE2, key confirmation, then the group key (DESIGN §5).

Wire format after the join preamble ``"BERAAD" | 0x01 | "J" | nameplate`` (see
``docs/protocol.md``); J = joiner, A = admitter, clear frames are canonical JSON::

    A -> J  {"ok":true,"session":<hex>}        or {"error":"unknown-code"|"expired"|"burnt"|
                                                             "back-off","retry_after":<s>}
    J -> A  {"spake2":<hex>}                    SPAKE2_A(code, idA, idB), ids bound to session
    A -> J  {"spake2":<hex>}                    SPAKE2_B
    J -> A  {"confirm":<hex>}                   HMAC(HKDF(K,"confirm-joiner"), transcript)
    A -> J  {"confirm":<hex>}                   HMAC(HKDF(K,"confirm-admitter"), transcript)
            or {"error":"wrong-code"|"burnt","attempts_left":n} and close
    then ChaCha20-Poly1305 messages (``channel``), keys HKDF(K,"joiner-to-admitter") and
    HKDF(K,"admitter-to-joiner"):
    J -> A  {"type":"member","ed25519":<hex>,"name":<str>,"sig":<hex>}
    A -> J  {"type":"admitted","session","group_key","admitter","admitter_name","port","sig",
             "grant":{...}}  or  {"type":"refused","reason":<str>}

``transcript`` = SHA-256 over the length-prefixed preamble, session id, and both SPAKE2
messages. The joiner's ``sig`` is Ed25519 over ``"beraad-join-member:v1" || transcript``, the
admitter's over ``"beraad-join-admitter:v1" || transcript``: each proves it holds the key it
names. Every SPAKE2 run is charged as a failed attempt up front and refunded only after the
joiner's confirmation checks out, so dropping the connection halfway never buys a free guess.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from spake2 import SPAKE2_A, SPAKE2_B, SPAKEError

from beraad.core.identity import Identity, fingerprint, is_public_key, verify_signature
from beraad.i18n import _
from beraad.net.channel import AeadCipher, FrameStream, MessageChannel
from beraad.net.crypto import confirmation, derive_key, same_mac, transcript_hash
from beraad.net.errors import (
    AdmissionRefused,
    BackedOff,
    CodeExpired,
    ConnectionClosed,
    JoinError,
    JoinProtocolError,
    JoinTimedOut,
    ProtocolError,
    TooManyAttempts,
    UnknownCode,
    Unreachable,
    WrongCode,
)
from beraad.net.joincode import JoinCode
from beraad.net.wire import check_session, join_preamble, read_clear, send_clear

log = logging.getLogger("beraad.net")

CODE_TTL = 15 * 60.0
MAX_FAILURES = 5
ADMISSION_TIMEOUT = 30.0
JOIN_TIMEOUT = 15.0
BACKOFF_FIRST = 1.0
BACKOFF_MAX = 60.0
MEMBER_CONTEXT = b"beraad-join-member:v1"
ADMITTER_CONTEXT = b"beraad-join-admitter:v1"
MAX_NAME = 100


@dataclass(frozen=True)
class AdmissionRequest:
    """Who asks to be admitted (the joiner proved it holds ``member``'s private key)."""

    session: str
    member: str
    name: str | None
    address: tuple[str, int]


@dataclass(frozen=True)
class AdmissionGrant:
    """What the admitting node sends the new member besides the group key (a JSON object)."""

    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Admission:
    """What a successful join gives the joiner."""

    session: str
    group_key: bytes
    admitter: str
    admitter_name: str | None
    host: str
    port: int
    grant: dict[str, Any]


OnAdmitted = Callable[[AdmissionRequest], Awaitable[AdmissionGrant]]


@dataclass
class Invitation:
    """One open join code on the admitting node."""

    session: str
    code: JoinCode
    on_admitted: OnAdmitted
    expires_at: float
    max_failures: int
    uses_left: int
    failures: int = 0
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def refusal(self, now: float) -> str | None:
        """Why this invitation cannot be tried now (a wire error code), or None."""
        if self.uses_left <= 0:
            return "unknown-code"
        if now >= self.expires_at:
            return "expired"
        if self.failures >= self.max_failures:
            return "burnt"
        return None

    @property
    def attempts_left(self) -> int:
        return max(0, self.max_failures - self.failures)


class Invitations:
    """The open invitations of one node, by nameplate, with per-address back-off."""

    def __init__(self, now: Callable[[], float]) -> None:
        self.now = now
        self._by_nameplate: dict[int, Invitation] = {}
        self._host_failures: dict[str, int] = {}
        self._host_next: dict[str, float] = {}

    def open(
        self,
        session: str,
        code: JoinCode,
        on_admitted: OnAdmitted,
        *,
        ttl: float = CODE_TTL,
        max_failures: int = MAX_FAILURES,
        uses: int = 1,
    ) -> Invitation:
        check_session(session)
        current = self._by_nameplate.get(code.nameplate)
        if current is not None and current.refusal(self.now()) is None:
            raise ValueError(f"nameplate {code.nameplate} is already in use")
        invitation = Invitation(
            session, code, on_admitted, self.now() + ttl, max_failures, uses_left=uses
        )
        self._by_nameplate[code.nameplate] = invitation
        return invitation

    def taken(self) -> set[int]:
        """Nameplates of invitations still usable (pass to ``JoinCode.generate``)."""
        now = self.now()
        return {n for n, i in self._by_nameplate.items() if i.refusal(now) is None}

    def get(self, nameplate: int) -> Invitation | None:
        return self._by_nameplate.get(nameplate)

    def close(self, code: JoinCode) -> None:
        current = self._by_nameplate.get(code.nameplate)
        if current is not None and current.code == code:
            del self._by_nameplate[code.nameplate]

    def close_session(self, session: str) -> None:
        for nameplate, invitation in list(self._by_nameplate.items()):
            if invitation.session == session:
                del self._by_nameplate[nameplate]

    def wait_for(self, host: str) -> float:
        """Seconds ``host`` must still wait before its next attempt (0 when it may try)."""
        return max(0.0, self._host_next.get(host, 0.0) - self.now())

    def note_failure(self, host: str) -> None:
        count = self._host_failures.get(host, 0) + 1
        self._host_failures[host] = count
        self._host_next[host] = self.now() + min(BACKOFF_FIRST * 2 ** (count - 1), BACKOFF_MAX)

    def note_success(self, host: str) -> None:
        self._host_failures.pop(host, None)
        self._host_next.pop(host, None)


def _spake_ids(session: str) -> dict[str, bytes]:
    raw = bytes.fromhex(session)
    return {"idA": b"beraad-joiner:" + raw, "idB": b"beraad-admitter:" + raw}


def _hex_field(message: dict[str, Any], name: str, size: int | None = None) -> bytes:
    value = message.get(name)
    try:
        data = bytes.fromhex(value) if isinstance(value, str) else None
    except ValueError:
        data = None
    if data is None or (size is not None and len(data) != size):
        raise JoinProtocolError(_("missing or malformed '{field}'").format(field=name))
    return data


def _keys(key: bytes) -> dict[str, bytes]:
    return {
        purpose: derive_key(key, purpose)
        for purpose in (
            "confirm-joiner",
            "confirm-admitter",
            "joiner-to-admitter",
            "admitter-to-joiner",
        )
    }


# --- admitter side ---------------------------------------------------------------------------


async def admit(
    frames: FrameStream,
    invitations: Invitations,
    *,
    nameplate: int,
    identity: Identity,
    name: str | None,
    port: int,
    group_key_of: Callable[[str], bytes | None],
    timeout: float = ADMISSION_TIMEOUT,
) -> None:
    """Serve one join attempt that arrived on ``frames`` (the preamble is already read)."""
    try:
        async with asyncio.timeout(timeout):
            await _admit(frames, invitations, nameplate, identity, name, port, group_key_of)
    except JoinError as error:
        log.warning("%s: join attempt failed: %s", frames.label, error)
    except TimeoutError:
        log.warning("%s: join attempt timed out", frames.label)


async def _admit(
    frames: FrameStream,
    invitations: Invitations,
    nameplate: int,
    identity: Identity,
    name: str | None,
    port: int,
    group_key_of: Callable[[str], bytes | None],
) -> None:
    host = frames.address[0]
    invitation = invitations.get(nameplate)
    group_key = group_key_of(invitation.session) if invitation else None
    if invitation is None or group_key is None:
        log.warning("%s: join attempt for nameplate %d, which is not open", frames.label, nameplate)
        await send_clear(frames, error="unknown-code")
        return
    wait = invitations.wait_for(host)
    if wait > 0:
        log.warning("%s: join attempt refused: back-off, %.0f s left", frames.label, wait)
        await send_clear(frames, error="back-off", retry_after=math.ceil(wait))
        return
    async with invitation.lock:
        refusal = invitation.refusal(invitations.now())
        if refusal is not None:
            log.warning("%s: join attempt for nameplate %d: %s", frames.label, nameplate, refusal)
            await send_clear(frames, error=refusal)
            return
        session = invitation.session
        preamble = join_preamble(nameplate)
        await send_clear(frames, ok=True, session=session)
        message_a = _hex_field(await read_clear(frames), "spake2", 33)
        invitation.failures += 1  # charged now, refunded once the joiner proves the code
        spake = SPAKE2_B(invitation.code.password(), **_spake_ids(session))
        message_b = spake.start()
        try:
            key = spake.finish(message_a)
        except SPAKEError as error:
            raise JoinProtocolError(str(error)) from error
        await send_clear(frames, spake2=message_b.hex())
        transcript = transcript_hash(preamble, bytes.fromhex(session), message_a, message_b)
        keys = _keys(key)
        theirs = _hex_field(await read_clear(frames), "confirm", 32)
        if not same_mac(confirmation(keys["confirm-joiner"], transcript), theirs):
            invitations.note_failure(host)
            left = invitation.attempts_left
            log.warning(
                "%s: wrong join code for nameplate %d; %d attempts left",
                frames.label,
                nameplate,
                left,
            )
            await send_clear(frames, error="wrong-code" if left else "burnt", attempts_left=left)
            return
        invitation.failures -= 1
        invitations.note_success(host)
        await send_clear(frames, confirm=confirmation(keys["confirm-admitter"], transcript).hex())
        frames.max_frame = 65535
        channel = MessageChannel(
            frames, AeadCipher(keys["admitter-to-joiner"], keys["joiner-to-admitter"])
        )
        hello = await channel.recv()
        member, member_name = _check_member(hello, transcript)
        request = AdmissionRequest(session, member, member_name, frames.address)
        try:
            grant = await invitation.on_admitted(request)
        except AdmissionRefused as error:
            log.warning("%s (%s): admission refused: %s", frames.label, fingerprint(member), error)
            await channel.send({"type": "refused", "reason": error.reason})
            return
        invitation.uses_left -= 1
        if invitation.uses_left <= 0:
            invitations.close(invitation.code)
        reply: dict[str, Any] = {
            "type": "admitted",
            "session": session,
            "group_key": group_key.hex(),
            "admitter": identity.public_key,
            "port": port,
            "sig": identity.sign(ADMITTER_CONTEXT + transcript).hex(),
            "grant": grant.data,
        }
        if name:
            reply["admitter_name"] = name[:MAX_NAME]
        await channel.send(reply)
        log.info("%s (%s): admitted to session %s", frames.label, fingerprint(member), session)


def _check_member(hello: dict[str, Any], transcript: bytes) -> tuple[str, str | None]:
    member, name = hello.get("ed25519"), hello.get("name")
    if hello.get("type") != "member" or not is_public_key(member):
        raise JoinProtocolError(_("the joiner sent no identity"))
    if name is not None and (not isinstance(name, str) or len(name) > MAX_NAME):
        raise JoinProtocolError(_("the joiner's name is malformed"))
    if not verify_signature(member, MEMBER_CONTEXT + transcript, _hex_field(hello, "sig", 64)):
        raise JoinProtocolError(_("the joiner does not hold the key it names"))
    return member, name


# --- joiner side -----------------------------------------------------------------------------


_STATUS_ERRORS: dict[str, Callable[[dict[str, Any]], JoinError]] = {
    "unknown-code": lambda m: UnknownCode(),
    "unknown-session": lambda m: UnknownCode(),
    "expired": lambda m: CodeExpired(),
    "burnt": lambda m: TooManyAttempts(),
    "back-off": lambda m: BackedOff(
        m["retry_after"] if isinstance(m.get("retry_after"), int) else 60
    ),
    "wrong-code": lambda m: WrongCode(
        m["attempts_left"] if isinstance(m.get("attempts_left"), int) else None
    ),
}


def _raise_if_error(message: dict[str, Any]) -> None:
    error = message.get("error")
    if error is None:
        return
    make = _STATUS_ERRORS.get(error) if isinstance(error, str) else None
    raise make(message) if make else JoinProtocolError(str(error)[:60])


async def join(
    host: str,
    port: int,
    code: str | JoinCode,
    *,
    identity: Identity,
    name: str | None,
    timeout: float = JOIN_TIMEOUT,
) -> Admission:
    """Join the session whose invitation ``code`` names, at the node ``host:port``."""
    join_code = code if isinstance(code, JoinCode) else JoinCode.parse(code)
    address = f"{host}:{port}"
    try:
        async with asyncio.timeout(timeout):
            reader, writer = await asyncio.open_connection(host, port)
    except TimeoutError as error:
        raise JoinTimedOut(address) from error
    except OSError as error:
        raise Unreachable(address, error.strerror or str(error)) from error
    frames = FrameStream(reader, writer, max_frame=4096)
    try:
        async with asyncio.timeout(timeout):
            return await _join(frames, join_code, identity, name, host, port)
    except TimeoutError as error:
        raise JoinTimedOut(address) from error
    except ConnectionClosed as error:
        raise JoinProtocolError(_("the connection was closed")) from error
    except ProtocolError as error:
        raise JoinProtocolError(str(error)) from error
    finally:
        with contextlib.suppress(Exception):
            await frames.close()


async def _join(
    frames: FrameStream,
    code: JoinCode,
    identity: Identity,
    name: str | None,
    host: str,
    port: int,
) -> Admission:
    preamble = join_preamble(code.nameplate)
    await frames.write_raw(preamble)
    status = await read_clear(frames)
    _raise_if_error(status)
    session = status.get("session")
    try:
        check_session(session)  # type: ignore[arg-type]
    except ValueError as error:
        raise JoinProtocolError(_("no session id in the answer")) from error
    assert isinstance(session, str)
    spake = SPAKE2_A(code.password(), **_spake_ids(session))
    message_a = spake.start()
    await send_clear(frames, spake2=message_a.hex())
    reply = await read_clear(frames)
    _raise_if_error(reply)
    message_b = _hex_field(reply, "spake2", 33)
    try:
        key = spake.finish(message_b)
    except SPAKEError as error:
        raise JoinProtocolError(str(error)) from error
    transcript = transcript_hash(preamble, bytes.fromhex(session), message_a, message_b)
    keys = _keys(key)
    await send_clear(frames, confirm=confirmation(keys["confirm-joiner"], transcript).hex())
    reply = await read_clear(frames)
    _raise_if_error(reply)
    if not same_mac(
        confirmation(keys["confirm-admitter"], transcript), _hex_field(reply, "confirm", 32)
    ):
        raise JoinProtocolError(_("the other side could not prove it knows the code"))
    frames.max_frame = 65535
    channel = MessageChannel(
        frames, AeadCipher(keys["joiner-to-admitter"], keys["admitter-to-joiner"])
    )
    hello: dict[str, Any] = {
        "type": "member",
        "ed25519": identity.public_key,
        "sig": identity.sign(MEMBER_CONTEXT + transcript).hex(),
    }
    if name:
        hello["name"] = name[:MAX_NAME]
    await channel.send(hello)
    answer = await channel.recv()
    if answer.get("type") == "refused":
        reason = answer.get("reason")
        raise AdmissionRefused(reason if isinstance(reason, str) else "")
    return _check_admitted(answer, session, transcript, host, port)


def _check_admitted(
    answer: dict[str, Any], session: str, transcript: bytes, host: str, port: int
) -> Admission:
    admitter, admitter_name, grant = (
        answer.get("admitter"),
        answer.get("admitter_name"),
        answer.get("grant"),
    )
    if answer.get("type") != "admitted" or answer.get("session") != session:
        raise JoinProtocolError(_("the answer names another session"))
    if not is_public_key(admitter) or not isinstance(grant, dict):
        raise JoinProtocolError(_("the answer is malformed"))
    if admitter_name is not None and not isinstance(admitter_name, str):
        raise JoinProtocolError(_("the answer is malformed"))
    if not verify_signature(admitter, ADMITTER_CONTEXT + transcript, _hex_field(answer, "sig", 64)):
        raise JoinProtocolError(_("the admitter does not hold the key it names"))
    group_key = _hex_field(answer, "group_key", 32)
    answer_port = answer.get("port")
    return Admission(
        session=session,
        group_key=group_key,
        admitter=admitter,
        admitter_name=admitter_name,
        host=host,
        port=answer_port if isinstance(answer_port, int) and 0 < answer_port < 65536 else port,
        grant=grant,
    )
