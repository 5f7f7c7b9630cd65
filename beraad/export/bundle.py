"""The bundle format: a whole session as one file that proves itself (DESIGN §6, Bundles).

A bundle is JSON lines. Line 1 is the header; every further line is one record's canonical
bytes (``Record.to_bytes``), in fold order (lamport, author, seq)::

    {"exported_at":…,"exporter":…,"format":"beraad-bundle","records":N,
     "records_digest":…,"session":…,"sig":…,"state_hash":…,"version":1}
    {"at":…,"author":…,"body":{…},"kind":"session.open",…,"sig":…}
    …

The header's claims — how many records, the digest over their ids in file order, and the state
hash the exporter computed — are signed by the exporter's key, so a changed header shows. But a
reader trusts none of it: ``verify`` recomputes each claim from the records and reports where
the file and the records disagree. No group key is ever written: a bundle is for reading and
checking, not for joining. Pure: bytes in, bytes or parsed data out.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from beraad.core.canonical import CanonicalError, canonical_bytes, parse_json
from beraad.core.identity import Identity, is_public_key, verify_signature
from beraad.core.record import MAX_RECORD_BYTES, SESSION_PATTERN, Record

FORMAT = "beraad-bundle"
VERSION = 1
#: Signed header bytes start with this, so a header signature can never pass for a record's.
HEADER_CONTEXT = b"beraad bundle header v1\n"
#: A line longer than this cannot hold a record (records are at most MAX_RECORD_BYTES).
MAX_LINE_BYTES = MAX_RECORD_BYTES * 2
HEADER_FIELDS = frozenset(
    {
        "format",
        "version",
        "session",
        "records",
        "records_digest",
        "state_hash",
        "exporter",
        "exported_at",
        "sig",
    }
)
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_HEX128 = re.compile(r"^[0-9a-f]{128}$")


class BundleError(ValueError):
    """The file is not a bundle we can read (its header is missing or malformed)."""


@dataclass(frozen=True, slots=True)
class Header:
    session: str
    records: int
    records_digest: str
    state_hash: str
    exporter: str
    exported_at: int
    sig: str

    def unsigned_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "session": self.session,
            "records": self.records,
            "records_digest": self.records_digest,
            "state_hash": self.state_hash,
            "exporter": self.exporter,
            "exported_at": self.exported_at,
        }

    def signed_bytes(self) -> bytes:
        return HEADER_CONTEXT + canonical_bytes(self.unsigned_dict())

    def signature_holds(self) -> bool:
        return verify_signature(self.exporter, self.signed_bytes(), bytes.fromhex(self.sig))

    def to_bytes(self) -> bytes:
        return canonical_bytes({**self.unsigned_dict(), "sig": self.sig})


def records_digest(ids: Iterable[str]) -> str:
    """SHA-256 over the record ids in file order: any removal, addition or swap changes it."""
    digest = hashlib.sha256()
    for record_id in ids:
        digest.update(bytes.fromhex(record_id))
    return digest.hexdigest()


def make_header(
    exporter: Identity, session: str, records: Sequence[Record], state_hash: str, at: int
) -> Header:
    draft = Header(
        session=session,
        records=len(records),
        records_digest=records_digest(r.id for r in records),
        state_hash=state_hash,
        exporter=exporter.public_key,
        exported_at=at,
        sig="",
    )
    signature = exporter.sign(draft.signed_bytes()).hex()
    return Header(**{**_fields(draft), "sig": signature})


def _fields(header: Header) -> dict[str, Any]:
    return {name: getattr(header, name) for name in Header.__slots__}


def encode_bundle(
    exporter: Identity, session: str, records: Sequence[Record], state_hash: str, at: int
) -> Iterator[bytes]:
    """The bundle's lines (each ending in a newline); ``records`` must be in fold order."""
    yield make_header(exporter, session, records, state_hash, at).to_bytes() + b"\n"
    for record in records:
        yield record.to_bytes() + b"\n"


def parse_header(line: bytes) -> Header:
    """Read line 1; BundleError (English, for the log; callers translate) when it is no header."""
    if len(line) > MAX_LINE_BYTES:
        raise BundleError("the first line is far too long for a bundle header")
    try:
        data = parse_json(line)
    except CanonicalError as error:
        raise BundleError(f"the first line is not a bundle header: {error}") from error
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BundleError("the first line is not a beraad bundle header")
    if data.get("version") != VERSION:
        raise BundleError(f"bundle version {data.get('version')!r} is not supported")
    if set(data) != HEADER_FIELDS:
        raise BundleError("the bundle header has missing or unknown fields")
    checks = (
        isinstance(data["session"], str) and SESSION_PATTERN.match(data["session"]) is not None,
        _count(data["records"]) and _count(data["exported_at"]),
        all(isinstance(data[k], str) and _HEX64.match(data[k]) for k in _HEX64_FIELDS),
        is_public_key(data["exporter"]),
        isinstance(data["sig"], str) and _HEX128.match(data["sig"]) is not None,
    )
    if not all(checks):
        raise BundleError("the bundle header has a malformed field")
    return Header(**{name: data[name] for name in Header.__slots__})


_HEX64_FIELDS = ("records_digest", "state_hash")


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


@dataclass(frozen=True, slots=True)
class Line:
    """One record line as read: its number in the file (1 is the header), bytes, and data."""

    number: int
    data: Any = None
    error: str = ""
    last: bool = False
    ends_cleanly: bool = True


def read_lines(lines: Iterable[bytes]) -> tuple[bytes | None, Iterator[Line]]:
    """Split a bundle's lines into the header line and parsed record lines (JSON only)."""
    iterator = iter(lines)
    first = next(iterator, None)
    return first, _record_lines(iterator)


def _record_lines(iterator: Iterator[bytes]) -> Iterator[Line]:
    number = 1
    current = next(iterator, None)
    while current is not None:
        number += 1
        following = next(iterator, None)
        ends = current.endswith(b"\n")
        stripped = current.strip()
        if not stripped:
            current = following
            continue
        last = following is None
        if len(stripped) > MAX_LINE_BYTES:
            # bundle_lines stops reading at such a line: say so, the rest is not checked.
            error = "line is too long to be a record; nothing after it was read"
            yield Line(number, error=error, last=last, ends_cleanly=ends)
        else:
            try:
                yield Line(number, data=parse_json(stripped), last=last, ends_cleanly=ends)
            except CanonicalError as error:
                yield Line(number, error=str(error), last=last, ends_cleanly=ends)
        current = following
