"""Records due soon arriving while the pool of records held for their time is full.

    python benchmarks/future_pool.py            # a pool of 6,000, then 1,000 arrivals
    python benchmarks/future_pool.py 12000 2000

attack s18 #8: when the pool (``HELD_AHEAD_BYTES_PER_SESSION``) is full of records dated a day
ahead, each record due sooner makes room by dropping the one due last; finding it by sorting
the whole pool per arrival stalled a node's loop 2.6-3.9 s for 1,000 arrivals. Printed: the
arrivals' time into an empty pool (the baseline, same run) and into a full one, and the ratio.
Real signed records, the real ``Replica``; one offer per arriving record, as a link delivers
them when they come one by one.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from beraad.core import replica as gate  # noqa: E402
from tests.core.strategies import identity  # noqa: E402
from tests.core.test_replica_clock import NOW, _at  # noqa: E402
from tests.core.test_replica_limits import opened  # noqa: E402

PER_PUPPET = 100


def _chain(who, first_at: int, count: int) -> list:
    records, prev = [], None
    for i in range(count):
        record = _at(who, first_at + i, seq=i + 1, prev=prev)
        records.append(record)
        prev = record.id
    return records


def _arrivals(pool: int, arriving: int) -> float:
    puppets = [identity(10 + n) for n in range(max(1, pool // PER_PUPPET))]
    soon = identity(9)
    replica, _creator = opened(*puppets, soon)
    far = [r for who in puppets for r in _chain(who, NOW + 23 * 3_600_000, PER_PUPPET)]
    gate.HELD_AHEAD_BYTES_PER_SESSION = len(far) * gate.held_cost(far[0])
    if pool:
        replica.offer(far, now_ms=NOW)
    records = _chain(soon, NOW + 30_000, arriving)
    began = time.perf_counter()
    for record in records:
        replica.offer([record], now_ms=NOW)
    return time.perf_counter() - began


def main() -> None:
    pool = int(sys.argv[1]) if len(sys.argv) > 1 else 6_000
    arriving = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000
    empty = _arrivals(0, arriving)
    full = _arrivals(pool, arriving)
    print(f"{arriving} arrivals, one offer each, records due 30 s ahead")
    print(f"  into an empty pool (baseline): {empty:7.3f} s")
    print(f"  into a full pool of {pool}:    {full:7.3f} s   ({full / empty:.1f}x)")


if __name__ == "__main__":
    main()
