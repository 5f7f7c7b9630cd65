"""The record store's API: what the node reads back, in memory and after a reopen."""

from __future__ import annotations

import pytest
from tinydb import where

from beraad.core.canonical import CanonicalError
from beraad.store import RecordStore, StoreError
from tests.core.strategies import SESSION, chain_of, identity
from tests.store.helpers import OTHER_SESSION, journal_of, record, texts


def test_append_is_idempotent_and_reads_back_equal_records(store, ten):
    assert store.append(ten[0]) is True
    assert store.append(ten[0]) is False
    assert store.has(ten[0].id)
    assert not store.has(ten[1].id)
    assert store.get(ten[0].id) == ten[0]
    assert store.get(ten[1].id) is None


def test_append_many_returns_only_new_records_once(store, ten):
    store.append(ten[2])
    stored = store.append_many([ten[0], ten[1], ten[1], ten[2], ten[3]])
    assert stored == [ten[0], ten[1], ten[3]]
    assert store.append_many([ten[0], ten[3]]) == []
    assert len(store) == 4


def test_everything_survives_reopen(data_dir, ten):
    alice, bob = identity(1), identity(2)
    forked_a = record(bob, SESSION, 1, None, 5, body={"say": "yes"})
    forked_b = record(bob, SESSION, 1, None, 5, body={"say": "no"})
    with RecordStore.open(data_dir) as store:
        store.append_many(ten[:6])
        for item in ten[6:]:
            store.append(item)
        store.put_evidence(SESSION, [forked_a, forked_b])
        store.set_session_local(SESSION, {"group_key": "ab" * 16})
        store.set_session_local(SESSION, {"note": "bring coffee"})
        store.set_session_local(OTHER_SESSION, {"group_key": "cd" * 16})
        store.set_setting("language", "nl")
        store.set_setting("theme", {"name": "dark", "size": 3})
        store.set_setting("language", "en")
    with RecordStore.open(data_dir) as store:
        assert store.recovered == []
        assert store.records(SESSION) == ten
        assert store.frontier(SESSION) == {alice.public_key: 10}
        assert store.evidence(SESSION) == [[forked_a, forked_b]]
        assert store.session_local(SESSION) == {"group_key": "ab" * 16, "note": "bring coffee"}
        assert store.session_local(OTHER_SESSION) == {"group_key": "cd" * 16}
        assert store.setting("language") == "en"
        assert store.setting("theme") == {"name": "dark", "size": 3}
        assert store.setting("missing", "fallback") == "fallback"
        assert store.sessions() == sorted([SESSION, OTHER_SESSION])


def test_records_come_back_in_fold_order_whatever_the_arrival_order(data_dir):
    alice, bob, carol = identity(1), identity(2), identity(3)
    a = chain_of(alice, texts(3), start_lamport=1)  # lamport 1, 2, 3
    b = chain_of(bob, texts(3), start_lamport=2)  # lamport 2, 3, 4
    c = chain_of(carol, texts(2), start_lamport=1)  # lamport 1, 2
    everything = a + b + c
    expected = sorted(everything, key=lambda item: item.order_key)
    with RecordStore.open(data_dir) as store:
        store.append_many(b)
        for item in reversed(c):
            store.append(item)
        store.append_many(a)
        assert store.records(SESSION) == expected
    with RecordStore.open(data_dir) as store:
        assert store.records(SESSION) == expected
        assert store.records(OTHER_SESSION) == []


def test_chain_and_frontier_per_author_and_session(store):
    alice, bob = identity(1), identity(2)
    a = chain_of(alice, texts(6))
    b = chain_of(bob, texts(2))
    elsewhere = chain_of(alice, texts(3), session=OTHER_SESSION)
    store.append_many(a + b + elsewhere)
    assert store.chain(SESSION, alice.public_key) == a
    assert store.chain(SESSION, alice.public_key, 3) == a[2:]
    assert store.chain(SESSION, alice.public_key, 2, 4) == a[1:4]
    assert store.chain(SESSION, alice.public_key, 5, 99) == a[4:]
    assert store.chain(SESSION, alice.public_key, 7) == []
    assert store.chain(OTHER_SESSION, alice.public_key) == elsewhere
    assert store.chain(OTHER_SESSION, bob.public_key) == []
    assert store.frontier(SESSION) == {alice.public_key: 6, bob.public_key: 2}
    assert store.frontier(OTHER_SESSION) == {alice.public_key: 3}
    assert store.frontier("0" * 32) == {}


def test_members_are_the_opener_and_everyone_admitted(data_dir):
    opener, joiner, late, stranger = identity(1), identity(2), identity(3), identity(4)
    opened = record(opener, SESSION, 1, None, 1, "session.open", {"nonce": "00" * 16})
    admit = record(opener, SESSION, 2, opened.id, 2, "member.admit", {"member": joiner.public_key})
    talk = record(joiner, SESSION, 1, None, 3, "note.add", {"member": stranger.public_key})
    admit2 = record(joiner, SESSION, 2, talk.id, 4, "member.admit", {"member": late.public_key})
    odd = record(joiner, SESSION, 3, admit2.id, 5, "member.admit", {"member": ["not", "a key"]})
    with RecordStore.open(data_dir) as store:
        store.append_many([opened, admit, talk])
        assert store.members(SESSION) == {opener.public_key, joiner.public_key}
        store.append(admit2)
        store.append(odd)
        expected = {opener.public_key, joiner.public_key, late.public_key}
        assert store.members(SESSION) == expected
        assert store.members(OTHER_SESSION) == set()
    with RecordStore.open(data_dir) as store:
        assert store.members(SESSION) == expected


def test_a_second_record_at_a_held_place_is_refused_and_nothing_is_written(store, data_dir, ten):
    store.append_many(ten[:3])
    other = record(identity(1), SESSION, 2, ten[0].id, 2, body={"different": True})
    size = journal_of(data_dir).stat().st_size
    with pytest.raises(ValueError, match="fork"):
        store.append(other)
    with pytest.raises(ValueError, match="fork"):
        store.append_many([ten[3], other])
    twin = record(identity(1), SESSION, 4, ten[2].id, 4, body={"twin": 1})
    with pytest.raises(ValueError, match="fork"):
        store.append_many([ten[3], twin])
    assert journal_of(data_dir).stat().st_size == size
    assert store.records(SESSION) == ten[:3]
    assert not store.has(ten[3].id)


def test_evidence_is_kept_once_and_must_match_its_session(store):
    bob = identity(2)
    first = record(bob, SESSION, 1, None, 1, body={"v": 1})
    second = record(bob, SESSION, 1, None, 1, body={"v": 2})
    store.put_evidence(SESSION, [first, second])
    store.put_evidence(SESSION, [second, first])
    assert store.evidence(SESSION) == [[first, second]]
    assert store.evidence(OTHER_SESSION) == []
    assert not store.has(first.id)  # evidence is not part of the chain
    with pytest.raises(ValueError):
        store.put_evidence(OTHER_SESSION, [first, second])


def test_local_values_merge_are_copies_and_refuse_floats(store, data_dir):
    store.set_session_local(SESSION, {"group_key": "k1", "notes": ["a"]})
    store.set_session_local(SESSION, {"group_key": "k2"})
    values = store.session_local(SESSION)
    assert values == {"group_key": "k2", "notes": ["a"]}
    values["notes"].append("mutated outside")
    assert store.session_local(SESSION) == {"group_key": "k2", "notes": ["a"]}
    size = journal_of(data_dir).stat().st_size
    with pytest.raises(CanonicalError):
        store.set_session_local(SESSION, {"weight": 0.5})
    with pytest.raises(CanonicalError):
        store.set_setting("zoom", 1.5)
    assert journal_of(data_dir).stat().st_size == size
    assert store.setting("zoom") is None
    with pytest.raises(ValueError):
        store.set_session_local("not-a-session", {"a": 1})
    assert store.sessions() == [SESSION]


def test_query_runs_tinydb_queries_over_records(store):
    alice, bob = identity(1), identity(2)
    a = chain_of(alice, texts(4), kind="knot.add")
    b = chain_of(bob, texts(3), kind="note.add")
    store.append_many(a + b)
    assert store.query(where("kind") == "knot.add") == a
    assert store.query((where("author") == bob.public_key) & (where("seq") >= 2)) == b[1:]
    assert store.query(where("id") == b[0].id) == [b[0]]
    assert store.query(where("body").text == "knot 2") == [a[2], b[2]]


def test_a_closed_store_refuses_writes(data_dir, ten):
    store = RecordStore.open(data_dir)
    store.close()
    store.close()
    with pytest.raises(StoreError):
        store.append(ten[0])
    with pytest.raises(StoreError):
        store.set_setting("language", "nl")
    with RecordStore.open(data_dir) as again:
        assert len(again) == 0


def test_store_lives_under_data_dir_store(data_dir, ten):
    with RecordStore.open(data_dir) as store:
        store.append(ten[0])
        assert store.journal_path == data_dir / "store" / "records.jsonl"
    assert (data_dir / "store" / "lock").exists()
    assert ten[0].sig in journal_of(data_dir).read_text()
