"""Two people, two real ``beraad`` processes, two hosts of a test LAN, two terminals (tmux 80×24).

Each process runs in its own network namespace (``tests/netns.py``) with discovery on, so the
join code is found through real mDNS inside the test LAN only. The first person starts a
deliberation; the second reads the code off the first one's screen and types it as a person
would (with spaces), without an address; then a knot added on one screen shows on the other.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from beraad.i18n import _, set_language
from beraad.ui.widgets.phase_bar import phase_label
from tests.conftest import beraad_command
from tests.netns import Host, netns_lab_fixture  # noqa: F401  (provides the netns_lab fixture)
from tests.ui.tmux import (
    Tmux,
    clean_env,
    first_run,
    join_by_code,
    join_code,
    press_and_see,
    row,
    start_deliberation,
)

pytestmark = [
    pytest.mark.netns,
    pytest.mark.timeout(180),
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


def start(term: Tmux, host: Host, home: Path) -> None:
    command = [*beraad_command(), "--data-dir", str(home), "--host", host.address]
    term.start(host.command(*command), env=clean_env(BERAAD_LANG="en"))


def test_two_hosts_join_by_spoken_code_and_see_each_others_knots(netns_lab, tmp_path: Path):
    lab = netns_lab(2)
    with Tmux(80, 24) as anja, Tmux(80, 24) as bart:
        start(anja, lab.hosts[0], tmp_path / "anja")
        start(bart, lab.hosts[1], tmp_path / "bart")
        first_run(anja, "Anja")
        first_run(bart, "Bart")

        code = join_code(start_deliberation(anja, "Our street", "How do we slow the traffic?"))
        anja.send("Escape")
        anja.wait_for(lambda s: "Here: Anja" in s and "▸Opening" in s)

        screen = join_by_code(bart, code)
        assert "How do we slow the traffic?" in screen
        anja.wait_for(lambda s: "Bart" in s.split("Here:")[1].splitlines()[0], timeout=30)

        anja.send("F6")
        anja.wait_for("Move the group on to Knots")
        anja.send("Down")  # nothing is preselected: ↓ chooses the first
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
PHASES = ("knots", "positions", "criteria", "options", "decide", "act", "evaluate")


@pytest.fixture
def interface(request):
    """The interface's language, in this process too (for the words the test waits for)."""
    set_language(request.param)
    yield request.param
    set_language("en")


def start_by_consent(anja: Tmux, title: str, question: str) -> str:
    """Anja starts a deliberation in which the group moves by consent; its join code."""
    anja.send("n")
    anja.wait_for(_("Focus question"))
    anja.type(title)
    anja.wait_for(title)
    press_and_see(anja, "Tab", _("Focus question"))
    anja.type(question)
    consent = _("The group moves by consent")
    press_and_see(anja, "Tab", consent)  # to who moves the group on
    anja.send("Down")
    anja.send("Space")
    anja.wait_for(lambda s: "●" in row(s, consent))
    anja.send("C-s")
    return join_code(anja.wait_for(_("Join code"), timeout=30))


def choose(term: Tmux, choice: str) -> None:
    """↓ Enter on ``choice``, the F6 dialog's first, as a person does: nothing is preselected,
    ever (naive s8 4b), so ↓ chooses the first; it is highlighted before Enter."""
    press_and_see(term, "Down", choice)
    term.send("Enter")
    screen = term.wait_for(lambda s: choice not in s or asked_again(s))
    if choice in screen:  # right after the other's app moved the group: Enter again sends it
        term.send("Enter")
        term.wait_for(lambda s: choice not in s)


#: What F6's dialog says when a move is chosen right after someone else moved the group.
ASKED_AGAIN = (
    "The group has just moved to {phase}. “{choice}” is a new move: Enter again "
    "sends it; Escape goes back."
)


def asked_again(screen: str) -> bool:
    """The dialog asks again before sending the move (``PhaseDialog._ask_again``); its
    sentence is wrapped inside the dialog's border, so its words are compared."""
    words = " ".join(" ".join(line.strip("█▊▎ ").split()) for line in screen.splitlines())
    tail = _(ASKED_AGAIN).split("{choice}")[1]
    return " ".join(tail.split()) in words


def propose_and_agree(proposer: Tmux, other: Tmux, phase: str) -> None:
    """The proposer proposes the next phase (F6, the first choice); the other answers ready
    (F6, the first choice, once it is offered); the proposer's app then moves the group."""
    label = phase_label(phase)
    proposer.send("F6")
    proposer.wait_for(_("Propose moving on to {phase}").format(phase=label))
    choose(proposer, _("Propose moving on to {phase}").format(phase=label))
    ready = _("I am ready to move to {phase}").format(phase=label)
    proposing = _("Propose moving on to {phase}").format(phase=label)
    deadline = time.monotonic() + 30
    while True:  # the dialog offers "ready" once the proposal has reached this host
        other.send("F6")
        screen = other.wait_for(lambda s: ready in s or proposing in s)
        if ready in screen:
            break
        assert time.monotonic() < deadline, screen
        other.send("Escape")
        other.wait_for(lambda s: proposing not in s)
    choose(other, ready)


@pytest.mark.timeout(500)
@pytest.mark.parametrize("interface", ["nl"], indirect=True)
def test_a_naive_typist_never_hits_a_shortcut(netns_lab, tmp_path: Path, interface: str):
    """The whole walk in Dutch, the group moving by consent (the keys are the same in English;
    the Dutch sentence has every letter and an apostrophe, English walks are elsewhere):
    after every phase change, proposed in turn by Anja (the facilitator) and by Bart (who is
    not), each types a sentence with every letter at once, without pressing anything first: it
    lands as typed in the new phase's text box, and nothing else happens (no dialog, no
    refusal)."""
    sentence = SENTENCES[interface]
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
            term.start(host.command(*command), env=clean_env(BERAAD_LANG=interface))
        first_run(anja, "Anja")
        first_run(bart, "Bart")
        code = start_by_consent(anja, "Our street", "How do we slow the traffic?")
        here = _("Here: ").strip()
        opening = "▸" + phase_label("opening")
        anja.send("Escape")
        anja.wait_for(lambda s: here + " Anja" in s and opening in s)
        join_by_code(bart, code)
        anja.wait_for(lambda s: "Bart" in s.split(here)[1].splitlines()[0], timeout=30)

        # Nothing of this may show after typing: a refusal (the meeting tools or another
        # dialog opened by a letter take the session's footer, with F6, away).
        astray = [_("The group was not moved"), _("Your answer was not sent")]
        astray += [_("Your proposal was not sent"), _("Not sent")]
        for number, phase in enumerate(PHASES):
            proposer, other = (anja, bart) if number % 2 == 0 else (bart, anja)
            propose_and_agree(proposer, other, phase)
            label = "▸" + phase_label(phase)
            for term in (anja, bart):
                term.wait_for(lambda s, label=label: label in s, timeout=30)
                term.type(sentence)
                # The whole sentence where the box is wide; the evaluation's three boxes
                # show its end (the box scrolls with the cursor).
                shown = sentence if phase != "evaluate" else sentence[-12:]
                screen = term.wait_for(lambda s, shown=shown: shown in s, timeout=15)
                assert not [word for word in astray if word in screen], screen
                footer = screen.rstrip("\n").splitlines()[-1]
                assert "f6 " + _("Move on") in footer, screen  # no dialog took the keys
                assert label in screen, screen  # still there: nothing moved the group
                term.send("C-u")  # empty the box again (Ctrl+U clears an input)
                term.wait_for(lambda s, shown=shown: shown not in s)

        for term in (anja, bart):
            term.send("C-q")
            term.wait_for("[exited 0]")
