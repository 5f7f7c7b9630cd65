"""A record written ahead of the receiver's clock waits for that time (a forged ``at``).

The reveal grace (``vote.reveal_end`` only 60 s after the close, by the records' ``at``) rested
on the writer's clock alone: a member could sign an ``at`` a minute ahead and end the reveal at
once. Now the gate holds such a record until the receiver's clock reaches it, so the forged
record only delays itself; the fold's order never depends on arrival, so every peer still
reaches the same hash.
"""

from __future__ import annotations

from beraad.clock_words import held_said
from beraad.core.identity import fingerprint
from beraad.core.record import MAX_AT, sign_record
from beraad.core.replica import MAX_CLOCK_AHEAD_MS, MAX_HOLD_AHEAD_MS
from tests.core.strategies import identity
from tests.core.test_replica_limits import CREATOR, SESSION, opened

NOW = 1_800_000_000_000


def _at(ident, at, seq=1, prev=None):
    return sign_record(
        ident,
        session=SESSION,
        seq=seq,
        prev=prev,
        lamport=10,
        at=at,
        kind="member.name",
        body={"name": "m"},
    )


def test_a_record_ahead_of_this_clock_waits_until_its_time():
    mallory = identity(2)
    replica, _creator = opened(mallory)
    ahead = _at(mallory, NOW + 60_000)
    later = _at(mallory, NOW, seq=2, prev=ahead.id)
    intake = replica.offer([ahead, later], now_ms=NOW)
    assert not intake.accepted and ahead in intake.held
    assert intake.notices[0] == (
        f"holding records from {fingerprint(mallory.public_key)}: written at a time 60 s "
        "ahead of this clock; held until then"
    )
    assert replica.next_due() == NOW + 60_000 - MAX_CLOCK_AHEAD_MS
    assert not replica.release_due(NOW + 30_000).accepted
    released = replica.release_due(NOW + 55_000)
    assert [r.id for r in released.accepted] == [ahead.id, later.id]
    assert replica.next_due() is None and replica.held_bytes() == 0


def test_a_few_seconds_of_drift_pass_and_without_a_clock_nothing_waits():
    mallory = identity(2)
    replica, _creator = opened(mallory)
    assert replica.offer([_at(mallory, NOW + MAX_CLOCK_AHEAD_MS)], now_ms=NOW).accepted
    other, _ = opened(mallory)
    assert other.offer([_at(mallory, NOW + 10**9)]).accepted  # the journal: accepted before


def test_a_record_dated_far_ahead_is_not_held_at_all():
    """Attack finding 6: records dated 2199 were held "until their time", filling the holding
    budget for ever. Past ``MAX_HOLD_AHEAD_MS`` they are dropped (a peer offers them again when
    it syncs); within it they are held as before."""
    mallory = identity(2)
    replica, _creator = opened(mallory)
    far = _at(mallory, MAX_AT - 1)
    intake = replica.offer([far], now_ms=NOW)
    assert not intake.accepted and not intake.held and [r for r, _ in intake.dropped] == [far]
    assert "is not held" in intake.notices[0]
    assert replica.waiting_for_time() == 0 and replica.held_bytes() == 0
    near = _at(mallory, NOW + MAX_HOLD_AHEAD_MS)
    assert replica.offer([near], now_ms=NOW).held == [near]
    assert replica.release_due(NOW + MAX_HOLD_AHEAD_MS).accepted == [near]


def test_records_held_for_their_time_crowd_out_no_other_author(monkeypatch):
    """Held-for-their-time records count against their author's budget only: members who fill
    theirs leave the session's budget to an honest member whose record overtook its chain."""
    from beraad.core import replica as gate

    first, second, honest = identity(2), identity(3), identity(4)
    replica, _creator = opened(first, second, honest)
    ahead = [_at(who, NOW + 60_000) for who in (first, second)]
    one = gate.held_cost(ahead[0])
    monkeypatch.setattr(gate, "HELD_BYTES_PER_SESSION", one + one // 2)
    assert replica.offer(ahead, now_ms=NOW).held == ahead  # each within its author's budget
    assert replica.waiting_for_time() == 2 and replica.held_bytes() == 0
    seq1 = _at(honest, NOW)
    seq2 = _at(honest, NOW, seq=2, prev=seq1.id)
    assert replica.offer([seq2], now_ms=NOW).held == [seq2]  # room in the session's budget
    assert [r.id for r in replica.offer([seq1], now_ms=NOW).accepted] == [seq1.id, seq2.id]


def test_records_held_for_their_time_have_a_session_bound_of_their_own(monkeypatch):
    """attack s17 #8: each pending key a member admitted held its 4 MiB of records dated up to
    a day ahead, outside the session's budget: 36 keys, 144 MiB. They now share a bound of
    their own; past it they are dropped and said (a peer offers them again when it syncs)."""
    from beraad.core import replica as gate

    puppets = [identity(10 + n) for n in range(3)]
    replica, _creator = opened(*puppets)
    ahead = [_at(who, NOW + 3_600_000) for who in puppets]
    one = gate.held_cost(ahead[0])
    monkeypatch.setattr(gate, "HELD_AHEAD_BYTES_PER_SESSION", 2 * one + one // 2)
    intake = replica.offer(ahead, now_ms=NOW)
    assert intake.held == ahead[:2] and [r for r, _ in intake.dropped] == ahead[2:]
    assert any("bytes per session for records ahead of their time" in n for n in intake.notices)
    # Released in time, they make room again.
    assert len(replica.release_due(NOW + 3_600_000).accepted) == 2
    assert replica.offer([ahead[2]], now_ms=NOW + 3_600_000).accepted == [ahead[2]]


def test_records_due_soon_push_out_records_due_a_day_ahead_from_the_full_bound(monkeypatch):
    """attack s18 #1: a member's pending keys filled the bound with records dated 23 h ahead;
    then every record of an honest member whose clock ran 30 s fast was dropped, for a day.
    A record due sooner now takes the place of the one due last; one due later than all
    that wait is the one dropped."""
    from beraad.core import replica as gate

    puppets = [identity(10 + n) for n in range(2)]
    chris = identity(20)
    late = identity(21)
    replica, _creator = opened(*puppets, chris, late)
    far = [_at(who, NOW + 23 * 3_600_000) for who in puppets]
    one = gate.held_cost(far[0])
    monkeypatch.setattr(gate, "HELD_AHEAD_BYTES_PER_SESSION", 2 * one + one // 2)
    assert replica.offer(far, now_ms=NOW).held == far  # the bound is full
    soon = _at(chris, NOW + 30_000)
    intake = replica.offer([soon], now_ms=NOW)
    assert intake.held == [soon]
    (pushed_out,) = [r for r, _ in intake.dropped]
    assert pushed_out in far
    assert replica.waiting_for_time() == 2
    later_still = _at(late, NOW + 24 * 3_600_000 - 1)
    intake = replica.offer([later_still], now_ms=NOW)
    assert [r for r, _ in intake.dropped] == [later_still] and replica.waiting_for_time() == 2
    assert replica.release_due(NOW + 30_000).accepted == [soon]


def test_a_clock_an_hour_ahead_waits_and_what_waits_behind_it_is_said():
    """clock16's leftover and naive s17 F5: a laptop an hour fast (a time zone taken for UTC)
    had each record dropped, offered again only at the next link; now it waits for its time.
    Bart's request to take over, written after it with his clock set right, waits behind it
    for his chain: the screen says so, and that it is about who facilitates."""
    bart = identity(2)
    replica, _creator = opened(bart)
    ahead = _at(bart, NOW + 3_600_000)
    asked = sign_record(
        bart,
        session=SESSION,
        seq=2,
        prev=ahead.id,
        lamport=11,
        at=NOW,
        kind="facilitator.claim",
        body={"replaces": CREATOR.public_key},
    )
    intake = replica.offer([ahead, asked], now_ms=NOW)
    assert not intake.dropped and ahead in intake.held and asked in intake.held
    until = NOW + 3_600_000 - MAX_CLOCK_AHEAD_MS
    assert replica.held_for_time() == {bart.public_key: (1, until, 1, 2)}
    # naive s18 N7: said as a take-over, and that a move made meanwhile may not count.
    assert held_said(replica.held_for_time(), lambda key: "Bart")[1:] == [
        "1 later record by Bart waits until then too.",
        "One of them takes over the facilitation: it counts from when it was written, so a "
        "move of the group made here before it arrives may not count.",
    ]
    assert [r.id for r in replica.release_due(until).accepted] == [ahead.id, asked.id]
