"""kill -9 at random moments: every confirmed change survives, nothing is duplicated."""

from __future__ import annotations

import itertools
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from beraad.store import RecordStore
from tests.store.writer_child import SESSIONS, WRITER

CHILD = Path(__file__).with_name("writer_child.py")
#: Kill moments in all, over ``CHAINS`` stores that each live through their share of them in
#: turn: the chains are independent, so pytest-xdist runs them side by side.
ROUNDS = 50
CHAINS = 2
ROOT = Path(__file__).resolve().parents[2]


def run_and_kill(
    data_dir: Path, seed: int, lines_before_kill: int, at_big_write: float | None
) -> list[str]:
    """Start a writer, kill -9 it after that many lines — or, if ``at_big_write`` is a delay,
    that long after it next announces a big write; return every line it printed (confirmed)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(data_dir), str(seed)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert child.stdout is not None and child.stderr is not None
    confirmed: list[str] = []
    try:
        first = child.stdout.readline()
        assert first == b"ready\n", child.stderr.read().decode()
        while True:
            line = child.stdout.readline()
            assert line.endswith(b"\n"), child.stderr.read().decode()
            confirmed.append(line.decode().strip())
            if len(confirmed) >= lines_before_kill:
                if at_big_write is None:
                    break
                if line == b"B\n":
                    # A random kill moment within the write, not a wait for anything.
                    time.sleep(at_big_write)
                    break
        os.kill(child.pid, signal.SIGKILL)
        # Whatever the child printed before it died was confirmed, too.
        rest = child.stdout.read().decode()
        confirmed.extend(line for line in rest.split("\n")[:-1])
    finally:
        child.kill()
        child.wait(timeout=10)
        child.stdout.close()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    return confirmed


@pytest.mark.slow
# A hang guard, not a speed limit: the 50 rounds need about 20 s of CPU (each round starts a
# Python writer and both it and the check re-read the whole growing store), which took over
# 120 s of wall time on two cores shared with a loaded machine.
@pytest.mark.timeout(300)
@pytest.mark.parametrize("chain", range(CHAINS))
def test_kill_9_at_random_moments_loses_no_confirmed_change(tmp_path: Path, chain: int):
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    data_dir = tmp_path / "data"
    confirmed_ids: set[str] = set()
    confirmed_counts = dict.fromkeys(SESSIONS, 0)
    recoveries = 0
    compactions = 0
    rounds = ROUNDS // CHAINS
    for round_number in range(rounds):
        where = f"chain {chain}, seed {seed}, round {round_number}"
        lines = run_and_kill(
            data_dir,
            rng.randrange(2**32),
            rng.randint(1, 40),
            at_big_write=rng.uniform(0, 0.003) if rng.random() < 0.5 else None,
        )
        for line in lines:
            kind, *fields = line.split()
            if kind == "R":
                assert fields[0] not in confirmed_ids, f"{where}: confirmed twice"
                confirmed_ids.add(fields[0])
            elif kind == "L":
                confirmed_counts[fields[0]] = int(fields[1])
            elif kind == "C":
                compactions += 1
            else:
                assert kind == "B", f"{where}: unexpected line {line!r}"

        with RecordStore.open(data_dir) as store:
            recoveries += len(store.recovered)
            missing = [rid for rid in confirmed_ids if not store.has(rid)]
            assert not missing, f"{where}: lost {len(missing)} confirmed records"
            held = 0
            for session in SESSIONS:
                records = store.records(session)
                ids = [item.id for item in records]
                assert len(ids) == len(set(ids)), f"{where}: duplicates in {session}"
                chain = store.chain(session, WRITER.public_key)
                assert chain == sorted(records, key=lambda item: item.seq), where
                assert [item.seq for item in chain] == list(range(1, len(chain) + 1)), where
                for before, after in itertools.pairwise(chain):
                    assert after.prev == before.id, f"{where}: chain broken at {after.seq}"
                count = store.session_local(session).get("count", 0)
                assert count >= confirmed_counts[session], f"{where}: lost a local value"
                held += len(records)
            assert held == len(store)
    # Not asserted (it depends on timing), but shown with -s: how often a tail was torn.
    print(
        f"\nkill -9 x{rounds}: {len(confirmed_ids)} confirmed records kept, "
        f"{recoveries} torn tails dropped, {compactions} compactions confirmed (seed {seed})"
    )
