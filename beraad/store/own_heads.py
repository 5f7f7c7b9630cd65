"""The highest seq of our own chain in each session, kept outside the journal.

A journal line gone whole (deleted, the end cut off, an older copy restored) says nothing of
what it held. It may have been our newest record, signed and sent: signing that seq again
would fork our own chain, and every peer would set our records aside from there on. Without
another witness every session shared with others had to wait until each member said what it
holds of ours (attack s17 #7: one lost line of someone else's record stopped writing in all
of them), and a cut end went unnoticed once ``records.head`` was gone too (journal17 left).

So every record of ours raises its session's number here, durably, *before* its journal line
is written: this file is never behind the journal, only (after a write that failed) ahead.
On opening, a session whose number here is held in the journal lost nothing of ours, however
many lines went; one whose number is past what is held knows exactly which of its own
records are missing. Only sessions without a number here (a data dir from before this file,
or this file gone or damaged) stay unsure. One small JSON file, ``store/records.own``,
replaced whole (written beside, renamed): own records come at a person's pace.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from pathlib import Path

from beraad.core.canonical import CanonicalError, decode_json
from beraad.core.record import SESSION_PATTERN

log = logging.getLogger("beraad.store")

#: Beside the journal (``records.jsonl``) and its head (``records.head``).
OWN_FILE = "records.own"
#: Larger than any honest file (a seq per session): anything past it is not ours.
MOST_BYTES = 4 * 1024 * 1024


class OwnHeads:
    """Session → the highest seq of ours signed there (``None`` from ``signed``: unknown)."""

    def __init__(self, path: Path, seqs: dict[str, int], readable: bool) -> None:
        self.path = path
        self._seqs = seqs
        #: False when the file was there but could not be read: nothing in it is trusted.
        self.readable = readable

    @classmethod
    def open(cls, store_dir: Path) -> OwnHeads:
        """Read the file beside the journal; a damaged one counts as none (said in the log)."""
        path = store_dir / OWN_FILE
        try:
            with open(path, "rb") as handle:
                data = handle.read(MOST_BYTES + 1)
        except FileNotFoundError:
            return cls(path, {}, True)
        except OSError as error:
            log.warning("cannot read %s (%s): own chains unsure where damaged", path, error)
            return cls(path, {}, False)
        seqs = _parsed(data)
        if seqs is None:
            log.warning("%s is damaged: own chains unsure where damaged", path)
            return cls(path, {}, False)
        return cls(path, seqs, True)

    def signed(self, session: str) -> int | None:
        """The highest seq of ours signed in ``session``; None when this file cannot say."""
        return self._seqs.get(session)

    def sessions(self) -> set[str]:
        return set(self._seqs)

    def raise_to(self, session: str, seq: int) -> None:
        """Our record ``seq`` is held: never less from now on."""
        self.raise_many({session: seq})

    def raise_many(self, seqs: dict[str, int]) -> None:
        """``raise_to`` for many sessions, in one write (a start with many sessions)."""
        higher = {s: q for s, q in seqs.items() if q > self._seqs.get(s, -1)}
        if higher:
            self._write({**self._seqs, **higher})

    def set(self, session: str, seq: int) -> None:
        """Our records past ``seq`` are not signed anywhere (a write that failed, or records
        lost before anyone got them and released: ``own_chain.nobody_holds``)."""
        if self._seqs.get(session) != seq:
            self._write({**self._seqs, session: seq})

    def _write(self, seqs: dict[str, int]) -> None:
        """Replace the file whole (a rename: never half written); the numbers change only
        once it is. Not fsynced (10 ms a record of ours on this machine's disk): what it
        guards against is lines lost by hand or by a restored copy, not a power cut. After
        one it may lag or read as damaged, and the next start brings it up to the journal,
        which is durable, before any link (``Node._own_heads_seeded``)."""
        data = json.dumps({"own": 1, "seqs": dict(sorted(seqs.items()))}).encode()
        spare = self.path.with_name(self.path.name + ".new")
        fd = os.open(spare, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(spare, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                spare.unlink()
            raise
        self._seqs = seqs
        self.readable = True


def _parsed(data: bytes) -> dict[str, int] | None:
    """The numbers in the file, or None when it is not this file whole."""
    try:
        parsed = decode_json(data, max_bytes=MOST_BYTES)
    except CanonicalError:
        return None
    if not isinstance(parsed, dict) or parsed.get("own") != 1:
        return None
    seqs = parsed.get("seqs")
    if not isinstance(seqs, dict):
        return None
    found: dict[str, int] = {}
    for session, seq in seqs.items():
        if not isinstance(session, str) or not SESSION_PATTERN.fullmatch(session):
            return None
        if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
            return None
        found[session] = seq
    return found
