"""Frames: bytes in, frames out, whatever the split; hostile lengths are refused early."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beraad.net.framing import FrameDecoder, FrameError, encode_frame

payloads = st.lists(st.binary(min_size=1, max_size=300), max_size=8)


@given(payloads, st.lists(st.integers(min_value=1, max_value=50), min_size=1))
def test_any_split_of_the_stream_gives_the_same_frames(frames, cuts):
    stream = b"".join(encode_frame(p) for p in frames)
    decoder = FrameDecoder()
    out: list[bytes] = []
    position, index = 0, 0
    while position < len(stream):
        step = cuts[index % len(cuts)]
        out += decoder.feed(stream[position : position + step])
        position += step
        index += 1
    assert out == frames
    assert decoder.pending == 0


def test_oversized_length_is_refused_before_the_body_arrives():
    decoder = FrameDecoder(max_size=1000)
    with pytest.raises(FrameError, match="1001 bytes"):
        decoder.feed((1001).to_bytes(4, "big"))


def test_a_decoder_that_failed_stays_failed():
    decoder = FrameDecoder(max_size=10)
    with pytest.raises(FrameError):
        decoder.feed(b"\xff\xff\xff\xff")
    with pytest.raises(FrameError):
        decoder.feed(encode_frame(b"ok"))


def test_empty_frames_are_garbage():
    with pytest.raises(FrameError):
        FrameDecoder().feed(b"\x00\x00\x00\x00")
    with pytest.raises(FrameError):
        encode_frame(b"")


def test_truncated_frame_is_held_as_pending():
    decoder = FrameDecoder()
    wire = encode_frame(b"hello world")
    assert decoder.feed(wire[:-3]) == []
    assert decoder.pending == len(wire) - 3
    assert decoder.feed(wire[-3:]) == [b"hello world"]


def test_encoder_refuses_what_the_decoder_would_refuse():
    with pytest.raises(FrameError):
        encode_frame(b"x" * 11, max_size=10)
    assert FrameDecoder(10).feed(encode_frame(b"x" * 10, max_size=10)) == [b"x" * 10]
