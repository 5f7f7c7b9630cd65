"""Soak: a real keeper under 200 hostile connections while 20 honest peers join and write.

    python benchmarks/soak.py [--seconds 20] [--hostile 200] [--honest 20] [--writes 5]

The keeper is a real ``beraad keeper`` process on loopback, its log written to a file. The
honest peers are real nodes in this process: each joins with the one code the keeper printed
(one code for the room), then writes ``--writes`` knots spread over the run. The hostile side is
a separate process holding ``--hostile`` connections from 127.0.0.2–9 (other machines): a third
silent, a third sending only the join preamble and the code's number, a third sending garbage;
each reconnects as soon as the keeper drops it, from before the first join until the honest
peers converged (or gave up).

The same run is done first without the hostile process (the baseline, measured in this run), so
the figures compare like with like. Printed per run: whether all honest peers joined and
converged (the same state hash as the keeper), how long joining and converging took, the
keeper's peak memory (VmHWM) and its log size; then the ratios hostile/baseline.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from beraad.node import Node

HOSTILE = r"""
import asyncio, os, signal, sys, time

port, nameplate, count, seconds = (int(a) for a in sys.argv[1:5])
made = dropped = 0

async def one(n, deadline):
    global made, dropped
    source = f"127.0.0.{2 + n % 8}"
    kind = n % 3
    while time.monotonic() < deadline:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port,
                                                          local_addr=(source, 0))
        except OSError:
            await asyncio.sleep(0.2)
            continue
        made += 1
        try:
            if kind == 1:  # the join preamble and the code's number, then nothing
                writer.write(b"BERAAD\x01J" + bytes([nameplate]))
            elif kind == 2:  # garbage
                writer.write(os.urandom(2048))
            await writer.drain()
            left = deadline - time.monotonic()
            if left > 0:
                async with asyncio.timeout(left):
                    while await reader.read(4096):
                        pass
                dropped += 1
        except (OSError, TimeoutError):
            pass
        finally:
            writer.close()

async def main():
    deadline = time.monotonic() + seconds
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    tasks = [asyncio.create_task(one(n, deadline)) for n in range(count)]
    print("up", flush=True)
    try:
        await asyncio.wait_for(stop.wait(), seconds)
    except TimeoutError:
        pass
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    print(f"made {made} connections, {dropped} dropped by the keeper", flush=True)

asyncio.run(main())
"""


@dataclass
class Result:
    joined: int
    converged: bool
    join_seconds: float
    converge_seconds: float
    peak_rss_kib: int
    log_bytes: int
    log_lines: int
    hostile_report: str = ""


def peak_rss(pid: int) -> int:
    """VmHWM: the most resident memory the process ever had, in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


async def wait_for_line(path: Path, pattern: str, timeout: float) -> re.Match[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and (match := re.search(pattern, path.read_text(errors="replace"))):
            return match
        await asyncio.sleep(0.05)
    raise TimeoutError(f"no line matching {pattern!r} in {path}")


async def run(root: Path, args: argparse.Namespace, hostile: int) -> Result:
    keeper_dir = root / "keeper"
    first = await Node.open(keeper_dir, host="127.0.0.1", discovery=False, listen=False)
    session = await first.create_session(title="Soak", focus="Does it hold?", invite=False)
    await first.contribute(session, "phase.move", {"to": "knots", "proposal": None})
    await first.close()
    log_path = root / "keeper.log"
    with log_path.open("w") as log:
        keeper = subprocess.Popen(
            [
                *(sys.executable, "-m", "beraad", "--data-dir", str(keeper_dir), "keeper"),
                *("--host", "127.0.0.1", "--no-discovery", "--invite"),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "BERAAD_LANG": "en"},
        )
    flood = None
    peers: list[Node] = []
    try:
        port = int((await wait_for_line(log_path, r"listening on port (\d+)", 30)).group(1))
        code = (await wait_for_line(log_path, r"join code for session \w+: (\S+)", 30)).group(1)
        if hostile:
            flood = subprocess.Popen(
                [
                    *(sys.executable, "-c", HOSTILE, str(port), code.split("-")[0]),
                    *(str(hostile), str(int(args.seconds) + 120)),  # stopped when done
                ],
                stdout=subprocess.PIPE,
                text=True,
            )
            assert flood.stdout is not None
            assert flood.stdout.readline().strip() == "up"
        start = time.monotonic()
        peers = [
            await Node.open(root / f"p{n}", host="127.0.0.1", discovery=False)
            for n in range(args.honest)
        ]
        outcomes = await asyncio.gather(
            *(p.join(code, address=f"127.0.0.1:{port}", timeout=60) for p in peers),
            return_exceptions=True,
        )
        joined = [p for p, o in zip(peers, outcomes, strict=True) if o == session]
        join_seconds = time.monotonic() - start
        for problem in {str(o) for o in outcomes if isinstance(o, BaseException)}:
            print(f"  a join failed: {problem}")
        pause = args.seconds / max(1, args.writes)
        for round_ in range(args.writes):
            for n, peer in enumerate(joined):
                try:
                    await peer.contribute(session, "knot.add", {"text": f"knot {round_}.{n}"})
                except Exception as error:  # said, and counted as not converged below
                    print(f"  a write was refused: {error}")
            if round_ < args.writes - 1:
                await asyncio.sleep(pause)  # the writes are spread over the run
        expected = 3 + len(joined) * (2 + args.writes)  # open, name, phase; admit+name+knots
        written = time.monotonic()
        converged = True
        try:
            for peer in joined:
                await peer.wait_for(lambda p=peer: len(p.records(session)) >= expected, 60)
            hashes = {p.state_hash(session) for p in joined}
            converged = len(hashes) == 1 and len(joined) == args.honest
        except TimeoutError:
            converged = False
        converge_seconds = time.monotonic() - written
        report = ""
        if flood is not None:  # the flood lasted from before the first join to here
            assert flood.stdout is not None
            flood.send_signal(signal.SIGTERM)
            report = flood.stdout.read().strip()
            flood.wait(60)
        rss = peak_rss(keeper.pid)
    finally:
        for peer in peers:
            await peer.close()
        if flood is not None and flood.poll() is None:
            flood.kill()
        keeper.send_signal(signal.SIGTERM)
        keeper.wait(30)
    text = log_path.read_text(errors="replace")
    return Result(
        len(joined),
        converged,
        join_seconds,
        converge_seconds,
        rss,
        len(text.encode()),
        text.count("\n"),
        report,
    )


def show(label: str, result: Result, honest: int) -> None:
    print(f"{label}:")
    print(f"  honest peers joined: {result.joined}/{honest} in {result.join_seconds:.1f} s")
    print(
        f"  converged: {'yes' if result.converged else 'NO'} "
        f"({result.converge_seconds:.2f} s after the last write)"
    )
    print(f"  keeper peak RSS: {result.peak_rss_kib / 1024:.1f} MiB")
    print(f"  keeper log: {result.log_bytes / 1024:.1f} KiB, {result.log_lines} lines")
    if result.hostile_report:
        print(f"  hostile side: {result.hostile_report}")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--hostile", type=int, default=200)
    parser.add_argument("--honest", type=int, default=20)
    parser.add_argument("--writes", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as base, tempfile.TemporaryDirectory() as under:
        baseline = await run(Path(base), args, 0)
        show("baseline (no hostile connections)", baseline, args.honest)
        attacked = await run(Path(under), args, args.hostile)
        show(f"under {args.hostile} hostile connections", attacked, args.honest)
    print("ratios hostile/baseline:")
    print(f"  peak RSS {attacked.peak_rss_kib / max(1, baseline.peak_rss_kib):.2f}x")
    print(f"  log size {attacked.log_bytes / max(1, baseline.log_bytes):.2f}x")
    slower = attacked.converge_seconds / max(0.001, baseline.converge_seconds)
    print(f"  time to converge {slower:.2f}x")


if __name__ == "__main__":
    asyncio.run(main())
