"""Sync figures: backfill against the signature-check floor, and live latency among 8 peers.

    python benchmarks/sync.py [--records 10000] [--peers 8] [--quick]

Backfill: a fresh peer joins a session holding N records and receives all of them over loopback,
encrypted (Noise) and fully verified (signature, chain, membership, durable store, fold). The
floor is merely verifying the same N Ed25519 signatures, measured in the same run; the target is
a ratio within 1.5×. Live: with P peers linked in a mesh on loopback, each new record's time
until every other peer has folded it; p50/p99 reported (target p99 < 100 ms).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from beraad.core.identity import verify_signature
from beraad.core.record import Record, sign_record
from beraad.core.replica import session_id_for
from beraad.events import RecordArrived
from beraad.identity_file import load_or_create
from beraad.node import Node, _open_body
from beraad.store import RecordStore


def make_session(data_dir: Path, count: int) -> tuple[str, list[Record]]:
    """Write a session of ``count`` ~500-byte records straight into a store (setup, untimed)."""
    identity = load_or_create(data_dir).identity
    nonce = secrets.token_hex(16)
    session = session_id_for(identity.public_key, nonce)
    body = {
        **_open_body(title="Benchmark", focus="How fast is backfill?", language="en"),
        "nonce": nonce,
    }
    records: list[Record] = []
    prev = None
    for seq in range(1, count + 1):
        if seq == 1:
            kind, content = "session.open", body
        elif seq == 2:
            kind, content = "phase.move", {"to": "knots", "proposal": None}
        else:
            kind, content = "knot.add", {"text": f"knot {seq}: " + "x" * 380}
        record = sign_record(
            identity,
            session=session,
            seq=seq,
            prev=prev,
            lamport=seq,
            at=1_700_000_000_000 + seq,
            kind=kind,
            body=content,
        )
        records.append(record)
        prev = record.id
    store = RecordStore.open(data_dir)
    store.append_many(records)
    store.set_session_local(session, {"group_key": secrets.token_bytes(32).hex()})
    store.close()
    return session, records


def verify_floor(records: list[Record]) -> float:
    pairs = [(r.author, r.unsigned_bytes(), bytes.fromhex(r.sig)) for r in records]
    start = time.perf_counter()
    for author, data, sig in pairs:
        assert verify_signature(author, data, sig)
    return time.perf_counter() - start


async def backfill(root: Path, count: int) -> None:
    """The holder is a real ``beraad keeper`` process: two peers are two machines."""
    session, records = make_session(root / "holder", count)
    floor = verify_floor(records)
    keeper = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "beraad",
            "--data-dir",
            str(root / "holder"),
            "keeper",
            "--host",
            "127.0.0.1",
            "--no-discovery",
            "--invite",
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "BERAAD_LANG": "en"},
    )
    try:
        port = code = None
        assert keeper.stdout is not None
        for line in keeper.stdout:
            if match := re.search(r"listening on port (\d+)", line):
                port = int(match.group(1))
            if match := re.search(r"join code for session \w+: (\S+)", line):
                code = match.group(1)
                break
        assert port and code, "the keeper did not start"
        fresh = await Node.open(root / "fresh", host="127.0.0.1", discovery=False)
        try:
            start = time.perf_counter()
            await fresh.join(code, address=f"127.0.0.1:{port}", timeout=60)
            await fresh.wait_for(lambda: len(fresh.records(session)) >= count + 2, 300)
            elapsed = time.perf_counter() - start
            refused = len(fresh._sessions[session].fold.rejected)
        finally:
            await fresh.close()
    finally:
        keeper.send_signal(signal.SIGTERM)
        keeper.wait(30)
    print(
        f"backfill: {count} records in {elapsed:.3f} s "
        f"({count / elapsed:,.0f} records/s) from a keeper process, {refused} refused by the fold"
    )
    print(f"floor: verifying {count} signatures alone took {floor:.3f} s")
    print(f"ratio backfill/floor: {elapsed / floor:.2f}x (target <= 1.5x)")


async def live(root: Path, peers: int, rounds: int) -> None:
    nodes = [
        await Node.open(root / f"p{i}", host="127.0.0.1", discovery=False) for i in range(peers)
    ]
    try:
        invitation = await nodes[0].create_session(title="Live", focus="How fast?")
        session = invitation.session
        for node in nodes[1:]:
            await node.join(invitation.code, address=nodes[0].address, timeout=30)
        await nodes[0].contribute(session, "phase.move", {"to": "knots", "proposal": None})
        for node in nodes:
            for other in nodes:
                if other is not node:
                    node.add_peer(other.address)
        total = len(nodes[0].records(session))
        for node in nodes:
            await node.wait_for(lambda n=node: len(n.records(session)) >= total, 30)
        arrivals: dict[str, list[float]] = {}
        for node in nodes:
            node.subscribe(
                lambda e: (
                    arrivals.setdefault(e.record.id, []).append(time.perf_counter())
                    if isinstance(e, RecordArrived) and not e.local
                    else None
                )
            )
        latencies: list[float] = []
        for index in range(rounds):
            writer = nodes[index % peers]
            start = time.perf_counter()
            record = await writer.contribute(session, "knot.add", {"text": f"live {index}"})
            await asyncio.wait_for(
                _until(lambda r=record: len(arrivals.get(r.id, [])) >= peers - 1), 30
            )
            latencies += [t - start for t in arrivals[record.id]]
    finally:
        for node in nodes:
            await node.close()
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    print(
        f"live: {peers} peers, {rounds} records, {len(latencies)} deliveries: "
        f"p50 {statistics.median(latencies) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms, "
        f"max {latencies[-1] * 1000:.1f} ms (target p99 < 100 ms)"
    )


async def _until(predicate) -> None:
    """Yield to the event loop until ``predicate`` holds (bounded by the caller's wait_for)."""
    while not predicate():
        await asyncio.sleep(0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--peers", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--quick", action="store_true", help="a small smoke run")
    args = parser.parse_args()
    if args.quick:
        args.records, args.peers, args.rounds = 300, 3, 5
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(backfill(Path(tmp), args.records))
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(live(Path(tmp), args.peers, args.rounds))


if __name__ == "__main__":
    main()
