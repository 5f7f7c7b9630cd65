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

``--flood [count]`` measures instead what an outsider's advert flood costs the person in the
lobby: the real app, headless, in host 0 (``tests/net/lobby_under_flood.py``: real node, real
zeroconf), presses → and ← along the lobby's buttons, each key timed to the first frame with
the focus moved, first with nothing on the network (the baseline, same run), then while a raw
zeroconf peer in host 1 sends ``count`` (default 1,500) well-formed adverts at 500 a second.
Printed: median, p90 and max key latency in each, and each one's ratio to the baseline.

    python benchmarks/discovery.py --flood 1500
"""

from __future__ import annotations

import statistics
import sys
import tempfile
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


APP = "tests/net/lobby_under_flood.py"
FLOOD_RATE = 500  # adverts a second
KEY_SECONDS = 4.0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def flood_main(count: int) -> int:
    """Key latency in the lobby with no flood, then under ``count`` adverts (see above)."""
    with tempfile.TemporaryDirectory(prefix="beraad-flood-") as home, Lab(2) as lab:
        app = lab.hosts[0].python(APP, "--home", home, "--host", lab.hosts[0].address)
        app.expect_json(lambda e: e["event"] == "ready", timeout=120)
        flooder = lab.hosts[1].python(PEER, "--raw", "--quiet")
        flooder.expect_json(lambda e: e["event"] == "ready", timeout=WAIT)

        def keys(label: str) -> dict:
            app.send_json({"op": "keys", "seconds": KEY_SECONDS, "label": label})
            return app.expect_json(lambda e: e["event"] == "keys", timeout=KEY_SECONDS + 120)

        quiet = keys("no flood")
        flood = {"op": "flood", "count": count, "rate": FLOOD_RATE}
        flooder.send_json({**flood, "addresses": [lab.hosts[1].address]})
        flooder.expect_json(lambda e: e["event"] == "flooding", timeout=WAIT)
        flooded = keys("flood")
        done = flooder.expect_json(lambda e: e["event"] == "flooded", timeout=120)
        still = "still sending when the keys ended" if done["t"] > flooded["t"] else "sent"
    base = statistics.median(quiet["latencies"])
    print(f"lobby keys (→/←, key to painted frame) in host 0; {count} adverts from host 1")
    print(f"at {FLOOD_RATE}/s ({still}; {flooded['adverts']} adverts in the table by then)")
    for name, run in (("no flood", quiet), ("flood", flooded)):
        values = run["latencies"]
        median, p90, most = statistics.median(values), percentile(values, 0.9), max(values)
        print(
            f"{name:<9} {len(values):4d} keys  median {median * 1000:6.1f} ms"
            f"  p90 {p90 * 1000:6.1f} ms  max {most * 1000:7.1f} ms"
            f"   x{median / base:5.2f} / x{p90 / base:5.2f} / x{most / base:6.2f} baseline median"
        )
    return 0


def main() -> int:
    reason = unavailable_reason()
    if reason is not None:
        print(f"discovery benchmark needs network namespaces: {reason}", file=sys.stderr)
        return 2
    if len(sys.argv) > 1 and sys.argv[1] == "--flood":
        return flood_main(int(sys.argv[2]) if len(sys.argv) > 2 else 1500)
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
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
