"""Refold figures: back-dated records sent one per frame over a real link (attacker finding 3).

    python benchmarks/refold.py [--records 6000] [--late 50]

A session holds N records; a member then sends L records whose lamport sorts near the start,
each in its own frame, over loopback (Noise, signature checks, store, fold: the real path).
Every such record makes the peer refold the whole session. Reported for the link gathering late
records (``beraad.links.LATE_GATHER_BYTES``) off — the baseline, each frame its own refold — and
on, in the same run: refolds, time until all are folded, and the longest the peer's event loop
was stalled (what a person at that peer feels as a freeze), plus the total stalled time.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from beraad import links
from beraad.core.identity import Identity
from beraad.core.record import Record, sign_record
from beraad.core.session import admit_body
from beraad.net.transport import connect
from beraad.node import Node


def chain(
    identity: Identity, session: str, lamports: list[int], text: str, pad: int = 0
) -> list[Record]:
    """One member's knots at these lamports, each signed after the one before (``pad`` more
    characters of text each, for records of a realistic size)."""
    records, prev = [], None
    for seq, lamport in enumerate(lamports, start=1):
        record = sign_record(
            identity,
            session=session,
            seq=seq,
            prev=prev,
            lamport=lamport,
            at=int(time.time() * 1000),
            kind="knot.add",
            body={"text": f"{text} {seq}" + (": " + "x" * pad if pad else "")},
        )
        records.append(record)
        prev = record.id
    return records


async def run(count: int, late_count: int, gather: bool) -> dict[str, float]:
    links.LATE_GATHER_BYTES = 32 * 1024 * 1024 if gather else 0
    with tempfile.TemporaryDirectory() as tmp:
        node = await Node.open(Path(tmp) / "anja", host="127.0.0.1", discovery=False)
        try:
            s = (await node.create_session(title="t", focus="f")).session
            writer, late = Identity.generate(), Identity.generate()
            await node.contribute(s, "member.admit", admit_body(writer.public_key, "Wim"))
            await node.contribute(s, "member.admit", admit_body(late.public_key, "Lot"))
            await node.contribute(s, "phase.move", {"to": "knots", "proposal": None})
            start = node._session(s).lamport
            held = list(range(start + 100, start + 100 + count))
            node.ingest(s, chain(writer, s, held, "k", pad=200))
            back_dated = chain(late, s, list(range(start + 1, start + 1 + late_count)), "old", 200)
            fold = node._session(s).fold
            refolds = fold.refolds

            stalls: list[float] = []
            ticking = True

            async def ticker() -> None:
                loop = asyncio.get_running_loop()
                last = loop.time()
                while ticking:
                    await asyncio.sleep(0.005)
                    now = loop.time()
                    stalls.append(max(0.0, now - last - 0.005))
                    last = now

            tick = asyncio.create_task(ticker())
            host, port = node.address.split(":")
            connection = await connect(
                host,
                int(port),
                session=s,
                group_key=node._session(s).group_key,
                identity=late,
                is_member=lambda key: True,
            )
            began = time.perf_counter()
            for record in back_dated:
                await connection.send({"t": "records", "records": [record.to_dict()]})
            while not all(node.holds(r.id) for r in back_dated):
                await asyncio.sleep(0.01)
            took = time.perf_counter() - began
            ticking = False
            await tick
            await connection.close()
            return {
                "refolds": node._session(s).fold.refolds - refolds,
                "took": took,
                "worst": max(stalls),
                "stalled": sum(s for s in stalls if s > 0.05),
            }
        finally:
            await node.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=6000)
    parser.add_argument("--late", type=int, default=50)
    args = parser.parse_args()
    print(f"{args.records} records held, {args.late} back-dated records, one per frame")
    figures = {}
    for gather in (False, True):
        figures[gather] = asyncio.run(run(args.records, args.late, gather))
        f = figures[gather]
        print(
            f"  gathering {'on ' if gather else 'off'}: {f['refolds']:3d} refolds, "
            f"all folded in {f['took']:.2f} s, loop stalled {f['stalled']:.2f} s in all, "
            f"worst stall {f['worst'] * 1000:.0f} ms"
        )
    off, on = figures[False], figures[True]
    print(
        f"  ratio on/off: refolds {on['refolds'] / off['refolds']:.2f}, "
        f"stalled time {on['stalled'] / max(off['stalled'], 1e-9):.2f}"
    )


if __name__ == "__main__":
    main()
