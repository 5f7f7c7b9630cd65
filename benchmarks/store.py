"""Record store speed, each figure beside a baseline measured in the same run.

    python benchmarks/store.py           # the full run (10,000 records; about a minute)
    python benchmarks/store.py --quick   # a small smoke run

Figures: appending one record at a time, each durable (fdatasync) before the call returns,
first vs last stretch of the run (an append must not get slower as the store grows); the same
appends into TinyDB's default ``JSONStorage`` (which rewrites the whole file per insert and does
not even fsync); cold open of the store in a fresh process until ``records(session)`` returns,
with its peak RSS; one ``append_many`` of every record. Records are real: ~500-byte records
signed with ``sign_record`` by four authors, all signed before any timing starts.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tinydb import TinyDB, where  # noqa: E402
from tinydb.storages import JSONStorage  # noqa: E402

from beraad.core.identity import Identity  # noqa: E402
from beraad.core.record import Record, sign_record  # noqa: E402
from beraad.store import RecordStore  # noqa: E402

SESSION = "5e55105e55105e55105e55105e55105e"
AUTHORS = 4


def make_records(count: int) -> list[Record]:
    """Signed records of about 500 bytes, interleaved over four authors' chains."""
    identities = [Identity.from_seed(bytes([n + 1]) * 32) for n in range(AUTHORS)]
    prev: list[str | None] = [None] * AUTHORS
    records: list[Record] = []
    for n in range(count):
        who = n % AUTHORS
        record = sign_record(
            identities[who],
            session=SESSION,
            seq=n // AUTHORS + 1,
            prev=prev[who],
            lamport=n + 1,
            at=1_700_000_000_000 + n,
            kind="knot.add",
            body={"text": f"knot {n}: " + "overleg " * 8, "tags": ["tension", "question"]},
        )
        prev[who] = record.id
        records.append(record)
    return records


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cold_open(data_dir: str) -> None:
    """Child mode: open the store, return records(session), print timing and peak RSS as JSON."""
    started = time.perf_counter()
    store = RecordStore.open(Path(data_dir))
    records = store.records(SESSION)
    elapsed = time.perf_counter() - started
    print(json.dumps({"seconds": elapsed, "records": len(records), "rss_mb": rss_mb()}))
    store.close()


def cold_open_tinydb(path: str) -> None:
    """Child mode, baseline: TinyDB JSONStorage opening the same records and finding a session."""
    started = time.perf_counter()
    db = TinyDB(path, storage=JSONStorage)
    documents = db.search(where("session") == SESSION)
    elapsed = time.perf_counter() - started
    print(json.dumps({"seconds": elapsed, "records": len(documents), "rss_mb": rss_mb()}))
    db.close()


def child(*args: str) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def run(count: int, baseline_count: int) -> None:
    window = max(count // 10, 1)
    print(f"store benchmark: {count} records, JSONStorage baseline on {baseline_count}")
    signing = time.perf_counter()
    records = make_records(count)
    size = sum(len(record.to_bytes()) for record in records) / count
    print(f"signed {count} records in {time.perf_counter() - signing:.2f} s (not timed below);")
    print(f"  mean canonical size {size:.0f} bytes")

    with tempfile.TemporaryDirectory(prefix="beraad-bench-") as tmp:
        base = Path(tmp)

        # 0. Baseline for the disk itself: the same bytes, bare pwrite + fdatasync per record.
        bare_fd = os.open(base / "bare.jsonl", os.O_WRONLY | os.O_CREAT, 0o600)
        lines = [record.to_bytes() + b"\n" for record in records]
        offset = 0
        started = time.perf_counter()
        for line in lines:
            os.pwrite(bare_fd, line, offset)
            os.fdatasync(bare_fd)
            offset += len(line)
        bare = time.perf_counter() - started
        os.close(bare_fd)
        print(
            f"baseline bare pwrite + fdatasync of the same {count} lines: {bare:.2f} s, "
            f"{bare / count * 1e6:.0f} µs each (what this disk allows)"
        )

        # 1. One durable append at a time.
        times: list[float] = []
        with RecordStore.open(base / "one") as store:
            clock = time.perf_counter
            for record in records:
                started = clock()
                store.append(record)
                times.append(clock() - started)
        total = sum(times)
        first = sum(times[:window])
        last = sum(times[-window:])
        print(
            f"append  {count} one at a time, fdatasync each: {total:.2f} s in all, "
            f"{total / count * 1e6:.0f} µs per append (target: 10,000 under 3 s)"
        )
        print(f"ratio   last {window} / first {window} appends: {last / first:.2f} (target ≤ 1.5)")
        print(f"ratio   store append vs bare pwrite + fdatasync: {total / bare:.2f}")

        # 2. Baseline: TinyDB's default JSONStorage, one insert per record.
        json_path = base / "tinydb.json"
        base_times: list[float] = []
        with TinyDB(json_path, storage=JSONStorage) as db:
            for record in records[:baseline_count]:
                document = record.to_dict()
                started = time.perf_counter()
                db.insert(document)
                base_times.append(time.perf_counter() - started)
        tail = max(baseline_count // 20, 1)
        theirs = sum(base_times[-tail:]) / tail
        ours = sum(times[baseline_count - tail : baseline_count]) / tail
        print(
            f"baseline TinyDB JSONStorage, {baseline_count} inserts (no fsync): "
            f"{sum(base_times):.2f} s in all; at {baseline_count} records "
            f"{theirs * 1e3:.2f} ms per insert vs ours {ours * 1e3:.3f} ms (with fsync)"
        )
        print(
            f"ratio   speed-up per append at {baseline_count} records vs JSONStorage: "
            f"{theirs / ours:.1f}x (target > 20x)"
        )

        # 3. Cold open in a fresh process, until records(session) has returned.
        opened = child("--cold-open", str(base / "one"))
        full_json = base / "tinydb-full.json"
        with TinyDB(full_json, storage=JSONStorage) as db:
            db.insert_multiple(record.to_dict() for record in records)
        baseline_open = child("--cold-open-tinydb", str(full_json))
        print(
            f"open    cold open of {opened['records']:.0f} records, ready to fold: "
            f"{opened['seconds']:.3f} s (target < 0.5 s), peak RSS {opened['rss_mb']:.0f} MB"
        )
        print(
            f"baseline TinyDB JSONStorage open + search of the same records: "
            f"{baseline_open['seconds']:.3f} s, peak RSS {baseline_open['rss_mb']:.0f} MB"
        )
        print(
            f"ratio   cold open vs JSONStorage open (which checks nothing): "
            f"{opened['seconds'] / baseline_open['seconds']:.2f}"
        )

        # 4. One batch of received records, one fsync.
        with RecordStore.open(base / "batch") as store:
            started = time.perf_counter()
            stored = store.append_many(records)
            batch = time.perf_counter() - started
        assert len(stored) == count
        print(f"batch   append_many of {count} records: {batch:.3f} s (target: 10,000 under 1 s)")
        print(f"ratio   batch vs one at a time: {total / batch:.1f}x faster")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small smoke run")
    parser.add_argument("--cold-open", metavar="DIR", help=argparse.SUPPRESS)
    parser.add_argument("--cold-open-tinydb", metavar="FILE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cold_open:
        cold_open(args.cold_open)
    elif args.cold_open_tinydb:
        cold_open_tinydb(args.cold_open_tinydb)
    elif args.quick:
        run(400, 200)
    else:
        run(10_000, 2_000)


if __name__ == "__main__":
    main()
