"""Canonical JSON bytes: the only form that is ever hashed or signed.

Signatures must not depend on how a JSON library formats numbers or orders keys (the lesson of
Secure Scuttlebutt), so records are reduced to a strict subset of JSON: objects with string keys,
arrays, strings, integers within the IEEE-754 safe range, booleans and null. Floats are refused
outright so that no two peers can ever disagree about a score by a rounding step.
"""

from __future__ import annotations

import json
import sys
from array import array
from itertools import accumulate
from typing import Any

#: Integers beyond this cannot be represented exactly by every JSON reader.
MAX_SAFE_INT = 2**53 - 1
#: The deepest nesting of arrays and objects any input may have (a wire message, a bundle line,
#: a journal line). Far below Python's recursion limit, so the JSON reader and writer never hit
#: it; far above any record (see ``record.MAX_RECORD_DEPTH``), so a too-deep record inside a
#: message is refused as a record while the message itself is still read.
MAX_DEPTH = 512
#: The depth check keeps only quotes and brackets ('[' and '{' become +1, ']' and '}' -1).
_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")
_NOT_STRUCTURE = bytes(set(range(256)) - set(b'"[]{}'))


class CanonicalError(ValueError):
    """A value cannot be encoded canonically (or bytes are not canonical)."""


def _find(value: Any, path: str) -> None:
    """Walk ``value`` and raise CanonicalError naming the first bad place (the slow, exact path).

    Iterative, like every walk here: input decides how deep a value is, so no walk may recurse.
    """
    stack: list[tuple[Any, str, int]] = [(value, path, 1)]
    while stack:
        value, path, depth = stack.pop()
        if value is None or isinstance(value, (bool, str)):
            continue
        if isinstance(value, int):
            if not -MAX_SAFE_INT <= value <= MAX_SAFE_INT:
                raise CanonicalError(f"{path}: integer {value} is outside the safe range ±2^53-1")
            continue
        if isinstance(value, float):
            raise CanonicalError(
                f"{path}: floats are not allowed in records ({value!r}); use integers or fractions"
            )
        if isinstance(value, (dict, list, tuple)) and depth > MAX_DEPTH:
            raise CanonicalError(f"{path}: nested deeper than {MAX_DEPTH} levels")
        if isinstance(value, dict):
            for key, item in reversed(value.items()):
                if not isinstance(key, str):
                    raise CanonicalError(f"{path}: object key {key!r} is not a string")
                stack.append((item, f"{path}.{key}", depth + 1))
            continue
        if isinstance(value, (list, tuple)):
            for index in range(len(value) - 1, -1, -1):
                stack.append((value[index], f"{path}[{index}]", depth + 1))
            continue
        raise CanonicalError(f"{path}: {type(value).__name__} cannot be stored in a record")


def _ok(value: Any) -> bool:
    """Fast check with no paths; runs on every record sent and received."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        value, depth = stack.pop()
        kind = type(value)
        if kind is dict:
            if depth > MAX_DEPTH:
                return False
            for key, item in value.items():
                if type(key) is not str:
                    return False
                stack.append((item, depth + 1))
        elif kind is list or kind is tuple:
            if depth > MAX_DEPTH:
                return False
            stack.extend((item, depth + 1) for item in value)
        elif kind is int:
            if not -MAX_SAFE_INT <= value <= MAX_SAFE_INT:
                return False
        elif not (kind is str or value is None or kind is bool):
            return False
    return True


def nesting(value: Any) -> int:
    """How deeply arrays and objects nest in ``value`` (a scalar is 0); no recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, (list, tuple)):
            deepest = max(deepest, depth + 1)
            stack.extend((item, depth + 1) for item in value)
    return deepest


def footprint(value: Any) -> int:
    """Bytes the Python objects of a decoded JSON ``value`` take in memory (no recursion).

    Not its encoded size: ``[]`` is 2 bytes of JSON and 56 of memory, so a budget that counts
    encoded bytes can be made to hold twenty times what it says. Shared objects count each time.
    """
    total = 0
    stack = [value]
    while stack:
        value = stack.pop()
        total += sys.getsizeof(value)
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, (list, tuple)):
            stack.extend(value)
    return total


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


def _deeper_than(text: str, limit: int) -> bool:
    """True when arrays/objects in JSON ``text`` nest deeper than ``limit`` (no recursion).

    Linear time whatever the text, and no regular expression (one made this quadratic on an
    unclosed string of escaped quotes): a few single passes in C. Escaped backslashes, then
    escaped quotes are cut out, so every quote left opens or closes a string; everything but
    quotes and brackets is cut out; splitting on the quotes leaves what lies outside strings at
    the even places (a string that never closes runs to the end); the running depth of those
    brackets is summed. Text that is no JSON may be miscounted; it is refused either way.
    """
    if text.count("[") + text.count("{") <= limit:
        return False  # the common case, decided without a scan
    data = text.encode("utf-8", "surrogatepass")
    skeleton = data.replace(b"\\\\", b"").replace(b'\\"', b"").translate(_STEPS, _NOT_STRUCTURE)
    outside = b"".join(skeleton.split(b'"')[::2])
    return max(accumulate(array("b", outside)), default=0) > limit


def decode_json(
    data: str | bytes, *, max_bytes: int | None = None, max_depth: int = MAX_DEPTH
) -> Any:
    """The one reader of JSON from outside (wire, bundles, journal): bounded size and depth.

    Refuses floats and NaN/Infinity; every refusal is a CanonicalError with one line of reason,
    never a RecursionError, whatever the input.
    """
    if max_bytes is not None and len(data) > max_bytes:
        raise CanonicalError(f"{len(data)} bytes is more than the limit of {max_bytes}")
    try:
        text = data.decode("utf-8") if isinstance(data, bytes) else data
    except UnicodeDecodeError as error:
        raise CanonicalError(f"not UTF-8: {error}") from error
    if _deeper_than(text, max_depth):
        raise CanonicalError(f"nested deeper than {max_depth} levels")
    try:
        return json.loads(text, parse_float=_no_float, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise CanonicalError(f"not JSON: {error}") from error
    except CanonicalError:
        raise  # a float or NaN/Infinity, refused with its own reason (it is a ValueError too)
    except ValueError as error:
        # The one other ValueError json raises: an integer past Python's digit limit
        # (sys.get_int_max_str_digits). Its message names Python internals; ours names the input.
        raise CanonicalError("an integer has far too many digits") from error
    except RecursionError as error:  # unreachable after the depth check; kept as a last guard
        raise CanonicalError(f"nested deeper than {max_depth} levels") from error


def parse_canonical(data: bytes, *, max_bytes: int | None = None) -> Any:
    """Parse bytes that must already be canonical; anything else raises CanonicalError."""
    value = decode_json(data, max_bytes=max_bytes)
    if canonical_bytes(value) != data:
        raise CanonicalError("JSON is not in canonical form")
    return value


def parse_json(text: str | bytes, *, max_bytes: int | None = None) -> Any:
    """Parse ordinary JSON (any formatting) but still refuse floats and NaN/Infinity."""
    value = decode_json(text, max_bytes=max_bytes)
    _check(value, "$")
    return value
