"""Admission with a join code: SPAKE2, key confirmation, then the group key (DESIGN §5).

Wire format after the join preamble ``"BERAAD" | 0x01 | "J" | nameplate`` (see
``docs/protocol.md``); J = joiner, A = admitter, clear frames are canonical JSON::

    A -> J  {"ok":true,"session":<hex>}        or {"error":"unknown-code"|"expired"|"burnt"|
                                                   "locked-out"|"busy"|"back-off","retry_after":<s>}
    J -> A  {"spake2":<hex>}                    SPAKE2_A(code, idA, idB), ids bound to session
    A -> J  {"spake2":<hex>}                    SPAKE2_B (or one of the errors above)
    J -> A  {"confirm":<hex>}                   HMAC(HKDF(K,"confirm-joiner"), transcript)
    A -> J  {"confirm":<hex>}                   HMAC(HKDF(K,"confirm-admitter"), transcript)
            or {"error":"wrong-code"|"locked-out"|"burnt","attempts_left":n} and close
    then ChaCha20-Poly1305 messages (``channel``), keys HKDF(K,"joiner-to-admitter") and
    HKDF(K,"admitter-to-joiner"):
    J -> A  {"type":"member","ed25519":<hex>,"name":<str>,"sig":<hex>}
    A -> J  {"type":"admitted","session","group_key","admitter","admitter_name","port","sig",
             "grant":{...}}  or  {"type":"refused","reason":<str>}

``transcript`` = SHA-256 over the length-prefixed preamble, session id, and both SPAKE2
messages. The joiner's ``sig`` is Ed25519 over ``"beraad-join-member:v1" || transcript``, the
admitter's over ``"beraad-join-admitter:v1" || transcript``: each proves it holds the key it
names.

Limits (``docs/protocol.md`` says why): nothing is held while the admitter waits for a joiner,
so a connection that only sends the preamble blocks nobody; each step has ``STEP_TIMEOUT``. A
guess is charged when its SPAKE2 message arrives and refunded only after the joiner's
confirmation checks out, so dropping the connection halfway never buys a free guess. Wrong
guesses count per code (``MAX_FAILURES``, then it is burnt for everyone) and per address
(``MAX_HOST_FAILURES``, then that address is locked out of that code only), and an address
waits after ``FREE_TRIES`` wrong tries. Each failed guess is reported to the code's opener.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from beraad.core.identity import Identity, fingerprint, is_public_key, verify_signature
from beraad.i18n import _
from beraad.net.channel import AeadCipher, FrameStream, MessageChannel
from beraad.net.crypto import confirmation, derive_key, same_mac, transcript_hash

if TYPE_CHECKING:
    from spake2 import SPAKE2_A, SPAKE2_B
from beraad.net.errors import (
    AdmissionRefused,
    BackedOff,
    Busy,
    CodeExpired,
    ConnectionClosed,
    JoinError,
    JoinProtocolError,
    JoinTimedOut,
    LockedOut,
    ProtocolError,
    TooManyAttempts,
    UnknownCode,
    Unreachable,
    WrongCode,
)
from beraad.net.joincode import JoinCode
from beraad.net.limits import RateLimitedLog
from beraad.net.wire import check_session, join_preamble, read_clear, send_clear

log = logging.getLogger("beraad.net")

CODE_TTL = 15 * 60.0
#: Wrong tries one code takes from everyone together before it stops working. Each try is one
#: guess in 65,536, so 20 keep a guesser's chance under 1 in 3,000; a room shares them.
MAX_FAILURES = 20
#: Wrong tries one address gets on one code: a guesser on one machine cannot burn the code for
#: the room, yet people sharing one host (an SSH server) each still have room for a typo.
MAX_HOST_FAILURES = 5
#: Wrong tries from one address before it has to wait: one person's typo must not make the
#: next person on the same host wait.
FREE_TRIES = 2
#: The admitter waits at most this long for each message of the joiner, so a connection that
#: says nothing holds nothing for long (the code is never held at all, see ``_admit``).
STEP_TIMEOUT = 5.0
ADMISSION_TIMEOUT = 20.0
JOIN_TIMEOUT = 15.0
#: How long a joiner told ``busy`` waits (on average) before it tries again.
BUSY_RETRY = 0.3
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


@dataclass(frozen=True)
class FailedAttempt:
    """Someone made a guess with a code and did not prove it: the person who opened the code
    is told, so they can give the room a fresh one."""

    session: str
    nameplate: int
    host: str
    #: ``wrong-code`` (the guess was wrong) or ``gave-up`` (hung up or went quiet mid-guess).
    reason: str
    #: Wrong tries the code still takes from everyone; 0 means it no longer works.
    attempts_left: int


OnFailed = Callable[[FailedAttempt], None]


@dataclass
class Invitation:
    """One open join code on the admitting node."""

    session: str
    code: JoinCode
    on_admitted: OnAdmitted
    expires_at: float
    max_failures: int
    uses_left: int
    max_host_failures: int = MAX_HOST_FAILURES
    on_failed: OnFailed | None = None
    #: Wrong guesses, in all and per address (a guess that hung up midway counts as wrong).
    failures: int = 0
    host_failures: dict[str, int] = field(default_factory=dict)
    #: Guesses under way, in all and per address: each may still turn out wrong.
    guessing: int = 0
    host_guessing: dict[str, int] = field(default_factory=dict)
    #: Closed or replaced by a fresh code: even a guess already under way gets nothing.
    closed: bool = False

    def refusal(self, now: float) -> str | None:
        """Why this invitation cannot be tried now by anyone (a wire error code), or None."""
        if self.closed or self.uses_left <= 0:
            return "unknown-code"
        if now >= self.expires_at:
            return "expired"
        if self.failures >= self.max_failures:
            return "burnt"
        return None

    def refusal_for(self, host: str, now: float) -> str | None:
        """Why ``host`` cannot try this invitation now, or None."""
        refusal = self.refusal(now)
        if refusal is None and self.host_failures.get(host, 0) >= self.max_host_failures:
            return "locked-out"
        return refusal

    @property
    def attempts_left(self) -> int:
        return max(0, self.max_failures - self.failures)


class Invitations:
    """The open invitations of one node, by nameplate, with per-address back-off."""

    def __init__(self, now: Callable[[], float]) -> None:
        self.now = now
        #: What strangers do is logged a few times a minute at most: a flood must not fill it.
        self.log = RateLimitedLog(log, now=now)
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
        max_host_failures: int = MAX_HOST_FAILURES,
        uses: int = 1,
        on_failed: OnFailed | None = None,
    ) -> Invitation:
        check_session(session)
        current = self._by_nameplate.get(code.nameplate)
        if current is not None and current.refusal(self.now()) is None:
            raise ValueError(f"nameplate {code.nameplate} is already in use")
        invitation = Invitation(
            session,
            code,
            on_admitted,
            self.now() + ttl,
            max_failures,
            uses_left=uses,
            max_host_failures=max_host_failures,
            on_failed=on_failed,
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
            current.closed = True
            del self._by_nameplate[code.nameplate]

    def close_session(self, session: str) -> None:
        for nameplate, invitation in list(self._by_nameplate.items()):
            if invitation.session == session:
                invitation.closed = True
                del self._by_nameplate[nameplate]

    def wait_for(self, host: str) -> float:
        """Seconds ``host`` must still wait before its next attempt (0 when it may try)."""
        return max(0.0, self._host_next.get(host, 0.0) - self.now())

    def refusal(self, invitation: Invitation, host: str) -> tuple[str, dict[str, Any]] | None:
        """Why ``host`` may not make a guess now: a wire error code and its fields, or None.

        ``busy`` means: guesses under way could, if all wrong, use up what is left (of the code
        or of this address); the joiner tries again in a moment. So many people on one host
        can join at once, while no burst of parallel guesses gets past the limits.
        """
        refusal = invitation.refusal_for(host, self.now())
        if refusal is not None:
            return refusal, {}
        wait = self.wait_for(host)
        if wait > 0:
            return "back-off", {"retry_after": math.ceil(wait)}
        here = invitation.host_failures.get(host, 0) + invitation.host_guessing.get(host, 0)
        if (
            invitation.failures + invitation.guessing >= invitation.max_failures
            or here >= invitation.max_host_failures
        ):
            return "busy", {}
        return None

    def charge(self, invitation: Invitation, host: str) -> None:
        """A guess is being made: it counts against the limits until it is proved right."""
        invitation.guessing += 1
        invitation.host_guessing[host] = invitation.host_guessing.get(host, 0) + 1

    def _settle(self, invitation: Invitation, host: str) -> None:
        invitation.guessing -= 1
        invitation.host_guessing[host] -= 1
        if not invitation.host_guessing[host]:
            del invitation.host_guessing[host]

    def proved(self, invitation: Invitation, host: str) -> None:
        """The guess was right: it costs nothing, and the host's back-off is forgotten."""
        self._settle(invitation, host)
        self._host_failures.pop(host, None)
        self._host_next.pop(host, None)

    def failed(self, invitation: Invitation, host: str, reason: str) -> None:
        """The guess counts as wrong; the host waits longer next time; the opener is told."""
        self._settle(invitation, host)
        invitation.failures += 1
        invitation.host_failures[host] = invitation.host_failures.get(host, 0) + 1
        count = self._host_failures.get(host, 0) + 1
        self._host_failures[host] = count
        if count >= FREE_TRIES:
            delay = min(BACKOFF_FIRST * 2 ** (count - FREE_TRIES), BACKOFF_MAX)
            self._host_next[host] = self.now() + delay
        if invitation.on_failed is not None:
            attempt = FailedAttempt(
                invitation.session,
                invitation.code.nameplate,
                host,
                reason,
                invitation.attempts_left,
            )
            try:
                invitation.on_failed(attempt)
            except Exception:  # the opener's bug must not end admission for everyone
                log.exception("reporting a failed join attempt failed")


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
        invitations.log.warning("%s: join attempt failed: %s", frames.label, error)
    except TimeoutError:
        invitations.log.warning("%s: join attempt timed out", frames.label)


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
        invitations.log.warning(
            "%s: join attempt for nameplate %d, which is not open", frames.label, nameplate
        )
        await send_clear(frames, error="unknown-code")
        return
    if await _refused(frames, invitations, invitation, host):
        return
    session = invitation.session
    preamble = join_preamble(nameplate)
    await send_clear(frames, ok=True, session=session)
    # Nothing is held while we wait: the code is taken only by a SPAKE2 message, so a
    # connection that stops here blocks nobody and costs only its own socket.
    message_a = _hex_field(await read_clear(frames, STEP_TIMEOUT), "spake2", 33)
    if await _refused(frames, invitations, invitation, host):
        return  # the code was used up or burnt, or this host failed, while it was quiet
    invitations.charge(invitation, host)
    outcome = "gave-up"  # a guess that hangs up or goes quiet stays charged: no free tries
    try:
        keys, transcript = await _exchange(frames, invitation, session, preamble, message_a)
        outcome = "wrong-code" if keys is None else "proved"
    finally:
        if outcome == "proved":
            invitations.proved(invitation, host)
        else:
            invitations.failed(invitation, host, outcome)
    if keys is None:
        left = invitation.attempts_left
        here = max(0, invitation.max_host_failures - invitation.host_failures.get(host, 0))
        invitations.log.warning(
            "%s: wrong join code for nameplate %d; %d attempts left (%d from this address)",
            frames.label,
            nameplate,
            left,
            here,
        )
        error = "burnt" if not left else "locked-out" if not here else "wrong-code"
        await send_clear(frames, error=error, attempts_left=min(left, here))
        return
    await send_clear(frames, confirm=confirmation(keys["confirm-admitter"], transcript).hex())
    frames.max_frame = 65535
    channel = MessageChannel(
        frames, AeadCipher(keys["admitter-to-joiner"], keys["joiner-to-admitter"])
    )
    hello = await channel.recv(STEP_TIMEOUT)
    member, member_name = _check_member(hello, transcript)
    request = AdmissionRequest(session, member, member_name, frames.address)
    if invitation.refusal(invitations.now()) in ("unknown-code", "expired"):
        # Others used the last place, or the code was replaced or expired, while this one
        # was proving it: a code that stopped working admits nobody more.
        await channel.send({"type": "refused", "reason": "the join code no longer works"})
        return
    invitation.uses_left -= 1  # taken before the await, so parallel joiners cannot overrun it
    try:
        grant = await invitation.on_admitted(request)
    except BaseException as error:
        invitation.uses_left += 1
        if not isinstance(error, AdmissionRefused):
            raise
        log.warning("%s (%s): admission refused: %s", frames.label, fingerprint(member), error)
        await channel.send({"type": "refused", "reason": error.reason})
        return
    if grant.data.get("already"):
        invitation.uses_left += 1  # a member again: no place of the code's taken
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


async def _refused(
    frames: FrameStream, invitations: Invitations, invitation: Invitation, host: str
) -> bool:
    """Tell ``host`` why it may not guess now, if so (and say so, rate-limited, in the log)."""
    refusal = invitations.refusal(invitation, host)
    if refusal is None:
        return False
    error, fields = refusal
    invitations.log.warning(
        "%s: join attempt for nameplate %d refused: %s",
        frames.label,
        invitation.code.nameplate,
        error,
    )
    await send_clear(frames, error=error, **fields)
    return True


async def _exchange(
    frames: FrameStream,
    invitation: Invitation,
    session: str,
    preamble: bytes,
    message_a: bytes,
) -> tuple[dict[str, bytes] | None, bytes]:
    """SPAKE2 and the joiner's confirmation: the keys if the joiner proved the code, else None."""
    from spake2 import SPAKE2_B  # at first use: its import costs ~0.1 s at every start

    spake = SPAKE2_B(invitation.code.password(), **_spake_ids(session))
    message_b = spake.start()
    key = _finish(spake, message_a)
    await send_clear(frames, spake2=message_b.hex())
    transcript = transcript_hash(preamble, bytes.fromhex(session), message_a, message_b)
    keys = _keys(key)
    theirs = _hex_field(await read_clear(frames, STEP_TIMEOUT), "confirm", 32)
    if not same_mac(confirmation(keys["confirm-joiner"], transcript), theirs):
        return None, transcript
    return keys, transcript


def _finish(spake: SPAKE2_A | SPAKE2_B, message: bytes) -> bytes:
    """The shared key; a message that is no SPAKE2 message of the other side (not a point on
    the curve, the wrong side, our own reflected) is a failed join attempt, said in words."""
    from spake2 import SPAKEError
    from spake2.ed25519_basic import NotOnCurve

    try:
        return bytes(spake.finish(message))
    except (SPAKEError, NotOnCurve, ValueError) as error:
        raise JoinProtocolError(_("the other side's SPAKE2 message is not valid")) from error


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
    "locked-out": lambda m: LockedOut(),
    "busy": lambda m: Busy(),
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
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        try:
            return await _join_once(
                host, port, join_code, identity, name, max(0.0, deadline - loop.time())
            )
        except Busy:
            # Others from this address are proving the code right now: try again in a moment
            # (still one guess at a time), within the time the person gave.
            wait = BUSY_RETRY * (0.5 + secrets.randbelow(1000) / 1000)
            if loop.time() + wait >= deadline:
                raise JoinTimedOut(f"{host}:{port}") from None
            await asyncio.sleep(wait)


async def _join_once(
    host: str, port: int, code: JoinCode, identity: Identity, name: str | None, timeout: float
) -> Admission:
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
            return await _join(frames, code, identity, name, host, port)
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
    from spake2 import SPAKE2_A  # at first use, as in the admitter's answer

    spake = SPAKE2_A(code.password(), **_spake_ids(session))
    message_a = spake.start()
    await send_clear(frames, spake2=message_a.hex())
    reply = await read_clear(frames)
    _raise_if_error(reply)
    message_b = _hex_field(reply, "spake2", 33)
    key = _finish(spake, message_b)
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
