"""While you were away after ``kill -9`` (naive s6b finding D): the real ``beraad`` in tmux at
80×24 on loopback, Bram a real peer process. Anja was there the whole time Bram added knots,
and opened meeting 2 herself; her app is killed. Started again, the summary names only what
came while the app was dead (Bram's fact), not the knots she saw nor the meeting she opened:
what she saw was remembered as it was drawn, not at her last clean exit."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from beraad.core import session as model
from beraad.identity_file import save_profile
from tests.conftest import beraad_command
from tests.peers import Peer
from tests.ui.test_tmux_continue import ENV, app_pid
from tests.ui.test_tmux_trajectory import palette
from tests.ui.tmux import Tmux, clean_env, first_run, join_code, start_deliberation

pytestmark = [
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
    pytest.mark.timeout(240),
]


def free_port() -> int:
    """A loopback port free now, for Anja's app to listen on in both its runs."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def holds(command: list[str], env: dict[str, str], session: str, state_hash: str) -> bool:
    """Does Anja's store (read beside her running app) hold the state Bram holds?"""
    found = subprocess.run(
        [*command, "state", session], capture_output=True, text=True, env=env, timeout=60
    )
    return state_hash in found.stdout


def test_away_counts_from_what_was_seen_not_from_the_last_clean_exit(tmp_path: Path):
    (tmp_path / "bram").mkdir()
    save_profile(tmp_path / "bram", "Bram", "en", chosen=True)
    bram = Peer(tmp_path / "bram")
    try:
        command = [*beraad_command(), "--data-dir", str(tmp_path / "anja")]
        port = free_port()
        command += ["--no-discovery", "--port", str(port), "--peer", bram.address]
        env = clean_env(BERAAD_LANG="en", **ENV)
        with Tmux(80, 24) as term:
            term.start(command, env=env)
            first_run(term, "Anja")
            code = join_code(start_deliberation(term, "Street meeting", "How do we slow cars?"))
            session = bram.call("join", code=code, address=f"127.0.0.1:{port}")["session"]
            term.send("Escape")
            term.wait_for(lambda s: "Here:" in s and "Bram" in s, timeout=30)
            term.send("C-l")  # a clean exit once: the marker the summary counted from
            term.wait_for("Continue “Street meeting”")
            term.send("Enter")
            term.wait_for(lambda s: "Here:" in s and "Bram" in s, timeout=30)
            term.send("F6")  # the facilitator moves the group on to Knots
            term.wait_for("Knots")
            term.send("Down")  # nothing is preselected: ↓ chooses the first
            term.send("Enter")
            term.wait_for("▸Knots")
            for text in ("Cars drive too fast", "No crossing at the school", "Parked vans"):
                bram.call("contribute", session=session, kind="knot.add", body={"text": text})
            term.wait_for("Parked vans", timeout=30)  # she sees them
            palette(term, "end meeting 1", "End meeting 1")
            term.wait_for("What comes next")
            term.send("Enter")
            term.wait_for("Meeting 1 has ended.")
            palette(term, "open meeting 2", "Open meeting 2")  # she opens it herself
            term.wait_for("Since last time — meeting 2")
            term.send("Escape")
            term.wait_for(lambda s: "Since last time" not in s and "▸Opening" in s)
            os.kill(app_pid(term), signal.SIGKILL)
            term.wait_for("[exited 137]")
        # While her app is dead, Bram shares a fact: that, and only that, is news to her.
        fact = model.fact_body("Traffic count", "400 cars an hour")
        bram.call("contribute", session=session, kind="fact.add", body=fact)
        state_hash = bram.call("hash", session=session)["hash"]
        with Tmux(80, 24) as term:
            term.start(command, env=env)
            term.wait_for("Continue “Street meeting”", timeout=30)
            deadline = time.monotonic() + 60
            while not holds(command, env, session, state_hash):  # synced with Bram
                assert time.monotonic() < deadline, "Anja's node never caught up with Bram"
            term.send("Enter")
            screen = term.wait_for("While you were away", timeout=30)
            words = " ".join(screen.split())
            assert "1 new contribution from others." in words, screen
            assert "Traffic count — Bram" in words, screen
            assert "Meanwhile" not in words and "New knots" not in words, screen
            term.send("Escape")
            term.wait_for(lambda s: "While you were away" not in s and "Here:" in s)
            term.send("C-q")
            term.wait_for("[exited 0]")
    finally:
        bram.stop()
