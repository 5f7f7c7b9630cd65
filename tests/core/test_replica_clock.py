"""A record written ahead of the receiver's clock waits for that time (a forged ``at``).

The reveal grace (``vote.reveal_end`` only 60 s after the close, by the records' ``at``) rested
on the writer's clock alone: a member could sign an ``at`` a minute ahead and end the reveal at
once. Now the gate holds such a record until the receiver's clock reaches it, so the forged
record only delays itself; the fold's order never depends on arrival, so every peer still
reaches the same hash.
"""

from __future__ import annotations

from beraad.core.identity import fingerprint
from beraad.core.record import sign_record
from beraad.core.replica import MAX_CLOCK_AHEAD_MS
from tests.core.strategies import identity
from tests.core.test_replica_limits import SESSION, opened

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
