"""Two people, two real ``beraad`` processes, two hosts of a test LAN, two terminals (tmux 80×24).

Each process runs in its own network namespace (``tests/netns.py``) with discovery on, so the
join code is found through real mDNS inside the test LAN only. The first person starts a
deliberation; the second reads the code off the first one's screen and types it as a person
would (with spaces), without an address; then a knot added on one screen shows on the other.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import beraad_command
from tests.netns import Host, netns_lab_fixture  # noqa: F401  (provides the netns_lab fixture)
from tests.ui.tmux import Tmux, clean_env

pytestmark = [
    pytest.mark.netns,
    pytest.mark.timeout(180),
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]
CODE = re.compile(r"\b(\d+-[a-z]+-[a-z]+)\b")


def start(term: Tmux, host: Host, home: Path) -> None:
    command = [*beraad_command(), "--data-dir", str(home), "--host", host.address]
    term.start(host.command(*command), env=clean_env(BERAAD_LANG="en"))


def coloured(term: Tmux) -> str:
    """The screen with its colours: focus moving shows only in colour."""
    return term._tmux("capture-pane", "-p", "-e", "-t", term.target).stdout


def row(screen: str, text: str) -> str:
    return next((line for line in screen.splitlines() if text in line), "")


def press_and_see(term: Tmux, key: str, row_text: str) -> None:
    """Press ``key`` and wait until the row with ``row_text`` is drawn differently (focus
    shows only in colour), so the next keys go where the key led."""
    before = row(coloured(term), row_text)
    term.send(key)
    deadline = time.monotonic() + 10
    while row(coloured(term), row_text) == before:
        assert time.monotonic() < deadline, f"{key} did not change the row {row_text!r}"
        time.sleep(0.05)  # polling the pane for the change, as Tmux.wait_for does


def first_run(term: Tmux, name: str) -> None:
    term.wait_for("Your name, as the group will see it", timeout=30)
    term.send("C-u")
    term.wait_for("for example")  # the suggestion is gone: the name field has the keys
    term.type(name)
    term.wait_for(lambda s: name in row(s, "▊  " + name))
    term.send("Enter")
    term.wait_for(lambda s: "Deliberations nearby" in s and "f2 Rules" in s)


def test_two_hosts_join_by_spoken_code_and_see_each_others_knots(netns_lab, tmp_path: Path):
    lab = netns_lab(2)
    with Tmux(80, 24) as anja, Tmux(80, 24) as bart:
        start(anja, lab.hosts[0], tmp_path / "anja")
        start(bart, lab.hosts[1], tmp_path / "bart")
        first_run(anja, "Anja")
        first_run(bart, "Bart")

        anja.send("n")
        anja.wait_for("Focus question")
        anja.type("Our street")
        anja.wait_for("Our street")
        press_and_see(anja, "Tab", "Focus question")
        anja.type("How do we slow the traffic?")
        anja.send("C-s")
        screen = anja.wait_for("Others choose", timeout=30)
        found = CODE.search(screen)
        assert found, screen
        code = found.group(1)
        anja.send("Escape")
        anja.wait_for(lambda s: "Here: Anja" in s and "▸Opening" in s)

        bart.send("j")
        bart.wait_for("Join code")
        bart.type(code.replace("-", " "))
        bart.send("C-s")
        screen = bart.wait_for(lambda s: "Here: " in s and "Anja" in s, timeout=40)
        assert "How do we slow the traffic?" in screen
        anja.wait_for(lambda s: "Bart" in s.split("Here:")[1].splitlines()[0], timeout=30)

        anja.send("F6")
        anja.wait_for("Move the group on to Knots")
        anja.send("Enter")
        bart.wait_for("▸Knots", timeout=30)

        bart.send("a")  # then look: the input shows it is being written in
        bart.wait_for("✎ New knot:")
        bart.type("Cars drive too fast")
        bart.send("Enter")
        anja.wait_for("Cars drive too fast — Bart", timeout=30)

        anja.send("a")
        anja.wait_for("✎ New knot:")
        anja.type("Too little shade")
        anja.send("Enter")
        bart.wait_for("Too little shade — Anja", timeout=30)

        for term in (anja, bart):
            term.send("C-q")
            term.wait_for("[exited 0]")
