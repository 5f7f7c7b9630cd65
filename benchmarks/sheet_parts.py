"""Memory a score-sheet part costs the fold: a 100x60 matrix session, then one member's parts.

    python benchmarks/sheet_parts.py            # 1,000 parts of 14 option rows each
    python benchmarks/sheet_parts.py --parts 3000 --rows 1

Five members in Decide with the UI's caps (100 options, 60 criteria), each member's whole sheet
cast as the app sends it; then Bart sends ``--parts`` more parts of ``--rows`` option rows (attack
s11 finding 2's flood, folded without a node). Printed: the bytes Python keeps per part
(tracemalloc, after a collection) beside the bytes the part's record itself takes
(``replica.held_cost``), and their ratio, measured in the same run: what the fold keeps beyond
the record is the vote log's and the current sheet's share.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.ui import MEMBERS, NONCE, Writer  # noqa: E402
from beraad.core import session as bodies  # noqa: E402
from beraad.core.replica import held_cost  # noqa: E402


def matrix(options: int = 100, criteria: int = 60) -> tuple[Writer, list[str], list[str]]:
    """The matrix session in Decide, every member's whole sheet cast."""
    w = Writer()
    w.write(0, "session.open", {**bodies.open_body("Speelplein", "?"), "nonce": NONCE})
    w.write(0, "member.name", bodies.name_body(MEMBERS[0]))
    for n in range(1, len(MEMBERS)):
        w.write(0, "member.admit", bodies.admit_body(w.who[n].public_key, MEMBERS[n]))
    for phase in ("knots", "positions", "criteria"):
        w.write(0, "phase.move", bodies.move_body(phase))
    crit = [w.write(i % 5, "criterion.add", bodies.text_body(f"C{i}")) for i in range(criteria)]
    w.write(0, "phase.move", bodies.move_body("options"))
    opts = [w.write(i % 5, "option.add", bodies.option_body(f"O{i}")) for i in range(options)]
    w.write(0, "phase.move", bodies.move_body("decide"))
    for n in range(len(MEMBERS)):
        sheet = {o: {c: (n + i + j) % 11 for j, c in enumerate(crit)} for i, o in enumerate(opts)}
        for body in bodies.scores_bodies(sheet):
            w.write(n, "score.set", body)
    return w, crit, opts


def measure(parts: int, rows: int) -> dict[str, float]:
    w, crit, opts = matrix()
    signed = []
    for i in range(parts):
        sheet = {
            opts[(i * rows + r) % len(opts)]: {c: (i + j) % 11 for j, c in enumerate(crit)}
            for r in range(rows)
        }
        signed.append(w.sign(1, "score.set", {"scores": sheet, "part": True}))
    record_bytes = sum(held_cost(r) for r in signed) / parts
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for record in signed:
        w.fold.add(record)
        assert record.id not in w.fold.rejected, w.fold.rejected[record.id]
    gc.collect()
    kept = (tracemalloc.get_traced_memory()[0] - before) / parts
    tracemalloc.stop()
    return {"kept": kept, "record": record_bytes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--parts", type=int, default=1000)
    parser.add_argument("--rows", type=int, default=14)
    args = parser.parse_args()
    got = measure(args.parts, args.rows)
    beyond = got["kept"]
    print(
        f"{args.parts} parts of {args.rows} rows: the fold keeps {beyond:,.0f} B per part "
        f"(x1,000: {beyond * 1000 / 2**20:.1f} MiB) beyond the records, which are "
        f"{got['record']:,.0f} B each in memory (held_cost; not counted above: signed first); "
        f"ratio {beyond / got['record']:.3f}"
    )


if __name__ == "__main__":
    main()
