"""Keys while a member floods the session: the real app, headless, beside a no-flood baseline.

    python benchmarks/flood.py        # 1,000 contributions at 200x50; 0, 50, 200, 1000 rec/s
    python benchmarks/flood.py --rates 0,200 --detail

The app opens a 1,000-contribution session (``benchmarks/ui.py``'s, the group in Decide) on its
real node and store. A second process is Bart, a member, on a real link to that node
(``tests/hostile_link.py``'s connection): it sends his well-signed score sheets, and every tenth
record a rename, each record in a frame of its own, at the given rate. Meanwhile a key moves the
ballot's cursor in the decide view, then a key types into a text box (editing one's own knot),
about 30 keys a second; each key's latency is from the key sent down the driver to the first
frame painted with its effect (``benchmarks/ui.py``'s ``Probe``). Printed per rate: key latency
median/p99/max in each place, each with its ratio to the no-flood run of the same process, the
records the app took per second meanwhile, CPU over wall time, and that every record sent was
stored and folded once the flood stopped. ``--detail`` adds where the ingest time went (gate,
store write, fold, telling the screens; durable writes per record).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.ui import (  # noqa: E402
    GROUP_KEY,
    Probe,
    Writer,
    built_apart,
    no_blink,
    peer_vote,
    pen,
    spread,
)
from benchmarks.ui import until as ui_until  # noqa: E402
from beraad.core import session as bodies  # noqa: E402
from beraad.core.fold import finish  # noqa: E402
from beraad.core.record import Record  # noqa: E402

BART = 1
#: Seconds of keys in each place under each rate.
KEY_SECONDS = 6.0
#: The rate whose decide keys are profiled (``--profile``; printed on stderr).
PROFILE: float | None = None


def flood_records(w: Writer, count: int) -> list[Record]:
    """Bart's next ``count`` records: score sheets, every tenth a rename (the attacker's mix)."""
    records = []
    for tick in range(count):
        if tick % 10 == 9:
            name = bodies.name_body(f"Bart {tick}")
            records.append(w.sign(BART, "member.name", name))
        else:
            records.append(peer_vote(w, tick))
    return records


async def flood(port: int, written: dict[str, Any], rate: float, count: int) -> None:
    """The flooding member's process: sign first, then send one record per frame at ``rate``."""
    from tests.hostile_link import hostile_link

    w = pen(written)
    records = flood_records(w, count)

    class Port:  # hostile_link dials ``node.port``
        pass

    node = Port()
    node.port = port  # type: ignore[attr-defined]
    connection, reading = await hostile_link(node, w.session, GROUP_KEY, w.who[BART])  # type: ignore[arg-type]
    print("connected", flush=True)
    started = time.perf_counter()
    for n, record in enumerate(records):
        due = started + n / rate
        wait = due - time.perf_counter()
        if wait > 0:
            await asyncio.sleep(wait)
        await connection.send({"t": "records", "records": [record.to_dict()]})
    print(f"sent {len(records)} in {time.perf_counter() - started:.1f}s", flush=True)
    sys.stdin.readline()  # held open until the app has taken everything
    reading.cancel()
    await connection.close()


class IngestWork:
    """Where ``Node._taking_once`` spends its time: gate (the replica's offer), the durable
    store write, the fold, telling the screens (events); counted per record."""

    def __init__(self, node: Any) -> None:
        self.node = node
        self.spent = {"gate": 0.0, "store": 0.0, "fold": 0.0, "tell": 0.0}
        self.longest = dict.fromkeys(self.spent, 0.0)
        self.records = 0
        self._patches: list[tuple[Any, str, Any]] = []
        self._active: set[str] = set()
        # On the loop: a plain append (write and sync) and a slice's write (its sync is in
        # the store's thread, ``RecordStore.append_many_aside``).
        self._wrap(node.store, "append_many", "store")
        journal = node.store._journal
        if journal is not None and hasattr(journal, "write"):
            self._wrap(journal, "write", "store")
        self._wrap(node, "_emit", "tell")

    def _wrap(self, owner: Any, name: str, label: str) -> None:
        original = getattr(owner, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            if label in self._active:  # within a call already timed (append's write)
                return original(*args, **kwargs)
            self._active.add(label)
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self._active.discard(label)
                took = time.perf_counter() - started
                self.spent[label] += took
                self.longest[label] = max(self.longest[label], took)

        setattr(owner, name, timed)
        self._patches.append((owner, name, original))

    def session(self, session_id: str) -> None:
        held = self.node._session(session_id)
        self._wrap(held.replica, "offer", "gate")
        # The one path folds in steps (``Fold.extending``): taken at once here, and timed.
        extending = held.fold.extending
        held.fold.extending = lambda records: iter([finish(extending(records))])  # type: ignore[method-assign]
        self._wrap(held.fold, "extending", "fold")

    def reset(self) -> dict[str, Any]:
        out = {k: round(v * 1000, 1) for k, v in self.spent.items()}
        out |= {f"{k} max": round(v * 1000, 1) for k, v in self.longest.items()}
        self.spent = dict.fromkeys(self.spent, 0.0)
        self.longest = dict.fromkeys(self.spent, 0.0)
        return out


async def run_app(contributions: int, size: tuple[int, int], rates: list[float]) -> dict[str, Any]:
    from textual.widgets import Input

    from beraad.ui.screens.session import SessionScreen
    from beraad.ui.widgets.vote_grid import VoteGrid
    from tests.ui.stored_app import loopback_app

    no_blink()
    home, written = built_apart(contributions, "beraad-flood-bench-")
    w = pen(written)
    app = loopback_app(home)
    out: dict[str, Any] = {"records": written["records"], "runs": {}}
    async with app.run_test(size=size) as pilot:
        probe = Probe(app)
        until = partial(ui_until, timeout=300.0, step=0.005)

        await until(lambda: app.bridge is not None)
        app.open_session(w.session)
        await until(lambda: isinstance(app.screen, SessionScreen))
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        await until(lambda: len(screen.views()) == len(screen.phases))
        await probe.quiet()
        node = screen.node
        work = IngestWork(node)
        work.session(w.session)
        grid = screen.view("decide").query_one("#ballot", VoteGrid)
        knots_view = screen.view("knots")
        text_box = knots_view.query_one("#knot-text", Input)

        async def settle() -> None:
            """A still screen, or a second (under a flood the screen is never still)."""
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(probe.quiet(), 1.0)

        async def to_ballot() -> None:
            screen.look_at("decide")
            await settle()
            screen.set_focus(grid)
            grid.scroll_visible(top=True, animate=False)
            await settle()

        async def to_text_box() -> None:
            screen.look_at("knots")
            await settle()
            screen.set_focus(knots_view.query_one("#knots-tree"))
            await pilot.pause()
            if knots_view.tree.current is None:  # type: ignore[attr-defined]
                await pilot.press("down")
            await pilot.press("e", "enter")  # a row's letter proposes, Enter does it
            await until(lambda: app.focused is text_box)
            await pilot.press("end")
            await settle()

        def grid_moved(key: str) -> Callable[[], bool]:
            row = grid.cursor_coordinate.row + (1 if key == "down" else -1)
            return lambda: grid.cursor_coordinate.row == row

        def typed(key: str) -> Callable[[], bool]:
            expected = text_box.value + key
            return lambda: text_box.value == expected

        async def keys(
            names: list[str], done_for: Callable[[str], Callable[[], bool]]
        ) -> list[float]:
            latencies = []
            started = time.perf_counter()
            n = 0
            while time.perf_counter() - started < KEY_SECONDS:
                key = names[n % len(names)]
                n += 1
                done = done_for(key)
                latencies.append(await probe.painted(done, probe.press(key)))
                await asyncio.sleep(0.03)  # a quick typist
            return latencies

        bart = w.who[BART].public_key

        def held() -> int:
            """Bart's records the node holds (gated: stored, or being stored)."""
            return int(node._session(w.session).replica.frontier().get(bart, 0))

        async def watch(stalls: list[float]) -> None:
            """How late the loop wakes a 5 ms sleeper: how long something held it."""
            while True:
                asked = time.perf_counter()
                await asyncio.sleep(0.005)
                stalls.append(time.perf_counter() - asked - 0.005)

        for rate in rates:
            count = int(rate * (2 * KEY_SECONDS + 6)) if rate else 0
            frontier = node.state_version(w.session)
            head = held()
            await to_ballot()
            sender = None
            if count:
                sender = subprocess.Popen(
                    [sys.executable, __file__, "--flood", str(node.port), json.dumps(written),
                     str(rate), str(count)],
                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                )  # fmt: skip
                assert sender.stdout is not None
                await asyncio.get_running_loop().run_in_executor(None, sender.stdout.readline)
                await until(lambda head=head: held() > head)
            held0 = held()
            work.reset()
            stalls: list[float] = []
            watching = asyncio.create_task(watch(stalls))
            syncs0, slices0 = node.store.syncs, getattr(node, "slices", 0)
            unquiet = [0, 0]
            quiet_check = app._quiet

            def counted_quiet(quiet_check=quiet_check, unquiet=unquiet) -> bool:  # type: ignore[no-untyped-def]
                quiet = quiet_check()
                unquiet[quiet] += 1
                return quiet

            app._quiet = counted_quiet
            pauses: list[tuple[int, float]] = []
            gc_started = [0.0]

            def collecting(phase: str, info: dict[str, int], pauses=pauses, at=gc_started) -> None:  # type: ignore[no-untyped-def]
                if phase == "start":
                    at[0] = time.perf_counter()
                else:
                    pauses.append((info["generation"], time.perf_counter() - at[0]))

            gc.callbacks.append(collecting)
            redraw_spans: list[float] = []
            redraw = screen.redraw

            def timed_redraw(redraw=redraw, spans=redraw_spans) -> None:  # type: ignore[no-untyped-def]
                started = time.perf_counter()
                redraw()
                spans.append(time.perf_counter() - started)

            screen.redraw = timed_redraw
            wall, cpu = time.perf_counter(), time.process_time()
            profiler = None
            if PROFILE is not None and rate == PROFILE:
                from pyinstrument import Profiler

                profiler = Profiler(async_mode="disabled")
                profiler.start()
            decide = await keys(["down", "up"], grid_moved)
            if profiler is not None:
                profiler.stop()
                print(profiler.output_text(unicode=False, show_all=False), file=sys.stderr)
            mid = held()
            spent = work.reset()
            syncs, slices = node.store.syncs - syncs0, getattr(node, "slices", 0) - slices0
            app._quiet = quiet_check
            gc.callbacks.remove(collecting)
            del screen.redraw
            watching.cancel()
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            taken = mid - held0
            await to_text_box()
            text = await keys(list("delampenbijhetplein"), typed)
            await pilot.press("escape")
            run: dict[str, Any] = {
                "decide_key": spread(decide),
                "text_key": spread(text),
                "taken_per_s": taken / wall,
                "cpu_over_wall": cpu / wall,
                "ingest_ms": spent,
                "syncs_per_record": syncs / taken if taken else 0.0,
                "records_per_slice": taken / slices if slices else 0.0,
                "loop_stall_ms": spread(stalls)["max"] * 1000,
                "keys_held_checks": unquiet[0],
                "gc_longest_ms": max((p for _g, p in pauses), default=0.0) * 1000,
                "gc_gen2": sum(1 for g, _p in pauses if g == 2),
                "redraws": len(redraw_spans),
                "redraw_longest_ms": max(redraw_spans, default=0.0) * 1000,
                "keys_released_checks": unquiet[1],
            }
            if sender is not None:
                want = head + count
                t0 = time.perf_counter()
                # stored: durable (the gate takes a slice a moment before its sync is done)
                try:
                    await until(
                        lambda want=want: node.store.frontier(w.session).get(bart, 0) >= want
                    )
                except TimeoutError:
                    print(
                        f"not drained: want {want}, gated {held()}, stored "
                        f"{node.store.frontier(w.session).get(bart, 0)}",
                        file=sys.stderr,
                    )
                    raise
                run["drain_s"] = time.perf_counter() - t0
                assert sender.stdin is not None
                sender.stdin.write("\n")
                sender.stdin.flush()
                sender.wait(timeout=60)
                # every record sent is stored and folded, once
                stored = node.store.frontier(w.session).get(bart, 0)
                fresh_versions = node.state_version(w.session) - frontier
                run["all_stored"] = stored == want and fresh_versions > 0
                w.seq[BART] += count  # the next rate goes on from Bart's head
                w.lamport += count
                w.prev[BART] = node.store.chain(w.session, bart, want, want)[0].id
                written = {**written, "seq": w.seq, "prev": w.prev, "lamport": w.lamport}
            out["runs"][str(rate)] = run
            await probe.quiet()
        # Every record the floods sent, stored once and folded: a fresh fold of what the
        # store holds reaches the node's state.
        from beraad.core.fold import Fold
        from beraad.held import new_reducer

        held_records = node.records(w.session)
        fresh = Fold(new_reducer())
        fresh.extend(held_records)
        out["folded_as_stored"] = fresh.state_hash() == node.state_hash(w.session) and len(
            {r.id for r in held_records}
        ) == len(held_records)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rates", default="0,50,200,1000", help="records per second")
    parser.add_argument("--contributions", type=int, default=1000)
    parser.add_argument("--terminal", default="200x50")
    parser.add_argument("--detail", action="store_true")
    parser.add_argument("--profile", type=float, default=None, help="profile this rate")
    parser.add_argument("--flood", nargs=4, metavar=("PORT", "WRITTEN", "RATE", "COUNT"))
    args = parser.parse_args()
    if args.flood:
        port, written, rate, count = args.flood
        asyncio.run(flood(int(port), json.loads(written), float(rate), int(count)))
        return
    global PROFILE
    PROFILE = args.profile
    rates = [float(r) for r in args.rates.split(",")]
    if 0.0 not in rates:
        rates.insert(0, 0.0)
    columns, rows = (int(n) for n in args.terminal.split("x"))
    figures = asyncio.run(run_app(args.contributions, (columns, rows), rates))
    runs = figures["runs"]
    base = runs["0.0"]
    print(f"\n{args.contributions} contributions at {args.terminal}; one member floods over a link")
    print(
        f"{'records/s':>10} {'decide key ms: median':>22} {'p99':>12} {'max':>12} "
        f"{'text key ms: median':>22} {'p99':>12} {'max':>12} {'taken/s':>8} {'cpu/wall':>8} stored"
    )
    for rate in rates:
        run = runs[str(rate)]

        def cell(place: str, q: str, width: int, run: dict[str, Any] = run) -> str:
            value = run[place][q] * 1000
            ratio = value / (base[place][q] * 1000) if base[place][q] else 0.0
            return f"{value:>{width - 7}.1f} {ratio:>5.1f}x"

        stored = "" if not rate else ("all" if run.get("all_stored") else "MISSING")
        print(
            f"{rate:>10.0f} {cell('decide_key', 'median', 22)} {cell('decide_key', 'p99', 12)} "
            f"{cell('decide_key', 'max', 12)} {cell('text_key', 'median', 22)} "
            f"{cell('text_key', 'p99', 12)} {cell('text_key', 'max', 12)} "
            f"{run['taken_per_s']:>8.0f} {run['cpu_over_wall']:>8.2f} {stored}"
        )
    print("a fresh fold of the store reaches the node's state:", figures["folded_as_stored"])
    if args.detail:
        print("\nduring the decide keys: ingest time by step (ms), durable writes per record")
        for rate in rates:
            run = runs[str(rate)]
            print(f"{rate:>10.0f} {run['ingest_ms']}  syncs/record {run['syncs_per_record']:.2f}"
                  f"  records/slice {run['records_per_slice']:.1f}"
                  f"  longest loop stall {run['loop_stall_ms']:.0f} ms"
                  f"  keys held {run['keys_held_checks']}/"
                  f"{run['keys_held_checks'] + run['keys_released_checks']} checks"
                  f"  gc longest {run['gc_longest_ms']:.0f} ms ({run['gc_gen2']} full)"
                  f"  redraws {run['redraws']} longest {run['redraw_longest_ms']:.0f} ms"
                  f"  drained {run.get('drain_s', 0):.1f}s after the keys")  # fmt: skip
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
