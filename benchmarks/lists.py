"""The lists of knots and positions as a session grows: first look, and one record arriving.

    python benchmarks/lists.py                  # 10 and 5,000 contributions, 80x24 and 200x50
    python benchmarks/lists.py --sizes 10,1000,5000 --records 20

The real view (``KnotsView``, ``PositionsView``) in a small app around it, on the real fold of
``benchmarks/ui.py``'s signed session (the group in the decide phase). Figures per view and
size: the first ``show`` (every row built) and its first frame; then records one by one (a
note on a position, an edit of a knot or position by its author, in turn), each ``show`` and
the frame after it (median and max); and the work counted: rows built and tree nodes added per
record, labels made in all. Times are CPU time of this process (``time.process_time``), so
other programs on a shared machine weigh less on them; each is printed with its ratio to the
smallest session of the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.ui import build_session  # noqa: E402
from beraad.core import session as bodies  # noqa: E402

BART = 1


async def measure(contributions: int, phase: str, size: tuple[int, int], records: int) -> dict:
    from beraad.core.state import SessionState
    from beraad.ui.phases.knots import KnotsView
    from beraad.ui.phases.positions import PositionsView
    from tests.ui.phases_app import PhaseApp

    w = build_session(contributions)
    state, me = w.fold.state, w.who[0].public_key
    view = (KnotsView if phase == "knots" else PositionsView)(w.session)
    app = PhaseApp(view, me, state=SessionState())  # an empty list, as before the first look
    members = {who.public_key: n for n, who in enumerate(w.who)}
    table = state.knots if phase == "knots" else state.positions
    edited = list(table.values())  # edited by their authors
    targets = list(state.positions)  # Bart notes on these
    out: dict[str, Any] = {}
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        started = time.process_time()
        view.show(state, me)
        drawn = time.process_time()
        await pilot.pause()
        out["first_show"] = (drawn - started) * 1000
        out["first_frame"] = (time.process_time() - drawn) * 1000
        view.tree.focus()
        await pilot.press("down", "down")
        cache, tree = getattr(view, "row_cache", None), view.tree
        counts = lambda: (  # noqa: E731
            getattr(cache, "built", 0),
            getattr(tree, "nodes_added", 0),
        )
        shows, frames, built, added = [], [], [], []
        for n in range(records):
            if n % 2 == 0:
                target = targets[-1 - (n // 2) % len(targets)]
                w.write(BART, "note.add", bodies.note_body(target, "knowledge", f"Note {n}"))
            else:
                item = edited[-1 - (n // 2) % len(edited)]
                body = bodies.edit_body(item.id, f"Edited {n}: more light")
                w.write(members[item.author], "edit", body)
            before = counts()
            started = time.process_time()
            view.show(state, me)
            drawn = time.process_time()
            await pilot.pause()
            shows.append((drawn - started) * 1000)
            frames.append((time.process_time() - drawn) * 1000)
            after = counts()
            built.append(after[0] - before[0])
            added.append(after[1] - before[1])
        out["record_show"] = statistics.median(shows)
        out["record_show_max"] = max(shows)
        out["record_frame"] = statistics.median(frames)
        out["rows_built"] = max(built)
        out["nodes_added"] = max(added)
        out["labels"] = getattr(cache, "labels", float("nan"))
        out["rows"] = tree.last_line + 1
    return out


ROWS = [
    ("rows in the list", "rows", "{:.0f}"),
    ("first look: show (ms)", "first_show", "{:.1f}"),
    ("first look: frame (ms)", "first_frame", "{:.1f}"),
    ("a record: show median (ms)", "record_show", "{:.1f}"),
    ("a record: show max (ms)", "record_show_max", "{:.1f}"),
    ("a record: frame median (ms)", "record_frame", "{:.1f}"),
    ("a record: rows built (max)", "rows_built", "{:.0f}"),
    ("a record: nodes added (max)", "nodes_added", "{:.0f}"),
    ("labels made in all", "labels", "{:.0f}"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,5000")
    parser.add_argument("--terminals", default="80x24,200x50")
    parser.add_argument("--records", type=int, default=12)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    for terminal in args.terminals.split(","):
        size = tuple(int(n) for n in terminal.split("x"))
        for phase in ("knots", "positions"):
            results = {
                n: asyncio.run(measure(n, phase, size, args.records))  # type: ignore[arg-type]
                for n in sizes
            }
            base = results[sizes[0]]
            print(f"\n{phase} at {terminal}  (CPU ms; ratio to {sizes[0]} contributions)")
            print(f"{'':30}" + "".join(f"{n:>17}" for n in sizes))
            for label, key, form in ROWS:
                cells = []
                for n in sizes:
                    value = results[n][key]
                    text = form.format(value)
                    if n == sizes[0] or key in ("rows", "labels", "rows_built", "nodes_added"):
                        cells.append(f"{text:>17}")
                    else:
                        ratio = value / base[key] if base[key] else float("nan")
                        cells.append(f"{text:>10} {ratio:>5.1f}x")
                print(f"{label:30}{''.join(cells)}")


if __name__ == "__main__":
    main()
