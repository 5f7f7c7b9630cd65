"""What the fork rule costs the fold: a session with a forker against the same without.

    python benchmarks/fork_fold.py [--records 6000] [--live 500]

A session of ``--records`` notes by four members (real signed records, the real reducer). Then
one member forks an early record: the fold sets aside their records from there on, and still
counts those another member's record names (``core/forks.py``: one pass over every record not
set aside, collecting the ids their bodies name). Reported in the same run, each against its
baseline without a fork: a full fold of the session, the fold learning of the fork (the pass and
one refold), and ``--live`` records appended one by one afterwards (each checked against the
set-aside records: what a session with a forker pays per record from then on). Learning of
the fork is set against one refold of the session without a fork. ``--seen``: the records list
the heads they had seen (``core/seen.py``), and the others go on listing the forker's records
past the fork (as if none of them had learnt of it: every live record reaches set-aside ones,
the worst case for the walk over them).
Measured on 6 Dec 2026, late evening, after records list what they had seen (2 cores shared,
noisy): without ``--seen`` per live record 0.020–0.071 ms with a forker against 0.034–0.075 ms
for the rule before in runs beside it; with ``--seen`` (every live record reaching the forker's
set-aside records) 0.086 ms at 1,500 records held and 0.079 ms at 6,000: flat in the session's
size. (A first cut looked over every set-aside and every kept record per record: 0.16–0.29 ms
at 3,000 and growing with them.)
Measured on 6 Dec 2026 (--records 3000 --live 300, 2 cores shared with other work, so figures
move by ~30% between runs): full fold 225 vs 226 ms, learning of the fork 155 ms against a
refold's 169 ms, per live record 0.040 vs 0.063 ms (1.55; 23.6 before the set-aside records
looked at again were narrowed to those a new record can change). Again on 6 Dec 2026 evening,
after the rule became a function of the records held (puppets, any namer; same flags, same
machine, three runs): per live record 0.055–0.072 ms with a forker against 0.054–0.073 ms for
the rule before, in runs beside each other; full fold and learning of the fork as noisy as
above, within the spread of the runs before.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from beraad.core import session as model
from beraad.core.deliberation import DeliberationReducer
from beraad.core.fold import Fold
from beraad.core.identity import Identity
from beraad.core.record import Record, sign_record
from tests.core.writer import SessionWriter

MEMBERS = [Identity.from_seed(bytes([n]) * 32) for n in range(1, 5)]


def session(
    count: int, live: int, seen: bool = False
) -> tuple[SessionWriter, list[Record], Record]:
    writer = SessionWriter(MEMBERS[0], "cd" * 16, seeing=seen)
    body = model.open_body("t", "f", "blank", "en", "facilitator", "consent", nonce="cd" * 16)
    writer.write(MEMBERS[0], "session.open", body)
    for member in MEMBERS[1:]:
        writer.write(MEMBERS[0], "member.admit", model.admit_body(member.public_key, "m"))
    writer.write(MEMBERS[0], "phase.move", model.move_body("knots"))
    for n in range(count + live):
        note = {"target": None, "type": "experience", "text": f"note {n} " + "x" * 80}
        writer.write(MEMBERS[n % len(MEMBERS)], "note.add", note)
    forker = MEMBERS[1]
    early = next(r for r in writer.records if r.author == forker.public_key and r.seq == 3)
    fork = sign_record(
        forker, session=writer.session, seq=early.seq, prev=early.prev, lamport=early.lamport,
        at=early.at, kind="note.add", body={"target": None, "type": "experience", "text": "b"},
    )  # fmt: skip
    return writer, writer.records, fork


def timed(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=6000)
    parser.add_argument("--live", type=int, default=500)
    parser.add_argument(
        "--seen", action="store_true", help="records list the heads they had seen (seen.py)"
    )
    args = parser.parse_args()
    _writer, records, fork = session(args.records, args.live, args.seen)
    held, live = records[: -args.live], records[-args.live :]
    forker = fork.author
    figures = {}
    for forked in (False, True):
        fold: Fold = Fold(DeliberationReducer())
        full = timed(lambda f=fold: f.extend(held))
        if forked:  # against one refold of the same session (what a fork costs at least)
            learn = timed(lambda f=fold: f.set_aside_forks({forker: fork.seq}))
        else:
            learn = timed(fold.refold)
        if forked:
            fold.extend([fork])

        def append(f: Fold = fold) -> None:
            for record in live:
                f.add(record)

        figures[forked] = (full, learn, timed(append) / len(live))
    heads = ", records list what they had seen" if args.seen else ""
    print(
        f"{args.records} records held, {args.live} appended one by one, one member forks seq 3"
        + heads
    )
    rows = (("full fold", 0), ("learning of the fork", 1), ("per live record", 2))
    for label, index in rows:
        base, with_fork = figures[False][index], figures[True][index]
        ratio = with_fork / base if base > 1e-6 else float("nan")
        print(
            f"{label:<22} without {base * 1000:9.3f} ms  with a forker {with_fork * 1000:9.3f} ms"
            f"  ratio {ratio:6.2f}"
        )


if __name__ == "__main__":
    main()
