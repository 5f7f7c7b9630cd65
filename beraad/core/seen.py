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

import bisect
from collections.abc import Callable, Collection, Mapping

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

    def heads(
        self, chains: Mapping[str, tuple[int, str]], first: Collection[str] = ()
    ) -> tuple[Head, ...]:
        """The heads to list in the next record: of ``chains`` (author → (seq, id) of the
        last record placed in their chain), those not listed as they are now, by author,
        at most ``MAX_SEEN`` — those of ``first`` before any other: whoever asked to take
        over from this author, whose request her next record must show as seen
        (``takeover``) even when more than ``MAX_SEEN`` chains changed since her last."""
        changed = sorted(
            (author not in first, author, seq, record_id)
            for author, (seq, record_id) in chains.items()
            if author != self.author and self._listed.get(author) != (seq, record_id)
        )
        return tuple(sorted((a, seq, i) for _later, a, seq, i in changed[:MAX_SEEN]))

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


#: (order key, id) of a record: where it sorts in the fold.
Place = tuple[tuple[int, str, int], str]


class _Listed:
    """What one author's records listed of one other author's chain: by own seq, the highest
    seq listed by then (a prefix maximum), so both questions cost a bisection."""

    __slots__ = ("highest", "listed", "owns")

    def __init__(self) -> None:
        self.owns: list[int] = []
        self.listed: list[int] = []
        self.highest: list[int] = []

    def add(self, own: int, listed: int) -> None:
        at = bisect.bisect_left(self.owns, own)
        if at < len(self.owns) and self.owns[at] == own:  # a fork's twin: the most claimed
            self.listed[at] = max(self.listed[at], listed)
        else:
            self.owns.insert(at, own)
            self.listed.insert(at, listed)
            self.highest.insert(at, listed)
        for index in range(at, len(self.owns)):  # honest chains append: one step
            before = self.highest[index - 1] if index else -1
            highest = max(before, self.listed[index])
            if index > at and highest == self.highest[index]:
                break
            self.highest[index] = highest

    def by(self, own: int) -> int:
        """The highest seq listed by records up to own seq ``own`` (-1: none)."""
        at = bisect.bisect_right(self.owns, own) - 1
        return self.highest[at] if at >= 0 else -1

    def first(self, seq: int) -> int | None:
        """The first own seq by which a seq at or above ``seq`` was listed."""
        at = bisect.bisect_left(self.highest, seq)
        return self.owns[at] if at < len(self.owns) else None


class Past:
    """What the author of a record had seen of the *marked* records (closes of voting, moves
    and ends of the meeting), read ONLY from the author's own chain up to that record: the
    record had seen a marked record C if it, or an earlier record of its chain, lists a head
    of C's author's chain at C's seq or above. Having seen seq 9 of a chain is having seen
    seq 1 to 9.

    No walk through other authors' records: the author's own chain is held before the record
    folds (the gate passes a record only after its prev; a prev not held is awaited and
    refolds, ``Fold._take``), so the answer never waits for another record and never goes
    stale when one comes. An honest app lists every head that changed, so its own records
    show what it had seen; a client that leaves a head out can still back-date (documented
    in docs/protocol.md). Cost: a bisection per (author, other author) and per marked record
    looked at, however long the session.

    Which verdicts a marked record can change when it comes (``rejudges``): only those of
    records of authors whose chain listed it, sorting before it — none in an honest session,
    where a record that saw a close sorts after it. So the fold refolds at most once per
    marked record, and only for a back-dated record, never per record that closes nothing.

    Requests to take over (``asks``: whom a record asks to replace) are read the other way:
    the first record of the one named, sorting after the request, had or had not seen it, and
    someone else saw that record before seeing the request (``wrote_unaware_after``). Such a
    record, or its witness, arriving after the request was folded makes the fold fold anew
    (``asked_unseen``)."""

    def __init__(
        self,
        mark: Callable[[Record], str | None],
        asks: Callable[[Record], str | None] | None = None,
    ) -> None:
        self._mark = mark
        self._asks = asks
        self.held: dict[str, Record] = {}
        #: Mark → the places of the held marked records, sorted.
        self.marked: dict[str, list[Place]] = {}
        #: (author, other author) → what the author's chain listed of the other's.
        self._listed: dict[tuple[str, str], _Listed] = {}
        #: Other author → the authors whose records listed their chain.
        self._listers: dict[str, set[str]] = {}
        #: Author → their held records' seqs, sorted, and their places by seq.
        self._seqs: dict[str, list[int]] = {}
        self._places: dict[tuple[str, int], list[Place]] = {}
        #: Marked records looked at for a record's verdict (the benchmark counts them).
        self.visits = 0
        #: Author → the places of their held records, sorted (``wrote_unaware_after``).
        self._own: dict[str, list[Place]] = {}
        #: Author asked about → asker → the places of those requests, sorted (``asks``: a
        #: request to take over names whom it replaces, ``core/takeover.py``).
        self._asked: dict[str, dict[str, list[Place]]] = {}

    def hold(self, record: Record) -> None:
        if record.id in self.held:
            return
        self.held[record.id] = record
        place = (record.order_key, record.id)
        mark = self._mark(record)
        if mark is not None:
            bisect.insort(self.marked.setdefault(mark, []), place)
        seqs = self._seqs.setdefault(record.author, [])
        key = (record.author, record.seq)
        if key not in self._places:
            bisect.insort(seqs, record.seq)
        self._places.setdefault(key, []).append(place)
        bisect.insort(self._own.setdefault(record.author, []), place)
        asked = self._asks(record) if self._asks is not None else None
        if asked is not None:
            bisect.insort(self._asked.setdefault(asked, {}).setdefault(record.author, []), place)
        for author, seq, _record_id in record.seen:
            if author == record.author:
                continue
            listed = self._listed.get((record.author, author))
            if listed is None:
                listed = self._listed[(record.author, author)] = _Listed()
                self._listers.setdefault(author, set()).add(record.author)
            listed.add(record.seq, seq)

    def clear(self) -> None:
        """Hold nothing (the fold sorts its records out anew)."""
        self.__init__(self._mark, self._asks)  # type: ignore[misc]

    def had_seen(self, record: Record, marked: Record) -> bool:
        """Had the author of ``record`` seen ``marked`` when writing it (by their own chain)?"""
        if marked.author == record.author:
            return marked.seq <= record.seq
        listed = self._listed.get((record.author, marked.author))
        return listed is not None and listed.by(record.seq) >= marked.seq

    def _saw(self, author: str, seq: int, marked: Record) -> bool:
        """Had ``author``'s record at ``seq`` seen ``marked`` (``had_seen``, by author and seq)?"""
        if marked.author == author:
            return marked.seq <= seq
        listed = self._listed.get((author, marked.author))
        return listed is not None and listed.by(seq) >= marked.seq

    def wrote_unaware_after(self, author: str, marked: Record) -> bool:
        """Was ``author`` seen writing after ``marked`` without having seen it? Their first
        record sorting after it, U, had not seen it, and U was *witnessed*: a held record of
        someone else had seen U and not ``marked`` (``witnessed``). Only U is looked at: what
        a chain had seen only grows, and whoever saw a later record of hers saw U. Held
        records only, whatever their verdict: a signed record shows its author was there."""
        places = self._own.get(author, ())
        at = bisect.bisect_right(places, (marked.order_key, marked.id))
        if at == len(places):
            return False
        first = self.held[places[at][1]]
        return not self.had_seen(first, marked) and self.witnessed(first, marked)

    def witnessed(self, record: Record, unseen: Record) -> bool:
        """Did a held record by someone other than ``record``'s author see ``record`` without
        having seen ``unseen``? Then ``record`` existed before ``unseen`` reached that member:
        the one order nobody can forge by a lamport (attack s17 #2). Per other author only
        their first record that saw it is looked at (what a chain saw only grows): a
        bisection per member who listed her chain."""
        for other in self._listers.get(record.author, ()):
            first = self._listed[(other, record.author)].first(record.seq)
            if first is not None and not self._saw(other, first, unseen):
                return True
        return False

    def dated_below_seen(self, record: Record) -> bool:
        """Is ``record``'s lamport not above that of a held record it lists as seen? An honest
        app's lamport is above all it lists: such a record was dated back by an author who
        knew better (takeover18 left: Anja, having seen Bart's request and Chris's second,
        dated a record between them, and "back" undid the take-over)."""
        for _author, _seq, record_id in record.seen:
            listed = self.held.get(record_id)
            if listed is not None and listed.lamport >= record.lamport:
                return True  # at its lamport too: sorting after it by key alone (attack s18)
        return False

    def handed_unseen(self, record: Record) -> bool:
        """Does a held request to take over from ``record``'s author (a handover of hers) sort
        after it, not having seen it, while nobody else saw it before that request either
        (``witnessed``)? Then the handover came in later, whatever its date (attack s18 #7:
        her handover dated before a seconded request annulled it and the meeting since; an
        offline app did the same). Per asker only the first request after it."""
        place = (record.order_key, record.id)
        for places in self._asked.get(record.author, {}).values():
            at = bisect.bisect_right(places, place)
            if at < len(places):
                request = self.held[places[at][1]]
                if not self.had_seen(request, record) and not self.witnessed(record, request):
                    return True
        return False

    def _handed_before_it(self, request: Record, witness: Record | None = None) -> bool:
        """Does a handover of the one ``request`` asks to replace sort before it, unseen by
        it? A refold judges it (``handed_unseen``). Her records past what the request had
        seen of her chain, up to it: those in the slot, a bisection."""
        asked = self._asks(request) if self._asks is not None else None
        if asked is None:
            return False
        listed = self._listed.get((request.author, asked))
        known = listed.by(request.seq) if listed is not None else -1
        seqs = self._seqs.get(asked, [])
        place = (request.order_key, request.id)
        for seq in seqs[bisect.bisect_right(seqs, known) :]:
            for at in self._places[(asked, seq)]:
                if at < place and self.held[at[1]].kind == "facilitator.handover":
                    return True
        return False

    def _seen_before_it_came(self, record: Record) -> bool:
        """Does a held record of someone asked to be replaced list ``record``'s chain at or
        past it, at or below its lamport? Then it was dated below what it saw, and whether it
        showed her back (``dated_below_seen``) reads otherwise now: the fold folds anew. Only
        authors someone asked to replace, and per lister only their first record listing
        it (a chain's lamports rise): a bisection each."""
        for lister in self._listers.get(record.author, ()):
            if lister not in self._asked:
                continue
            first = self._listed[(lister, record.author)].first(record.seq)
            if first is not None and any(
                p[0][0] <= record.lamport for p in self._places[(lister, first)]
            ):
                return True
        return False

    def _unaware_of(self, record: Record, witness: Record | None = None) -> bool:
        """Does a held request naming ``record``'s author sort before it, unseen by it, and
        witnessed: by ``witness`` (not having seen it either), or else by any held record?
        Per asker only the last such request is looked at (seeing it is seeing their earlier
        ones), so a flood of requests costs one look per asker."""
        place = (record.order_key, record.id)
        for places in self._asked.get(record.author, {}).values():
            at = bisect.bisect_left(places, place)
            if not at:
                continue
            request = self.held[places[at - 1][1]]
            if self.had_seen(record, request):
                continue
            if witness is None:
                if self.witnessed(record, request):
                    return True
            elif not self._saw(witness.author, witness.seq, request):
                return True
        return False

    def asked_unseen(self, record: Record) -> bool:
        """May ``record`` undo a request to take over from its author where the request sorts
        (``wrote_unaware_after``), so the fold folds anew? It arrived after the request, had
        not seen it, and was witnessed (``_unaware_of``); or it is such a witness, arriving
        last: a record that lists her chain further than its author's previous record did,
        up to a record of hers that had not seen a request this one had not seen either.
        Her records newly listed are looked at once per member who lists them. Or a record of
        hers dated below it lists it as seen (``_seen_before_it_came``)."""
        if self._unaware_of(record) or self._seen_before_it_came(record):
            return True
        if self._handed_before_it(record):
            return True
        for author, seq, _record_id in record.seen:
            if author == record.author or author not in self._asked:
                continue
            listed = self._listed[(record.author, author)]
            before = listed.by(record.seq - 1)
            seqs = self._seqs.get(author, [])
            for her_seq in seqs[bisect.bisect_right(seqs, before) : bisect.bisect_right(seqs, seq)]:
                for place in self._places[(author, her_seq)]:
                    hers = self.held[place[1]]
                    if self._unaware_of(hers, witness=record):
                        return True
                    if hers.kind == "facilitator.handover" and self.handed_unseen(hers):
                        return True  # this record may now witness it: judged anew
        return False

    def seen_after(self, record: Record, mark: str, since: Place) -> bool:
        """Had the author of ``record`` seen a held record marked ``mark`` that sorts at or
        after ``since``?"""
        places = self.marked.get(mark, ())
        for place in places[bisect.bisect_left(places, since) :]:
            self.visits += 1
            if self.had_seen(record, self.held[place[1]]):
                return True
        return False

    def rejudges(self, marked: Record) -> bool:
        """Does a held record sort before ``marked`` (a marked record) though its author had
        seen it, or does ``marked`` undo a request sorting before it (``asked_unseen``)? Then
        a verdict given before ``marked`` was held may change: the fold folds anew. Looks only
        at the records written after seeing it (none sort before it in an honest session):
        what a flood of records closing nothing never costs."""
        if self._asks is not None and self.asked_unseen(marked):
            return True
        if self._mark(marked) is None:
            return False
        place = (marked.order_key, marked.id)
        for author in self._listers.get(marked.author, ()):
            first = self._listed[(author, marked.author)].first(marked.seq)
            if first is None:
                continue
            seqs = self._seqs.get(author, [])
            for seq in seqs[bisect.bisect_left(seqs, first) :]:
                if any(p < place for p in self._places[(author, seq)]):
                    return True
        return False
