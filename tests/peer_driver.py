"""A real beraad Node in its own process, driven by JSON lines on stdin (one reply per line).

Multi-host tests run this inside network namespaces (``ip netns exec``) or on loopback, so every
peer is a real process with its own data dir, sockets and zeroconf — nothing simulated. Commands:

    {"cmd": "create", "title": ..., "focus": ...}          -> {"session", "code", "address"}
    {"cmd": "join", "code": ..., "address": "h:p"|null}     -> {"session"}
    {"cmd": "invite", "session", "role"}                    -> {"code"}
    {"cmd": "contribute", "session", "kind", "body"}        -> {"id"}
    {"cmd": "bulk", "session", "count"}                     -> {"records"}  (count knots)
    {"cmd": "hash", "session"}                              -> {"hash", "records", "members"}
    {"cmd": "wait_records", "session", "count", "timeout"}  -> {"hash", "records"}
    {"cmd": "wait_nearby", "count", "timeout"}              -> {"nearby": [...]}
    {"cmd": "add_peer", "address"}                          -> {}
    {"cmd": "wait_held", "session", "timeout"}              -> {"by": [key, …]}  (receipts for
                                                               my last record, beraad.receipts)
    {"cmd": "arrivals", "session"}                          -> {"arrivals": {id: ns}}
    {"cmd": "memory"}                                       -> {"rss_kb", "peak_kb"}
    {"cmd": "quit"}
Every reply is ``{"ok": true, ...}`` or ``{"ok": false, "error": "..."}``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import time
from pathlib import Path
from typing import Any

from beraad.events import RecordArrived
from beraad.node import Node

#: When each record reached this node (wall clock, ns), for latency figures (benchmarks).
ARRIVALS: dict[str, int] = {}


def _arrived(event: object) -> None:
    if isinstance(event, RecordArrived):
        ARRIVALS.setdefault(event.record.id, time.time_ns())


def _memory() -> dict[str, int]:
    """This process's resident memory now and at its peak (Linux /proc), in kB."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _colon, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0])
    return {"rss_kb": fields.get("VmRSS", 0), "peak_kb": fields.get("VmHWM", 0)}


async def _handle(node: Node, command: dict[str, Any]) -> dict[str, Any]:
    cmd = command["cmd"]
    if cmd == "arrivals":
        held = {r.id for r in node.records(command["session"])}
        return {"arrivals": {k: v for k, v in ARRIVALS.items() if k in held}}
    if cmd == "memory":
        return _memory()
    if cmd == "create":
        invitation = await node.create_session(
            title=command.get("title", "test"),
            focus=command.get("focus", "?"),
            language=command.get("language", "en"),
        )
        return {"session": invitation.session, "code": invitation.code, "address": node.address}
    if cmd == "join":
        session = await node.join(
            command["code"], address=command.get("address"), timeout=command.get("timeout", 30)
        )
        return {"session": session}
    if cmd == "invite":
        invitation = await node.invite(command["session"], role=command.get("role", "member"))
        return {"code": invitation.code}
    if cmd == "contribute":
        record = await node.contribute(command["session"], command["kind"], command["body"])
        return {"id": record.id}
    if cmd == "bulk":
        for index in range(command["count"]):
            await node.contribute(command["session"], "knot.add", {"text": f"knot {index}"})
        return {"records": len(node.records(command["session"]))}
    if cmd == "hash":
        session = command["session"]
        return {
            "hash": node.state_hash(session),
            "records": len(node.records(session)),
            "members": len(node.members(session)),
        }
    if cmd == "wait_records":
        session, count = command["session"], command["count"]
        await node.wait_for(lambda: len(node.records(session)) >= count, command.get("timeout", 30))
        return {"hash": node.state_hash(session), "records": len(node.records(session))}
    if cmd == "wait_nearby":
        count = command["count"]
        found = await node.discovery.wait_for(lambda e: len(e) >= count, command.get("timeout", 30))
        return {"nearby": [[e.session, e.peer, e.host, e.port] for e in found]}
    if cmd == "add_peer":
        node.add_peer(command["address"])
        return {}
    if cmd == "wait_held":
        session, me = command["session"], node.identity.public_key
        head = max(r.seq for r in node.records(session) if r.author == me)

        def by() -> list[str]:
            return [p.peer for p in node.peers(session) if p.holds >= head]

        await node.wait_for(lambda: bool(by()), command.get("timeout", 30))
        return {"by": by()}
    raise ValueError(f"unknown command {cmd}")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--discovery", action="store_true")
    parser.add_argument("--peer", action="append", default=[])
    args = parser.parse_args()
    logging.basicConfig(
        level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(name)s %(message)s"
    )
    node = await Node.open(
        args.data_dir, host=args.host, port=args.port, discovery=args.discovery, peers=args.peer
    )
    node.subscribe(_arrived)
    print(
        json.dumps(
            {"ok": True, "ready": True, "address": node.address, "peer": node.identity.public_key}
        ),
        flush=True,
    )
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    try:
        while line := await reader.readline():
            command = json.loads(line)
            if command.get("cmd") == "quit":
                break
            try:
                reply = {"ok": True, **await _handle(node, command)}
            except Exception as error:
                reply = {"ok": False, "error": f"{type(error).__name__}: {error}"}
            print(json.dumps(reply), flush=True)
    finally:
        await node.close()


if __name__ == "__main__":
    asyncio.run(main())
