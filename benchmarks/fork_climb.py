"""A forker's climb: what ``--parts`` set-aside score parts of ~59 KB, each one lamport step
above the last, cost the peer they are sent to — memory, journal, reopening — and whether a
peer that joins afterwards reaches the same state.

    python benchmarks/fork_climb.py [--parts 1000]

Mallory, a member, forks and sends the parts over a real link on loopback (attack s12 #1). Each
run is its own process (RSS is the process's), twice: the baseline with the budget of set-aside
records per forker out of the way (as before 7 December 2026: every part that raised the mark
was kept, however many), then as shipped (``replica.ASIDE_BYTES_PER_FORKER``). Printed: RSS
after the parts and after reopening the data dir, journal bytes, reopen seconds, and how many of
the kept parts a peer that joins afterwards keeps, and whether it reaches the same state hash
(it keeps fewer: what it gets no longer raises its mark, so the 4 MiB budget holds; they count
for nothing in the fold either way). Measured on 7 Dec 2026 (2 shared cores, loaded), 600
parts: RSS 112 → 65 MB, journal 34.2 → 4.7 MB, reopen 4.34 → 0.47 s (166 → 65 MB), the late
peer at the same state hash both times; 2,000 parts with the attacker's ``forkflood.py``
(before: main before the fix, so with the hello's push too): peak RSS 267 → 118 MB, journal
116 → 4.8 MB, reopen 21.9 → 1.2 s (446 → 104 MB), a late peer took 0 of 2,002 in 30 s (its
link dropped on every hello) → 82 of 82 in 1.7 s.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from beraad.core import replica
from beraad.core.identity import Identity
from beraad.core.record import sign_record
from beraad.net.transport import connect
from beraad.node import Node

MALLORY = Identity.from_seed(b"\x4d" * 32)


def _rss_mb() -> int:
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmRSS:")[1].split()[0]) // 1024


def _fake(key: object) -> str:
    return hashlib.sha256(str(key).encode()).hexdigest()


def _part(session: str, seq: int, prev: str, lamport: int, i: int):
    sheet = {_fake(("o", i, r)): {_fake(("c", c)): i % 11 for c in range(60)} for r in range(14)}
    body = {"scores": sheet, "part": True}
    return sign_record(
        MALLORY, session=session, seq=seq, prev=prev, lamport=lamport, at=0,
        kind="score.set", body=body,
    )  # fmt: skip


async def one_run(root: Path, parts: int) -> dict[str, float]:
    from beraad.core import session as model

    anja = await Node.open(root / "anja", host="127.0.0.1", discovery=False)
    invitation = await anja.create_session(title="t", focus="f")
    session = invitation.session
    await anja.contribute(session, "member.admit", model.admit_body(MALLORY.public_key, "M"))
    await anja.contribute(session, "phase.move", model.move_body("knots"))
    held = anja._sessions[session]
    top = held.fold.top_lamport
    name = sign_record(
        MALLORY, session=session, seq=1, prev=None, lamport=top + 1, at=0,
        kind="member.name", body={"name": "M"},
    )  # fmt: skip
    one = _part(session, 2, name.id, top + 2, -1)
    two = _part(session, 2, name.id, top + 2, -2)
    connection = await connect(
        "127.0.0.1", anja.port, session=session, group_key=held.group_key,
        identity=MALLORY, is_member=lambda _key: True, name="M",
    )  # fmt: skip
    drain = asyncio.ensure_future(_drain(connection))
    await connection.send({"t": "hello", "frontier": {}, "name": "M"})
    for record in (name, one, two):
        await connection.send({"t": "records", "records": [record.to_dict()]})
    await anja.wait_for(lambda: bool(anja.set_aside(session)), 30)
    prev, batch, last = one.id, [], None
    for i in range(parts):
        last = _part(session, 3 + i, prev, top + 3 + i, i)
        prev = last.id
        batch.append(last.to_dict())
        if len(batch) == 20 or i == parts - 1:
            await connection.send({"t": "records", "records": batch})
            batch = []
    while held.replica.lamport < last.lamport:
        await asyncio.sleep(0.05)
    figures = {"rss": _rss_mb(), "kept": len(held.replica.aside())}
    drain.cancel()
    await connection.close()
    await anja.close()
    figures["journal"] = (root / "anja" / "store" / "records.jsonl").stat().st_size / 2**20
    started = time.perf_counter()
    anja = await Node.open(root / "anja", host="127.0.0.1", discovery=False)
    figures["reopen"] = time.perf_counter() - started
    figures["rss_reopened"] = _rss_mb()
    late = await Node.open(root / "late", host="127.0.0.1", discovery=False)
    try:
        fresh = await anja.invite(session)  # a code does not outlive its node
        await late.join(fresh.code, address=anja.address, timeout=60)
        deadline = time.perf_counter() + 60
        while time.perf_counter() < deadline:
            if late.state_hash(session) == anja.state_hash(session):
                break
            await asyncio.sleep(0.2)
        figures["late_agrees"] = late.state_hash(session) == anja.state_hash(session)
        figures["late_took"] = len(late._sessions[session].replica.aside())
    finally:
        await late.close()
        await anja.close()
    return figures


async def _drain(connection) -> None:
    with contextlib.suppress(Exception):
        async for _message in connection:
            pass


def child(parts: int, baseline: bool) -> None:
    if baseline:
        replica.ASIDE_BYTES_PER_FORKER = 1 << 60  # every part that raises the mark is kept
    with tempfile.TemporaryDirectory(prefix="beraad-climb-") as tmp:
        print(json.dumps(asyncio.run(one_run(Path(tmp), parts))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", type=int, default=1000)
    parser.add_argument("--child", choices=("baseline", "now"))
    args = parser.parse_args()
    if args.child:
        child(args.parts, args.child == "baseline")
        return
    runs = {}
    for which in ("baseline", "now"):
        out = subprocess.run(
            [sys.executable, __file__, "--parts", str(args.parts), "--child", which],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        runs[which] = json.loads(out.stdout.strip().splitlines()[-1])
        f = runs[which]
        print(
            f"{which:9} rss {f['rss']:5} MB  journal {f['journal']:7.1f} MB  kept {f['kept']:5}  "
            f"reopen {f['reopen']:6.2f} s ({f['rss_reopened']} MB)  late peer: same state "
            f"{f['late_agrees']}, keeps {f['late_took']}"
        )
    base, now = runs["baseline"], runs["now"]
    for key in ("rss", "journal", "reopen", "rss_reopened"):
        print(f"ratio {key} now / baseline: {now[key] / max(base[key], 1e-9):.2f}")


if __name__ == "__main__":
    main()
