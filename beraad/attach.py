"""One running node per data dir, many windows: a second app attaches to the first one's node.

The node that holds a data dir (an app, ``beraad web``'s first tab, a keeper) serves a Unix
socket in it, ``node.sock``, that only its owner can open (mode 0600, and the peer's uid is
checked). A second app on the same data dir — another terminal, another browser tab — cannot
take the store's lock; it connects there instead and gets an ``AttachedNode``: the same calls
the UI makes on a ``Node`` (``beraad/ui/bridge.py`` stays the one seam), answered by the holder.

One writer: the attached app never touches the store. It folds the holder's signed records into
its own replica and fold (the one path every record takes), so it shows exactly what the holder
holds; what it writes (a contribution, local values, a join) the holder writes, in the order
asked. The protocol is one JSON object per line: ``{"id", "call", "args"}`` → ``{"id", "ok"}``
or ``{"id", "error"}``, and the holder's events as ``{"event", ...}``.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import logging
import os
import socket
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

from beraad import events
from beraad.core.canonical import CanonicalError, decode_json
from beraad.core.fold import Fold
from beraad.core.forks import admitted_aside
from beraad.core.record import Record
from beraad.core.replica import Replica, Waiting
from beraad.held import NodeError, new_reducer
from beraad.i18n import _
from beraad.identity_file import load_or_create

log = logging.getLogger(__name__)

SOCKET_NAME = "node.sock"
#: Longest line either side reads (a session's records travel in pieces of ``PIECE_BYTES``).
LINE_LIMIT = 256 * 1024 * 1024
#: Signed bytes of records in one piece of a session's answer: a session travelled whole in
#: one line, and past ``LINE_LIMIT`` (a 300 MB session) no second window could attach (attack
#: s11 finding 3). A piece holds one record at least (at most 64 KiB).
PIECE_BYTES = 8 * 1024 * 1024
#: Sessions being fetched in pieces at once: the records each answer continues from.
PIECES_KEPT = 16
CALL_TIMEOUT = 60.0
#: Longest request the holder reads: a contribution (a record is at most 64 KiB) or local values.
REQUEST_LIMIT = 1024 * 1024
#: Most local values one request may merge (drafts, sealed-vote secrets, remembered speakers).
LOCAL_VALUES_LIMIT = 256 * 1024
#: Bytes of answers and events waiting for one client: a client that lets more pile up does not
#: read, and is dropped rather than grow the holder (one answer alone may be bigger: a session).
OUTGOING_LIMIT = 32 * 1024 * 1024


def socket_path(data_dir: Path | str) -> Path:
    return Path(data_dir) / SOCKET_NAME


def _summary(item: Any) -> dict[str, Any]:
    return {k: v for k, v in dataclasses.asdict(item).items() if k != "seen_at"}


def _same_user(writer: asyncio.StreamWriter) -> bool:
    """Only the data dir's owner: the file mode says so, the peer's credentials prove it."""
    sock = writer.get_extra_info("socket")
    if sock is None or not hasattr(socket, "SO_PEERCRED"):
        return True  # not Linux: the socket's 0600 mode is the guard
    creds = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", creds)
    return bool(uid == os.getuid())


class AttachServer:
    """Serves the holder's node to other apps on the same data dir."""

    def __init__(self, node: Any) -> None:
        self.node = node
        self.path = socket_path(node.data_dir)
        self._server: asyncio.AbstractServer | None = None
        self._clients: dict[asyncio.Task[Any], asyncio.StreamWriter] = {}
        #: A session's records as they were at the first piece asked, by the fetch's number:
        #: the next pieces continue in that list (one arriving meanwhile is told as an event).
        self._pieces: dict[int, list[Any]] = {}
        self._fetches = 0

    async def start(self) -> None:
        # We hold the store's lock, so a socket file left here is a crashed holder's.
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        old = os.umask(0o177)  # created 0600: nobody else may even connect
        try:
            self._server = await asyncio.start_unix_server(
                self._serve, path=str(self.path), limit=REQUEST_LIMIT
            )
        finally:
            os.umask(old)
        os.chmod(self.path, 0o600)

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            clients = list(self._clients.items())
            for _task, writer in clients:
                writer.transport.abort()  # their readers see the end and finish quietly
            if clients:
                _done, late = await asyncio.wait([task for task, _w in clients], timeout=5)
                for task in late:
                    task.cancel()
            with contextlib.suppress(BaseException):
                await self._server.wait_closed()
            self._server = None
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """One client's requests, answered in order; never an exception out of here."""
        task = asyncio.current_task()
        if task is not None:
            self._clients[task] = writer
        try:
            if _same_user(writer):
                await self._converse(reader, writer)
        except asyncio.CancelledError:
            pass  # the holder is closing: nothing to say to this client any more
        except Exception as error:  # a fault with one client never reaches the holder's loop
            log.warning("an attached app was dropped: %s: %s", type(error).__name__, error)
        finally:
            writer.transport.abort()
            if task is not None:
                self._clients.pop(task, None)

    async def _converse(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        loop = asyncio.get_running_loop()
        outgoing: asyncio.Queue[bytes | None] = asyncio.Queue()
        waiting = 0  # bytes in ``outgoing``

        def queue(message: dict[str, Any]) -> None:
            nonlocal waiting
            data = json.dumps(message, ensure_ascii=False).encode() + b"\n"
            if waiting and waiting + len(data) > OUTGOING_LIMIT:
                log.info("an attached app does not read its answers; it is dropped")
                writer.transport.abort()  # the reader below ends; the queue goes with it
                return
            waiting += len(data)
            outgoing.put_nowait(data)

        def heard(event: object) -> None:  # the node may call from another thread
            loop.call_soon_threadsafe(queue, self._event(event))

        async def send() -> None:
            nonlocal waiting
            while (data := await outgoing.get()) is not None:
                waiting -= len(data)
                writer.write(data)
                await writer.drain()

        unsubscribe = self.node.subscribe(heard)
        sender = asyncio.create_task(send())
        try:
            while line := await reader.readline():
                queue(await self._answer(line))
        except (ConnectionError, ValueError, asyncio.IncompleteReadError) as error:
            # ValueError: a line past REQUEST_LIMIT; the stream cannot be read further.
            log.info("an attached app went away: %s", error)
        finally:
            unsubscribe()
            sender.cancel()
            with contextlib.suppress(BaseException):
                await sender

    def _event(self, event: object) -> dict[str, Any]:
        data: dict[str, Any] = {"event": type(event).__name__}
        for field in dataclasses.fields(event):  # type: ignore[arg-type]
            value = getattr(event, field.name)
            data[field.name] = value.to_dict() if isinstance(value, Record) else value
        if isinstance(event, events.NearbyChanged):
            data["nearby"] = [_summary(n) for n in self.node.nearby()]
        session = data.get("session")
        if isinstance(session, str) and session in self.node.session_ids():
            data["peers"] = [_summary(p) for p in self.node.peers(session)]
            if isinstance(event, events.ClocksChanged):
                data["held"] = self.node.held_for_their_time(session)
        return data

    async def _answer(self, line: bytes) -> dict[str, Any]:
        """One request line → its answer; anything but a request object gets an error."""
        try:
            request = decode_json(line, max_bytes=REQUEST_LIMIT)
        except CanonicalError as error:
            log.info("an attached app sent a line that is not JSON: %s", error)
            return {"id": None, "error": f"not a request: {error}"}
        number = request.get("id") if isinstance(request, dict) else None
        call = request.get("call") if isinstance(request, dict) else None
        args = request.get("args", {}) if isinstance(request, dict) else None
        if not isinstance(call, str) or not isinstance(args, dict) or isinstance(number, dict):
            log.info("an attached app sent something that is not a request")
            return {"id": None, "error": "not a request: {id, call, args} expected"}
        try:
            result = await self._call(call, args)
        except NodeError as error:
            return {"id": number, "error": str(error)}
        except Exception as error:  # any fault is the asker's answer, never the holder's end
            return {"id": number, "error": f"{type(error).__name__}: {error}"}
        return {"id": number, "ok": result}

    async def _call(self, call: str, args: dict[str, Any]) -> Any:
        node = self.node
        if call == "hello":
            listener = getattr(node, "listener", None)
            return {
                "discovery": getattr(node, "discovery", None) is not None,
                "host": getattr(listener, "host", None),
                "port": getattr(listener, "port", 0),
                "sessions": node.session_ids(),
                "nearby": [_summary(n) for n in node.nearby()],
            }
        if call == "session":
            return self._piece(args)
        if call == "set_local_values":
            values = args["values"]
            if not isinstance(values, dict):
                raise NodeError("local values must be an object")
            size = len(json.dumps(values, ensure_ascii=False).encode())
            if size > LOCAL_VALUES_LIMIT:
                raise NodeError(f"{size} bytes of local values; the limit is {LOCAL_VALUES_LIMIT}")
            node.set_local_values(args["session"], values)
            return None
        if call == "contribute":
            record = await node.contribute(args["session"], args["kind"], args["body"])
            return record.to_dict()
        if call == "create_session":
            return dataclasses.asdict(await node.create_session(**args))
        if call == "invite":
            return dataclasses.asdict(
                await node.invite(
                    args["session"],
                    role=args.get("role", "member"),
                    language=args.get("language"),
                )
            )
        if call == "open_invitations":
            found = await node.open_invitations(args["session"])
            return {role: dataclasses.asdict(i) for role, i in found.items()}
        if call == "close_invitation":
            return await node.close_invitation(args["session"], str(args.get("role", "member")))
        if call == "join":
            return await node.join(args["code"], address=args.get("address"))
        if call == "connect":
            return await node.connect(args["address"])
        if call == "held_for_their_time":
            return node.held_for_their_time(args["session"])
        raise NodeError(_("This beraad does not know the request {call}.").format(call=call))

    def _piece(self, args: dict[str, Any]) -> dict[str, Any]:
        """A session's records from ``start`` on, up to ``PIECE_BYTES``; ``fetch`` names the
        list the first piece was taken from, and ``more`` says whether pieces follow."""
        session, start, fetch = args["session"], int(args.get("start", 0)), args.get("fetch")
        records = self._pieces.get(fetch) if isinstance(fetch, int) else None
        if records is None:
            # the fork evidence too, so the mirror sets aside what the holder set aside
            records = list(self.node.bundle_records(session))
            self._fetches += 1
            fetch = self._fetches
            self._pieces[fetch] = records
            for old in list(self._pieces)[:-PIECES_KEPT]:
                del self._pieces[old]
        end, size = start, 0
        while end < len(records) and (end == start or size + records[end].size <= PIECE_BYTES):
            size += records[end].size
            end += 1
        more = end < len(records)
        if not more:
            self._pieces.pop(fetch, None)
        return {
            "records": [r.to_dict() for r in records[start:end]],
            "fetch": fetch,
            "next": end,
            "more": more,
            "local": self.node.local_values(session),
            "peers": [_summary(p) for p in self.node.peers(session)],
            "held": self.node.held_for_their_time(session),
        }


async def ask_holder(data_dir: Path | str, call: str, timeout: float = 5.0, **args: Any) -> Any:
    """One request to the node holding ``data_dir`` and its answer, the events it tells
    meanwhile passed over (``beraad state`` asks what only the holder's memory keeps). OSError
    when nobody serves the data dir, TimeoutError when the holder does not answer."""
    reader, writer = await asyncio.open_unix_connection(
        str(socket_path(Path(data_dir))), limit=LINE_LIMIT
    )
    try:
        request = {"id": 1, "call": call, "args": args}
        writer.write(json.dumps(request, ensure_ascii=False).encode() + b"\n")
        async with asyncio.timeout(timeout):
            while line := await reader.readline():
                message = json.loads(line)
                if "event" not in message and message.get("id") == 1:
                    if "error" in message:
                        raise NodeError(str(message["error"]))
                    return message.get("ok")
        raise ConnectionError("the holder closed the connection")
    finally:
        writer.close()


@dataclasses.dataclass
class _Mirror:
    """One session as the holder holds it: its records down this app's own replica and fold."""

    replica: Replica
    fold: Fold[Any]
    local: dict[str, Any]
    peers: list[Any]
    #: What waits on the holder for its time (``Node.held_for_their_time``).
    held: dict[str, Any] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class _Listener:
    host: str | None
    port: int


@dataclasses.dataclass(frozen=True)
class _Invitation:
    session: str
    code: str
    expires_at: float
    role: str = "member"


class AttachedNode:
    """The node another beraad holds on this data dir, behind the calls the UI makes."""

    def __init__(self, data_dir: Path, reader: Any, writer: Any) -> None:
        self.data_dir = data_dir
        self.identity = load_or_create(data_dir).identity
        self.discovery: object | None = None
        self.listener: _Listener | None = None
        self._reader, self._writer = reader, writer
        self._sessions: dict[str, _Mirror] = {}
        #: One fetch per session at a time; records heard meanwhile wait here for its mirror.
        self._fetches: dict[str, asyncio.Task[None]] = {}
        self._heard_meanwhile: dict[str, list[Record]] = {}
        #: Records the holder told of, waiting to be folded together (``_fold_arrived``).
        self._arrived: list[tuple[_Mirror, Record, type, dict[str, Any]]] = []
        self._fold_soon: asyncio.Handle | None = None
        self._nearby: list[Any] = []
        self._listeners: list[Callable[[object], None]] = []
        self._waiting: dict[int, asyncio.Future[Any]] = {}
        self._next = 0
        self._closed = False
        self._task: asyncio.Task[Any] | None = None

    @classmethod
    async def attach(cls, data_dir: Path | str) -> AttachedNode:
        """Connect to the holder of ``data_dir``; OSError when nobody serves it."""
        path = Path(data_dir)
        reader, writer = await asyncio.open_unix_connection(
            str(socket_path(path)), limit=LINE_LIMIT
        )
        node = cls(path, reader, writer)
        try:
            await node._greet()
        except BaseException:
            await node.close()
            raise
        return node

    async def _greet(self) -> None:
        """Start reading, then take the holder's sessions and nearby list as it holds them."""
        self._task = asyncio.create_task(self._read())
        hello = await self._ask("hello")
        self.discovery = object() if hello["discovery"] else None
        self.listener = _Listener(hello["host"], int(hello["port"] or 0))
        self._nearby = [_Found(**n) for n in hello["nearby"]]
        for session in hello["sessions"]:
            await self._fetch_once(session)

    async def reattach(self) -> bool:
        """After the holder stopped: attach to the one that holds the data dir now, if any.

        The same object, so every screen that holds it writes through the new holder; its
        sessions are fetched again, as that holder holds them. False while nobody serves it.
        """
        if not self._closed:
            return True
        try:
            self._reader, self._writer = await asyncio.open_unix_connection(
                str(socket_path(self.data_dir)), limit=LINE_LIMIT
            )
        except OSError:
            return False
        self._closed = False
        try:
            await self._greet()
        except (OSError, NodeError, TimeoutError) as error:
            log.info("could not attach again to the holder of %s: %s", self.data_dir, error)
            await self.close()
            return False
        self._emit(events.NearbyChanged())
        return True

    # The holder's answers and events -------------------------------------------------------

    async def _read(self) -> None:
        try:
            while line := await self._reader.readline():
                message = json.loads(line)
                if "event" in message:
                    self._heard(message)
                    continue
                self._fold_arrived()
                future = self._waiting.pop(message.get("id"), None)
                if future is not None and not future.done():
                    future.set_result(message)
        except (ConnectionError, ValueError) as error:
            log.warning("the beraad holding %s stopped answering: %s", self.data_dir, error)
        finally:
            self._fold_arrived()
            self._closed = True
            for future in self._waiting.values():
                if not future.done():
                    future.set_exception(NodeError(_gone()))
            self._waiting.clear()
            self._emit(events.NearbyChanged())

    def _heard(self, message: dict[str, Any]) -> None:
        name = message.pop("event")
        kind = getattr(events, str(name), None)
        nearby, peers = message.pop("nearby", None), message.pop("peers", None)
        if nearby is not None:
            self._nearby = [_Found(**n) for n in nearby]
        session = message.get("session")
        mirror = self._sessions.get(session) if isinstance(session, str) else None
        if mirror is not None and peers is not None:
            mirror.peers = [_Found(**p) for p in peers]
        held = message.pop("held", None)
        if mirror is not None and isinstance(held, dict):
            mirror.held = held
        if name == "RecordArrived":
            record = Record.from_dict(message["record"])
            if mirror is None:
                self._heard_meanwhile.setdefault(record.session, []).append(record)
                self._fetch_once(record.session, emit=True)
                return
            message["record"] = record
            if kind is not None and dataclasses.is_dataclass(kind):
                self._arrived.append((mirror, record, kind, message))
                if self._fold_soon is None:
                    self._fold_soon = asyncio.get_running_loop().call_soon(self._fold_arrived)
                return
            self._fold(mirror, [record])
        self._fold_arrived()  # what arrived before this event is folded before it is told
        if name == "SessionJoined" and isinstance(session, str) and mirror is None:
            self._fetch_once(session, emit=True)
        if (
            name in ("ForkDetected", "UnsignedSetAside")
            and isinstance(session, str)
            and mirror is not None
        ):
            # the holder set a forker's records aside, or records read back that their authors
            # did not sign (read_back.py): the window fetches the session as it holds it now
            self._fetch_once(session)
        if name == "SetAsideCounted" and isinstance(session, str) and mirror is not None:
            # A forker's set-aside record now counts on the holder; none is told on its own,
            # so the window fetches the session as the holder holds it, then says it moved.
            fetch = self._fetch_once(session)
            fetch.add_done_callback(lambda _done: self._emit(events.SetAsideCounted(session)))
            return
        if kind is None or not dataclasses.is_dataclass(kind):
            return
        try:
            event = kind(**message)
        except TypeError:
            return  # an event this version does not know the shape of
        self._emit(event)

    def _fold_arrived(self) -> None:
        """Fold the records told of since the last fold, together, then tell of each.

        The holder tells of every record on its own; a batch of records slotted into the past
        (which the holder folded with one refold) would otherwise cost this window one refold
        each. Lines already read arrive in one go, so they are folded in one go; any other
        event or answer folds what came before it first, so the order of events stays.
        """
        if self._fold_soon is not None:
            self._fold_soon.cancel()
            self._fold_soon = None
        arrived, self._arrived = self._arrived, []
        by_mirror: dict[int, tuple[_Mirror, list[Record]]] = {}
        for mirror, record, _kind, _message in arrived:
            by_mirror.setdefault(id(mirror), (mirror, []))[1].append(record)
        for mirror, records in by_mirror.values():
            self._fold(mirror, records)
        for _mirror, _record, kind, message in arrived:
            try:
                event = kind(**message)
            except TypeError:
                continue  # an event this version does not know the shape of
            self._emit(event)

    @staticmethod
    def _fold(mirror: _Mirror, records: list[Record]) -> None:
        # what the holder's gate took, read from its journal: as the holder reads it
        intake = mirror.replica.offer(records, own=True)
        mirror.fold.set_aside_forks(mirror.replica.set_aside())
        mirror.fold.extend(intake.accepted + intake.set_aside)
        replica = mirror.replica
        # whom a forker's set-aside admission names may write, as on the holder (core/forks)
        while fresh := [
            key for key in admitted_aside(mirror.fold.aside.values()) if key not in replica.members
        ]:
            more = replica.admit_members(fresh, own=True)
            mirror.fold.extend(more.accepted + more.set_aside)

    def _fetch_once(self, session: str, emit: bool = False) -> asyncio.Task[None]:
        """The fetch of ``session`` under way, or a new one: never two at once."""
        task = self._fetches.get(session)
        if task is None:
            task = asyncio.get_running_loop().create_task(self._fetch(session, emit))
            self._fetches[session] = task
            task.add_done_callback(lambda done: self._fetched(session, done))
        return task

    def _fetched(self, session: str, task: asyncio.Task[None]) -> None:
        if self._fetches.get(session) is task:
            del self._fetches[session]
        if task.cancelled():
            return
        error = task.exception()  # retrieved here, so never "never retrieved"
        if error is not None:
            self._heard_meanwhile.pop(session, None)
            log.info("could not fetch a session from the holder: %s", error)

    async def _fetch(self, session: str, emit: bool = False) -> None:
        """All of a session as the holder holds it, into a new mirror.

        Records heard while the answer travels fold in after it (the replica drops the ones
        the answer already held), so a session arriving record by record costs one fetch.
        """
        held = await self._ask("session", session=session)
        records = [Record.from_dict(r) for r in held["records"]]
        while held.get("more"):  # a big session, in pieces
            held = await self._ask(
                "session", session=session, start=held["next"], fetch=held["fetch"]
            )
            records.extend(Record.from_dict(r) for r in held["records"])
        mirror = _Mirror(
            replica=Replica(session),
            fold=Fold(new_reducer()),
            local=dict(held["local"]),
            peers=[_Found(**p) for p in held["peers"]],
            held=dict(held.get("held") or {}),
        )
        self._fold(mirror, records)
        self._fold(mirror, self._heard_meanwhile.pop(session, []))
        self._sessions[session] = mirror
        if emit:
            self._emit(events.SessionJoined(session))

    async def _ask(self, call: str, **args: Any) -> Any:
        if self._closed:
            raise NodeError(_gone())
        self._next += 1
        number = self._next
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._waiting[number] = future
        self._send(number, call, args)
        answer = await asyncio.wait_for(future, CALL_TIMEOUT)
        if "error" in answer:
            raise NodeError(answer["error"])
        return answer.get("ok")

    def _send(self, number: int, call: str, args: dict[str, Any]) -> None:
        line = json.dumps({"id": number, "call": call, "args": args}, ensure_ascii=False)
        self._writer.write(line.encode() + b"\n")

    # What the UI calls ---------------------------------------------------------------------

    def subscribe(self, callback: Callable[[object], None]) -> Callable[[], None]:
        self._listeners.append(callback)
        return lambda: self._listeners.remove(callback) if callback in self._listeners else None

    def _emit(self, event: object) -> None:
        for callback in list(self._listeners):
            callback(event)

    def _mirror(self, session: str) -> _Mirror:
        mirror = self._sessions.get(session)
        if mirror is None:
            raise NodeError(_("You are not part of session {session}.").format(session=session))
        return mirror

    def session_ids(self) -> list[str]:
        return sorted(self._sessions)

    def sessions(self) -> list[Any]:
        from beraad.node import SessionSummary

        result = []
        for session, mirror in self._sessions.items():
            state = mirror.fold.state
            info = state.info
            result.append(
                SessionSummary(
                    id=session,
                    title=getattr(info, "title", "") or "",
                    focus=getattr(info, "focus", "") or "",
                    phase=str(state.phase or ""),
                    members=len(state.participants()),
                    readonly=False,
                )
            )
        return sorted(result, key=lambda s: s.title)

    def nearby(self) -> list[Any]:
        return list(self._nearby)

    def state(self, session: str) -> Any:
        return self._mirror(session).fold.state

    def state_version(self, session: str) -> int:
        return int(self._mirror(session).fold.version)

    def state_hash(self, session: str) -> str:
        return self._mirror(session).fold.state_hash()

    def records(self, session: str) -> list[Record]:
        return list(self._mirror(session).fold.records)

    def set_aside(self, session: str) -> dict[str, int]:
        """As ``Node.set_aside``: whose records count for nothing from which seq (a fork)."""
        return dict(self._mirror(session).fold.set_aside)

    def waiting(self, session: str) -> list[Waiting]:
        """As ``Node.waiting``: the holder sends what its store holds, so what waits here
        for a missing record is what waits there."""
        return self._mirror(session).replica.waiting()

    def kept(self, session: str) -> dict[str, tuple[str, str]]:
        """As ``Node.kept``: a forker's records from the fork on that still count, and why."""
        return dict(self._mirror(session).fold.kept)

    def bundle_records(self, session: str) -> list[Record]:
        """As ``Node.bundle_records``: the folded records and both copies of every fork."""
        mirror = self._mirror(session)
        held = {r.id: r for r in mirror.fold.records}
        held.update(mirror.fold.aside)  # a forker's records set aside: the lamport step reads them
        for fork in mirror.replica.chains.forks:
            held.update((r.id, r) for r in fork.records)
        return sorted(held.values(), key=lambda r: (r.order_key, r.id))

    def refused(self, session: str, record_id: str) -> bool:
        """Whether the rules refused this record (a screen then has nothing to draw)."""
        return record_id in self._mirror(session).fold.rejected

    def rejected(self, session: str) -> dict[str, str]:
        """Record id → why the rules refused it (the same on every peer, so the same here)."""
        return dict(self._mirror(session).fold.rejected)

    def holds(self, record_id: str) -> bool:
        return any(
            any(r.id == record_id for r in mirror.fold.records)
            for mirror in self._sessions.values()
        )

    @property
    def gone(self) -> bool:
        """The holder stopped: nothing can be written through it any more."""
        return self._closed

    def peers(self, session: str) -> list[Any]:
        return list(self._mirror(session).peers)

    def held_for_their_time(self, session: str) -> dict[str, Any]:
        """As ``Node.held_for_their_time``: what the holder holds for its time."""
        return dict(self._mirror(session).held)

    def local_values(self, session: str) -> dict[str, Any]:
        return dict(self._mirror(session).local)

    def set_local_values(self, session: str, values: dict[str, Any]) -> None:
        """Kept by the holder before anything asked after it (one socket, answered in order)."""
        if self._closed:
            raise NodeError(_gone())
        self._mirror(session).local.update(values)
        self._next += 1
        self._send(self._next, "set_local_values", {"session": session, "values": values})

    async def contribute(self, session: str, kind: str, body: dict[str, Any]) -> Record:
        record = Record.from_dict(
            await self._ask("contribute", session=session, kind=kind, body=body)
        )
        mirror = self._sessions.get(session)
        if mirror is not None:
            self._fold(mirror, [record])  # at once, as the holder's own fold has it
        return record

    async def create_session(self, **fields: Any) -> _Invitation:
        invitation = _Invitation(**await self._ask("create_session", **fields))
        if invitation.session not in self._sessions:
            await self._fetch_once(invitation.session)
        return invitation

    async def invite(
        self, session: str, *, role: str = "member", language: str | None = None
    ) -> _Invitation:
        return _Invitation(
            **await self._ask("invite", session=session, role=role, language=language)
        )

    async def open_invitations(self, session: str) -> dict[str, _Invitation]:
        found = await self._ask("open_invitations", session=session)
        return {str(role): _Invitation(**fields) for role, fields in dict(found).items()}

    async def close_invitation(self, session: str, role: str) -> bool:
        return bool(await self._ask("close_invitation", session=session, role=role))

    async def join(self, code: str, address: str | None = None) -> str:
        session = str(await self._ask("join", code=code, address=address))
        if session not in self._sessions:
            await self._fetch_once(session)
        return session

    async def connect(self, address: str) -> bool:
        """As ``Node.connect``: whether something answers at the address."""
        return bool(await self._ask("connect", address=address))

    async def close(self) -> None:
        self._closed = True
        with contextlib.suppress(Exception):
            self._writer.close()
        for fetch in list(self._fetches.values()):
            fetch.cancel()
        if self._task is not None and self._task is not asyncio.current_task():
            self._task.cancel()
            with contextlib.suppress(BaseException):
                await self._task


class _Found:
    """A value object from the holder (a nearby session, a peer): its fields as attributes."""

    def __init__(self, **fields: Any) -> None:
        self.__dict__.update(fields)


def _gone() -> str:
    return _("The beraad that holds this data dir has closed; start beraad again.")
