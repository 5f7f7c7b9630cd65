"""Keys while a member back-dates records: every one makes the peer refold the whole session.

    python benchmarks/backdated.py                 # 5,000 contributions, 80x24, 0.2 s, 15 s
    python benchmarks/backdated.py 10000 120x40 0.2 20

Attack s11 finding 1 (``/tmp/attack11/backdated.py``, taken in here): the real app (Pilot)
opens the benchmarks' N-contribution session (``benchmarks/ui.py``) in the decide view, the
ballot focused, and presses ↓/↑ every 50 ms. Bart, a member, on a real Noise link
(``tests/hostile_link.py``), sends one score sheet every PERIOD seconds for SECS seconds: first
with a fresh lamport (the control: each appends), then back-dated (lamports 6, 7, 8 …, each
above his own previous one, all below the session's top: each sorts into the past and costs a
refold of the session). Printed per run: key latency (key sent → first frame with its effect),
the longest loop stall (a 10 ms sleep's overshoot), stalls over 250 ms, refolds, the loop
turns the refolds handed on, and the share of the run's time the costly path (refolds) held
the loop (``LATE_CALM_FACTOR`` should keep it near 1/5); then the back-dated run's figures over
the control's, same process.
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from textual.widgets import Input  # noqa: E402

from benchmarks.ui import GROUP_KEY, START, Probe, build_session, spread  # noqa: E402
from beraad.core import session as bodies  # noqa: E402
from beraad.core.record import Record, sign_record  # noqa: E402
from beraad.ui.screens.session import SessionScreen  # noqa: E402
from beraad.ui.widgets.vote_grid import VoteGrid  # noqa: E402
from tests.hostile_link import hostile_link  # noqa: E402
from tests.ui.stored_app import loopback_app, store_session  # noqa: E402


async def _until(condition: Any, timeout: float = 300) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("until")
        await asyncio.sleep(0.005)


async def main(n: int, size: tuple[int, int], period: float, secs: float) -> dict[str, Any]:
    Input._toggle_cursor = lambda self: None  # type: ignore[method-assign]  # no blink frames
    w = build_session(n)
    out: dict[str, Any] = {"records": len(w.records), "size": size, "period": period}
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        store_session(w, home, language="en")
        app = loopback_app(home)
        async with app.run_test(size=size):
            probe = Probe(app)
            await _until(lambda: app.bridge is not None)
            await probe.quiet()
            app.open_session(w.session)
            await _until(lambda: isinstance(app.screen, SessionScreen))
            screen = app.screen
            await _until(lambda: len(screen.views()) == len(screen.phases))
            screen.look_at("decide")
            await probe.quiet()
            grid = screen.view("decide").query_one("#ballot", VoteGrid)
            screen.set_focus(grid)
            await probe.quiet()
            node = screen.node
            connection, drain = await hostile_link(node, w.session, GROUP_KEY, w.who[1])
            held = node._sessions[w.session]
            busy = [0.0]  # seconds the costly path held the loop, its slices' own time
            if hasattr(node, "_in_slices"):
                in_slices = node._in_slices

                async def timed_slices(steps: Any) -> float:
                    spent = await in_slices(steps)
                    busy[0] += spent
                    return spent

                node._in_slices = timed_slices
            else:  # before refolds went in slices: the one path at once
                ingest = node._ingest

                def timed_ingest(*args: Any, **kwargs: Any) -> Any:
                    started = time.perf_counter()
                    try:
                        return ingest(*args, **kwargs)
                    finally:
                        busy[0] += time.perf_counter() - started

                node._ingest = timed_ingest
            low = [5]  # back-dated lamports: just above the opening records

            def sheet(i: int) -> dict[str, Any]:
                option = w.options[i % len(w.options)]
                return bodies.scores_body(
                    {option: {c: (i + j) % 11 for j, c in enumerate(w.criteria)}}
                )

            def fresh(i: int) -> Record:
                return w.sign(1, "score.set", sheet(i))

            def back(i: int) -> Record:
                w.seq[1] += 1
                low[0] += 1
                record = sign_record(
                    w.who[1], session=w.session, seq=w.seq[1], prev=w.prev[1], lamport=low[0],
                    at=START + low[0] * 1000, kind="score.set", body=sheet(i),
                )  # fmt: skip
                w.prev[1] = record.id
                return record

            async def run(label: str, make: Any) -> None:
                stalls: list[float] = []

                async def lag() -> None:
                    while True:
                        started = time.perf_counter()
                        await asyncio.sleep(0.01)
                        stalls.append(time.perf_counter() - started - 0.01)

                lagger = asyncio.create_task(lag())
                sent: list[str] = []

                async def send() -> None:
                    started, i = time.perf_counter(), 0
                    while time.perf_counter() - started < secs:
                        if make:
                            record = make(i)
                            sent.append(record.id)
                            i += 1
                            await connection.send({"t": "records", "records": [record.to_dict()]})
                        await asyncio.sleep(period)

                refolds, slices = held.fold.refolds, getattr(node, "refold_slices", 0)
                busy[0], begun = 0.0, time.perf_counter()
                task = asyncio.create_task(send())
                latencies: list[float] = []
                lost = 0
                while not task.done():
                    at = grid.cursor_coordinate
                    key = ("down", "up")[(len(latencies) // 8) % 2]
                    try:
                        moved = probe.painted(
                            lambda at=at: grid.cursor_coordinate != at, probe.press(key)
                        )
                        latencies.append(await asyncio.wait_for(moved, 15))
                    except TimeoutError:
                        probe._done = None
                        lost += 1
                    await asyncio.sleep(0.05)
                await task
                if sent:
                    await _until(
                        lambda: (
                            node.holds(sent[-1]) and not getattr(held.fold, "refolding_now", False)
                        ),
                        120,
                    )
                lagger.cancel()
                took = time.perf_counter() - begun
                await probe.quiet()
                out[label] = {
                    "keys_ms": {k: round(v * 1000) for k, v in spread(latencies).items()},
                    "keys": len(latencies),
                    "lost": lost,
                    "stall_max_ms": round(max(stalls) * 1000),
                    "stalls_over_250ms": sum(s > 0.25 for s in stalls),
                    "sent": len(sent),
                    "refolds": held.fold.refolds - refolds,
                    "refold_slices": getattr(node, "refold_slices", 0) - slices,
                    "refold_share": round(busy[0] / took, 2),
                }
                print(label, out[label], flush=True)

            await run("fresh", fresh)
            await run("backdated", back)
            out["exception"] = repr(app._exception) if app._exception else None
            drain.cancel()
            await connection.close()
    fresh_run, back_run = out["fresh"], out["backdated"]
    out["ratio_backdated_over_fresh"] = {
        "key_p99": round(back_run["keys_ms"]["p99"] / max(1, fresh_run["keys_ms"]["p99"]), 2),
        "key_max": round(back_run["keys_ms"]["max"] / max(1, fresh_run["keys_ms"]["max"]), 2),
        "stall_max": round(back_run["stall_max_ms"] / max(1, fresh_run["stall_max_ms"]), 2),
    }
    return out


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    cols, rows = map(int, (sys.argv[2] if len(sys.argv) > 2 else "80x24").split("x"))
    every = float(sys.argv[3]) if len(sys.argv) > 3 else 0.2
    seconds = float(sys.argv[4]) if len(sys.argv) > 4 else 15
    print(json.dumps(asyncio.run(main(count, (cols, rows), every, seconds))))
