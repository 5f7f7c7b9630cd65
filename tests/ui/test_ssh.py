"""Two people SSH into one shared machine and each run ``beraad`` there: they find each other.

The machine is a host of the namespace lab (``tests/netns.py``) running a real OpenSSH server
(``tests/ui/sshd.py``). Each person is a real ``ssh -tt`` client in a terminal of their own
(tmux, 80×24), and runs beraad on the far side with their own data dir, as the README's "One
shared machine over SSH" says. Anja starts a deliberation; Bart types the code read off Anja's
screen, without an address (mDNS inside the lab finds her); then knots typed by one show on the
other's screen.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import beraad_command
from tests.netns import netns_lab_fixture  # noqa: F401  (provides the netns_lab fixture)
from tests.ui.sshd import SshServer, require_sshd
from tests.ui.tmux import Tmux, clean_env, first_run, join_by_code, join_code, start_deliberation

pytestmark = [
    pytest.mark.netns,
    pytest.mark.timeout(120),
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]


@pytest.fixture
def shared_machine(netns_lab, tmp_path: Path) -> Iterator[SshServer]:
    """One host of a test LAN with sshd listening on its address only."""
    require_sshd()
    lab = netns_lab(1)
    server = SshServer(lab.hosts[0], tmp_path / "sshd")
    server.start()
    try:
        yield server
    finally:
        server.stop()


def log_in_and_run_beraad(term: Tmux, server: SshServer, home: Path) -> None:
    """What a person types: ``ssh -tt root@machine beraad --data-dir …`` in their terminal.

    Nothing of the test's environment crosses the connection: the far side gets sshd's
    environment plus what the command line sets (the terminal type, the language).
    """
    remote = [
        "env", "TERM=xterm-256color", "BERAAD_LANG=en",
        *beraad_command(), "--data-dir", str(home), "--host", server.host.address,
    ]  # fmt: skip
    term.start(server.login_command(*remote), env=clean_env())


def test_two_users_over_ssh_on_one_host_join_one_session(shared_machine: SshServer, tmp_path: Path):
    server = shared_machine
    with Tmux(80, 24) as anja, Tmux(80, 24) as bart:
        log_in_and_run_beraad(anja, server, tmp_path / "anja")
        log_in_and_run_beraad(bart, server, tmp_path / "bart")
        first_run(anja, "Anja")
        first_run(bart, "Bart")
        assert server.log().count("Accepted publickey for root") == 2, server.log()
        for home in ("anja", "bart"):  # each beraad runs in an ssh login, nothing else crossed
            remote = server.remote_environment(str(tmp_path / home))
            assert remote.get("SSH_TTY", "").startswith("/dev/pts/"), remote
            assert remote["TERM"] == "xterm-256color" and "BERAAD_HOME" not in remote, remote

        code = join_code(start_deliberation(anja, "Shared machine", "Where do we meet next month?"))
        anja.send("Escape")
        anja.wait_for(lambda s: "Here: Anja" in s and "▸Opening" in s)

        screen = join_by_code(bart, code)  # as spoken aloud: no address, only the code
        assert "Where do we meet next month?" in screen
        anja.wait_for(lambda s: "Bart" in s.split("Here:")[1].splitlines()[0], timeout=30)

        anja.send("F6")
        anja.wait_for("Move the group on to Knots")
        anja.send("Down")  # nothing is preselected: ↓ chooses the first
        anja.send("Enter")
        bart.wait_for("▸Knots", timeout=30)

        bart.send("a")
        bart.wait_for("✎ New knot:")
        bart.type("The room is booked on Tuesdays")
        bart.send("Enter")
        anja.wait_for("The room is booked on Tuesdays — Bart", timeout=30)

        anja.send("a")
        anja.wait_for("✎ New knot:")
        anja.type("Not everyone can come by train")
        anja.send("Enter")
        bart.wait_for("Not everyone can come by train — Anja", timeout=30)

        # Quitting ends beraad and with it the ssh session, with beraad's exit code.
        for term in (anja, bart):
            term.send("C-q")
            term.wait_for("[exited 0]")

    for home in ("anja", "bart"):  # each person kept their own identity in their own dir
        assert (tmp_path / home / "identity.pem").exists()
