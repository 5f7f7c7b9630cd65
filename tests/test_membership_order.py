"""Who is a member never depends on arrival order (attack s5 finding 4).

M1 admits X (waiting for confirmation) and X writes a record. Five other members then send 100
admissions each, with lamports below M1's admission: in the fold's order the session is full
(500) before M1's admission, which is refused. A peer that took X's record while the fold still
counted X holds it; a peer that got the admissions first never lets X write. Both must reach the
same state hash, and the bundle of each must pass ``verify``. Real nodes, records down the one
path (``Node.ingest``), the bundles checked by the real ``beraad verify``.
"""

from __future__ import annotations

import time

import pytest

from beraad.core.identity import Identity
from beraad.core.record import Record, sign_record
from beraad.core.replica import session_id_for
from beraad.core.session import admit_body, open_body
from beraad.export.transfer import export_bundle, import_bundle
from beraad.node import Node
from tests.conftest import run_beraad

pytestmark = pytest.mark.timeout(180)

NONCE = "00112233445566778899aabbccddeeff"


class _Chain:
    def __init__(self, who: Identity, session: str) -> None:
        self.who, self.session, self.seq, self.prev = who, session, 0, None

    def sign(self, kind: str, body: dict, lamport: int, at: int) -> Record:
        self.seq += 1
        record = sign_record(
            self.who, session=self.session, seq=self.seq, prev=self.prev, lamport=lamport,
            at=at, kind=kind, body=body,
        )  # fmt: skip
        self.prev = record.id
        return record


def _records() -> tuple[str, list[Record], list[Record], list[Record]]:
    creator = Identity.from_seed(b"\x01" * 32)
    members = [Identity.from_seed(bytes([0x10 + i]) * 32) for i in range(6)]
    x = Identity.from_seed(b"\x77" * 32)
    session = session_id_for(creator.public_key, NONCE)
    at = int(time.time() * 1000) - 3_600_000
    opener = _Chain(creator, session)
    opened = {**open_body("t", "f", admission="confirmed"), "nonce": NONCE}
    base = [opener.sign("session.open", opened, 1, at)]
    for i, member in enumerate(members):
        base.append(opener.sign("member.admit", admit_body(member.public_key, f"m{i}"), 2 + i, at))
    admit_x = _Chain(members[0], session).sign(
        "member.admit", admit_body(x.public_key, "x"), 1000, at
    )
    by_x = _Chain(x, session).sign("fact.add", {"title": "X was here", "text": "x"}, 1001, at)
    late = []
    for j, member in enumerate(members[1:]):
        chain = _Chain(member, session)
        for k in range(100):
            key = Identity.from_seed(bytes([0x80 + j, k]) + b"\x00" * 30).public_key
            late.append(chain.sign("member.admit", admit_body(key, f"p{j}_{k}"), 10 + k, at))
    return session, base, [admit_x, by_x], late


async def test_a_back_dated_batch_of_admissions_gives_one_hash_in_every_order(tmp_path):
    session, base, early, late = _records()
    by_x = early[1]
    orders = {
        "x_first": [base + early, late],
        "all_at_once": [base + early + late],
        "late_first": [base, late, early],
    }
    hashes, bundles = {}, {}
    for name, steps in orders.items():
        (tmp_path / name).mkdir()  # each peer is the creator's (a member's bundle, signed by one)
        (tmp_path / name / "identity.pem").write_bytes(Identity.from_seed(b"\x01" * 32).to_pem())
        node = await Node.open(tmp_path / name, discovery=False, listen=False)
        try:
            for step in steps:
                node.ingest(session, step)
            hashes[name] = node.state_hash(session)
            assert by_x.id not in node.rejected(session)  # no trace of X in the state
            if name == "x_first":
                assert node.holds(by_x.id) and node.refused(session, by_x.id)
            if name == "late_first":
                assert not node.holds(by_x.id)
            bundles[name] = tmp_path / f"{name}.beraad"
            export_bundle(node, session, bundles[name])
        finally:
            await node.close()
    assert len(set(hashes.values())) == 1, hashes
    for name, path in bundles.items():
        checked = run_beraad("verify", str(path))
        assert checked.returncode == 0, (name, checked.stdout[-2000:])
    # The bundle holding X's record imports to the same hash, X's record not taken.
    other = await Node.open(tmp_path / "importer", discovery=False, listen=False)
    try:
        report = import_bundle(other, bundles["x_first"])
        assert report.matches_header and report.state_hash == hashes["late_first"]
        assert report.not_members == 1 and not report.refused and not report.problems
    finally:
        await other.close()
