import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beraad.core.canonical import (
    MAX_SAFE_INT,
    CanonicalError,
    canonical_bytes,
    parse_canonical,
    parse_json,
)
from tests.core.strategies import json_values


@given(json_values)
def test_round_trip(value):
    data = canonical_bytes(value)
    assert parse_canonical(data) == value
    assert canonical_bytes(parse_canonical(data)) == data


@given(st.dictionaries(st.text(max_size=5), st.integers(0, 9), min_size=2, max_size=6))
def test_key_order_and_formatting_do_not_matter(mapping):
    reversed_copy = dict(reversed(list(mapping.items())))
    pretty = json.dumps(reversed_copy, indent=3)
    assert canonical_bytes(parse_json(pretty)) == canonical_bytes(mapping)


def test_known_form():
    assert (
        canonical_bytes({"b": 1, "a": ["é", None, True]}) == '{"a":["é",null,true],"b":1}'.encode()
    )


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_floats_are_refused_with_a_clear_error(number):
    with pytest.raises(CanonicalError, match="float"):
        canonical_bytes({"score": number})


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"a":1.5}', "floats are not allowed in records (1.5)"),
        ('{"a":1e3}', "floats are not allowed in records (1e3)"),
        ('{"a":NaN}', "NaN is not allowed in records"),
        ('{"a":Infinity}', "Infinity is not allowed in records"),
        ("[-Infinity]", "-Infinity is not allowed in records"),
    ],
)
def test_parsing_refuses_floats_each_with_its_own_reason(text, reason):
    """NaN once read "an integer has far too many digits": our refusal is a ValueError too."""
    with pytest.raises(CanonicalError) as refused:
        parse_json(text)
    assert str(refused.value) == reason


def test_integers_outside_safe_range_refused():
    canonical_bytes(MAX_SAFE_INT)
    with pytest.raises(CanonicalError, match="safe range"):
        canonical_bytes(MAX_SAFE_INT + 1)


def test_non_canonical_bytes_refused():
    with pytest.raises(CanonicalError, match="canonical"):
        parse_canonical(b'{"b":1, "a":2}')


@pytest.mark.parametrize("value", [{1: "x"}, {"a": {1, 2}}, {"a": b"bytes"}])
def test_unsupported_types_refused(value):
    with pytest.raises(CanonicalError):
        canonical_bytes(value)
