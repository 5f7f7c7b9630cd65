"""What is read back from one's own data dir is checked as the one path checks a peer's records
(attack s16 #2, #4). Lines written into Chris's journal with right line numbers and checksums but
no valid signature — a move "by Anja", a fork "proof" against Anja — entered his state, and the
forged move made him take Anja's real record as a fork: the two nodes never converged. His own
record at lamport 10^12 was taken silently and his next one signed past it, which every peer
holds back. Real stores, real signatures, real nodes on loopback; said in Dutch."""

from __future__ import annotations

import time

import pytest

from benchmarks.ui import NONCE, Writer
from beraad.core import session as bodies
from beraad.core.record import Record, sign_record
from beraad.i18n import set_language
from beraad.node import Node, NodeError
from beraad.read_back import clock_ahead_words, unsigned_words
from beraad.store import RecordStore
from tests.test_node import converged
from tests.ui.stored_app import store_session

pytestmark = pytest.mark.timeout(90)


def plein() -> Writer:
    """Anja opens "Plein", admits Bart and Chris and moves to Knots; Chris adds a knot."""
    w = Writer()
    w.write(0, "session.open", {**bodies.open_body("Plein", "Safer?"), "nonce": NONCE})
    w.write(0, "member.name", bodies.name_body("Anja"))
    w.write(0, "member.admit", bodies.admit_body(w.who[1].public_key, "Bart"))
    w.write(0, "member.admit", bodies.admit_body(w.who[2].public_key, "Chris"))
    w.write(0, "phase.move", bodies.move_body("knots"))
    w.write(2, "knot.add", bodies.text_body("Chris: no benches"))
    return w


def forged(w: Writer, member: int, kind: str, body: dict, **place: int | str | None) -> Record:
    """``member``'s next record (or at ``place``) with a signature that is not theirs."""
    real = sign_record(
        w.who[member],
        session=w.session,
        seq=place.get("seq") or w.seq[member] + 1,
        prev=place.get("prev", w.prev[member]),
        lamport=place.get("lamport") or w.lamport + 1,
        at=int(time.time() * 1000),
        kind=kind,
        body=body,
    )
    return Record.from_dict({**real.to_dict(), "sig": "00" * 64})


def written_in(home, records=(), evidence=()) -> None:
    """Lines added to the journal as the store writes them: right numbers, right checksums."""
    with RecordStore.open(home) as store:
        store.append_many(list(records))
        for group in evidence:
            store.put_evidence(group[0].session, group)


async def test_a_forged_line_by_anja_is_set_aside_said_and_anjas_real_record_taken(tmp_path):
    """Chris's data dir holds a move to Criteria "by Anja" at her next seq; Anja, online, moves
    to Positions with her real next record. Chris's node sets the forged line aside (said in
    Dutch), takes Anja's real record (no fork) and both nodes agree, on her next move too.
    Before: Chris stayed in Knots, 'fork: Anja signed two records at seq 4', never converged."""
    w = plein()
    store_session(w, tmp_path / "anja")
    store_session(w, tmp_path / "chris", identity=w.who[2], name="Chris")
    fake = forged(w, 0, "phase.move", bodies.move_body("criteria"))
    written_in(tmp_path / "chris", [fake])
    set_language("nl")
    anja = await Node.open(tmp_path / "anja", host="127.0.0.1", discovery=False)
    chris = await Node.open(tmp_path / "chris", host="127.0.0.1", discovery=False)
    try:
        await chris.read_back_checked()
        assert not chris.holds(fake.id)
        assert chris.state(w.session).phase == "knots"
        said = unsigned_words("Plein", 1)
        assert said.startswith("1 record in je gegevensmap voor “Plein” is niet ondertekend")
        assert said in chris.recovered  # the app shows these where people look
        await anja.contribute(w.session, "phase.move", bodies.move_body("positions"))
        assert await chris.connect(anja.address)
        await converged([anja, chris], w.session, timeout=30)
        assert chris.state(w.session).phase == "positions"
        assert not chris._session(w.session).replica.set_aside()  # nobody forked
        move = await anja.contribute(w.session, "phase.move", bodies.move_body("criteria"))
        await chris.wait_for(lambda: chris.holds(move.id), timeout=30)
        await converged([anja, chris], w.session, timeout=30)
    finally:
        await anja.close()
        await chris.close()
    said_once(tmp_path / "chris", fake)


def said_once(home, fake: Record) -> None:
    """The forged line was copied aside and the journal rewritten without it: the next start
    finds nothing to say (readback16 left: it was said again at every start)."""
    forged_sig = b'"sig":"' + b"0" * 128
    (copy,) = (home / "store").glob("records.jsonl.unsigned-*")
    assert forged_sig in copy.read_bytes()
    assert forged_sig not in (home / "store" / "records.jsonl").read_bytes()
    with RecordStore.open(home, readonly=True) as store:
        assert not store.has(fake.id) and store.recovered == []


async def test_a_forged_fork_proof_never_sets_anja_aside(tmp_path):
    """An evidence line: Anja's real move to Knots and a forged record at the same seq. Read
    as proof, Chris's node set Anja aside from that seq: back in the Opening, no word of it.
    Checked at once as the session is read (beraad state's read-only look too)."""
    w = plein()
    w.write(0, "phase.move", bodies.move_body("positions"))
    home = tmp_path / "chris"
    store_session(w, home, identity=w.who[2], name="Chris")
    real = w.records[4]
    fake = forged(
        w, 0, "knot.add", bodies.text_body("forged"), seq=real.seq, prev=real.prev, lamport=5
    )
    written_in(home, evidence=[[real, fake]])
    set_language("nl")
    for readonly in (True, False):
        node = await Node.open(home, readonly=readonly, discovery=False, listen=False)
        try:
            assert node.state(w.session).phase == "positions"
            assert not node._session(w.session).replica.set_aside()
            assert node.store.evidence(w.session) == []
            assert fake.id not in {r.id for r in node.bundle_records(w.session)}
            assert unsigned_words("Plein", 1) in node.recovered
        finally:
            await node.close()
    said_once(home, fake)


async def test_a_forged_record_is_left_out_of_a_read_only_look(tmp_path):
    """beraad state reads read-only: it answers on checked records only, and says it."""
    w = plein()
    home = tmp_path / "chris"
    store_session(w, home, identity=w.who[2], name="Chris")
    fake = forged(w, 0, "phase.move", bodies.move_body("criteria"))
    written_in(home, [fake])
    set_language("nl")
    node = await Node.open(home, readonly=True)
    try:
        assert node.state(w.session).phase == "knots"
        assert not node.holds(fake.id)
        assert unsigned_words("Plein", 1) in node.recovered
    finally:
        await node.close()


async def test_ones_own_record_far_ahead_is_said_and_nothing_signed_on_its_clock(tmp_path):
    """Chris's own record at lamport 10^12 in his journal (really signed: his key): every peer
    holds it and all he signs after it as "lamport ahead". Said on opening, and his next
    contribution is refused in Dutch instead of signed at 10^12 + 1; nothing held is lost."""
    w = plein()
    home = tmp_path / "chris"
    store_session(w, home, identity=w.who[2], name="Chris")
    high = sign_record(
        w.who[2],
        session=w.session,
        seq=w.seq[2] + 1,
        prev=w.prev[2],
        lamport=10**12,
        at=int(time.time() * 1000),
        kind="knot.add",
        body=bodies.text_body("climb"),
    )
    written_in(home, [high])
    set_language("nl")
    node = await Node.open(home, discovery=False, listen=False)
    try:
        said = clock_ahead_words(high)
        assert said.startswith("Je eigen record 2 in deze gegevensmap draagt een klok (1000000")
        assert said in node.recovered  # said on opening, where people look
        held = node.records(w.session)
        with pytest.raises(NodeError) as refused:
            await node.contribute(w.session, "knot.add", bodies.text_body("benches"))
        assert str(refused.value) == said
        assert node.records(w.session) == held
    finally:
        await node.close()


async def test_a_forged_record_of_ones_own_never_holds_ones_writing_back(tmp_path):
    """Chris's data dir holds a knot "by Chris" at his next seq with a signature that is not
    his. It is set aside at read-back, and he writes at that seq at once: it never existed.
    Before, its seq stayed "used" until a restart: "your own record 2 is missing on this
    device … it comes back from a peer", which no peer could do (attack s17 #3)."""
    w = plein()
    store_session(w, tmp_path / "chris", identity=w.who[2], name="Chris")
    fake = forged(w, 2, "knot.add", bodies.text_body("Chris: forged"))
    written_in(tmp_path / "chris", [fake])
    chris = await Node.open(tmp_path / "chris", host="127.0.0.1", discovery=False)
    try:
        await chris.read_back_checked()
        assert not chris.holds(fake.id) and not chris.writes_wait(w.session)
        record = await chris.contribute(w.session, "knot.add", bodies.text_body("Chris, real"))
        assert record.seq == fake.seq and chris.store.evidence(w.session) == []
    finally:
        await chris.close()
