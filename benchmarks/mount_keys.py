"""Keys pressed while the views not looked at mount behind the session screen (issue 15).

    python benchmarks/mount_keys.py                  # 10 and 5,000 contributions at 200x50
    python benchmarks/mount_keys.py --sizes 5000 --size 80x24 --gap 0.2

The session screen mounts the other phases' views behind it once the screen is still, one per
quiet moment (``ui/screens/session_rest.py``), so that F3/F4 find them ready. No key may queue
behind that work for long: here a person starts moving in the ballot (↓ ↑) as soon as the screen
has opened, a key every ``--gap`` seconds (a slow typist, or one who stops to think: the
pauses the mounting waits for), and each key's time to the frame that shows it is taken.
The same run is made with nothing mounting behind (the views held back), so each figure has its
baseline measured in the same process and minutes. Real app, real store, headless (Pilot).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

KEYS = 24


async def typing(contributions: int, size: tuple[int, int], gap: float, behind: bool) -> dict:
    from benchmarks.ui import Probe, built_apart, no_blink, pen, until
    from beraad.ui.screens import session_rest
    from beraad.ui.screens.session import SessionScreen
    from beraad.ui.widgets.vote_grid import VoteGrid
    from tests.ui.stored_app import loopback_app

    no_blink()
    if not behind:
        session_rest.MOUNT_REST_AFTER = 600.0  # nothing mounts behind: the baseline
    home, written = built_apart(contributions, "beraad-mount-keys-")
    w = pen(written)
    app = loopback_app(home)
    async with app.run_test(size=size):
        probe = Probe(app)
        await until(lambda: app.bridge is not None)
        await probe.quiet()
        app.open_session(w.session)

        def opened() -> bool:
            screen = app.screen
            return isinstance(screen, SessionScreen) and screen.focused is not None

        await probe.settled(opened, time.perf_counter())
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        # The ballot (the group decides under the matrix rule) has the keys: ↓ ↑ move its
        # cursor, each painted in a frame (``benchmarks/ui.py``'s decide key).
        grid = screen.view("decide").query_one("#ballot", VoteGrid)
        screen.set_focus(grid)
        await probe.quiet()
        latencies = []
        mounted_while = 0
        for n in range(KEYS):
            key = ("down", "up")[n % 2]
            row = grid.cursor_coordinate.row + (1 if key == "down" else -1)
            before = len(screen.views())
            latencies.append(
                await probe.painted(
                    lambda row=row: grid.cursor_coordinate.row == row, probe.press(key)
                )
            )
            mounted_while += len(screen.views()) != before
            await asyncio.sleep(gap)
        return {
            "median": statistics.median(latencies),
            "p90": sorted(latencies)[int(0.9 * len(latencies))],
            "max": max(latencies),
            "views_mounted": len(screen.views()),
            "keys_during_a_mount": mounted_while,
        }


def child(contributions: int, size: str, gap: float, behind: bool) -> None:
    columns, rows = (int(n) for n in size.split("x"))
    print(json.dumps(asyncio.run(typing(contributions, (columns, rows), gap, behind))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,5000")
    parser.add_argument("--size", default="200x50")
    parser.add_argument("--gap", type=float, default=0.25, help="seconds between two keys")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        contributions, size, gap, behind = args.child
        child(int(contributions), size, float(gap), behind == "1")
        return
    runs: dict[tuple[int, bool], list[dict[str, Any]]] = {}
    for _ in range(args.repeat):
        for contributions in (int(s) for s in args.sizes.split(",")):
            for behind in (False, True):  # interleaved: load drift hits both alike
                mode = "1" if behind else "0"
                done = subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--child",
                        str(contributions),
                        args.size,
                        str(args.gap),
                        mode,
                    ],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                figures = json.loads(done.stdout.strip().splitlines()[-1])
                runs.setdefault((contributions, behind), []).append(figures)
    print(f"key -> its frame (ms), {KEYS} keys {args.gap} s apart, {args.size}")
    for (contributions, behind), figures in sorted(runs.items()):
        name = "views mounting behind" if behind else "nothing behind (base)"
        cells = []
        for key in ("median", "p90", "max"):
            values = [f[key] * 1000 for f in figures]
            base = [f[key] * 1000 for f in runs[(contributions, False)]]
            ratio = statistics.median(values) / statistics.median(base)
            cells.append(f"{key} {statistics.median(values):6.1f} ({ratio:.1f}x)")
        during = [f["keys_during_a_mount"] for f in figures]
        print(f"{contributions:>5}  {name:<24} " + "  ".join(cells) + f"  keys/mount {during}")


if __name__ == "__main__":
    main()
