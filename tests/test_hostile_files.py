"""Hostile files given to the real commands: a bundle line or a journal line no reader accepts.

Whatever the line holds (JSON cut short, an integer of 5,000 digits, an unclosed string of
escaped quotes), the person gets the same one-line refusal as for any unreadable input: never a
traceback, never Python's own words.
"""

from __future__ import annotations

import asyncio

import pytest

from beraad.store.journal import encode_line
from tests.conftest import run_beraad
from tests.test_node_commands import make_session

pytestmark = pytest.mark.timeout(180)

UNREADABLE = b'{"at":1,'  # JSON cut short: the reference for "any unreadable input"
HOSTILE = {
    "a 5000-digit integer": b'{"at":' + b"9" * 5_000 + b"}",
    "an unclosed string of escaped quotes": b"[" * 600 + b'"' + b'\\"' * 200_000,
}


def said(result) -> str:
    return result.stdout + result.stderr


@pytest.mark.parametrize("line", HOSTILE.values(), ids=HOSTILE.keys())
def test_verify_and_import_refuse_a_hostile_bundle_line_like_any_unreadable_one(tmp_path, line):
    home = tmp_path / "anja"
    session, _digest = asyncio.run(make_session(home))
    good = tmp_path / "good.bundle"
    exported = run_beraad(
        "--data-dir", str(home), "export", "--format", "bundle", "-o", str(good), session
    )
    assert exported.returncode == 0, said(exported)
    lines = good.read_bytes().splitlines(keepends=True)
    paths = {}
    for name, bad in (("reference", UNREADABLE), ("hostile", line)):
        paths[name] = tmp_path / f"{name}.bundle"
        paths[name].write_bytes(b"".join(lines[:2]) + bad + b"\n" + b"".join(lines[2:]))
    for command in ("verify", "import"):
        results = {
            name: run_beraad("--data-dir", str(tmp_path / f"{command}-{name}"), command, str(path))
            for name, path in paths.items()
        }
        hostile, reference = results["hostile"], results["reference"]
        assert hostile.returncode == reference.returncode != 0, said(hostile)
        assert "Traceback" not in said(hostile)
        assert "set_int_max_str_digits" not in said(hostile)
        for result in (hostile, reference):
            assert "line 3 is not a record" in said(result).lower(), said(result)


@pytest.mark.parametrize("payload", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_journal_line_with_a_good_checksum_and_hostile_json_is_read_like_damage(
    tmp_path, payload
):
    results = {}
    for name, bad in (("reference", UNREADABLE), ("hostile", payload)):
        home = tmp_path / name
        session, _digest = asyncio.run(make_session(home))
        journal = home / "store" / "records.jsonl"
        lines = journal.read_bytes().count(b"\n")
        with journal.open("ab") as end:
            end.write(encode_line(bad, lines + 1))
        results[name] = run_beraad("--data-dir", str(home), "state", session)
    hostile, reference = results["hostile"], results["reference"]
    assert hostile.returncode == reference.returncode, said(hostile)
    assert "Traceback" not in said(hostile) and "set_int_max_str_digits" not in said(hostile)
    assert hostile.stderr == reference.stderr
    assert without_ids(hostile.stdout) == without_ids(reference.stdout)


def without_ids(printed: str) -> list[str]:
    """What ``state`` printed, less the lines naming the (per-run) session and its hash."""
    return [line for line in printed.splitlines() if not line.startswith(("session", "state hash"))]
