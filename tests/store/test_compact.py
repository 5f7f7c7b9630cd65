"""Compaction: rewrite the journal atomically, while the store is in use, losing nothing."""

from __future__ import annotations

import threading

from beraad.store import RecordStore
from tests.core.strategies import SESSION, chain_of, identity
from tests.store.helpers import OTHER_SESSION, journal_of, record, texts


def fill_store(store: RecordStore) -> None:
    store.append_many(chain_of(identity(1), texts(20)))
    store.append_many(chain_of(identity(2), texts(5), session=OTHER_SESSION))
    bob = identity(3)
    store.put_evidence(
        SESSION, [record(bob, SESSION, 1, None, 1), record(bob, SESSION, 1, None, 2)]
    )
    for n in range(30):
        store.set_setting("theme", f"theme-{n}")
        store.set_session_local(SESSION, {"note": f"note {n}", f"k{n % 3}": n})


def contents(store: RecordStore) -> dict:
    return {
        "records": {s: store.records(s) for s in store.sessions()},
        "frontier": {s: store.frontier(s) for s in store.sessions()},
        "evidence": {s: store.evidence(s) for s in store.sessions()},
        "local": {s: store.session_local(s) for s in store.sessions()},
        "theme": store.setting("theme"),
        "sessions": store.sessions(),
        "all": list(store),
    }


def test_compaction_keeps_everything_and_drops_only_overwritten_values(data_dir, tmp_path):
    with RecordStore.open(data_dir) as store:
        fill_store(store)
        before = contents(store)
        size = journal_of(data_dir).stat().st_size
        store.compact()
        assert contents(store) == before
        assert journal_of(data_dir).stat().st_size < size
        # Exactly what a store that only ever saw the final values would hold.
        with RecordStore.open(tmp_path / "fresh") as fresh:
            fresh.append_many(before["all"])
            for group in before["evidence"][SESSION]:
                fresh.put_evidence(SESSION, group)
            fresh.set_session_local(SESSION, before["local"][SESSION])
            fresh.set_setting("theme", before["theme"])
        # Line for line, after the header (each journal file has its own random id).
        compacted = journal_of(data_dir).read_bytes().splitlines()
        assert compacted[1:] == journal_of(tmp_path / "fresh").read_bytes().splitlines()[1:]
        assert journal_of(data_dir).stat().st_size == store.journal_size
        # Writing goes on into the new file.
        late = chain_of(identity(1), texts(21))[20]
        store.append(late)
        store.set_setting("theme", "after")
    with RecordStore.open(data_dir) as store:
        assert store.recovered == []
        after = contents(store)
        assert after["records"][SESSION] == [*before["records"][SESSION], late]
        assert after["theme"] == "after"
        assert after["local"] == before["local"]
        assert after["evidence"] == before["evidence"]
        store.compact()
        store.compact()
    with RecordStore.open(data_dir) as store:
        assert contents(store) == after
    assert sorted(p.name for p in journal_of(data_dir).parent.iterdir()) == [
        "lock",
        "records.head",
        "records.jsonl",
    ]


def test_compaction_while_another_thread_appends_loses_nothing(data_dir):
    planned = chain_of(identity(1), texts(300))
    errors: list[BaseException] = []
    with RecordStore.open(data_dir) as store:

        def writer() -> None:
            try:
                for item in planned:
                    store.append(item)
                    store.set_setting("count", item.seq)
            except BaseException as error:  # reported below
                errors.append(error)

        thread = threading.Thread(target=writer)
        thread.start()
        compactions = 0
        while thread.is_alive() or compactions == 0:
            store.compact()
            compactions += 1
        thread.join()
        assert errors == []
        assert store.records(SESSION) == planned
    with RecordStore.open(data_dir) as store:
        assert store.recovered == []
        assert store.records(SESSION) == planned
        assert store.setting("count") == 300


def test_a_compaction_interrupted_before_its_rename_leaves_the_journal_in_charge(data_dir, ten):
    with RecordStore.open(data_dir) as store:
        store.append_many(ten)
    journal = journal_of(data_dir)
    content = journal.read_bytes()
    # What a crash halfway through compaction leaves: a partial new file beside the journal.
    leftover = journal.with_name("records.jsonl.compact")
    leftover.write_bytes(content[: len(content) // 3])
    with RecordStore.open(data_dir) as store:
        assert store.records(SESSION) == ten
        assert store.recovered == []
        assert not leftover.exists()
    assert journal.read_bytes() == content
