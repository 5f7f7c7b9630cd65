"""The sync conversation between two peers of one session, as data in and data out.

Wire messages are JSON objects with a type ``t``:

- ``hello``: ``{"t": "hello", "frontier": {author: seq}, "name": str, "open": bool}`` — sent
  first by both; ``open``: the sender's person has this session open now (absent: true, as
  before presence was per session); ``holds``: true when the sender sends ``holds`` receipts
  (a peer from before neither sends nor understands them: none are sent to it); ``clock``:
  the sender's clock (ms since 1970) as it sent the hello, which also says it takes ``clock``
  messages (below) — a peer from before sends none and is sent none; ``heads``:
  ``{author: id}``, the id of the sender's record at each frontier seq. Equal seqs say nothing
  of WHICH record a peer holds there: a member who signed two records at its last seq, one to
  each of two peers, was never found out by a link between them (attack s17 #5). The receiver
  holding a different record at that seq sends its own, and both then hold the fork's proof.
- ``holds``: ``{"t": "holds", "seq": n}`` — "I now hold your chain durably up to seq n", sent
  to the peer whose records were stored, soon after (debounced). It only informs the
  receiver's own line ("your vote is in"); it is never passed on.
- ``records``: ``{"t": "records", "records": [record, …]}`` — a batch, in fold order.
- ``want``: ``{"t": "want", "author": a, "from": s, "to": e}`` — please send that chain range.
- ``ping``: keeps an idle connection alive.
- ``clock``: ``{"t": "clock", "at": n}`` asks "my clock says n: what does yours say?";
  ``{"t": "clock", "at": n, "re": m}`` answers the ask (or hello) that said m: "mine said n
  when it came". The asker measures the round trip on its own clock (``beraad/clocks.py``),
  so it learns the other's clock up to half of it. It only informs what the screens say:
  nothing a record means rests on it.
- ``presence``: ``{"t": "presence", "here": [author, …], "open": bool}`` — whom the sender is
  linked to now who have the session open, so people linked only through someone else still
  see each other as present; ``open`` as in ``hello`` (a person in the lobby or in another
  session is linked, not here).

After the hellos each side sends what the other's frontier lacks, in batches, then pushes new
records live. A record that arrives ahead of its chain triggers a ``want`` for the gap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from beraad.core.admission import MAX_MEMBERS
from beraad.core.identity import is_public_key
from beraad.core.record import ID_PATTERN

T = TypeVar("T")

#: Records per batch: large enough to amortise framing, small enough to stay well under a frame.
BATCH_RECORDS = 256
#: Bytes of records per batch (records are ≤ 64 KiB each; a frame is ≤ 4 MiB).
BATCH_BYTES = 2 * 1024 * 1024


class SyncError(ValueError):
    """A peer sent a message that is not part of the sync conversation."""


@dataclass(frozen=True, slots=True)
class Hello:
    frontier: dict[str, int]
    name: str
    open: bool = True
    #: The sender sends ``holds`` receipts and takes them.
    holds: bool = False
    #: The sender's clock (ms) as it sent the hello; None from a peer that takes no ``clock``.
    clock: int | None = None
    #: Author → the id of the sender's record at its frontier seq (empty from a peer before).
    heads: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Holds:
    """A receipt: the sender holds the receiver's chain durably up to ``seq``."""

    seq: int


@dataclass(frozen=True, slots=True)
class Records:
    records: list[Any]


@dataclass(frozen=True, slots=True)
class Want:
    author: str
    first: int
    last: int


@dataclass(frozen=True, slots=True)
class Ping:
    pass


@dataclass(frozen=True, slots=True)
class Presence:
    here: frozenset[str]
    open: bool = True


@dataclass(frozen=True, slots=True)
class Clock:
    """The sender's clock, ``at`` ms; ``re``: the ask (or hello's clock) this answers."""

    at: int
    re: int | None = None


#: More names than any room holds is not presence but noise.
MAX_PRESENT = 1_000

#: A hello's frontier names the authors of a session: at most twice ``MAX_MEMBERS`` members at
#: once, with room for those who left. More is a made-up list that would cost the loop a look-up
#: per name on every link (attack s18 #3: 18,000 authors, 0.3-0.45 s a hello).
MAX_AUTHORS = 4 * MAX_MEMBERS

#: Clock values a peer may send: a time in ms that JSON and every peer hold exactly. Any time
#: in it is only shown (bounded), never used to take or order a record.
MAX_CLOCK = 2**53 - 1

Message = Hello | Records | Want | Ping | Presence | Holds | Clock


def hello(
    frontier: dict[str, int],
    name: str,
    open_: bool = True,
    clock: int | None = None,
    heads: dict[str, str] | None = None,
) -> dict[str, Any]:
    message = {"t": "hello", "frontier": dict(frontier), "name": name, "open": open_, "holds": True}
    if clock is not None:
        message["clock"] = clock
    if heads:
        message["heads"] = dict(heads)
    return message


def clock(at: int, re: int | None = None) -> dict[str, Any]:
    return {"t": "clock", "at": at} if re is None else {"t": "clock", "at": at, "re": re}


def holds(seq: int) -> dict[str, Any]:
    return {"t": "holds", "seq": seq}


def want(author: str, first: int, last: int) -> dict[str, Any]:
    return {"t": "want", "author": author, "from": first, "to": last}


def ping() -> dict[str, Any]:
    return {"t": "ping"}


def presence(here: set[str], open_: bool = True) -> dict[str, Any]:
    return {"t": "presence", "here": sorted(here), "open": open_}


def _open(message: dict[str, Any]) -> bool:
    """Whether the sender has the session open (a peer from before says nothing: open)."""
    value = message.get("open", True)
    if not isinstance(value, bool):
        raise SyncError("open must be true or false")
    return value


def _time(value: Any, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_CLOCK:
        raise SyncError(f"{name} must be a time in milliseconds")
    return value


def _heads(value: Any, frontier: dict[str, Any]) -> dict[str, str]:
    """A hello's ``heads``: an id per author of its frontier, nothing else."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise SyncError("heads must be an object")
    for author, id_ in value.items():
        if author not in frontier:
            raise SyncError("hello heads name an author its frontier does not")
        if not isinstance(id_, str) or not ID_PATTERN.match(id_):
            raise SyncError("hello heads hold record ids")
    return value


def _seq(value: Any, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise SyncError(f"{name} must be a positive integer")
    return value


def parse(message: Any) -> Message:
    """Check a received message's shape; records inside are checked later, one by one."""
    if not isinstance(message, dict):
        raise SyncError("a message must be an object")
    kind = message.get("t")
    if kind == "hello":
        frontier = message.get("frontier")
        name = message.get("name", "")
        if not isinstance(frontier, dict) or not isinstance(name, str):
            raise SyncError("hello needs a frontier object and a name")
        if len(frontier) > MAX_AUTHORS:
            raise SyncError("hello frontier names more authors than a session holds")
        for author, seq in frontier.items():
            if not is_public_key(author):
                raise SyncError("hello frontier has a key that is not an author")
            _seq(seq, "frontier seq")
        return Hello(
            frontier=frontier,
            name=name[:60],
            open=_open(message),
            holds=message.get("holds") is True,
            clock=None if message.get("clock") is None else _time(message["clock"], "clock"),
            heads=_heads(message.get("heads"), frontier),
        )
    if kind == "records":
        records = message.get("records")
        if not isinstance(records, list):
            raise SyncError("records needs a list")
        if len(records) > BATCH_RECORDS:
            # Honest peers never send more (see ``batches``); a million tiny records in one
            # message would otherwise hold the node's loop for a minute while each is refused.
            raise SyncError(f"a batch holds at most {BATCH_RECORDS} records")
        return Records(records=records)
    if kind == "want":
        author = message.get("author")
        if not is_public_key(author):
            raise SyncError("want needs an author")
        first, last = _seq(message.get("from"), "from"), _seq(message.get("to"), "to")
        if last < first:
            raise SyncError("want range is empty")
        return Want(author=author, first=first, last=last)
    if kind == "ping":
        return Ping()
    if kind == "holds":
        return Holds(seq=_seq(message.get("seq"), "holds seq"))
    if kind == "clock":
        re = message.get("re")
        return Clock(at=_time(message.get("at"), "at"), re=None if re is None else _time(re, "re"))
    if kind == "presence":
        here = message.get("here")
        if not isinstance(here, list) or len(here) > MAX_PRESENT:
            raise SyncError("presence needs a list of authors")
        if not all(is_public_key(author) for author in here):
            raise SyncError("presence lists something that is not an author")
        return Presence(here=frozenset(here), open=_open(message))
    raise SyncError(f"unknown message type {kind!r}")


def missing_ranges(ours: dict[str, int], theirs: dict[str, int]) -> dict[str, tuple[int, int]]:
    """Author → (first, last) seq that we hold and the other side lacks."""
    return {
        author: (theirs.get(author, 0) + 1, seq)
        for author, seq in ours.items()
        if seq > theirs.get(author, 0)
    }


def batches(records: list[T], sizes: list[int]) -> list[list[T]]:
    """Split records (with their encoded sizes) into batches within both limits."""
    result: list[list[T]] = []
    current: list[T] = []
    used = 0
    for record, size in zip(records, sizes, strict=True):
        if current and (len(current) >= BATCH_RECORDS or used + size > BATCH_BYTES):
            result.append(current)
            current, used = [], 0
        current.append(record)
        used += size
    if current:
        result.append(current)
    return result
