"""The real ``beraad`` app on a journal with a line deleted whole (tmux, 80×24): it opens.

"Missing line 16 … Restore the file from a backup or move it aside" stopped the app before the
lobby, every start, and moving ``records.head`` aside did not help (naive s17 F1): the same harm
as a damaged line, whose records come back from the peers. Now the lobby opens, says which line
was missing, and the journal is renumbered so that the next start has nothing to say.
"""

from __future__ import annotations

import asyncio
import shlex
import shutil
from pathlib import Path

import pytest

from beraad.identity_file import save_profile
from beraad.store.journal import decode_line
from tests.conftest import beraad_command
from tests.test_node_commands import make_session
from tests.ui.tmux import Tmux, clean_env

LOOPBACK = {"BERAAD_HOST": "127.0.0.1", "BERAAD_DISCOVERY": "0"}

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def test_the_app_opens_a_journal_with_a_line_deleted_and_says_so_once(tmp_path: Path):
    home = tmp_path / "anja"
    asyncio.run(make_session(home))
    save_profile(home, "Anja", "en", chosen=True)
    journal = home / "store" / "records.jsonl"
    lines = journal.read_bytes().splitlines(keepends=True)
    (gone,) = [n for n, line in enumerate(lines, start=1) if b'"phase.move"' in line]
    journal.write_bytes(b"".join(line for n, line in enumerate(lines, start=1) if n != gone))
    with Tmux(80, 24) as term:
        # A short data dir, so the notice says it on its first line.
        app = shlex.join([*beraad_command(), "--data-dir", "anja"])
        term.start(
            ["sh", "-c", f"cd {shlex.quote(str(tmp_path))} && exec {app}"],
            env=clean_env(BERAAD_LANG="en", **LOOPBACK),
        )
        screen = term.wait_for(lambda s: "Buurtfeest" in s and "Online" in s, timeout=30)
        said: list[str] = []  # on the title row, a line at a time (notice_line.py)
        term.wait_for(lambda s: said.append(s.splitlines()[0]) or "missing" in s, timeout=30)
        assert any(f"Line {gone} of the saved records is missing" in x for x in said), said
        assert "Traceback" not in screen
        term.send("C-q")
        term.wait_for("[exited 0]")
    # Renumbered, so the next start has nothing to say (tests/store/test_journal_notices.py).
    numbers = [decode_line(line)[0] for line in journal.read_bytes().splitlines(keepends=True)]
    assert numbers == list(range(1, len(lines)))
    assert not list(journal.parent.glob("records.jsonl.damaged-*"))  # nothing was there to copy
