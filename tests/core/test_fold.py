import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from beraad.core.fold import Fold, LedgerReducer, Rejected
from beraad.core.record import Record
from tests.core.strategies import chain_of, identity


class PickyReducer(LedgerReducer):
    """Refuses a 'retract' of something not yet seen: order matters, so the fold must be exact."""

    def apply(self, state, record: Record) -> None:
        if record.body.get("retract"):
            target = record.body["retract"]
            if target not in state.get("note.add", []):
                raise Rejected(f"cannot retract unknown {target[:8]}")
        super().apply(state, record)


def _records():
    a = chain_of(identity(1), [{"n": i} for i in range(4)], start_lamport=1)
    b = chain_of(identity(2), [{"n": i} for i in range(3)], start_lamport=2)
    retract = chain_of(identity(3), [{"retract": a[2].id}, {"retract": "f" * 64}], start_lamport=3)
    return a + b + retract


@settings(max_examples=60)
@given(st.permutations(list(range(9))))
def test_any_delivery_order_gives_the_same_state_hash(order):
    records = _records()
    reference = Fold(PickyReducer())
    reference.extend(records)
    one_by_one = Fold(PickyReducer())
    for index in order:
        one_by_one.add(records[index])
    assert one_by_one.state_hash() == reference.state_hash()
    assert one_by_one.rejected == reference.rejected
    assert len(reference.rejected) >= 1  # the retract of an unknown record was refused


def test_duplicates_do_not_change_the_state():
    records = _records()
    fold = Fold(PickyReducer())
    fold.extend(records)
    before = fold.state_hash()
    assert fold.add(records[0]) is False
    fold.extend(records[:3])
    assert fold.state_hash() == before


def test_different_sets_give_different_hashes():
    records = _records()
    full, partial = Fold(LedgerReducer()), Fold(LedgerReducer())
    full.extend(records)
    partial.extend(records[:-1])
    assert full.state_hash() != partial.state_hash()


class CountingReducer(PickyReducer):
    """Counts how often the state is serialised for a hash."""

    def __init__(self) -> None:
        self.snapshots = 0

    def snapshot(self, state):
        self.snapshots += 1
        return super().snapshot(state)


@settings(max_examples=40)
@given(st.permutations(list(range(9))), st.integers(0, 8))
def test_the_state_hash_is_computed_once_per_change_and_always_current(order, repeats):
    """Asked again without a change, the hash is not recomputed; after any change (in order,
    out of order with a refold, a refusal, ``try_append``) it is the hash of the state now."""
    records = _records()
    fold = Fold(CountingReducer())
    for index in order:
        fold.add(records[index])
        fresh = Fold(PickyReducer())
        fresh.extend(list(fold.records))
        counted = fold.reducer.snapshots
        for _ in range(repeats + 1):
            assert fold.state_hash() == fresh.state_hash()
        assert fold.reducer.snapshots == counted + 1
    late = chain_of(identity(4), [{"n": 9}], start_lamport=99)[0]
    before = fold.state_hash()
    assert fold.try_append(late) is None
    assert fold.state_hash() != before
    fresh = Fold(PickyReducer())
    fresh.extend([*records, late])
    assert fold.state_hash() == fresh.state_hash()


class FaultyReducer(LedgerReducer):
    """Trips over one body, the way a bug in a real reducer might on a member's absurd record."""

    def apply(self, state, record: Record) -> None:
        if record.body.get("boom"):
            raise AttributeError("'ConsentResult' object has no attribute 'tied'")
        super().apply(state, record)


def test_a_fault_in_a_reducer_refuses_that_record_not_the_session():
    """One signed record that trips a bug must not make the fold (and so the store, verify and
    import) fail for good: it is refused, the same way on every fold, and the rest folds on."""
    records = chain_of(identity(1), [{"n": 1}, {"boom": True}, {"n": 3}], start_lamport=1)
    bad = records[1]
    in_order, shuffled = Fold(FaultyReducer()), Fold(FaultyReducer())
    in_order.extend(records)
    for record in (records[2], records[0], records[1]):  # another arrival order, refolded
        shuffled.add(record)
    for fold in (in_order, shuffled):
        assert "could not be folded (AttributeError)" in fold.rejected[bad.id]
        assert set(fold.rejected) == {bad.id}
        assert len(fold.state["note.add"]) == 2
    assert in_order.state_hash() == shuffled.state_hash()
    more = chain_of(identity(2), [{"boom": True}], start_lamport=9)[0]
    assert "could not be folded" in str(in_order.try_append(more))
    assert in_order.check(more) is not None


def _forked():  # type: ignore[no-untyped-def]
    """A member's two records and a twin of the second (the same seq and prev, other words):
    the member, the first, the second and the twin."""
    from beraad.core.record import sign_record
    from tests.core.strategies import SESSION

    author = identity(1)
    first, second = chain_of(author, [{"n": 1}, {"n": 2}])
    twin = sign_record(
        author, session=SESSION, seq=2, prev=first.id, lamport=second.lamport, at=0,
        kind="note.add", body={"n": "other"},
    )  # fmt: skip
    return author, first, second, twin


def test_a_forkers_records_set_aside_give_one_hash_whichever_copy_was_folded():
    """Attack s5 finding 1: each peer folded the copy of a fork that reached it first."""
    author, first, second, twin = _forked()
    plain = Fold(LedgerReducer())
    plain.extend([first, second])
    assert "set_aside" not in plain.snapshot()  # no fork: the hash is what it was
    folds = []
    for copy in (second, twin):
        fold = Fold(LedgerReducer())
        fold.extend([first, copy])
        fold.set_aside_forks({author.public_key: 2})
        assert [r.id for r in fold.records] == [first.id]
        assert not fold.add(copy)  # set aside: never folded again
        folds.append(fold)
    assert folds[0].state_hash() == folds[1].state_hash() != plain.state_hash()


def _walked(fold: Fold) -> tuple[dict[str, int], int]:
    """Author → highest seq and the highest lamport, by a walk over the records folded."""
    frontier: dict[str, int] = {}
    for record in fold.records:
        frontier[record.author] = max(frontier.get(record.author, 0), record.seq)
    return frontier, max((r.lamport for r in fold.records), default=0)


@settings(max_examples=40)
@given(st.permutations(list(range(9))))
def test_the_frontier_is_kept_as_records_come_and_equals_a_walk(order):
    """What the person has seen (``away.mark_seen``) reads the fold's frontier instead of
    walking every record after each redraw: it must be what the walk gives, in any order,
    through refolds (a record slotted into the past) and in batches."""
    records = _records()
    fold = Fold(PickyReducer())
    for index in order:
        fold.add(records[index])
        assert (fold.frontier, fold.top_lamport) == _walked(fold)
    batch = Fold(PickyReducer())
    batch.extend(records[:4])
    batch.extend(records)
    assert (batch.frontier, batch.top_lamport) == _walked(batch) == _walked(fold)


def test_the_frontier_leaves_out_a_forkers_records_set_aside():
    author, first, second, twin = _forked()
    fold = Fold(LedgerReducer())
    fold.extend([first, second])
    assert fold.frontier == {author.public_key: 2}
    fold.set_aside_forks({author.public_key: 2})
    assert (fold.frontier, fold.top_lamport) == _walked(fold) == ({author.public_key: 1}, 1)
    fold.add(twin)
    assert (fold.frontier, fold.top_lamport) == _walked(fold)


def _back_dated_after_its_own_previous():
    """A member writes at lamport 49, then signs its next record at 41 naming that one as
    ``prev`` (found by the hostile-records property: a node and verify of its own bundle
    disagreed); another member writes at 60, past both."""
    from beraad.core.record import sign_record
    from tests.core.strategies import SESSION

    author = identity(1)
    first = sign_record(
        author, session=SESSION, seq=1, prev=None, lamport=49, at=0, kind="note.add", body={}
    )
    back = sign_record(
        author, session=SESSION, seq=2, prev=first.id, lamport=41, at=0, kind="note.add", body={}
    )
    later = chain_of(identity(2), [{"n": 1}], start_lamport=60)[0]
    return first, back, later


def test_a_record_sorting_before_its_own_previous_is_refused_on_every_path():
    """The back-dating verdict depends on which records the fold holds, never on when they came:
    one by one in any order, in one batch, in batches, or checked before being appended."""
    first, back, later = _back_dated_after_its_own_previous()
    folds: list[Fold] = []
    for order in itertools.permutations([first, back, later]):
        one_by_one = Fold(LedgerReducer())
        for record in order:
            one_by_one.add(record)
        folds.append(one_by_one)
        for cut in range(1, 3):
            batches = Fold(LedgerReducer())
            batches.extend(list(order[:cut]))
            batches.extend(list(order[cut:]))
            folds.append(batches)
    at_once = Fold(LedgerReducer())
    at_once.extend([first, back, later])
    folds.append(at_once)
    appended = Fold(LedgerReducer())
    appended.add(first)
    assert "back-dated" in str(appended.try_append(back))
    assert appended.check(back) is not None
    appended.add(back)
    appended.add(later)
    folds.append(appended)
    for fold in folds:
        assert set(fold.rejected) == {back.id}, [r.lamport for r in fold.records]
        assert "back-dated" in fold.rejected[back.id]
        assert fold.state_hash() == at_once.state_hash()
    assert not set(itertools.chain(*(f.rejected for f in folds))) - {back.id}


def test_a_batch_holding_a_record_and_its_back_dated_next_is_one_pass_no_refold():
    """Both past the end (the usual case of a peer's batch): judged in the one pass that appends
    them, without a refold; the previous record coming after its successor costs one."""
    first, back, _later = _back_dated_after_its_own_previous()
    fold = Fold(LedgerReducer())
    fold.extend([first, back])
    assert fold.refolds == 0 and set(fold.rejected) == {back.id}
    late = Fold(LedgerReducer())
    late.add(back)
    assert late.rejected == {}  # its previous record is not held: not judged
    assert not late.sorts_before_end([]) and late.sorts_before_end([first])
    late.add(first)
    assert late.refolds == 1 and set(late.rejected) == {back.id}
