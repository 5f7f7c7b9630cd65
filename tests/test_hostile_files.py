"""Hostile files given to the real commands: a bundle line or a journal line no reader accepts.

Whatever the line holds (JSON cut short, an integer of 5,000 digits, an unclosed string of
escaped quotes), the person gets the same one-line refusal as for any unreadable input: never a
traceback, never Python's own words.
"""

from __future__ import annotations

import asyncio
import json

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


# Files in the data dir and beside it are anyone's to edit (attacker pass, session 5) ---------

#: An EC key on secp112r1: cryptography cannot load that curve at all (UnsupportedAlgorithm).
OLD_CURVE_KEY = b"""-----BEGIN PRIVATE KEY-----
ME4CAQAwEAYHKoZIzj0CAQYFK4EEAAYENzA1AgEBBA569AQLJ/GGelBk5hwfVaEg
Ax4ABBqq07pbDS1SpwrhttBvZ6YNbQnjkqN0HY7UGdI=
-----END PRIVATE KEY-----
"""


def _no_traceback(result) -> str:
    words = said(result)
    assert "Traceback" not in words and "Error:" not in words, words
    return words


def test_a_key_of_an_unloadable_curve_is_called_damaged_not_a_traceback(tmp_path):
    home = tmp_path / "anja"
    home.mkdir()
    (home / "identity.pem").write_bytes(OLD_CURVE_KEY)
    result = run_beraad("--data-dir", str(home), "--lang", "en", "whoami")
    assert result.returncode != 0
    assert "key file" in _no_traceback(result) and "damaged" in said(result)
    assert (home / "identity.pem").read_bytes() == OLD_CURVE_KEY  # left as it was


def test_a_profile_nested_too_deep_is_called_damaged_not_a_traceback(tmp_path):
    home = tmp_path / "anja"
    assert run_beraad("--data-dir", str(home), "whoami", "--name", "Anja").returncode == 0
    (home / "profile.json").write_bytes(b"[" * 50_000)  # under the 64 KiB cap
    result = run_beraad("--data-dir", str(home), "--lang", "en", "whoami")
    assert result.returncode != 0
    assert "profile" in _no_traceback(result) and "damaged" in said(result)


def test_a_profile_name_a_terminal_would_act_on_is_cleaned_when_read(tmp_path):
    home = tmp_path / "anja"
    assert run_beraad("--data-dir", str(home), "whoami", "--name", "Anja").returncode == 0
    profile = home / "profile.json"
    name = "\x1b[2J\x1b]0;owned\x07evil" + "A" * 500
    profile.write_text(json.dumps({"display_name": name, "chosen": True}))
    result = run_beraad("--data-dir", str(home), "--lang", "en", "whoami")
    assert result.returncode == 0, said(result)
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "A" * 61 not in result.stdout  # the name limit every peer checks (60)


def test_scenario_and_theme_files_nested_too_deep_say_so_in_words(tmp_path):
    from beraad.scenarios import ScenarioError, load_scenario
    from beraad.ui.scenarios import load_scenario as load_choice
    from beraad.ui.themes import ThemeFileError, load_theme_file

    deep = tmp_path / "deep.toml"
    deep.write_text("a = " + "[" * 5_000 + "]" * 5_000 + "\n")
    with pytest.raises(ScenarioError) as scenario:
        load_scenario(deep)
    assert "deep" in str(scenario.value) and "deep.toml" in str(scenario.value)
    with pytest.raises(ValueError, match="deep"):
        load_choice(deep)
    with pytest.raises(ThemeFileError, match="deep"):
        load_theme_file(deep)
