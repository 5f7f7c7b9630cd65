"""The real ``beraad`` command in a real terminal (tmux, 80×24): first run to the lobby."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import beraad_command
from tests.ui.tmux import Tmux, clean_env

# The node listens on loopback only and stays off mDNS: tests never touch the real network.
LOOPBACK = {"BERAAD_HOST": "127.0.0.1", "BERAAD_DISCOVERY": "0"}

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def test_first_run_in_a_real_terminal_reaches_the_lobby(tmp_path: Path):
    home = tmp_path / "wout"
    with Tmux(80, 24) as term:
        term.start(
            [*beraad_command(), "--data-dir", str(home)],
            env=clean_env(BERAAD_LANG="en", **LOOPBACK),
        )
        screen = term.wait_for("Your name, as the group will see it")
        if "for example" not in screen:  # a suggested name: clear it, and see it cleared
            term.send("C-u")
            term.wait_for("for example")
        term.type("Wout")
        term.wait_for("▊  Wout")  # as a person would: see the name, then press Enter
        term.send("Enter")
        screen = term.wait_for(lambda s: "Deliberations nearby" in s and "f2 Rules" in s)
        assert "You are Wout (" in screen
        assert "My deliberations" in screen
        term.send("F2")
        assert "Build on each other's ideas" in term.wait_for("8 × co-creation")
        term.send("Escape")
        term.wait_for(lambda s: "8 × co-creation" not in s and "Deliberations nearby" in s)
        term.send("C-q")
        term.wait_for("[exited 0]")
    profile = json.loads((home / "profile.json").read_text())
    assert profile == {"display_name": "Wout", "language": "en", "chosen": True}


def test_no_color_still_shows_which_choice_is_made(tmp_path: Path):
    with Tmux(80, 24) as term:
        term.start(
            [*beraad_command(), "--data-dir", str(tmp_path / "h")],
            env=clean_env(BERAAD_LANG="en", NO_COLOR="1", **LOOPBACK),
        )
        # Wait for the whole choice to be drawn, not merely its first line.
        screen = term.wait_for(lambda s: "Nederlands" in s and "English" in s and "●" in s)
        english = next(line for line in screen.splitlines() if "English" in line)
        dutch = next(line for line in screen.splitlines() if "Nederlands" in line)
        assert "●" in english and "●" not in dutch
        term.send("C-q")
        term.wait_for("[exited 0]")


def test_the_projector_keeps_a_code_typed_without_j_in_one_burst(tmp_path: Path):
    """A code typed straight away (its digit opens the join; `s`, `j`, `q` in it are text), as
    one burst of real keys: before, the letters opened other screens or quit, and the code was
    lost. The dialog says the projector joins as an observer (naive finding 16)."""
    with Tmux(80, 24) as term:
        term.start(
            [*beraad_command(), "--data-dir", str(tmp_path / "beamer"), "--projector"],
            env=clean_env(BERAAD_LANG="nl", NO_COLOR="1", **LOOPBACK),
        )
        term.wait_for("heeft nog geen beraad")
        term.type("30-soep-jasq")
        screen = term.wait_for("30-soep-jasq")
        assert "als waarnemer" in " ".join(screen.split())
