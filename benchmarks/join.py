"""Where a join's time goes: a fresh node joins a session of N contributions by code.

    python benchmarks/join.py [--sizes 1000 5000] [--profile]

Both nodes in this process on loopback (no mDNS): the facilitator's node holds the session
(``benchmarks/ui.py``'s build, the group in Decide), the joiner's is fresh. Figures: the code
accepted (``Node.join`` returns: admission, and the joiner's admission folded), then every
record held and folded (same state hash). With ``--profile``, the loop thread's CPU by part
(decode, fold, store, gate, encode/send); signature checks run in a worker thread and are
measured apart, as the floor, in the same run.

7 December 2026, load ~4 on 2 shared cores, two runs: the node joins 1,000 in 0.5-0.7 s and 5,000
in 2.8-3.0 s (verify floor 0.2-0.3 / 1.0-1.3 s); ``Node.join`` returns only once the joiner's
admission is folded, and it sorts after the whole history, so "admitted" is "everything held".
Typed into the app: the session screen at 1.1-1.6 s / 3.0-3.3 s, drawn whole at 3.7-4.0 s (two
redraws). Linear in the records (5x for 5x); the loop's CPU at 5,000 is decode and shape checks
~1.2 s, fold ~0.8 s, durable store ~0.6 s, the UI ~0.6 s. The naive s10 pass's 10-16 s were the
same work at load ~13 with mDNS and the peer in another process.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.ui import build_session
from beraad.node import Node

PARTS = {
    "decode": ("from_dict",),
    "fold": ("extend", "try_append", "_apply"),
    "store": ("append_many", "append_many_aside"),
    "gate": ("offer",),
    "send": ("send", "encode", "canonical"),
}


async def one(size: int, profile: bool) -> dict[str, float]:
    from tests.ui.stored_app import store_session

    w = build_session(size)
    home = Path(tempfile.mkdtemp(prefix="join-anja"))
    store_session(w, home, language=None)
    anja = await Node.open(home, host="127.0.0.1", discovery=False)
    invitation = await anja.invite(w.session)
    cora = await Node.open(
        Path(tempfile.mkdtemp(prefix="join-cora")), host="127.0.0.1", discovery=False
    )
    started = time.perf_counter()
    profiler = cProfile.Profile() if profile else None
    if profiler:
        profiler.enable()
    await cora.join(invitation.code, address=anja.address)
    admitted = time.perf_counter() - started
    held = len(anja.records(w.session))  # a count: a state hash costs ~0.7 s at 5,000
    while len(cora.records(w.session)) < held:
        await asyncio.sleep(0.01)
    whole = time.perf_counter() - started
    if profiler:
        profiler.disable()
    records = len(cora.records(w.session))
    floor_started = time.perf_counter()
    for record in cora.records(w.session):
        record.verify()
    floor = time.perf_counter() - floor_started
    await cora.close()
    await anja.close()
    result = {"records": records, "admitted_s": admitted, "all_s": whole, "verify_floor_s": floor}
    if profiler:
        stats = pstats.Stats(profiler)
        for part, names in PARTS.items():
            result[f"cpu_{part}_s"] = sum(
                v[3]
                for (_f, _l, name), v in stats.stats.items()
                if name in names  # type: ignore[attr-defined]
            )
        stats.sort_stats("cumulative").print_stats(25)
    return result


async def in_app(size: int, profile: bool = False) -> dict[str, float]:
    """The same join typed into a real app (80x24): Ctrl+S to the session screen, to every
    record held, and to the screen drawn with all of it; the screen's redraws on the way."""
    from beraad.ui.screens.session import SessionScreen
    from tests.ui.session_people import screen_words
    from tests.ui.stored_app import loopback_app, store_session
    from tests.ui.test_session_flow import make_app

    w = build_session(size)
    home = Path(tempfile.mkdtemp(prefix="join-anja"))
    store_session(w, home, language=None)
    anja = await Node.open(home, host="127.0.0.1", discovery=False)
    invitation = await anja.invite(w.session)
    app = make_app(Path(tempfile.mkdtemp(prefix="join-cora")), "Cora")
    assert loopback_app
    result: dict[str, float] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        while app.bridge is None:
            await pilot.pause(0.02)
        await pilot.press("j")
        await pilot.pause(0.2)
        await pilot.press(*invitation.code.replace("-", " "), "tab", *anja.address)
        profiler = cProfile.Profile() if profile else None
        if profiler:
            profiler.enable()
        started = time.perf_counter()
        await pilot.press("ctrl+s")
        while not isinstance(app.screen, SessionScreen):
            await pilot.pause(0.01)
        result["session_screen_s"] = time.perf_counter() - started
        node = app.bridge.node
        held = len(anja.records(w.session))  # a count: a state hash costs ~0.7 s at 5,000
        while len(node.records(w.session)) < held:
            await pilot.pause(0.01)
        result["all_records_s"] = time.perf_counter() - started
        screen = app.screen
        while "Option 0" not in screen_words(app) or "Here:" not in screen_words(app):
            await pilot.pause(0.01)
        result["drawn_s"] = time.perf_counter() - started
        result["redraws"] = screen.redraws
        if profiler:
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(
                r"beraad/(ui|node|links|core/fold|store)", 30
            )
    await anja.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--app", action="store_true", help="typed into a real app")
    args = parser.parse_args()
    for size in args.sizes:
        run = in_app(size, args.profile) if args.app else one(size, args.profile)
        print(size, asyncio.run(run), flush=True)


if __name__ == "__main__":
    main()
