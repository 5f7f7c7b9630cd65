"""The score grid as a person sees it in a real terminal (tmux, 80×24): on the first open of
the benchmark's 1,000-contribution session, and after the terminal is made 200×50, the still
screen shows the grid's column numbers and the row the cursor is on (naive s10 finding 1: the
header and row A were hidden at 80×24, and after a resize the grid began at row D until an
arrow key). Rows and words on the screen, never time.
"""

from __future__ import annotations

import re
import shutil
import sys
import time
from pathlib import Path

import pytest

from benchmarks.ui import build_session
from tests.ui.stored_app import store_session
from tests.ui.tmux import Tmux, clean_env

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
    pytest.mark.timeout(240),
]

HEADER = re.compile(r"^\s+1\s+2\s+3\s+4\s+5\s", re.M)
ROW_A = re.compile(r"^\s+A\. Option 0: lamps", re.M)
CELL_A = "A. Option 0: lamps and a fence — your score on criterion 1"


def still(term: Tmux, polls: int = 8, timeout: float = 60.0) -> str:
    """The screen once it has stayed the same over ``polls`` captures in a row (the app has
    nothing left to draw: the legend measured, the tally in)."""
    deadline = time.monotonic() + timeout
    last, same = term.screen(), 0
    while same < polls:
        assert time.monotonic() < deadline, f"the screen never stood still:\n{last}"
        time.sleep(0.15)  # polling the pane, not synchronising on time
        screen = term.screen()
        same = same + 1 if screen == last else 0
        last = screen
    return last


def test_the_grids_header_and_the_cursors_row_show_on_opening_and_after_a_resize(
    tmp_path: Path,
):
    home = tmp_path / "anja"
    store_session(build_session(1000), home)
    args = ["--data-dir", str(home), "--lang", "en", "--host", "127.0.0.1", "--no-discovery"]
    with Tmux(80, 24) as term:
        # Without COLUMNS and LINES: pytest's readline exports 80×24 into the C environment,
        # and Textual would believe them over the resized terminal (as test_terminals.py).
        command = ["env", "-u", "COLUMNS", "-u", "LINES", sys.executable, "-m", "beraad"]
        term.start([*command, *args], env=clean_env(PYTHONPATH=str(ROOT)))
        term.wait_for("Speelplein", timeout=60)
        term.send("Enter")
        term.wait_for(CELL_A, timeout=90)
        screen = still(term)
        assert HEADER.search(screen) and ROW_A.search(screen), screen
        term._tmux("resize-window", "-t", term.target, "-x", "200", "-y", "50")
        term.wait_for(lambda s: len(s.splitlines()[0]) > 80)
        screen = still(term)
        assert HEADER.search(screen) and ROW_A.search(screen), screen
        term.send("C-q")
        term.wait_for("[exited 0]")
