"""Keys while a member's records arrive, in a session of 10 and of 10,000 knots (attack13 1-2).

    python benchmarks/member_records.py                       # this checkout
    python benchmarks/member_records.py --code /tmp/before    # another checkout's beraad

The real app, headless (120x40), on its real node and store, holding a session in the knots
phase (the buurt scenario: its suggested knots are listed) whose knots are all Bart's (the
attacker's worst case: his rename touches every row); his edits are 2,000 characters.
Bart, a member, is a second process on a real link to the node (``tests/hostile_link.py``):
it sends his well-signed records one per frame at a rate. Meanwhile the facilitator types
into the "New knot" box, ~30 keys a second; each key's latency runs from the key sent down
the driver to the first frame painted with it (``benchmarks/ui.py``'s ``Probe``). Runs: no
records (the baseline), a rename a second, an edit of his knot a second, new knots at 50 a
second, and a link-up a second (Bart's process links anew saying it holds nothing, so the node
answers with every record of the session: attack13 3). ``--profile RUN`` profiles that run's
keys (cProfile, on stderr). Printed: key
latency median/p99/max per run and size, and the ratio of 10,000 knots to 10 knots in the
same process. ``--code`` imports beraad (and the benchmark helpers) from
another checkout: the same runs before a change, on the same machine, one after the other.
"""

from __future__ import annotations

import sys
from pathlib import Path

if "--code" in sys.argv:  # before anything of beraad is imported
    sys.path.insert(0, sys.argv[sys.argv.index("--code") + 1])
else:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse
import asyncio
import contextlib
import json
import shutil
import subprocess
import tempfile
import time
from functools import partial
from typing import Any

from benchmarks.ui import GROUP_KEY, NONCE, Probe, Writer, no_blink, spread
from benchmarks.ui import until as ui_until
from beraad.core import session as bodies

BART = 1
#: Seconds of keys per run.
KEY_SECONDS = 8.0
#: Each run: records a second and the kind Bart sends (none for the baseline).
RUNS = {
    "none": 0.0,
    "rename 1/s": 1.0,
    "edit 1/s": 1.0,
    "knots 50/s": 50.0,
    "link-up 1/s": 1.0,
}


def build(knots: int, home: Path) -> dict[str, Any]:
    """A session in the knots phase whose ``knots`` are all Bart's, stored in ``home``."""
    from tests.ui.stored_app import store_session

    w = Writer()
    w.write(
        0, "session.open", {**bodies.open_body("Plein", "Safer?", scenario="buurt"), "nonce": NONCE}
    )
    w.write(0, "member.name", bodies.name_body("Anja"))
    w.write(0, "member.admit", bodies.admit_body(w.who[BART].public_key, "Bart"))
    w.write(0, "phase.move", bodies.move_body("knots"))
    first = ""
    for i in range(knots):
        made = w.write(BART, "knot.add", bodies.text_body(f"Knot {i}: the square is unsafe"))
        first = first or made
    store_session(w, home, language="en")
    return {"seq": w.seq, "prev": w.prev, "lamport": w.lamport, "knot": first}


def bart_records(written: dict[str, Any], run: str, count: int) -> list[Any]:
    w = Writer(seq=list(written["seq"]), prev=list(written["prev"]), lamport=written["lamport"])
    records = []
    for n in range(count):
        if run.startswith("rename"):
            body, kind = bodies.name_body(f"Bart {n}"), "member.name"
        elif run.startswith("edit"):
            text = f"The square, said again {n}: " + "it is dark at night " * 100  # 2,000
            body, kind = bodies.edit_body(written["knot"], text), "edit"
        else:
            body, kind = bodies.text_body(f"A knot from the flood {n}"), "knot.add"
        records.append(w.sign(BART, kind, body))
    return records


async def send(port: int, written: dict[str, Any], run: str, rate: float, count: int) -> None:
    """Bart's process: sign first, then one record per frame at ``rate``."""
    from tests.hostile_link import hostile_link

    w = Writer()
    records = bart_records(written, run, count)

    class Port:
        pass

    node = Port()
    node.port = port  # type: ignore[attr-defined]
    session = written["session"]
    connection, reading = await hostile_link(node, session, GROUP_KEY, w.who[BART])  # type: ignore[arg-type]
    print("connected", flush=True)
    started = time.perf_counter()
    if run.startswith("link-up"):  # a new link each time, holding nothing: all is answered
        from beraad.net.errors import HandshakeError

        for n in range(1, count):
            await asyncio.sleep(max(0.0, started + n / rate - time.perf_counter()))
            reading.cancel()
            await connection.close()
            for _try in range(3):
                try:
                    connection, reading = await hostile_link(node, session, GROUP_KEY, w.who[BART])  # type: ignore[arg-type]
                    break
                except HandshakeError as error:  # the app too busy to answer in time: said
                    print(f"link-up {n} failed: {error}", file=sys.stderr, flush=True)
            else:
                return
        records = []
    for n, record in enumerate(records):
        wait = started + n / rate - time.perf_counter()
        if wait > 0:
            await asyncio.sleep(wait)
        await connection.send({"t": "records", "records": [record.to_dict()]})
    sys.stdin.readline()
    reading.cancel()
    await connection.close()


async def run_size(knots: int, code: list[str], profile: str | None = None) -> dict[str, Any]:
    from textual.widgets import Input

    from beraad.ui.screens.session import SessionScreen
    from tests.ui.stored_app import loopback_app

    no_blink()
    home = Path(tempfile.mkdtemp(prefix="beraad-member-bench-"))
    written = build(knots, home)
    written["session"] = Writer().session
    app = loopback_app(home)
    out: dict[str, Any] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        probe = Probe(app)
        until = partial(ui_until, timeout=60.0, step=0.005)
        await until(lambda: app.bridge is not None)
        app.open_session(written["session"])
        await until(lambda: isinstance(app.screen, SessionScreen))
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        await until(lambda: len(screen.views()) == len(screen.phases))
        screen.look_at("knots")
        await probe.quiet()
        box = screen.view("knots").query_one("#knot-text", Input)
        screen.set_focus(box)
        await pilot.pause()
        node = screen.node
        bart = Writer().who[BART].public_key

        def held() -> int:
            return int(node.store.frontier(written["session"]).get(bart, 0))

        for run, rate in RUNS.items():
            box.value = ""
            await probe.quiet()
            sender = None
            count = int(rate * (KEY_SECONDS + 4))
            linking = run.startswith("link-up")
            if count:
                sender = subprocess.Popen(
                    [sys.executable, __file__, *code, "--send", str(node.port),
                     json.dumps(written), run, str(rate), str(count)],
                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                )  # fmt: skip
                assert sender.stdout is not None
                await asyncio.get_running_loop().run_in_executor(None, sender.stdout.readline)
                head = written["seq"][BART]
                if not linking:  # keys from the first link-up on, else past it
                    await until(lambda head=head: held() > head)  # the link is up, records come
                    await asyncio.sleep(1.0)  # past the link-up
            latencies = []
            profiler = None
            if run == profile:
                import cProfile

                profiler = cProfile.Profile()
                profiler.enable()
            started = time.perf_counter()
            n = 0
            while time.perf_counter() - started < KEY_SECONDS:
                key = "abcdefghij"[n % 10]
                n += 1
                expected = box.value + key
                latencies.append(
                    await probe.painted(lambda e=expected: box.value == e, probe.press(key))
                )
                await asyncio.sleep(0.03)
            out[run] = spread(latencies)
            if profiler is not None:
                import pstats

                profiler.disable()
                stats = pstats.Stats(profiler, stream=sys.stderr)
                stats.sort_stats("cumulative").print_stats(40)
            if sender is not None and linking:
                assert sender.stdin is not None
                with contextlib.suppress(BrokenPipeError):  # (it may have given up)
                    sender.stdin.write("\n")
                    sender.stdin.flush()
                sender.wait(timeout=60)
            elif sender is not None:
                want = written["seq"][BART] + count
                await until(lambda want=want: held() >= want)
                assert sender.stdin is not None
                sender.stdin.write("\n")
                sender.stdin.flush()
                sender.wait(timeout=60)
                last = bart_records(written, run, count)[-1]  # Bart goes on from there
                written["seq"] = [*written["seq"]]
                written["seq"][BART] = last.seq
                written["lamport"] = last.lamport
                written["prev"] = [*written["prev"]]
                written["prev"][BART] = last.id
    shutil.rmtree(home, ignore_errors=True)  # a 10,000-knot store per run
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", help="a checkout whose beraad to measure")
    parser.add_argument("--sizes", default="10,10000")
    parser.add_argument("--runs", help="only these runs, by name, comma-separated")
    parser.add_argument("--profile", help="cProfile this run's keys (stderr)")
    parser.add_argument("--send", nargs=5, metavar=("PORT", "WRITTEN", "RUN", "RATE", "COUNT"))
    args = parser.parse_args()
    code = ["--code", args.code] if args.code else []
    if args.send:
        port, written, run, rate, count = args.send
        asyncio.run(send(int(port), json.loads(written), run, float(rate), int(count)))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.runs:
        for run in set(RUNS) - set(args.runs.split(",")):
            del RUNS[run]
    figures = {size: asyncio.run(run_size(size, code, args.profile)) for size in sizes}
    small, big = figures[sizes[0]], figures[sizes[-1]]
    import beraad

    print(f"\nkeys typed into 'New knot' while Bart's records arrive (beraad of {beraad.__file__})")
    print(f"{'run':>12} {'knots':>6} {'median ms':>10} {'p99 ms':>8} {'max ms':>8}   ratio max")
    for run in RUNS:
        for size in sizes:
            f = figures[size][run]
            ratio = f["max"] / small[run]["max"] if size != sizes[0] else 1.0
            print(
                f"{run:>12} {size:>6} {f['median'] * 1000:>10.1f} {f['p99'] * 1000:>8.1f} "
                f"{f['max'] * 1000:>8.1f}   {ratio:>5.1f}x"
            )
    print(json.dumps({"code": args.code, "figures": figures, "big_over_small_max": {
        run: big[run]["max"] / small[run]["max"] for run in RUNS}}))  # fmt: skip


if __name__ == "__main__":
    main()
