import pytest

from beraad.core.sync import (
    BATCH_RECORDS,
    MAX_AUTHORS,
    MAX_CLOCK,
    Clock,
    Hello,
    Presence,
    SyncError,
    Want,
    batches,
    clock,
    hello,
    missing_ranges,
    parse,
    presence,
    want,
)

A, B = "a" * 64, "b" * 64


def test_missing_ranges():
    assert missing_ranges({A: 5, B: 2}, {A: 3}) == {A: (4, 5), B: (1, 2)}
    assert missing_ranges({A: 3}, {A: 5}) == {}


def test_messages_round_trip():
    assert parse(hello({A: 2}, "Anja")) == Hello({A: 2}, "Anja", holds=True)
    assert parse(want(A, 2, 4)) == Want(A, 2, 4)
    # The record held at each frontier seq travels too: equal seqs say nothing of which one.
    said = parse(hello({A: 2, B: 1}, "Anja", heads={A: "c" * 64}))
    assert said.heads == {A: "c" * 64} and said.frontier == {A: 2, B: 1}


@pytest.mark.parametrize(
    "message",
    [
        [],
        {"t": "nope"},
        {"t": "hello", "frontier": {"x": 1}, "name": ""},
        {"t": "hello", "frontier": {A: 0}, "name": ""},
        {"t": "want", "author": A, "from": 3, "to": 1},
        {"t": "records", "records": {}},
        {"t": "records", "records": [{}] * (BATCH_RECORDS + 1)},
        {"t": "hello", "frontier": {}, "name": "", "clock": -1},
        {"t": "hello", "frontier": {}, "name": "", "clock": 1.5},
        {"t": "clock"},
        {"t": "clock", "at": True},
        {"t": "clock", "at": MAX_CLOCK + 1},
        {"t": "clock", "at": 5, "re": "5"},
        {"t": "hello", "frontier": {A: 1}, "name": "", "heads": [A]},
        {"t": "hello", "frontier": {A: 1}, "name": "", "heads": {B: "c" * 64}},
        {"t": "hello", "frontier": {A: 1}, "name": "", "heads": {A: "C" * 64}},
        {"t": "hello", "frontier": {A: 1}, "name": "", "heads": {A: 7}},
    ],
)
def test_malformed_messages_refused(message):
    with pytest.raises(SyncError):
        parse(message)


def test_batches_respect_both_limits():
    records = [{"n": i} for i in range(BATCH_RECORDS * 2 + 1)]
    split = batches(records, [10] * len(records))
    assert [len(b) for b in split] == [BATCH_RECORDS, BATCH_RECORDS, 1]
    big = batches(records[:4], [1_500_000] * 4)
    assert [len(b) for b in big] == [1, 1, 1, 1]


def test_presence_message():
    from beraad.core.sync import Presence, presence

    assert parse(presence({A, B})) == Presence(frozenset({A, B}))
    with pytest.raises(SyncError):
        parse({"t": "presence", "here": ["not a key"]})
    with pytest.raises(SyncError):
        parse({"t": "presence", "here": A})


def test_hello_and_presence_say_whether_the_session_is_open():
    """Presence is per session: a peer says whether its person has the session open; a peer
    from before says nothing (open), and anything but true or false breaks the protocol."""
    frontier = {"a" * 64: 1}
    assert parse(hello(frontier, "Anja", False)).open is False
    assert parse(presence({"a" * 64}, False)) == Presence(frozenset({"a" * 64}), open=False)
    assert parse({"t": "hello", "frontier": {}, "name": "Bart"}).open is True
    assert parse({"t": "presence", "here": []}).open is True
    for message in ({"t": "presence", "here": [], "open": "yes"}, {**hello({}, "x"), "open": 1}):
        with pytest.raises(SyncError):
            parse(message)


def test_a_hello_says_the_senders_clock_and_clock_messages_ask_and_answer():
    """A hello's clock is an ask; a peer from before (no clock) is sent no clock messages."""
    assert parse(hello({}, "Anja", clock=1_700_000_000_000)).clock == 1_700_000_000_000
    assert parse(hello({}, "Anja")).clock is None
    assert "clock" not in hello({}, "Anja")
    assert parse(clock(7)) == Clock(7)
    assert parse(clock(MAX_CLOCK, re=3)) == Clock(MAX_CLOCK, 3)


def test_a_hello_naming_more_authors_than_a_session_holds_is_refused():
    """A made-up frontier of thousands of authors is refused before any is looked up (attack
    s18 #3); a frontier as big as a session can hold is read."""
    authors = [f"{n:064x}" for n in range(MAX_AUTHORS + 1)]
    full = {author: 1 for author in authors[:MAX_AUTHORS]}
    assert parse(hello(full, "Anja")).frontier == full
    with pytest.raises(SyncError):
        parse(hello({author: 1 for author in authors}, "Mallory"))
