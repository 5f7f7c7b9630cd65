"""A real discovery peer for namespace tests: advertises, and prints what it sees as JSON lines.

Run inside a namespace (``Host.python("tests/net/discovery_peer.py", ...)``). It prints
``{"event": "ready", ...}`` once started (and advertised, when ``--session`` is given), then
``{"event": "nearby", "nearby": [...]}`` on every change of the table. Commands arrive as JSON
lines on stdin: ``{"op": "advertise", "session": ..., "port": ..., "nameplate": ..., "title":
...}``, ``{"op": "update", "session": ..., "nameplate": ..., "title": ...}``, ``{"op":
"withdraw", "session": ...}``; each is answered with ``{"event": "<op>ed"...}``. It exits
cleanly (goodbye packets sent) when stdin closes or on SIGTERM, printing ``{"event": "closed"}``.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import signal
import sys
import threading
import time
from typing import Any

from beraad.net.discovery import Discovery, DiscoveryError


def emit(event: str, **fields: Any) -> None:
    print(json.dumps({"event": event, "t": time.monotonic(), **fields}), flush=True)


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
    emit(f"{op}ed", session=command.get("session"))


async def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--peer", default="peer")
    parser.add_argument("--session")
    parser.add_argument("--port", type=int, default=7000)
    parser.add_argument("--nameplate", type=int)
    parser.add_argument("--title")
    parser.add_argument("--interface", action="append", help="an IPv4 address to use")
    args = parser.parse_args()

    def changed() -> None:
        emit("nearby", nearby=[dataclasses.asdict(n) for n in discovery.nearby()])

    discovery = Discovery(interfaces=args.interface, on_change=changed)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    emit("starting")
    await discovery.start()
    commands: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue()
    threading.Thread(target=read_commands, args=(loop, commands), daemon=True).start()
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
        stopping = asyncio.create_task(stop.wait())
        while True:
            getting = asyncio.create_task(commands.get())
            done, _pending = await asyncio.wait(
                {getting, stopping}, return_when=asyncio.FIRST_COMPLETED
            )
            if getting not in done:
                getting.cancel()
                break
            command = getting.result()
            if command is None:
                break
            await perform(discovery, args.peer, command)
    finally:
        await discovery.close()
        emit("closed")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
