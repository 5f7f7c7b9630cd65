"""The screens as a person sees them: the real ``beraad`` command in tmux, as issue 15 measured.

    python benchmarks/tmux_ui.py                      # 10 and 5,000 contributions, 80x24 and 200x50
    python benchmarks/tmux_ui.py --sizes 10,1000 --terminals 200x50

``benchmarks/ui.py`` drives the app headless through Pilot; this drives the installed command in
a real terminal (tmux), so what the terminal is sent — and drawn — is in the figure too. Each
session is the same generated one (``ui.py --build``), opened from the lobby by Enter. A figure
is the time from the key sent to the last change of the pane before it was still for
``STILL`` seconds (the pane is read with its colours, so a focus that moves counts), printed
beside the 10-contribution session of the same run. The pane is polled, so every figure
carries a few milliseconds of tmux's own time — the same at every size.
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

from tests.ui.tmux import Tmux, clean_env  # noqa: E402

BUILDER = ROOT / "benchmarks" / "ui.py"
#: The pane unchanged this long: the key's work is drawn.
STILL = 0.3
#: Phase looks per run: F3 four times back from Decide, F4 four times forward, twice.
SWITCHES = ["F3"] * 4 + ["F4"] * 4
ROUNDS = 2


def pane(term: Tmux) -> str:
    return term._tmux("capture-pane", "-p", "-e", "-t", term.target).stdout


def settle(term: Tmux, sent: float, before: str | None, timeout: float = 60.0) -> float:
    """Seconds from ``sent`` to the pane's last change before a still moment; with ``before``
    (the pane as it was when the key was sent), the pane must first change from it."""
    last, changed = before if before is not None else pane(term), sent
    moved = before is None
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        now_screen = pane(term)
        now = time.perf_counter()
        if now_screen != last:
            last, changed, moved = now_screen, now, True
        elif moved and now - changed >= STILL:
            return changed - sent
    raise TimeoutError("the key changed nothing on the pane, or it never stood still")


def press(term: Tmux, key: str) -> float:
    before = pane(term)
    sent = time.perf_counter()
    term.send(key)
    return settle(term, sent, before)


def run(contributions: int, width: int, height: int) -> dict[str, float | list[float]]:
    home = Path(tempfile.mkdtemp(prefix="beraad-tmux-bench-"))
    subprocess.run(
        [sys.executable, str(BUILDER), "--build", str(contributions), str(home)],
        check=True,
        capture_output=True,
    )
    beraad = Path(sys.executable).with_name("beraad")
    command = [str(beraad), "--data-dir", str(home), "--lang", "en", "--host", "127.0.0.1"]
    with Tmux(width, height) as term:
        term.start([*command, "--no-discovery"], env=clean_env())
        term.wait_for("Speelplein", timeout=60)
        settle(term, time.perf_counter(), None)
        out: dict[str, float | list[float]] = {"session_screen": press(term, "Enter")}
        switches = [press(term, key) for _ in range(ROUNDS) for key in SWITCHES]
        out["switches"] = switches
        out["f1"] = press(term, "F1")
        press(term, "Escape")
        return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10,5000")
    parser.add_argument("--terminals", default="80x24,200x50")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    for terminal in args.terminals.split(","):
        width, height = (int(n) for n in terminal.split("x"))
        base: dict[str, float] = {}
        for size in sizes:
            got = run(size, width, height)
            switches = sorted(got["switches"])  # type: ignore[arg-type]
            figures = {
                "session screen (s)": got["session_screen"],
                "switch median (ms)": statistics.median(switches) * 1000,
                "switch p90 (ms)": switches[int(0.9 * len(switches))] * 1000,
                "switch max (ms)": switches[-1] * 1000,
                "F1 (ms)": float(got["f1"]) * 1000,  # type: ignore[arg-type]
            }
            for name, value in figures.items():
                base.setdefault(name, value)
                ratio = value / base[name] if base[name] else float("nan")
                print(f"{terminal} {size:>5}  {name:<20} {value:8.2f}  ({ratio:.1f}x)")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
