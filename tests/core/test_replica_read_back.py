"""Records read back after one of them went missing (a damaged journal line, a gap in a bundle)
wait only where their own chain needs it (attack s13 #2).

The lamport step is a guard for the wire: read back, a record this gate took before (``own``)
is not judged by it again, and a record of it that waits for its chain still counts for the
mark. From a bundle or a link, a record that waits moves no mark (attack s14 #1).
"""

from __future__ import annotations

from beraad.core.replica import (
    HELD_BYTES_PER_AUTHOR,
    MAX_LAMPORT_STEP,
    Replica,
    Waiting,
    session_id_for,
)
from tests.core.strategies import identity
from tests.core.test_replica_limits import BIG, NONCE, Chain

CREATOR, BART, CHRIS = identity(1), identity(2), identity(3)
SESSION = session_id_for(CREATOR.public_key, NONCE)


def _opening() -> tuple[Chain, list]:
    anja = Chain(CREATOR)
    records = [anja.write(1, "session.open", {"nonce": NONCE})]
    for n, member in enumerate((BART, CHRIS), start=2):
        records.append(anja.write(n, "member.admit", {"member": member.public_key, "name": "m"}))
    return anja, records  # the mark is 3


def test_a_lost_climb_holds_back_only_its_authors_records_when_read_back_from_ones_journal():
    """Chris's lost record was itself a climb of the clock: the next records sit more than a
    step past what is left. Read back from one's own journal they enter (this gate took each
    before); from a bundle or a link they still wait for the session to catch up."""
    anja, records = _opening()
    chris = Chain(CHRIS)
    lost = chris.write(3 + MAX_LAMPORT_STEP)  # a legal step when it was taken
    after = [chris.write(lost.lamport + 1)]
    bart = Chain(BART).write(lost.lamport + 2)
    moved = anja.write(lost.lamport + 3, "phase.move", {"to": "knots", "proposal": None})
    kept = [*records, *after, bart, moved]
    assert lost not in kept

    own = Replica(SESSION)
    intake = own.offer(kept, own=True)
    assert {r.id for r in intake.accepted} == {r.id for r in [*records, bart, moved]}
    assert own.waiting() == [Waiting(CHRIS.public_key, 1, 1)]  # Chris's only, for seq 1
    assert own.lamport == moved.lamport

    for flags in ({"recorded": True}, {}):  # a bundle, a link: the guard stands
        gate = Replica(SESSION)
        intake = gate.offer(kept, **flags)
        assert bart not in intake.accepted and gate.is_ahead(bart.id)


def test_records_that_wait_in_a_bundle_move_no_mark_but_read_back_they_do():
    """Attack s14 #1: Bart's bundle held 300 records of his that can never be placed (his seq
    2–999 never written), each a step past the last, and then his seq 2 three million past
    the start. Counted for the mark, they let seq 2 in, and every record the importer wrote
    after it carried a lamport no other peer would take: she was cut off for good. In a
    bundle (or from a link) what waits moves no mark; read back from one's own journal (this
    gate took each record before, a line of it lost) it still does (attack s13 #2)."""
    _anja, records = _opening()
    bart = Chain(BART)
    records.append(bart.write(4))  # his seq 1
    gap = Chain(BART)
    gap.seq, gap.prev = 999, "ab" * 32  # seq 1000-1299: his seq 2-999 never written
    climbing = [gap.write(4 + step * MAX_LAMPORT_STEP) for step in range(1, 301)]
    far = bart.write(climbing[-1].lamport + 4)  # his seq 2

    for flags in ({"recorded": True}, {}):  # a bundle, a link
        gate = Replica(SESSION)
        intake = gate.offer([*records, *climbing, far], **flags)
        assert far not in intake.accepted and gate.is_ahead(far.id), flags
        assert gate.lamport == 4, flags  # nothing lifted it

    own = Replica(SESSION)  # the same records read back from one's own journal
    own.offer([*records, *climbing], own=True)
    assert own.lamport == climbing[-1].lamport


def test_ones_own_records_waiting_for_a_lost_one_spend_no_holding_budget():
    """Read back, what waits is in the store's memory already: all of it waits (it used to be
    dropped past the author's budget, so a peer's later fill placed only part of it), and the
    budget is still there for records arriving on a link."""
    _anja, records = _opening()
    chris = Chain(CHRIS)
    chris.write(4)  # lost
    waiting = [chris.write(5 + n, body={"text": BIG}) for n in range(80)]
    assert sum(len(r.to_bytes()) for r in waiting) > HELD_BYTES_PER_AUTHOR

    gate = Replica(SESSION)
    gate.offer([*records, *waiting], own=True)
    assert gate.waiting() == [Waiting(CHRIS.public_key, 1, len(waiting))]
    assert gate.held_bytes() == 0

    bart = Chain(BART)
    bart.write(6)  # not arrived yet
    ahead = bart.write(7)
    intake = gate.offer([ahead])  # live: held, within the budget
    assert intake.held == [ahead] and gate.held_bytes(BART.public_key) > 0
