"""Links: dialing peers, serving the listener, and talking sync over each connection.

A link is one Noise connection to one member for one session. Records that arrive on it are
signature-checked in a worker thread and then go down the node's one path (``Node._ingest``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from beraad.core.fold import Steps, finish
from beraad.core.identity import fingerprint
from beraad.core.messages import reason_of
from beraad.core.record import Record, RecordError
from beraad.core.replica import OFFER_STEP, Intake
from beraad.core.sync import (
    Clock,
    Hello,
    Holds,
    Ping,
    Presence,
    Records,
    SyncError,
    Want,
    hello,
    missing_ranges,
    parse,
)
from beraad.events import LinkDroppedAgain, NearbyChanged
from beraad.held import NodeError
from beraad.i18n import _
from beraad.net.errors import ConnectionClosed
from beraad.outbox import Outbox
from beraad.presence import PeerPresence
from beraad.store import StoreError

if TYPE_CHECKING:
    from beraad.held import HeldSession

log = logging.getLogger("beraad.node")

#: Batches one link may have in signature checking at once (bounds memory per peer).
VERIFY_AHEAD = 4
#: How often a node retries the peers it was given by address.
RECONNECT_INTERVAL = 2.0
#: Addresses only an mDNS advert names: dialled at most this many at once per host and in all,
#: and after each failure not again for twice as long as the last time, up to the maximum.
NEARBY_DIALS_PER_HOST = 2
NEARBY_DIALS = 16
NEARBY_BACKOFF_MAX = 60.0
#: Seconds "Connect to an address" waits for something to answer there before it says that
#: nothing did (a host that is off drops the knock: only a timeout tells).
REACH_TIMEOUT = 5.0
#: A record that sorts before the end of the fold (an old lamport: a peer cut off for a while,
#: or back-dated on purpose) costs a refold of the whole session. After one, what the same link
#: sends into the past — and any other link — waits this many times as long as that refold took
#: (within the bounds below) and is then folded together with one refold: refolds take at most
#: about 1/(1 + LATE_CALM_FACTOR) of this peer's time, however many late records arrive.
LATE_CALM_FACTOR = 4.0
LATE_CALM_MIN = 0.05
#: The fifth holds for refolds up to LATE_CALM_MAX / LATE_CALM_FACTOR (5 s); attack s11 saw
#: 6 s at 10,236 records on a loaded machine, where a 5 s cap let refolds take over half the
#: time. A refold goes in slices either way (``REFOLD_SLICE``): the cap is about throughput.
LATE_CALM_MAX = 20.0
#: Bytes of records gathered into one late fold at most (bounds memory per link).
LATE_GATHER_BYTES = 32 * 1024 * 1024
#: Records of one link taken in one loop turn at most (one gate step, one durable write): the
#: batches that arrived while the last slice was taken, gathered. A message holds at most as
#: many (``sync.BATCH_RECORDS``).
INGEST_SLICE = OFFER_STEP
#: Seconds a refold in slices (``NodeLinks._in_slices``) keeps the loop before handing it on:
#: well within a frame, so a record slotted into the past never freezes keys or links.
REFOLD_SLICE = 0.01


@dataclass(eq=False)
class Link:
    """One live connection to one peer for one session, with its own send queue."""

    connection: Any
    #: Everything sent on this link waits here for the link's writer (``beraad.outbox``).
    outbox: Outbox = field(default_factory=Outbox)
    #: Batches whose signatures are being checked in a worker thread, in arrival order.
    verifying: asyncio.Queue[Any] = field(default_factory=lambda: asyncio.Queue(VERIFY_AHEAD))
    hello_seen: bool = False
    #: Whom this peer says it is linked to (presence through it; members among them count).
    here: set[str] = field(default_factory=set)
    #: What its last ``presence`` said, applied at most once per ``PRESENCE_INTERVAL``.
    said_here: frozenset[str] = frozenset()
    #: Whether this peer's person has the session open (its hello and presence say; until
    #: its hello a new link counts as nobody here).
    open: bool = False
    said_open: bool = True
    presence_at: float = float("-inf")
    presence_timer: asyncio.TimerHandle | None = None
    #: Its hello said it takes ``holds`` receipts; the one on its way; the last seq sent.
    receipts: bool = False
    receipt_timer: asyncio.TimerHandle | None = None
    receipt_sent: int = 0
    #: Its hello said its clock (it takes ``clock`` messages); our last ask not answered yet
    #: (our clock then, and the loop's time), when we last asked, when we last answered
    #: (``beraad.clocks``).
    clocks: bool = False
    clock_asked: tuple[int, float] | None = None
    clock_asked_at: float = float("-inf")
    clock_answered: float = float("-inf")
    writer: asyncio.Task[Any] | None = None
    #: Why this link was dropped by us, once it was (said once in the log), and in one word
    #: ("unread", "sending": ``LinkDroppedAgain``).
    dropped: str | None = None
    why: str = ""

    @property
    def peer(self) -> str:
        return self.connection.peer

    def send(self, message: dict[str, Any]) -> None:
        if not self.outbox.message(message):
            self._overflow()

    def send_records(self, records: list[Record], *, answer: bool = False) -> None:
        """Queue records for this peer; the writer cuts them into batches within the limits."""
        if not self.outbox.records(records, answer=answer):
            self._overflow()

    def _overflow(self) -> None:
        self.drop(
            f"it left more than {self.outbox.limit // (1024 * 1024)} MiB unread; "
            "it syncs again when it comes back",
            why="unread",
        )

    def drop(self, reason: str, why: str = "") -> None:
        """End the link now (the reader then ends it as it ends any link), said once."""
        if self.dropped is not None:
            return
        self.dropped, self.why = reason, why
        log.warning("dropped the link to %s: %s", fingerprint(self.peer), reason)
        with contextlib.suppress(Exception):
            self.connection.abort()


class NodeLinks:
    """The network half of ``Node`` (mixed in; uses its sessions, store and one path)."""

    # ----------------------------------------------------------------- network

    async def _listen(self, host: str, port: int) -> None:
        from beraad.net.transport import Listener

        self.listener = Listener(self.identity, name=self.display_name)
        await self.listener.start(host, port)
        self.host = host if host not in ("0.0.0.0", "") else "127.0.0.1"
        for session in self._sessions.values():
            self._serve_session(session)

    def _serve_session(self, session: HeldSession) -> None:
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

    async def browse(self) -> None:
        """Look for sessions nearby on a read-only node: it announces nothing and listens on no
        port, so ``beraad sessions`` works beside the app that holds the data dir."""
        if self.discovery is None:
            await self._discover()

    @property
    def peer_id(self) -> str:
        return self.identity.public_key[:16]

    async def _advertise(self, session: HeldSession) -> None:
        """Announce the session (title only when not private) without making the caller wait.

        mDNS probing takes over a second; announcements run in the background, one after the
        other per session, so the latest nameplate and title always win.
        """
        if self.discovery is None or self.listener is None or session.readonly:
            return
        # Every open code's number is announced (a guest code beside the member code), the
        # member code's first: a joiner typing either must find us.
        nameplates = [
            int(invitation.code.split("-")[0])
            for role in ("member", "guest")
            if (invitation := session.invitations.get(role)) is not None
            and invitation.expires_at > time.time()
        ]
        info = getattr(session.fold.state, "info", None)
        title = info.title if info is not None and not info.private else None
        previous = self._announcing.get(session.id)
        self._announcing[session.id] = self._spawn(
            self._announce(session.id, tuple(nameplates), title, previous),
            f"announce {session.id[:8]}",
        )

    async def _announce(
        self, session_id: str, nameplates: tuple[int, ...], title: str | None, previous: Any
    ) -> None:
        if previous is not None:
            with contextlib.suppress(BaseException):
                await previous
        nameplate, more = (nameplates[0], nameplates[1:]) if nameplates else (None, ())
        try:
            if session_id in self._advertised:
                await self.discovery.update(
                    session=session_id, nameplate=nameplate, title=title, nameplates=more
                )
            else:
                await self.discovery.advertise(
                    session=session_id,
                    peer=self.peer_id,
                    port=self.listener.port,
                    nameplate=nameplate,
                    title=title,
                    nameplates=more,
                )
                self._advertised.add(session_id)
        except Exception as error:  # discovery is a convenience: --peer still works without it
            log.warning("could not announce session %s: %s", session_id[:8], error)

    def _nearby_changed(self) -> None:
        self._emit(NearbyChanged())
        self._redial()

    def nearby(self) -> list[Any]:
        return self.discovery.nearby() if self.discovery is not None else []

    def add_peer(self, address: str) -> tuple[str, int]:
        """Keep a link to ``host:port`` for every session we share (for networks without mDNS);
        the host and port."""
        host, _sep, port = address.rpartition(":")
        if not host or not port.isdigit():
            raise NodeError(
                _("A peer address looks like host:port, not {address}.").format(address=address)
            )
        target = (host.strip("[]"), int(port))
        if target not in self._peers:
            self._peers.append(target)
            self._redial()
        return target

    async def connect(self, address: str) -> bool:
        """ "Connect to an address" in the lobby: the same as ``--peer`` (the attached
        window's ``connect`` asks its holder, which lands here), then whether something
        answers there within ``REACH_TIMEOUT``. Either way the address stays kept: the links
        try it again, as for ``--peer``."""
        from beraad.net.transport import answers

        host, port = self.add_peer(address)
        return await answers(host, port, REACH_TIMEOUT)

    def _targets(self) -> list[tuple[HeldSession, str, int, bool]]:
        """Every (session, address) we should hold a link to right now, and whether only an
        advert names it (anyone on the network can advertise any address)."""
        live = [s for s in self._sessions.values() if not s.readonly]
        targets = [(s, h, p, False) for s in live for h, p in self._peers]
        targets += [(s, h, p, False) for s in live for h, p in s.addresses]
        if self.discovery is not None:
            for entry in self.discovery.nearby():
                session = self._sessions.get(entry.session)
                # Both sides see each other; only the smaller peer id dials, so one link is made.
                if session is not None and not session.readonly and self.peer_id < entry.peer:
                    targets.append((session, entry.host, entry.port, True))
        return targets

    def _redial(self) -> None:
        """Dial every target that has no link (or dial under way). Addresses only an advert
        names are dialled a few at once per host (``NEARBY_DIALS_PER_HOST``) and in all
        (``NEARBY_DIALS``), each waiting longer after every failure (``NEARBY_BACKOFF_MAX``):
        1,500 adverts for the session made every member's node hold ~1,000 sockets, hit the
        open-files limit and log ~500 lines a minute (attack s12 #5)."""
        if self._closing:
            return
        now = time.monotonic()
        targets = self._targets()
        advertised = {(h, p, s.id) for s, h, p, nearby in targets if nearby}
        for key in [k for k in self._dial_after if k not in advertised]:
            del self._dial_after[key]  # gone from the adverts: forgotten
        for session, host, port, nearby in targets:
            key = (host, port, session.id)
            if key in self._dialing:
                continue
            if nearby and not self._may_dial_nearby(key, now):
                continue
            self._dialing.add(key)
            if nearby:
                self._dialing_nearby.add(key)
            self._spawn(self._dial(session.id, host, port), f"dial {host}:{port}")

    def _may_dial_nearby(self, key: tuple[str, int, str], now: float) -> bool:
        """May an address only an advert names be dialled now (its back-off over, a slot free)?"""
        after = self._dial_after.get(key)
        if after is not None and now < after[1]:
            return False
        busy = sum(1 for k in self._dialing_nearby if k[0] == key[0])
        return busy < NEARBY_DIALS_PER_HOST and len(self._dialing_nearby) < NEARBY_DIALS

    def _dialled(self, key: tuple[str, int, str], reached: bool) -> None:
        """After a dial of an advertised address: its back-off, doubled on each failure."""
        self._dialing_nearby.discard(key)
        if reached:
            self._dial_after.pop(key, None)
            return
        failures = self._dial_after.get(key, (0, 0.0))[0] + 1
        wait = min(NEARBY_BACKOFF_MAX, RECONNECT_INTERVAL * 2 ** min(failures, 16))
        self._dial_after[key] = (failures, time.monotonic() + wait)

    async def _maintain(self) -> None:
        """Re-dial lost links now and then: peers restart, partitions heal, laptops come back."""
        while not self._closing:
            await asyncio.sleep(RECONNECT_INTERVAL)
            self._redial()
            self._ask_clocks()

    async def _dial(self, session_id: str, host: str, port: int) -> None:
        """One attempt: connect and talk until the link ends. ``_maintain`` tries again later."""
        from beraad.net.transport import connect

        reached = False
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
                self.about_peers.info(
                    "cannot reach %s:%d for %s: %s",
                    host,
                    port,
                    session_id[:8],
                    error,
                    key=(host, "unreachable"),
                )
                return
            reached = True
            if (host, port, session_id) in self._dialing_nearby:
                # A slot is for a dial under way, not a link that lives: held for the link's
                # life, two sessions linked to a host took both, and a third shared with it
                # was never dialled (naive s12 R0: a group with a trajectory and a second
                # deliberation stayed "Away" on every screen).
                self._dialled((host, port, session_id), reached)
            await self._run_link(session, connection)
        finally:
            self._dialing.discard((host, port, session_id))
            if (host, port, session_id) in self._dialing_nearby:
                self._dialled((host, port, session_id), reached)

    async def _run_link(self, session: HeldSession, connection: Any) -> None:
        """Talk sync with one peer until the connection ends."""
        link = Link(connection)
        peer = connection.peer
        name = getattr(connection, "peer_name", None) or fingerprint(peer)
        session = self._sessions.get(session.id, session)
        before = self._present(session)
        session.links.setdefault(peer, set()).add(link)
        known = session.presence.get(peer)
        held = known.holds if known is not None else 0  # what it said it holds, it still holds
        session.presence[peer] = PeerPresence(peer, name, True, time.time(), held)
        if known is not None:  # its clock as last measured, until this link measures it
            session.presence[peer].clock = known.clock
            session.presence[peer].clock_within = known.clock_within
        log.info("connected to %s (%s) for session %s", name, fingerprint(peer), session.id[:8])
        writer = link.writer = self._spawn(self._write(link), f"write {fingerprint(peer)}")
        ingester = self._spawn(self._ingest_verified(session.id, link), "ingest")
        frontier = self._held_frontier(session)
        link.send(
            hello(
                frontier,
                self.display_name,
                self.opened(session.id),
                self._asking(link),
                self._head_ids(session, frontier),
            )
        )
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
            link.outbox.close()
            writer.cancel()
            if link.presence_timer is not None:
                link.presence_timer.cancel()
            self._end_receipts(link)
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
            self._dropped_again(session, link)
            with contextlib.suppress(Exception):
                await connection.close()

    def _dropped_again(self, session: HeldSession, link: Link) -> None:
        """A link we dropped for the same reason as the last one to that peer: said once on
        screen (``LinkDroppedAgain``) until a link to it ends otherwise. Once is chance (a
        peer that stalled); twice in a row it comes back to the same, and only the log said
        it (attack s12 #1: every 2 s, for good)."""
        peer = link.peer
        if link.dropped is None or not link.why:
            session.dropped.pop(peer, None)
            session.dropped_said.discard(peer)
            return
        again = session.dropped.get(peer) == link.why
        session.dropped[peer] = link.why
        if again and peer not in session.dropped_said:
            session.dropped_said.add(peer)
            self._emit(LinkDroppedAgain(session.id, peer, link.why, link.outbox.limit))

    def _held_frontier(self, session: HeldSession) -> dict[str, int]:
        """What a hello says we hold: while a slice is on its way to the disk
        (``_ingest_slice``), what is durable of it only, so nothing not stored is claimed."""
        frontier = session.replica.frontier()
        if not self._slicing.locked():
            return frontier
        stored = self.store.frontier(session.id)
        held = {a: min(seq, stored.get(a, 0)) for a, seq in frontier.items()}
        return {a: seq for a, seq in held.items() if seq}

    def _head_ids(self, session: HeldSession, frontier: dict[str, int]) -> dict[str, str]:
        """The id of our record at each seq of the frontier a hello says (``sync.hello``)."""
        heads = {}
        for author, seq in frontier.items():
            held = self.store.chain(session.id, author, seq, seq)
            if held:
                heads[author] = held[0].id
        return heads

    def _other_heads(self, session: HeldSession, parsed: Hello) -> list[Record]:
        """Our records at seqs where a hello's ``heads`` name another record: the peer holds
        one of two records an author signed at one seq, and ours is the other. One lookup
        per author it names (at most one per author of its frontier)."""
        ours = []
        for author, id_ in (parsed.heads).items():
            held = self.store.chain(
                session.id, author, parsed.frontier[author], parsed.frontier[author]
            )
            if held and held[0].id != id_:
                ours.append(held[0])
        return ours

    async def _write(self, link: Link) -> None:
        """One writer per link: a slow peer delays only itself. Keepalives are the transport's.

        A writer that cannot go on (whatever the reason) ends the link: a link that reads but
        no longer sends would look alive while its peer never hears from us again.
        """
        try:
            async for message in link.outbox.messages():
                await link.connection.send_encoded(message)
        except asyncio.CancelledError:
            raise
        except ConnectionClosed:
            pass  # the reader sees the same end
        except Exception as error:
            link.drop(f"sending to it failed: {error}", why="sending")

    async def _ingest_verified(self, session_id: str, link: Link) -> None:
        """Fold a link's batches in arrival order as their signature checks finish.

        Batches that would refold the session (records slotted into the past) are gathered with
        everything else the link has sent, and — after any refold of the session — with what
        it sends until the session's calm time: one refold for many late records, and links
        that keep writing into the past are slowed instead of freezing this peer
        (``LATE_CALM_FACTOR``; the calm time is the session's, so more links or members do not
        buy more refolds).
        """
        await self.read_back_checked()  # type: ignore[attr-defined]
        loop = asyncio.get_running_loop()
        ended = False
        carried: list[Record] | None = None  # a batch taken while gathering, for next turn
        while not ended:
            if carried is not None:
                good, carried = carried, None
            else:
                batch = await link.verifying.get()
                if batch is None:
                    break
                good = await self._checked(session_id, link, batch)
            session = self._sessions.get(session_id)
            plain = session is not None and not self._costly(session, good)
            if session is not None and not plain:
                size = sum(r.size for r in good)
                while size < LATE_GATHER_BYTES and session is not None:
                    wait = session.calm_at - loop.time()
                    if link.verifying.empty() and wait <= 0:
                        break
                    try:
                        more = link.verifying.get_nowait()
                    except asyncio.QueueEmpty:
                        try:
                            more = await asyncio.wait_for(link.verifying.get(), wait)
                        except TimeoutError:
                            session = self._sessions.get(session_id)
                            continue  # another link's refold may have moved the calm time
                    if more is None:
                        ended = True
                        break
                    fresh = await self._checked(session_id, link, more)
                    good.extend(fresh)
                    size += sum(r.size for r in fresh)
                    session = self._sessions.get(session_id)
            elif session is not None:
                # What else this link sent meanwhile goes in the same slice: one durable write
                # and one telling for many records (a member sending one record per frame cost
                # a write each, on this loop). A costly batch waits for the next turn.
                while len(good) < INGEST_SLICE:
                    try:
                        more = link.verifying.get_nowait()
                    except asyncio.QueueEmpty:
                        break
                    if more is None:
                        ended = True
                        break
                    fresh = await self._checked(session_id, link, more)
                    if len(good) + len(fresh) > INGEST_SLICE or self._costly(session, fresh):
                        carried = fresh
                        break
                    good.extend(fresh)
            session = self._sessions.get(session_id)
            if not good or session is None:
                continue
            if plain and len(good) <= INGEST_SLICE:
                # Plain records: stored in the store's thread while keys and links go on.
                with contextlib.suppress(NodeError):
                    await self._ingest_slice(session, good, link)
                self.slices += 1
                await asyncio.sleep(0)  # one slice per loop turn (round robin, keys first)
                continue
            async with self._slicing:  # in turn with the slices on their way to the disk
                session = self._sessions.get(session_id, session)
                refolds = session.fold.refolds
                forks = len(session.replica.chains.forks)
                aside = len(session.fold.aside)
                spent = 0.0
                with contextlib.suppress(NodeError):
                    # A refold of the whole session, in slices: keys, the screen and the
                    # other links go on between them.
                    spent = await self._in_slices(self._ingesting(session, good, link))
            self.slices += 1
            session = self._sessions.get(session_id, session)
            if (
                session.fold.refolds != refolds
                or len(session.replica.chains.forks) != forks
                or len(session.fold.aside) != aside
            ):
                # A new fork (or a forker's record kept set aside) costs a durable write (and
                # may cost a refold): proofs and a forker's records sent after it wait for the
                # calm time and are kept together, one write for many. The time is the
                # slices' own, not the turns others had between them.
                spent *= LATE_CALM_FACTOR
                session.calm_at = loop.time() + min(LATE_CALM_MAX, max(LATE_CALM_MIN, spent))
            # One slice per loop turn: keys, the screen and the other links' slices come
            # between two of this link's (each link's task yields alike: round robin).
            await asyncio.sleep(0)

    async def _in_slices(self, steps: Steps[Any]) -> float:
        """Drive ``steps`` (``Node._ingesting``) a slice of ``REFOLD_SLICE`` seconds per loop
        turn; the seconds spent in them. Holding ``_slicing``, nothing else changes the fold
        meanwhile (our own records wait for it as for any slice)."""
        spent = 0.0
        while True:
            started = time.perf_counter()
            try:
                next(steps)  # one step at least, however short the slice
                while time.perf_counter() - started < REFOLD_SLICE:
                    next(steps)
            except StopIteration:
                return spent + time.perf_counter() - started
            spent += time.perf_counter() - started
            self.refold_slices += 1
            await asyncio.sleep(0)

    async def _ingest_slice(self, session: HeldSession, records: list[Record], link: Link) -> None:
        """A link's slice (``links.INGEST_SLICE``) down the one path, its durable write in the
        store's thread while this loop goes on (keys, the screen, other links). Slices take
        turns (``_slicing``), so they are stored and folded in the order they were gated.
        What is more than plain records (a fork proved, a forker's records set aside, a
        pinned one, nothing new) takes the path as ever, all on this loop."""
        async with self._slicing:
            session = self._sessions.get(session.id, session)
            intake = session.replica.offer(records, now_ms=int(self.clock() * 1000))
            if intake.forks or intake.set_aside or intake.pinned or not intake.accepted:
                finish(self._taking(session, intake, link, local=True))
                self._wake_when_due(session)
                return
            self._told(session, intake, link)
            try:
                await self.store.append_many_aside(intake.accepted)
            except StoreError as error:
                self._store_refused(session, intake, error, others=True)
            if self._sessions.get(session.id) is not session:
                return  # reloaded from the disk meanwhile: it holds what is durable
            # Plain records append; should one refold after all, in slices.
            await self._in_slices(self._storing(session, intake, link, True, []))
            # Whom the fold just admitted may write now (``_taking``), here on the loop.
            await self._in_slices(self._taking(session, Intake(), link, local=True))
            self._wake_when_due(session)

    def _costly(self, session: HeldSession, records: list[Record]) -> bool:
        """Would these records refold the session, prove a fork or be kept set aside: a
        refold or a durable write of their own, so they are gathered for the calm time."""
        return (
            session.fold.sorts_before_end(records)
            or self._proves_fork(session, records)
            or _sets_aside(session, records)
        )

    def _proves_fork(self, session: HeldSession, records: list[Record]) -> bool:
        """Does a record take a place this peer holds another record at, below where its
        author's records are already set aside: news of a fork, which costs a write and may
        cost a refold, so it is gathered like a record slotted into the past."""
        lines = session.fold.set_aside
        heads = self.store.frontier(session.id)
        for record in records:
            if record.seq > heads.get(record.author, 0) or self.store.has(record.id):
                continue  # a place not taken yet, or the very record held there
            line = lines.get(record.author)
            if line is not None and record.seq >= line:
                continue  # no news: set aside already
            held = self.store.chain(session.id, record.author, record.seq, record.seq)
            if held and held[0].id != record.id:
                return True
        return False

    async def _checked(self, session_id: str, link: Link, batch: Any) -> list[Record]:
        """A batch's records whose signatures held; the others are refused and logged."""
        records, checking = batch
        errors = await checking
        good = []
        for record, error in zip(records, errors, strict=True):
            if error is None:
                good.append(record)
            else:
                self._refuse(session_id, link.peer, error)
        return good

    async def _handle(self, session: HeldSession, link: Link, message: Any) -> None:
        parsed = parse(message)
        if isinstance(parsed, Hello):
            if link.hello_seen:
                return  # one hello per link: a repeated one would ask for everything again
            link.hello_seen = True
            name = parsed.name or fingerprint(link.peer)
            session.presence[link.peer].name = name
            self._open_said(session, link, parsed.open)
            link.receipts = parsed.holds
            self._clock_hello(link, parsed.clock)
            mine = parsed.frontier.get(self.identity.public_key)
            if mine:  # what it holds of my chain at link time: durable, as a hello claims
                self._holds_said(session, link, mine)
            # Never signed again here (a damaged line of ours: naive s16 N1).
            self.own_said(session.id, mine if isinstance(mine, int) else 0, link.peer)
            self._send_missing(
                session, link, missing_ranges(session.replica.frontier(), parsed.frontier)
            )
            # Where it holds another record than ours at a seq of its frontier, ours goes to
            # it: both then hold the fork's proof (attack s17 #5).
            link.send_records(self._other_heads(session, parsed), answer=True)
            # The proof of every fork we know (two records per forker, the lowest fork's):
            # the peer then sets aside what we set aside. An answer too (records held anyway):
            # nothing a hello is answered with can drop the link.
            proofs = [r for group in _lowest_forks(self.store.evidence(session.id)) for r in group]
            link.send_records(proofs, answer=True)
            # Every forker's record we keep set aside, so it counts alike for the lamport step
            # there and the group's records that name one read the same (core/forks.py): an
            # answer (records held anyway, cut into batches as the writer takes them), never
            # a push. Pushed, 32 MiB of them dropped every link on its hello, and again each
            # time it came back, for good (attack s12 #1).
            sent = {r.id for r in proofs}
            link.send_records([r for r in session.replica.aside() if r.id not in sent], answer=True)
        elif isinstance(parsed, Records):
            decoded: list[Record] = []
            for data in parsed.records:
                try:
                    decoded.append(Record.from_dict(data))
                except RecordError as error:
                    self._refuse(session.id, link.peer, reason_of(error))
            if decoded:
                # Ed25519 checks release the GIL: verifying in a worker thread while this
                # loop decodes and folds the previous batch puts a second core to work.
                loop = asyncio.get_running_loop()
                checked = loop.run_in_executor(self._verifier, _verify_all, decoded)
                await link.verifying.put((decoded, checked))
        elif isinstance(parsed, Want):
            self._send_missing(session, link, {parsed.author: (parsed.first, parsed.last)})
        elif isinstance(parsed, Presence):
            self._presence_said(session, link, parsed.here, parsed.open)
        elif isinstance(parsed, Holds):
            self._holds_said(session, link, parsed.seq)
        elif isinstance(parsed, Clock):
            self._clock_said(session, link, parsed)
        elif isinstance(parsed, Ping):
            pass

    def _send_missing(
        self, session: HeldSession, link: Link, ranges: dict[str, tuple[int, int]]
    ) -> None:
        """Answer a hello or want: each record at most twice per link (``outbox``), so asking
        again and again for the same records costs this node nothing."""
        wanted: list[Record] = []
        for author, (first, last) in ranges.items():
            for start, end in link.outbox.answered.take(author, first, last):
                wanted.extend(self.store.chain(session.id, author, start, end))
        if not wanted:
            return
        wanted.sort(key=lambda r: r.order_key)
        link.send_records(wanted, answer=True)


def _sets_aside(session: HeldSession, records: list[Record]) -> bool:
    """Is a record past where its author's records are set aside, and not kept yet: it costs
    a durable write (``Node._forked``), so it is gathered like a record slotted into the past."""
    fold = session.fold
    return bool(fold.set_aside) and any(
        fold.is_set_aside(r) and r.id not in fold.aside and r.id not in fold.kept for r in records
    )


def _lowest_forks(groups: list[list[Record]]) -> list[list[Record]]:
    """Of the fork proofs held, the lowest per author: only it says where the line lies (a
    ladder of higher ones would be sent to every peer on every hello for nothing)."""
    lowest: dict[str, list[Record]] = {}
    for group in groups:
        if len(group) < 2:
            continue  # a forker's record kept set aside (node._forked), not a proof
        author = group[0].author
        known = lowest.get(author)
        if known is None or min(r.seq for r in group) < min(r.seq for r in known):
            lowest[author] = group
    return list(lowest.values())


def _verify_all(records: list[Record]) -> list[str | None]:
    """Check each record's signature (runs in a worker thread); None means good."""
    errors: list[str | None] = []
    for record in records:
        try:
            record.verify()
        except RecordError as error:
            errors.append(reason_of(error))  # in the reader's language where it is shown
        else:
            errors.append(None)
    return errors
