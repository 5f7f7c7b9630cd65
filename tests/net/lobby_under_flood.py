"""The real app, headless, in a namespace's lobby with discovery on, for an advert flood.

Run inside a namespace (``Host.python("tests/net/lobby_under_flood.py", "--home", ...,
"--host", address)``): a real ``BeraadApp`` (``App.run_test``) on a real node that listens on
``--host`` and browses with real zeroconf. It prints ``{"event": "ready"}`` once the lobby is
up with the keys on "Start a new one", then takes JSON commands on stdin, one at a time:

- ``{"op": "keys", "seconds": s, "label": l}``: → and ← along the lobby's buttons for ``s``
  seconds, each key timed from its send down the driver to the first frame painted with the
  focus moved (``benchmarks/ui.py``'s ``Probe``); prints ``{"event": "keys", "label": l,
  "latencies": [...], "adverts": n}`` (``n``: adverts in the discovery table by then);
- ``{"op": "gate"}``: holds zeroconf's loop (as a flood keeps it busy) until a key pressed
  meanwhile has moved the focus, then lets it go; prints ``{"event": "gated", "held": b}``,
  ``b`` whether zeroconf's loop was still held when the key's effect showed;
- ``{"op": "count", "host": a}``: prints ``{"event": "count", "table": n, "rows": r,
  "rows_from": f, "titles": [...], "more": text}``: adverts in the table, rows in the nearby
  list, rows whose address is ``a``, the rows' titles in order, and the line under the list;
- stdin closed: the app quits, ``{"event": "closed"}``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import threading
import time
from pathlib import Path
from typing import Any

from textual.widgets import Button, DataTable, Static

from benchmarks.ui import Probe, no_blink, until
from beraad.identity_file import load_or_create, save_profile
from beraad.node import Node
from beraad.ui.app import BeraadApp
from beraad.ui.screens.lobby import LobbyScreen
from beraad.ui.widgets.nearby_list import NearbyList

#: How long the gate holds zeroconf's loop at most: a guard, so a gate on the app's own loop
#: (zeroconf attached to it) ends and the run says so instead of hanging.
GATE_GUARD = 20.0


def emit(event: str, **fields: Any) -> None:
    print(json.dumps({"event": event, "t": time.monotonic(), **fields}), flush=True)


def read_commands(loop: asyncio.AbstractEventLoop, queue: asyncio.Queue[Any]) -> None:
    for line in sys.stdin:
        if line.strip():
            loop.call_soon_threadsafe(queue.put_nowait, json.loads(line))
    loop.call_soon_threadsafe(queue.put_nowait, None)


def focused_id(app: BeraadApp) -> str | None:
    focused = app.screen.focused
    return focused.id if isinstance(focused, Button) else None


async def keys(app: BeraadApp, probe: Probe, seconds: float) -> list[float]:
    """→ and ← in turn along the buttons, each timed until its frame shows the focus moved
    (the first goes from where the last run left the keys)."""
    latencies = []
    ends = time.perf_counter() + seconds
    key, target = ("left", "start") if focused_id(app) == "join" else ("right", "join")
    while time.perf_counter() < ends:
        started = probe.press(key)
        try:
            latencies.append(await probe.painted(lambda t=target: focused_id(app) == t, started))
        except TimeoutError:
            why = f"{key} never moved the keys to {target}: {app.screen.focused!r}"
            raise TimeoutError(why) from None
        key, target = ("left", "start") if key == "right" else ("right", "join")
    return latencies


async def gate(app: BeraadApp, probe: Probe) -> bool:
    """Hold zeroconf's loop; press a key meanwhile; True if its effect showed while held."""
    zc = app.bridge.node.discovery._zc
    held, release = threading.Event(), threading.Event()
    holding = [False]

    def hold() -> None:
        holding[0] = True
        held.set()
        release.wait(GATE_GUARD)
        holding[0] = False

    zc.loop.call_soon_threadsafe(hold)
    await until(held.is_set, timeout=GATE_GUARD * 2)
    target = "start" if focused_id(app) == "join" else "join"
    probe.press("left" if target == "start" else "right")
    await until(lambda: focused_id(app) == target, timeout=GATE_GUARD * 2)
    still = holding[0]
    release.set()
    return still


def count(app: BeraadApp, host: str) -> dict[str, Any]:
    nearby = app.screen.query_one(NearbyList)
    more = nearby.query_one(".more", Static)
    return {
        "table": len(app.bridge.node.discovery._table),
        "rows": nearby.query_one(DataTable).row_count,
        "rows_from": sum(1 for item in nearby.items if item.where.startswith(f"{host}:")),
        "titles": [item.title for item in nearby.items],
        "more": str(more.content) if more.display else "",
    }


async def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--home", required=True)
    parser.add_argument("--host", required=True, help="the address the node listens on")
    args = parser.parse_args()
    home = Path(args.home)
    home.mkdir(parents=True, exist_ok=True)
    save_profile(home, "Anja", "en", chosen=True)
    no_blink()

    async def open_node() -> Node:
        return await Node.open(home, host=args.host, discovery=True)

    app = BeraadApp(profile=load_or_create(home), data_dir=home, node_opener=open_node)
    commands: asyncio.Queue[Any] = asyncio.Queue()
    loop = asyncio.get_running_loop()
    threading.Thread(target=read_commands, args=(loop, commands), daemon=True).start()
    async with app.run_test(size=(80, 24)):
        probe = Probe(app)
        await until(lambda: app.bridge is not None and isinstance(app.screen, LobbyScreen))
        await until(lambda: app.bridge.node.discovery is not None)
        await until(lambda: focused_id(app) == "start")
        # The person moves the keys once (→ ←): a list filling later no longer takes them over.
        for key, target in (("right", "join"), ("left", "start")):
            probe.press(key)
            await until(lambda t=target: focused_id(app) == t)
        emit("ready")
        while (command := await commands.get()) is not None:
            op = command["op"]
            if op == "keys":
                latencies = await keys(app, probe, float(command["seconds"]))
                adverts = len(app.bridge.node.discovery._table)
                emit("keys", label=command.get("label"), latencies=latencies, adverts=adverts)
            elif op == "gate":
                emit("gated", held=await gate(app, probe))
            elif op == "count":
                emit("count", **count(app, command["host"]))
    emit("closed")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
