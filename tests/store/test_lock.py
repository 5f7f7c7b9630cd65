"""One writer per data dir: a second beraad gets a clear StoreLocked, never a corrupted store."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from beraad.store import RecordStore, StoreError, StoreLocked
from tests.core.strategies import SESSION
from tests.store.helpers import journal_of

ROOT = Path(__file__).resolve().parents[2]
HOLDER = """
import sys
from pathlib import Path
from beraad.store import RecordStore
store = RecordStore.open(Path(sys.argv[1]))
store.set_setting("holder", "child")
print("open", flush=True)
sys.stdin.read()
"""


def start_holder(data_dir: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert holder.stdout is not None and holder.stderr is not None
    line = holder.stdout.readline()
    assert line == b"open\n", holder.stderr.read().decode()
    return holder


def test_a_second_process_gets_store_locked_and_the_lock_dies_with_the_holder(data_dir, ten):
    with RecordStore.open(data_dir) as store:
        store.append_many(ten)
    holder = start_holder(data_dir)
    try:
        before = journal_of(data_dir).read_bytes()
        with pytest.raises(StoreLocked) as caught:
            RecordStore.open(data_dir)
        message = str(caught.value)
        assert str(data_dir) in message
        assert "another beraad" in message
        assert f"pid {holder.pid}" in message
        assert isinstance(caught.value, StoreError)
        assert journal_of(data_dir).read_bytes() == before
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
        for pipe in (holder.stdin, holder.stdout, holder.stderr):
            pipe.close()
    # kill -9 released the flock: the store opens, with the holder's confirmed change.
    with RecordStore.open(data_dir) as store:
        assert store.records(SESSION) == ten
        assert store.setting("holder") == "child"


def test_a_second_open_in_the_same_process_is_refused_until_the_first_closes(data_dir, ten):
    first = RecordStore.open(data_dir)
    try:
        first.append(ten[0])
        with pytest.raises(StoreLocked):
            RecordStore.open(data_dir)
        first.append(ten[1])
    finally:
        first.close()
    with RecordStore.open(data_dir) as second:
        assert second.records(SESSION) == ten[:2]


SPAWNER = """
import subprocess, sys
from pathlib import Path
from beraad.store import RecordStore
store = RecordStore.open(Path(sys.argv[1]))
# As a plain fork + exec would: inherited descriptors stay open unless close-on-exec.
helper = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"],
                          stdin=subprocess.PIPE, close_fds=False)
print(helper.pid, flush=True)
print("open", flush=True)
sys.stdin.read()
"""


def test_a_process_beraad_started_does_not_keep_the_lock_after_beraad_dies(data_dir):
    """A crashed beraad's helper process (a browser, an editor) must not lock the data dir."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    spawner = subprocess.Popen(
        [sys.executable, "-c", SPAWNER, str(data_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert spawner.stdout is not None and spawner.stderr is not None
    helper_pid = int(spawner.stdout.readline() or 0)
    try:
        assert helper_pid, spawner.stderr.read().decode()
        assert spawner.stdout.readline() == b"open\n"
        spawner.send_signal(signal.SIGKILL)
        spawner.wait(timeout=10)
        with RecordStore.open(data_dir) as again:  # the helper still lives
            assert again.recovered == []
        os.kill(helper_pid, 0)  # (it really is still alive)
    finally:
        spawner.kill()
        spawner.wait(timeout=10)
        for pipe in (spawner.stdin, spawner.stdout, spawner.stderr):
            pipe.close()
        if helper_pid:
            os.kill(helper_pid, signal.SIGKILL)
