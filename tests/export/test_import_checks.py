"""``beraad import`` checks what ``beraad verify`` checks, and says so.

Tampered bundles as an attacker would make them, with real keys: a voter re-signs their own vote
after the export, a header's signature is broken, a header is signed by someone outside the
session. Verify rejects each; import must name the same problems and import nothing (unless
``--anyway``, which takes only what holds on its own and still lists the problems).
"""

from __future__ import annotations

import json

import pytest

from beraad.core.canonical import canonical_bytes
from beraad.core.identity import Identity
from tests.conftest import run_beraad
from tests.export.helpers import bundle_lines, honest_bundle, people, scripted

pytestmark = pytest.mark.timeout(120)

OUTSIDER = Identity.from_seed(b"\x99" * 32)


def revoted() -> list[bytes]:
    """The bundle of 'buurt' after a voter re-signed their revealed vote with one more dot."""
    _runner, lines = honest_bundle("buurt")
    index = next(
        i for i, line in enumerate(lines) if i and json.loads(line)["kind"] == "vote.reveal"
    )
    data = json.loads(lines[index])
    voter = next(p for p in people() if p.public_key == data["author"])
    dots = data["body"]["vote"]["dots"]
    dots[min(dots)] += 1  # one more dot on an option: a different vote, by the same voter
    unsigned = {k: v for k, v in data.items() if k != "sig"}
    data["sig"] = voter.sign(canonical_bytes(unsigned)).hex()
    lines[index] = canonical_bytes(data) + b"\n"
    return lines


def broken_header() -> list[bytes]:
    _runner, lines = honest_bundle("buurt")
    header = json.loads(lines[0])
    header["sig"] = ("0" if header["sig"][0] != "0" else "1") + header["sig"][1:]
    lines[0] = canonical_bytes(header) + b"\n"
    return lines


def exported_by_outsider() -> list[bytes]:
    runner = scripted("buurt")
    return bundle_lines(runner.records, OUTSIDER, runner.fold.state_hash())


CASES = {
    "revoted": (revoted, {"digest", "state_hash"}),
    "broken header": (broken_header, {"header"}),
    "outsider": (exported_by_outsider, {"exporter"}),
}


@pytest.mark.parametrize("case", CASES)
def test_import_refuses_what_verify_rejects_and_names_it(tmp_path, case):
    make, codes = CASES[case]
    bundle = tmp_path / "b.beraad"
    bundle.write_bytes(b"".join(make()))
    verified = run_beraad("verify", str(bundle))
    assert verified.returncode == 1, verified.stdout
    found = {c for c in codes if f"[{c}]" in verified.stdout}
    assert found == codes, verified.stdout
    home = str(tmp_path / "peer")
    imported = run_beraad("--data-dir", home, "import", str(bundle))
    assert imported.returncode == 1, imported.stdout + imported.stderr
    out = imported.stdout
    assert "Traceback" not in out + imported.stderr
    for code in codes:
        assert f"[{code}]" in out, out
    # The same problem lines as verify printed.
    verify_lines = {line for line in verified.stdout.splitlines() if line.startswith("  [")}
    assert verify_lines <= set(out.splitlines()), out
    assert "Nothing was imported." in out and "new records" not in out
    state = run_beraad("--data-dir", home, "state")
    assert "buurt" not in state.stdout.lower() and scripted("buurt").session not in state.stdout
    # --anyway takes what holds on its own and still lists every problem.
    anyway = run_beraad("--data-dir", home, "import", "--anyway", str(bundle))
    assert anyway.returncode == 1 and "new records" in anyway.stdout
    assert all(f"[{code}]" in anyway.stdout for code in codes), anyway.stdout


def test_an_honest_bundle_imports_and_says_verify_found_nothing(tmp_path):
    runner, lines = honest_bundle("buurt")
    bundle = tmp_path / "b.beraad"
    bundle.write_bytes(b"".join(lines))
    imported = run_beraad("--data-dir", str(tmp_path / "peer"), "import", str(bundle))
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert "verify: everything in this bundle holds." in imported.stdout
    assert f"{len(runner.records)} new records" in imported.stdout


def test_in_dutch(tmp_path):
    bundle = tmp_path / "b.beraad"
    bundle.write_bytes(b"".join(broken_header()))
    imported = run_beraad(
        "--data-dir", str(tmp_path / "peer"), "import", str(bundle), env={"BERAAD_LANG": "nl"}
    )
    assert imported.returncode == 1
    assert "Er is niets geïmporteerd." in imported.stdout, imported.stdout


async def test_a_record_dated_ahead_imports_as_verify_accepts_it(tmp_path):
    """Attack finding 8: ``verify`` accepted a bundle holding a record dated an hour ahead, while
    ``import`` held it in memory (gone at exit), blamed "records the bundle lacks" and reported
    another state hash than the header. A bundle is checked without this clock, like the
    journal: import stores what verify accepts and reaches the same hash."""
    import time

    from beraad.core.record import sign_record
    from beraad.export.bundle import encode_bundle
    from beraad.export.transfer import import_bundle
    from beraad.export.verify import verify_lines
    from beraad.node import Node

    node = await Node.open(tmp_path / "anja", discovery=False, listen=False)
    session = await node.create_session(invite=False, title="t", focus="f")
    records = node.records(session)
    last = records[-1]
    ahead = sign_record(
        node.identity, session=session, seq=last.seq + 1, prev=last.id,
        lamport=last.lamport + 1, at=int(time.time() * 1000) + 3_600_000, kind="fact.add",
        body={"title": "from an hour on", "text": ""},
    )  # fmt: skip
    await node.close()
    now = int(time.time() * 1000)
    claimed = verify_lines(
        list(encode_bundle(node.identity, session, [*records, ahead], "0" * 64, now))
    )
    path = tmp_path / "ahead.beraad"
    lines = encode_bundle(node.identity, session, [*records, ahead], claimed.state_hash, now)
    path.write_bytes(b"".join(lines))
    verified = verify_lines(path.read_bytes().splitlines(keepends=True))
    assert not verified.problems and verified.state_hash == claimed.state_hash

    other = await Node.open(tmp_path / "bart", discovery=False, listen=False)
    try:
        report = import_bundle(other, path)
        assert report.new == len(records) + 1 and report.waiting == 0 and report.matches_header
    finally:
        await other.close()
    again = await Node.open(tmp_path / "bart", discovery=False, listen=False)
    try:
        assert again.holds(ahead.id) and again.state_hash(session) == claimed.state_hash
    finally:
        await again.close()


async def test_a_key_a_guest_admitted_is_no_member_in_verify_or_import(tmp_path):
    """Attack finding 2 in a bundle: a guest's ``member.admit`` is refused by the fold, so the
    key it names writes nothing, in verify as on a peer; import and verify reach one hash."""
    import time

    from beraad.core.record import sign_record
    from beraad.export.bundle import encode_bundle
    from beraad.export.transfer import import_bundle
    from beraad.export.verify import verify_lines
    from beraad.node import Node

    guest, ghost = Identity.from_seed(b"\x42" * 32), Identity.from_seed(b"\x43" * 32)
    node = await Node.open(tmp_path / "anja", discovery=False, listen=False)
    session = await node.create_session(invite=False, title="t", focus="f")
    await node.contribute(
        session, "member.admit", {"member": guest.public_key, "name": "g", "role": "guest"}
    )
    now = int(time.time() * 1000)
    lamport = max(r.lamport for r in node.records(session))
    admit = sign_record(
        guest, session=session, seq=1, prev=None, lamport=lamport + 1, at=now,
        kind="member.admit", body={"member": ghost.public_key, "name": "z"},
    )  # fmt: skip
    knot = sign_record(
        ghost, session=session, seq=1, prev=None, lamport=lamport + 2, at=now,
        kind="knot.add", body={"text": "a ghost's knot"},
    )  # fmt: skip
    records = [*node.records(session), admit, knot]
    await node.close()
    claimed = verify_lines(list(encode_bundle(node.identity, session, records, "0" * 64, now)))
    assert ghost.public_key not in claimed.state.members
    path = tmp_path / "ghost.beraad"
    path.write_bytes(
        b"".join(encode_bundle(node.identity, session, records, claimed.state_hash, now))
    )
    verified = verify_lines(path.read_bytes().splitlines(keepends=True))
    assert [p.code for p in verified.problems] == ["member"]  # the ghost's knot: no member
    other = await Node.open(tmp_path / "bart", discovery=False, listen=False)
    try:
        report = import_bundle(other, path, anyway=True)
        assert report.not_members == 1 and report.waiting == 0 and report.matches_header
        assert not other.holds(knot.id) and other.holds(admit.id)
    finally:
        await other.close()


async def test_a_member_admitted_in_the_bundle_writing_ahead_imports_as_verify_accepts(tmp_path):
    """Attack s5 finding 8: a member admitted inside a bundle wrote records dated 20 minutes
    ahead of this machine's clock. ``verify`` accepted them (it has no clock); ``import``
    dropped them, because what waited for the admission was placed with this machine's clock,
    and blamed "records the bundle lacks". Import places them without the clock, as verify."""
    import time

    from beraad.core.record import sign_record
    from beraad.core.replica import session_id_for
    from beraad.core.session import admit_body, open_body
    from beraad.export.bundle import encode_bundle
    from beraad.export.transfer import import_bundle
    from beraad.export.verify import verify_lines
    from beraad.node import Node

    creator, member = Identity.from_seed(b"\x01" * 32), Identity.from_seed(b"\x02" * 32)
    nonce = "0" * 31 + "1"
    session = session_id_for(creator.public_key, nonce)
    ahead = int(time.time() * 1000) + 20 * 60_000

    def signed(who, seq, prev, lamport, kind, body):
        return sign_record(
            who, session=session, seq=seq, prev=prev, lamport=lamport, at=ahead, kind=kind,
            body=body,
        )  # fmt: skip

    opened = signed(creator, 1, None, 1, "session.open", {**open_body("t", "f"), "nonce": nonce})
    admit = signed(creator, 2, opened.id, 2, "member.admit", admit_body(member.public_key, "m"))
    fact = signed(member, 1, None, 3, "fact.add", {"title": "dated ahead", "text": "x"})
    records = [opened, admit, fact]
    now = int(time.time() * 1000)
    claimed = verify_lines(list(encode_bundle(creator, session, records, "0" * 64, now)))
    assert claimed.accepted == 3
    path = tmp_path / "ahead.beraad"
    path.write_bytes(b"".join(encode_bundle(creator, session, records, claimed.state_hash, now)))
    assert not verify_lines(path.read_bytes().splitlines(keepends=True)).problems
    other = await Node.open(tmp_path / "bart", discovery=False, listen=False)
    try:
        report = import_bundle(other, path)
        assert (report.new, report.waiting, report.not_members) == (3, 0, 0)
        assert report.matches_header and other.holds(fact.id)
    finally:
        await other.close()
