"""How long until a newly started peer is seen by one already running (default zeroconf timings).

Two hosts in network namespaces (tests/netns.py; needs root). A watcher runs in host 0; ten
times, a fresh peer process starts in host 1 and advertises a new session. For each run:

- total:    process start (Popen) -> the watcher lists the session
- startup:  process start -> the peer's Discovery is running (interpreter, imports, sockets)
- register: advertise() called -> returned (random 0-250 ms delay, 3 probes 500 ms apart,
            then 3 announcements 225 ms apart; the watcher already sees the first one)
- seen:     advertise() called -> the watcher lists the session (probing + one resolve)

Baseline, same run: the same peer process started without advertising, until it is running
(what any beraad process pays before it can say anything on the network). Times share one
clock: CLOCK_MONOTONIC is the same in every network namespace.

Usage: python benchmarks/discovery.py [runs]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.netns import Lab, Process, unavailable_reason

PEER = "tests/net/discovery_peer.py"
WAIT = 30.0


def event_time(process: Process, name: str) -> float:
    return process.expect_json(lambda e: e["event"] == name, timeout=WAIT)["t"]


def seen_time(watcher: Process, session: str, present: bool) -> float:
    event = watcher.expect_json(
        lambda e: (
            e["event"] == "nearby" and (session in {n["session"] for n in e["nearby"]}) == present
        ),
        timeout=WAIT,
    )
    return event["t"]


def row(name: str, values: list[float], baseline: float) -> str:
    median = statistics.median(values)
    return (
        f"{name:<9} median {median * 1000:7.0f} ms   max {max(values) * 1000:7.0f} ms"
        f"   x{median / baseline:5.2f} baseline"
    )


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    reason = unavailable_reason()
    if reason is not None:
        print(f"discovery benchmark needs network namespaces: {reason}", file=sys.stderr)
        return 2
    totals, startups, registers, seens, baselines = [], [], [], [], []
    with Lab(2) as lab:
        watcher = lab.hosts[0].python(PEER, "--peer", "watcher")
        event_time(watcher, "ready")
        for run in range(runs):
            began = time.monotonic()
            quiet = lab.hosts[1].python(PEER, "--peer", "quiet")
            baselines.append(event_time(quiet, "ready") - began)
            quiet.stop()

            session = f"{run:032x}"
            began = time.monotonic()
            peer = lab.hosts[1].python(PEER, "--peer", f"p{run}", "--session", session)
            started = event_time(peer, "advertising")
            registered = event_time(peer, "ready")
            seen = seen_time(watcher, session, present=True)
            totals.append(seen - began)
            startups.append(started - began)
            registers.append(registered - started)
            seens.append(seen - started)
            peer.stop()
            seen_time(watcher, session, present=False)  # goodbye arrived: a clean slate
    baseline = statistics.median(baselines)
    print(f"discovery of a new peer in a namespace, {runs} runs, default zeroconf timings")
    print(row("baseline", baselines, baseline))
    print(row("total", totals, baseline))
    print(row("startup", startups, baseline))
    print(row("register", registers, baseline))
    print(row("seen", seens, baseline))
    share = statistics.median(seens) / statistics.median(totals)
    print(
        f"advertise -> seen is {share:.0%} of the total: mDNS conflict probing dominates"
        " (0-250 ms random delay + 3 probes 500 ms apart, RFC 6762 section 8.1)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
