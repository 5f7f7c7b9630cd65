"""The record store the node uses: every record of every session, durable, queryable.

Why it is built this way (DESIGN §7):

* **Durability is a journal** (``journal.py``): each change is one checksummed JSON line,
  written with ``pwrite`` and ``fdatasync``ed before the call returns, so a record counts as
  accepted only once it is on disk. Appending costs the same at record 10 and at record 10,000.
* **TinyDB is the query layer, in memory** (``tables.py``). TinyDB's ``Storage`` contract
  rewrites the whole database on every change, so a storage that journals from ``write()``
  would still pay O(size) per insert. Instead this store journals the *change* it makes and
  only then hands it to a TinyDB whose storage keeps the replayed database in memory (its
  ``write`` never touches disk) and whose inserts are O(1). ``query()`` runs any TinyDB query
  over the records, each given to it as a document made when asked (a copy of every record
  as a document cost ~0.5 KB a record, held for queries only tests make); the hot paths the
  node needs (a session in fold order, a chain by seq, frontier, members) are plain in-memory
  indexes kept beside it.
* **Cold open replays the journal** without re-verifying signatures — they were checked before
  the first append — but each line's checksum is checked and each record rebuilt through
  ``Record.from_dict``, so damage is caught. A torn tail is dropped and noted in ``recovered``;
  damaged, missing and unreadable lines in the middle are set aside and said (the journal is
  rewritten without them); a damaged header stops the open (``StoreCorrupt``) and changes
  nothing.
* **One writer per data dir** (``lock.py``): a second instance gets ``StoreLocked``.
* **Compaction** writes the current contents to a new file and renames it over the journal.

Writes are serialised by a lock, so the store may be shared by the event loop and worker
threads. Local values and settings are JSON without floats (``CanonicalError`` otherwise).
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import copy
import logging
import os
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from tinydb import where
from tinydb.queries import QueryLike

from beraad.core.messages import QUOTED_CHARS, quoted
from beraad.core.record import SESSION_PATTERN, Record, RecordError
from beraad.i18n import _
from beraad.i18n.kinds import worded
from beraad.i18n.os_words import os_reason
from beraad.readable import readable
from beraad.store.errors import StoreCorrupt, StoreError, StoreFull, StoreLocked
from beraad.store.journal import Journal, Scan, encode_entry, left_out
from beraad.store.lock import DirLock
from beraad.store.tables import ReplayedDB, open_db

__all__ = [
    "RecordStore",
    "StoreCorrupt",
    "StoreError",
    "StoreFull",
    "StoreLocked",
]

log = logging.getLogger(__name__)

STORE_DIR = "store"
JOURNAL_FILE = "records.jsonl"
LOCK_FILE = "lock"
OPEN_KIND = "session.open"
ADMIT_KIND = "member.admit"

#: The store holds the group keys of sessions: only its owner may read it.
DIR_MODE = 0o700
FILE_MODE = 0o600

EVIDENCE = "evidence"
LOCAL = "local"
SETTINGS = "settings"


@dataclass(slots=True)
class _Session:
    """In-memory indexes of one session; rebuilt from the journal on every open."""

    records: list[Record] = field(default_factory=list)  # fold order (lamport, author, seq)
    chains: dict[str, dict[int, Record]] = field(default_factory=dict)  # author -> seq -> record
    heads: dict[str, int] = field(default_factory=dict)  # author -> highest seq held
    members: set[str] = field(default_factory=set)
    evidence: list[list[Record]] = field(default_factory=list)
    evidence_keys: set[frozenset[str]] = field(default_factory=set)

    def index(self, record: Record, sort: bool = True) -> None:
        """Add to the indexes; with ``sort=False`` the caller sorts ``records`` afterwards."""
        self.chains.setdefault(record.author, {}).setdefault(record.seq, record)
        if record.seq > self.heads.get(record.author, 0):
            self.heads[record.author] = record.seq
        if record.kind == OPEN_KIND:
            self.members.add(record.author)
        elif record.kind == ADMIT_KIND:
            member = record.body.get("member")
            if isinstance(member, str):
                self.members.add(member)
        key = record.order_key
        if not sort or not self.records or key > self.records[-1].order_key:
            self.records.append(record)
        else:
            bisect.insort(self.records, record, key=_order_key)

    def add_evidence(self, records: list[Record]) -> bool:
        key = frozenset(record.id for record in records)
        if key in self.evidence_keys:
            return False
        self.evidence_keys.add(key)
        self.evidence.append(list(records))
        return True


def _order_key(record: Record) -> tuple[int, str, int]:
    return record.order_key


def _record_payload(record: Record) -> bytes:
    # Canonical by construction: keys in sorted order, the record in its canonical bytes.
    return b'{"op":"record","record":' + record.to_bytes() + b"}"


def _share(document: Any, shared: dict[str, str], by_id: dict[str, Record]) -> None:
    """One string object for what thousands of records repeat: the session, the author and
    the kind are the same few strings, and a record's ``prev`` is its previous record's id
    (JSON gives each line its own copies: ~0.3 KB a record)."""
    if not isinstance(document, dict):
        return  # ``Record.from_dict`` says what is wrong with it
    for name in ("session", "author", "kind"):
        value = document.get(name)
        if isinstance(value, str):
            document[name] = shared.setdefault(value, value)
    previous = by_id.get(document.get("prev"))  # type: ignore[arg-type]
    if previous is not None:
        document["prev"] = previous.id


def _document(record: Record) -> dict[str, Any]:
    document = record.to_dict()
    document["id"] = record.id
    return document


def _check_session(session: str) -> None:
    if not isinstance(session, str) or not SESSION_PATTERN.match(session):
        raise ValueError(f"session must be 32 lowercase hex characters, not {session!r}")


class RecordStore:
    """Every record this peer holds, plus fork evidence, local session values and settings."""

    def __init__(
        self,
        data_dir: Path,
        lock: DirLock | None,
        journal: Journal | None,
        db: ReplayedDB,
        by_id: dict[str, Record],
        sessions: dict[str, _Session],
        recovered: list[str],
    ) -> None:
        self.data_dir = data_dir
        self.recovered = recovered
        self._changes = 0  # local-value and setting entries in the journal
        self._lock = lock
        self._journal = journal
        self._db = db
        self._by_id = by_id
        self._sessions = sessions
        self._mutex = threading.RLock()
        #: Records written and on their way to the disk (``append_many_aside``).
        self._pending: dict[str, Record] = {}
        #: The one thread that makes those writes durable, in order.
        self._syncer = ThreadPoolExecutor(1, thread_name_prefix="beraad-store-sync")
        self._closed = False
        self._journal_path = data_dir / STORE_DIR / JOURNAL_FILE
        self._read_size = 0
        #: What the damaged lines set aside on opening still held (``Scan.damaged_lines``):
        #: read once by the node, which keeps what matters of them as local values.
        self.damaged_lines: list[bytes] = []
        #: Journal lines found gone whole on opening (deleted, or the end cut off): what
        #: they held is unknown, so the node treats each as a record of ours it cannot place.
        self.lines_lost = 0

    # -- opening and closing ---------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: Path, *, readonly: bool = False) -> RecordStore:
        """Open (creating if needed) the store of ``data_dir``, taking its lock and replaying.

        ``readonly`` takes no lock and changes nothing: it reads what is confirmed, beside a
        running writer if there is one (``beraad state`` and ``export`` next to a keeper).
        """
        data_dir = Path(data_dir)
        if readonly:
            return cls._open_reader(data_dir)
        store_dir = data_dir / STORE_DIR
        try:
            data_dir.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
            store_dir.mkdir(exist_ok=True, mode=DIR_MODE)
        except OSError as error:
            raise StoreError(
                _("Cannot create the record store folder {path}: {error}").format(
                    path=store_dir, error=os_reason(error)
                )
            ) from error
        _make_private(store_dir)
        lock = DirLock.acquire(store_dir / LOCK_FILE, data_dir)
        try:
            scan = Journal.scan(store_dir / JOURNAL_FILE)
            tables, by_id, sessions, unread = _replay(scan)
            changes = sum(
                1 for _line, entry in scan.entries if entry.get("op") in (LOCAL, SETTINGS)
            )
            del scan.entries[:]
            damaged = bool(scan.damaged or scan.missing or scan.twice or scan.moved or unread)
            damaged_lines = list(scan.damaged_lines)
            journal, recovered = Journal.start(scan)
            for line, problem, index in unread:
                note, start = journal.keep_unreadable(line, problem, scan.spans[index])
                recovered.append(note)
                damaged_lines.append(start)
            # A damaged line whose copy could not be kept stays in the journal: the rewrite
            # below would drop its bytes (the rest of the journal is read around it anyway).
            # Lines gone whole are renumbered by it, so the next start finds nothing to say.
            rewrite = (journal.legacy or damaged) and not journal.damage_unkept
        except BaseException:
            lock.release()
            raise
        for note in recovered:
            log.warning("%s", note)
        store = cls(data_dir, lock, journal, open_db(tables), by_id, sessions, recovered)
        store._changes = changes
        store.damaged_lines = damaged_lines
        store.lines_lost = sum(last - first + 1 for first, last in scan.missing)
        if rewrite:
            # A journal from before line numbers: rewrite it once, so that from now on a line
            # missing anywhere is noticed; one with damaged lines set aside: rewrite it without
            # them. The old file stays whole until the atomic rename.
            try:
                store.compact()
            except BaseException:
                store.close()
                raise
            log.info("rewrote %s with numbered lines", journal.path)
        return store

    @classmethod
    def _open_reader(cls, data_dir: Path) -> RecordStore:
        scan = Journal.read(data_dir / STORE_DIR / JOURNAL_FILE)
        tables, by_id, sessions, unread = _replay(scan)
        said = [*left_out(scan), *(_left_unread(scan.path, line, why) for line, why, _i in unread)]
        store = cls(data_dir, None, None, open_db(tables), by_id, sessions, said)
        store.lines_lost = sum(last - first + 1 for first, last in scan.missing)
        store._read_size = scan.good_size
        return store

    @property
    def readonly(self) -> bool:
        return self._journal is None

    def close(self) -> None:
        """Release the journal and the lock; the store cannot be used afterwards."""
        with self._mutex:
            if self._closed:
                return
            self._closed = True
            self._syncer.shutdown(wait=True)  # a sync under way ends first
            if self._journal is not None:
                self._journal.close()
            self._db.close()
            if self._lock is not None:
                self._lock.release()

    def __enter__(self) -> RecordStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def syncs(self) -> int:
        """Durable writes (``fdatasync``s) of the journal since opening (0 read-only)."""
        return self._journal.syncs if self._journal is not None else 0

    @property
    def journal_path(self) -> Path:
        return self._journal_path

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(_("The record store is closed."))

    def _writer(self) -> Journal:
        """The journal, for a change; a store opened read-only refuses every change."""
        self._check_open()
        if self._journal is None:
            raise StoreError(
                _(
                    "The data dir {dir} is open for reading only (another beraad writes to it), "
                    "so nothing can be changed from here."
                ).format(dir=self.data_dir)
            )
        return self._journal

    # -- records ---------------------------------------------------------------------------

    def append(self, record: Record) -> bool:
        """Store one record durably (fsynced before return); False if its id is already held.

        The record must have been verified and placed in its chain (``Chains``): a second,
        different record at a place already held is a fork and belongs in ``put_evidence``.
        """
        with self._mutex:
            journal = self._writer()
            if record.id in self._by_id:
                return False
            self._check_place(record, {})
            journal.append([_record_payload(record)])
            self._add([record])
            return True

    def append_many(self, records: Iterable[Record]) -> list[Record]:
        """Store a batch with one fsync; returns the records that were new, in batch order."""
        with self._mutex:
            journal = self._writer()
            fresh = self._fresh(records)
            if fresh:
                journal.append([_record_payload(record) for record in fresh])
                self._add(fresh)
            return fresh

    async def append_many_aside(self, records: Iterable[Record]) -> list[Record]:
        """``append_many`` with its ``fdatasync`` in the store's own thread, so the event
        loop goes on meanwhile (a busy disk took up to 140 ms a sync, with keys waiting).
        The records are held (``has``, ``chain``, what a peer is sent) only once durable, as
        ever; syncs run one at a time, in order, and a plain ``append_many`` meanwhile makes
        the lines before its own durable too."""
        with self._mutex:
            journal = self._writer()
            fresh = self._fresh(records)
            if not fresh:
                return []
            head = journal.write([_record_payload(record) for record in fresh])
            self._pending.update((record.id, record) for record in fresh)
        try:
            if head is not None:
                loop = asyncio.get_running_loop()
                await loop.run_in_executor(self._syncer, journal.sync, head)
            with self._mutex:
                self._add(fresh)
        finally:
            for record in fresh:
                self._pending.pop(record.id, None)
        return fresh

    def _fresh(self, records: Iterable[Record]) -> list[Record]:
        """The records not held yet (nor on their way to the disk), their places checked."""
        fresh: list[Record] = []
        places: dict[tuple[str, str, int], str] = {}
        seen: set[str] = set()
        for record in records:
            if record.id in self._by_id or record.id in self._pending or record.id in seen:
                continue
            self._check_place(record, places)
            seen.add(record.id)
            places[(record.session, record.author, record.seq)] = record.id
            fresh.append(record)
        return fresh

    def _check_place(self, record: Record, batch: dict[tuple[str, str, int], str]) -> None:
        held = None
        index = self._sessions.get(record.session)
        if index is not None:
            chain = index.chains.get(record.author)
            held = chain.get(record.seq) if chain else None
        other = (
            held.id if held is not None else batch.get((record.session, record.author, record.seq))
        )
        if other is not None and other != record.id:
            raise ValueError(
                f"record {record.id[:12]} takes seq {record.seq} of author "
                f"{record.author[:12]}, already held by {other[:12]}: a fork belongs in "
                "put_evidence, not in the chain"
            )

    def _add(self, records: list[Record]) -> None:
        for record in records:
            self._by_id[record.id] = record
            self._session(record.session).index(record)

    def _session(self, session: str) -> _Session:
        index = self._sessions.get(session)
        if index is None:
            index = self._sessions[session] = _Session()
        return index

    def has(self, record_id: str) -> bool:
        return record_id in self._by_id

    def get(self, record_id: str) -> Record | None:
        return self._by_id.get(record_id)

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Record]:
        """Every record held, in the order it was stored."""
        with self._mutex:
            return iter(list(self._by_id.values()))

    def records(self, session: str) -> list[Record]:
        """The session's records in fold order (lamport, author, seq)."""
        index = self._sessions.get(session)
        return list(index.records) if index else []

    def chain(
        self, session: str, author: str, from_seq: int = 1, to_seq: int | None = None
    ) -> list[Record]:
        """The author's records in the session with ``from_seq <= seq <= to_seq``, by seq."""
        index = self._sessions.get(session)
        if index is None or author not in index.chains:
            return []
        chain, head = index.chains[author], index.heads[author]
        last = head if to_seq is None else min(to_seq, head)
        return [chain[seq] for seq in range(max(from_seq, 1), last + 1) if seq in chain]

    def frontier(self, session: str) -> dict[str, int]:
        """Author → highest seq held, for one session."""
        index = self._sessions.get(session)
        return dict(index.heads) if index else {}

    def sessions(self) -> list[str]:
        """Every session with a record, fork evidence or local values here, sorted."""
        return sorted(self._sessions)

    def members(self, session: str) -> set[str]:
        """The opener of the session and everyone a held ``member.admit`` record admits."""
        index = self._sessions.get(session)
        return set(index.members) if index else set()

    def query(self, condition: QueryLike) -> list[Record]:
        """Any TinyDB query over the records' fields (plus ``id``), in the order stored.

        ``store.query((where("session") == s) & (where("kind") == "knot.add"))``
        """
        with self._mutex:
            held = list(self._by_id.values())
        return [record for record in held if condition(_document(record))]

    # -- fork evidence ----------------------------------------------------------------------

    def put_evidence(self, session: str, records: list[Record]) -> None:
        """Keep, forever, the conflicting records that prove a fork (idempotent)."""
        self.put_evidence_many(session, [records])

    def put_evidence_many(self, session: str, groups: list[list[Record]]) -> int:
        """Keep the proofs of several forks with one durable write (one ``fdatasync``), as
        ``append_many`` does for records; proofs already held are skipped. Returns how many
        were new: a peer sending a hundred proofs at once costs one write, not a hundred."""
        _check_session(session)
        if any(record.session != session for group in groups for record in group):
            raise ValueError("fork evidence must belong to the session it is filed under")
        with self._mutex:
            journal = self._writer()
            existing = self._sessions.get(session)
            held = existing.evidence_keys if existing is not None else set()
            fresh: list[list[Record]] = []
            keys: set[frozenset[str]] = set()
            for group in groups:
                key = frozenset(record.id for record in group)
                if key not in held and key not in keys:
                    keys.add(key)
                    fresh.append(list(group))
            if not fresh:
                return 0
            entries = [
                {"op": EVIDENCE, "session": session, "records": [r.to_dict() for r in group]}
                for group in fresh
            ]
            journal.append([encode_entry(entry) for entry in entries])
            for group, entry in zip(fresh, entries, strict=True):
                self._session(session).add_evidence(group)
                self._db.table(EVIDENCE).insert(
                    {
                        "session": session,
                        "ids": [record.id for record in group],
                        "records": entry["records"],
                    }
                )
            return len(fresh)

    def evidence(self, session: str) -> list[list[Record]]:
        index = self._sessions.get(session)
        return [list(group) for group in index.evidence] if index else []

    def set_aside_unsigned(self, session: str, ids: set[str]) -> Path | None:
        """Leave out of what is held the records read back here that their authors did not
        sign (``beraad/read_back.py``), and every fork proof holding one: nothing folds,
        sends or exports them. An author's chain is indexed again from what remains, so a
        signed record at the same seq takes its place. A writer copies their lines beside
        the journal and rewrites it without them, so the next start does not find and say
        them again (readback16 left); returns the copy (None: nothing set aside, a reader,
        or no copy could be kept, and then the journal keeps them)."""
        with self._mutex:
            index = self._sessions.get(session)
            if index is None or not ids:
                return None
            aside = [
                *(_record_payload(r) for r in index.records if r.id in ids),
                *(
                    encode_entry(
                        {"op": EVIDENCE, "session": session, "records": [r.to_dict() for r in g]}
                    )
                    for g in index.evidence
                    if any(r.id in ids for r in g)
                ),
            ]
            authors = {r.author for r in index.records if r.id in ids}
            index.records = [r for r in index.records if r.id not in ids]
            for record_id in ids:
                if record_id in self._by_id and self._by_id[record_id].session == session:
                    del self._by_id[record_id]
            for author in authors:
                index.chains.pop(author, None)
                index.heads.pop(author, None)
            for record in index.records:
                if record.author in authors:
                    index.chains.setdefault(record.author, {}).setdefault(record.seq, record)
                    index.heads[record.author] = max(index.heads.get(record.author, 0), record.seq)
            kept = [g for g in index.evidence if not any(r.id in ids for r in g)]
            index.evidence = kept
            index.evidence_keys = {frozenset(r.id for r in group) for group in kept}
            index.members = {r.author for r in index.records if r.kind == OPEN_KIND} | {
                m
                for r in index.records
                if r.kind == ADMIT_KIND and isinstance(m := r.body.get("member"), str)
            }
            if self._journal is None or self._journal.damage_unkept or not aside:
                return None
            try:
                copy = self._journal.keep_lines("unsigned", aside)
            except OSError as error:
                log.warning("could not copy the unsigned records aside: %s", os_reason(error))
                return None
            self.compact()
            return copy

    # -- local values (never replicated) -----------------------------------------------------

    def session_local(self, session: str) -> dict[str, Any]:
        """This peer's own values for a session (group key, notes): a copy."""
        with self._mutex:
            document = self._db.table(LOCAL).get(where("session") == session)
            return copy.deepcopy(document["values"]) if document else {}

    def set_session_local(self, session: str, values: dict[str, Any]) -> None:
        """Merge ``values`` into the session's local values, durably."""
        _check_session(session)
        if not isinstance(values, dict):
            raise ValueError("local values must be a dict")
        with self._mutex:
            journal = self._writer()
            payload = encode_entry({"op": LOCAL, "session": session, "values": values})
            journal.append([payload])
            self._changes += 1
            self._session(session)
            merged = {**self.session_local(session), **copy.deepcopy(values)}
            self._db.table(LOCAL).upsert(
                {"session": session, "values": merged}, where("session") == session
            )

    def setting(self, key: str, default: Any = None) -> Any:
        """A local setting (language, theme…), or ``default``."""
        with self._mutex:
            document = self._db.table(SETTINGS).get(where("key") == key)
            return copy.deepcopy(document["value"]) if document else default

    def set_setting(self, key: str, value: Any) -> None:
        if not isinstance(key, str):
            raise ValueError("a setting's key must be a string")
        with self._mutex:
            journal = self._writer()
            journal.append([encode_entry({"op": SETTINGS, "key": key, "value": value})])
            self._changes += 1
            self._db.table(SETTINGS).upsert(
                {"key": key, "value": copy.deepcopy(value)}, where("key") == key
            )

    # -- compaction ---------------------------------------------------------------------------

    def compact(self) -> None:
        """Rewrite the journal as the current contents only (atomic rename; safe while in use)."""
        with self._mutex:
            self._writer().replace(self._snapshot())
            self._changes = len(self._db.table(LOCAL)) + len(self._db.table(SETTINGS))

    def _snapshot(self) -> Iterator[bytes]:
        for record in [*self._by_id.values(), *self._pending.values()]:
            yield _record_payload(record)
        for session, index in self._sessions.items():
            for group in index.evidence:
                records = [record.to_dict() for record in group]
                yield encode_entry({"op": EVIDENCE, "session": session, "records": records})
        for document in self._db.table(LOCAL).all():
            yield encode_entry(
                {"op": LOCAL, "session": document["session"], "values": document["values"]}
            )
        for document in self._db.table(SETTINGS).all():
            yield encode_entry({"op": SETTINGS, "key": document["key"], "value": document["value"]})

    @property
    def superseded(self) -> int:
        """Journal lines of local values and settings that later ones replaced: what
        compaction would drop. Records are never superseded (they are immutable)."""
        with self._mutex:
            live = len(self._db.table(LOCAL)) + len(self._db.table(SETTINGS))
            return max(self._changes - live, 0)

    @property
    def journal_size(self) -> int:
        """Bytes in the journal now (compaction shrinks it when settings were overwritten)."""
        return self._journal.size if self._journal is not None else self._read_size


def _make_private(store_dir: Path) -> None:
    """Owner-only modes, also for stores made by an older beraad (group keys live here).

    The data dir itself is made 0700 when created, but an existing one is left as it is: it may
    be a folder the person chose (``--data-dir``) for other things too.
    """
    with contextlib.suppress(OSError):
        os.chmod(store_dir, DIR_MODE)
    with contextlib.suppress(OSError):
        for path in store_dir.iterdir():
            if path.is_file() and not path.is_symlink():
                with contextlib.suppress(OSError):
                    os.chmod(path, FILE_MODE)


def _left_unread(path: Path, line: int, problem: str) -> str:
    """What a reader says of a line it cannot read and reads around (it changes nothing)."""
    return _(
        "Line {line} of {path} holds an entry this beraad cannot read ({problem}) and was "
        "left out; beraad sets it aside when it next opens this data dir to write."
    ).format(line=line, path=path, problem=problem)


def _replay(
    scan: Scan,
) -> tuple[
    dict[str, dict[str, Any]], dict[str, Record], dict[str, _Session], list[tuple[int, str, int]]
]:
    """Rebuild tables and indexes from the journal's entries. An entry that cannot be read
    (a newer beraad's, an unknown op, a record over its size) is left out and returned as
    (line, what is wrong, its index in ``scan.entries``): one such line in the middle locked
    every session (attack s16 #3). ``apply`` checks an entry whole before it changes anything."""
    by_id: dict[str, Record] = {}
    sessions: dict[str, _Session] = {}
    shared: dict[str, str] = {}
    evidence_docs: dict[str, Any] = {}
    local: dict[str, dict[str, Any]] = {}
    settings: dict[str, Any] = {}

    def session_of(session: Any) -> _Session:
        _check_session(session)
        index = sessions.get(session)
        if index is None:
            index = sessions[session] = _Session()
        return index

    def apply(entry: dict[str, Any]) -> None:
        op = entry["op"]
        if op == "record":
            document = entry["record"]
            _share(document, shared, by_id)
            record = Record.from_dict(document)
            if record.id in by_id:
                return
            by_id[record.id] = record
            session_of(record.session).index(record, sort=False)
        elif op == EVIDENCE:
            records = [Record.from_dict(data) for data in entry["records"]]
            if session_of(entry["session"]).add_evidence(records):
                evidence_docs[str(len(evidence_docs) + 1)] = {
                    "session": entry["session"],
                    "ids": [record.id for record in records],
                    "records": entry["records"],
                }
        elif op == LOCAL:
            values = entry["values"]
            if not isinstance(values, dict):
                raise ValueError(_("its local values are not an object"))
            session_of(entry["session"])
            local[entry["session"]] = {**local.get(entry["session"], {}), **values}
        elif op == SETTINGS:
            if not isinstance(entry["key"], str):
                raise ValueError(_("a setting's key is not a string"))
            settings.pop(entry["key"], None)  # newest last, as compaction writes them
            settings[entry["key"]] = entry["value"]
        else:
            raise ValueError(_("an entry of a kind it does not know: {op}").format(op=quoted(op)))

    unread: list[tuple[int, str, int]] = []
    for index, (line, entry) in enumerate(scan.entries):
        try:
            apply(entry)
        except (KeyError, TypeError, ValueError, RecordError) as error:
            template = getattr(error, "template", None)
            if isinstance(template, str):  # a record's envelope: the core's words, translated
                problem = worded(template, dict(getattr(error, "params", {})))
            elif isinstance(error, KeyError):
                problem = _("{field} is missing").format(field=quoted(error.args[0]))
            else:
                problem = str(error)
            unread.append((line, readable(problem[:QUOTED_CHARS]), index))
    for index in sessions.values():
        index.records.sort(key=_order_key)
    tables: dict[str, dict[str, Any]] = {
        EVIDENCE: evidence_docs,
        LOCAL: {
            str(number): {"session": session, "values": values}
            for number, (session, values) in enumerate(local.items(), start=1)
        },
        SETTINGS: {
            str(number): {"key": key, "value": value}
            for number, (key, value) in enumerate(settings.items(), start=1)
        },
    }
    return tables, by_id, sessions, unread
