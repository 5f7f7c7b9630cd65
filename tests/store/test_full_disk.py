"""A full disk, for real (a 256 kB tmpfs): StoreFull, nothing confirmed lost, opens again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from beraad.store import RecordStore, StoreError, StoreFull
from tests.core.strategies import SESSION, chain_of, identity
from tests.small_disk import fill_up, small_tmpfs
from tests.store.helpers import journal_of

BALLAST = 150 * 1024


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    with small_tmpfs(tmp_path, "256k") as disk:
        yield disk


def fill(path: Path, size: int) -> None:
    with open(path, "wb") as handle:
        handle.write(b"\0" * size)


def records(count: int) -> list:
    body = [{"text": f"knot {n} " + "x" * 400} for n in range(count)]
    return chain_of(identity(1), body)


def test_a_full_disk_gives_store_full_and_loses_nothing(small_disk: Path):
    data_dir = small_disk / "data"
    ballast = small_disk / "ballast"
    fill(ballast, BALLAST)  # so space can be freed later, as a person would
    planned = records(600)  # far more than fits
    confirmed = []
    store = RecordStore.open(data_dir)
    try:
        with pytest.raises(StoreFull) as caught:
            for item in planned:
                store.append(item)
                confirmed.append(item)
        assert "full" in str(caught.value)
        assert str(journal_of(data_dir)) in str(caught.value)
        assert 50 < len(confirmed) < len(planned)
        failed = planned[len(confirmed)]
        assert not store.has(failed.id)

        # No half line is left behind: the journal ends at the last confirmed line.
        content = journal_of(data_dir).read_bytes()
        assert content.endswith(b"\n")
        assert len(content) == store.journal_size

        # Every other kind of write fails just as cleanly, and the store keeps working.
        with pytest.raises(StoreFull):
            store.append_many(planned[len(confirmed) : len(confirmed) + 20])
        with pytest.raises(StoreFull):
            store.set_setting("language", "x" * 8000)
        with pytest.raises(StoreFull):
            store.set_session_local(SESSION, {"notes": "y" * 8000})
        with pytest.raises(StoreFull):
            store.put_evidence(SESSION, planned[-2:])
        with pytest.raises(StoreFull, match="compacted"):
            store.compact()
        assert journal_of(data_dir).read_bytes() == content
        assert sorted(p.name for p in journal_of(data_dir).parent.iterdir()) == [
            "lock",
            "records.head",
            "records.jsonl",
        ]
        assert store.records(SESSION) == confirmed
        assert store.setting("language") is None
        assert store.session_local(SESSION) == {}
    finally:
        store.close()

    # It opens again while the disk is still full (opening writes nothing).
    with RecordStore.open(data_dir) as store:
        assert store.recovered == []
        assert store.records(SESSION) == confirmed

    # Once space is freed, writing goes on where it stopped.
    ballast.unlink()
    with RecordStore.open(data_dir) as store:
        assert store.append(failed) is True
        store.set_setting("language", "nl")
        store.compact()
    with RecordStore.open(data_dir) as store:
        assert store.recovered == []
        assert store.records(SESSION) == [*confirmed, failed]
        assert store.setting("language") == "nl"


def test_a_batch_that_does_not_fit_is_not_stored_at_all(small_disk: Path):
    data_dir = small_disk / "data"
    planned = records(600)
    with RecordStore.open(data_dir) as store:
        store.append_many(planned[:100])
        size = store.journal_size
        with pytest.raises(StoreFull):
            store.append_many(planned[100:])
        assert store.journal_size == size
        assert journal_of(data_dir).stat().st_size == size
        assert len(store) == 100
    with RecordStore.open(data_dir) as store:
        assert store.recovered == []
        assert store.records(SESSION) == planned[:100]


def test_a_new_store_on_a_full_disk_is_a_clear_error(small_disk: Path):
    fill_up(small_disk / "ballast")
    with pytest.raises(StoreError) as caught:
        RecordStore.open(small_disk / "data")
    assert isinstance(caught.value, StoreFull), caught.value
    assert "full" in str(caught.value)


def test_a_damaged_line_no_copy_can_be_kept_of_stays_in_the_journal(small_disk: Path):
    """The store sets a damaged line aside by copying it beside the journal, then rewriting the
    journal without it. On a full disk no copy can be made: the line stays where it is, read
    around (its bytes are all there is of that record here), and the store opens; before, the
    rewrite was tried anyway (and had the copy failed otherwise, the line's bytes were gone)."""
    data_dir = small_disk / "data"
    planned = records(10)
    with RecordStore.open(data_dir) as store:
        store.append_many(planned)
    journal = journal_of(data_dir)
    data = bytearray(journal.read_bytes())
    data[data.index(b"knot 4 ")] ^= 0x20
    journal.write_bytes(bytes(data))
    fill_up(small_disk / "ballast")
    with RecordStore.open(data_dir) as store:
        (note,) = store.recovered
        assert "left in place" in note and "full" in note, note
        assert store.records(SESSION) == planned[:4] + planned[5:]
    assert journal.read_bytes() == bytes(data)
    assert not list(journal.parent.glob("records.jsonl.damaged-*"))
