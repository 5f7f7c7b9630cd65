"""What the journal is known to hold: a small file beside it, written after every durable append.

A journal alone cannot tell that its last lines were cut off, or that it was swapped for another
file: what is left is still a well-formed journal. So after each append has been ``fdatasync``ed
the journal writes its identity (a random id in its header), its line count and the checksum of
its last line here. The head is written *after* the journal is durable, so it is never ahead of
the journal: on open, a journal shorter than its head, or with another id, lost lines that were
confirmed, while damage after the head's count is an interrupted write that was never confirmed.

The head is not fsynced per append (that would double the cost of a durable write); after a power
loss it may lag behind, which only weakens the check, never raises a false alarm. During
compaction it names both the old journal and the new one (``next``), fsynced before the rename,
so a crash at any point leaves a head that matches whichever journal survived.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from beraad.core.canonical import CanonicalError, decode_json

#: The head is rewritten in place at a fixed size (one disk sector), never truncated.
SIZE = 255


@dataclass(frozen=True, slots=True)
class Mark:
    """One journal's identity and how much of it was confirmed."""

    id: str
    lines: int  # lines confirmed, the header included
    check: str  # the checksum of line ``lines``

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "lines": self.lines, "check": self.check}

    @classmethod
    def from_json(cls, data: Any) -> Mark | None:
        if not isinstance(data, dict):
            return None
        ident, lines, check = data.get("id"), data.get("lines"), data.get("check")
        if (
            not isinstance(ident, str)
            or not isinstance(lines, int)
            or isinstance(lines, bool)
            or lines < 1
            or not isinstance(check, str)
        ):
            return None
        return cls(ident, lines, check)


@dataclass(frozen=True, slots=True)
class Head:
    """The confirmed journal (``current``) and, during a compaction, its successor."""

    current: Mark
    next: Mark | None = None

    def mark_for(self, journal_id: str) -> Mark | None:
        for mark in (self.current, self.next):
            if mark is not None and mark.id == journal_id:
                return mark
        return None

    def encode(self) -> bytes:
        data: dict[str, Any] = {"head": 1, **self.current.to_json()}
        if self.next is not None:
            data["next"] = self.next.to_json()
        text = json.dumps(data, separators=(",", ":")).encode()
        return text.ljust(SIZE) + b"\n"


class Unreadable(Exception):
    """The head file exists but holds no head (damaged, or written by something else)."""


def read(path: Path) -> Head | None:
    """The head beside a journal; None when there is none; ``Unreadable`` when damaged."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        parsed = decode_json(data[: SIZE + 1])  # the one reader of outside JSON
    except CanonicalError as error:
        raise Unreadable(str(error)) from error
    current = Mark.from_json(parsed) if isinstance(parsed, dict) else None
    if current is None:
        raise Unreadable("no journal mark")
    following = parsed.get("next")
    return Head(current, Mark.from_json(following) if following is not None else None)


def open_for_writing(path: Path) -> int:
    return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)


def write(fd: int, head: Head, durable: bool) -> None:
    """Rewrite the head in place; ``durable`` fsyncs it (at creation and around compaction)."""
    data = head.encode()
    os.pwrite(fd, data, 0)
    if durable:
        os.fsync(fd)
