"""The deterministic fold: records in, state and state hash out.

Every peer folds the records of a session in the same total order, (lamport, author, seq), so
peers that hold the same set compute the same state and the same state hash, whatever order the
records arrived in. A reducer gives the records meaning; a record it refuses is remembered with
its reason (part of the state, so every peer agrees on what was refused) and never crashes the
fold.
"""

from __future__ import annotations

import bisect
import copy
import hashlib
import itertools
from collections.abc import Generator, Iterator
from typing import Any, Generic, Protocol, TypeVar

from beraad.core.canonical import canonical_bytes
from beraad.core.forks import Keeper
from beraad.core.messages import N_, Explained, Reason, reason_of
from beraad.core.record import Record
from beraad.core.replica import opens_session
from beraad.core.seen import Past

S = TypeVar("S")
T = TypeVar("T")

#: A fold in steps (``Fold.extending``): yields between steps, returns its result.
Steps = Generator[None, None, T]

#: Records a refold in steps (``Fold.refolding``) folds between two of its steps: small enough
#: that whoever drives it can hand the loop on well within a frame.
REFOLD_STEP = 32

#: Versions count up across all folds: a fold rebuilt from the store never repeats one.
_VERSIONS = itertools.count(1)


class Rejected(Exception):
    """Raised by a reducer for a record that is well signed but means nothing valid."""


class Unheard(Rejected):
    """A record refused without a trace in the state: its author is no member where it sorts.

    Whether a peer holds such a record depends on arrival order — the gate took it while the
    fold still counted its author, before a back-dated batch of admissions filled the session
    and the author's own admission was refused — so listing it among the refused would give
    peers holding the same members' records different state hashes. It counts for nothing and
    is kept apart (``Fold.unheard``), outside the snapshot.
    """


class OutOfChain(Explained, Rejected):
    """A record whose lamport is not above its own previous record's (see ``Fold.chained``)."""


class Checked(Explained, Rejected):
    """A refusal ``Fold.check`` kept as a ``Reason``, raised again with its template."""


class Faulted(Explained, Rejected):
    """A record a fault in a reducer tripped on (``Fold._run``): refused alike everywhere."""


class Reducer(Protocol[S]):
    """Gives records meaning. ``apply`` must be deterministic and leave ``state`` unchanged when
    it raises ``Rejected``."""

    def initial(self) -> S: ...

    def apply(self, state: S, record: Record) -> None: ...

    def snapshot(self, state: S) -> Any: ...


class Fold(Generic[S]):
    """Folds one session's records, incrementally when they arrive in order."""

    def __init__(self, reducer: Reducer[S]) -> None:
        self.reducer = reducer
        self.state: S = reducer.initial()
        self.records: list[Record] = []
        self._keys: list[tuple[int, str, int]] = []
        #: The lamport of every record the fold holds (``records``), by id, folded yet in this
        #: pass or not: what ``_chained`` judges a record's previous record by.
        self._held: dict[str, int] = {}
        #: Author → highest seq, and the highest lamport, of the records held (``records``):
        #: kept as they come, so "what this person has seen" costs no walk over thousands.
        self.frontier: dict[str, int] = {}
        self.top_lamport = 0
        #: Ids that held records name as ``prev`` but the fold does not hold: when one comes,
        #: the records naming it are judged anew (``_take``).
        self._awaited: set[str] = set()
        #: Every record held, by id, and what their authors had seen of the records the
        #: reducer marks (``seen.Past``; the reducer reads it as ``reducer.past``).
        self.past = Past(getattr(reducer, "marks", _unmarked), getattr(reducer, "asks", None))
        if hasattr(reducer, "past"):
            reducer.past = self.past
        self.rejected: dict[str, str] = {}
        #: Records by keys that are no members where they sort: refused, outside the hash.
        self.unheard: dict[str, str] = {}
        #: Counts changes to the state (or to what was refused): whoever derives something from
        #: the state — its hash, a screen's rows — derives it again only when this moved.
        self.version = next(_VERSIONS)
        self._hashed: tuple[int, str] | None = None
        #: Author → the seq from which their records are left out: they forked there.
        self.set_aside: dict[str, int] = {}
        #: The forkers' records from their fork on, by id (folded only when ``kept``).
        self.aside: dict[str, Record] = {}
        #: Set-aside id → (why, the record it counts for): the group built on it (``forks``).
        self.kept: dict[str, tuple[str, str]] = {}
        self._keeper: Keeper | None = None
        #: Full refolds so far: what a record slotted into the past costs (the ingest path
        #: gathers such records so a peer sending many does not cost one refold each).
        self.refolds = 0
        #: A refold in steps under way (``refolding``): finished first by any change.
        self._unfinished: Iterator[None] | None = None

    def is_set_aside(self, record: Record) -> bool:
        """Is ``record`` at or past the seq where its author forked (the plain rule)?"""
        seq = self.set_aside.get(record.author)
        return seq is not None and record.seq >= seq

    def set_aside_forks(self, forks: dict[str, int]) -> None:
        """Leave out each forker's records from the seq they forked at (author → seq), but
        those the group built on (``forks.Keeper``).

        Which copy of a forked record a peer took first depends on timing; leaving out both,
        and everything their author wrote after, makes the state depend only on which records
        (the fork's evidence included) a peer knows. Named in the snapshot, so the hash says it.
        """
        self.settle()
        if forks == self.set_aside:
            return
        self.set_aside = dict(forks)
        self._rebuild()

    def _rebuild(self, fresh: list[Record] | None = None) -> None:
        """Sort every record held (and ``fresh``) into folded and set aside again, say anew
        which set-aside ones still count, and refold."""
        everything = {r.id: r for r in [*self.records, *self.aside.values(), *(fresh or [])]}
        self.aside = {i: r for i, r in everything.items() if self.is_set_aside(r)}
        plain = [r for r in everything.values() if not self.is_set_aside(r)]
        self._keeper = Keeper()
        for record in self.aside.values():
            self._keeper.note_aside(record)
        for record in plain:
            self._keeper.note(record)
        self.kept = self._keeper.keep(self.aside)
        merged = sorted(
            plain + [self.aside[i] for i in self.kept], key=lambda r: (r.order_key, r.id)
        )
        if [r.id for r in merged] == [r.id for r in self.records]:
            # Nothing folded moved (a proof above what this peer holds): the state is the
            # same, only the snapshot's ``set_aside`` changed. No refold.
            self.version = next(_VERSIONS)
            return
        self.records = merged
        self._keys = [r.order_key for r in self.records]
        self._held = {}
        self.frontier, self.top_lamport = {}, 0
        self._awaited = set()
        self.past.clear()
        self._take(self.records, judge=False)
        self.refold()

    def _take(self, records: list[Record], judge: bool = True) -> bool:
        """Note ``records`` as held, before any of them is folded.

        Returns True if one of them is the previous record of a record held before it: that
        record was not judged against it (``_chained``) and may be refused now, so the caller
        refolds. The gate passes a record only with or after its previous one, so this is rare.
        Likewise (with ``judge``) for a marked record (a close, a move) that a held record
        sorting before it had seen (``seen.Past.rejudges``): only a back-dated record does.
        """
        judged_anew = self._awaited_any(records)
        frontier = self.frontier
        for record in records:
            self._held[record.id] = record.lamport
            if record.seq > frontier.get(record.author, 0):
                frontier[record.author] = record.seq
            if record.lamport > self.top_lamport:
                self.top_lamport = record.lamport
            self._awaited.discard(record.id)
            self.past.hold(record)
        for record in records:
            if record.prev is not None and record.prev not in self._held:
                self._awaited.add(record.prev)
        if judge and not judged_anew:
            judged_anew = any(self.past.rejudges(record) for record in records)
        return judged_anew

    def _awaited_any(self, records: list[Record]) -> bool:
        """Is one of ``records`` a previous record of one held?"""
        return any(r.id in self._awaited for r in records)

    def _sort_out(self, records: list[Record]) -> list[Record]:
        """Of ``records`` not yet held: the ones to fold, set-aside ones kept aside; with the
        set-aside ones the group now builds on (``forks``) among those to fold. Only the
        set-aside records these can make count are looked at again (what they name, an
        admission of their author or of whom they name), so a session with a forker pays
        little per record — unless one may count no more: then all are (``Keeper.note``)."""
        fresh = [r for r in records if r.id not in self._held and r.id not in self.aside]
        if not fresh or not self.set_aside or self._keeper is None:
            return fresh
        plain: list[Record] = []
        touched: set[str] = set()
        every = False  # a record that may take one off the kept list: all are looked at
        for record in fresh:
            if self.is_set_aside(record):
                self.aside[record.id] = record
                touched.add(record.id)
                every = self._keeper.note_aside(record) or opens_session(record) or every
                continue
            plain.append(record)
            names, fewer = self._keeper.note(record)
            touched |= names
            every = every or fewer
        return self._newly_kept(plain, None if every else touched)

    def _newly_kept(self, plain: list[Record], touched: set[str] | None) -> list[Record]:
        """``plain`` and the set-aside records the group now builds on that were not kept
        before, to be folded (``touched``: the set-aside ids to look at again; None: all,
        said anew from every record held, as a full fold says them). Should one kept before
        count no more (a puppet's admission came in, an opening copy sorting first, someone
        who can vouch spoke), everything is sorted out anew here and nothing is left to fold."""
        if self._keeper is None:
            return plain
        if touched is None:
            kept = self._keeper.keep(self.aside)
            if not set(self.kept) <= set(kept):
                self._rebuild(plain)
                return []
            now_kept = [self.aside[i] for i in kept if i not in self.kept]
            self.kept = kept
            return plain + now_kept
        # Only what these records can change is looked at, and only that is copied: a session
        # with many kept records pays per record for what it changes, not for all of them.
        looked = {i: self.aside[i] for i in touched if i in self.aside}
        if not looked:
            return plain
        said = self._keeper.keep(self.aside, looked, openings=False)
        now_kept = [self.aside[i] for i in said if i not in self.kept]
        self.kept.update(said)
        return plain + now_kept

    def add(self, record: Record) -> bool:
        """Fold in one record; returns False if it was already folded (or is set aside)."""
        self.settle()
        if record.id in self._held:
            return False
        if self.set_aside:
            self.extend([record])
            return record.id in self._held
        key = record.order_key
        judged_anew = self._take([record])
        if not judged_anew and (not self._keys or key > self._keys[-1]):
            self._keys.append(key)
            self.records.append(record)
            self._apply(record)
        else:
            index = bisect.bisect(self._keys, key)
            self._keys.insert(index, key)
            self.records.insert(index, record)
            self.refold()
        return True

    def extend(self, records: list[Record]) -> None:
        """Fold many records at once, refolding at most once."""
        finish(self.extending(records))

    def extending(self, records: list[Record]) -> Iterator[None]:
        """``extend`` in steps: a refold it costs yields between steps (``refolding``), so
        whoever drives it can let others run meanwhile. Nothing else may change the fold
        before it is done (a change finishes it first)."""
        self.settle()
        yield from self._merging(self._sort_out(records))

    def _merge(self, fresh: list[Record]) -> None:
        finish(self._merging(fresh))

    def _merging(self, fresh: list[Record]) -> Iterator[None]:
        """Fold ``fresh`` (none held yet), appending when they all sort last."""
        if not fresh:
            return
        in_order = sorted(fresh, key=lambda r: (r.order_key, r.id))
        # All of them held before any is folded: a record sorting before its own previous
        # record in the same batch is refused as back-dated, as a refold would refuse it.
        judged_anew = self._take(in_order)
        if not judged_anew and (not self._keys or in_order[0].order_key > self._keys[-1]):
            for record in in_order:
                self._keys.append(record.order_key)
                self.records.append(record)
                self._apply(record)
            return
        merged = sorted([*self.records, *in_order], key=lambda r: (r.order_key, r.id))
        yield from self.refolding(merged)

    def sorts_before_end(self, records: list[Record]) -> bool:
        """Would folding ``records`` refold the session (one of them sorts before the last, or
        is the previous record of one held before it)?"""
        if self._awaited_any(records) or any(self.past.rejudges(r) for r in records):
            return True
        if not self._keys:
            return False
        end = self._keys[-1]
        return any(r.order_key <= end and r.id not in self._held for r in records)

    def try_append(self, record: Record) -> Rejected | None:
        """Fold in a record that sorts after everything held, unless the reducer refuses it.

        Returns the refusal (and then changes nothing) or None once the record is folded.
        Our own new records always sort last (their lamport is the highest seen), so this is
        how they are checked before they are signed into the chain and published — without
        copying the state.
        """
        self.settle()
        if record.id in self._held:
            return None
        key = record.order_key
        if (self._keys and key <= self._keys[-1]) or self._awaited_any([record]):
            reason = self.check(record)
            if reason is None:
                self.add(record)
                return None
            if isinstance(reason, Reason):  # still in the reader's language where it is shown
                return Checked(reason.template, **reason.params)
            return Rejected(reason)
        try:
            self._screen(self.state, record)
            self._chained(record)
            self._run(self.state, record)
        except Rejected as error:
            return error
        self.version = next(_VERSIONS)
        self._overrule(self.state, self.rejected)
        judged_anew = self._take([record])
        self._keys.append(key)
        self.records.append(record)
        if judged_anew:
            self.refold()
        if self.set_aside and self._keeper is not None:
            names, fewer = self._keeper.note(record)
            self._merge(self._newly_kept([], None if fewer else names))
        return None

    def check(self, record: Record) -> str | None:
        """Would ``record``, appended now, be refused? Returns the reason (a ``Reason`` when it
        explains itself), changing nothing.

        Used before one of our own records is signed into the chain and published, so a
        mistaken contribution is refused on this device instead of living on as a refusal.
        """
        trial = copy.deepcopy(self.state)
        try:
            self._screen(trial, record)
            self._chained(record)
            self._run(trial, record)
        except Rejected as error:
            return reason_of(error)
        return None

    def refold(self) -> None:
        """Fold every record held anew (the order or the set of records changed)."""
        self.settle()
        finish(self.refolding())

    def refolding(self, records: list[Record] | None = None) -> Iterator[None]:
        """Refold ``records`` (every record held, in order; by default ``records`` as it is) in
        steps of ``REFOLD_STEP`` records, yielding between steps.

        The records are folded into a fresh state; the state, what was refused and the list of
        records folded are swapped in only after the last step, so until then readers see the
        fold as it was, whole. A record slotted into the past costs a refold of the session;
        in steps, the peer's loop goes on meanwhile (``Node`` drives it, a slice per turn).
        """
        steps = self._refold_steps(self.records if records is None else records)
        self._unfinished = steps
        try:
            yield from steps
        finally:
            if self._unfinished is steps:
                self._unfinished = None

    @property
    def refolding_now(self) -> bool:
        """Is a refold in steps under way (readers see the fold as it was before it)?"""
        return self._unfinished is not None

    def settle(self) -> None:
        """Finish a refold in steps under way: what changes the fold comes after it."""
        steps, self._unfinished = self._unfinished, None
        if steps is not None:
            finish(steps)

    def _refold_steps(self, records: list[Record]) -> Iterator[None]:
        self.refolds += 1
        state = self.reducer.initial()
        rejected: dict[str, str] = {}
        unheard: dict[str, str] = {}
        for start in range(0, len(records), REFOLD_STEP):
            for record in records[start : start + REFOLD_STEP]:
                self._apply_to(state, rejected, unheard, record)
            if start + REFOLD_STEP < len(records):
                yield
        if records is not self.records:
            self.records = records
            self._keys = [r.order_key for r in records]
        self.state, self.rejected, self.unheard = state, rejected, unheard
        self.version = next(_VERSIONS)

    def _apply(self, record: Record) -> None:
        self.version = next(_VERSIONS)
        self._apply_to(self.state, self.rejected, self.unheard, record)

    def _apply_to(
        self, state: S, rejected: dict[str, str], unheard: dict[str, str], record: Record
    ) -> None:
        try:
            self._screen(state, record)
            self._chained(record)
            self._run(state, record)
        except Unheard as error:
            unheard[record.id] = reason_of(error)
        except Rejected as error:
            rejected[record.id] = reason_of(error)
        else:
            self._overrule(state, rejected)

    def _overrule(self, state: S, rejected: dict[str, str]) -> None:
        """Take the reducer's change of an earlier record's verdict (a confirmation that names
        the admission it confirms refuses the back-dated one sorted before it): id → the
        reason it is refused now, or None when it counts now. Same records, same verdicts."""
        overruled = getattr(self.reducer, "overruled", None)
        if overruled is None:
            return
        for record_id, reason in overruled(state).items():
            if reason is None:
                rejected.pop(record_id, None)
            else:
                rejected[record_id] = reason

    def _screen(self, state: S, record: Record) -> None:
        """Ask the reducer, before anything else, whether the record is heard at all (its
        ``screen`` raises ``Unheard``): a refusal of any other kind would leave a trace."""
        screen = getattr(self.reducer, "screen", None)
        if screen is not None:
            screen(state, record)

    def _chained(self, record: Record) -> None:
        """Refuse a record whose lamport is not above its previous record's in its author's chain.

        An honest peer's next lamport is past everything it has seen, its own records included.
        A record that claims less was back-dated below its author's own last word — slotted into
        the past by an author who had already written later: refused, the same on every peer.
        The verdict depends only on which records the fold holds, never on when they came: the
        previous record is judged by whenever the fold holds it, folded yet in this pass or
        not (it sorts after the record it precedes exactly when the record is back-dated). A
        previous record this fold does not hold is not judged (a part of a session folded on
        its own, or a forker's record set aside); should it come later, the fold refolds
        (``_take``).
        """
        if record.prev is None:
            return
        before = self._held.get(record.prev)
        if before is not None and before >= record.lamport:
            raise OutOfChain(
                N_("its lamport is not above its author's previous record's: it is back-dated")
            )

    def _run(self, state: S, record: Record) -> None:
        """Apply one record; a fault in a reducer refuses that record instead of the session.

        The fold runs on every peer, on every open, in verify and import: one signed record
        that trips a bug would otherwise make a data dir unopenable for good. The same code on
        the same records refuses it the same way everywhere, so state hashes still agree.
        """
        try:
            self.reducer.apply(state, record)
        except Rejected:
            raise
        except Exception as error:
            raise Faulted(
                N_(
                    "could not be folded ({error}): a fault in beraad, refused the same way on "
                    "every peer"
                ),
                error=type(error).__name__,
            ) from error

    def snapshot(self) -> dict[str, Any]:
        snapshot = {
            "state": self.reducer.snapshot(self.state),
            # The English text alone (a ``Reason`` is a str that also carries its template).
            "rejected": {k: str(v) for k, v in sorted(self.rejected.items())},
        }
        if self.set_aside:  # only then: the hash of a session without a fork is unchanged
            snapshot["set_aside"] = dict(sorted(self.set_aside.items()))
        return snapshot

    def state_hash(self) -> str:
        """The hash of ``snapshot()``, computed once per change of the state (peers compare it
        after every record, and serialising a big session's state is the costly part)."""
        if self._hashed is None or self._hashed[0] != self.version:
            digest = hashlib.sha256(canonical_bytes(self.snapshot())).hexdigest()
            self._hashed = (self.version, digest)
        return self._hashed[1]


def finish(steps: Generator[Any, None, T]) -> T:
    """Run ``steps`` (a fold in steps, ``Fold.extending``) to its end at once; its result."""
    while True:
        try:
            next(steps)
        except StopIteration as end:
            return end.value


def _unmarked(record: Record) -> None:
    """A reducer that marks no records: nothing to read of what anyone had seen."""
    return None


class LedgerReducer:
    """The simplest meaning: which records of each kind exist. A base for real reducers."""

    def initial(self) -> dict[str, list[str]]:
        return {}

    def apply(self, state: dict[str, list[str]], record: Record) -> None:
        state.setdefault(record.kind, []).append(record.id)

    def snapshot(self, state: dict[str, list[str]]) -> Any:
        return state
