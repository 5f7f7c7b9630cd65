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
from tests.ui.tmux import Tmux, clean_env, first_run, join_code, start_deliberation

pytestmark = [
    pytest.mark.netns,
    pytest.mark.timeout(120),
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]
BIG = re.compile(r"[┏┗┣╹╻━┃╺┛┓]")


def test_the_join_screen_offers_the_lan_address_not_loopback(netns_lab, tmp_path: Path):
    lab = netns_lab(1)
    host = lab.hosts[0]
    with Tmux(80, 24) as anja:
        command = [*beraad_command(), "--data-dir", str(tmp_path / "anja"), "--no-discovery"]
        anja.start(host.command(*command), env=clean_env(BERAAD_LANG="en"))
        first_run(anja, "Anja")
        screen = start_deliberation(
            anja, "Our street", "How do we slow the traffic?", lambda s: "so far" in s
        )
        words = " ".join(screen.split())
        assert re.search(re.escape(host.address) + r":\d+", words), screen
        assert "127.0.0.1" not in words
        assert "In the deliberation so far: Anja" in words
        big = [line for line in screen.splitlines() if BIG.search(line)]
        assert len(big) == 3, screen  # the code in big letters: one block of three rows
        assert join_code(screen)
        anja.send("C-q")
        anja.wait_for("[exited 0]")
