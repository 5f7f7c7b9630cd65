"""Length-prefixed frames with a hard maximum size, as "bytes in, frames out" (the h11 style).

A frame on the wire is a 4-byte big-endian length followed by that many bytes. The length is
checked the moment its four bytes arrive, so a hostile peer that announces a huge frame is
refused before a single byte of it is buffered. Empty frames are refused too: nothing beraad
sends is empty, so one can only be noise or an attack.

This module knows nothing of sockets or asyncio; the transport feeds it whatever bytes arrive
and gets whole frames back, which lets tests drive it with any split of the input.
"""

from __future__ import annotations

import struct

LENGTH = struct.Struct(">I")
HEADER_SIZE = LENGTH.size
#: A Noise transport message is at most 65535 bytes; every frame beraad sends fits in that.
DEFAULT_MAX_FRAME = 65535


class FrameError(ValueError):
    """The byte stream is not a sequence of valid frames; the connection must be dropped."""


def encode_frame(payload: bytes, max_size: int = DEFAULT_MAX_FRAME) -> bytes:
    """The wire form of one frame; refuses what a decoder with ``max_size`` would refuse."""
    if not payload:
        raise FrameError("empty frame")
    if len(payload) > max_size:
        raise FrameError(f"frame of {len(payload)} bytes exceeds the maximum of {max_size}")
    return LENGTH.pack(len(payload)) + payload


class FrameDecoder:
    """Turns a byte stream, fed in arbitrary pieces, into whole frames.

    After a ``FrameError`` the decoder stays broken: a stream that once went wrong cannot be
    trusted to be back in step, so every later ``feed`` raises the same error.
    """

    def __init__(self, max_size: int = DEFAULT_MAX_FRAME) -> None:
        if max_size < 1:
            raise ValueError("max_size must be positive")
        self.max_size = max_size
        self._buffer = bytearray()
        self._error: FrameError | None = None

    @property
    def pending(self) -> int:
        """Bytes received that do not yet make a whole frame (a truncated frame at EOF)."""
        return len(self._buffer)

    def feed(self, data: bytes) -> list[bytes]:
        """Add received bytes; return every frame they complete, in order."""
        if self._error is not None:
            raise self._error
        self._buffer += data
        frames: list[bytes] = []
        while len(self._buffer) >= HEADER_SIZE:
            (length,) = LENGTH.unpack_from(self._buffer)
            if length == 0 or length > self.max_size:
                what = "an empty frame" if length == 0 else f"a frame of {length} bytes"
                self._error = FrameError(
                    f"peer announced {what}; the maximum is {self.max_size} bytes"
                )
                self._buffer.clear()
                raise self._error
            end = HEADER_SIZE + length
            if len(self._buffer) < end:
                break
            frames.append(bytes(self._buffer[HEADER_SIZE:end]))
            del self._buffer[:end]
        return frames
