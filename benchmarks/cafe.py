"""World café figures: planning a hall, and a 30-member café round on loopback.

    python benchmarks/cafe.py [--members 30] [--tables 5] [--plan-only]

Planning: seating 60 people at 10 tables for 4 rounds (and a few other rooms, up to a hall of
200 at 7 tables for 12 rounds) with ``plan_cafe``; printed per room: the time (best of 3), the
pairs that sit together more than once against the lower bound, and the same for a naive
rotation measured in this run (the baseline: mover i goes to table (i + round) mod tables, hosts
stay), with the ratios. (The planner lowers ``plan_cost``, not this count: with few tables it
spreads repeats over more pairs rather than keep a group together every round.)

Session: ``--members`` real nodes, each a separate process (``tests/peer_driver.py``) on
127.0.0.1. The first opens the session, the others join with its code. Baseline: every member
writes one knot outside any café. Then the first sets up a café (``--tables`` tables, hosts the
first members), starts a round, every member writes one knot at their table, and the round
ends. Printed for both: each record's latency from its writer's fold to every other process's
fold (p50, p99, max; wall clocks of one machine), and then each process's resident memory and
peak (VmRSS, VmHWM). Nothing is asserted: these are figures.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from beraad.core.cafe import setup_body
from beraad.core.cafe_plan import lower_bound, plan_cafe, repeated_pairs, table_sizes
from tests.peers import Peer

#: The usual rooms, and halls with few tables where many pairs meet again whatever the plan
#: (there the planner stops at its work budget: ``cafe_plan._ROUND_WORK``, ``_ANNEAL_WORK``).
ROOMS = ((60, 10, 4), (30, 5, 4), (12, 3, 3), (48, 8, 6), (60, 3, 12), (200, 7, 12))


def rotation(people: int, tables: int, rounds: int) -> tuple[tuple[tuple[int, ...], ...], ...]:
    """The naive baseline: hosts 0..tables-1 stay; mover i sits at (i + round) mod tables,
    filling the planner's table sizes in order."""
    sizes = table_sizes(people, tables)
    plan = []
    for number in range(rounds):
        seats: list[list[int]] = [[t] for t in range(tables)]
        for mover in range(tables, people):
            table = (mover + number) % tables
            while len(seats[table]) >= sizes[table]:
                table = (table + 1) % tables
            seats[table].append(mover)
        plan.append(tuple(tuple(sorted(t)) for t in seats))
    return tuple(plan)


def best_of(runs: int, work: Any) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - start)
    return best, result


def planning() -> None:
    print("planning (best of 3)")
    print(f"{'room':>10} {'time':>9} {'repeated':>9} {'bound':>6} {'naive':>6} {'ratio':>6}")
    for people, tables, rounds in ROOMS:
        hosts = list(range(tables))
        took, plan = best_of(3, lambda p=people, h=hosts, r=rounds: plan_cafe(p, h, r))
        naive_time, naive = best_of(3, lambda p=people, t=tables, r=rounds: rotation(p, t, r))
        naive_repeated = repeated_pairs(naive)
        assert lower_bound(naive, hosts) == plan.bound
        ratio = f"{plan.repeated / naive_repeated:.2f}" if naive_repeated else "-"
        print(
            f"{people:>3}/{tables:>2}/{rounds:<2}  {took * 1000:7.1f}ms {plan.repeated:>9} "
            f"{plan.bound:>6} {naive_repeated:>6} {ratio:>6}   (naive {naive_time * 1000:.2f}ms)"
        )


def send(peer: Peer, cmd: str, **fields: Any) -> None:
    assert peer.process.stdin is not None
    peer.process.stdin.write(json.dumps({"cmd": cmd, **fields}) + "\n")
    peer.process.stdin.flush()


def everyone(peers: list[Peer], cmd: str, timeout: float = 120, **fields: Any) -> list[dict]:
    """The same command to every process at once; their replies in order."""
    for peer in peers:
        send(peer, cmd, **fields)
    replies = [peer._reply(timeout) for peer in peers]
    for reply in replies:
        if not reply.get("ok"):
            raise RuntimeError(reply.get("error"))
    return replies


def latencies(peers: list[Peer], session: str, records: dict[str, int]) -> list[float]:
    """For each record (id → index of its writer): ms from the writer's fold to each other's."""
    arrivals = [a["arrivals"] for a in everyone(peers, "arrivals", session=session)]
    found = []
    for record, writer in records.items():
        written = arrivals[writer][record]
        for index, seen in enumerate(arrivals):
            if index != writer:
                found.append((seen[record] - written) / 1e6)
    return found


def figures(label: str, values: list[float]) -> dict[str, float]:
    values = sorted(values)
    p99 = values[min(len(values) - 1, int(len(values) * 0.99))]
    shown = {"p50": statistics.median(values), "p99": p99, "max": values[-1]}
    print(
        f"{label:>10}: {len(values)} deliveries, p50 {shown['p50']:.1f} ms, "
        f"p99 {shown['p99']:.1f} ms, max {shown['max']:.1f} ms"
    )
    return shown


def write_round(peers: list[Peer], session: str, text: str) -> dict[str, int]:
    """Every member writes one knot at once; wait until every process holds all of them."""
    before = everyone(peers[:1], "hash", session=session)[0]["records"]
    replies = everyone(peers, "contribute", session=session, kind="knot.add", body={"text": text})
    everyone(peers, "wait_records", session=session, count=before + len(peers), timeout=120)
    return {reply["id"]: index for index, reply in enumerate(replies)}


def session_run(members: int, tables: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        peers: list[Peer] = []
        try:
            started = time.perf_counter()
            for index in range(members):
                peers.append(Peer(Path(tmp) / f"p{index}"))
            opened = peers[0].call("create", title="Buurt", focus="Wat doen we?")
            session = opened["session"]
            for peer in peers[1:]:
                peer.call("join", code=opened["code"], address=opened["address"], timeout=60)
            everyone(peers, "wait_records", session=session, count=members + 1, timeout=120)
            print(f"{members} processes joined in {time.perf_counter() - started:.1f}s")
            load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
            print(f"load average {load} on {os.cpu_count()} cores (figures depend on it)")
            peers[0].call(
                "contribute",
                session=session,
                kind="phase.move",
                body={"to": "knots", "proposal": None},
            )
            baseline = write_round(peers, session, "before the café")
            voices = [(peer.key, None) for peer in peers]
            questions = [(f"Vraag {t + 1}", t) for t in range(tables)]
            start = time.perf_counter()
            body, plan = setup_body(voices, questions, 20 * 60, 3)
            took = time.perf_counter() - start
            print(
                f"planned {members}/{tables}/3 in {took * 1000:.0f} ms: {plan.repeated} "
                f"repeated pairs, bound {plan.bound}"
            )
            peers[0].call("contribute", session=session, kind="cafe.setup", body=body)
            peers[0].call("contribute", session=session, kind="cafe.round", body={"round": 1})
            count = peers[0].call("hash", session=session)["records"]
            everyone(peers, "wait_records", session=session, count=count, timeout=120)
            cafe = write_round(peers, session, "at my table")
            peers[0].call("contribute", session=session, kind="cafe.end", body={})
            count = peers[0].call("hash", session=session)["records"]
            everyone(peers, "wait_records", session=session, count=count, timeout=120)
            hashes = {r["hash"] for r in everyone(peers, "hash", session=session)}
            print(f"{len(hashes)} distinct state hash(es) after the round")
            base = figures("baseline", latencies(peers, session, baseline))
            during = figures("café", latencies(peers, session, cafe))
            print(f"{'ratio':>10}: p99 café/baseline {during['p99'] / base['p99']:.2f}")
            memory = everyone(peers, "memory")
            rss = [m["rss_kb"] / 1024 for m in memory]
            peak = [m["peak_kb"] / 1024 for m in memory]
            print("memory per process (MB), rss/peak:")
            print("  " + "  ".join(f"{r:.0f}/{p:.0f}" for r, p in zip(rss, peak, strict=True)))
            print(f"  max rss {max(rss):.0f} MB, max peak {max(peak):.0f} MB")
        finally:
            for peer in peers:
                peer.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=30)
    parser.add_argument("--tables", type=int, default=5)
    parser.add_argument("--plan-only", action="store_true")
    args = parser.parse_args()
    planning()
    if not args.plan_only:
        session_run(args.members, args.tables)


if __name__ == "__main__":
    main()
