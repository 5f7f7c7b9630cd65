"""Canonical JSON bytes: the only form that is ever hashed or signed.

Signatures must not depend on how a JSON library formats numbers or orders keys (the lesson of
Secure Scuttlebutt), so records are reduced to a strict subset of JSON: objects with string keys,
arrays, strings, integers within the IEEE-754 safe range, booleans and null. Floats are refused
outright so that no two peers can ever disagree about a score by a rounding step.
"""

from __future__ import annotations

import json
from typing import Any

#: Integers beyond this cannot be represented exactly by every JSON reader.
MAX_SAFE_INT = 2**53 - 1


class CanonicalError(ValueError):
    """A value cannot be encoded canonically (or bytes are not canonical)."""


def _find(value: Any, path: str) -> None:
    """Walk ``value`` and raise CanonicalError naming the first bad place (the slow, exact path)."""
    if value is None or isinstance(value, (bool, str)):
        return
    if isinstance(value, int):
        if not -MAX_SAFE_INT <= value <= MAX_SAFE_INT:
            raise CanonicalError(f"{path}: integer {value} is outside the safe range ±2^53-1")
        return
    if isinstance(value, float):
        raise CanonicalError(
            f"{path}: floats are not allowed in records ({value!r}); use integers or fractions"
        )
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise CanonicalError(f"{path}: object key {key!r} is not a string")
            _find(item, f"{path}.{key}")
        return
    if isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            _find(item, f"{path}[{index}]")
        return
    raise CanonicalError(f"{path}: {type(value).__name__} cannot be stored in a record")


def _ok(value: Any) -> bool:
    """Fast check with no bookkeeping; runs on every record sent and received."""
    kind = type(value)
    if kind is str or value is None or kind is bool:
        return True
    if kind is int:
        return -MAX_SAFE_INT <= value <= MAX_SAFE_INT
    if kind is dict:
        return all(type(k) is str and _ok(v) for k, v in value.items())
    if kind is list or kind is tuple:
        return all(_ok(v) for v in value)
    return False


def _check(value: Any, path: str) -> None:
    if not _ok(value):
        _find(value, path)
        # A subclass of an allowed type (e.g. an IntEnum) passes _find but not _ok.
        raise CanonicalError(f"{path}: {type(value).__name__} cannot be stored in a record")


def canonical_bytes(value: Any) -> bytes:
    """Encode ``value`` as canonical JSON: sorted keys, no whitespace, UTF-8, no floats."""
    _check(value, "$")
    try:
        text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return text.encode("utf-8")
    except (UnicodeEncodeError, ValueError) as error:
        raise CanonicalError(f"$: {error}") from error


def _no_float(text: str) -> Any:
    raise CanonicalError(f"floats are not allowed in records ({text})")


def _no_constant(text: str) -> Any:
    raise CanonicalError(f"{text} is not allowed in records")


def parse_canonical(data: bytes) -> Any:
    """Parse bytes that must already be canonical; anything else raises CanonicalError."""
    try:
        value = json.loads(data.decode("utf-8"), parse_float=_no_float, parse_constant=_no_constant)
    except UnicodeDecodeError as error:
        raise CanonicalError(f"not UTF-8: {error}") from error
    except json.JSONDecodeError as error:
        raise CanonicalError(f"not JSON: {error}") from error
    if canonical_bytes(value) != data:
        raise CanonicalError("JSON is not in canonical form")
    return value


def parse_json(text: str | bytes) -> Any:
    """Parse ordinary JSON (any formatting) but still refuse floats and NaN/Infinity."""
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        value = json.loads(text, parse_float=_no_float, parse_constant=_no_constant)
    except UnicodeDecodeError as error:
        raise CanonicalError(f"not UTF-8: {error}") from error
    except json.JSONDecodeError as error:
        raise CanonicalError(f"not JSON: {error}") from error
    _check(value, "$")
    return value
