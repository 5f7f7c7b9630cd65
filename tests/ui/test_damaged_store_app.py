"""The real ``beraad`` app on a damaged journal (tmux, 80×24): it stops and says why, each start.

An app that carried on offline would show an empty lobby, as if the records were gone; a person
must instead read which line is damaged and what to do, in their language.
"""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

from beraad.identity_file import save_profile
from tests.conftest import beraad_command
from tests.test_node_commands import make_session
from tests.ui.tmux import Tmux, clean_env

LOOPBACK = {"BERAAD_HOST": "127.0.0.1", "BERAAD_DISCOVERY": "0"}

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "is missing line"), ("nl", "ontbreekt regel")],
)
def test_the_app_stops_on_a_journal_with_a_line_missing(tmp_path: Path, lang: str, expected: str):
    home = tmp_path / "anja"
    asyncio.run(make_session(home))
    save_profile(home, "Anja", lang, chosen=True)
    journal = home / "store" / "records.jsonl"
    lines = journal.read_bytes().splitlines(keepends=True)
    del lines[2]
    journal.write_bytes(b"".join(lines))
    damaged = journal.read_bytes()
    for _start in range(2):  # and the next start says the same
        with Tmux(80, 24) as term:
            term.start(
                [*beraad_command(), "--data-dir", str(home)],
                env=clean_env(BERAAD_LANG=lang, **LOOPBACK),
            )
            screen = term.wait_for("[exited 2]")
        flat = " ".join(screen.split())
        assert expected in flat
        assert "line 3" in flat or "regel 3" in flat
        assert "Traceback" not in screen
        assert journal.read_bytes() == damaged
