"""A damaged journal: a torn tail is dropped and reported; damage in the middle is refused."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from beraad.store import RecordStore, StoreCorrupt, StoreError
from beraad.store import journal as journal_module
from beraad.store.journal import encode_line
from tests.core.strategies import SESSION, chain_of, identity
from tests.store.helpers import journal_of, texts


def write_store(data_dir: Path, records) -> bytes:
    with RecordStore.open(data_dir) as store:
        for item in records:
            store.append(item)
        store.set_setting("language", "nl")
    return journal_of(data_dir).read_bytes()


def lines_of(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def head_of(data_dir: Path) -> Path:
    return data_dir / "store" / "records.head"


def torn_copies(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "store").glob("records.jsonl.torn-*"))


@pytest.mark.parametrize(
    "tear",
    [
        pytest.param(lambda line: line[: len(line) // 2], id="half-a-line"),
        pytest.param(lambda line: line[:-1], id="all-but-the-newline"),
        pytest.param(lambda line: line[:1], id="one-byte"),
        pytest.param(lambda line: line.replace(b"knot", b"KNOT", 1), id="bad-checksum-last-line"),
        pytest.param(lambda line: b"\0" * 700, id="zero-filled-block"),
        pytest.param(lambda line: line[:200] + b"\n" + b"garbage\n" * 3, id="several-bad-lines"),
    ],
)
def test_torn_tail_is_dropped_reported_and_kept_aside(data_dir, ten, tear):
    good = write_store(data_dir, ten[:9])
    confirmed = head_of(data_dir).read_bytes()
    with RecordStore.open(data_dir) as store:
        store.append(ten[9])
    last = journal_of(data_dir).read_bytes()[len(good) :]
    torn = tear(last)
    # A crash during the write: the line is torn and was never confirmed (the head, written
    # only after the line is durable, still says what it said before).
    journal_of(data_dir).write_bytes(good + torn)
    head_of(data_dir).write_bytes(confirmed)

    with RecordStore.open(data_dir) as store:
        assert len(store.recovered) == 1
        note = store.recovered[0]
        assert str(journal_of(data_dir)) in note
        assert f"line {len(lines_of(good)) + 1}" in note
        assert store.records(SESSION) == ten[:9]
        assert store.setting("language") == "nl"
        assert journal_of(data_dir).read_bytes() == good
        copies = torn_copies(data_dir)
        assert [copy.read_bytes() for copy in copies] == [torn]
        assert str(copies[0]) in note
        assert copies[0].stat().st_mode & 0o777 == 0o600
        assert store.append(ten[9]) is True

    with RecordStore.open(data_dir) as store:
        assert store.recovered == []
        assert store.records(SESSION) == ten


def test_a_journal_torn_at_its_very_first_line_opens_empty(data_dir, ten):
    write_store(data_dir, [])
    header = journal_of(data_dir).read_bytes().splitlines(keepends=True)[0]
    # A crash while the journal was being created: its header torn, no head written yet.
    journal_of(data_dir).write_bytes(header[:7])
    head_of(data_dir).unlink()
    with RecordStore.open(data_dir) as store:
        assert len(store.recovered) == 1
        assert len(store) == 0
        store.append(ten[0])
    with RecordStore.open(data_dir) as store:
        assert store.recovered == []
        assert store.records(SESSION) == ten[:1]


def test_an_empty_journal_file_opens_empty(data_dir, ten):
    journal_of(data_dir).parent.mkdir(parents=True)
    journal_of(data_dir).write_bytes(b"")
    with RecordStore.open(data_dir) as store:
        assert store.recovered == []
        store.append(ten[0])
    with RecordStore.open(data_dir) as store:
        assert store.records(SESSION) == ten[:1]


def damage_line(data: bytes, number: int, how) -> bytes:
    lines = lines_of(data)
    lines[number - 1] = how(lines[number - 1], number)
    return b"".join(lines)


def reframe(payload: bytes, number: int = 1) -> bytes:
    """A line with a *valid* checksum around the given payload, as a buggy writer might leave."""
    return encode_line(payload, number)


@pytest.mark.parametrize(
    ("number", "how", "why"),
    [
        (5, lambda line, n: line.replace(b"knot", b"knit", 1), "checksum"),
        (3, lambda line, n: line[:40] + line[41:], "checksum"),
        (4, lambda line, n: line[:-1], "checksum"),  # two lines run together
        (6, lambda line, n: b"\n", "checksum"),
        (1, lambda line, n: b"\x00" * len(line), "overwritten"),
        (7, lambda line, n: reframe(b'{"op":"record","record":{"seq":0}}', n), "cannot read"),
        (2, lambda line, n: reframe(b'{"op":"mystery"}', n), "cannot read"),
        (1, lambda line, n: reframe(b'{"op":"setting","key":"a","value":1}'), "not a beraad"),
    ],
)
def test_damage_in_the_middle_stops_the_open_and_changes_nothing(data_dir, ten, number, how, why):
    original = write_store(data_dir, ten)
    damaged = damage_line(original, number, how)
    path = journal_of(data_dir)
    path.write_bytes(damaged)
    before = sorted(p.name for p in path.parent.iterdir())

    with pytest.raises(StoreCorrupt) as caught:
        RecordStore.open(data_dir)

    error = caught.value
    assert error.path == path
    assert error.line == number
    assert str(path) in str(error)
    assert f"line {number}" in str(error)
    assert why in str(error)
    assert path.read_bytes() == damaged
    assert sorted(p.name for p in path.parent.iterdir()) == before
    # The failed open released the lock: once the file is restored, it opens as before.
    path.write_bytes(original)
    with RecordStore.open(data_dir) as store:
        assert store.records(SESSION) == ten


def test_a_newer_journal_format_is_refused_untouched(data_dir):
    path = journal_of(data_dir)
    path.parent.mkdir(parents=True)
    content = reframe(b'{"format":99,"op":"journal"}', 1)
    path.write_bytes(content)
    with pytest.raises(StoreError, match="newer beraad"):
        RecordStore.open(data_dir)
    assert path.read_bytes() == content


def test_an_unreadable_journal_is_a_clear_error(data_dir):
    path = journal_of(data_dir)
    path.mkdir(parents=True)  # a directory where the journal should be
    with pytest.raises(StoreError, match="Cannot read the record store"):
        RecordStore.open(data_dir)


def test_records_read_back_are_byte_exact_so_their_signatures_still_verify(data_dir):
    """Open does not re-verify (that keeps it fast); what it reads back must still be exact."""
    records = chain_of(identity(1), texts(3))
    write_store(data_dir, records)
    with RecordStore.open(data_dir) as store:
        for item in store.records(SESSION):
            item.verify()  # what we read back is exactly what was signed


def test_junk_appended_without_a_newline_is_read_in_pieces_and_kept_aside(
    data_dir, ten, monkeypatch
):
    """Hundreds of MB of junk appended to the journal (no newline) were read as one line, 3×
    its size in memory (attack s11 finding 7). A line past ``MAX_LINE_BYTES`` is damage read
    in pieces, and the torn tail is copied aside in pieces: memory stays far below its size."""
    monkeypatch.setattr(journal_module, "MAX_LINE_BYTES", 1 << 20)
    good = write_store(data_dir, ten)
    junk = 24 << 20
    with journal_of(data_dir).open("ab") as handle:
        for _ in range(junk >> 20):
            handle.write(b"x" * (1 << 20))
    tracemalloc.start()
    try:
        with RecordStore.open(data_dir) as store:
            _size, peak = tracemalloc.get_traced_memory()
            assert store.records(SESSION) == ten
            assert len(store.recovered) == 1 and f"{junk} bytes" in store.recovered[0]
    finally:
        tracemalloc.stop()
    assert peak < 8 << 20, peak  # the junk is 24 MiB; one line of it is at most 1 MiB
    assert journal_of(data_dir).read_bytes() == good
    (copy,) = torn_copies(data_dir)
    assert copy.stat().st_size == junk and copy.read_bytes() == b"x" * junk
