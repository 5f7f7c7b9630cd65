"""What one link has to send, waiting for its writer: bounded, and cut into batches.

Everything a node sends on a link goes through one ``Outbox``: records (live pushes and
answers to ``hello``/``want``) are queued as the records themselves and cut into ``records``
messages by ``sync.batches`` only when the writer takes them, so no message passes 256 records
or the 4 MiB a message may hold, whoever gathered them (a late fold, records released at their
time). A peer that stops reading cannot make the node hold more and more for it:

* records and messages pushed to it (not answers) may wait up to ``MAX_QUEUED_BYTES``; past
  that the link is dropped (``overflowed``) and the peer syncs again when it comes back;
* answers to ``hello``/``want`` are references to records the node holds anyway, and each of an
  author's records is answered at most ``ANSWERS_PER_RECORD`` times per link (``AnswerLedger``):
  a repeated ``hello``, or a ``want`` asking again for what was just sent, queues nothing more.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

from beraad.core.canonical import canonical_bytes
from beraad.core.record import Record
from beraad.core.sync import batches

#: Bytes of pushed records and messages one link may have waiting before its peer is dropped.
MAX_QUEUED_BYTES = 32 * 1024 * 1024
#: How often one record is sent on one link in answer to ``hello``/``want`` at most.
ANSWERS_PER_RECORD = 2

Item = dict[str, Any] | tuple[list[Record], bool]


def records_message(batch: list[Record]) -> bytes:
    """``canonical_bytes({"t": "records", "records": [r.to_dict() for r in batch]})``, joined
    from each record's canonical bytes ("records" sorts before "t")."""
    return b'{"records":[' + b",".join(r.signed_bytes() for r in batch) + b'],"t":"records"}'


class AnswerLedger:
    """Per author, which seqs were sent in answer on this link, and how often (1 or 2)."""

    def __init__(self, times: int = ANSWERS_PER_RECORD) -> None:
        #: One list of disjoint, sorted (first, last) ranges per author per time answered.
        self._layers: list[dict[str, list[tuple[int, int]]]] = [{} for _ in range(times)]

    def take(self, author: str, first: int, last: int) -> list[tuple[int, int]]:
        """The parts of ``first..last`` that may still be sent, recorded as sent."""
        result: list[tuple[int, int]] = []
        wanted = [(first, last)]
        for layer in self._layers:
            ranges = layer.setdefault(author, [])
            covered: list[tuple[int, int]] = []
            for a, b in wanted:
                free = _subtract(ranges, a, b)
                result.extend(free)
                for piece in free:
                    _add(ranges, *piece)
                covered.extend(_subtract(free, a, b))
            wanted = covered
            if not wanted:
                break
        return sorted(result)


def _subtract(ranges: list[tuple[int, int]], first: int, last: int) -> list[tuple[int, int]]:
    """The parts of ``first..last`` no range in ``ranges`` (sorted, disjoint) covers."""
    gaps, at = [], first
    for a, b in ranges:
        if b < at:
            continue
        if a > last:
            break
        if a > at:
            gaps.append((at, a - 1))
        at = max(at, b + 1)
        if at > last:
            break
    if at <= last:
        gaps.append((at, last))
    return gaps


def _add(ranges: list[tuple[int, int]], first: int, last: int) -> None:
    """Put ``first..last`` into ``ranges`` (sorted, disjoint), merging neighbours."""
    kept = [(a, b) for a, b in ranges if b < first - 1 or a > last + 1]
    for a, b in ranges:
        if not (b < first - 1 or a > last + 1):
            first, last = min(first, a), max(last, b)
    kept.append((first, last))
    kept.sort()
    ranges[:] = kept


class Outbox:
    """One link's queue of things to send, in order, with its byte count and limit."""

    def __init__(self, limit: int | None = None) -> None:
        self.limit = MAX_QUEUED_BYTES if limit is None else limit
        self._queue: asyncio.Queue[tuple[Item, int] | None] = asyncio.Queue()
        #: Bytes of pushed records and messages waiting (answers are counted apart).
        self.queued_bytes = 0
        #: Bytes of records waiting in answer to ``hello``/``want``.
        self.answer_bytes = 0
        self.overflowed = False
        self.closed = False
        self.answered = AnswerLedger()
        #: Batches of records sent, each joined from its records' kept bytes (tests count).
        self.batches_joined = 0

    def message(self, message: dict[str, Any]) -> bool:
        """Queue one control message; False when the link is over its limit (drop it)."""
        return self._put(message, len(canonical_bytes(message)), answer=False)

    def records(self, records: Iterable[Record], *, answer: bool = False) -> bool:
        """Queue records to send in this order; False when the link is over its limit."""
        chosen = list(records)
        if not chosen:
            return True
        return self._put((chosen, answer), sum(r.size for r in chosen), answer=answer)

    def _put(self, item: Item, size: int, *, answer: bool) -> bool:
        if self.closed or self.overflowed:
            return not self.overflowed
        if answer:
            self.answer_bytes += size
        else:
            if self.queued_bytes + size > self.limit:
                self.overflowed = True
                return False
            self.queued_bytes += size
        self._queue.put_nowait((item, size))
        return True

    def close(self) -> None:
        """Let the writer finish what is queued, then stop."""
        self.closed = True
        self._queue.put_nowait(None)

    def qsize(self) -> int:
        return self._queue.qsize()

    async def messages(self) -> Any:
        """Yield each message to send as its canonical bytes (records cut into batches),
        counting bytes as they go. A batch is joined from its records' kept bytes
        (``records_message``), and the loop gets a turn between two batches: answering a
        peer that holds nothing sends thousands of records, and encoding them all at once
        kept every key waiting (1-2.6 s per link-up at 20,000 records, attack13 #3)."""
        while (entry := await self._queue.get()) is not None:
            item, size = entry
            if isinstance(item, dict):
                yield canonical_bytes(item)
                self.queued_bytes -= size
                continue
            records, answer = item
            for number, batch in enumerate(batches(records, [r.size for r in records])):
                if number:
                    await asyncio.sleep(0)  # keys and other links before the next batch
                self.batches_joined += 1
                yield records_message(batch)
                sent = sum(r.size for r in batch)
                if answer:
                    self.answer_bytes -= sent
                else:
                    self.queued_bytes -= sent
