"""``beraad export`` and ``beraad state`` beside the real app holding the same data dir (tmux).

The naive tester was refused ("in use by another beraad") while the app was open; reading takes
no lock, so a facilitator can print the minutes without closing the meeting.
"""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

from beraad.identity_file import save_profile
from tests.conftest import beraad_command, run_beraad
from tests.test_node_commands import make_session
from tests.ui.tmux import Tmux, clean_env

LOOPBACK = {"BERAAD_HOST": "127.0.0.1", "BERAAD_DISCOVERY": "0"}

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def test_export_and_state_read_beside_the_running_app(tmp_path: Path):
    home = tmp_path / "anja"
    session, digest = asyncio.run(make_session(home))
    save_profile(home, "Anja", "en", chosen=True)
    with Tmux(80, 24) as term:
        term.start([*beraad_command(), "--data-dir", str(home)], env=clean_env(**LOOPBACK))
        term.wait_for("Buurtfeest")  # the app is up, holding the data dir
        holder = (home / "store" / "lock").read_text().strip()
        assert holder.isdigit() and Path(f"/proc/{holder}").exists()
        out = tmp_path / "minutes.md"
        exported = run_beraad("--data-dir", str(home), "export", session[:6], "-o", str(out))
        assert exported.returncode == 0, exported.stderr
        assert "Buurtfeest" in out.read_text(encoding="utf-8")
        state = run_beraad("--data-dir", str(home), "state", session[:6])
        assert state.returncode == 0, state.stderr
        assert f"state hash: {digest}" in state.stdout
        listed = run_beraad("--data-dir", str(home), "sessions", "--wait", "0")
        assert listed.returncode == 0, listed.stderr
        assert "Buurtfeest" in listed.stdout
        # The app still runs: reading took nothing from it.
        assert "[exited" not in term.screen()
