"""A bundle built to crash the reader: deep nesting where a header or record should be.

``beraad verify`` and ``beraad import`` must each answer with a clear line and an exit code,
never a traceback, and keep what is good.
"""

from __future__ import annotations

import pytest

from beraad.core.canonical import canonical_bytes
from tests.conftest import run_beraad
from tests.export.helpers import honest_bundle, people, scripted

pytestmark = pytest.mark.timeout(120)

BOMB = b"[" * 700 + b"]" * 700 + b"\n"


def no_traceback(result) -> None:
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "RecursionError" not in output, output


def deep_but_signed() -> bytes:
    """A record by a real member, well signed, whose body nests 300 levels deep."""
    runner = scripted("buurt")
    author = people()[1]
    own = [r for r in runner.records if r.author == author.public_key]
    body: object = "x"
    for _ in range(300):
        body = [body]
    unsigned = {
        "v": 1,
        "session": runner.session,
        "author": author.public_key,
        "seq": len(own) + 1,
        "prev": own[-1].id,
        "lamport": max(r.lamport for r in runner.records) + 1,
        "at": runner.records[-1].at + 1000,
        "kind": "knot.add",
        "body": {"text": body},
    }
    return canonical_bytes({**unsigned, "sig": author.sign(canonical_bytes(unsigned)).hex()})


@pytest.mark.parametrize("command", ["verify", "import"])
def test_a_nested_header_is_refused_in_one_line(tmp_path, command):
    bundle = tmp_path / "bomb.beraad"
    bundle.write_bytes(BOMB)
    result = run_beraad(command, str(bundle))
    no_traceback(result)
    assert result.returncode != 0
    assert "nested deeper than" in result.stdout + result.stderr


@pytest.mark.parametrize("command", ["verify", "import"])
def test_nested_record_lines_are_refused_and_the_rest_is_read(tmp_path, command):
    runner, lines = honest_bundle("buurt")
    bundle = tmp_path / "bomb.beraad"
    bundle.write_bytes(b"".join(lines) + BOMB + deep_but_signed() + b"\n")
    result = run_beraad(command, str(bundle))
    no_traceback(result)
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    bomb_line, deep_line = len(lines) + 1, len(lines) + 2
    assert f"{bomb_line}" in out and "nested deeper than" in out, out
    assert f"{deep_line}" in out and "nests deeper than" in out, out
    if command == "import":
        assert "Nothing was imported" in out and "--anyway" in out
        result = run_beraad(command, "--anyway", str(bundle))
        no_traceback(result)
        assert result.returncode == 1
        assert f"{len(runner.records)} new records" in result.stdout
        assert "2 refused" in result.stdout, result.stdout


def test_a_signed_record_with_an_absurd_lamport_is_named_by_verify_and_import(tmp_path):
    runner, lines = honest_bundle("buurt")
    author = people()[1]
    own = [r for r in runner.records if r.author == author.public_key]
    unsigned = {
        "v": 1,
        "session": runner.session,
        "author": author.public_key,
        "seq": len(own) + 1,
        "prev": own[-1].id,
        "lamport": 2**53 - 1,
        "at": runner.records[-1].at + 1000,
        "kind": "member.name",
        "body": {"name": "forever"},
    }
    line = canonical_bytes({**unsigned, "sig": author.sign(canonical_bytes(unsigned)).hex()})
    bundle = tmp_path / "far.beraad"
    bundle.write_bytes(b"".join(lines) + line + b"\n")
    verified = run_beraad("verify", str(bundle))
    no_traceback(verified)
    assert verified.returncode == 1
    assert "[lamport]" in verified.stdout and f"line {len(lines) + 1}" in verified.stdout.lower()
    imported = run_beraad("--data-dir", str(tmp_path / "peer"), "import", "--anyway", str(bundle))
    no_traceback(imported)
    assert "[lamport]" in imported.stdout
    assert f"{len(runner.records)} new records" in imported.stdout
