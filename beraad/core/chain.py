"""Per-author hash chains within a session: ordering, gaps and forks.

Each author numbers their records 1, 2, … and links each to the previous one by id. A record
whose predecessor has not arrived yet is *held* until it does (a gap). Two different records that
claim the same place in one author's chain are a *fork*: a signed proof that the author told two
stories. Both copies are kept as evidence, and the author's records from the fork's seq on are
*set aside* on every peer — whichever copy reached a peer first — so peers that know the same
records agree; what lies before the fork still enters as usual. A later proof of a fork at a
lower seq moves the line down. Records given to ``Chains`` must already have passed
``Record.verify``.

A chain may hold at most ``limit`` bytes of records (``Chains(limit=)``): past it, an author's
next record stays out (``Outcome.OVER``, held ones stay held). Chains enter in seq order, so every
peer takes the same prefix of a chain, however its records arrived.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from beraad.core.messages import N_, Reason
from beraad.core.record import Record

#: How many out-of-order records one author may have waiting before further ones are refused.
MAX_HELD_PER_AUTHOR = 10_000


class Outcome(Enum):
    ACCEPTED = "accepted"
    DUPLICATE = "duplicate"
    HELD = "held"
    FORK = "fork"
    BLOCKED = "blocked"
    #: At or past the seq where its author forked: counts for nothing, like the rest from there.
    SET_ASIDE = "set_aside"
    #: Next in the chain, but the chain would pass its byte limit: not taken (offered again).
    OVER = "over"


@dataclass(frozen=True, slots=True)
class Offer:
    """What happened to an offered record; ``accepted`` lists every record now in order."""

    outcome: Outcome
    accepted: tuple[Record, ...] = ()
    reason: str = ""
    #: On a fork: the records this chain had placed or held from the fork's seq on, now set
    #: aside (the replica still counts them, as every peer that gets them later does).
    dropped: tuple[Record, ...] = ()
    #: Held records that came next in order but would pass the byte limit: let go (a peer
    #: offers them again), since the chain takes nothing of their author past it.
    over: tuple[Record, ...] = ()


@dataclass(frozen=True, slots=True)
class Fork:
    """Evidence that one author signed two different records for the same place."""

    session: str
    author: str
    seq: int
    records: tuple[Record, Record]


@dataclass(slots=True)
class _Chain:
    ids: list[str] = field(default_factory=list)  # ids[i] is the id of seq i + 1
    held: dict[int, Record] = field(default_factory=dict)
    #: The lowest seq at which this author is known to have signed two records, or None.
    fork_seq: int | None = None
    #: Records at ``fork_seq``, one per prev they are signed over (two at most: two prevs
    #: already prove a fork lower, whatever the record at the seq before turns out to be).
    at_fork: dict[str | None, Record] = field(default_factory=dict)
    #: (seq, id) of the last record this chain had placed before a fork took it off: what
    #: this peer had seen of the author all the same (``heads``; in memory only).
    had: tuple[int, str] | None = None
    #: Bytes (``Record.size``) of the records in ``ids``.
    size: int = 0


class Chains:
    """All authors' chains of every session this peer holds."""

    def __init__(self, limit: int | None = None) -> None:
        #: Bytes one author's chain may hold in a session (None: no limit).
        self.limit = limit
        self._chains: dict[tuple[str, str], _Chain] = {}
        self._by_id: dict[str, Record] = {}
        self.forks: list[Fork] = []

    def _chain(self, record: Record) -> _Chain:
        key = (record.session, record.author)
        chain = self._chains.get(key)
        if chain is None:
            chain = self._chains[key] = _Chain()
        return chain

    def _fork(self, chain: _Chain, first: Record, second: Record, seq: int) -> Offer:
        if chain.fork_seq is not None and seq >= chain.fork_seq:
            return Offer(Outcome.SET_ASIDE)  # no news: set aside from a lower seq already
        chain.fork_seq = seq
        if len(chain.ids) >= seq and (chain.had is None or len(chain.ids) > chain.had[0]):
            chain.had = (len(chain.ids), chain.ids[-1])
        dropped = [self._by_id[record_id] for record_id in chain.ids[seq - 1 :]]
        del chain.ids[seq - 1 :]  # the chain from the fork on counts for nothing
        chain.size = sum(self._by_id[record_id].size for record_id in chain.ids)
        for held_seq in sorted(s for s in chain.held if s >= seq):
            dropped.append(chain.held.pop(held_seq))
        self.forks.append(Fork(first.session, first.author, seq, (first, second)))
        chain.at_fork = {}
        for record in (first, second, *dropped):
            self._remember(chain, record)
        # A record at the fork's seq signed over another record at the seq before proves a
        # fork one lower, whichever way it came (placed, held, either copy, or before the
        # record below it arrived: ``_extend``), as a peer that gets the same records in
        # another order finds it.
        other = self._over_another(chain)
        if other is not None:
            deeper = self._fork(chain, self._by_id[chain.ids[-1]], other, seq - 1)
            dropped += deeper.dropped
        return Offer(
            Outcome.FORK,
            reason=f"author {first.author[:12]} signed two different records at seq {seq}",
            dropped=tuple(dropped),
        )

    @staticmethod
    def _remember(chain: _Chain, record: Record) -> None:
        if record.seq == chain.fork_seq and len(chain.at_fork) < 2:
            chain.at_fork.setdefault(record.prev, record)

    def _over_another(self, chain: _Chain) -> Record | None:
        """A record at the fork's seq signed over another record than the one this chain
        holds at the seq before (held up to there), or None."""
        if chain.fork_seq is None or not chain.ids or len(chain.ids) != chain.fork_seq - 1:
            return None
        head = chain.ids[-1]
        return next((r for prev, r in chain.at_fork.items() if prev != head), None)

    def offer(self, record: Record) -> Offer:
        """Place a verified record in its author's chain."""
        chain = self._chain(record)
        length = len(chain.ids)
        if chain.fork_seq is not None and record.seq >= chain.fork_seq:
            self._remember(chain, record)
            if record.seq == length + 1 and length and record.prev != chain.ids[-1]:
                # signed over another record at the seq before: a fork one lower
                return self._fork(chain, self._by_id[chain.ids[-1]], record, record.seq - 1)
            return Offer(Outcome.SET_ASIDE)
        if record.seq <= length:
            known_id = chain.ids[record.seq - 1]
            if known_id == record.id:
                return Offer(Outcome.DUPLICATE)
            return self._fork(chain, self._by_id[known_id], record, record.seq)
        held = chain.held.get(record.seq)
        if held is not None:
            if held.id == record.id:
                return Offer(Outcome.DUPLICATE)
            return self._fork(chain, held, record, record.seq)
        if record.seq > length + 1:
            if len(chain.held) >= MAX_HELD_PER_AUTHOR:
                why = Reason(N_("too many records waiting for a gap"), {})
                return Offer(Outcome.BLOCKED, reason=why)
            chain.held[record.seq] = record
            return Offer(Outcome.HELD, reason=f"waiting for seq {length + 1}")
        return self._extend(chain, record)

    def _extend(self, chain: _Chain, record: Record) -> Offer:
        accepted: list[Record] = []
        current: Record | None = record
        while current is not None:
            if chain.fork_seq is not None and current.seq >= chain.fork_seq:
                break  # held records never reach the fork (``_fork`` drops them); for safety
            expected_prev = chain.ids[-1] if chain.ids else None
            if current.prev != expected_prev:
                # A valid signature over a different prev proves another record at seq-1.
                previous = self._by_id[expected_prev] if expected_prev else current
                forked = self._fork(chain, previous, current, current.seq - 1)
                kept = tuple(r for r in accepted if r.seq < current.seq - 1)
                dropped = (*forked.dropped, current)  # the replica reads each once
                return Offer(
                    Outcome.FORK, kept, reason="prev does not match the chain", dropped=dropped
                )
            if self.limit is not None and chain.size + current.size > self.limit:
                if not accepted:
                    return Offer(Outcome.OVER, reason=f"over {self.limit} bytes")
                over = [current] + [chain.held.pop(n) for n in sorted(chain.held)]
                return Offer(Outcome.ACCEPTED, tuple(accepted), over=tuple(over))
            chain.ids.append(current.id)
            chain.size += current.size
            self._by_id[current.id] = current
            accepted.append(current)
            other = self._over_another(chain)
            if other is not None:  # a record past it, kept set aside, was signed over another
                forked = self._fork(chain, current, other, current.seq)
                kept = tuple(r for r in accepted if r.seq < current.seq)
                return Offer(
                    Outcome.FORK, kept, reason="prev does not match the chain",
                    dropped=forked.dropped,
                )  # fmt: skip
            current = chain.held.pop(current.seq + 1, None)
        return Offer(Outcome.ACCEPTED, tuple(accepted))

    def size(self, session: str, author: str) -> int:
        """Bytes of ``author``'s records in order in ``session``."""
        chain = self._chains.get((session, author))
        return 0 if chain is None else chain.size

    def length(self, session: str, author: str) -> int:
        """How many of ``author``'s records are placed in order (their highest seq)."""
        chain = self._chains.get((session, author))
        return len(chain.ids) if chain else 0

    def frontier(self, session: str) -> dict[str, int]:
        """Author → highest seq held in order, for one session."""
        return {
            author: len(chain.ids)
            for (sess, author), chain in self._chains.items()
            if sess == session and chain.ids
        }

    def heads(self, session: str) -> dict[str, tuple[int, str]]:
        """Author → (seq, id) of the last record placed in order: what a record written now
        has seen of each chain (``core/seen.py``) — for a forker, the last one placed before
        the fork was known, if higher: it was seen, so a record written after the fork still
        says the group built on it (the facilitator's end of a meeting nobody wrote after)."""
        heads = {}
        for (sess, author), chain in self._chains.items():
            if sess != session:
                continue
            if chain.had is not None and chain.had[0] > len(chain.ids):
                heads[author] = chain.had
            elif chain.ids:
                heads[author] = (len(chain.ids), chain.ids[-1])
        return heads

    def gaps(self, session: str) -> dict[str, tuple[int, int]]:
        """Author → (first missing seq, last seq before the lowest held record) to ask peers for."""
        result: dict[str, tuple[int, int]] = {}
        for (sess, author), chain in self._chains.items():
            if sess == session and chain.held:
                result[author] = (len(chain.ids) + 1, min(chain.held) - 1)
        return result

    def waiting(self, session: str) -> dict[str, tuple[int, int]]:
        """Author → (first missing seq, how many of their records wait for it)."""
        return {
            author: (len(chain.ids) + 1, len(chain.held))
            for (sess, author), chain in self._chains.items()
            if sess == session and chain.held
        }

    def get(self, record_id: str) -> Record | None:
        return self._by_id.get(record_id)

    def fork_seq(self, session: str, author: str) -> int | None:
        """The seq from which ``author``'s records are set aside, or None (no fork known)."""
        chain = self._chains.get((session, author))
        return chain.fork_seq if chain else None

    def forked_authors(self, session: str) -> set[str]:
        return set(self.set_aside(session))

    def set_aside(self, session: str) -> dict[str, int]:
        """Author → the seq from which their records are set aside (they forked there)."""
        return {
            author: chain.fork_seq
            for (sess, author), chain in self._chains.items()
            if sess == session and chain.fork_seq is not None
        }
