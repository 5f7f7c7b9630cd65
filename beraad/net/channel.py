"""Encrypted, chunked JSON messages over an asyncio stream — shared by Noise links and joining.

Layers, bottom up:

* :class:`FrameStream` — frames (``framing``) over a ``StreamReader``/``StreamWriter``, with a
  time limit on every read.
* a *cipher* — Noise transport messages after the handshake (:class:`NoiseCipher`), or
  ChaCha20-Poly1305 with HKDF-derived keys after a join-code exchange (:class:`AeadCipher`).
* :class:`MessageChannel` — one logical message (a JSON object up to :data:`MAX_MESSAGE`) is cut
  into chunks; each chunk is one encrypted frame whose plaintext is a flag byte and data.
  ``0x00`` more follows, ``0x01`` last chunk of the message, ``0x02`` keepalive (carries no
  data, ignored). The flag is inside the encryption, so nobody can splice messages.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any, Protocol

from cryptography.exceptions import InvalidTag
from noise.connection import NoiseConnection
from noise.exceptions import NoiseInvalidMessage

from beraad.core.canonical import CanonicalError, canonical_bytes, parse_json
from beraad.i18n import _
from beraad.net.crypto import TAG_SIZE, counter_nonce, open_sealed, seal
from beraad.net.errors import ConnectionClosed, ProtocolError
from beraad.net.framing import DEFAULT_MAX_FRAME, FrameDecoder, FrameError, encode_frame

#: Largest logical message (a JSON object), before chunking.
MAX_MESSAGE = 4 * 1024 * 1024
MORE, LAST, PING = 0x00, 0x01, 0x02
READ_SIZE = 65536


class IdleTimeout(ConnectionClosed):
    """Nothing arrived from the peer for longer than the idle limit."""


class FrameStream:
    """Whole frames in and out of one TCP connection."""

    def __init__(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        max_frame: int = DEFAULT_MAX_FRAME,
    ) -> None:
        self.reader = reader
        self.writer = writer
        self._decoder = FrameDecoder(max_frame)
        self._ready: list[bytes] = []
        peer = writer.get_extra_info("peername") or ("?", 0)
        self.address: tuple[str, int] = (str(peer[0]), int(peer[1]))

    @property
    def max_frame(self) -> int:
        return self._decoder.max_size

    @max_frame.setter
    def max_frame(self, size: int) -> None:
        """Clear frames are small; the limit is raised once the cipher is in place."""
        self._decoder.max_size = size

    @property
    def label(self) -> str:
        return f"{self.address[0]}:{self.address[1]}"

    async def read_exactly(self, size: int, timeout: float | None) -> bytes:
        """Raw bytes before framing starts (the preamble); EOF is ``ConnectionClosed``."""
        try:
            async with asyncio.timeout(timeout):
                return await self.reader.readexactly(size)
        except asyncio.IncompleteReadError as error:
            raise ConnectionClosed(
                _("{peer} closed the connection.").format(peer=self.label)
            ) from error
        except (ConnectionError, OSError) as error:
            raise ConnectionClosed(f"{self.label}: {error}") from error

    async def read_frame(self, timeout: float | None) -> bytes:
        """The next frame; ``TimeoutError`` if none within ``timeout`` seconds."""
        async with asyncio.timeout(timeout):
            while not self._ready:
                try:
                    data = await self.reader.read(READ_SIZE)
                except (ConnectionError, OSError) as error:
                    raise ConnectionClosed(f"{self.label}: {error}") from error
                if not data:
                    if self._decoder.pending:
                        raise ProtocolError(
                            _("{peer} sent a truncated frame and closed.").format(peer=self.label)
                        )
                    raise ConnectionClosed(
                        _("{peer} closed the connection.").format(peer=self.label)
                    )
                try:
                    self._ready.extend(self._decoder.feed(data))
                except FrameError as error:
                    raise ProtocolError(
                        _("{peer} sent an invalid frame: {error}").format(
                            peer=self.label, error=error
                        )
                    ) from error
        return self._ready.pop(0)

    async def write_frame(self, payload: bytes) -> None:
        await self.write_raw(encode_frame(payload, self.max_frame))

    async def write_raw(self, data: bytes) -> None:
        try:
            self.writer.write(data)
            await self.writer.drain()
        except (ConnectionError, OSError) as error:
            raise ConnectionClosed(f"{self.label}: {error}") from error

    async def close(self) -> None:
        if self.writer.is_closing():
            return
        self.writer.close()
        with contextlib.suppress(Exception):
            async with asyncio.timeout(2):
                await self.writer.wait_closed()


class Cipher(Protocol):
    overhead: int

    def encrypt(self, plaintext: bytes) -> bytes: ...

    def decrypt(self, ciphertext: bytes) -> bytes: ...


class NoiseCipher:
    """Noise transport messages, once the handshake has finished."""

    overhead = TAG_SIZE

    def __init__(self, noise: NoiseConnection) -> None:
        self._noise = noise

    def encrypt(self, plaintext: bytes) -> bytes:
        return self._noise.encrypt(plaintext)

    def decrypt(self, ciphertext: bytes) -> bytes:
        try:
            return bytes(self._noise.decrypt(ciphertext))
        except NoiseInvalidMessage as error:
            raise ProtocolError(_("a message failed authentication")) from error


class AeadCipher:
    """ChaCha20-Poly1305 with one key per direction and counter nonces (as Noise does)."""

    overhead = TAG_SIZE

    def __init__(self, send_key: bytes, receive_key: bytes) -> None:
        self._send_key, self._receive_key = send_key, receive_key
        self._sent = self._received = 0

    def encrypt(self, plaintext: bytes) -> bytes:
        sealed = seal(self._send_key, counter_nonce(self._sent), plaintext)
        self._sent += 1
        return sealed

    def decrypt(self, ciphertext: bytes) -> bytes:
        try:
            plain = open_sealed(self._receive_key, counter_nonce(self._received), ciphertext)
        except InvalidTag as error:
            raise ProtocolError(_("a message failed authentication")) from error
        self._received += 1
        return plain


class MessageChannel:
    """JSON objects, chunked and encrypted, over a :class:`FrameStream`."""

    def __init__(self, frames: FrameStream, cipher: Cipher, max_message: int = MAX_MESSAGE) -> None:
        self.frames = frames
        self.cipher = cipher
        self.max_message = max_message
        self.chunk_size = frames.max_frame - cipher.overhead - 1
        self._send_lock = asyncio.Lock()
        self._recv_lock = asyncio.Lock()

    async def send(self, message: dict[str, Any]) -> None:
        if not isinstance(message, dict):
            raise TypeError("a message is a JSON object (dict)")
        await self.send_encoded(canonical_bytes(message))

    async def send_encoded(self, data: bytes) -> None:
        """Send one message given as its canonical bytes (``Outbox`` joins a batch of records
        from each record's kept bytes rather than encoding it again)."""
        if len(data) > self.max_message:
            raise ValueError(
                f"message of {len(data)} bytes exceeds the maximum of {self.max_message}"
            )
        async with self._send_lock:
            for start in range(0, len(data), self.chunk_size):
                piece = data[start : start + self.chunk_size]
                flag = LAST if start + self.chunk_size >= len(data) else MORE
                await self.frames.write_frame(self.cipher.encrypt(bytes([flag]) + piece))

    async def send_ping(self) -> None:
        async with self._send_lock:
            await self.frames.write_frame(self.cipher.encrypt(bytes([PING])))

    async def recv(self, idle_timeout: float | None = None) -> dict[str, Any]:
        """The next message; ``idle_timeout`` bounds the wait for each frame (pings count)."""
        async with self._recv_lock:
            parts: list[bytes] = []
            size = 0
            while True:
                try:
                    frame = await self.frames.read_frame(idle_timeout)
                except TimeoutError as error:
                    raise IdleTimeout(
                        _("{peer} sent nothing for {seconds} seconds.").format(
                            peer=self.frames.label, seconds=idle_timeout
                        )
                    ) from error
                plain = self.cipher.decrypt(frame)
                if not plain or plain[0] not in (MORE, LAST, PING):
                    raise ProtocolError(_("a message chunk has an unknown kind"))
                if plain[0] == PING:
                    if len(plain) != 1 or parts:
                        raise ProtocolError(_("a keepalive arrived inside a message"))
                    continue
                size += len(plain) - 1
                if size > self.max_message:
                    raise ProtocolError(
                        _("a message is larger than {limit} bytes").format(limit=self.max_message)
                    )
                parts.append(plain[1:])
                if plain[0] == LAST:
                    break
            try:
                value = parse_json(b"".join(parts))
            except CanonicalError as error:
                raise ProtocolError(
                    _("a message is not valid JSON: {error}").format(error=error)
                ) from error
            if not isinstance(value, dict):
                raise ProtocolError(_("a message is not a JSON object"))
            return value
