"""One way for the core tests to write a session: records signed as a peer signs them (its own
seq and prev, the session's lamport, a clock) and folded as a peer folds them."""

from __future__ import annotations

from typing import Any

from beraad.core.deliberation import DeliberationReducer, snapshot
from beraad.core.fold import Fold
from beraad.core.identity import Identity
from beraad.core.record import Record, sign_record
from beraad.core.replica import session_id_for
from beraad.core.seen import Sight

#: The records' clock starts here (November 2023), so every run signs the same records.
EPOCH_MS = 1_700_000_000_000


class SessionWriter:
    """Signs records with correct seq/prev/lamport and folds them; ``step_ms`` apart in time."""

    def __init__(
        self, creator: Identity, nonce: str, *, step_ms: int = 1, seeing: bool = False
    ) -> None:
        self.session = session_id_for(creator.public_key, nonce)
        self.fold: Fold = Fold(DeliberationReducer())
        self.heads: dict[str, tuple[int, str | None]] = {}
        self.lamport = 0
        self.step_ms = step_ms
        self.records: list[Record] = []
        self.clock = 0
        """Milliseconds added to every later record's ``at`` (see ``wait``)."""
        #: ``seeing``: records list the heads their author had seen, as an app's do since
        #: 6 December 2026 (``core/seen.py``); without it, as every record before.
        self.sights: dict[str, Sight] | None = {} if seeing else None
        #: Authors whose app lists nothing it saw (one from before 6 December 2026).
        self.blind: set[str] = set()

    def _seen(self, who: Identity) -> tuple:
        if self.sights is None or who.public_key in self.blind:
            return ()
        sight = self.sights.setdefault(who.public_key, Sight(who.public_key))
        return sight.heads({a: (q, i) for a, (q, i) in self.heads.items() if i is not None})

    def wait(self, ms: int) -> None:
        """Let ``ms`` milliseconds pass on the records' clock."""
        self.clock += ms

    def write(self, who: Identity, kind: str, body: dict[str, Any]) -> Record:
        self.lamport += 1
        return self.back_dated(who, kind, body, self.lamport)

    def back_dated(
        self,
        who: Identity,
        kind: str,
        body: dict[str, Any],
        lamport: int,
        seen: tuple | None = None,
    ) -> Record:
        """The next record in ``who``'s chain, signed with an old ``lamport`` (a peer cut off
        from the room, or one that back-dates on purpose), arriving now; ``write`` signs at
        the next lamport. ``seen``: the heads it lists, as a client that lies about them
        would (else what ``who`` had seen, when ``seeing``)."""
        record = self.sign(who, kind, body, lamport, seen)
        self.written(record)
        self.fold.add(record)
        return record

    def sign(
        self,
        who: Identity,
        kind: str,
        body: dict[str, Any],
        lamport: int,
        seen: tuple | None = None,
    ) -> Record:
        """``who``'s next record, signed but neither written nor folded (an app checks it
        first: ``written`` once it counts)."""
        seq, prev = self.heads.get(who.public_key, (0, None))
        return sign_record(
            who,
            session=self.session,
            seq=seq + 1,
            prev=prev,
            lamport=lamport,
            at=EPOCH_MS + self.step_ms * self.lamport + self.clock,
            kind=kind,
            body=body,
            seen=self._seen(who) if seen is None else seen,
        )

    def written(self, record: Record) -> None:
        """``record`` (from ``sign``) is in its author's chain: what it lists is listed."""
        if self.sights is not None:
            self.sights.setdefault(record.author, Sight(record.author)).listed(record)
        self.heads[record.author] = (record.seq, record.id)
        self.records.append(record)

    def ok(self, who: Identity, kind: str, body: dict[str, Any]) -> Record:
        record = self.write(who, kind, body)
        assert record.id not in self.fold.rejected, self.fold.rejected[record.id]
        return record

    def refused(self, who: Identity, kind: str, body: dict[str, Any]) -> str:
        before = snapshot(self.fold.state)
        record = self.write(who, kind, body)
        refusals = {**self.fold.rejected, **self.fold.unheard}  # a non-member's: no trace
        assert record.id in refusals, f"{kind} was accepted"
        assert snapshot(self.fold.state) == before, "a refused record changed the state"
        return refusals[record.id]

    @property
    def state(self):
        return self.fold.state
