"""A ladder of lower and lower fork proofs costs about what one proof costs (attack s6).

Mallory, a member, has 201 records in the session. She then signs a second record at seq 201,
200, 199, … 2 — each a proof of a fork one lower than the last — and sends them to anja over a
real link on loopback. Each moved the set-aside line down, and each cost its own ``fdatasync``
on the event loop and its own refold: about 16 s of a frozen node for 200 proofs. Only the
lowest fork per author matters. The test counts (no timing): durable writes of anja's journal,
refolds of her fold, and what she sends on to bart, her other peer.

* Sent together (one message): one write, at most one refold, one proof sent on.
* Sent one by one: the proofs after the first wait for the session's calm time and are kept
  together (``links._ingest_verified``): a few writes and refolds, not two hundred; also when
  their lamports are past everything held (they do not sort into the past).
* Proofs at or above the known lowest fork are no news: no refold, no new fork. Since 6
  December 2026 they are a forker's records set aside, kept and sent on once (each peer must
  count them alike for the lamport step, ``core/forks.py``): gathered like the proofs, a few
  writes for two hundred, not one each.
"""

from __future__ import annotations

import pytest

from beraad.core import session as model
from beraad.core.identity import Identity
from beraad.core.record import Record, sign_record
from beraad.events import ForkDetected
from beraad.node import Node
from tests.hostile_link import hostile_link

pytestmark = pytest.mark.timeout(180)

MALLORY = Identity.from_seed(b"\x4d" * 32)
PIA = Identity.from_seed(b"\x50" * 32)
RUNGS = 200  # one message holds at most 256 records
#: Written one by one, the proofs are gathered by the calm time after each fork: a handful of
#: writes in practice; this bound is a tenth of one write per proof.
ONE_BY_ONE_MAX = RUNGS // 10


def _note(identity: Identity, session: str, seq: int, prev: str | None, lamport: int, text: str):
    body = {"target": None, "type": "experience", "text": text}
    return sign_record(
        identity, session=session, seq=seq, prev=prev, lamport=lamport, at=0,
        kind="note.add", body=body,
    )  # fmt: skip


async def _send(connection, records: list[Record]) -> None:
    await connection.send({"t": "records", "records": [r.to_dict() for r in records]})


@pytest.mark.parametrize("how", ["one_message", "one_by_one", "one_by_one_ahead"])
async def test_a_ladder_of_fork_proofs_costs_one_write_and_refold(tmp_path, how):
    """``ahead``: each proof signed with a lamport past everything held, as a forker signing
    them one after the other would: they do not sort into the past, and are gathered as
    proofs of a fork all the same."""
    together = how == "one_message"
    anja = await Node.open(tmp_path / "anja", host="127.0.0.1", discovery=False)
    bart = await Node.open(tmp_path / "bart", host="127.0.0.1", discovery=False)
    connection = task = None
    try:
        invitation = await anja.create_session(title="t", focus="f")
        session = invitation.session
        await bart.join(invitation.code, address=anja.address)
        for key, name in ((MALLORY.public_key, "Mallory"), (PIA.public_key, "Pia")):
            await anja.contribute(session, "member.admit", model.admit_body(key, name))
        await anja.contribute(session, "phase.move", model.move_body("knots"))
        top = max(r.lamport for r in anja.records(session))
        chain: list[Record] = []
        for seq in range(1, RUNGS + 2):
            prev = chain[-1].id if chain else None
            chain.append(_note(MALLORY, session, seq, prev, top + seq, f"note {seq}"))
        group_key = anja._sessions[session].group_key
        connection, task = await hostile_link(anja, session, group_key, MALLORY)
        await _send(connection, chain)
        await bart.wait_for(lambda: bart.holds(chain[-1].id))
        assert not anja.set_aside(session)

        forks = {"anja": 0, "bart": 0}
        anja.subscribe(lambda e: forks.__setitem__("anja", forks["anja"] + _fork(e)))
        bart.subscribe(lambda e: forks.__setitem__("bart", forks["bart"] + _fork(e)))
        fold = anja._sessions[session].fold
        syncs, refolds = anja.store.syncs, fold.refolds
        # seq 201, 200, … 2: each a second record at a place anja holds, one lower each time.
        ladder = [
            _note(MALLORY, session, seq, chain[seq - 2].id, lamport, f"other {seq}")
            for n, seq in enumerate(range(RUNGS + 1, 1, -1))
            for lamport in [top + RUNGS + 10 + n if how.endswith("ahead") else top + seq]
        ]
        if together:
            await _send(connection, ladder)
        else:
            for proof in ladder:
                await _send(connection, [proof])
        for node in (anja, bart):
            await node.wait_for(lambda n=node: n.set_aside(session) == {MALLORY.public_key: 2})
        writes, folds = anja.store.syncs - syncs, fold.refolds - refolds
        if together:
            assert writes == 1, writes
            assert folds <= 1, folds
            assert forks == {"anja": 1, "bart": 1}
            assert len(_proofs(anja, session)) == 1
            assert len(_proofs(bart, session)) == 1  # only the lowest was sent on
        else:
            assert 1 <= writes <= ONE_BY_ONE_MAX, writes
            assert folds <= writes, folds
            assert len(_proofs(anja, session)) <= writes
        assert anja.state_hash(session) == bart.state_hash(session)
        assert chain[0].id in {r.id for r in anja.records(session)}  # before the fork: counts

        # Proofs at or above the lowest fork (seq 2) are no news: they cost nothing at all.
        syncs, refolds = anja.store.syncs, fold.refolds
        seen, held = dict(forks), len(_proofs(bart, session))
        for seq in range(3, RUNGS + 2):
            await _send(
                connection, [_note(MALLORY, session, seq, chain[seq - 2].id, top + seq, f"x {seq}")]
            )
        # A sentinel behind them on the same link: once bart holds it, anja has taken
        # everything sent before it and passed on whatever she passes on.
        sentinel = _note(PIA, session, 1, None, top + RUNGS + 5, "Pia is here")
        await _send(connection, [sentinel])
        await bart.wait_for(lambda: bart.holds(sentinel.id))
        # the sentinel's own record, and the forker's set-aside records kept together
        assert 1 <= anja.store.syncs - syncs <= 1 + ONE_BY_ONE_MAX
        assert fold.refolds == refolds
        assert forks == seen
        assert len(_proofs(bart, session)) == held  # no new proof sent on
    finally:
        if connection is not None:
            await connection.close()
            task.cancel()
        await bart.close()
        await anja.close()
    reopened = await Node.open(tmp_path / "anja", discovery=False, listen=False)
    try:
        assert reopened.set_aside(session) == {MALLORY.public_key: 2}  # the proof is read back
    finally:
        await reopened.close()


def _proofs(node: Node, session: str) -> list:
    """The fork proofs a node keeps (both copies), not the forker's records kept set aside."""
    return [group for group in node.store.evidence(session) if len(group) > 1]


def _fork(event: object) -> int:
    return int(isinstance(event, ForkDetected))


async def test_a_bundle_holding_a_ladder_keeps_one_proof_and_refolds_once(tmp_path):
    """A bundle is taken in steps of ``OFFER_STEP`` records: a ladder of 300 proofs in it spans
    two steps and still costs one write of evidence and at most one refold (``Node._ingest``)."""
    from beraad.core.session import open_body
    from beraad.export.bundle import encode_bundle
    from beraad.export.transfer import import_bundle
    from beraad.export.verify import verify_lines
    from tests.core.writer import SessionWriter

    rungs = 300
    writer = SessionWriter(PIA, "ab" * 16)
    body = open_body("t", "f", "blank", "en", "facilitator", "consent", nonce="ab" * 16)
    writer.ok(PIA, "session.open", body)
    writer.ok(PIA, "member.admit", model.admit_body(MALLORY.public_key, "Mallory"))
    writer.ok(PIA, "phase.move", model.move_body("knots"))
    chain = [
        writer.write(MALLORY, "note.add", {"target": None, "type": "experience", "text": str(n)})
        for n in range(rungs + 1)
    ]
    # Lamports that sort the ladder high to low: in the bundle's (fold) order each proof is
    # one lower than the one before, as when they are sent one by one.
    top = writer.lamport + 2 * rungs
    ladder = [_note(MALLORY, writer.session, r.seq, r.prev, top - r.seq, "x") for r in chain[1:]]
    records = sorted([*writer.records, *ladder], key=lambda r: (r.order_key, r.id))

    def lines(state_hash: str) -> list[bytes]:
        return list(encode_bundle(PIA, writer.session, records, state_hash, 1_700_000_000_000))

    state_hash = verify_lines(lines("0" * 64)).state_hash
    path = tmp_path / "ladder.beraad"
    path.write_bytes(b"".join(lines(state_hash)))
    node = await Node.open(tmp_path / "dirk", discovery=False, listen=False)
    try:
        report = import_bundle(node, path)
        assert not report.problems and report.state_hash == state_hash
        assert node.set_aside(writer.session) == {MALLORY.public_key: 2}
        assert len(_proofs(node, writer.session)) == 1
        assert node._sessions[writer.session].fold.refolds <= 1
        assert node.state_hash(writer.session) == state_hash
    finally:
        await node.close()
