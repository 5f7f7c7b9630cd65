from hypothesis import given
from hypothesis import strategies as st

from beraad.core.chain import Chains, Outcome
from beraad.core.record import Record, sign_record
from tests.core.strategies import SESSION, chain_of, identity


def test_in_order_chain_is_accepted():
    chains = Chains()
    records = chain_of(identity(1), [{"n": i} for i in range(3)])
    for record in records:
        assert chains.offer(record).outcome is Outcome.ACCEPTED
    assert chains.frontier(SESSION) == {identity(1).public_key: 3}
    assert chains.offer(records[1]).outcome is Outcome.DUPLICATE


def test_gap_is_held_until_it_is_filled():
    chains = Chains()
    one, two, three = chain_of(identity(1), [{"n": i} for i in range(3)])
    assert chains.offer(three).outcome is Outcome.HELD
    assert chains.offer(one).outcome is Outcome.ACCEPTED
    assert chains.gaps(SESSION) == {identity(1).public_key: (2, 2)}
    offer = chains.offer(two)
    assert offer.outcome is Outcome.ACCEPTED
    assert [r.seq for r in offer.accepted] == [2, 3]
    assert chains.gaps(SESSION) == {}


@given(st.permutations(range(5)), st.integers(0, 4), st.booleans())
def test_fork_detected_whichever_copy_arrives_first(order, fork_at, fork_first):
    author = identity(1)
    honest = chain_of(author, [{"n": i} for i in range(5)])
    other = sign_record(
        author,
        session=SESSION,
        seq=honest[fork_at].seq,
        prev=honest[fork_at].prev,
        lamport=honest[fork_at].lamport,
        at=0,
        kind="note.add",
        body={"n": "other"},
    )
    deliveries = [honest[i] for i in order]
    position = order.index(fork_at)
    deliveries.insert(position if fork_first else position + 1, other)
    chains = Chains()
    outcomes = [chains.offer(record).outcome for record in deliveries]
    assert Outcome.FORK in outcomes
    assert len(chains.forks) == 1
    assert chains.forked_authors(SESSION) == {author.public_key}
    fork = chains.forks[0]
    assert fork.records[0].id != fork.records[1].id
    assert fork.records[0].author == fork.records[1].author == author.public_key
    # Whatever the order, the line is the fork's seq: all before it is placed, nothing after.
    assert chains.set_aside(SESSION) == {author.public_key: fork_at + 1}
    assert chains.length(SESSION, author.public_key) == fork_at
    later = sign_record(
        author, session=SESSION, seq=6, prev=honest[4].id, lamport=9, at=0, kind="note.add", body={}
    )
    assert chains.offer(later).outcome is Outcome.SET_ASIDE


def test_a_fork_found_lower_moves_the_line_down_and_a_higher_one_is_no_news():
    author = identity(1)
    honest = chain_of(author, [{"n": i} for i in range(5)])

    def other(index: int) -> Record:
        record = honest[index]
        return sign_record(
            author, session=SESSION, seq=record.seq, prev=record.prev, lamport=record.lamport,
            at=0, kind="note.add", body={"n": "other"},
        )  # fmt: skip

    chains = Chains()
    for record in honest:
        chains.offer(record)
    assert chains.offer(other(3)).outcome is Outcome.FORK
    assert chains.set_aside(SESSION) == {author.public_key: 4}
    assert chains.offer(other(1)).outcome is Outcome.FORK  # a lower fork: the line moves down
    assert chains.set_aside(SESSION) == {author.public_key: 2}
    assert chains.offer(other(3)).outcome is Outcome.SET_ASIDE  # above the line: no news
    assert chains.offer(honest[0]).outcome is Outcome.DUPLICATE
    assert len(chains.forks) == 2


def test_wrong_prev_is_a_fork_with_the_earlier_record_as_evidence():
    author = identity(1)
    one, _ = chain_of(author, [{"n": 0}, {"n": 1}])
    stranger = sign_record(
        author, session=SESSION, seq=2, prev="ab" * 32, lamport=2, at=0, kind="note.add", body={}
    )
    chains = Chains()
    chains.offer(one)
    assert chains.offer(stranger).outcome is Outcome.FORK
    assert chains.forks[0].records[0] == one


def test_sessions_and_authors_are_separate():
    chains = Chains()
    a = chain_of(identity(1), [{}], session="a" * 32)
    b = chain_of(identity(1), [{}], session="b" * 32)
    c = chain_of(identity(2), [{}], session="a" * 32)
    for record in a + b + c:
        assert chains.offer(record).outcome is Outcome.ACCEPTED
    assert len(chains.frontier("a" * 32)) == 2


@given(st.permutations(range(4)))
def test_records_at_the_fork_signed_over_another_prove_a_lower_fork_in_any_order(order):
    """Two records at seq 2 signed over something else than seq 1 (a fork at 2, and proof of
    one at 1): whichever arrives first — the two before seq 1 (held, then dropped past the
    fork) or after — the line is seq 1 on every peer, as a bundle holding them all finds."""
    author = identity(1)
    first, second = chain_of(author, [{"n": 1}, {"n": 2}])
    strays = [
        sign_record(
            author,
            session=SESSION,
            seq=2,
            prev="ab" * 32,
            lamport=2,
            at=0,
            kind="note.add",
            body={"n": f"stray {n}"},
        )
        for n in range(2)
    ]
    records = [first, second, *strays]
    chains = Chains()
    for index in order:
        chains.offer(records[index])
    assert chains.set_aside(SESSION) == {author.public_key: 1}
    assert chains.length(SESSION, author.public_key) == 0
