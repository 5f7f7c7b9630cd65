"""Network namespaces for multi-host tests: a small LAN that exists only inside the test.

Why: discovery (mDNS multicast) and partition tests need several "hosts" on one segment, and
must never multicast on a developer's real network. Linux network namespaces give each host its
own interfaces; a hub namespace holds a bridge that joins them like a switch.

Topology of a ``Lab`` with ``n`` hosts (names carry our pid, so parallel xdist workers and
leftovers of earlier runs never clash)::

    brt<pid>-<lab>-hub : bridge br0 with ports p0 … p<n-1>   (multicast snooping off, no STP)
    brt<pid>-<lab>-h<i>: lo up, eth0 = 10.233.<lab>.<i+1>/24, route 224.0.0.0/4 dev eth0

The 10.233.x.0/24 addresses exist only inside these namespaces; IPv6 is switched off there so
that only the IPv4 traffic we mean to test flows. Nothing is sent outside the namespaces.

Use it from a test::

    from tests.netns import netns_lab_fixture  # noqa: F401  (provides the netns_lab fixture)

    @pytest.mark.netns
    def test_something(netns_lab):
        lab = netns_lab(3)
        peer = lab.hosts[0].python("tests/net/discovery_peer.py", "--session", ...)
        peer.expect_json(lambda event: event["event"] == "ready", timeout=10)
        lab.partition([0, 1], [2])   # hosts 0 and 1 still see each other; 2 is cut off
        lab.heal()

or without pytest: ``with Lab(2) as lab: ...``. Processes started through ``Host.popen`` /
``Host.python`` are stopped at teardown; then every namespace the lab made is deleted, even when
the test failed. Namespaces left by dead pids (a killed run) are deleted the next time a lab is
made.

Partition: ports of the hub bridge are moved to separate bridges per group (a switch split in
two); hosts in no group get no bridge at all. The hosts' own links stay up, so sockets see no
error, only silence — as in a real partition. ``unplug``/``plug`` instead take the cable out
(the host's link loses carrier). ``heal`` puts every port back on ``br0``.

Skipping: without root or without working ``ip netns`` the fixture skips the test, except
when the environment variable ``CI`` is ``true``: then it fails loudly, so CI never passes by
skipping. Every test that uses the fixture must carry ``@pytest.mark.netns``.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
PREFIX = "brt"
_STALE = re.compile(rf"^{PREFIX}(\d+)-")
_lab_numbers = itertools.count(1)
_probe_result: str | bool | None = False  # False = not probed yet; None = works; str = why not


class NetnsError(RuntimeError):
    """Setting up or driving a namespace failed; the message carries the command's stderr."""


def _ip(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(["ip", *args], capture_output=True, text=True, timeout=30)
    if check and done.returncode != 0:
        raise NetnsError(f"ip {' '.join(args)} failed: {done.stderr.strip()}")
    return done


def _namespaces() -> list[str]:
    done = _ip("netns", "list", check=False)
    return [line.split()[0] for line in done.stdout.splitlines() if line.strip()]


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale() -> list[str]:
    """Delete namespaces made by harness runs whose process is gone; returns their names."""
    removed = []
    for name in _namespaces():
        match = _STALE.match(name)
        if match and not _pid_alive(int(match.group(1))):
            _ip("netns", "del", name, check=False)
            removed.append(name)
    return removed


def unavailable_reason() -> str | None:
    """Why namespaces cannot be made here (None when they can); probed once per process."""
    global _probe_result
    if _probe_result is not False:
        return _probe_result  # type: ignore[return-value]
    reason: str | None = None
    if not sys.platform.startswith("linux"):
        reason = "network namespaces need Linux"
    elif os.geteuid() != 0:
        reason = "network namespaces need root"
    elif shutil.which("ip") is None:
        reason = "iproute2 ('ip') is not installed"
    else:
        probe = f"{PREFIX}{os.getpid()}-probe"
        done = _ip("netns", "add", probe, check=False)
        if done.returncode != 0:
            reason = f"'ip netns add' does not work: {done.stderr.strip()}"
        else:
            _ip("netns", "del", probe, check=False)
    _probe_result = reason
    return reason


def require_netns() -> None:
    """Skip (or, under CI=true, fail) when this machine cannot make namespaces."""
    reason = unavailable_reason()
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"netns test cannot run under CI: {reason}", pytrace=False)
    pytest.skip(reason)


class Process:
    """A process inside a namespace, with its stdout read line by line in a thread.

    ``expect`` consumes lines in order until one matches (like pexpect), so a test waits on
    what the process says, with a time-out, never on a sleep. All lines stay in ``lines``.
    """

    def __init__(self, args: list[str], popen: subprocess.Popen[str]) -> None:
        self.args = args
        self.popen = popen
        self.lines: list[str] = []
        self.stderr_lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._lock = threading.Lock()
        self._out = threading.Thread(target=self._read_stdout, daemon=True)
        self._err = threading.Thread(target=self._read_stderr, daemon=True)
        self._out.start()
        self._err.start()

    def _read_stdout(self) -> None:
        assert self.popen.stdout is not None
        for line in self.popen.stdout:
            with self._lock:  # history and queue change together (see ``catch_up``)
                self.lines.append(line.rstrip("\n"))
                self._queue.put(self.lines[-1])
        self._queue.put(None)

    def _read_stderr(self) -> None:
        assert self.popen.stderr is not None
        for line in self.popen.stderr:
            self.stderr_lines.append(line.rstrip("\n"))

    @property
    def pid(self) -> int:
        return self.popen.pid

    def describe(self) -> str:
        tail = "\n".join(self.stderr_lines[-20:])
        return f"{' '.join(self.args)} (pid {self.pid}, exit {self.popen.poll()})\n{tail}"

    def expect(self, predicate: Callable[[str], bool], timeout: float) -> str:
        """The next stdout line for which ``predicate`` is true; raises on time-out or exit."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no matching line within {timeout} s from {self.describe()}")
            try:
                line = self._queue.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                self._queue.put(None)  # later calls see the end as well
                self._err.join(timeout=2)
                raise EOFError(f"process ended before a matching line: {self.describe()}")
            if predicate(line):
                return line

    def catch_up(self) -> list[str]:
        """Consume every line received so far and return the whole history.

        For "has the state been reached already?": a line consumed by an earlier ``expect``
        may be the latest word, and after this call no older line is left to match later.
        """
        with self._lock:
            while True:
                try:
                    line = self._queue.get_nowait()
                except queue.Empty:
                    break
                if line is None:
                    self._queue.put(None)
                    break
            return list(self.lines)

    def expect_json(self, predicate: Callable[[dict[str, Any]], bool], timeout: float) -> dict:
        """The next JSON-object line for which ``predicate`` is true (other lines are skipped)."""

        def matches(line: str) -> bool:
            try:
                value = json.loads(line)
            except ValueError:
                return False
            return isinstance(value, dict) and bool(predicate(value))

        return json.loads(self.expect(matches, timeout))

    def send(self, line: str) -> None:
        assert self.popen.stdin is not None
        self.popen.stdin.write(line + "\n")
        self.popen.stdin.flush()

    def send_json(self, value: dict[str, Any]) -> None:
        self.send(json.dumps(value))

    def close_stdin(self) -> None:
        if self.popen.stdin is not None and not self.popen.stdin.closed:
            with contextlib.suppress(BrokenPipeError):
                self.popen.stdin.close()

    def wait(self, timeout: float) -> int:
        """Wait for the exit code (the reader threads finish too)."""
        code = self.popen.wait(timeout=timeout)
        self._out.join(timeout=2)
        self._err.join(timeout=2)
        return code

    def stop(self, timeout: float = 5.0) -> int:
        """End the process: stdin closed and SIGTERM, then SIGKILL if it lingers."""
        self.close_stdin()
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
        try:
            return self.wait(timeout)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            return self.wait(timeout)


class Host:
    """One namespace of a lab: its name, its address, and ways to run things inside it."""

    def __init__(self, lab: Lab, index: int, name: str, address: str) -> None:
        self.lab = lab
        self.index = index
        self.name = name
        self.address = address
        self.interface = "eth0"
        self.port = f"p{index}"  # its port on the hub bridge

    def __repr__(self) -> str:
        return f"Host({self.name!r}, {self.address})"

    def command(self, *args: str) -> list[str]:
        """``args`` prefixed so that they run inside this namespace (for any spawner)."""
        return ["ip", "netns", "exec", self.name, *args]

    def run(
        self, *args: str, check: bool = True, timeout: float = 30
    ) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(self.command(*args), capture_output=True, text=True, timeout=timeout)
        if check and done.returncode != 0:
            raise NetnsError(f"{' '.join(args)} in {self.name} failed: {done.stderr.strip()}")
        return done

    def popen(self, *args: str, env: dict[str, str] | None = None) -> Process:
        """Start ``args`` inside the namespace with pipes; stopped at lab teardown."""
        full_env = {**os.environ, **(env or {})}
        full_env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(REPO), full_env.get("PYTHONPATH", "")) if p
        )
        command = self.command(*args)
        popen = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            bufsize=1,
            cwd=REPO,
            env=full_env,
        )
        process = Process(command, popen)
        self.lab.processes.append(process)
        return process

    def python(self, *args: str, env: dict[str, str] | None = None) -> Process:
        """Run this interpreter (unbuffered) inside the namespace, from the repository root."""
        return self.popen(sys.executable, "-u", *args, env=env)


class Lab:
    """N hosts on one bridged test subnet; a context manager that always cleans up."""

    def __init__(self, n: int, *, subnet: int | None = None) -> None:
        if not 1 <= n <= 200:
            raise ValueError("a lab has 1 to 200 hosts")
        number = next(_lab_numbers)
        self.prefix = f"{PREFIX}{os.getpid()}-{number}"
        self.subnet = f"10.233.{(subnet if subnet is not None else number) % 256}"
        self.hub = f"{self.prefix}-hub"
        self.hosts: list[Host] = []
        self.processes: list[Process] = []
        self._made: list[str] = []
        self._groups: list[str] = []
        remove_stale()
        try:
            self._build(n)
        except BaseException:
            self.close()
            raise

    def _add_namespace(self, name: str) -> None:
        _ip("netns", "add", name)
        self._made.append(name)
        _ip("-n", name, "link", "set", "lo", "up")
        # Only the IPv4 traffic a test means to send: no IPv6 autoconfiguration chatter.
        for key in ("all", "default"):
            # (a kernel without IPv6 has no such file: nothing to switch off then)
            script = f"echo 1 > /proc/sys/net/ipv6/conf/{key}/disable_ipv6"
            subprocess.run(
                ["ip", "netns", "exec", name, "sh", "-c", script], capture_output=True, timeout=30
            )

    def _build(self, n: int) -> None:
        self._add_namespace(self.hub)
        self._bridge("br0")
        for index in range(n):
            name = f"{self.prefix}-h{index}"
            host = Host(self, index, name, f"{self.subnet}.{index + 1}")
            self._add_namespace(name)
            _ip(
                "link", "add", host.port, "netns", self.hub, "type", "veth",
                "peer", "name", host.interface, "netns", name,
            )  # fmt: skip
            _ip("-n", self.hub, "link", "set", host.port, "master", "br0", "up")
            _ip("-n", name, "addr", "add", f"{host.address}/24", "dev", host.interface)
            _ip("-n", name, "link", "set", host.interface, "multicast", "on", "up")
            # mDNS sends to 224.0.0.251: give multicast a route out of the test link.
            _ip("-n", name, "route", "add", "224.0.0.0/4", "dev", host.interface)
            self.hosts.append(host)

    def _bridge(self, name: str) -> None:
        _ip(
            "-n", self.hub, "link", "add", name, "type", "bridge",
            "stp_state", "0", "mcast_snooping", "0",
        )  # fmt: skip
        _ip("-n", self.hub, "link", "set", name, "up")

    def _host(self, host: Host | int) -> Host:
        return self.hosts[host] if isinstance(host, int) else host

    def partition(self, *groups: Iterable[Host | int]) -> None:
        """Split the LAN: each group gets its own bridge; hosts in no group are cut off."""
        self.heal()
        placed: dict[int, str] = {}
        for number, group in enumerate(groups, start=1):
            bridge = f"g{number}"
            self._bridge(bridge)
            self._groups.append(bridge)
            for member in group:
                placed[self._host(member).index] = bridge
        for host in self.hosts:
            if host.index in placed:
                _ip("-n", self.hub, "link", "set", host.port, "master", placed[host.index])
            else:
                _ip("-n", self.hub, "link", "set", host.port, "nomaster")

    def heal(self) -> None:
        """Every port back on the one bridge, every cable plugged in."""
        for host in self.hosts:
            _ip("-n", self.hub, "link", "set", host.port, "master", "br0", "up")
        for bridge in self._groups:
            _ip("-n", self.hub, "link", "del", bridge, check=False)
        self._groups.clear()

    def unplug(self, host: Host | int) -> None:
        """Pull the host's cable: its link loses carrier."""
        _ip("-n", self.hub, "link", "set", self._host(host).port, "down")

    def plug(self, host: Host | int) -> None:
        _ip("-n", self.hub, "link", "set", self._host(host).port, "up")

    def close(self) -> None:
        """Stop our processes and delete every namespace this lab made (idempotent)."""
        for process in self.processes:  # all asked at once: their goodbyes overlap
            process.close_stdin()
            with contextlib.suppress(ProcessLookupError):
                process.popen.send_signal(signal.SIGTERM)
        for process in self.processes:
            # Teardown must go on to delete the namespaces, whatever a process does.
            with contextlib.suppress(Exception):
                process.stop(timeout=5)
        self.processes.clear()
        for name in reversed(self._made):
            # Anything still inside was started by this lab (a grandchild): end it by pid.
            pids = _ip("netns", "pids", name, check=False).stdout.split()
            for pid in pids:
                with contextlib.suppress(ProcessLookupError, ValueError):
                    os.kill(int(pid), signal.SIGKILL)
            _ip("netns", "del", name, check=False)
        self._made.clear()

    def __enter__(self) -> Lab:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@pytest.fixture(name="netns_lab")
def netns_lab_fixture(request: pytest.FixtureRequest) -> Iterator[Callable[..., Lab]]:
    """A factory ``make(n, subnet=None) -> Lab``; every lab is torn down after the test."""
    if request.node.get_closest_marker("netns") is None:
        pytest.fail("tests that use netns_lab must be marked @pytest.mark.netns", pytrace=False)
    require_netns()
    labs: list[Lab] = []

    def make(n: int, *, subnet: int | None = None) -> Lab:
        lab = Lab(n, subnet=subnet)
        labs.append(lab)
        return lab

    try:
        yield make
    finally:
        for lab in labs:
            lab.close()
