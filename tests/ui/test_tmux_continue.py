"""The lobby's "Continue" after the app was killed (``kill -9``): the real ``beraad`` in tmux.

It named the session the person had last *left*: a session opened and then lost with the app
(killed, a dead battery) was never left, so the lobby offered the older one. The time a
session is opened is now written when it opens (``away.mark_opened``)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from tests.conftest import beraad_command
from tests.ui.tmux import Tmux, clean_env, first_run, start_deliberation

ROOT = Path(__file__).resolve().parents[2]
#: Loopback only, off mDNS; this tree's ``beraad`` (a worktree beside the editable install).
ENV = {"BERAAD_HOST": "127.0.0.1", "BERAAD_DISCOVERY": "0", "PYTHONPATH": str(ROOT)}

pytestmark = [
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
    pytest.mark.timeout(180),
]


def app_pid(term: Tmux) -> int:
    """The ``beraad`` process in the pane (the pane's shell runs it as its one child)."""
    shell = term._tmux("display-message", "-p", "-t", term.target, "#{pane_pid}").stdout
    children = subprocess.run(
        ["pgrep", "-P", shell.strip()], capture_output=True, text=True, check=True
    ).stdout.split()
    assert len(children) == 1, children
    return int(children[0])


def test_continue_names_the_session_last_opened_after_a_kill(tmp_path: Path):
    home = tmp_path / "anja"
    command = [*beraad_command(), "--data-dir", str(home)]
    env = clean_env(BERAAD_LANG="en", **ENV)
    with Tmux(80, 24) as term:
        term.start(command, env=env)
        first_run(term, "Anja")
        start_deliberation(term, "Alpha street", "How do we slow the traffic?")
        term.send("Escape")
        term.wait_for(lambda s: "Here:" in s and "Alpha street" in s, timeout=30)
        term.send("C-l")  # left properly: Alpha's leaving is remembered
        term.wait_for(lambda s: "Continue “Alpha street”" in s, timeout=30)
        start_deliberation(term, "Beta square", "Where do the children play?")
        term.send("Escape")
        term.wait_for(lambda s: "Here:" in s and "Beta square" in s, timeout=30)
        os.kill(app_pid(term), signal.SIGKILL)  # Beta is never left
        term.wait_for("[exited 137]")
    with Tmux(80, 24) as term:
        term.start(command, env=env)
        screen = term.wait_for(lambda s: "My deliberations" in s and "Alpha street" in s, 30)
        screen = term.wait_for("Continue “", timeout=30)
        assert "Continue “Beta square”" in screen, screen
        term.send("C-q")
        term.wait_for("[exited 0]")
