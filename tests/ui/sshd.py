"""A real OpenSSH server inside a test namespace, so beraad can be used "over SSH" in tests.

Why: people who share one machine reach it over SSH and run beraad there, each with their own
identity. The test needs the real path: an ``sshd`` that allocates a pseudo-terminal, a client
``ssh -tt`` in a terminal (tmux), and beraad running on the far side of that connection.

The server lives in a namespace of ``tests/netns.py`` (so it listens on a test-only address,
never on the machine's real interfaces), with everything in a temporary directory: its own host
key, a config file, and an authorized-keys file holding a key the test makes. It is a child of
the test (started through ``Host.popen``) and is stopped at teardown, with its connections.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.netns import Host, Process

PORT = 2222  # not the default port: the test never looks like a real ssh service
PRIVSEP_DIR = Path("/run/sshd")  # Debian's sshd refuses to start without it


def sshd_path() -> str | None:
    """The ``sshd`` binary (Debian keeps it in /usr/sbin, often not on a user's PATH)."""
    found = shutil.which("sshd") or shutil.which("sshd", path="/usr/sbin:/usr/local/sbin")
    return found if found and os.path.isabs(found) else None


def unavailable_reason() -> str | None:
    if sshd_path() is None:
        return "sshd is not installed (Debian: apt-get install openssh-server)"
    for tool in ("ssh", "ssh-keygen"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (Debian: apt-get install openssh-client)"
    if os.geteuid() != 0:
        return "the test sshd runs as root (it must switch to the logged-in user)"
    return None


def require_sshd() -> None:
    """Skip when OpenSSH is missing, but fail under ``CI=true``: CI installs it (``.ci/run``)."""
    reason = unavailable_reason()
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"ssh test cannot run under CI: {reason}", pytrace=False)
    pytest.skip(reason)


def _keygen(path: Path, comment: str) -> None:
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", str(path)],
        check=True,
        capture_output=True,
        timeout=30,
    )


class SshServer:
    """``sshd -D -e`` on ``host.address:port`` for root, with a key made for this test only."""

    def __init__(self, host: Host, workdir: Path, port: int = PORT) -> None:
        self.host = host
        self.port = port
        self.dir = workdir
        self.dir.mkdir(parents=True, exist_ok=True)
        self.host_key = self.dir / "ssh_host_ed25519_key"
        self.client_key = self.dir / "client_ed25519_key"
        self.authorized_keys = self.dir / "authorized_keys"
        self.config = self.dir / "sshd_config"
        self.process: Process | None = None

    def _write_config(self) -> None:
        _keygen(self.host_key, "beraad-test-host")
        _keygen(self.client_key, "beraad-test-client")
        self.authorized_keys.write_text(self.client_key.with_suffix(".pub").read_text())
        self.authorized_keys.chmod(0o600)
        lines = [
            f"ListenAddress {self.host.address}",
            f"Port {self.port}",
            f"HostKey {self.host_key}",
            f"AuthorizedKeysFile {self.authorized_keys}",
            "PermitRootLogin prohibit-password",
            "PubkeyAuthentication yes",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "UsePAM no",
            "StrictModes no",
            "UseDNS no",
            "PidFile none",
            "PrintMotd no",
            "PrintLastLog no",
            "X11Forwarding no",
            "AllowTcpForwarding no",
            "AllowAgentForwarding no",
            "LogLevel VERBOSE",
        ]
        self.config.write_text("\n".join(lines) + "\n")

    def start(self, timeout: float = 20) -> None:
        """Start the server and return once it says it is listening."""
        sshd = sshd_path()
        assert sshd is not None, unavailable_reason()
        PRIVSEP_DIR.mkdir(mode=0o755, exist_ok=True)
        self._write_config()
        checked = subprocess.run(
            [sshd, "-t", "-f", str(self.config)], capture_output=True, text=True, timeout=30
        )
        assert checked.returncode == 0, f"sshd rejects the test config: {checked.stderr}"
        self.process = self.host.popen(sshd, "-D", "-e", "-f", str(self.config))
        wanted = f"Server listening on {self.host.address} port {self.port}"
        deadline = time.monotonic() + timeout
        while not any(wanted in line for line in self.process.stderr_lines):
            if self.process.popen.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"sshd did not start: {self.process.describe()}")
            time.sleep(0.05)  # polling sshd's log for the line, not waiting on time

    def log(self) -> str:
        return "\n".join(self.process.stderr_lines) if self.process else ""

    def login_command(self, *remote: str) -> list[str]:
        """``ssh -tt root@host`` from inside the namespace, running ``remote`` over there.

        ``-F /dev/null``: no user or system client config changes what the test does.
        ``BatchMode``: a refused key fails at once instead of asking for a password.
        """
        return self.host.command(
            "ssh", "-tt", "-F", "/dev/null",
            "-i", str(self.client_key), "-o", "IdentitiesOnly=yes",
            "-o", "BatchMode=yes",
            "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
            "-o", "LogLevel=ERROR",
            "-p", str(self.port), f"root@{self.host.address}",
            shlex.join(remote),
        )  # fmt: skip

    def remote_environment(self, marker: str) -> dict[str, str]:
        """The environment of the process in the namespace whose command line holds ``marker``
        (how the test sees that a program really runs on the far side of an ssh login)."""
        pids = subprocess.run(
            ["ip", "netns", "pids", self.host.name], capture_output=True, text=True, timeout=30
        ).stdout.split()
        for pid in pids:
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
                environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
            except OSError:  # it ended meanwhile
                continue
            if marker.encode() in cmdline:  # a whole argument: not ssh's one joined string
                pairs = (item.decode().partition("=") for item in environ if b"=" in item)
                return {key: value for key, _, value in pairs}
        raise AssertionError(f"no process with {marker!r} runs in {self.host.name}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.stop()
