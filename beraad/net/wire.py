"""The clear opening of every beraad connection: the preamble and the status reply.

One listening port serves every session of a node and its open invitations, so the initiator
first says, in the clear, what it wants (see ``docs/protocol.md``)::

    "BERAAD" | version (1 byte) | mode (1 byte) | selector
    mode "N" (Noise):  selector = session id, 16 raw bytes
    mode "J" (join):   selector = nameplate, 1 byte (1-99)

The responder answers with one frame holding a canonical JSON status object: ``{"ok":true}``
(plus ``"session"`` in join mode) or ``{"error":"<code>", ...}`` followed by closing. Nothing
here is secret: session ids and nameplates may be advertised on mDNS anyway, and everything in
the preamble is fed into the Noise prologue, so tampering with it breaks the handshake.
"""

from __future__ import annotations

import re
from typing import Any

from beraad.core.canonical import CanonicalError, canonical_bytes, parse_json
from beraad.i18n import _
from beraad.net.channel import FrameStream
from beraad.net.errors import ProtocolError

MAGIC = b"BERAAD"
VERSION = 1
MODE_NOISE = ord("N")
MODE_JOIN = ord("J")
HEAD_SIZE = len(MAGIC) + 2
SESSION_BYTES = 16
#: Clear frames (status, SPAKE2, confirmation) are small; refuse anything bigger.
CLEAR_MAX_FRAME = 4096

_SESSION = re.compile(r"[0-9a-f]{32}")


def check_session(session: str) -> str:
    if not isinstance(session, str) or not _SESSION.fullmatch(session):
        raise ValueError(f"a session id is 32 lowercase hex characters, not {session!r}")
    return session


def noise_preamble(session: str) -> bytes:
    return MAGIC + bytes([VERSION, MODE_NOISE]) + bytes.fromhex(check_session(session))


def join_preamble(nameplate: int) -> bytes:
    if not 1 <= nameplate <= 99:
        raise ValueError("a nameplate is 1-99")
    return MAGIC + bytes([VERSION, MODE_JOIN, nameplate])


def selector_size(mode: int) -> int | None:
    """How many selector bytes follow the head for ``mode``; None for an unknown mode."""
    return {MODE_NOISE: SESSION_BYTES, MODE_JOIN: 1}.get(mode)


async def send_clear(frames: FrameStream, **fields: Any) -> None:
    """One clear JSON frame (status, SPAKE2 message, confirmation, error)."""
    await frames.write_frame(canonical_bytes(fields))


async def read_clear(frames: FrameStream, timeout: float | None = None) -> dict[str, Any]:
    """Read one clear JSON frame; anything but a small JSON object is a ProtocolError."""
    frame = await frames.read_frame(timeout)
    if len(frame) > CLEAR_MAX_FRAME:
        raise ProtocolError(_("{peer} sent an oversized clear frame").format(peer=frames.label))
    try:
        value = parse_json(frame)
    except CanonicalError as error:
        raise ProtocolError(
            _("{peer} sent an unreadable frame: {error}").format(peer=frames.label, error=error)
        ) from error
    if not isinstance(value, dict):
        raise ProtocolError(_("{peer} sent an unreadable frame").format(peer=frames.label))
    return value
