"""A damaged journal stops the real commands with a message in the user's language, every start.

The person zeroes, truncates or edits ``store/records.jsonl`` (a sync tool, a full disk, a
careless editor); `beraad keeper` and `beraad state` must refuse to start on it — never an
empty node that would then write a fresh chain over a broken one — and say the same each time.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.conftest import run_beraad
from tests.test_node_commands import make_session

pytestmark = pytest.mark.timeout(120)


def zero(journal: Path) -> None:
    journal.write_bytes(b"\0" * journal.stat().st_size)


def drop_middle_line(journal: Path) -> None:
    lines = journal.read_bytes().splitlines(keepends=True)
    del lines[len(lines) // 2]
    journal.write_bytes(b"".join(lines))


@pytest.mark.parametrize(
    ("damage", "english", "dutch"),
    [
        (zero, "damaged at line 1, its header", "beschadigd op regel 1, de kopregel"),
        (drop_middle_line, "is missing line", "ontbreekt regel"),
    ],
)
def test_a_damaged_journal_stops_keeper_and_state_every_time(tmp_path, damage, english, dutch):
    home = tmp_path / "anja"
    session, _digest = asyncio.run(make_session(home))
    journal = home / "store" / "records.jsonl"
    damage(journal)
    damaged = journal.read_bytes()
    runs = [
        ("en", english, ["--no-discovery", "--host", "127.0.0.1", "keeper"]),
        ("en", english, ["state", session]),
        ("nl", dutch, ["state", session]),
        ("en", english, ["--no-discovery", "--host", "127.0.0.1", "keeper"]),  # the next start
    ]
    for lang, expected, args in runs:
        result = run_beraad("--data-dir", str(home), *args, env={"BERAAD_LANG": lang})
        assert result.returncode == 2, result.stdout + result.stderr
        assert expected in result.stderr
        assert str(journal) in result.stderr
        assert "Traceback" not in result.stderr
        assert journal.read_bytes() == damaged
    assert not list(journal.parent.glob("*.torn-*"))
