"""The real ``beraad --projector`` in a real terminal (tmux, 80×24), on a data dir of its own."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from beraad.identity_file import load_or_create
from tests.conftest import beraad_command
from tests.ui.tmux import Tmux, clean_env

LOOPBACK = {"BERAAD_HOST": "127.0.0.1", "BERAAD_DISCOVERY": "0", "BERAAD_LANG": "en"}

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def test_a_fresh_projector_names_itself_waits_for_a_code_and_quits_with_q(tmp_path: Path):
    home = tmp_path / "beamer"
    with Tmux(80, 24) as term:
        term.start(
            [*beraad_command(), "--data-dir", str(home), "--projector"], env=clean_env(**LOOPBACK)
        )
        term.wait_for(lambda s: "holds no deliberation yet" in s and "j Join" in s)
        term.send("j")
        term.wait_for("Join a deliberation to show it on the projector")
        term.send("Escape")
        term.wait_for(lambda s: "Join a deliberation" not in s and "q Quit" in s)
        term.send("q")
        term.wait_for("[exited 0]")
    # Nobody types a name on a beamer: the others see it as "Projector".
    profile = load_or_create(home)
    assert profile.chosen and profile.display_name == "Projector"
