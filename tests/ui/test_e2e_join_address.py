"""The join-code screen of the real ``beraad`` at 80×24, on a host of a test LAN (a network
namespace), listening on every interface as it does by default: it offers the address another
computer can reach (the LAN's, never 127.0.0.1), who is in so far, and one block of big code.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import beraad_command
from tests.netns import netns_lab_fixture  # noqa: F401  (provides the netns_lab fixture)
from tests.ui.test_e2e_two_netns import first_run, press_and_see
from tests.ui.tmux import Tmux, clean_env

pytestmark = [
    pytest.mark.netns,
    pytest.mark.timeout(120),
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]
CODE = re.compile(r"\b(\d+-[a-z]+-[a-z]+)\b")
BIG = re.compile(r"[┏┗┣╹╻━┃╺┛┓]")


def test_the_join_screen_offers_the_lan_address_not_loopback(netns_lab, tmp_path: Path):
    lab = netns_lab(1)
    host = lab.hosts[0]
    with Tmux(80, 24) as anja:
        command = [*beraad_command(), "--data-dir", str(tmp_path / "anja"), "--no-discovery"]
        anja.start(host.command(*command), env=clean_env(BERAAD_LANG="en"))
        first_run(anja, "Anja")
        anja.send("n")
        anja.wait_for("Focus question")
        anja.type("Our street")
        anja.wait_for("Our street")
        press_and_see(anja, "Tab", "Focus question")
        anja.type("How do we slow the traffic?")
        anja.send("C-s")
        screen = anja.wait_for(lambda s: "Others choose" in s and "so far" in s, timeout=30)
        words = " ".join(screen.split())
        assert re.search(re.escape(host.address) + r":\d+", words), screen
        assert "127.0.0.1" not in words
        assert "In the deliberation so far: Anja" in words
        big = [line for line in screen.splitlines() if BIG.search(line)]
        assert len(big) == 3, screen  # the code in big letters: one block of three rows
        assert CODE.search(screen), screen
        anja.send("C-q")
        anja.wait_for("[exited 0]")
