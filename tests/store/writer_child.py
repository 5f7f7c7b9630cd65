"""A writer for the kill -9 test: appends forever, printing what each call confirmed.

Usage: ``python writer_child.py DATA_DIR SEED``. Prints ``ready`` once open, then for every
record a returned ``append``/``append_many`` stored: ``R <id>``; for a returned
``set_session_local``: ``L <session> <count>``; after a returned ``compact``: ``C``. Each line
is flushed before the next write starts, so the parent knows exactly what was confirmed.
``B`` announces a big batch (hundreds of kB in one write), already signed, about to be written:
a parent that kills right then is likely to tear the write.

Records are deterministic in (session, seq): a record that reached the disk but was never
confirmed is regenerated identically after the restart, never as a fork.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from beraad.core.identity import Identity
from beraad.core.record import Record, sign_record
from beraad.store import RecordStore

SESSIONS = ("0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210")
WRITER = Identity.from_seed(b"\x07" * 32)


def next_record(store_tail: dict[str, Record | None], session: str, big: bool = False) -> Record:
    tail = store_tail[session]
    seq = tail.seq + 1 if tail else 1
    made = sign_record(
        WRITER,
        session=session,
        seq=seq,
        prev=tail.id if tail else None,
        lamport=seq,
        at=1_700_000_000_000 + seq,
        kind="note.add",
        body={"n": seq, "text": "a contribution of some length " * (2000 if big else 12)},
    )
    store_tail[session] = made
    return made


def main() -> None:
    data_dir, seed = Path(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    store = RecordStore.open(data_dir)
    tails: dict[str, Record | None] = {}
    counts: dict[str, int] = {}
    for session in SESSIONS:
        chain = store.chain(session, WRITER.public_key)
        tails[session] = chain[-1] if chain else None
        counts[session] = store.session_local(session).get("count", 0)
    out = sys.stdout
    out.write("ready\n")
    out.flush()
    while True:
        roll = rng.random()
        if roll < 0.55:
            made = next_record(tails, rng.choice(SESSIONS))
            if store.append(made):
                out.write(f"R {made.id}\n")
        elif roll < 0.85:
            size = rng.choice((2, 5, 20))
            batch = [next_record(tails, rng.choice(SESSIONS)) for _ in range(size)]
            stored = store.append_many(batch)
            out.write("".join(f"R {made.id}\n" for made in stored))
        elif roll < 0.93:
            batch = [next_record(tails, rng.choice(SESSIONS), big=True) for _ in range(8)]
            out.write("B\n")
            out.flush()
            stored = store.append_many(batch)
            out.write("".join(f"R {made.id}\n" for made in stored))
        elif roll < 0.98:
            session = rng.choice(SESSIONS)
            counts[session] += 1
            store.set_session_local(session, {"count": counts[session]})
            out.write(f"L {session} {counts[session]}\n")
        else:
            store.compact()
            out.write("C\n")
        out.flush()


if __name__ == "__main__":
    main()
