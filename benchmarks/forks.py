"""Fork proofs: what a ladder of lower and lower proofs costs a peer, against one proof.

    python benchmarks/forks.py [--rungs 200] [--notes 2000]

A session holds ``--notes`` knots of the facilitator (what a refold must go through) and a
chain of ``--rungs + 1`` notes of Mallory, a member. Mallory then sends, over a real link on
loopback, a second record at seq N+1, N, … 2 (signed one after another: lamports past
everything held, so they do not sort into the past): each proves a fork one lower than the last.
Timed until the receiving peer has set aside everything from seq 2 on, three ways, each on a
fresh data dir: the baseline is ONE proof (at seq 2, the same end state); then the ladder sent
one message per proof, then the ladder in one message. Before, each proof cost its own
``fdatasync`` on the event loop and its own refold (about 16 s for 200); the target is a
ladder within a few times the baseline. Writes and refolds are printed beside the times.
Measured on 6 Dec 2026 with --notes 2000 (2 shared cores): before, one by one 24.3 s (200
writes, 200 refolds; one proof 74 ms); after, 0.33 s (2 writes, 2 refolds; one proof 94 ms).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from beraad.core import session as model
from beraad.core.identity import Identity
from beraad.core.record import Record, sign_record
from beraad.net.transport import connect
from beraad.node import Node

MALLORY = Identity.from_seed(b"\x4d" * 32)


def _note(session: str, seq: int, prev: str | None, lamport: int, text: str) -> Record:
    body = {"target": None, "type": "experience", "text": text}
    return sign_record(
        MALLORY, session=session, seq=seq, prev=prev, lamport=lamport, at=0,
        kind="note.add", body=body,
    )  # fmt: skip


async def run(root: Path, rungs: int, notes: int, how: str) -> tuple[float, int, int]:
    """One receiving peer, one way of sending: (seconds, writes, refolds) for the proofs."""
    anja = await Node.open(root / "anja", host="127.0.0.1", discovery=False)
    connection = None
    try:
        invitation = await anja.create_session(title="t", focus="f")
        session = invitation.session
        await anja.contribute(session, "member.admit", model.admit_body(MALLORY.public_key, "M"))
        await anja.contribute(session, "phase.move", model.move_body("knots"))
        for index in range(notes):
            await anja.contribute(session, "knot.add", {"text": f"knot {index}"})
        top = max(r.lamport for r in anja.records(session))
        chain: list[Record] = []
        for seq in range(1, rungs + 2):
            chain.append(_note(session, seq, chain[-1].id if chain else None, top + seq, "n"))
        connection = await connect(
            "127.0.0.1", anja.port, session=session, group_key=anja._sessions[session].group_key,
            identity=MALLORY, is_member=lambda _key: True, name="M",
        )  # fmt: skip
        drain = asyncio.ensure_future(_drain(connection))
        await connection.send({"t": "hello", "frontier": {}, "name": "M"})
        await connection.send({"t": "records", "records": [r.to_dict() for r in chain]})
        await anja.wait_for(lambda: anja.holds(chain[-1].id), timeout=120)
        seqs = [2] if how == "one proof" else list(range(rungs + 1, 1, -1))
        # Signed one after another, as a forker would: lamports past everything held.
        proofs = [
            _note(session, s, chain[s - 2].id, top + rungs + 10 + n, "other")
            for n, s in enumerate(seqs)
        ]
        fold = anja._sessions[session].fold
        syncs, refolds = anja.store.syncs, fold.refolds
        started = time.perf_counter()
        if how == "one message":
            await connection.send({"t": "records", "records": [p.to_dict() for p in proofs]})
        else:
            for proof in proofs:
                await connection.send({"t": "records", "records": [proof.to_dict()]})
        await anja.wait_for(lambda: anja.set_aside(session) == {MALLORY.public_key: 2}, 600)
        spent = time.perf_counter() - started
        drain.cancel()
        return spent, anja.store.syncs - syncs, fold.refolds - refolds
    finally:
        if connection is not None:
            await connection.close()
        await anja.close()


async def _drain(connection) -> None:
    with contextlib.suppress(Exception):
        async for _message in connection:
            pass


async def main_async(rungs: int, notes: int) -> None:
    figures = {}
    for how in ("one proof", "one by one", "one message"):
        with tempfile.TemporaryDirectory(prefix="beraad-forks-") as tmp:
            figures[how] = await run(Path(tmp), rungs, notes, how)
        spent, writes, refolds = figures[how]
        label = how if how == "one proof" else f"ladder of {rungs}, {how}"
        print(f"{label:32} {spent * 1000:8.1f} ms  writes {writes:4}  refolds {refolds:4}")
    base = figures["one proof"][0]
    for how in ("one by one", "one message"):
        print(f"ratio ladder ({how}) vs one proof: {figures[how][0] / base:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rungs", type=int, default=200)
    parser.add_argument("--notes", type=int, default=2000)
    args = parser.parse_args()
    asyncio.run(main_async(args.rungs, args.notes))


if __name__ == "__main__":
    main()
