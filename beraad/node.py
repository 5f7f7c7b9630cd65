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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from beraad.core.fold import Fold
from beraad.core.identity import fingerprint
from beraad.core.record import Record, RecordError, sign_record
from beraad.core.replica import Replica, session_id_for
from beraad.core.sync import (
    Hello,
    Ping,
    Presence,
    Records,
    SyncError,
    Want,
    batches,
    hello,
    missing_ranges,
    parse,
    presence,
    want,
)
from beraad.events import (
    ForkDetected,
    NearbyChanged,
    NodeEvent,
    PeerJoined,
    PeerLeft,
    RecordArrived,
    RecordRefused,
    SessionJoined,
)
from beraad.i18n import _
from beraad.identity_file import Profile, load_or_create
from beraad.store import RecordStore, StoreError

log = logging.getLogger("beraad.node")

#: How many people one join code admits (wrong guesses are limited separately).
INVITATION_USES = 50
#: Batches one link may have in signature checking at once (bounds memory per peer).
VERIFY_AHEAD = 4
#: Replaced local values in the journal that make opening compact it.
COMPACT_AFTER = 1_000
#: How long closing waits for queued records to leave (seconds).
CLOSE_GRACE = 2.0
#: How often a node retries the peers it was given by address.
RECONNECT_INTERVAL = 2.0


class NodeError(Exception):
    """Something the user asked for cannot be done; the message is in their language."""


@dataclass(frozen=True, slots=True)
class Invitation:
    session: str
    code: str
    expires_at: float


@dataclass(frozen=True, slots=True)
class SessionSummary:
    id: str
    title: str
    focus: str
    phase: str
    members: int
    readonly: bool = False


@dataclass(slots=True)
class PeerPresence:
    peer: str
    name: str
    connected: bool
    last_seen: float


def _reducer() -> Any:
    from beraad.core.deliberation import DeliberationReducer

    return DeliberationReducer()


@dataclass(eq=False)
class _Link:
    """One live connection to one peer for one session, with its own send queue."""

    connection: Any
    outgoing: asyncio.Queue[dict[str, Any] | None] = field(default_factory=asyncio.Queue)
    #: Batches whose signatures are being checked in a worker thread, in arrival order.
    verifying: asyncio.Queue[Any] = field(default_factory=lambda: asyncio.Queue(VERIFY_AHEAD))
    hello_seen: bool = False
    #: Whom this peer says it is linked to (presence that reaches us through it).
    here: set[str] = field(default_factory=set)
    writer: asyncio.Task[Any] | None = None

    @property
    def peer(self) -> str:
        return self.connection.peer

    def send(self, message: dict[str, Any]) -> None:
        self.outgoing.put_nowait(message)


@dataclass(eq=False)
class _Session:
    id: str
    group_key: bytes
    replica: Replica
    fold: Fold[Any]
    links: dict[str, set[_Link]] = field(default_factory=dict)
    presence: dict[str, PeerPresence] = field(default_factory=dict)
    lamport: int = 0
    invitation: Invitation | None = None
    #: Peers we trust before their admission reached us: the admitter we proved our code to.
    vouched: set[str] = field(default_factory=set)
    #: Where this session's peers were last reached by address (the admitter, for a start).
    addresses: set[tuple[str, int]] = field(default_factory=set)

    def is_member(self, peer: str) -> bool:
        return self.replica.is_member(peer) or peer in self.vouched

    @property
    def readonly(self) -> bool:
        """Held from a bundle without a group key: shown and checked, never written or synced."""
        return not self.group_key


class Node:
    """A peer: open it on a data dir, use it, close it."""

    def __init__(self, data_dir: Path, profile: Profile, store: RecordStore) -> None:
        self.data_dir = data_dir
        self.profile = profile
        self.identity = profile.identity
        self.display_name = profile.display_name
        self.store = store
        self.listener: Any = None
        self.discovery: Any = None
        self.host = "127.0.0.1"
        self._sessions: dict[str, _Session] = {}
        self._listeners: list[Callable[[NodeEvent], None]] = []
        self._tasks: set[asyncio.Task[Any]] = set()
        self._peers: list[tuple[str, int]] = []
        self._dialing: set[tuple[str, int, str]] = set()
        self._changed = asyncio.Event()
        self._closing = False
        self._verifier = ThreadPoolExecutor(2, thread_name_prefix="beraad-verify")
        self._announcing: dict[str, asyncio.Task[Any]] = {}
        self._advertised: set[str] = set()

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
    ) -> Node:
        """Open the node: load identity and store, listen, advertise, dial the given peers."""
        path = Path(data_dir)
        profile = load_or_create(path)
        store = RecordStore.open(path)
        node = cls(path, profile, store)
        for note in store.recovered:
            # A crash cut the last write short: what was never confirmed is dropped, and said.
            log.warning("%s", note)
        if store.superseded >= COMPACT_AFTER:
            # Local values (what was seen, secrets of sealed votes) are rewritten often; records
            # never are. Rewrite the journal when enough old lines pile up, before anything runs.
            store.compact()
        try:
            for session in store.sessions():
                node._load(session)
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

    async def close(self) -> None:
        """Stop everything and release the store; safe to call twice."""
        if self._closing:
            return
        self._closing = True
        # Deliver what is already queued (a contribution made just before closing) before
        # hanging up; a peer that does not take it within the grace period gets it next time.
        writers = []
        for session in self._sessions.values():
            for links in session.links.values():
                for link in links:
                    link.outgoing.put_nowait(None)
                    if link.writer is not None:
                        writers.append(link.writer)
        if writers:
            await asyncio.wait(writers, timeout=CLOSE_GRACE)
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
        self._verifier.shutdown(wait=True, cancel_futures=True)
        self.store.close()

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

    def _load(self, session_id: str) -> _Session | None:
        local = self.store.session_local(session_id)
        key = local.get("group_key")
        if not isinstance(key, str) and not self.store.frontier(session_id):
            return None
        session = _Session(
            id=session_id,
            group_key=bytes.fromhex(key) if isinstance(key, str) else b"",
            replica=Replica(session_id),
            fold=Fold(_reducer()),
        )
        vouched = local.get("vouched")
        if isinstance(vouched, list):
            session.vouched.update(v for v in vouched if isinstance(v, str))
        for address in local.get("peers") or []:
            host, _sep, port = str(address).rpartition(":")
            if host and port.isdigit():
                session.addresses.add((host, int(port)))
        records = self.store.records(session_id)
        intake = session.replica.offer(records)
        session.fold.extend(intake.accepted)
        session.lamport = max((r.lamport for r in records), default=0)
        self._sessions[session_id] = session
        return session

    def _session(self, session_id: str) -> _Session:
        session = self._sessions.get(session_id)
        if session is None:
            raise NodeError(_("You are not part of session {session}.").format(session=session_id))
        return session

    def session_ids(self) -> list[str]:
        return sorted(self._sessions)

    def sessions(self) -> list[SessionSummary]:
        result = []
        for session in self._sessions.values():
            state = session.fold.state
            info = getattr(state, "info", None)
            result.append(
                SessionSummary(
                    id=session.id,
                    title=getattr(info, "title", "") or "",
                    focus=getattr(info, "focus", "") or "",
                    phase=str(getattr(state, "phase", "") or ""),
                    members=len(session.replica.members),
                    readonly=session.readonly,
                )
            )
        return sorted(result, key=lambda s: s.title)

    def state(self, session_id: str) -> Any:
        return self._session(session_id).fold.state

    def state_hash(self, session_id: str) -> str:
        return self._session(session_id).fold.state_hash()

    def snapshot(self, session_id: str) -> dict[str, Any]:
        return self._session(session_id).fold.snapshot()

    def records(self, session_id: str) -> list[Record]:
        return list(self._session(session_id).fold.records)

    def local_values(self, session_id: str) -> dict[str, Any]:
        """What this device keeps about a session and never shares (secrets of sealed votes,
        what was seen last, names spoken for). JSON values, no floats."""
        return self.store.session_local(session_id)

    def set_local_values(self, session_id: str, values: dict[str, Any]) -> None:
        """Merge ``values`` into this device's local values for the session, durably."""
        self.store.set_session_local(session_id, values)

    def holds(self, record_id: str) -> bool:
        return self.store.has(record_id)

    def rejected(self, session_id: str) -> dict[str, str]:
        """Record id → why the deliberation rules refused it (the same on every peer)."""
        return dict(self._session(session_id).fold.rejected)

    def is_readonly(self, session_id: str) -> bool:
        return self._session(session_id).readonly

    def ingest(self, session_id: str, records: list[Record]) -> set[str]:
        """Take signature-checked records from elsewhere (a bundle) down the one path.

        A session we do not hold yet is held read-only: its records can be shown and checked
        but we cannot write to it until someone admits us with a code. Returns the ids that
        entered; records that wait for a missing one, or were refused, did not.
        """
        session = self._sessions.get(session_id)
        if session is None:
            session = _Session(
                id=session_id, group_key=b"", replica=Replica(session_id), fold=Fold(_reducer())
            )
            self._sessions[session_id] = session
        entered = self._ingest(session, records, source=None, local=False)
        if not entered and not session.replica.frontier():
            del self._sessions[session_id]  # nothing could be placed: hold nothing
        return entered

    def members(self, session_id: str) -> set[str]:
        return set(self._session(session_id).replica.members)

    def peers(self, session_id: str) -> list[PeerPresence]:
        """Who is here now — linked to us, or to someone we are linked to — and who was."""
        session = self._session(session_id)
        found = dict(session.presence)
        now = time.time()
        for key in self._relayed(session) - set(session.links):
            known = found.get(key)
            name = known.name if known else self._name_in(session, key)
            found[key] = PeerPresence(key, name, True, now)
        return sorted(found.values(), key=lambda p: p.name)

    def _relayed(self, session: _Session) -> set[str]:
        """Peers present through a link (not directly), never ourselves."""
        keys = {key for links in session.links.values() for link in links for key in link.here}
        return keys - {self.identity.public_key}

    def _present(self, session: _Session) -> set[str]:
        return set(session.links) | self._relayed(session)

    def _name_in(self, session: _Session, key: str) -> str:
        name = getattr(session.fold.state, "name", None)
        return name(key) if callable(name) else fingerprint(key)

    def _presence_changed(self, session: _Session, before: set[str]) -> None:
        """Tell listeners who arrived and who left, and tell our links whom we see."""
        after = self._present(session)
        for key in sorted(after - before):
            known = session.presence.get(key)
            self._emit(
                PeerJoined(
                    session.id,
                    key,
                    known.name if known and key in session.links else self._name_in(session, key),
                )
            )
        if not self._closing:
            for key in sorted(before - after):
                self._emit(PeerLeft(session.id, key))
        direct = set(session.links)
        for links in session.links.values():
            for link in links:
                link.send(presence(direct - {link.peer}))

    async def create_session(
        self, *, language: str = "en", invite: bool = True, **open_fields: Any
    ) -> Invitation | str:
        """Open a new session (we are its first member) and, by default, a join code for it."""
        nonce = secrets.token_hex(16)
        session_id = session_id_for(self.identity.public_key, nonce)
        group_key = secrets.token_bytes(32)
        self.store.set_session_local(session_id, {"group_key": group_key.hex()})
        session = _Session(
            id=session_id, group_key=group_key, replica=Replica(session_id), fold=Fold(_reducer())
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
        frontier = session.replica.frontier()
        seq = frontier.get(self.identity.public_key, 0) + 1
        prev = None
        if seq > 1:
            prev = self.store.chain(session_id, self.identity.public_key, seq - 1, seq - 1)[0].id
        try:
            record = sign_record(
                self.identity,
                session=session_id,
                seq=seq,
                prev=prev,
                lamport=session.lamport + 1,
                at=int(time.time() * 1000),
                kind=kind,
                body=body,
            )
        except RecordError as error:
            raise NodeError(str(error)) from error
        # Folded first (the reducer refuses without changing anything), so a mistaken
        # contribution never enters the chain; _ingest then skips the already folded record.
        refusal = session.fold.try_append(record)
        if refusal is not None:
            raise NodeError(explain(refusal))
        if record.id not in self._ingest(session, [record], source=None):
            self._reload(session_id)
            raise NodeError(_("Your contribution was not accepted."))
        return record

    # ----------------------------------------------------------------- the one path

    def _ingest(
        self,
        session: _Session,
        records: list[Record],
        source: _Link | None,
        local: bool = True,
    ) -> set[str]:
        """Gate, store, fold, tell, push. Returns the ids that entered."""
        peer = source.peer if source else None
        intake = session.replica.offer(records)
        for record, reason in intake.refused:
            self._refuse(session.id, peer, f"{reason} (record {record.id[:12]})")
        for fork in intake.forks:
            self.store.put_evidence(session.id, list(fork.records))
            log.warning(
                "fork: %s signed two records at seq %d in session %s",
                fingerprint(fork.author),
                fork.seq,
                session.id[:8],
            )
            self._emit(ForkDetected(session.id, fork.author, fork.seq))
        if intake.held and source is not None:
            for author, (first, last) in session.replica.gaps().items():
                source.send(want(author, first, last))
        if not intake.accepted:
            return set()
        try:
            self.store.append_many(intake.accepted)
        except StoreError as error:
            # Nothing of this batch is durable: forget it, so we never claim what we lack.
            log.error("store refused %d records: %s", len(intake.accepted), error)
            self._reload(session.id)
            raise NodeError(str(error)) from error
        session.fold.extend(intake.accepted)
        session.lamport = max(session.lamport, *(r.lamport for r in intake.accepted))
        for record in intake.accepted:
            self._emit(RecordArrived(session.id, record, local=source is None and local))
        payload = {"t": "records", "records": [r.to_dict() for r in intake.accepted]}
        for links in session.links.values():
            for link in links:
                if link is not source:
                    link.send(payload)
        return {r.id for r in intake.accepted}

    def _reload(self, session_id: str) -> None:
        old = self._sessions.pop(session_id)
        fresh = self._load(session_id)
        if fresh is not None:
            fresh.links, fresh.presence, fresh.invitation = old.links, old.presence, old.invitation

    def _refuse(self, session_id: str, peer: str | None, reason: str) -> None:
        who = fingerprint(peer) if peer else _("this device")
        log.warning("refused a record from %s: %s", who, reason)
        self._emit(RecordRefused(session_id, peer, reason))

    # ----------------------------------------------------------------- network

    async def _listen(self, host: str, port: int) -> None:
        from beraad.net.transport import Listener

        self.listener = Listener(self.identity, name=self.display_name)
        await self.listener.start(host, port)
        self.host = host if host not in ("0.0.0.0", "") else "127.0.0.1"
        for session in self._sessions.values():
            self._serve_session(session)

    def _serve_session(self, session: _Session) -> None:
        if self.listener is None or session.readonly:
            return
        self.listener.open_session(
            session.id,
            session.group_key,
            lambda connection, s=session: self._run_link(s, connection),
            session.is_member,
        )

    async def _discover(self) -> None:
        from beraad.net.discovery import Discovery

        self.discovery = Discovery(on_change=self._nearby_changed)
        await self.discovery.start()
        for session in self._sessions.values():
            await self._advertise(session)

    @property
    def peer_id(self) -> str:
        return self.identity.public_key[:16]

    async def _advertise(self, session: _Session) -> None:
        """Announce the session (title only when not private) without making the caller wait.

        mDNS probing takes over a second; announcements run in the background, one after the
        other per session, so the latest nameplate and title always win.
        """
        if self.discovery is None or self.listener is None or session.readonly:
            return
        nameplate = None
        if session.invitation is not None and session.invitation.expires_at > time.time():
            nameplate = int(session.invitation.code.split("-")[0])
        info = getattr(session.fold.state, "info", None)
        title = info.title if info is not None and not info.private else None
        previous = self._announcing.get(session.id)
        self._announcing[session.id] = self._spawn(
            self._announce(session.id, nameplate, title, previous), f"announce {session.id[:8]}"
        )

    async def _announce(
        self, session_id: str, nameplate: int | None, title: str | None, previous: Any
    ) -> None:
        if previous is not None:
            with contextlib.suppress(BaseException):
                await previous
        try:
            if session_id in self._advertised:
                await self.discovery.update(session=session_id, nameplate=nameplate, title=title)
            else:
                await self.discovery.advertise(
                    session=session_id,
                    peer=self.peer_id,
                    port=self.listener.port,
                    nameplate=nameplate,
                    title=title,
                )
                self._advertised.add(session_id)
        except Exception as error:  # discovery is a convenience: --peer still works without it
            log.warning("could not announce session %s: %s", session_id[:8], error)

    def _nearby_changed(self) -> None:
        self._emit(NearbyChanged())
        self._redial()

    def nearby(self) -> list[Any]:
        return self.discovery.nearby() if self.discovery is not None else []

    def add_peer(self, address: str) -> None:
        """Keep a link to ``host:port`` for every session we share (for networks without mDNS)."""
        host, _sep, port = address.rpartition(":")
        if not host or not port.isdigit():
            raise NodeError(
                _("A peer address looks like host:port, not {address}.").format(address=address)
            )
        target = (host.strip("[]"), int(port))
        if target not in self._peers:
            self._peers.append(target)
            self._redial()

    def _targets(self) -> list[tuple[_Session, str, int]]:
        """Every (session, address) we should hold a link to right now."""
        live = [s for s in self._sessions.values() if not s.readonly]
        targets = [(s, h, p) for s in live for h, p in self._peers]
        targets += [(s, h, p) for s in live for h, p in s.addresses]
        if self.discovery is not None:
            for entry in self.discovery.nearby():
                session = self._sessions.get(entry.session)
                # Both sides see each other; only the smaller peer id dials, so one link is made.
                if session is not None and not session.readonly and self.peer_id < entry.peer:
                    targets.append((session, entry.host, entry.port))
        return targets

    def _redial(self) -> None:
        """Dial every target that has no link (or dial under way)."""
        if self._closing:
            return
        for session, host, port in self._targets():
            key = (host, port, session.id)
            if key not in self._dialing:
                self._dialing.add(key)
                self._spawn(self._dial(session.id, host, port), f"dial {host}:{port}")

    async def _maintain(self) -> None:
        """Re-dial lost links now and then: peers restart, partitions heal, laptops come back."""
        while not self._closing:
            await asyncio.sleep(RECONNECT_INTERVAL)
            self._redial()

    async def _dial(self, session_id: str, host: str, port: int) -> None:
        """One attempt: connect and talk until the link ends. ``_maintain`` tries again later."""
        from beraad.net.transport import connect

        try:
            session = self._sessions.get(session_id)
            if session is None:
                return
            try:
                connection = await connect(
                    host,
                    port,
                    session=session_id,
                    group_key=session.group_key,
                    identity=self.identity,
                    is_member=session.is_member,
                    name=self.display_name,
                )
            except Exception as error:  # unreachable, refused, timed out: all mean "later"
                log.info("cannot reach %s:%d for %s: %s", host, port, session_id[:8], error)
                return
            await self._run_link(session, connection)
        finally:
            self._dialing.discard((host, port, session_id))

    async def _run_link(self, session: _Session, connection: Any) -> None:
        """Talk sync with one peer until the connection ends."""
        link = _Link(connection)
        peer = connection.peer
        name = getattr(connection, "peer_name", None) or fingerprint(peer)
        session = self._sessions.get(session.id, session)
        before = self._present(session)
        session.links.setdefault(peer, set()).add(link)
        session.presence[peer] = PeerPresence(peer, name, True, time.time())
        log.info("connected to %s (%s) for session %s", name, fingerprint(peer), session.id[:8])
        writer = link.writer = self._spawn(self._write(link), f"write {fingerprint(peer)}")
        ingester = self._spawn(self._ingest_verified(session.id, link), "ingest")
        link.send(hello(session.replica.frontier(), self.display_name))
        self._presence_changed(session, before)
        try:
            while True:
                message = await connection.recv()
                session = self._sessions.get(session.id, session)
                session.presence[peer].last_seen = time.time()
                await self._handle(session, link, message)
        except SyncError as error:
            log.warning("%s broke the sync protocol: %s", fingerprint(peer), error)
        except asyncio.CancelledError:
            raise
        except Exception as error:
            log.info("link to %s ended: %s", fingerprint(peer), error)
        finally:
            link.outgoing.put_nowait(None)
            writer.cancel()
            if self._closing:
                ingester.cancel()
            else:  # what arrived before the link ended is still good: finish folding it
                with contextlib.suppress(Exception):
                    await link.verifying.put(None)
                    await ingester
            before = self._present(session)
            links = session.links.get(peer, set())
            links.discard(link)
            if not links:
                session.links.pop(peer, None)
                if peer in session.presence:
                    session.presence[peer].connected = False
                    session.presence[peer].last_seen = time.time()
            self._presence_changed(session, before)
            with contextlib.suppress(Exception):
                await connection.close()

    async def _write(self, link: _Link) -> None:
        """One writer per link: a slow peer delays only itself. Keepalives are the transport's."""
        while (message := await link.outgoing.get()) is not None:
            await link.connection.send(message)

    async def _ingest_verified(self, session_id: str, link: _Link) -> None:
        """Fold a link's batches in arrival order as their signature checks finish."""
        while (batch := await link.verifying.get()) is not None:
            records, checking = batch
            errors = await checking
            good = []
            for record, error in zip(records, errors, strict=True):
                if error is None:
                    good.append(record)
                else:
                    self._refuse(session_id, link.peer, error)
            session = self._sessions.get(session_id)
            if good and session is not None:
                with contextlib.suppress(NodeError):
                    self._ingest(session, good, link)

    async def _handle(self, session: _Session, link: _Link, message: Any) -> None:
        parsed = parse(message)
        if isinstance(parsed, Hello):
            link.hello_seen = True
            name = parsed.name or fingerprint(link.peer)
            session.presence[link.peer].name = name
            self._send_missing(
                session, link, missing_ranges(session.replica.frontier(), parsed.frontier)
            )
        elif isinstance(parsed, Records):
            decoded: list[Record] = []
            for data in parsed.records:
                try:
                    decoded.append(Record.from_dict(data))
                except RecordError as error:
                    self._refuse(session.id, link.peer, str(error))
            if decoded:
                # Ed25519 checks release the GIL: verifying in a worker thread while this
                # loop decodes and folds the previous batch puts a second core to work.
                loop = asyncio.get_running_loop()
                checked = loop.run_in_executor(self._verifier, _verify_all, decoded)
                await link.verifying.put((decoded, checked))
        elif isinstance(parsed, Want):
            self._send_missing(session, link, {parsed.author: (parsed.first, parsed.last)})
        elif isinstance(parsed, Presence):
            before = self._present(session)
            link.here = set(parsed.here)
            if self._present(session) != before:
                self._presence_changed(session, before)
        elif isinstance(parsed, Ping):
            pass

    def _send_missing(
        self, session: _Session, link: _Link, ranges: dict[str, tuple[int, int]]
    ) -> None:
        wanted: list[Record] = []
        for author, (first, last) in ranges.items():
            wanted.extend(self.store.chain(session.id, author, first, last))
        if not wanted:
            return
        wanted.sort(key=lambda r: r.order_key)
        dicts = [r.to_dict() for r in wanted]
        for batch in batches(dicts, [r.size for r in wanted]):
            link.send({"t": "records", "records": batch})

    # ----------------------------------------------------------------- join codes

    async def invite(self, session_id: str, *, ttl: float = 15 * 60) -> Invitation:
        """Open a join code for the session; it admits people until it expires."""
        from beraad.net.joincode import JoinCode

        session = self._session(session_id)
        if self.listener is None:
            raise NodeError(_("This node does not listen on the network, so nobody can join."))
        state_language = getattr(getattr(session.fold.state, "info", None), "language", "en")
        code = JoinCode.generate(
            language=state_language if state_language in ("en", "nl") else "en",
            taken=self.listener.invitations.taken(),
        )
        expires = time.time() + ttl
        # One code for the whole table: it admits everyone who knows it until it expires;
        # wrong guesses are limited by the listener and burn the code.
        self.listener.open_admission(
            session_id,
            code,
            lambda request, s=session: self._admit(s, request),
            ttl=ttl,
            uses=INVITATION_USES,
        )
        session.invitation = Invitation(session_id, str(code), expires)
        await self._advertise(session)
        return session.invitation

    async def _admit(self, session: _Session, request: Any) -> Any:
        """Called after a joiner proved the code: write the signed admission."""
        from beraad.net.admission import AdmissionGrant

        if request.member not in session.replica.members:
            name = request.name or fingerprint(request.member)
            await self.contribute(
                session.id, "member.admit", {"member": request.member, "name": name}
            )
        return AdmissionGrant({})

    async def join(self, code: str, *, address: str | None = None, timeout: float = 15) -> str:
        """Join a session by its code; returns the session id once its records arrived."""
        from beraad.net.admission import join as admission_join
        from beraad.net.joincode import JoinCode

        parsed = JoinCode.parse(code)
        if address is not None:
            host, _sep, port_text = address.rpartition(":")
            host, port = host.strip("[]"), int(port_text)
        else:
            host, port = await self._find_nameplate(parsed.nameplate, timeout)
        admission = await admission_join(
            host,
            port,
            str(parsed),
            identity=self.identity,
            name=self.display_name,
            timeout=timeout,
        )
        session_id = admission.session
        self.store.set_session_local(
            session_id,
            {
                "group_key": admission.group_key.hex(),
                "peers": [f"{host}:{port}"],
                "vouched": [admission.admitter],
            },
        )
        session = self._sessions.get(session_id) or _Session(
            id=session_id,
            group_key=admission.group_key,
            replica=Replica(session_id),
            fold=Fold(_reducer()),
        )
        session.group_key = admission.group_key  # a session held from a bundle becomes live
        session.vouched.add(admission.admitter)
        self._sessions[session_id] = session
        self._serve_session(session)
        await self._advertise(session)
        session.addresses.add((host, port))
        self._redial()
        me = self.identity.public_key
        await self.wait_for(lambda: me in session.replica.members, timeout)
        with contextlib.suppress(NodeError):
            await self.contribute(session_id, "member.name", {"name": self.display_name})
        self._emit(SessionJoined(session_id))
        return session_id

    async def _find_nameplate(self, nameplate: int, timeout: float) -> tuple[str, int]:
        if self.discovery is None:
            raise NodeError(_("Nobody nearby can be found without discovery; give an address."))
        try:
            found = await self.discovery.wait_for(
                lambda entries: any(e.nameplate == nameplate for e in entries), timeout
            )
        except TimeoutError as error:
            raise NodeError(
                _("No session with code number {number} was found nearby.").format(number=nameplate)
            ) from error
        entry = next(e for e in found if e.nameplate == nameplate)
        return entry.host, entry.port


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
    return session_model.open_body(**fields)


def _verify_all(records: list[Record]) -> list[str | None]:
    """Check each record's signature (runs in a worker thread); None means good."""
    errors: list[str | None] = []
    for record in records:
        try:
            record.verify()
        except RecordError as error:
            errors.append(str(error))
        else:
            errors.append(None)
    return errors


def explain(error: BaseException) -> str:
    """A core refusal in the user's language (the core keeps the English template)."""
    template = getattr(error, "template", None)
    if isinstance(template, str):
        return _(template).format(**getattr(error, "params", {}))
    return str(error)


def _validate(kind: str, body: dict[str, Any]) -> None:
    from beraad.core.canonical import CanonicalError
    from beraad.core.kinds import SchemaError, validate

    try:
        validate(kind, body)
    except (SchemaError, CanonicalError) as error:
        raise NodeError(explain(error)) from error
