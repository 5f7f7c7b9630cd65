"""A damaged line of one's own journal never makes one a forker (naive s16 N1).

Bart's record 3 was damaged; his records 4 and on waited for it; offline he typed a knot and
the node signed a NEW record 3 (the frontier stopped at the gap): fork evidence against
himself, and every peer would set his records aside from 3 on. Now nothing of his is signed
while his own chain has a gap here, and he is told why; linked to a peer, the gap fills and
writing works, with no fork anywhere. Real nodes on loopback, real stores and signatures, the
line damaged in the file itself.
"""

from __future__ import annotations

import pytest

from beraad.core.record import sign_record
from beraad.node import Node, NodeError
from beraad.store.own_heads import OWN_FILE
from beraad.store.records import JOURNAL_FILE, STORE_DIR
from beraad.waiting_words import author_of
from tests.hostile_link import hostile_link
from tests.node_waits import joined_in_knots, until

pytestmark = pytest.mark.timeout(120)


async def _bart_wrote(tmp_path, knots: int, answer: bool = True):
    """Anja opens, Bart joins and writes ``knots`` knots; Anja holds them all and ``answer``s
    on them (else Bart's device keeps a local value of its own after them). Bart closed."""
    anja, bart, session = await joined_in_knots(tmp_path / "anja", tmp_path / "bart", "Speeltuin")
    try:
        await until(lambda: bart.state(session).phase == "knots", bart, timeout=60)
        for n in range(knots):
            await bart.contribute(session, "knot.add", {"text": f"Bart knot {n}"})
        await until(
            lambda: len(anja.records(session)) == len(bart.records(session)), anja, timeout=60
        )
        if answer:  # her record lists his last one as seen
            await anja.contribute(session, "knot.add", {"text": "Anja after Bart"})
            await until(lambda: len(bart.records(session)) == len(anja.records(session)), bart)
        else:  # a device-local line after his last record (as "away" and "seen" markers)
            bart.set_local_values(session, {"note": "after"})
        held = {record.id for record in anja.records(session)}
    finally:
        await bart.close()
    return anja, session, held


def _damage(tmp_path, text: bytes, cut: bool = False) -> None:
    """Flip one bit of the line holding ``text`` in Bart's journal, or cut the line short
    there (as ``D`` in vi does: the newline stays)."""
    journal = tmp_path / "bart" / STORE_DIR / JOURNAL_FILE
    data = bytearray(journal.read_bytes())
    at = data.index(text)
    if cut:
        end = data.index(b"\n", at)
        del data[at:end]
    else:
        data[at] ^= 0x20
    journal.write_bytes(bytes(data))


async def _linked_writes_again(anja: Node, bart: Node, session: str, held: set, seq: int) -> None:
    """Bart links to Anja: what she holds of his comes back, and his next knot is signed at
    ``seq`` and reaches her, with no fork evidence on either side."""
    await bart.connect(anja.address)
    await until(lambda: {r.id for r in bart.records(session)} == held, bart, timeout=60)
    record = await bart.contribute(session, "knot.add", {"text": "Swings, now"})
    assert record.seq == seq
    await until(lambda: anja.holds(record.id), anja, timeout=60)
    assert bart.store.evidence(session) == [] and anja.store.evidence(session) == []


async def _own_3_missing(bart: Node, session: str) -> None:
    """Bart's chain here stops at his record 2, and nothing of his is signed at 3: "your own
    record 3 is missing"; no fork evidence."""
    me = bart.identity.public_key
    assert [r.seq for r in bart.store.chain(session, me)] == [1, 2]
    with pytest.raises(NodeError) as refused:
        await bart.contribute(session, "knot.add", {"text": "Swings"})
    assert "your own record 3 is missing" in " ".join(str(refused.value).split())
    assert bart.store.evidence(session) == []


def _delete_line(tmp_path, text: bytes) -> None:
    """Delete the line holding ``text`` from Bart's journal whole (vi ``dd``)."""
    journal = tmp_path / "bart" / STORE_DIR / JOURNAL_FILE
    lines = journal.read_bytes().splitlines(keepends=True)
    journal.write_bytes(b"".join(line for line in lines if text not in line))


def _journal_lines(tmp_path) -> int:
    return (tmp_path / "bart" / STORE_DIR / JOURNAL_FILE).read_bytes().count(b"\n")


async def test_own_gap_signs_nothing_offline_and_writing_works_once_linked(tmp_path):
    anja, session, held = await _bart_wrote(tmp_path, knots=4)
    me = None
    try:
        # Bart's seq: 1 his name, 2 and on his knots: "Bart knot 1" is his record 3.
        _damage(tmp_path, b"Bart knot 1")
        bart = await Node.open(tmp_path / "bart", host="127.0.0.1", discovery=False)
        try:
            me = bart.identity.public_key
            assert any("set aside" in note for note in bart.recovered)
            lines = _journal_lines(tmp_path)
            # Offline, he writes: before, a second record 3 was signed and kept as evidence.
            with pytest.raises(NodeError) as refused:
                await bart.contribute(session, "knot.add", {"text": "Swings for the little ones"})
            said = " ".join(str(refused.value).split())
            assert "your own record 3 is missing on this device (2 later ones" in said, said
            assert "What you typed is kept" in said
            # A vote, a position, a name: every record of his takes the one path.
            with pytest.raises(NodeError):
                await bart.contribute(session, "member.name", {"name": "Bart B."})
            assert _journal_lines(tmp_path) == lines  # nothing signed, nothing stored
            assert bart.store.evidence(session) == []
            assert [r.seq for r in bart.store.chain(session, me)] == [1, 2, 4, 5]

            # Linked to Anja, his record 3 comes back and he writes again, at seq 6.
            await _linked_writes_again(anja, bart, session, held, seq=6)
        finally:
            await bart.close()
    finally:
        await anja.close()


async def test_own_last_record_cut_in_half_signs_nothing_until_a_peer_said(tmp_path):
    """His last record is the damaged line, cut in its text (its seq is unreadable), and no
    one else's record names it, and the number of his records kept outside the journal is
    gone too (a data dir from before it): the node neither reuses a seq nor guesses one,
    until Anja's hello says what she holds of him."""
    anja, session, held = await _bart_wrote(tmp_path, knots=2, answer=False)
    try:
        _damage(tmp_path, b"Bart knot 1", cut=True)  # his record 3, his last
        (tmp_path / "bart" / STORE_DIR / OWN_FILE).unlink()
        bart = await Node.open(tmp_path / "bart", host="127.0.0.1", discovery=False)
        try:
            me = bart.identity.public_key
            assert [r.seq for r in bart.store.chain(session, me)] == [1, 2]
            with pytest.raises(NodeError) as refused:
                await bart.contribute(session, "knot.add", {"text": "Swings for the little ones"})
            said = " ".join(str(refused.value).split())
            assert "a record of yours whose number cannot be read" in said, said
            assert "What you typed is kept" in said
            assert bart.store.evidence(session) == []
        finally:
            await bart.close()
        # Read again (the journal was rewritten without the line): still known.
        bart = await Node.open(tmp_path / "bart", host="127.0.0.1", discovery=False)
        try:
            with pytest.raises(NodeError):
                await bart.contribute(session, "knot.add", {"text": "Swings for the little ones"})
            await _linked_writes_again(anja, bart, session, held, seq=4)
        finally:
            await bart.close()
    finally:
        await anja.close()


async def test_a_members_claim_about_ones_chain_locks_nobody_out(tmp_path):
    """What others say of one's chain cannot be checked: Bart's hello claiming he holds a
    million of Anja's records, and his record listing her record 1,000,000 as seen, leave
    her writing as before (a hostile member could otherwise stop her for good)."""
    anja = await Node.open(tmp_path / "anja", host="127.0.0.1", discovery=False)
    bart = await Node.open(tmp_path / "bart", host="127.0.0.1", discovery=False)
    task = None
    try:
        invitation = await anja.create_session(title="Speeltuin", focus="Hoe?")
        session = invitation.session
        await bart.join(invitation.code, address=anja.address)
        me, who = anja.identity.public_key, bart.identity
        (last,) = bart.store.chain(session, who.public_key)[-1:]
        key = bytes.fromhex(anja.local_values(session)["group_key"])
        await bart.close()
        claim = sign_record(
            who, session=session, seq=last.seq + 1, prev=last.id, lamport=last.lamport + 1,
            at=last.at + 1, kind="member.name", body={"name": "Bart B."},
            seen=((me, 1_000_000, "ab" * 32),),
        )  # fmt: skip
        connection, task = await hostile_link(
            anja, session, key, who, frontier={me: 1_000_000, who.public_key: last.seq}
        )
        await connection.send({"t": "records", "records": [claim.to_dict()]})
        await until(lambda: anja.holds(claim.id), anja, timeout=60)
        record = await anja.contribute(session, "phase.move", {"to": "knots", "proposal": None})
        assert record.seq == len(anja.store.chain(session, me))
    finally:
        if task is not None:
            task.cancel()
        await bart.close()
        await anja.close()


async def test_own_last_record_deleted_whole_signs_nothing_until_a_peer_said(tmp_path):
    """naive s17 F1: his last record's line deleted whole (vi ``dd``). Nothing in the journal
    says what the line held, but the number of his records kept beside it does: his record
    3 is missing, and nothing of his is signed until it comes back from Anja; the next is
    his record 4. Before, the journal did not open at all ("missing line"); then it waited,
    unsure, for every member's hello (attack s17 #7)."""
    anja, session, held = await _bart_wrote(tmp_path, knots=2, answer=False)
    try:
        _delete_line(tmp_path, b"Bart knot 1")
        bart = await Node.open(tmp_path / "bart", host="127.0.0.1", discovery=False)
        try:
            me = bart.identity.public_key
            assert any("is missing" in note for note in bart.recovered), bart.recovered
            assert [r.seq for r in bart.store.chain(session, me)] == [1, 2]
            with pytest.raises(NodeError) as refused:
                await bart.contribute(session, "knot.add", {"text": "Swings for the little ones"})
            said = " ".join(str(refused.value).split())
            assert "your own record 3 is missing on this device" in said, said
            assert bart.store.evidence(session) == []
            await _linked_writes_again(anja, bart, session, held, seq=4)
        finally:
            await bart.close()
    finally:
        await anja.close()


async def test_own_record_never_sent_then_damaged_is_signed_anew_once_nobody_has_it(tmp_path):
    """journal16 left: Bart typed a knot while Anja was away (his record 3, durable, never
    sent), then its line was damaged with its number still readable. No peer can give it back,
    and writing waited for good. Once every other member (here Anja) has said in a hello that
    she holds his chain only up to 2, nobody has a record 3 of his: a new one forks nothing."""
    anja, session, _held = await _bart_wrote(tmp_path, knots=1)
    await anja.close()
    bart = await Node.open(tmp_path / "bart", host="127.0.0.1", discovery=False)
    try:
        lost = await bart.contribute(session, "knot.add", {"text": "Bart offline knot"})
        assert lost.seq == 3
    finally:
        await bart.close()
    _damage(tmp_path, b"offline")
    anja = await Node.open(tmp_path / "anja", host="127.0.0.1", discovery=False)
    bart = await Node.open(tmp_path / "bart", host="127.0.0.1", discovery=False)
    try:
        await _own_3_missing(bart, session)
        await bart.connect(anja.address)
        await until(lambda: not bart.writes_wait(session), bart, anja, timeout=60)
        record = await bart.contribute(session, "knot.add", {"text": "Swings"})
        assert record.seq == 3 and record.id != lost.id
        await until(lambda: anja.holds(record.id), anja, timeout=60)
        assert bart.store.evidence(session) == [] and anja.store.evidence(session) == []
    finally:
        await bart.close()
        await anja.close()


async def _left_early(tmp_path, sent: bool):
    """Anja opens, Bart and Chris join; all three hold "Bart knot 1". Chris goes home; then
    Bart writes "Bart knot 2", his record 3, which Anja gets (``sent``) or which he writes
    after Anja left too (nobody gets it). Everyone closed: the record, and the nodes' keys."""
    anja = await Node.open(tmp_path / "anja", host="127.0.0.1", discovery=False)
    bart = await Node.open(tmp_path / "bart", host="127.0.0.1", discovery=False)
    chris = await Node.open(tmp_path / "chris", host="127.0.0.1", discovery=False)
    nodes = [anja, bart, chris]
    try:
        invitation = await anja.create_session(title="Speeltuin", focus="Hoe?")
        session = invitation.session
        await bart.join(invitation.code, address=anja.address)
        await chris.join(invitation.code, address=anja.address)
        await anja.contribute(session, "phase.move", {"to": "knots", "proposal": None})
        await until(lambda: bart.state(session).phase == "knots", bart, timeout=60)
        await bart.contribute(session, "knot.add", {"text": "Bart knot 1"})
        await until(lambda: len({len(n.records(session)) for n in nodes}) == 1, *nodes)
        await chris.close()
        if not sent:
            await anja.close()
        lost = await bart.contribute(session, "knot.add", {"text": "Bart knot 2"})
        if sent:
            await until(lambda: anja.holds(lost.id), anja, timeout=60)
        anja_key = anja.identity.public_key
    finally:
        for node in nodes:
            await node.close()
    return session, lost, anja_key


@pytest.mark.parametrize("sent", [True, False], ids=["got-by-one", "got-by-none"])
async def test_a_member_who_left_early_never_releases_a_lost_own_record(tmp_path, sent):
    """Bart's record 3 is lost on his device; Chris left before it was written, so his hello
    says he holds Bart's chain up to 2. Got by Anja (the journal's end cut off, attack s17 #1):
    Chris's word alone let Bart sign a second record 3, a fork with Anja's copy, and Bart's
    records were set aside everywhere for good. Now nothing is signed until Anja has said too,
    and the refusal names her; then her copy comes back and Bart writes record 4. Got by
    nobody (written offline, its line damaged, journal17 left): the same wait, then once Anja
    too says she lacks it, a new record 3 is signed, and the words say why, not that a peer
    sent it back."""
    session, lost, anja_key = await _left_early(tmp_path, sent)
    journal = tmp_path / "bart" / STORE_DIR / JOURNAL_FILE
    if sent:  # the end cut by whole lines, from the lost record's line on
        data = journal.read_bytes()
        journal.write_bytes(data[: data.rindex(b"\n", 0, data.index(b"Bart knot 2")) + 1])
    else:
        _damage(tmp_path, b"Bart knot 2")
    chris = await Node.open(tmp_path / "chris", host="127.0.0.1", discovery=False)
    bart = await Node.open(tmp_path / "bart", host="127.0.0.1", discovery=False)
    anja = None
    try:
        me = bart.identity.public_key
        assert [r.seq for r in bart.store.chain(session, me)] == [1, 2]
        await bart.connect(chris.address)
        await until(lambda: chris.identity.public_key in bart._session(session).own_heard, bart)
        with pytest.raises(NodeError) as refused:
            await bart.contribute(session, "knot.add", {"text": "Swings"})
        said = " ".join(str(refused.value).split())
        state = bart.state(session)
        names = said.split("Still to link: ")[1]
        assert names.startswith(f"{author_of(state, anja_key)};"), said
        assert bart.store.evidence(session) == []

        anja = await Node.open(tmp_path / "anja", host="127.0.0.1", discovery=False)
        await bart.connect(anja.address)
        await until(lambda: not bart.writes_wait(session), bart, anja, timeout=60)
        record = await bart.contribute(session, "knot.add", {"text": "Swings"})
        if sent:
            assert bart.holds(lost.id) and record.seq == 4
            assert "a peer sent back the missing one" in bart.writes_again(session)
        else:
            assert record.seq == 3 and record.id != lost.id
            assert "lost on this device before anyone else got it" in bart.writes_again(session)
        await until(lambda: anja.holds(record.id) and chris.holds(record.id), anja, chris)
        for node in (anja, bart, chris):
            assert node.store.evidence(session) == []
    finally:
        await bart.close()
        await chris.close()
        if anja is not None:
            await anja.close()


async def test_what_the_members_said_of_a_lost_own_record_outlives_a_restart(tmp_path):
    """Bart's last line is deleted whole; Anja's hello says she holds his record 3, and she is
    the only other member: he is sure now, and waits for her copy. Closed before it came, the
    next start forgot what she said (only "unsure" was cleared) and signed a second record 3:
    a fork with hers. Now what the members said is kept with it."""
    anja, session, _held = await _bart_wrote(tmp_path, knots=2, answer=False)
    who = anja.identity
    await anja.close()
    _delete_line(tmp_path, b"Bart knot 1")
    bart = await Node.open(tmp_path / "bart", host="127.0.0.1", discovery=False)
    task = None
    try:
        me = bart.identity.public_key
        key = bytes.fromhex(bart.local_values(session)["group_key"])
        # Anja's hello only: her records never come before Bart closes.
        _connection, task = await hostile_link(bart, session, key, who, frontier={me: 3})
        await until(lambda: who.public_key in bart._session(session).own_heard, bart)
        assert "your own record 3 is missing" in " ".join(bart.writes_wait(session).split())
    finally:
        if task is not None:
            task.cancel()
        await bart.close()
    bart = await Node.open(tmp_path / "bart", host="127.0.0.1", discovery=False)
    try:
        with pytest.raises(NodeError) as refused:
            await bart.contribute(session, "knot.add", {"text": "Swings"})
        assert "your own record 3 is missing" in " ".join(str(refused.value).split())
        assert bart.store.evidence(session) == []
    finally:
        await bart.close()


async def test_a_lost_line_that_held_nothing_of_ones_own_stops_no_writing(tmp_path):
    """attack s17 #7: a journal line gone whole that held Anja's knot, nothing of Bart's.
    Nothing in the journal said what it held, so every session he shared with others waited,
    unsure, until every member had linked. The highest seq of his, kept beside the journal,
    is held: he writes at once, offline, at the next seq, and once linked her knot comes back
    and his reaches her, with no fork anywhere."""
    anja, session, held = await _bart_wrote(tmp_path, knots=2)
    try:
        _delete_line(tmp_path, b"Anja after Bart")
        bart = await Node.open(tmp_path / "bart", host="127.0.0.1", discovery=False)
        try:
            assert any("is missing" in note for note in bart.recovered), bart.recovered
            assert bart.writes_wait(session) == ""
            record = await bart.contribute(session, "knot.add", {"text": "Swings, offline"})
            assert record.seq == 4  # 1 his name, 2 and 3 his knots
            await bart.connect(anja.address)
            await until(lambda: anja.holds(record.id), anja, timeout=60)
            await until(lambda: held <= {r.id for r in bart.records(session)}, bart, timeout=60)
            assert bart.store.evidence(session) == [] and anja.store.evidence(session) == []
        finally:
            await bart.close()
    finally:
        await anja.close()


async def test_an_end_cut_off_with_the_head_gone_too_signs_nothing_twice(tmp_path):
    """journal17 left: the journal's end cut off by whole lines, from his record 3 on, and
    ``records.head`` deleted too, so nothing in the journal says that lines are missing. He
    would sign a new record 3 offline: a fork with Anja's copy. The number of his records
    kept beside the journal says his record 3 is missing; it comes back from Anja and his
    next is his record 4."""
    anja, session, held = await _bart_wrote(tmp_path, knots=2, answer=False)
    try:
        store = tmp_path / "bart" / STORE_DIR
        data = (store / JOURNAL_FILE).read_bytes()
        (store / JOURNAL_FILE).write_bytes(
            data[: data.rindex(b"\n", 0, data.index(b"Bart knot 1")) + 1]
        )
        (store / "records.head").unlink()
        bart = await Node.open(tmp_path / "bart", host="127.0.0.1", discovery=False)
        try:
            await _own_3_missing(bart, session)
            await _linked_writes_again(anja, bart, session, held, seq=4)
        finally:
            await bart.close()
    finally:
        await anja.close()
