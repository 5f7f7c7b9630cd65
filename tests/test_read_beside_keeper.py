"""A facilitator reads a data dir while its `beraad keeper` runs: state, minutes and bundles.

Real processes throughout: a `beraad keeper` on 127.0.0.1 (discovery off) keeps the session,
a joiner writes to it over the network, and the `beraad` commands read the same data dir.
Writing stays with the keeper: `beraad import` beside it says what to do instead.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import threading
from pathlib import Path

import pytest

from beraad.node import Node
from tests.conftest import beraad_command, run_beraad
from tests.test_node_commands import make_session, read_until, start_keeper

pytestmark = pytest.mark.timeout(180)

READS = 4
MAX_KNOTS = 3000


class KeeperLog:
    """Drains the keeper's output in a thread (a full pipe would stall the keeper)."""

    def __init__(self, keeper: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self._thread = threading.Thread(target=self._drain, args=(keeper,), daemon=True)
        self._thread.start()

    def _drain(self, keeper: subprocess.Popen[str]) -> None:
        assert keeper.stdout is not None
        for line in keeper.stdout:
            with self._changed:
                self.lines.append(line)
                self._changed.notify_all()

    def wait_for(self, predicate, timeout: float = 60) -> None:
        with self._changed:
            if not self._changed.wait_for(lambda: predicate(self.lines), timeout):
                raise AssertionError("the keeper did not log it:\n" + "".join(self.lines[-20:]))


async def beraad(*args: str, lang: str = "en") -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        *beraad_command(),
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, "BERAAD_LANG": lang},
    )
    out, err = await process.communicate()
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


def stop(keeper) -> None:
    if keeper.poll() is None:
        keeper.send_signal(signal.SIGTERM)
        try:
            keeper.wait(30)
        except Exception:
            keeper.kill()
            keeper.wait(10)


def test_state_and_exports_read_a_data_dir_a_keeper_is_writing(tmp_path: Path):
    home = tmp_path / "keeper"
    session, _digest = asyncio.run(make_session(home))
    keeper = start_keeper(home)
    try:
        port = int(read_until(keeper, r"listening on port (\d+)").group(1))
        code = read_until(keeper, rf"join code for session {session}: (\S+)").group(1)

        log = KeeperLog(keeper)

        async def write_while_reading() -> tuple[str, int, list[int]]:
            joiner = await Node.open(tmp_path / "joiner", host="127.0.0.1", discovery=False)
            try:
                await joiner.join(code, address=f"127.0.0.1:{port}")
                reading = asyncio.Event()

                async def contribute() -> int:
                    # Write for as long as the reads go on, so that they meet the appends.
                    written = 0
                    while not reading.is_set() and written < MAX_KNOTS:
                        await joiner.contribute(session, "knot.add", {"text": f"knoop {written}"})
                        written += 1
                        await asyncio.sleep(0)  # a turn for the readers' pipes
                    return written

                writing = asyncio.ensure_future(contribute())
                counts: list[int] = []
                for _read in range(READS):
                    status, out, err = await beraad("--data-dir", str(home), "state", session)
                    assert status == 0, err
                    assert "Traceback" not in err
                    found = re.search(r"records: (\d+)", out)
                    assert found, out
                    counts.append(int(found.group(1)))
                reading.set()
                written = await writing
                return joiner.state_hash(session), written, counts
            finally:
                await joiner.close()

        digest, written, counts = asyncio.run(write_while_reading())
        assert counts == sorted(counts)  # each read is whole: it never loses what it saw
        assert len(set(counts)) >= 2  # ... and the reads really met the keeper's appends
        # Once the keeper has everything the joiner wrote, a read shows exactly that.
        log.wait_for(lambda lines: sum("record knot.add by" in line for line in lines) >= written)
        state = run_beraad("--data-dir", str(home), "state", session)
        assert state.returncode == 0, state.stderr
        assert f"state hash: {digest}" in state.stdout

        minutes = tmp_path / "minutes.md"
        made = run_beraad(
            "--data-dir", str(home), "export", session[:8], "--format", "md", "-o", str(minutes)
        )
        assert made.returncode == 0, made.stderr
        assert f"knoop {written - 1}" in minutes.read_text()
        page = tmp_path / "minutes.html"
        made = run_beraad(
            "--data-dir", str(home), "export", session, "--format", "html", "-o", str(page)
        )
        assert made.returncode == 0, made.stderr
        assert "Wie brengt de tafels?" in page.read_text()
        bundle = tmp_path / "session.bundle"
        made = run_beraad(
            "--data-dir", str(home), "export", session, "--format", "bundle", "-o", str(bundle)
        )
        assert made.returncode == 0, made.stderr
        checked = run_beraad("verify", str(bundle))
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert digest in checked.stdout

        # Importing writes: beside the keeper it is refused with what to do, in both languages.
        journal = home / "store" / "records.jsonl"
        before = journal.read_bytes()
        refused = run_beraad(
            "--data-dir", str(home), "import", str(bundle), env={"BERAAD_LANG": "en"}
        )
        assert refused.returncode == 2
        assert "Traceback" not in refused.stderr
        assert "stop the keeper" in refused.stderr and "beraad export" in refused.stderr
        dutch = run_beraad(
            "--data-dir", str(home), "import", str(bundle), env={"BERAAD_LANG": "nl"}
        )
        assert dutch.returncode == 2
        assert "stop de keeper" in dutch.stderr
        assert journal.read_bytes() == before

        assert keeper.poll() is None  # the readers never disturbed the keeper
    finally:
        stop(keeper)
    assert keeper.returncode == 0
    # With the keeper stopped, the same import goes through.
    imported = run_beraad("--data-dir", str(home), "import", str(bundle))
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert "0 new records" in imported.stdout


def test_a_reader_never_blocks_nor_breaks_a_keeper_that_is_killed(tmp_path: Path):
    """kill -9 of the keeper leaves what it confirmed readable, before and after restart."""
    home = tmp_path / "keeper"
    session, digest = asyncio.run(make_session(home))
    keeper = start_keeper(home)
    try:
        read_until(keeper, r"listening on port")
        first = run_beraad("--data-dir", str(home), "state", session)
        assert first.returncode == 0, first.stderr
        assert f"state hash: {digest}" in first.stdout
        keeper.send_signal(signal.SIGKILL)
        keeper.wait(30)
    finally:
        stop(keeper)
    second = run_beraad("--data-dir", str(home), "state", session)
    assert f"state hash: {digest}" in second.stdout
