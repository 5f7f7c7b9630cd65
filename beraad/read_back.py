"""What is read back from one's own data dir is checked as the one path checks a peer's records.

The journal's line checks catch damage, not a line someone wrote into the data folder: a record
"by Anja" with no valid signature, or a fork "proof" that sets Anja aside on this device for good
(attack s16 #2). Fork proofs are few and change who counts: they are checked as the session is
read. The records are many (Ed25519 ~0.15 ms each: 5,000 ≈ 0.75 s), so a node that serves
checks them after opening, in slices in the signature worker, before any link's records are
taken; a bad one is set aside, the session folded again, and said. A read-only look (``beraad
state``, ``export``) checks them before it answers.

A record of one's own may also carry a clock (lamport) far past what the records before it
justify (attack s15 #2): every peer holds it, and everything signed after it, as "lamport
ahead". Nothing more is signed on that clock, and it is said (``clock_within_reach``).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from beraad.core.record import Record, RecordError
from beraad.core.replica import MAX_LAMPORT_STEP
from beraad.events import UnsignedSetAside
from beraad.held import NodeError
from beraad.i18n import _, ngettext
from beraad.readable import readable

if TYPE_CHECKING:
    from beraad.held import HeldSession

log = logging.getLogger("beraad.node")

#: Records checked per turn of the signature worker (~30 ms idle); between two, the loop
#: rests as long as the slice took, at most ``CHECK_REST_MAX`` seconds.
CHECK_SLICE = 200
CHECK_REST_MAX = 0.1
#: Seconds at most the check waits for a session screen that opens (``hold_checks``).
HOLD_MAX = 3.0


def unsigned(records: Iterable[Record]) -> set[str]:
    """The ids of the records whose signature is not their author's (runs in a worker)."""
    bad = set()
    for record in records:
        try:
            record.verify()
        except RecordError:
            bad.add(record.id)
    return bad


def unsigned_words(title: str, count: int) -> str:
    """What the person reads: in their language, the session by its title."""
    return ngettext(
        "{count} record in your data folder for “{title}” is not signed by its author; "
        "it was set aside.",
        "{count} records in your data folder for “{title}” are not signed by their authors; "
        "they were set aside.",
        count,
    ).format(count=count, title=readable(title))


def own_clock_ahead(records: Iterable[Record], me: str) -> Record | None:
    """Our first record (fold order) whose lamport is past what the records before it justify
    by more than a peer takes (``MAX_LAMPORT_STEP``); records of others that far ahead do not
    raise what is justified (a peer would hold them)."""
    justified = 0
    for record in records:
        if record.lamport > justified + MAX_LAMPORT_STEP:
            if record.author == me:
                return record
            continue
        justified = max(justified, record.lamport)
    return None


def clock_ahead_words(record: Record) -> str:
    return _(
        "Your own record {seq} in this data folder carries a clock ({lamport}) far past the "
        "group's: the others hold it back, and everything you would sign after it. Nothing more "
        "is signed from this device in this session; restore the data folder from a backup "
        "taken before that record."
    ).format(seq=record.seq, lamport=record.lamport)


def clock_within_reach(session: HeldSession) -> None:
    """Refuse, in words, to sign on a clock our own read-back record pushed out of reach."""
    if session.own_ahead is not None:
        raise NodeError(clock_ahead_words(session.own_ahead))


class NodeReadBack:
    """The node's check of what it read back from its own data dir."""

    store: Any
    identity: Any
    _sessions: dict[str, HeldSession]
    _verifier: Any
    read_back_notes: list[str]
    _read_back_done: asyncio.Event | None
    _checks_held_until = 0.0

    def hold_checks(self, seconds: float = HOLD_MAX) -> None:
        """A session screen opens: the check's next slice waits until it is drawn
        (``release_checks``), ``seconds`` at most. A slice holds the interpreter (encoding,
        Ed25519), and at 5,000 records the check runs for seconds after the start: a session
        opened from the lobby then shared its opening with it, ~100 ms of CPU (issue 15)."""
        self._checks_held_until = time.monotonic() + seconds

    def release_checks(self) -> None:
        """The screen that held the check is drawn (or gone): the check goes on."""
        self._checks_held_until = 0.0

    def _signed_evidence(self, session_id: str) -> int:
        """Fork proofs (and a forker's kept records) that are not signed are set aside at
        once: a forged one sets its 'forker' aside for good. How many were."""
        groups = self.store.evidence(session_id)
        bad = unsigned(r for group in groups for r in group)
        if bad:
            self._copied_aside(self.store.set_aside_unsigned(session_id, bad))
        return len(bad)

    def _copied_aside(self, copy: Path | None) -> None:
        """Said once: the lines are copied aside and gone from the journal, so the next start
        finds nothing to say (readback16 left: they were said again at every start)."""
        if copy is not None:
            self._note(
                _(
                    "A copy of what was set aside is in {copy}; your saved records were "
                    "rewritten without it."
                ).format(copy=copy)
            )

    def _said_own_clock(self, session: HeldSession) -> None:
        session.own_ahead = own_clock_ahead(
            self.store.records(session.id), self.identity.public_key
        )
        if session.own_ahead is not None:
            self._note(clock_ahead_words(session.own_ahead))

    def _note(self, text: str) -> None:
        log.warning("%s", text)
        if text not in self.read_back_notes:
            self.read_back_notes.append(text)

    def _say_unsigned(self, session_id: str, count: int, emit: bool = True) -> None:
        self._note(unsigned_words(self._title(session_id), count))
        if emit:
            self._emit(UnsignedSetAside(session_id, count))  # type: ignore[attr-defined]

    def _title(self, session_id: str) -> str:
        session = self._sessions.get(session_id)
        info = getattr(session.fold.state, "info", None) if session is not None else None
        return str(getattr(info, "title", "") or session_id[:8])

    def check_read_back_now(self) -> None:
        """Check every record read back, here and now (a read-only look answers after it)."""
        for session_id in list(self._sessions):
            bad = unsigned(self.store.records(session_id))
            if bad:
                self._set_aside_unsigned(session_id, bad, emit=False)

    async def read_back_checked(self) -> None:
        """Wait until the records read back were checked: a link's records are taken only
        then, so a forged line never meets a peer's real record as a 'fork'."""
        if self._read_back_done is not None:
            await self._read_back_done.wait()

    async def _check_read_back(self) -> None:
        """Check the records read back in slices, in the signature worker, off the loop."""
        assert self._read_back_done is not None
        loop = asyncio.get_running_loop()
        try:
            for session_id in list(self._sessions):
                records = self.store.records(session_id)
                bad: set[str] = set()
                for start in range(0, len(records), CHECK_SLICE):
                    while start and (held := self._checks_held_until - time.monotonic()) > 0:
                        # (A session of one slice is checked at once: a few milliseconds.)
                        await asyncio.sleep(min(held, CHECK_REST_MAX))
                    piece = records[start : start + CHECK_SLICE]
                    began = loop.time()
                    bad |= await loop.run_in_executor(self._verifier, unsigned, piece)
                    # Encoding a record to check it holds the interpreter: as long again to
                    # the screens being drawn meanwhile (the session screen opened at once).
                    await asyncio.sleep(min(loop.time() - began, CHECK_REST_MAX))
                if bad:
                    self._set_aside_unsigned(session_id, bad)
            self._own_heads_seeded()  # type: ignore[attr-defined]
        finally:
            self._read_back_done.set()

    def _set_aside_unsigned(self, session_id: str, bad: set[str], emit: bool = True) -> None:
        copy = self.store.set_aside_unsigned(session_id, bad)
        # Links wait for this check (``read_back_checked``): no hello said anything of our
        # chain yet, so what the store holds now says which of our seqs are used. A forged
        # record of ours kept its seq "used", and writing waited for a record that never was.
        self._reload(session_id, own_from_store=True)  # type: ignore[attr-defined]
        self._say_unsigned(session_id, len(bad), emit=emit)
        self._copied_aside(copy)
