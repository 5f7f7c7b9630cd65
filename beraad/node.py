"""The node: one per data dir, the only owner of the identity, the store, the network and the fold.

The app, the command line and scripts all go through a ``Node``; nothing else touches the network
or the store. Every record — our own or a peer's — takes the same path (DESIGN §2):
checked (signature) → the session's ``Replica`` gate (session, membership, chain) → appended
durably to the store → folded → listeners told → pushed to the other connected peers
(``record_path.py``).
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
from typing import Any

from beraad.admission import INVITATION_USES, Invitation, NodeAdmission
from beraad.away import last_here_in
from beraad.clocks import NodeClocks
from beraad.core.fold import Fold
from beraad.core.record import Record, RecordError, sign_record
from beraad.core.replica import OFFER_STEP, Replica, Waiting, session_id_for
from beraad.core.seen import Sight
from beraad.events import NodeEvent
from beraad.forks_kept import NodeForks, _interleaved
from beraad.group_key import LOST_KEY, group_key_of, key_damaged, key_gone_words, key_lost
from beraad.held import (
    HeldSession,
    NodeError,
    explain,
    new_reducer,
    waiting,
    within_envelope,
    within_volume,
)
from beraad.i18n import _
from beraad.identity_file import Profile, load_or_create
from beraad.links import NodeLinks
from beraad.lobby_rows import SessionSummary, summary_of
from beraad.net.limits import RateLimitedLog
from beraad.own_chain import keep_damaged
from beraad.own_writes import NodeOwnChain
from beraad.presence import NodePresence, PeerPresence
from beraad.read_back import NodeReadBack, clock_within_reach
from beraad.receipts import NodeReceipts
from beraad.record_path import RecordPath, newly_folded_members
from beraad.store import RecordStore
from beraad.store.kept_rows import read_rows, write_rows
from beraad.store.own_heads import OwnHeads
from beraad.store.records import STORE_DIR

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


class Node(
    RecordPath,
    NodeLinks,
    NodeAdmission,
    NodePresence,
    NodeForks,
    NodeReceipts,
    NodeClocks,
    NodeReadBack,
    NodeOwnChain,
):
    """A peer: open it on a data dir, use it, close it.

    The one path every record takes (``record_path.py``), its network links, join codes,
    presence and the forks it keeps live in the modules beside this one; this module keeps
    the life cycle and the sessions.
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
        #: What reading back the data dir found and set aside (``read_back.py``), to be said.
        self.read_back_notes: list[str] = []
        #: Set once the records read back were checked (``NodeReadBack._check_read_back``).
        self._read_back_done: asyncio.Event | None = None

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
            # The records read back are checked off the loop, before a link's are taken.
            node._read_back_done = asyncio.Event()
            node._spawn(node._check_read_back(), "check read back")
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
            if not readonly:
                node.own_heads = OwnHeads.open(path / STORE_DIR)
            if (store.damaged_lines or store.lines_lost) and not readonly:
                keep_damaged(store, profile.identity.public_key, node.own_heads)
            for session in store.sessions():
                node._load(session)
            if readonly:  # a look at what is held answers on checked records only
                node.check_read_back_now()
            else:
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
        """What opening the store had to repair after a crash, and what reading it back set
        aside (for the person to read)."""
        return [*self.store.recovered, *self.read_back_notes]

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
            group_key=group_key_of(key),
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
        unsigned_proofs = self._signed_evidence(session_id)
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
            while fresh := newly_folded_members(session):
                more = session.replica.admit_members(fresh, own=True)
                session.fold.set_aside_forks(session.replica.set_aside())
                session.fold.extend(more.accepted + more.set_aside)
        session.lamport = session.replica.lamport  # what was accepted, never more
        me = self.identity.public_key
        self._own_loaded(session, local, groups)
        self._sessions[session_id] = session
        if key is not None and not session.group_key:
            session.key_gone = "damaged"
            self._note(key_damaged(self._title(session_id)))
        elif key is None and me in self.store.members(session_id):
            if self.store.lines_lost and not self.store.readonly:
                self.store.set_session_local(session_id, {LOST_KEY: True})
            if self.store.lines_lost or local.get(LOST_KEY) is True:  # every start
                session.key_gone = "lost"
                self._note(key_lost(self._title(session_id)))
        if unsigned_proofs:
            self._say_unsigned(session_id, unsigned_proofs, emit=False)
        self._said_own_clock(session)
        self._own_gap_unheld(session)
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

    def readonly_why(self, session_id: str) -> str:
        """Why a session is read-only here when its group key is gone (empty otherwise)."""
        session = self._session(session_id)
        gone = session.key_gone if session.readonly else ""
        return key_gone_words(gone, self._title(session_id)) if gone else ""

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
                self.readonly_why(session_id)
                or _("You hold this session from a bundle; join it with a code to take part.")
            )
        _validate(kind, body)
        await self.read_back_checked()  # never signed on a forged record's clock
        # After a link's slice on its way to the disk (``_ingest_slice``): ours is signed on
        # what is stored and folded, and folded after it.
        async with self._slicing:
            session = self._session(session_id)
            frontier = session.replica.frontier()
            seq = frontier.get(self.identity.public_key, 0) + 1
            self._never_twice(session, seq)
            prev = None
            if seq > 1:
                mine = self.store.chain(session_id, self.identity.public_key, seq - 1, seq - 1)
                prev = mine[0].id
            if session.sight is None:
                session.sight = Sight(self.identity.public_key)
            members, me = session.fold_members(), self.identity.public_key
            asked = {c.by for c in session.fold.state.claims.values() if c.replaces == me}
            seen = session.sight.heads(
                {a: head for a, head in session.replica.heads().items() if a in members}, asked
            )
            at, lamport = int(self.clock() * 1000), session.lamport + 1
            within_envelope(at, lamport)
            clock_within_reach(session)
            try:
                record = sign_record(
                    self.identity,
                    session=session_id,
                    seq=seq,
                    prev=prev,
                    lamport=lamport,
                    at=at,
                    kind=kind,
                    body=body,
                    seen=seen,
                )
            except RecordError as error:  # too large, say: the check's words, translated
                raise NodeError(explain(error)) from error
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

    def _reload(self, session_id: str, own_from_store: bool = False) -> None:
        """The session folded again from the store. ``own_from_store``: our used seqs are
        counted again from what it holds now (forged records of ours set aside at read-back,
        before any link: their seqs were never used, attack s17 #3); else what peers' hellos
        said of them is kept."""
        old = self._sessions.pop(session_id)
        fresh = self._load(session_id)
        if fresh is not None:
            fresh.links, fresh.presence = old.links, old.presence
            fresh.invitations = old.invitations
            if not own_from_store:
                fresh.own_used = max(fresh.own_used, old.own_used)  # what peers' hellos said
            fresh.own_unsure = min(fresh.own_unsure, old.own_unsure)
            fresh.own_heard = old.own_heard
            fresh.own_released = old.own_released
        self._keep_rows(session_id)


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
