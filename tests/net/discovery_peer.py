"""A real discovery peer for namespace tests: advertises, and prints what it sees as JSON lines.

Run inside a namespace (``Host.python("tests/net/discovery_peer.py", ...)``). It prints
``{"event": "ready", ...}`` once started (and advertised, when ``--session`` is given), then
``{"event": "nearby", "nearby": [...]}`` on every change of the table. Commands arrive as JSON
lines on stdin: ``{"op": "advertise", "session": ..., "port": ..., "nameplate": ..., "title":
...}``, ``{"op": "update", "session": ..., "nameplate": ..., "title": ...}``, ``{"op":
"withdraw", "session": ...}``; each is answered with ``{"event": "done", "op": ...}``. It exits
cleanly (goodbye packets sent) when stdin closes or on SIGTERM, printing ``{"event": "closed"}``.

``--raw`` makes it a bare zeroconf client instead, to look at the wire as a stranger would: it
prints ``{"event": "txt", "name": ..., "properties": {...}}`` for every ``_beraad._tcp`` service
it resolves (``"gone"`` on removal) and takes ``{"op": "raw_advertise", "label": ..., "port":
..., "properties": {...}}`` to advertise anything at all, malformed adverts included, and
``{"op": "flood", "count": ..., "rate": ..., "addresses": [...]}``: an outsider's flood of
well-formed adverts (each its own session and port, titled "AAA …"), ``rate`` a second, printing
``{"event": "flooding", "sent": n}`` every 50 and ``{"event": "flooded"}`` once all were
announced. A raw peer does not browse with ``--quiet`` (a flooder need not resolve its own).
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import logging
import signal
import sys
import threading
import time
from typing import Any

from zeroconf import IPVersion, ServiceStateChange, Zeroconf
from zeroconf.asyncio import AsyncServiceBrowser, AsyncServiceInfo, AsyncZeroconf

from beraad.net.discovery import (
    SERVICE_TYPE,
    Discovery,
    DiscoveryError,
    instance_label,
    txt_properties,
)


def emit(event: str, **fields: Any) -> None:
    print(json.dumps({"event": event, "t": time.monotonic(), **fields}), flush=True)


class EmitLog(logging.Handler):
    """Discovery's own log lines as events, so a test can see what it ignored and why."""

    def emit(self, record: logging.LogRecord) -> None:
        emit("log", level=record.levelname, message=record.getMessage())


def read_commands(
    loop: asyncio.AbstractEventLoop, queue: asyncio.Queue[dict[str, Any] | None]
) -> None:
    """Stdin lines into the queue, None at EOF (a daemon thread: SIGTERM need not wait for it)."""
    for line in sys.stdin:
        if line.strip():
            loop.call_soon_threadsafe(queue.put_nowait, json.loads(line))
    loop.call_soon_threadsafe(queue.put_nowait, None)


async def perform(discovery: Discovery, peer: str, command: dict[str, Any]) -> None:
    op = command.get("op")
    try:
        if op == "advertise":
            await discovery.advertise(
                session=command["session"],
                peer=command.get("peer", peer),
                port=command["port"],
                nameplate=command.get("nameplate"),
                title=command.get("title"),
            )
        elif op == "update":
            await discovery.update(
                session=command["session"],
                nameplate=command.get("nameplate"),
                title=command.get("title"),
            )
        elif op == "withdraw":
            await discovery.withdraw(command["session"])
        else:
            emit("error", message=f"unknown op {op!r}")
            return
    except DiscoveryError as error:
        emit("error", op=op, message=str(error))
        return
    emit("done", op=op, session=command.get("session"))


async def commands_until_stop(
    queue: asyncio.Queue[dict[str, Any] | None], stop: asyncio.Event
) -> Any:
    """Yield commands until stdin closes or SIGTERM sets ``stop``."""
    stopping = asyncio.create_task(stop.wait())
    while True:
        getting = asyncio.create_task(queue.get())
        done, _pending = await asyncio.wait({getting, stopping}, return_when="FIRST_COMPLETED")
        if getting not in done:
            getting.cancel()
            return
        command = getting.result()
        if command is None:
            stopping.cancel()
            return
        yield command


async def flood(aiozc: AsyncZeroconf, command: dict[str, Any]) -> None:
    """``count`` well-formed adverts at ``rate`` a second, each announced (no probing)."""
    count, rate = int(command["count"]), float(command.get("rate", 500))
    announcing = []
    began = time.monotonic()
    for n in range(count):
        session, peer = f"{0xF100D:08x}{n:024x}", f"flood{n}"
        info = AsyncServiceInfo(
            SERVICE_TYPE,
            f"{instance_label(peer, session)}.{SERVICE_TYPE}",
            port=7000 + n % 50000,
            properties=txt_properties(
                session=session, peer=peer, nameplate=1 + n % 99, title=f"AAA {n:04d}"
            ),
            parsed_addresses=command["addresses"],
        )
        announcing.append(await aiozc.async_register_service(info, cooperating_responders=True))
        if (n + 1) % 50 == 0:
            emit("flooding", sent=n + 1)
        ahead = began + (n + 1) / rate - time.monotonic()
        if ahead > 0:
            await asyncio.sleep(ahead)
    await asyncio.gather(*announcing)
    emit("flooded", sent=count)


async def raw(
    queue: asyncio.Queue[dict[str, Any] | None], stop: asyncio.Event, browse: bool = True
) -> None:
    """A plain zeroconf browser and advertiser, with none of beraad's checks."""
    aiozc = AsyncZeroconf(ip_version=IPVersion.V4Only)
    tasks: set[asyncio.Task[None]] = set()

    async def resolve(zc: Zeroconf, name: str) -> None:
        info = AsyncServiceInfo(SERVICE_TYPE, name)
        if await info.async_request(zc, 3000):
            properties = {
                k.decode(errors="replace"): None if v is None else v.decode(errors="replace")
                for k, v in info.properties.items()
            }
            emit("txt", name=name, port=info.port, properties=properties)

    def handler(
        zeroconf: Zeroconf, service_type: str, name: str, state_change: ServiceStateChange
    ) -> None:
        if state_change is ServiceStateChange.Removed:
            emit("gone", name=name)
            return
        task = asyncio.get_running_loop().create_task(resolve(zeroconf, name))
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    browser = (
        AsyncServiceBrowser(aiozc.zeroconf, SERVICE_TYPE, handlers=[handler]) if browse else None
    )
    emit("ready")
    try:
        async for command in commands_until_stop(queue, stop):
            if command.get("op") == "flood":
                await flood(aiozc, command)
                continue
            info = AsyncServiceInfo(
                SERVICE_TYPE,
                f"{command['label']}.{SERVICE_TYPE}",
                port=command["port"],
                properties=command["properties"],
                parsed_addresses=command["addresses"],
            )
            # No probing (cooperating_responders): a test's liar need not wait 1.5 s per advert.
            await (await aiozc.async_register_service(info, cooperating_responders=True))
            emit("raw_advertised", name=info.name)
    finally:
        if browser is not None:
            await browser.async_cancel()
        await aiozc.async_close()
        emit("closed")


async def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--raw", action="store_true", help="a bare zeroconf client")
    parser.add_argument("--quiet", action="store_true", help="raw: advertise, do not browse")
    parser.add_argument("--peer", default="peer")
    parser.add_argument("--session")
    parser.add_argument("--port", type=int, default=7000)
    parser.add_argument("--nameplate", type=int)
    parser.add_argument("--title")
    parser.add_argument("--interface", action="append", help="an IPv4 address to use")
    args = parser.parse_args()

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    commands: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()
    threading.Thread(target=read_commands, args=(loop, commands), daemon=True).start()
    if args.raw:
        await raw(commands, stop, browse=not args.quiet)
        return 0

    def changed() -> None:
        emit("nearby", nearby=[dataclasses.asdict(n) for n in discovery.nearby()])

    logger = logging.getLogger("beraad.net.discovery")
    logger.setLevel(logging.DEBUG)
    logger.addHandler(EmitLog())
    discovery = Discovery(interfaces=args.interface, on_change=changed)
    emit("starting")
    try:
        await discovery.start()
    except DiscoveryError as error:
        emit("error", op="start", message=str(error))
        return 1
    try:
        if args.session:
            emit("advertising", session=args.session)
            await discovery.advertise(
                session=args.session,
                peer=args.peer,
                port=args.port,
                nameplate=args.nameplate,
                title=args.title,
            )
        emit("ready", session=args.session)
        async for command in commands_until_stop(commands, stop):
            await perform(discovery, args.peer, command)
    finally:
        await discovery.close()
        emit("closed")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
