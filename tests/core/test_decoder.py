"""The one JSON reader for outside input: bounded depth and size, never a RecursionError."""

from __future__ import annotations

import json

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from beraad.core.canonical import (
    MAX_DEPTH,
    CanonicalError,
    _deeper_than,
    canonical_bytes,
    decode_json,
    nesting,
    parse_canonical,
    parse_json,
)
from beraad.core.record import MAX_BODY_DEPTH, RecordError, sign_record
from tests.core.strategies import SESSION, identity, json_values

texts = st.text(alphabet='[]{}"\\,:0a ', max_size=60)


def nest(depth: int, leaf: object = 0) -> object:
    value = leaf
    for _ in range(depth):
        value = [value]
    return value


@given(json_values)
def test_reads_what_the_standard_reader_reads(value):
    text = json.dumps(value)
    assert decode_json(text) == json.loads(text)
    assert parse_canonical(canonical_bytes(value)) == value


@given(texts)
def test_any_text_is_read_or_refused_with_a_canonical_error(text):
    try:
        expected = json.loads(text)
    except ValueError:
        expected = CanonicalError
    try:
        assert decode_json(text) == expected
    except CanonicalError:
        assert expected is CanonicalError


@given(st.integers(min_value=0, max_value=MAX_DEPTH + 3), st.sampled_from("[{"))
def test_depth_at_the_limit_is_read_and_past_it_refused(depth, bracket):
    close = "]" if bracket == "[" else "}"
    inner = '"[[[{{"' if bracket == "[" else '"k":"[[["'
    opening = bracket if bracket == "[" else '{"k":'
    text = opening * (depth - 1) + (bracket + inner + close if depth else "1") + close * (depth - 1)
    if depth <= MAX_DEPTH:
        assert nesting(decode_json(text)) == depth  # brackets in strings do not count
    else:
        with pytest.raises(CanonicalError, match="nested deeper than"):
            decode_json(text)


@pytest.mark.parametrize("depth", [700, 5_000, 200_000])
def test_absurd_nesting_is_one_clear_error(depth):
    bomb = "[" * depth + "]" * depth
    for reader in (decode_json, parse_json, lambda t: parse_canonical(t.encode())):
        with pytest.raises(CanonicalError, match="nested deeper than"):
            reader(bomb)


def test_size_limit():
    with pytest.raises(CanonicalError, match="more than the limit"):
        decode_json(b'"' + b"a" * 100 + b'"', max_bytes=50)


def test_writing_a_value_nested_past_the_limit_is_a_canonical_error():
    with pytest.raises(CanonicalError, match="nested deeper than"):
        canonical_bytes(nest(MAX_DEPTH + 10))
    with pytest.raises(CanonicalError, match="nested deeper than"):
        canonical_bytes({"a": nest(5_000)})


@pytest.mark.parametrize("depth", [MAX_BODY_DEPTH, 300, 5_000])
def test_a_record_body_past_its_depth_is_refused_as_a_record(depth):
    body = {"text": nest(depth - 1)}  # the body object itself is level 1
    fields = dict(session=SESSION, seq=1, prev=None, lamport=1, at=0, kind="note.add")
    if depth <= MAX_BODY_DEPTH:
        assert sign_record(identity(1), **fields, body=body).body == body
    else:
        with pytest.raises(RecordError, match="nests deeper than"):
            sign_record(identity(1), **fields, body=body)


def hostile_string(escapes: int) -> str:
    """Past the bracket count that starts the depth scan, then a string that never closes and
    holds ``escapes`` escaped quotes: the shape that made the old scan quadratic."""
    return "[" * (MAX_DEPTH + 88) + '"' + '\\"' * escapes


tricky_strings = st.text(alphabet='[]{}"\\/nu0aé\n\x01', max_size=8)
deep_values = st.recursive(
    st.none() | tricky_strings,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(tricky_strings, inner, max_size=3),
    max_leaves=40,
)


@given(deep_values, st.booleans())
@example(value=["\\", [[[]]]], ascii=False)  # an escaped backslash just before a string closes
@example(value=['"', [[[]]]], ascii=True)
def test_the_depth_check_counts_what_json_nests(value, ascii):
    """Against the definition: the nesting of what the standard reader reads. Strings full of
    brackets, quotes and backslashes (escaped by the writer) must not count."""
    text = json.dumps(value, ensure_ascii=ascii)
    padding = MAX_DEPTH + 1  # past the early exit, so the scan itself is what is checked
    padded = "[" * padding + text + "]" * padding
    depth = padding + nesting(value)
    assert _deeper_than(padded, depth - 1)
    assert not _deeper_than(padded, depth)


@pytest.mark.parametrize("escapes", [8_000, 32_000, 2_000_000])
def test_an_unclosed_string_of_escaped_quotes_is_refused_as_too_deep(escapes):
    text = hostile_string(escapes)
    for reader in (decode_json, parse_json, lambda t: parse_canonical(t.encode())):
        with pytest.raises(CanonicalError, match="nested deeper than"):
            reader(text)
    # Under the limit, the same string is refused as what it is: no JSON.
    with pytest.raises(CanonicalError, match="not JSON"):
        decode_json('{"a":' + '"' + '\\"' * escapes)


@pytest.mark.parametrize("text", ["9" * 5_000, '{"at":' + "9" * 5_000 + "}", "-" + "1" * 10**5])
def test_an_integer_past_pythons_digit_limit_is_one_canonical_error(text):
    for reader in (decode_json, parse_json, lambda t: parse_canonical(t.encode())):
        with pytest.raises(CanonicalError) as refused:
            reader(text)
        message = str(refused.value)
        assert message == "an integer has far too many digits"  # no Python internals
