"""Reading a store another process writes: what was confirmed, consistently, and nothing changed."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from beraad.store import RecordStore, StoreCorrupt, StoreError
from tests.core.strategies import SESSION, chain_of, identity
from tests.store.helpers import journal_of, texts

ROOT = Path(__file__).resolve().parents[2]
CHAIN = 400


def test_a_reader_beside_an_open_writer_sees_what_was_confirmed(data_dir, ten):
    with RecordStore.open(data_dir) as writer:
        writer.append_many(ten[:4])
        writer.set_setting("language", "nl")
        with RecordStore.open(data_dir, readonly=True) as reader:
            assert reader.readonly
            assert reader.records(SESSION) == ten[:4]
            assert reader.setting("language") == "nl"
            with pytest.raises(StoreError, match="open for reading only"):
                reader.append(ten[4])
            with pytest.raises(StoreError, match="open for reading only"):
                reader.set_setting("language", "en")
        writer.append_many(ten[4:])
        with RecordStore.open(data_dir, readonly=True) as reader:
            assert reader.records(SESSION) == ten
        writer.append(chain_of(identity(1), texts(11))[10])  # the writer goes on unhindered


def test_a_reader_leaves_an_unconfirmed_tail_alone(data_dir, ten):
    with RecordStore.open(data_dir) as writer:
        writer.append_many(ten[:5])
    journal = journal_of(data_dir)
    half = b'[7,"00000000",{"op":"record","rec'  # an append under way
    with journal.open("ab") as handle:
        handle.write(half)
    content = journal.read_bytes()
    with RecordStore.open(data_dir, readonly=True) as reader:
        assert reader.records(SESSION) == ten[:5]
        assert reader.recovered == []
    assert journal.read_bytes() == content
    assert not list(journal.parent.glob("*.torn-*"))


def test_a_reader_refuses_a_journal_that_is_not_this_data_dirs(data_dir, ten):
    with RecordStore.open(data_dir) as writer:
        writer.append_many(ten)
    journal_of(data_dir).write_bytes(b"\0" * 4096)  # zeroed: nothing to read around
    with pytest.raises(StoreCorrupt, match="line 1"):
        RecordStore.open(data_dir, readonly=True)


def test_a_reader_of_a_data_dir_that_has_no_store_creates_nothing(tmp_path):
    empty = tmp_path / "nothing"
    with RecordStore.open(empty, readonly=True) as reader:
        assert len(reader) == 0
    assert not empty.exists()


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from beraad.store import RecordStore
    from tests.core.strategies import chain_of, identity
    from tests.store.helpers import texts

    records = chain_of(identity(1), texts(int(sys.argv[2])))
    with RecordStore.open(Path(sys.argv[1])) as store:
        print("ready", flush=True)
        for n, record in enumerate(records, start=1):
            store.append(record)
            store.set_setting("progress", n)  # something for compaction to drop
            if n % 25 == 0:
                store.compact()
    print("done", flush=True)
    """
)


def test_readers_during_appends_and_compactions_always_see_a_whole_prefix(data_dir):
    """A real writer process appends and compacts; every read is consistent and complete."""
    records = chain_of(identity(1), texts(CHAIN))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(data_dir), str(CHAIN)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=ROOT,
    )
    assert child.stdout is not None and child.stderr is not None
    try:
        assert child.stdout.readline() == b"ready\n", child.stderr.read().decode()
        seen: list[int] = []
        while child.poll() is None:
            with RecordStore.open(data_dir, readonly=True) as reader:
                held = reader.records(SESSION)
                progress = reader.setting("progress", 0)
            assert held == records[: len(held)]
            assert progress in (len(held), len(held) - 1)  # the setting follows its record
            seen.append(len(held))
        assert child.wait(timeout=60) == 0, child.stderr.read().decode()
    finally:
        child.kill()
        child.wait()
        child.stdout.close()
        child.stderr.close()
    assert seen == sorted(seen)  # never a step back, not even across a compaction
    assert len(set(seen)) > 3  # the reads really happened while the writer wrote
    with RecordStore.open(data_dir, readonly=True) as reader:
        assert reader.records(SESSION) == records
