"""What reading "had the voter seen the close?" costs the fold (``core/seen_close.py``).

    python benchmarks/seen_close.py [--records 1250 2500 5000] [--members 65]

A session of ``--members`` members in Decide; a flood of ``--records`` votes, each listing as
seen the heads of all the others (65 members: 64 heads a record, the most a record may list),
then the facilitator closes voting. For
each size, in the same run: a full fold of the session with the rule and without it (the
fold's ``past`` unset: the rule before), and one vote, back-dated to the close's lamport by a
member who had seen it, arriving last. ``records read`` counts the closes looked at for a
verdict (``seen.Past.visits``), per record held: it must stay flat as the session grows.
``--back-dated``: every vote of the flood is at the lamport of a record it lists (the worst
case of the first reading, which walked such chains; now read like any other).

What a voter had seen is read from their own chain only (since fork8b, 6 Dec 2026): per
author and other author, the highest seq listed by each own seq, a bisection per close after
the vote. Measured on 6 Dec 2026, 22:15 UTC (2 cores shared with other work: figures move by
~50% between runs): closes read per record held 0.94-0.99 at 1,322 to 5,072 records, honest
or ``--back-dated``. Flat. Full fold with the rule against without: x1.07-1.15 honest,
x0.71-1.78 back-dated (noise of the shared machine). The late vote: 0.2-0.3 ms against
0.1-0.2 ms (no walk; the first reading's took 126 ms at 5,072 records).
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
from beraad.core.replica import session_id_for

MEMBERS = [Identity.from_seed(n.to_bytes(2, "big") * 16) for n in range(1, 66)]
NONCE = "5c" * 16


class Flood:
    """Signs records with correct seq, prev and lamport; each lists every other head."""

    def __init__(self) -> None:
        self.session = session_id_for(MEMBERS[0].public_key, NONCE)
        self.heads: dict[str, tuple[int, str]] = {}
        self.lamport = 0
        self.records: list[Record] = []

    def write(self, who: Identity, kind: str, body: dict, lamport: int | None = None) -> Record:
        seq, prev = self.heads.get(who.public_key, (0, None))
        seen = tuple(sorted((a, q, i) for a, (q, i) in self.heads.items() if a != who.public_key))
        if lamport is None:
            self.lamport += 1
        record = sign_record(
            who, session=self.session, seq=seq + 1, prev=prev,
            lamport=self.lamport if lamport is None else lamport,
            at=1_700_000_000_000 + self.lamport, kind=kind, body=body, seen=seen[:64],
        )  # fmt: skip
        self.heads[who.public_key] = (record.seq, record.id)
        self.records.append(record)
        return record


def flood(count: int, members: int, back_dated: bool) -> tuple[list[Record], Record]:
    """The session, the flood and the close; and a late vote back-dated to the close."""
    writer = Flood()
    chair = MEMBERS[0]
    body = model.open_body("t", "f", "blank", "en", "facilitator", "dots", nonce=NONCE)
    writer.write(chair, "session.open", body)
    for member in MEMBERS[1:members]:
        writer.write(chair, "member.admit", model.admit_body(member.public_key, "m"))
    for phase in ("knots", "positions", "criteria", "options"):
        writer.write(chair, "phase.move", model.move_body(phase))
    one = writer.write(chair, "option.add", model.option_body("one")).id
    writer.write(chair, "phase.move", model.move_body("decide"))
    for n in range(count):
        voter = MEMBERS[1 + n % (members - 1)]
        vote = model.dots_body({one: 1 + n % 3})
        if back_dated:  # at the lamport of the record before it, which it lists: a walk each
            writer.write(voter, "dots.place", vote, writer.lamport)
            writer.lamport += 1
        else:
            writer.write(voter, "dots.place", vote)
    close = writer.write(chair, "vote.close", model.close_body("dots.place"))
    late = writer.write(
        MEMBERS[members - 1], "dots.place", model.dots_body({one: 3}), close.lamport
    )
    return writer.records, late


def timed(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def fold_of(rule: bool) -> Fold:
    fold: Fold = Fold(DeliberationReducer())
    if not rule:
        fold.reducer.past = None  # the rule before: nothing read of what anyone had seen
    return fold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, nargs="+", default=[1250, 2500, 5000])
    parser.add_argument("--members", type=int, default=65, choices=range(2, 66))
    parser.add_argument(
        "--back-dated",
        action="store_true",
        help="each vote at the lamport of a record it lists: every vote is read by a walk",
    )
    args = parser.parse_args()
    print(
        f"{args.members} members, votes listing {args.members - 1} heads each, then a close;"
        " per size: without the rule / with it"
    )
    for count in args.records:
        records, late = flood(count, args.members, args.back_dated)
        held = records[:-1]
        row = []
        for rule in (False, True):
            fold = fold_of(rule)
            full = timed(lambda f=fold, h=held: f.extend(h))
            visits = fold.past.visits
            back = timed(lambda f=fold, r=late: f.add(r))
            row.append((full, back, visits, fold))
        (base_full, base_back, _v, _f), (full, back, visits, fold) = row
        print(
            f"{len(held):6} records  full fold {base_full * 1000:8.1f} / {full * 1000:8.1f} ms"
            f" (x{full / base_full:4.2f})  late vote {base_back * 1000:8.1f} /"
            f" {back * 1000:8.1f} ms (x{back / base_back:4.2f})"
            f"  records read per record held {visits / len(held):5.2f} (full fold),"
            f" {fold.past.visits / len(held):5.2f} (after the late vote)"
        )
        assert "had closed before" in fold.rejected[late.id]


if __name__ == "__main__":
    main()
