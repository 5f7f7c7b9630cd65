"""What a record was written on: the heads of other authors' chains its author had seen.

Each record an app writes lists, signed (``Record.seen``), the heads (author, seq, record id) of
OTHER authors' chains that changed since its author's previous record — at most
``record.MAX_SEEN``; the rest follow in the next records. With each record's ``prev`` this
makes the records a graph of what was built on what: having seen X's seq 9 means having seen
X's seq 1 to 9 on that chain, and whatever those records had seen. ``core/forks.py`` reads it
to keep the forker's records that others built on, so a fork of an old record (a data dir
restored from an old copy) undoes nothing the group already rested on. A record without the
field (every record before 6 December 2026) says nothing here and means what it always meant.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from beraad.core.messages import N_
from beraad.core.record import MAX_SEEN, Head, Record

#: The fold's refusal of a record listing more heads than there are others to have seen.
TOO_MANY = N_(
    "it lists {count} other members' records as seen; the session has {others} other members"
)


class Sight:
    """One author's app: the heads its records listed so far, so the next lists only what
    changed (a new app, or one restarted, lists every head once again: still bounded)."""

    def __init__(self, author: str) -> None:
        self.author = author
        self._listed: dict[str, tuple[int, str]] = {}

    def heads(self, chains: Mapping[str, tuple[int, str]]) -> tuple[Head, ...]:
        """The heads to list in the next record: of ``chains`` (author → (seq, id) of the
        last record placed in their chain), those not listed as they are now, by author,
        at most ``MAX_SEEN``."""
        changed = sorted(
            (author, seq, record_id)
            for author, (seq, record_id) in chains.items()
            if author != self.author and self._listed.get(author) != (seq, record_id)
        )
        return tuple(changed[:MAX_SEEN])

    def listed(self, record: Record) -> None:
        """``record`` (ours) was taken: what it lists is listed."""
        for author, seq, record_id in record.seen:
            self._listed[author] = (seq, record_id)


def too_many(record: Record, members: int) -> bool:
    """Does ``record`` list more heads than the session has members besides its author?"""
    return len(record.seen) > max(0, members - 1)


def written_on(
    record: Record,
    held: Mapping[str, Record],
    heads: bool = True,
    missing: set[str] | None = None,
) -> list[Record]:
    """The held records ``record`` was written on: its prev in its chain and (with ``heads``)
    the heads it lists, each only when the record held under that id is the one named (the
    author, and the seq: prev's one below). The one reading of these edges, for the fork rule
    (``forks.Keeper``) and for what a voter had seen (``Past``). Ids held nowhere go to
    ``missing``: when such a record comes, what was read without it may read otherwise."""
    found = []
    if record.prev is not None:
        before = held.get(record.prev)
        if before is None:
            if missing is not None:
                missing.add(record.prev)
        elif before.author == record.author and before.seq == record.seq - 1:
            found.append(before)
    if heads:
        for author, seq, record_id in record.seen:
            head = held.get(record_id)
            if head is None:
                if missing is not None:
                    missing.add(record_id)
            elif head.author == author and head.seq == seq:
                found.append(head)
    return found


#: (order key, id) of a marked record: a close of voting, by the fold's order.
Place = tuple[tuple[int, str, int], str]
#: Mark (a vote kind) → the latest place among the marked records a record rests on.
Marks = dict[str, Place]
_NONE: Marks = {}


def _merge(into: Marks, more: Marks) -> Marks:
    """``into`` with ``more`` taken in (the later place per mark); ``into`` may be shared."""
    if not more:
        return into
    merged = dict(into)
    for mark, place in more.items():
        if mark not in merged or place > merged[mark]:
            merged[mark] = place
    return merged


class Past:
    """What the author of a record had seen of the *marked* records (the closes of voting),
    read from ``seen`` and ``prev``: the fold's index of every record it holds, folded yet in
    this pass or not (a back-dated vote sorts before the close it had seen).

    A record's author had seen what their own chain up to it rests on: every head their
    records listed and every prev, whatever its lamport (their own word). Past those heads
    only an edge to a LOWER lamport is followed: an honest record's lamport is above all it
    had seen, so a record listing one at or above its own is back-dated, and what it claims
    is no claim of the voter who listed it (else a member could make an honest vote "see" a
    close its voter never had, by listing the close in a back-dated record of their own).

    Each record's answer is computed once and kept (``_own``, ``_below``): a record costs its
    own edges, however long the session or many the heads (a flood of 64 heads a record stays
    flat, ``benchmarks/seen_close.py``), and kept across refolds. Ids read while not held are
    ``missing``: when one comes the answers are dropped and the fold folds anew
    (``Fold._take``), so the answer depends only on WHICH records are held, never on their
    arrival."""

    def __init__(self, mark: Callable[[Record], str | None]) -> None:
        self._mark = mark
        self.held: dict[str, Record] = {}
        #: Mark → the latest place of a held marked record: no walk when none sorts later.
        self.latest: Marks = {}
        self.missing: set[str] = set()
        self._own: dict[str, Marks] = {}
        self._below: dict[str, Marks] = {}
        self._rising: dict[str, bool] = {}
        #: Records whose answer was computed (the benchmark counts them).
        self.visits = 0

    def hold(self, record: Record) -> None:
        self.held[record.id] = record
        mark = self._mark(record)
        if mark is not None:
            self.latest = _merge(self.latest, {mark: (record.order_key, record.id)})

    def forget(self) -> None:
        """Drop what was computed: a record read as missing has come. (Nothing else makes an
        answer stale: a record reaches only records listed by records it reaches.)"""
        self.missing = set()
        self._own = {}
        self._below = {}
        self._rising = {}

    def clear(self) -> None:
        """Hold nothing (the fold sorts its records out anew)."""
        self.forget()
        self.held = {}
        self.latest = {}

    def own_mark(self, record: Record) -> Marks:
        mark = self._mark(record)
        return _NONE if mark is None else {mark: (record.order_key, record.id)}

    def rising(self, record: Record) -> bool:
        """Did every record of the author's chain up to ``record`` list only records of lower
        lamports, as an honest app's do? Then all it had seen sorts before it, so it had seen
        nothing at or above its own lamport, and no walk is needed: one look per record."""
        chain = []
        at: Record | None = record
        while at is not None and at.id not in self._rising:
            chain.append(at)
            before = written_on(at, self.held, heads=False, missing=self.missing)
            at = before[0] if before else None
        rising = self._rising[at.id] if at is not None else True
        for link in reversed(chain):
            self.visits += 1
            heads = written_on(link, self.held, missing=self.missing)
            rising = rising and all(head.lamport < link.lamport for head in heads)
            self._rising[link.id] = rising
        return rising

    def seen_by(self, record: Record) -> Marks:
        """Mark → the latest marked record the author of ``record`` had seen when writing it
        (through their own chain, ``record`` included)."""
        chain = []
        at: Record | None = record
        while at is not None and at.id not in self._own:
            chain.append(at)
            before = written_on(at, self.held, heads=False, missing=self.missing)
            at = before[0] if before else None
        marks = self._own[at.id] if at is not None else _NONE
        for link in reversed(chain):
            self.visits += 1
            marks = _merge(marks, self.own_mark(link))
            for head in written_on(link, self.held, missing=self.missing):
                if head.author != link.author:
                    marks = _merge(marks, self._rests_on(head))
            self._own[link.id] = marks
        return marks

    def _rests_on(self, top: Record) -> Marks:
        """Mark → the latest marked record ``top`` rests on (itself included), through edges
        to lower lamports only. No recursion: a chain of thousands is walked with a stack."""
        if top.id in self._below:
            return self._below[top.id]
        stack: list[tuple[Record, bool]] = [(top, False)]
        while stack:
            at, ready = stack.pop()
            if at.id in self._below:
                continue
            below = [
                r for r in written_on(at, self.held, missing=self.missing) if r.lamport < at.lamport
            ]
            if not ready:
                stack.append((at, True))
                stack.extend((r, False) for r in below if r.id not in self._below)
                continue
            self.visits += 1
            marks = self.own_mark(at)
            for r in below:
                marks = _merge(marks, self._below[r.id])
            self._below[at.id] = marks
        return self._below[top.id]
