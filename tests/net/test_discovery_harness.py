"""The namespace harness itself: hosts reach each other, partitions cut and heal, nothing leaks."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests import netns
from tests.netns import Host, Lab, netns_lab_fixture  # noqa: F401  (provides netns_lab)

SERVER = """
import socket
listener = socket.create_server(("0.0.0.0", 7000))
print("listening", flush=True)
while True:
    connection, (address, _port) = listener.accept()
    print("from", address, flush=True)
    connection.close()
"""
CONNECT = """
import socket, sys
try:
    socket.create_connection((sys.argv[1], 7000), timeout=float(sys.argv[2])).close()
except OSError:
    sys.exit(1)
"""


def reaches(source: Host, target: Host, timeout: float = 2.0) -> bool:
    """Can ``source`` open a TCP connection to ``target`` (which runs SERVER)?"""
    done = source.run(sys.executable, "-c", CONNECT, target.address, str(timeout), check=False)
    return done.returncode == 0


def namespaces() -> set[str]:
    listed = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout
    return {line.split()[0] for line in listed.splitlines() if line.strip()}


@pytest.mark.netns
def test_hosts_reach_each_other_and_partitions_cut_and_heal(netns_lab) -> None:
    lab = netns_lab(3)
    server = lab.hosts[2].python("-c", SERVER)
    server.expect(lambda line: line == "listening", timeout=10)
    assert reaches(lab.hosts[0], lab.hosts[2])
    server.expect(lambda line: line == f"from {lab.hosts[0].address}", timeout=10)

    lab.partition([0, 1], [2])
    assert not reaches(lab.hosts[0], lab.hosts[2], timeout=0.5)
    assert not reaches(lab.hosts[1], lab.hosts[2], timeout=0.5)

    lab.heal()
    assert reaches(lab.hosts[1], lab.hosts[2])

    lab.unplug(1)
    assert not reaches(lab.hosts[1], lab.hosts[2], timeout=0.5)
    lab.plug(1)
    assert reaches(lab.hosts[1], lab.hosts[2])


@pytest.mark.netns
def test_a_lab_deletes_its_namespaces_and_processes_even_after_a_failure(netns_lab) -> None:
    netns_lab(1)  # only for the skip rule: the lab under test is made by hand
    with pytest.raises(RuntimeError), Lab(2) as lab:
        made = {lab.hub, *(host.name for host in lab.hosts)}
        assert made <= namespaces()
        sleeper = lab.hosts[0].python("-c", "import sys; print('up', flush=True); sys.stdin.read()")
        sleeper.expect(lambda line: line == "up", timeout=10)
        raise RuntimeError("the test body failed")
    assert sleeper.popen.poll() is not None
    assert not made & namespaces()


@pytest.mark.netns
def test_namespaces_of_dead_runs_are_removed(netns_lab) -> None:
    netns_lab(1)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = f"{netns.PREFIX}{dead.pid}-1-h0"
    subprocess.run(["ip", "netns", "add", stale], check=True)
    mine = f"{netns.PREFIX}{os.getpid()}-999-h0"  # alive: must be left alone
    subprocess.run(["ip", "netns", "add", mine], check=True)
    try:
        assert stale in netns.remove_stale()
        assert stale not in namespaces()
        assert mine in namespaces()
    finally:
        subprocess.run(["ip", "netns", "del", stale], capture_output=True)
        subprocess.run(["ip", "netns", "del", mine], capture_output=True)


def test_without_namespaces_a_test_skips_outside_ci_and_fails_under_ci(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(netns, "_probe_result", "network namespaces need root")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="need root"):
        netns.require_netns()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="cannot run under CI"):
        netns.require_netns()
