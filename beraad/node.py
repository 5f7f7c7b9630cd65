"""The node: one per data dir, the only owner of the identity, the store, the network and the fold.

The app, the command line and scripts all go through a ``Node``; nothing else touches the network
or the store. Every record — our own or a peer's — takes the same path (DESIGN §2):
checked (signature) → the session's ``Replica`` gate (session, membership, chain) → appended
durably to the store → folded → listeners told → pushed to the other connected peers.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import time
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, NoReturn

from beraad.admission import INVITATION_USES, Invitation, NodeAdmission
from beraad.away import last_here_in
from beraad.core.chain import Fork
from beraad.core.fold import Fold, Steps, finish
from beraad.core.identity import fingerprint, is_public_key
from beraad.core.record import Record, RecordError, sign_record
from beraad.core.replica import OFFER_STEP, Intake, Replica, Waiting, session_id_for
from beraad.core.seen import Sight
from beraad.core.sync import want
from beraad.events import (
    MemberOverVolume,
    NodeEvent,
    RecordArrived,
    RecordRefused,
    RecordsNotStored,
    SetAsideCounted,
)
from beraad.forks_kept import NodeForks, _interleaved
from beraad.held import HeldSession, NodeError, explain, new_reducer, waiting, within_volume
from beraad.i18n import _
from beraad.identity_file import Profile, load_or_create
from beraad.links import Link, NodeLinks
from beraad.lobby_rows import SessionSummary, summary_of
from beraad.net.limits import RateLimitedLog
from beraad.presence import NodePresence, PeerPresence
from beraad.receipts import NodeReceipts
from beraad.store import RecordStore, StoreError, StoreFull
from beraad.store.kept_rows import read_rows, write_rows

__all__ = [
    "INVITATION_USES",
    "Invitation",
    "Node",
    "NodeError",
    "PeerPresence",
    "SessionSummary",
    "explain",
]

log = logging.getLogger("beraad.node")

#: Replaced local values in the journal that make opening compact it.
COMPACT_AFTER = 1_000
#: How long closing waits for queued records to leave (seconds).
CLOSE_GRACE = 2.0
#: A record held for a time far ahead is looked at again at least this often (seconds).
MAX_DUE_WAIT = 3600.0
#: How soon records whose time came are looked at again while a slice holds the fold (seconds).
DUE_RETRY = 0.05


class Node(NodeLinks, NodeAdmission, NodePresence, NodeForks, NodeReceipts):
    """A peer: open it on a data dir, use it, close it.

    Its network links, join codes, presence and the forks it keeps live in the modules beside
    this one; this module keeps the life cycle, the sessions and the one path every record takes.
    """

    def __init__(self, data_dir: Path, profile: Profile, store: RecordStore) -> None:
        self.data_dir = data_dir
        self.profile = profile
        self.identity = profile.identity
        self.display_name = profile.display_name
        self.store = store
        self.clock: Callable[[], float] = time.time
        """Seconds since the epoch for the ``at`` of records written here (a test may shift it)."""
        self.listener: Any = None
        self.attach_server: Any = None
        """Serves this node to other apps on the same data dir (``beraad.attach``)."""
        self.discovery: Any = None
        self.host = "127.0.0.1"
        self._sessions: dict[str, HeldSession] = {}
        self._listeners: list[Callable[[NodeEvent], None]] = []
        self._tasks: set[asyncio.Task[Any]] = set()
        self._peers: list[tuple[str, int]] = []
        self._dialing: set[tuple[str, int, str]] = set()
        self._dialing_nearby: set[tuple[str, int, str]] = set()
        self._dial_after: dict[tuple[str, int, str], tuple[int, float]] = {}
        self._changed = asyncio.Event()
        self._closing = False
        self._verifier = ThreadPoolExecutor(2, thread_name_prefix="beraad-verify")
        self._announcing: dict[str, asyncio.Task[Any]] = {}
        self._advertised: set[str] = set()
        self._joined_from: dict[tuple[str, str], set[str]] = {}
        self._joined_told: dict[tuple[str, str], int] = {}
        self._joined_checks: dict[tuple[str, str], asyncio.TimerHandle] = {}
        self._wrong_tries: dict[tuple[str, str], dict[str, int]] = {}
        self._code_end_said: set[tuple[str, str]] = set()
        #: Lines about what a peer sent (refused, held, dropped, forked records) are rate-limited
        #: per peer and kind: one message can carry a hundred thousand of them.
        self.about_peers = RateLimitedLog(log)
        #: Slices of link records taken (``NodeLinks._ingest_verified``): one loop turn, one
        #: gate step and one durable write each, however many frames they came in.
        self.slices = 0
        #: Loop turns a refold in slices handed on (``NodeLinks._in_slices``).
        self.refold_slices = 0
        #: A link's slice at a time: gated, stored (off the loop) and folded in turn.
        self._slicing = asyncio.Lock()
        #: The lobby's rows as last kept beside the journal (``store/kept_rows.py``).
        self._kept_rows: dict[str, dict[str, Any]] = {}

    # ----------------------------------------------------------------- life cycle

    @classmethod
    async def open(
        cls,
        data_dir: Path | str,
        *,
        host: str = "0.0.0.0",
        port: int = 0,
        discovery: bool = True,
        peers: Sequence[str] = (),
        listen: bool = True,
        readonly: bool = False,
    ) -> Node:
        """Open the node: load identity and store, listen, advertise, dial the given peers.

        ``readonly`` only reads what is held (beside a keeper that writes): no lock, no
        network, no compaction; anything that would write says so.
        """
        path = Path(data_dir)
        # Reading the journal and folding every session takes seconds at thousands of
        # records: off the event loop, so a screen drawn meanwhile (the lobby) is not held.
        node = await asyncio.to_thread(cls._held, path, readonly)
        try:
            if readonly:
                return node
            await node._serve_attached()
            if listen:
                await node._listen(host, port)
            if discovery:
                await node._discover()
            for address in peers:
                node.add_peer(address)
            node._spawn(node._maintain(), "maintain links")
        except BaseException:
            await node.close()
            raise
        return node

    @classmethod
    def _held(cls, path: Path, readonly: bool) -> Node:
        """The node with its store open and every session loaded, nothing running yet."""
        profile = load_or_create(path)
        store = RecordStore.open(path, readonly=readonly)
        node = cls(path, profile, store)
        for note in store.recovered:
            # A crash cut the last write short: what was never confirmed is dropped, and said.
            log.warning("%s", note)
        try:
            if store.superseded >= COMPACT_AFTER and not readonly:
                # Local values (what was seen, secrets of sealed votes) are rewritten often;
                # records never are. Rewrite the journal when enough old lines pile up, before
                # anything runs.
                store.compact()
            for session in store.sessions():
                node._load(session)
            if not readonly:
                node._kept_rows = read_rows(path)
                node._keep_rows()
        except BaseException:
            store.close()
            raise
        return node

    async def close(self) -> None:
        """Stop everything and release the store; safe to call twice."""
        if self._closing:
            return
        self._closing = True
        for check in self._joined_checks.values():
            check.cancel()
        # Deliver what is already queued (a contribution made just before closing) before
        # hanging up; a peer that does not take it within the grace period gets it next time.
        writers = []
        for session in self._sessions.values():
            for links in session.links.values():
                for link in links:
                    link.outbox.close()
                    if link.writer is not None:
                        writers.append(link.writer)
        if writers:
            await asyncio.wait(writers, timeout=CLOSE_GRACE)
        for session in self._sessions.values():
            if session.due_timer is not None:
                session.due_timer.cancel()
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(BaseException):
                await task
        for session in list(self._sessions.values()):
            for links in list(session.links.values()):
                for link in list(links):
                    with contextlib.suppress(Exception):
                        await link.connection.close()
        if self.discovery is not None:
            with contextlib.suppress(Exception):
                await self.discovery.close()
        if self.listener is not None:
            with contextlib.suppress(Exception):
                await self.listener.close()
        if self.attach_server is not None:
            with contextlib.suppress(Exception):
                await self.attach_server.close()
        self._verifier.shutdown(wait=True, cancel_futures=True)
        self.store.close()

    async def _serve_attached(self) -> None:
        """Other apps on this data dir (a second window, a browser tab) attach here."""
        from beraad.attach import AttachServer

        server = AttachServer(self)
        try:
            await server.start()
        except OSError as error:  # a path too long for a socket, a file system without them
            log.warning("other windows cannot attach to this node: %s", error)
            return
        self.attach_server = server

    async def __aenter__(self) -> Node:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def recovered(self) -> list[str]:
        """What opening the store had to repair after a crash (for the person to read)."""
        return list(self.store.recovered)

    @property
    def port(self) -> int:
        return self.listener.port if self.listener is not None else 0

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    # ----------------------------------------------------------------- listeners

    def subscribe(self, callback: Callable[[NodeEvent], None]) -> Callable[[], None]:
        """Call ``callback`` with every event; returns the function that unsubscribes."""
        self._listeners.append(callback)
        return lambda: self._listeners.remove(callback) if callback in self._listeners else None

    def _emit(self, event: NodeEvent) -> None:
        self._changed.set()
        for callback in list(self._listeners):
            try:
                callback(event)
            except Exception:  # a listener's bug must not stop the node
                log.exception("event listener failed on %s", type(event).__name__)

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 10.0) -> None:
        """Wait until ``predicate()`` holds, re-checking after every event; TimeoutError if not."""

        async def _wait() -> None:
            while not predicate():
                self._changed.clear()
                if predicate():
                    return
                await self._changed.wait()

        await asyncio.wait_for(_wait(), timeout)

    def _spawn(self, coroutine: Awaitable[Any], name: str) -> asyncio.Task[Any]:
        task = asyncio.ensure_future(coroutine)
        task.set_name(name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    # ----------------------------------------------------------------- sessions

    def _load(self, session_id: str) -> HeldSession | None:
        local = self.store.session_local(session_id)
        key = local.get("group_key")
        if not isinstance(key, str) and not self.store.frontier(session_id):
            return None
        session = HeldSession(
            id=session_id,
            group_key=bytes.fromhex(key) if isinstance(key, str) else b"",
            replica=Replica(session_id, fold_admits=True),
            fold=Fold(new_reducer()),
        )
        vouched = local.get("vouched")
        if isinstance(vouched, list):
            session.vouched.update(v for v in vouched if isinstance(v, str))
        for address in local.get("peers") or []:
            host, _sep, port = str(address).rpartition(":")
            if host and port.isdigit():
                session.addresses.add((host, int(port)))
        # Fork proofs first: the forker's records from the fork on are then set aside before
        # they are folded (a fork found after them would cost a refold). The forker's records
        # kept set aside (stored one by one) go where they sort among the records: before the
        # forker's admission they would wait as a stranger's and pass that pool's budget, and
        # after everything the records whose lamport rests on them would wait "ahead".
        groups = self.store.evidence(session_id)
        proofs = [r for group in groups if len(group) > 1 for r in group]
        aside = [group[0] for group in groups if len(group) == 1]
        records = [*proofs, *_interleaved(self.store.records(session_id), aside)]
        for start in range(0, len(records), OFFER_STEP):
            # own: this gate took every one of them before; a damaged line left out must not
            # hold every later record back as "lamport ahead" (attack s13 #2).
            intake = session.replica.offer(records[start : start + OFFER_STEP], own=True)
            session.fold.set_aside_forks(session.replica.set_aside())
            session.fold.extend(intake.accepted + intake.set_aside)
            while fresh := _newly_folded_members(session):
                more = session.replica.admit_members(fresh, own=True)
                session.fold.set_aside_forks(session.replica.set_aside())
                session.fold.extend(more.accepted + more.set_aside)
        session.lamport = session.replica.lamport  # what was accepted, never more
        self._sessions[session_id] = session
        return session

    def _session(self, session_id: str) -> HeldSession:
        session = self._sessions.get(session_id)
        if session is None:
            raise NodeError(_("You are not part of session {session}.").format(session=session_id))
        return session

    def session_ids(self) -> list[str]:
        return sorted(self._sessions)

    def sessions(self) -> list[SessionSummary]:
        result = [summary_of(session) for session in self._sessions.values()]
        return sorted(result, key=lambda s: s.title)

    def _keep_rows(self, session_id: str | None = None, here: bool = False) -> None:
        """Keep the lobby's rows beside the journal when one changed (``store/kept_rows.py``):
        the next start lists the deliberations before it has read a record. ``session_id``:
        only that session's row can have changed; ``here``: when one was last in it, too
        (read from the local values; otherwise the row keeps what it had)."""
        if self.store.readonly:
            return
        ids = list(self._sessions) if session_id is None else [session_id]
        rows = dict(self._kept_rows)
        if session_id is None:
            rows = {key: row for key, row in rows.items() if key in self._sessions}
        for key in ids:
            session = self._sessions.get(key)
            if session is None:
                rows.pop(key, None)
                continue
            kept = rows.get(key)
            if here or session_id is None or kept is None:
                left_at = last_here_in(self.store.session_local(key))
            else:
                left_at = kept["left_at"]
            rows[key] = summary_of(session).row(left_at)
        if rows != self._kept_rows:
            self._kept_rows = rows
            write_rows(self.data_dir, rows)

    def state(self, session_id: str) -> Any:
        return self._session(session_id).fold.state

    def state_version(self, session_id: str) -> int:
        """Changes whenever the folded state does: the UI redraws only when it moved."""
        return int(self._session(session_id).fold.version)

    def state_hash(self, session_id: str) -> str:
        return self._session(session_id).fold.state_hash()

    def snapshot(self, session_id: str) -> dict[str, Any]:
        return self._session(session_id).fold.snapshot()

    def records(self, session_id: str) -> list[Record]:
        return list(self._session(session_id).fold.records)

    def held_frontier(self, session_id: str) -> tuple[dict[str, int], int]:
        """Author → highest seq, and the highest lamport, of the records folded (a copy)."""
        fold = self._session(session_id).fold
        return dict(fold.frontier), fold.top_lamport

    def bundle_records(self, session_id: str) -> list[Record]:
        """What a bundle of the session holds: every record this peer's gate took (a forker's
        set-aside records too) and the evidence of every fork (both copies), in fold order (a
        fork's two copies share a place: by id). ``verify`` then finds the fork, sets aside
        what this peer set aside, and its gate sees the lamports this peer's gate saw."""
        self._session(session_id)
        held = {r.id: r for r in self.store.records(session_id)}
        for group in self.store.evidence(session_id):
            held.update((r.id, r) for r in group)
        return sorted(held.values(), key=lambda r: (r.order_key, r.id))

    def local_values(self, session_id: str) -> dict[str, Any]:
        """What this device keeps about a session and never shares (secrets of sealed votes,
        what was seen last, names spoken for). JSON values, no floats."""
        return self.store.session_local(session_id)

    def set_local_values(self, session_id: str, values: dict[str, Any]) -> None:
        """Merge ``values`` into this device's local values for the session, durably."""
        self.store.set_session_local(session_id, values)
        if session_id in self._sessions:
            self._keep_rows(session_id, here=True)  # the lobby's "Continue" names the last

    def holds(self, record_id: str) -> bool:
        return self.store.has(record_id)

    def refused(self, session_id: str, record_id: str) -> bool:
        """Whether the rules refused this record (a screen then has nothing to draw)."""
        fold = self._session(session_id).fold
        return record_id in fold.rejected or record_id in fold.unheard

    def rejected(self, session_id: str) -> dict[str, str]:
        """Record id → why the deliberation rules refused it (the same on every peer)."""
        return dict(self._session(session_id).fold.rejected)

    def waiting(self, session_id: str) -> list[Waiting]:
        """Records held here that wait for a missing one of their author (``held.waiting``)."""
        return waiting(self._session(session_id), self.store)

    def waiting_for_their_time(self, session_id: str) -> int:
        """Records from peers written ahead of this machine's clock, held until that time."""
        return self._session(session_id).replica.waiting_for_time()

    def is_readonly(self, session_id: str) -> bool:
        return self._session(session_id).readonly

    def ingest(self, session_id: str, records: list[Record]) -> set[str]:
        """Take signature-checked records from elsewhere (a bundle) down the one path.

        A session we do not hold yet is held read-only: its records can be shown and checked
        but we cannot write to it until someone admits us with a code. Returns the ids that
        entered; records that wait for a missing one, or were refused, did not.

        A bundle is a record of what was written: like the journal's, its records are checked
        without this machine's clock (signature, membership, chain, the fold's rules), so
        ``import`` stores what ``verify`` accepts and reaches the state hash it reports. Only
        records arriving live from a link wait for their time (``_ingest``); a peer that gets
        such a record from us holds it by its own clock.
        """
        session = self._sessions.get(session_id)
        if session is None:
            session = HeldSession(
                id=session_id,
                group_key=b"",
                replica=Replica(session_id, fold_admits=True),
                fold=Fold(new_reducer()),
            )
            self._sessions[session_id] = session
        entered = self._ingest(session, records, source=None, local=False, timed=False)
        if not entered and not session.replica.frontier():
            del self._sessions[session_id]  # nothing could be placed: hold nothing
        return entered

    def members(self, session_id: str) -> set[str]:
        """Who the fold admitted (a refused admission admits nobody, here or on a link)."""
        return set(self._session(session_id).fold_members())

    async def create_session(
        self, *, language: str = "en", invite: bool = True, **open_fields: Any
    ) -> Invitation | str:
        """Open a new session (we are its first member) and, by default, a join code for it."""
        nonce = secrets.token_hex(16)
        session_id = session_id_for(self.identity.public_key, nonce)
        group_key = secrets.token_bytes(32)
        self.store.set_session_local(session_id, {"group_key": group_key.hex()})
        session = HeldSession(
            id=session_id,
            group_key=group_key,
            replica=Replica(session_id, fold_admits=True),
            fold=Fold(new_reducer()),
        )
        self._sessions[session_id] = session
        body = {**_open_body(language=language, **open_fields), "nonce": nonce}
        await self.contribute(session_id, "session.open", body)
        await self.contribute(session_id, "member.name", {"name": self.display_name})
        self._serve_session(session)
        await self._advertise(session)
        if invite:
            return await self.invite(session_id)
        return session_id

    async def contribute(self, session_id: str, kind: str, body: dict[str, Any]) -> Record:
        """Sign a new record of ours and take it down the one path every record takes."""
        session = self._session(session_id)
        if session.readonly:
            raise NodeError(
                _("You hold this session from a bundle; join it with a code to take part.")
            )
        _validate(kind, body)
        # After a link's slice on its way to the disk (``_ingest_slice``): ours is signed on
        # what is stored and folded, and folded after it.
        async with self._slicing:
            session = self._session(session_id)
            frontier = session.replica.frontier()
            seq = frontier.get(self.identity.public_key, 0) + 1
            prev = None
            if seq > 1:
                mine = self.store.chain(session_id, self.identity.public_key, seq - 1, seq - 1)
                prev = mine[0].id
            if session.sight is None:
                session.sight = Sight(self.identity.public_key)
            members = session.fold_members()
            seen = session.sight.heads(
                {a: head for a, head in session.replica.heads().items() if a in members}
            )
            try:
                record = sign_record(
                    self.identity,
                    session=session_id,
                    seq=seq,
                    prev=prev,
                    lamport=session.lamport + 1,
                    at=int(self.clock() * 1000),
                    kind=kind,
                    body=body,
                    seen=seen,
                )
            except RecordError as error:
                raise NodeError(str(error)) from error
            within_volume(session, record)
            # Folded first (the reducer refuses without changing anything), so a mistaken
            # contribution never enters the chain; _ingest then skips the already folded record.
            refusal = session.fold.try_append(record)
            if refusal is not None:
                raise NodeError(explain(refusal))
            if record.id not in self._ingest(session, [record], source=None):
                self._reload(session_id)
                raise NodeError(_("Your contribution was not accepted."))
            session.sight.listed(record)
        return record

    # ----------------------------------------------------------------- the one path

    def _ingest(
        self,
        session: HeldSession,
        records: list[Record],
        source: Link | None,
        local: bool = True,
        timed: bool = True,
    ) -> set[str]:
        """Gate, store, fold, tell, push. Returns the ids that entered. ``timed``: records
        written ahead of this clock wait for their time (live records; not a bundle's)."""
        return finish(self._ingesting(session, records, source, local, timed))

    def _ingesting(
        self,
        session: HeldSession,
        records: list[Record],
        source: Link | None,
        local: bool = True,
        timed: bool = True,
    ) -> Steps[set[str]]:
        """``_ingest`` in steps: a refold yields between its steps (``Fold.extending``), and
        what depends on the fold after it (whom it admitted, the telling, the push) follows
        once it is done. ``NodeLinks._in_slices`` drives it a slice per loop turn."""
        entered: set[str] = set()
        # The forks every step proves are kept, told and folded once, after the last step:
        # a thousand proofs sent together cost one write and at most one refold.
        forks: list[Fork] = []
        aside: list[Record] = []  # so are a forker's records kept set aside (one write)
        for start in range(0, len(records), OFFER_STEP):
            now = int(self.clock() * 1000) if timed else None
            intake = session.replica.offer(
                records[start : start + OFFER_STEP], now_ms=now, recorded=not timed
            )
            entered |= yield from self._taking(session, intake, source, local, timed, forks, aside)
        if forks or aside:
            self._forked(session, forks, aside, _sender(source))
        if forks:
            # whom a forker's set-aside admission names may write now (core/forks.py)
            entered |= yield from self._taking(session, Intake(), source, local, timed)
        self._wake_when_due(session)
        return entered

    def _wake_when_due(self, session: HeldSession) -> None:
        """Offer again, when their time comes, the records written ahead of this clock."""
        due = session.replica.next_due()
        if due is None or self._closing or session.due_timer is not None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # a bundle read outside the event loop: the next offer looks again
            return
        delay = min(max(0.0, due / 1000 - self.clock()), MAX_DUE_WAIT)
        session.due_timer = loop.call_later(delay, self._release_due, session.id)

    def _release_due(self, session_id: str) -> None:
        session = self._sessions.get(session_id)
        if session is None or self._closing:
            return
        session.due_timer = None
        if self._slicing.locked():
            # A slice is on its way (a refold in steps, a write): the gate and the fold are
            # its until it is done; looked at again shortly.
            loop = asyncio.get_running_loop()
            session.due_timer = loop.call_later(DUE_RETRY, self._release_due, session_id)
            return
        intake = session.replica.release_due(int(self.clock() * 1000))
        with contextlib.suppress(NodeError):  # logged where the store refused
            finish(self._taking(session, intake, None, local=False))
        self._wake_when_due(session)

    def _taking(
        self,
        session: HeldSession,
        intake: Intake,
        source: Link | None,
        local: bool,
        timed: bool = True,
        forks: list[Fork] | None = None,
        aside: list[Record] | None = None,
    ) -> Steps[set[str]]:
        """What the gate let through, then what waited for whom the fold just admitted.
        Untimed (a bundle): a newly admitted member's records are placed without this clock
        too, exactly as ``verify`` places them. ``forks``: where to gather the forks proved,
        for the caller to take once (``_forked``), and ``aside`` the records kept set aside;
        without them they are taken here."""
        found: list[Fork] = [] if forks is None else forks
        kept: list[Record] = [] if aside is None else aside
        entered = yield from self._taking_once(session, intake, source, local, found, kept)
        while fresh := _newly_folded_members(session):
            now = int(self.clock() * 1000) if timed else None
            more = session.replica.admit_members(fresh, now_ms=now, recorded=not timed)
            entered |= yield from self._taking_once(session, more, source, local, found, kept)
        if forks is None and (found or kept):
            self._forked(session, found, kept, _sender(source))
        return entered

    def _taking_once(
        self,
        session: HeldSession,
        intake: Intake,
        source: Link | None,
        local: bool,
        forks: list[Fork],
        aside: list[Record],
    ) -> Steps[set[str]]:
        """What the gate let through: logged, stored, folded, told and pushed on; the forks it
        proved are added to ``forks``."""
        self._told(session, intake, source)
        forks.extend(intake.forks)
        if intake.set_aside:
            # A forker's records from the fork on: kept (``_forked`` stores them), folded as
            # set aside (the group may have built on some, core/forks.py) once the fold knows
            # the line, and sent on like the evidence, so every peer counts them alike for
            # the lamport step.
            aside.extend(intake.set_aside)
            version = session.fold.version
            session.fold.extend([r for r in intake.set_aside if session.fold.is_set_aside(r)])
            if session.fold.version != version:
                # One now counts (or counts no more): said like any change, though none of
                # these records is told on its own (a batch of only these told nothing).
                self._emit(SetAsideCounted(session.id))
            for links in session.links.values():
                for link in links:
                    if link is not source:
                        link.send_records(intake.set_aside)
        if not intake.accepted:
            self._pass_pinned(session, intake)
            return set()
        try:
            self.store.append_many(intake.accepted)
        except StoreError as error:
            self._store_refused(session, intake, error, others=source is not None or not local)
        return (yield from self._storing(session, intake, source, local, forks))

    def _store_refused(
        self, session: HeldSession, intake: Intake, error: StoreError, others: bool = False
    ) -> NoReturn:
        """Nothing of this batch is durable: forget it, so we never claim what we lack.
        Others' records (``others``) are told to the screens too: the person who writes is
        told by the refusal itself, but the group went on without this peer and only the log
        said so (attack s9 finding 5)."""
        log.error("store refused %d records: %s", len(intake.accepted), error)
        self._reload(session.id)
        if others:
            full = isinstance(error, StoreFull)
            self._emit(RecordsNotStored(session.id, len(intake.accepted), full, str(error)))
        raise NodeError(str(error)) from error

    def _storing(
        self,
        session: HeldSession,
        intake: Intake,
        source: Link | None,
        local: bool,
        forks: list[Fork],
    ) -> Steps[set[str]]:
        """What the gate let through is durable now: folded, told and pushed on."""
        if forks:
            # Not folded past a line the forks already drew (``_forked`` draws it in the fold
            # once they are all known): what the chain took before it learnt of a lower fork.
            lines = session.replica.set_aside()
            yield from session.fold.extending(
                [r for r in intake.accepted if r.seq < lines.get(r.author, r.seq + 1)]
            )
        else:
            yield from session.fold.extending(intake.accepted)
        session.lamport = max(session.lamport, *(r.lamport for r in intake.accepted))
        for record in intake.accepted:
            self._emit(RecordArrived(session.id, record, local=source is None and local))
        if self._joined_checks:
            self._joiners_wrote(session, intake.accepted)
        for links in session.links.values():
            for link in links:
                if link is not source:
                    link.send_records(intake.accepted)
        self._receipts_due(session, intake.accepted)  # stored: their authors are told, soon
        self._pass_pinned(session, intake)
        self._keep_rows(session.id)
        return {r.id for r in intake.accepted}

    def _told(self, session: HeldSession, intake: Intake, source: Link | None) -> None:
        """What the gate said of a batch: logged, refusals told, a gap asked of the sender."""
        peer = source.peer if source else None
        sender = _sender(source)
        for notice in intake.notices:
            # Once per author and reason already; a peer can still make up thousands of authors.
            kind = notice.split(" ", 1)[0]
            self.about_peers.warning("session %s: %s", session.id[:8], notice, key=(sender, kind))
        for record, reason in intake.refused:
            self._refuse(session.id, peer, reason, record.id)
        for author in intake.over_volume:
            self._emit(MemberOverVolume(session.id, author, session.replica.chains.limit or 0))
        if intake.held and source is not None:
            for author, (first, last) in session.replica.gaps().items():
                source.send(want(author, first, last))

    def _reload(self, session_id: str) -> None:
        old = self._sessions.pop(session_id)
        fresh = self._load(session_id)
        if fresh is not None:
            fresh.links, fresh.presence = old.links, old.presence
            fresh.invitations = old.invitations
        self._keep_rows(session_id)

    def _refuse(
        self, session_id: str, peer: str | None, reason: str, record: str | None = None
    ) -> None:
        """Log the refusal (with the record's id, for whoever reads the log) and tell the
        screens: the reason as kept (a ``Reason`` says itself in the reader's language), no id."""
        who = fingerprint(peer) if peer else _("this device")
        logged = f"{reason} (record {record[:12]})" if record else reason
        self.about_peers.warning("refused a record from %s: %s", who, logged, key=(who, "refused"))
        self._emit(RecordRefused(session_id, peer, reason))


def _sender(source: Link | None) -> str:
    """Who sent what is logged: the peer's fingerprint, or this device."""
    return fingerprint(source.peer) if source is not None else _("this device")


def _newly_folded_members(session: HeldSession) -> list[str]:
    """Members the fold accepted whom the gate does not let write yet (admission order), and
    those a forker's set-aside admission names: whether it counts rests on whether they took
    part (``core/forks.py``), so their records must reach the fold."""
    named = session.replica.admitted_aside()
    keys = dict.fromkeys([*session.fold_members(), *named])
    # (a key the gate cannot admit would be offered again and again)
    return [key for key in keys if key not in session.replica.members and is_public_key(key)]


def _open_body(**fields: Any) -> dict[str, Any]:
    """A ``session.open`` body; a session with no scenario or rules given is blank and
    facilitated, deciding by consent."""
    from beraad.core import session as session_model
    from beraad.scenarios import get_scenario

    try:
        scenario = get_scenario(fields.setdefault("scenario", "blank"))
    except KeyError:
        scenario = None  # a scenario this installation does not ship: its id is kept
    if scenario is not None:
        # What the scenario sets (the phases it uses, how many dots…) holds unless the person
        # chose otherwise; leaving this out made a scenario's phases never reach the session.
        fields.setdefault("phases", scenario.phases)
        fields.setdefault("private", scenario.private)
        fields.setdefault("dots_per_member", scenario.dots_per_member)
        fields.setdefault("gradient_threshold", scenario.gradient_threshold)
        fields.setdefault("process_rule", scenario.process_rule)
        fields.setdefault("decision_rule", scenario.decision_rule)
    fields.setdefault("process_rule", "facilitator")
    fields.setdefault("decision_rule", "consent")
    # Every session opened here holds admissions to the group's confirmation (no sock puppets).
    fields.setdefault("admission", "confirmed")
    return session_model.open_body(**fields)


def _validate(kind: str, body: dict[str, Any]) -> None:
    from beraad.core.canonical import CanonicalError
    from beraad.core.kinds import SchemaError, validate

    try:
        validate(kind, body)
    except (SchemaError, CanonicalError) as error:
        raise NodeError(explain(error)) from error
