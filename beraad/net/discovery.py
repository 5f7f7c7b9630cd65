"""Find sessions on the local network with mDNS/DNS-SD, and let others find ours.

Every open session is advertised as its own ``_beraad._tcp.local.`` service, so a browser sees
one entry per (peer, session) and needs no query of its own to learn what is on offer. The TXT
record carries only what a stranger on the LAN may know: the protocol version, the session id,
a peer id, the number part of every open join code (never its words: those are the secret), and
the title only when the caller passes one (a private session passes none). A session may have a
member code and a guest code open at once: ``np`` holds the first number (what older peers read),
``nps`` all of them, comma-separated, when there is more than one.

Discovery is a hint, not trust: whoever connects must still pass the Noise handshake with the
group key. So malformed adverts are ignored quietly and nothing here is signed.

zeroconf runs on an event loop of its own, in its own thread (``use_asyncio=False``): every
packet, every browser callback and every resolve happens there, and only a parsed ``Nearby``
crosses to the caller's loop. On the caller's loop, an outsider's 1,500 adverts stalled the app
up to ~0.9 s at a time (attack s12, left over).
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import re
import secrets
import time
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import ifaddr  # zeroconf's own dependency: the interface list it uses itself
from zeroconf import (
    BadTypeInNameException,
    InterfaceChoice,
    InterfacesType,
    IPVersion,
    NonUniqueNameException,
    ServiceStateChange,
    Zeroconf,
)
from zeroconf.asyncio import AsyncServiceBrowser, AsyncServiceInfo

from beraad.i18n import _
from beraad.readable import readable

log = logging.getLogger(__name__)

T = TypeVar("T")

SERVICE_TYPE = "_beraad._tcp.local."
PROTOCOL_VERSION = "1"
RESOLVE_TIMEOUT_MS = 3000
RESOLVE_ATTEMPTS = 3
#: Adverts one address may have in the table, and all addresses together: a machine holds a
#: few sessions; an outsider's 1,500 adverts from one host filled the table (and the lobby, and
#: the list of addresses to dial) with 1,500 (attack s12 #4 and #6). Past them an advert is
#: left out until it is sent again after one has gone; a full table makes room for an address
#: holding fewer (``Discovery._room_for``).
NEARBY_PER_HOST = 32
NEARBY_MOST = 256
# PTR/TXT records default to 75 minutes; a peer that vanished without a goodbye (crash, cable)
# should drop out of the list within minutes, not an hour, so every record gets the host TTL.
RECORD_TTL = 120  # seconds, as RFC 6762 advises for host records
MAX_TXT_VALUE = 255
MAX_TITLE_BYTES = MAX_TXT_VALUE - len(b"title=")
MAX_PEER_LEN = 64
MAX_NAMEPLATES = 8  # a member code and a guest code today; a few more would still fit a TXT
# zeroconf announces a service only when it is registered and browses with four queries in the
# first ~14 s, then asks only to refresh what it knows. Started before the network is up (a
# laptop opened before its Wi-Fi), both are lost and nobody finds anybody for minutes. So we
# look at the interfaces every few seconds (cheap: one getifaddrs call and a few sysfs reads)
# and announce and ask again when they change.
NETWORK_POLL = 2.0  # seconds
_SYS_NET = Path("/sys/class/net")  # Linux: each interface's link state (absent elsewhere)

# \A…\Z: with ^…$ a value ending in a newline passed (attack s13 finding 7b).
_SESSION = re.compile(r"\A[0-9a-f]{32}\Z")
_PEER = re.compile(r"\A[A-Za-z0-9][A-Za-z0-9_-]{0,63}\Z")


class DiscoveryError(RuntimeError):
    """Local discovery cannot run or was misused; the message says why, for the user."""


@dataclass(frozen=True)
class Nearby:
    """One session advertised by one other peer on the local network.

    ``host`` is the address to dial (one on a subnet we share, when there is one); all IPv4
    addresses the peer gave are in ``addresses``. ``seen_at`` is ``time.monotonic()`` of the
    last time the advert was resolved (first seen or changed; zeroconf refreshes unchanged
    records silently), kept out of equality so a refresh alone is not a change. An advert
    whose peer vanished without a goodbye (killed, cable pulled) is meant to drop out when its
    records expire (120 s TTL), but that is not yet shown to happen: treat a failed connect as
    the stronger sign.
    """

    session: str
    peer: str
    host: str
    port: int
    nameplate: int | None
    title: str | None
    addresses: tuple[str, ...] = ()
    name: str = ""
    seen_at: float = field(default=0.0, compare=False)
    nameplates: tuple[int, ...] = ()  # every open code's number, ``nameplate`` first

    def offers(self, nameplate: int) -> bool:
        """Does this peer hold an open join code with this number (member's or guest's)?"""
        return nameplate == self.nameplate or nameplate in self.nameplates


def instance_label(peer: str, session: str) -> str:
    """The service instance label: from peer and session only (a title may be private).

    At most 44 characters, well inside DNS's 63-byte label limit.
    """
    return f"{peer.lower()[:24]}-{session[:16]}"


def clip_utf8(text: str, limit: int) -> str:
    """The longest prefix of ``text`` whose UTF-8 form fits in ``limit`` bytes."""
    data = text.encode("utf-8")[:limit]
    return data.decode("utf-8", errors="ignore")


def txt_properties(
    *,
    session: str,
    peer: str,
    nameplate: int | None,
    title: str | None,
    nameplates: Sequence[int] = (),
) -> dict[str, str]:
    """The TXT record for one advert, after checking every value (bad input is refused).

    ``nameplates`` are the numbers of further open codes (a guest code beside the member's).
    """
    if not isinstance(session, str) or not _SESSION.match(session):
        raise DiscoveryError(_("A session id is 32 lowercase hexadecimal characters."))
    if not isinstance(peer, str) or not _PEER.match(peer):
        raise DiscoveryError(_("A peer id for discovery is 1 to 64 letters, digits, '-' or '_'."))
    properties = {"v": PROTOCOL_VERSION, "session": session, "peer": peer}
    numbers: list[int] = []
    for number in (*([] if nameplate is None else [nameplate]), *nameplates):
        if isinstance(number, bool) or not isinstance(number, int) or number < 0:
            raise DiscoveryError(_("A join code's number is a whole number, zero or more."))
        if number not in numbers:
            numbers.append(number)
    if numbers:
        properties["np"] = str(numbers[0])
    if len(numbers) > 1:
        properties["nps"] = ",".join(map(str, numbers[:MAX_NAMEPLATES]))
    if title is not None:
        if not isinstance(title, str):
            raise DiscoveryError(_("A session title is text."))
        clipped = clip_utf8(readable(title), MAX_TITLE_BYTES)
        if clipped:
            properties["title"] = clipped
    return properties


def parse_advert(
    name: str, properties: dict[bytes, bytes | None], addresses: list[str], port: int | None
) -> Nearby | None:
    """A ``Nearby`` from a resolved service, or None when the advert is not one we can use."""

    def text(key: bytes) -> str | None:
        value = properties.get(key)
        if value is None:
            return None
        return value.decode("utf-8", errors="replace")

    if text(b"v") != PROTOCOL_VERSION:
        return None
    session, peer = text(b"session"), text(b"peer")
    if session is None or not _SESSION.match(session) or peer is None or not _PEER.match(peer):
        return None
    if port is None or not 0 < port < 65536 or not addresses:
        return None
    nameplate = _number(text(b"np"))
    numbers = [] if nameplate is None else [nameplate]
    for raw in (text(b"nps") or "").split(",")[:MAX_NAMEPLATES]:
        number = _number(raw)
        if number is not None and number not in numbers:
            numbers.append(number)
    if nameplate is None and numbers:
        nameplate = numbers[0]
    title = text(b"title")
    if title is not None:
        title = readable(title)[:MAX_TITLE_BYTES] or None
    return Nearby(
        session=session,
        peer=peer,
        host=addresses[0],
        port=port,
        nameplate=nameplate,
        title=title,
        addresses=tuple(addresses),
        name=name,
        seen_at=time.monotonic(),
        nameplates=tuple(numbers),
    )


def _number(raw: str | None) -> int | None:
    """A join code's number as advertised, or None when it is no plain number."""
    if raw is not None and raw.isascii() and raw.isdigit() and len(raw) <= 9:
        return int(raw)
    return None


def _local_networks() -> list[tuple[ipaddress.IPv4Address, ipaddress.IPv4Network]]:
    found = []
    for adapter in ifaddr.get_adapters():
        for ip in adapter.ips:
            if isinstance(ip.ip, str):
                address = ipaddress.IPv4Address(ip.ip)
                network = ipaddress.IPv4Network(f"{ip.ip}/{ip.network_prefix}", strict=False)
                found.append((address, network))
    return found


def network_state() -> tuple[tuple[str, str, str], ...]:
    """What the mDNS traffic depends on: each interface's IPv4 addresses and its link state.

    The link state (Linux only) tells a cable plugged in, when the address stayed put.
    """
    state = []
    for adapter in ifaddr.get_adapters():
        name = adapter.name if isinstance(adapter.name, str) else adapter.nice_name
        try:
            link = (_SYS_NET / name / "operstate").read_text().strip()
        except OSError:
            link = ""
        for ip in adapter.ips:
            if isinstance(ip.ip, str):
                state.append((name, f"{ip.ip}/{ip.network_prefix}", link))
    return tuple(sorted(state))


def _advertised_addresses(interfaces: InterfacesType) -> list[str]:
    """The IPv4 addresses to put in our A records: the interfaces we multicast on.

    Loopback only when there is nothing else (a machine with no network still finds
    itself, e.g. two users on one host).
    """
    if not isinstance(interfaces, InterfaceChoice):
        chosen = [i for i in interfaces if isinstance(i, str) and "." in i]
    else:
        chosen = [str(address) for address, _net in _local_networks()]
    outside = [a for a in chosen if not ipaddress.IPv4Address(a).is_loopback]
    return outside or chosen or ["127.0.0.1"]


#: Our subnets as last read, and when (``time.monotonic()``): every resolved advert asks which
#: of its addresses share one, and reading the interfaces takes ~1 ms: 1,500 adverts were
#: ~1.5 s of interpreter time, taken from the app's keys (they share one interpreter lock).
_subnets: tuple[float, list[ipaddress.IPv4Network]] = (-NETWORK_POLL, [])


def _our_subnets() -> list[ipaddress.IPv4Network]:
    """Our subnets, read at most once per ``NETWORK_POLL`` (as often as changes are looked for)."""
    global _subnets
    read_at, networks = _subnets
    now = time.monotonic()
    if now - read_at >= NETWORK_POLL:
        networks = [net for _addr, net in _local_networks()]
        _subnets = (now, networks)
    return networks


def _forget_subnets() -> None:
    """The network changed: read our subnets afresh at the next advert."""
    global _subnets
    _subnets = (time.monotonic() - NETWORK_POLL, [])


def _prefer_shared_subnet(addresses: list[str]) -> list[str]:
    """Put first the addresses on a subnet we are on ourselves: those are the ones to dial."""
    networks = _our_subnets()

    def shared(address: str) -> bool:
        ip = ipaddress.IPv4Address(address)
        return any(ip in net for net in networks)

    return sorted(addresses, key=lambda a: not shared(a))


async def _awaited(work: Awaitable[Any]) -> None:
    """Await, on zeroconf's loop, what one of its calls returned (announcements, goodbyes)."""
    await work


async def _done(work: Awaitable[Awaitable[Any]]) -> None:
    """Await zeroconf's call and then what it returns (its announcements or goodbyes)."""
    await (await work)


class Discovery:
    """Advertise our open sessions and keep a live table of the sessions others advertise.

    All methods run on the caller's asyncio loop. zeroconf runs on a loop of its own, in its
    own thread: its packets, its browser and every resolve never take the caller's loop, which
    gets only each resolved advert, parsed, to put in the table. ``on_change`` is called (on the
    caller's loop) whenever ``nearby()`` may have changed.
    """

    def __init__(
        self,
        *,
        interfaces: InterfacesType | None = None,
        on_change: Callable[[], None] | None = None,
    ) -> None:
        self._interfaces: InterfacesType = (
            interfaces if interfaces is not None else InterfaceChoice.All
        )
        self._on_change = on_change
        self._zc: Zeroconf | None = None  # runs its own loop in its own thread
        self._loop: asyncio.AbstractEventLoop | None = None  # the caller's: the table lives here
        self._browser: AsyncServiceBrowser | None = None  # lives on zeroconf's loop
        self._adverts: dict[str, AsyncServiceInfo] = {}  # session -> our registered info
        self._txt: dict[str, dict[str, str]] = {}  # session -> its TXT properties
        self._watch: asyncio.Task[None] | None = None  # re-announces when the network changes
        self._peer_of: dict[str, str] = {}  # session -> the peer id we advertise it under
        self._own: set[str] = set()  # lower-cased service names we registered
        self._table: dict[str, Nearby] = {}  # lower-cased service name -> what it offers
        #: Resolves under way, on zeroconf's loop (only ever touched there).
        self._resolving: dict[str, asyncio.Task[None]] = {}
        self._crowded: set[str] = set()  # hosts whose adverts were left out (logged once)
        self._changed = asyncio.Event()
        self._lock = asyncio.Lock()
        self._closed = False
        # Our own mDNS host name for the A records. zeroconf would use the instance name, and
        # keep the old one after renaming a conflict, so two hosts would answer for one name
        # with different addresses. A random name per instance cannot clash that way.
        self._hostname = f"beraad-{secrets.token_hex(6)}.local."

    # -- life cycle -------------------------------------------------------------------------

    async def start(self) -> None:
        """Open the mDNS sockets and start browsing; raises DiscoveryError if they cannot open."""
        if self._zc is not None:
            return
        if self._closed:
            raise DiscoveryError(_("Local discovery was closed and cannot be restarted."))
        self._loop = asyncio.get_running_loop()
        try:
            self._zc = zc = await self._open()
        except OSError as error:
            raise DiscoveryError(
                _(
                    "Local discovery is unavailable ({reason}). "
                    "Peers can still be given by address (--peer host:port)."
                ).format(reason=error.strerror or error)
            ) from error
        self._browser = await self._in(zc, self._browse(zc))
        self._watch = self._loop.create_task(self._watch_network())

    async def _open(self) -> Zeroconf:
        """zeroconf on its own loop and thread, started (opening sockets blocks: in a thread)."""
        zc = await asyncio.to_thread(
            Zeroconf, interfaces=self._interfaces, ip_version=IPVersion.V4Only, use_asyncio=False
        )
        try:
            await self._in(zc, zc.async_wait_for_start())
        except BaseException:
            await asyncio.to_thread(zc.close)
            raise
        self._resolving = {}  # the old loop's resolves ended with it
        return zc

    @staticmethod
    async def _in(zc: Zeroconf, work: Coroutine[Any, Any, T]) -> T:
        """Run ``work`` on zeroconf's loop and wait here for its result."""
        loop = zc.loop
        if loop is None:
            work.close()
            raise DiscoveryError(_("Local discovery is not running."))
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(work, loop))

    async def _browse(self, zc: Zeroconf) -> AsyncServiceBrowser:
        """A browser for our service type (on zeroconf's loop, where its callbacks run)."""
        return AsyncServiceBrowser(zc, SERVICE_TYPE, handlers=[self._on_service_state_change])

    async def _watch_network(self) -> None:
        """Announce and browse afresh whenever an interface's address or link changes."""
        state = network_state()
        while not self._closed:
            await asyncio.sleep(NETWORK_POLL)
            now = network_state()
            if now == state:
                continue
            # An address that came or went needs new sockets: zeroconf joins the multicast
            # group and sends only on the interfaces it saw when it opened.
            reopen = {a for _n, a, _l in now} != {a for _n, a, _l in state}
            log.debug("the network changed: announcing and asking again")
            _forget_subnets()
            try:
                await self._refresh(reopen=reopen)
            except Exception:  # a failed refresh must not end the watch: try at the next poll
                log.exception("refreshing discovery after a network change failed")
                continue
            state = now

    async def _refresh(self, *, reopen: bool = False) -> None:
        """A new browser (its first queries again) and our adverts announced again.

        The adverts get today's addresses: an address that came or went is in their A records.
        With ``reopen`` (and no fixed interfaces) zeroconf's sockets are opened afresh, on
        today's interfaces, and our adverts registered again there.
        """
        async with self._lock:
            if self._closed:
                return
            zc = self._zc
            if self._browser is not None and zc is not None:
                await self._in(zc, self._browser.async_cancel())
                self._browser = None
            # (no zeroconf at all: an earlier reopening failed; try again now)
            if zc is None or (reopen and isinstance(self._interfaces, InterfaceChoice)):
                zc = await self._reopen(zc)
                self._browser = await self._in(zc, self._browse(zc))
                return  # registering announced the adverts
            self._browser = await self._in(zc, self._browse(zc))
            announcing = []
            for session, current in self._adverts.items():
                info = self._service_info(current.name, current.port or 0, self._txt[session])
                self._adverts[session] = info
                announcing.append(await self._in(zc, zc.async_update_service(info)))
        for announced in announcing:
            await self._in(zc, _awaited(announced))

    async def _reopen(self, old: Zeroconf | None) -> Zeroconf:
        """Close zeroconf and open it again on today's interfaces, our adverts registered anew.

        Others get our goodbyes from the old sockets and find us again a moment later. The
        table starts afresh too: the old browser's knowledge (and its removals) went with it,
        and the new one lists again whoever is still there.
        """
        if old is not None:
            self._zc = None
            await asyncio.to_thread(old.close)  # goodbyes sent, then its thread ends
        for key in list(self._table):
            self._forget(key)
        self._zc = zc = await self._open()
        registering = []
        for session, current in list(self._adverts.items()):
            info = self._service_info(current.name, current.port or 0, self._txt[session])
            registering.append(
                await self._in(zc, zc.async_register_service(info, allow_name_change=True))
            )
            self._own.discard(current.name.lower())
            self._own.add(info.name.lower())
            self._adverts[session] = info
        for registered in registering:
            await self._in(zc, _awaited(registered))
        return zc

    async def close(self) -> None:
        """Stop browsing and withdraw every advert (goodbye packets tell others at once)."""
        if self._closed:
            return
        self._closed = True
        if self._watch is not None:
            self._watch.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watch
            self._watch = None
        zc = self._zc
        if zc is not None:
            with contextlib.suppress(Exception):
                if self._browser is not None:
                    await self._in(zc, self._browser.async_cancel())
                await self._in(zc, self._stop_resolving())
            await asyncio.to_thread(zc.close)  # unregisters all services with goodbyes
        self._zc = None
        self._browser = None
        self._adverts.clear()
        self._txt.clear()
        self._table.clear()
        self._notify()

    async def _stop_resolving(self) -> None:
        """Cancel every resolve under way (on zeroconf's loop, where they run)."""
        tasks = list(self._resolving.values())
        self._resolving.clear()
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    async def __aenter__(self) -> Discovery:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    def _running(self) -> Zeroconf:
        if self._zc is None:
            raise DiscoveryError(_("Local discovery is not running."))
        return self._zc

    # -- our adverts ------------------------------------------------------------------------

    def _service_info(
        self,
        name: str,
        port: int,
        properties: dict[str, str],
    ) -> AsyncServiceInfo:
        return AsyncServiceInfo(
            SERVICE_TYPE,
            name,
            port=port,
            properties=properties,
            server=self._hostname,
            parsed_addresses=_advertised_addresses(self._interfaces),
            host_ttl=RECORD_TTL,
            other_ttl=RECORD_TTL,
        )

    async def advertise(
        self,
        *,
        session: str,
        peer: str,
        port: int,
        nameplate: int | None = None,
        title: str | None = None,
        nameplates: Sequence[int] = (),
    ) -> None:
        """Announce one open session (returns once the name is ours and announced).

        Probing for name conflicts takes about 1.5 s; if another service already holds our
        name, zeroconf picks ``<label>-2`` and so on. Advertising a session again replaces it.
        Pass ``title`` only for a session that is not private.
        """
        properties = txt_properties(
            session=session, peer=peer, nameplate=nameplate, title=title, nameplates=nameplates
        )
        if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
            raise DiscoveryError(_("A listening port is a number from 1 to 65535."))
        self._running()
        async with self._lock:
            zc = self._running()  # (a network change may have reopened it meanwhile)
            if session in self._adverts:
                await self._withdraw(session)
            name = f"{instance_label(peer, session)}.{SERVICE_TYPE}"
            info = self._service_info(name, port, properties)
            try:
                announced = await self._in(
                    zc, zc.async_register_service(info, allow_name_change=True)
                )
            except (NonUniqueNameException, BadTypeInNameException) as error:
                raise DiscoveryError(
                    _("Could not advertise the session on the local network: {reason}").format(
                        reason=type(error).__name__
                    )
                ) from error
            # info.name may have changed to resolve a conflict: that is the name that is ours.
            self._own.add(info.name.lower())
            self._adverts[session] = info
            self._txt[session] = properties
            self._peer_of[session] = peer
            self._forget(info.name.lower())
            await self._in(zc, _awaited(announced))

    async def update(
        self,
        *,
        session: str,
        nameplate: int | None,
        title: str | None = None,
        nameplates: Sequence[int] = (),
    ) -> None:
        """Change the join-code numbers and title of an advertised session.

        All are the new full state: ``title=None`` removes a title (a session made private).
        """
        self._running()
        async with self._lock:
            zc = self._running()
            current = self._adverts.get(session)
            if current is None:
                raise DiscoveryError(_("That session is not being advertised."))
            properties = txt_properties(
                session=session,
                peer=self._peer_of[session],
                nameplate=nameplate,
                title=title,
                nameplates=nameplates,
            )
            info = self._service_info(current.name, current.port or 0, properties)
            self._adverts[session] = info
            self._txt[session] = properties
            await self._in(zc, _done(zc.async_update_service(info)))

    async def withdraw(self, session: str) -> None:
        """Stop advertising one session (goodbye packets; unknown sessions are ignored).

        After ``close()`` there is nothing left to withdraw, so this is then a no-op too.
        """
        async with self._lock:
            await self._withdraw(session)

    async def _withdraw(self, session: str) -> None:
        info = self._adverts.pop(session, None)
        self._txt.pop(session, None)
        self._peer_of.pop(session, None)
        zc = self._zc
        if info is None or zc is None:
            return
        await self._in(zc, _done(zc.async_unregister_service(info)))
        self._own.discard(info.name.lower())

    # -- what others advertise --------------------------------------------------------------

    def nearby(self) -> list[Nearby]:
        """Sessions advertised by others, in a stable order (our own adverts left out)."""
        found = [n for key, n in self._table.items() if key not in self._own]
        return sorted(found, key=lambda n: (n.session, n.peer, n.name))

    async def wait_for(
        self, predicate: Callable[[list[Nearby]], bool], timeout: float
    ) -> list[Nearby]:
        """Wait until ``predicate(nearby())`` holds; raises TimeoutError after ``timeout`` s."""
        try:
            async with asyncio.timeout(timeout):
                while True:
                    changed = self._changed
                    current = self.nearby()
                    if predicate(current):
                        return current
                    await changed.wait()
        except TimeoutError:
            raise TimeoutError(
                _("No matching peer appeared on the local network within {seconds} s.").format(
                    seconds=timeout
                )
            ) from None

    def _notify(self) -> None:
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()
        if self._on_change is not None:
            try:
                self._on_change()
            except Exception:  # a listener's bug must not stop discovery
                log.exception("discovery on_change callback failed")

    def _forget(self, key: str) -> None:
        """Drop an advert from the table (on the caller's loop)."""
        if self._table.pop(key, None) is not None:
            self._notify()

    def _to_table(self, change: Callable[..., None], *args: Any) -> None:
        """From zeroconf's thread: ``change(*args)`` on the caller's loop, in the order told."""
        loop = self._loop
        if loop is None or self._closed:
            return
        with contextlib.suppress(RuntimeError):  # the caller's loop has closed
            loop.call_soon_threadsafe(change, *args)

    def _on_service_state_change(
        self,
        zeroconf: Zeroconf,
        service_type: str,
        name: str,
        state_change: ServiceStateChange,
    ) -> None:
        """Browser callback, on zeroconf's loop: resolve additions/updates there, and tell the
        table (on the caller's loop) what they offer or that they went."""
        if self._closed:
            return
        key = name.lower()
        if key in self._own:
            return
        previous = self._resolving.pop(key, None)
        if previous is not None:
            previous.cancel()
        if state_change is ServiceStateChange.Removed:
            self._to_table(self._forget, key)
            return
        task = asyncio.get_running_loop().create_task(self._resolve(zeroconf, name))
        self._resolving[key] = task
        task.add_done_callback(lambda done: self._resolved(key, done))

    def _resolved(self, key: str, task: asyncio.Task[None]) -> None:
        if self._resolving.get(key) is task:
            del self._resolving[key]
        if not task.cancelled() and task.exception() is not None:
            log.warning("resolving %s failed: %s", key, task.exception())

    async def _resolve(self, zeroconf: Zeroconf, name: str) -> None:
        """Ask for one advert's records and parse them (on zeroconf's loop); the caller's loop
        gets only the result."""
        # The browser reports a service once; if its answers are lost, ask again (each request
        # already repeats its query inside the time-out) rather than never listing it.
        for _attempt in range(RESOLVE_ATTEMPTS):
            info = AsyncServiceInfo(SERVICE_TYPE, name)
            if await info.async_request(zeroconf, RESOLVE_TIMEOUT_MS):
                break
            log.debug("no answer resolving %s", name)
        else:
            return
        self._to_table(self._place, name.lower(), _parsed(name, info))

    def _take(self, name: str, info: AsyncServiceInfo) -> None:
        """Put a resolved advert in the table: ``_place`` of what it offers."""
        self._place(name.lower(), _parsed(name, info))

    def _place(self, key: str, found: Nearby | None) -> None:
        """Put what an advert offers in the table (within ``NEARBY_PER_HOST`` and
        ``NEARBY_MOST``); ``None``, an advert we cannot use, takes it out."""
        if self._closed or key in self._own:
            return
        if found is None:
            log.debug("ignoring an advert we cannot use: %s", key)
            if self._table.pop(key, None) is not None:
                self._notify()
            return
        before = self._table.get(key)
        if before is None and not self._room_for(found.host):
            return
        self._table[key] = found
        if before != found:
            self._notify()

    def _room_for(self, host: str) -> bool:
        """Whether the table takes one more advert from ``host``; said once per host if not.

        A full table makes room by leaving out one advert of the address holding the most,
        when that is more than ``host`` would then hold: 8 addresses of 32 adverts filled all
        256 places, and a session started afterwards was never listed, nor found by its join
        code (attack s12, left over). To keep a new address out, an outsider now needs 256
        addresses of one advert each."""
        counts: dict[str, int] = {}
        for entry in self._table.values():
            counts[entry.host] = counts.get(entry.host, 0) + 1
        from_host = counts.get(host, 0)
        if from_host < NEARBY_PER_HOST and len(self._table) >= NEARBY_MOST:
            crowded = max(counts, key=lambda h: (counts[h], h))
            if counts[crowded] > from_host + 1:
                # its last advert by name goes: which one is up to the order names sort in
                last = max(k for k, entry in self._table.items() if entry.host == crowded)
                del self._table[last]
                self._crowded.add(crowded)  # (the warning about it was said, or is not news)
        if from_host < NEARBY_PER_HOST and len(self._table) < NEARBY_MOST:
            self._crowded.discard(host)
            return True
        if host not in self._crowded:
            self._crowded.add(host)
            log.warning(
                "leaving out adverts from %s: %d of its adverts and %d in all are listed already",
                host,
                from_host,
                len(self._table),
            )
        return False


def _parsed(name: str, info: AsyncServiceInfo) -> Nearby | None:
    """What a resolved advert offers, its addresses on a subnet of ours first (or None)."""
    addresses = _prefer_shared_subnet(info.parsed_addresses(IPVersion.V4Only))
    return parse_advert(name, info.properties, addresses, info.port)
