"""What a screen and a view switch send a real terminal (tmux, 200×50): the rows they change, not
the rows the terminal shows already, and a screen's first frame whole (``ui/sent_rows.py``).

Textual wrote every row a frame touched, whole: F3 from Decide to Options and F4 back sent 46
rows to change 8, each row byte for byte as the terminal had it. beraad runs under
``tests/ui/term_log.py``, which logs each write to the terminal; the test counts rows, never time.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

import pytest

from benchmarks.ui import build_session
from tests.ui import term_log
from tests.ui.stored_app import store_session
from tests.ui.tmux import Tmux, clean_env

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
    pytest.mark.timeout(180),
]

LOOKING_AT_OPTIONS = "You are looking at Options"


def test_a_switch_between_views_sends_only_the_rows_it_changes(tmp_path: Path):
    home = tmp_path / "anja"
    store_session(build_session(10), home)
    log = str(tmp_path / "terminal.log")
    command = [sys.executable, str(ROOT / "tests" / "ui" / "term_log.py"), log, "--"]
    args = ["--data-dir", str(home), "--lang", "en", "--host", "127.0.0.1", "--no-discovery"]
    with Tmux(200, 50) as term:
        # The pane's own size: a LINES or COLUMNS in the worker's environment (the tmux
        # server's) would be believed over it.
        real_size = ["env", "-u", "COLUMNS", "-u", "LINES"]
        term.start([*real_size, *command, *args], env=clean_env(PYTHONPATH=str(ROOT)))
        term.wait_for("Speelplein", timeout=60)
        opened = time.perf_counter()  # the clock term_log stamps writes with
        term.send("Enter")
        term.wait_for(lambda s: "Seal my vote" in s and LOOKING_AT_OPTIONS not in s)
        for _ in range(2):  # the first looks, then the same switches again
            term.send("F3")
            term.wait_for(LOOKING_AT_OPTIONS)
            term.send("F4")
            term.wait_for(lambda s: "Seal my vote" in s and LOOKING_AT_OPTIONS not in s)
        term.send("C-q")
        term.wait_for("[exited 0]")
    writes = term_log.read(log)
    # The session screen's first frame draws every row: Textual's first frame of a screen drew
    # only what its layout moved (rows 6 to 48 and the footer), the lobby's top lines stayed
    # on the terminal until the next frame.
    first = next(data for at, data in writes if at > opened and b"Seal my vote" in data)
    assert sorted(term_log.rows(first)) == list(range(1, 51))
    # Every row a frame wrote differs from what the terminal showed on that row: a row drawn
    # again as it was drawn last time is left out.
    assert sum(term_log.sent_again(writes)) == 0
