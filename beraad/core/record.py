"""The signed record envelope (DESIGN §3) and the checks every record passes on arrival.

A record is a record, whoever wrote it: the same ``Record.from_dict`` + ``verify`` path admits
our own records and a peer's. The record id is the SHA-256 of the canonical bytes without
``sig``; the signature is Ed25519 over those same bytes.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from beraad.core.canonical import CanonicalError, canonical_bytes, nesting
from beraad.core.identity import (
    SIGNATURE_HEX_LEN,
    Identity,
    is_public_key,
    verify_signature,
)
from beraad.core.messages import N_, Explained, quoted

VERSION = 1
#: Hard limit on one record's canonical size; a bigger one is refused before anything else.
MAX_RECORD_BYTES = 64 * 1024
#: How deeply a record's body may nest (the body object itself is level 1). Real bodies nest a
#: few levels; anything deeper is refused as a record, before it is encoded or folded.
MAX_BODY_DEPTH = 32
#: The window ``at`` (milliseconds since 1970, UTC) must fall in: [1970, 2200). Every peer checks
#: it alike without a clock, and every date in it can be written in minutes (see protocol.md).
MAX_AT = 7_258_118_400_000
KIND_PATTERN = re.compile(r"^[a-z][a-z_]*(\.[a-z][a-z_]*)*\Z")
SESSION_PATTERN = re.compile(r"^[0-9a-f]{32}\Z")
ID_PATTERN = re.compile(r"^[0-9a-f]{64}\Z")
ENVELOPE_FIELDS = frozenset(
    {"v", "session", "author", "seq", "prev", "lamport", "at", "kind", "body", "sig"}
)
#: Fields a record may leave out (absent: as before they existed, so old records keep their id).
OPTIONAL_FIELDS = frozenset({"seen"})
#: At most this many heads in one record's ``seen``: an app lists the rest in its next records.
MAX_SEEN = 64

#: One head another author's chain had when the record was written: (author, seq, record id).
Head = tuple[str, int, str]


class RecordError(ValueError):
    """A record is malformed, too large or carries a bad signature."""


class EnvelopeError(Explained, RecordError):
    """A record's envelope is malformed, too large or badly signed: the English text for the
    logs, its template for a notice, ``verify`` or an import in the reader's language."""


def _int(value: Any, name: str, minimum: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise EnvelopeError(
            N_("{name} must be an integer ≥ {minimum}, not {value}"),
            name=name,
            minimum=minimum,
            value=quoted(value),
        )
    return value


@dataclass(frozen=True, slots=True)
class Record:
    """One immutable, signed contribution to a session."""

    session: str
    author: str
    seq: int
    prev: str | None
    lamport: int
    at: int
    kind: str
    body: dict[str, Any]
    sig: str
    v: int = VERSION
    #: The heads of OTHER authors' chains its author had seen that changed since their previous
    #: record (``core/seen.py``), sorted by author: what it was written on (``core/forks.py``).
    seen: tuple[Head, ...] = ()
    id: str = field(init=False, repr=False, compare=False)
    size: int = field(init=False, repr=False, compare=False)
    _unsigned: bytes = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Encoded once: the id, the signature check and the size all use the same bytes.
        unsigned = canonical_bytes(self.unsigned_dict())
        object.__setattr__(self, "_unsigned", unsigned)
        object.__setattr__(self, "id", hashlib.sha256(unsigned).hexdigest())
        object.__setattr__(self, "size", len(unsigned) + len(self.sig) + 9)

    def unsigned_dict(self) -> dict[str, Any]:
        unsigned = {
            "v": self.v,
            "session": self.session,
            "author": self.author,
            "seq": self.seq,
            "prev": self.prev,
            "lamport": self.lamport,
            "at": self.at,
            "kind": self.kind,
            "body": self.body,
        }
        if self.seen:  # only then: a record without heads has the id it always had
            unsigned["seen"] = [list(head) for head in self.seen]
        return unsigned

    def unsigned_bytes(self) -> bytes:
        """The canonical bytes that are hashed for the id and covered by the signature."""
        return self._unsigned

    def to_dict(self) -> dict[str, Any]:
        data = self.unsigned_dict()
        data["sig"] = self.sig
        return data

    def to_bytes(self) -> bytes:
        return canonical_bytes(self.to_dict())

    def signed_bytes(self) -> bytes:
        """``to_bytes()`` without encoding the record again: the kept unsigned bytes with the
        signature put in where its key sorts ("session" < "sig" < "v", and "v", a number, is
        the last key). A link-up sends every record the peer lacks: encoding each anew froze
        the app's loop for seconds at 20,000 records (attack13 #3). A signature that is not
        plain hex (never one that verified) is encoded the slow way, escapes and all."""
        sig = self.sig
        if not (sig.isascii() and sig.isalnum()):
            return self.to_bytes()
        unsigned = self._unsigned
        at = unsigned.rindex(b',"v":')
        return b"".join((unsigned[:at], b',"sig":"', sig.encode(), b'"', unsigned[at:]))

    @property
    def order_key(self) -> tuple[int, str, int]:
        """The total order every peer folds in: (lamport, author, seq)."""
        return (self.lamport, self.author, self.seq)

    @classmethod
    def from_dict(cls, data: Any) -> Record:
        """Build a record from untrusted data, checking the envelope's shape (not the signature)."""
        if not isinstance(data, dict):
            raise EnvelopeError(N_("a record must be a JSON object"))
        missing = ENVELOPE_FIELDS - data.keys()
        if missing:
            raise EnvelopeError(N_("record lacks {fields}"), fields=", ".join(sorted(missing)))
        extra = data.keys() - ENVELOPE_FIELDS - OPTIONAL_FIELDS
        if extra:
            raise EnvelopeError(
                N_("record has unknown fields {fields}"), fields=", ".join(sorted(extra))
            )
        if data["v"] != VERSION:
            raise EnvelopeError(
                N_("unsupported record version {version}"), version=quoted(data["v"])
            )
        session = data["session"]
        if not isinstance(session, str) or not SESSION_PATTERN.match(session):
            raise EnvelopeError(N_("session must be 32 lowercase hex characters"))
        if not is_public_key(data["author"]):
            raise EnvelopeError(N_("author must be a 64-character hex Ed25519 public key"))
        seq = _int(data["seq"], "seq", 1)
        prev = data["prev"]
        if seq == 1 and prev is not None:
            raise EnvelopeError(N_("the first record of an author (seq 1) has no prev"))
        if seq > 1 and (not isinstance(prev, str) or not ID_PATTERN.match(prev)):
            raise EnvelopeError(N_("prev must be the 64-character hex id of the previous record"))
        lamport = _int(data["lamport"], "lamport", 1)
        at = _int(data["at"], "at", 0)
        if at >= MAX_AT:
            raise EnvelopeError(
                N_("at {at} is past the year 2200; the window is [0, {limit})"), at=at, limit=MAX_AT
            )
        kind = data["kind"]
        if not isinstance(kind, str) or len(kind) > 64 or not KIND_PATTERN.match(kind):
            raise EnvelopeError(N_("kind {given} is not a valid record kind"), given=quoted(kind))
        body = data["body"]
        if not isinstance(body, dict):
            raise EnvelopeError(N_("body must be a JSON object"))
        if nesting(body) > MAX_BODY_DEPTH:
            raise EnvelopeError(N_("body nests deeper than {n} levels"), n=MAX_BODY_DEPTH)
        sig = data["sig"]
        if not isinstance(sig, str) or len(sig) != SIGNATURE_HEX_LEN:
            raise EnvelopeError(N_("sig must be a 128-character hex Ed25519 signature"))
        seen = _heads(data["seen"], data["author"]) if "seen" in data else ()
        try:
            record = cls(
                session=session,
                author=data["author"],
                seq=seq,
                prev=prev,
                lamport=lamport,
                at=at,
                kind=kind,
                body=body,
                sig=sig,
                seen=seen,
            )
        except CanonicalError as error:
            raise EnvelopeError(
                N_("record is not canonical JSON: {error}"), error=str(error)
            ) from error
        if record.size > MAX_RECORD_BYTES:
            raise EnvelopeError(
                N_("record is {size} bytes; the limit is {limit}"),
                size=record.size,
                limit=MAX_RECORD_BYTES,
            )
        return record

    def verify(self) -> None:
        """Raise RecordError unless the signature is the author's over the canonical bytes."""
        try:
            signature = bytes.fromhex(self.sig)
        except ValueError as error:
            raise EnvelopeError(N_("sig is not hex")) from error
        if not verify_signature(self.author, self.unsigned_bytes(), signature):
            raise EnvelopeError(
                N_("bad signature on record {record} by {author}"),
                record=self.id[:12],
                author=self.author[:12],
            )


class HeadsError(Explained, RecordError):
    """A record's ``seen`` is malformed: said in the reader's language where it is shown."""


def _heads(value: Any, author: str) -> tuple[Head, ...]:
    """Check a record's ``seen``: 1 to ``MAX_SEEN`` heads [author key, seq ≥ 1, record id],
    each of another author than the record's, sorted by author without repeats (one form per
    record, so no two encodings share a meaning)."""
    if not isinstance(value, list) or not value:
        raise HeadsError(N_("its list of records seen must hold at least one (or be left out)"))
    if len(value) > MAX_SEEN:
        raise HeadsError(
            N_("it lists {count} records as seen; the limit is {limit}"),
            count=len(value),
            limit=MAX_SEEN,
        )
    heads: list[Head] = []
    for entry in value:
        if not isinstance(entry, list) or len(entry) != 3:
            raise HeadsError(N_("each record it lists as seen is [author, seq, record id]"))
        key, seq, record_id = entry
        if not is_public_key(key) or key == author:
            raise HeadsError(N_("a record it lists as seen must be another member's"))
        if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
            raise HeadsError(N_("a record it lists as seen has a seq below 1"))
        if not isinstance(record_id, str) or not ID_PATTERN.match(record_id):
            raise HeadsError(N_("a record it lists as seen has no valid record id"))
        heads.append((key, seq, record_id))
    if any(a[0] >= b[0] for a, b in itertools.pairwise(heads)):
        raise HeadsError(N_("the records it lists as seen are sorted by author, one per author"))
    return tuple(heads)


def sign_record(
    identity: Identity,
    *,
    session: str,
    seq: int,
    prev: str | None,
    lamport: int,
    at: int,
    kind: str,
    body: dict[str, Any],
    seen: tuple[Head, ...] = (),
) -> Record:
    """Build, sign and check a new record; raises RecordError for anything a peer would refuse."""
    draft: dict[str, Any] = {
        "v": VERSION,
        "session": session,
        "author": identity.public_key,
        "seq": seq,
        "prev": prev,
        "lamport": lamport,
        "at": at,
        "kind": kind,
        "body": body,
        "sig": "0" * SIGNATURE_HEX_LEN,
    }
    if seen:
        draft["seen"] = [list(head) for head in seen]
    unsigned = Record.from_dict(draft)
    signed = Record.from_dict({**draft, "sig": identity.sign(unsigned.unsigned_bytes()).hex()})
    return signed


def check_record(data: Any) -> Record:
    """The full arrival check for an untrusted record: shape, size, canonical form, signature."""
    record = Record.from_dict(data)
    record.verify()
    return record
