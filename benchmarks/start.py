"""From process start to the lobby, and from the lobby's Enter to the session: by session size.

    python benchmarks/start.py                       # 10, 1,000 and 5,000 contributions, 5 rounds
    python benchmarks/start.py --sizes 10,5000 --rounds 7 --against /tmp/main-copy

The real ``beraad`` command (``python -m beraad``, the console script's ``main``) in a real
terminal (tmux, 80x24), on the sessions ``ui.py --build`` writes. The shell in the pane waits
for a file; the clock starts when the file is made, so what is timed is the process itself:
the interpreter, the imports, opening the store, the node and the first frames. The pane is
read through one tmux control-mode client (as ``tmux_ui.py`` does) every few milliseconds:

- lobby frame: the lobby's first frame is on the pane (its "Deliberations nearby" title);
- lobby listed: the session's title is in "My deliberations" (what a person waits for);
- node open: the lobby says "Online" (the node read the journal and folded every session);
- lobby still: the last change before the pane stood still ``STILL`` with the node open;
- Enter → session: Enter on the session once the node is open, until "Here:" shows, and
  until the pane stood still.

Sizes run interleaved (10, 1,000, 5,000, 10, …) and each figure is a median over the rounds,
printed with its ratio to the 10-contribution session of the same run; with ``--against``,
another checkout's beraad (``git archive main | tar -x -C DIR``) runs just before each run, so
before and after are measured in the same minutes. The machine is shared: compare ratios.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.tmux_ui import Pane  # noqa: E402
from tests.ui.tmux import Tmux, clean_env  # noqa: E402

BUILDER = ROOT / "benchmarks" / "ui.py"
TITLE = "Speelplein"
LOBBY = "Deliberations nearby"
HERE = "Here:"
ONLINE = "Online"
#: The pane unchanged this long: what was started is drawn.
STILL = 0.5
INTERVAL = 0.004
TIMEOUT = 120.0


def build(contributions: int, into: Path) -> Path:
    home = into / f"s{contributions}"
    subprocess.run(
        [sys.executable, str(BUILDER), "--build", str(contributions), str(home)],
        check=True,
        capture_output=True,
    )
    return home


def _until(pane: Pane, wanted: str, since: float) -> float:
    deadline = time.perf_counter() + TIMEOUT
    while time.perf_counter() < deadline:
        if wanted.encode() in pane.read():
            return time.perf_counter() - since
        time.sleep(INTERVAL)
    raise TimeoutError(f"{wanted!r} never showed")


def _starting(pane: Pane, start: float) -> dict[str, float]:
    """Seconds from ``start`` until the lobby's frame, its row, "Online", and the last change
    before the pane stood still ``STILL`` with the node open."""
    seen: dict[str, float] = {}
    last, changed = b"", start
    deadline = start + TIMEOUT
    while time.perf_counter() < deadline:
        screen = pane.read()
        now = time.perf_counter()
        if screen != last:
            last, changed = screen, now
            for name in (LOBBY, TITLE, ONLINE):
                if name.encode() in screen:
                    seen.setdefault(name, now - start)
        elif ONLINE in seen and TITLE in seen and now - changed >= STILL:
            return {**seen, "still": changed - start}
        time.sleep(INTERVAL)
    raise TimeoutError(f"the lobby never stood still with the node open: {sorted(seen)}")


def _still(pane: Pane, since: float) -> float:
    """Seconds from ``since`` to the pane's last change before it stood still ``STILL``."""
    last, changed = pane.read(), time.perf_counter()
    while time.perf_counter() - changed < STILL:
        time.sleep(INTERVAL)
        screen = pane.read()
        if screen != last:
            last, changed = screen, time.perf_counter()
    return changed - since


def run(home: Path, checkout: Path) -> dict[str, float]:
    """One start of beraad on ``home`` (the code of ``checkout``): its figures in seconds."""
    go = home / "go"
    go.unlink(missing_ok=True)
    command = [sys.executable, "-m", "beraad", "--data-dir", str(home), "--lang", "en"]
    command += ["--host", "127.0.0.1", "--no-discovery"]
    # From the data dir: ``-m`` puts the working directory first on the path, before the
    # checkout named in PYTHONPATH.
    wait = f"cd {home}; while [ ! -e {go} ]; do sleep 0.002; done; exec env -u COLUMNS -u LINES"
    with Tmux(80, 24) as term:
        term.start(
            ["sh", "-c", f'{wait} "$@"', "beraad", *command],
            env=clean_env(PYTHONPATH=str(checkout)),
        )
        pane = Pane(term)
        try:
            go.touch()
            start = time.perf_counter()
            seen = _starting(pane, start)
            pane.send("Enter")
            enter = time.perf_counter()
            here = _until(pane, HERE, enter)
            opened = _still(pane, enter)
            pane.send("C-q")
        finally:
            pane.close()
    return {
        "start → lobby frame (s)": seen[LOBBY],
        "start → lobby lists the session (s)": seen[TITLE],
        "start → node open, 'Online' (s)": seen[ONLINE],
        "start → lobby still, node open (s)": seen["still"],
        "Enter → session 'Here:' (s)": here,
        "Enter → session still (s)": opened,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10,1000,5000")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--against", type=Path, metavar="CHECKOUT")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    checkouts = {"this": ROOT}
    if args.against is not None:
        checkouts = {"against": args.against.resolve(), **checkouts}
    with tempfile.TemporaryDirectory(prefix="beraad-start-bench-") as tmp:
        homes = {size: build(size, Path(tmp)) for size in sizes}
        for checkout in checkouts.values():  # compiled, and the lobby's rows kept, once
            for home in homes.values():
                run(home, checkout)
        seen: dict[tuple[str, int], list[dict[str, float]]] = {}
        for _round in range(args.rounds):
            for size in sizes:
                for name, checkout in checkouts.items():
                    seen.setdefault((name, size), []).append(run(homes[size], checkout))
    for name in checkouts:
        print(f"{name} ({checkouts[name]}), median of {args.rounds}, 80x24:")
        first = seen[(name, sizes[0])]
        base = {key: statistics.median(r[key] for r in first) for key in first[0]}
        for size in sizes:
            runs = seen[(name, size)]
            for key in runs[0]:
                value = statistics.median(r[key] for r in runs)
                print(f"  {size:>5}  {key:<38} {value:6.2f}  ({value / base[key]:.2f}x)")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
