"""What a node keeps, tells and sends on of the forks it learns of, and of the forkers' records.

Its own module because it is one rule, the node's side of ``core/forks.py``: of the forks an
ingest proves only the lowest per author is kept (one durable write with the forkers' records
set aside), told once the fold holds it, and sent on to every link with both copies; a set-aside
record something now rests on is sent again after what pinned it; and, read back from the
store, the kept set-aside records go where they sort among the records. Which records the gate
sets aside is the replica's (``core/replica.py``); the one path every record takes stays the
node's (``record_path.py``: ``_ingest``, ``_taking``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from beraad.core.identity import fingerprint
from beraad.events import ForkDetected

if TYPE_CHECKING:
    from beraad.core.chain import Fork
    from beraad.core.record import Record
    from beraad.core.replica import Intake
    from beraad.held import HeldSession


class NodeForks:
    """Mixed into ``Node``: the forks it keeps and what it asks of them."""

    store: Any
    about_peers: Any
    _session: Any
    _emit: Any

    def set_aside(self, session_id: str) -> dict[str, int]:
        """Author → the seq from which their records count for nothing: they signed two
        different records there (the same on every peer that knows both)."""
        return dict(self._session(session_id).fold.set_aside)

    def kept(self, session_id: str) -> dict[str, tuple[str, str]]:
        """A forker's record from the fork on → (why, the record) it still counts for: the
        group built on it (``core/forks.py``)."""
        return dict(self._session(session_id).fold.kept)

    @staticmethod
    def _pass_pinned(session: HeldSession, intake: Intake) -> None:
        """Send again, on every link (the sender's too), the set-aside records kept here that
        something now rests on (``Replica._pin``), after what pinned them: a peer that dropped
        one over its budget before anything rested on it takes it now, so it counts there as
        here (attack s7 #1: it counted on one peer only, for good)."""
        if not intake.pinned:
            return
        for links in session.links.values():
            for link in links:
                link.send_records(intake.pinned)

    def _forked(
        self, session: HeldSession, found: list[Fork], aside: list[Record], sender: str
    ) -> None:
        """Keep, tell and pass on the forks an ingest proved: only the lowest per author; and
        keep the forkers' records it set aside (``aside``), in the same durable write.

        A proof at or above an author's known lowest fork never gets here as a proof (the
        chain calls it no news: a set-aside record); of a ladder of lower and lower proofs
        arriving together, only the lowest moves the line, so one write keeps it, one refold
        at most follows, and only it is sent on: a member signing a thousand forks costs this
        peer about what one costs."""
        lowest: dict[str, Fork] = {}
        for fork in found:
            known = lowest.get(fork.author)
            if known is None or fork.seq < known.seq:
                lowest[fork.author] = fork
        forks = list(lowest.values())
        groups = [list(fork.records) for fork in forks]
        proof = {r.id for group in groups for r in group}
        singles = {r.id: r for r in aside if r.id not in proof and not self.store.has(r.id)}
        if groups or singles:
            self.store.put_evidence_many(session.id, groups + [[r] for r in singles.values()])
        if not forks:
            return
        for fork in forks:
            self.about_peers.warning(
                "fork: %s signed two records at seq %d in session %s",
                fingerprint(fork.author),
                fork.seq,
                session.id[:8],
                key=(sender, "fork"),
            )
        # Both copies, signed by the forker, to every link (the sender too: it may hold only
        # one): a peer that saw one copy learns of the fork and sets aside the same.
        evidence = [r for fork in forks for r in fork.records]
        for links in session.links.values():
            for link in links:
                link.send_records(evidence)
        session.fold.set_aside_forks(session.replica.set_aside())
        session.fold.extend(session.replica.aside())  # what the forkers wrote from there on
        # Told once the fold holds it: a screen or a waiter that looks on this event sees the
        # state with the fork (told before, it saw the state without, and no event followed).
        for fork in forks:
            self._emit(ForkDetected(session.id, fork.author, fork.seq))


def _interleaved(records: list[Record], aside: list[Record]) -> list[Record]:
    """``records`` in their (store) order, with each of ``aside`` just before the first of
    them that sorts after it."""
    waiting = sorted(aside, key=lambda r: (r.order_key, r.id), reverse=True)
    merged: list[Record] = []
    for record in records:
        while waiting and waiting[-1].order_key < record.order_key:
            merged.append(waiting.pop())
        merged.append(record)
    merged.extend(reversed(waiting))
    return merged
