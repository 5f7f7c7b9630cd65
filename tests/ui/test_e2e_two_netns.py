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
    screen = term.wait_for("Your name, as the group will see it", timeout=30)
    # No name is suggested since eb50b8e. Textual drops keys that arrive in the same read as a
    # Ctrl+U, so clear only what is there, and see it cleared before typing.
    if "for example" not in screen:
        term.send("C-u")
        term.wait_for("for example")
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

        bart.wait_for("✎ New knot:")  # arriving, the text box has the keys (docs/focus.md)
        bart.type("Cars drive too fast")
        bart.send("Enter")
        anja.wait_for("Cars drive too fast — Bart", timeout=30)

        anja.wait_for("✎ New knot:")
        anja.type("Too little shade")
        anja.send("Enter")
        bart.wait_for("Too little shade — Anja", timeout=30)

        for term in (anja, bart):
            term.send("C-q")
            term.wait_for("[exited 0]")


#: Sentences with every letter a–z: each letter is a key somewhere in beraad (a adds, g gives
#: the word, t opened the meeting tools…), so typed anywhere but a text box they would act.
SENTENCES = {
    "en": "the quick brown fox jumps over the lazy dog",
    "nl": "pa's wijze lynx bezag vroom het fikse aquaduct",
}
PHASES = ("Knots", "Positions", "Criteria", "Options", "Decide", "Evaluate")


@pytest.mark.timeout(400)
@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_naive_typist_never_hits_a_shortcut(netns_lab, tmp_path: Path, language: str):
    """After every phase change (made by Anja, the facilitator; for Bart by the other), each
    types a sentence with every letter at once, without pressing anything first: it lands as
    typed in the new phase's text box, and nothing else happens (no dialog, no toast)."""
    sentence = SENTENCES[language]  # typed in the English interface (the keys are the same)
    lab = netns_lab(2)
    with Tmux(80, 24) as anja, Tmux(80, 24) as bart:
        for term, host, home in ((anja, lab.hosts[0], "anja"), (bart, lab.hosts[1], "bart")):
            command = [
                *beraad_command(),
                "--data-dir",
                str(tmp_path / home),
                "--host",
                host.address,
            ]
            term.start(host.command(*command), env=clean_env(BERAAD_LANG="en"))
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
        anja.send("Escape")
        anja.wait_for(lambda s: "Here: Anja" in s and "▸Opening" in s)
        bart.send("j")
        bart.wait_for("Join code")
        bart.type(found.group(1).replace("-", " "))
        bart.send("C-s")
        bart.wait_for(lambda s: "Here: " in s and "Anja" in s, timeout=40)
        anja.wait_for(lambda s: "Bart" in s.split("Here:")[1].splitlines()[0], timeout=30)

        for phase in PHASES:
            anja.send("F6")
            anja.wait_for("Move the group on to " + phase)
            anja.send("Enter")
            for term in (anja, bart):
                term.wait_for(lambda s, phase=phase: "▸" + phase in s, timeout=30)
                term.type(sentence)
                # The whole sentence where the box is wide; the evaluation's three boxes
                # show its end (the box scrolls with the cursor).
                shown = sentence if phase != "Evaluate" else sentence[-12:]
                screen = term.wait_for(lambda s, shown=shown: shown in s, timeout=15)
                assert "Meeting tools" not in screen and "Not added" not in screen, screen
                assert "▸" + phase in screen, screen  # still there: nothing moved the group
                term.send("C-u")  # empty the box again (Ctrl+U clears an input)
                term.wait_for(lambda s, shown=shown: shown not in s)

        for term in (anja, bart):
            term.send("C-q")
            term.wait_for("[exited 0]")
