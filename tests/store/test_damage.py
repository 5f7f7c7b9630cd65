"""A damaged journal: a torn tail is dropped and reported; a damaged line with valid ones after
it is set aside (copied beside the journal) and said; a damaged header or a line that is no
record is refused."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from beraad.store import RecordStore, StoreCorrupt, StoreError
from beraad.store import scan as scan_module
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
        (1, lambda line, n: b"\x00" * len(line), "overwritten"),
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


def newer(line: bytes, number: int) -> bytes:
    """The record on this line as a newer beraad might write it: version 2."""
    payload = line[line.index(b",{") + 1 : -2].replace(b'"v":1', b'"v":2')
    return reframe(payload, number)


def oversized(line: bytes, number: int) -> bytes:
    """A record past the 64 KiB a record may hold, with a valid checksum."""
    payload = line[line.index(b",{") + 1 : -2].replace(b'"text":"', b'"text":"' + b"x" * 70_000)
    return reframe(payload, number)


@pytest.mark.parametrize(
    ("how", "why"),
    [
        pytest.param(lambda line, n: reframe(b'{"op":"snapshot"}', n), "snapshot", id="unknown-op"),
        pytest.param(newer, "version", id="newer-record-version"),
        pytest.param(oversized, "the limit is 65536", id="record-over-64-KiB"),
        pytest.param(
            lambda line, n: reframe(b'{"op":"record","record":{"seq":0}}', n), "", id="no-record"
        ),
    ],
)
def test_a_line_that_reads_but_holds_no_entry_is_set_aside_and_said(data_dir, ten, how, why):
    """A line whose checksum holds but whose entry the store cannot read (a newer beraad's,
    an unknown op, a record past its size) in the middle of the journal locked every session:
    "Restore the file from a backup or move it aside" (attack s16 #3). It is copied aside and
    said like a damaged line, the rest read, and the next start finds nothing to say."""
    original = write_store(data_dir, ten)
    damaged = damage_line(original, 7, how)  # line 7: the record ten[5]
    journal_of(data_dir).write_bytes(damaged)
    kept = [record for record in ten if record is not ten[5]]
    with RecordStore.open(data_dir, readonly=True) as store:
        (note,) = store.recovered
        assert f"Line 7 of {journal_of(data_dir)} holds an entry" in note and why in note, note
        assert store.records(SESSION) == kept
    assert journal_of(data_dir).read_bytes() == damaged
    with RecordStore.open(data_dir) as store:
        (note,) = store.recovered
        assert f"Line 7 of {journal_of(data_dir)} holds an entry" in note and "set aside" in note
        (copy,) = (data_dir / "store").glob("records.jsonl.unreadable-7-*")
        assert str(copy) in note
        assert copy.read_bytes() == lines_of(damaged)[6]
        assert store.records(SESSION) == kept and store.setting("language") == "nl"
        assert store.damaged_lines == [lines_of(damaged)[6][:70_000]]  # whose record: own_chain
        assert store.append(ten[5]) is True  # the next sync brings it again
    with RecordStore.open(data_dir) as store:
        assert store.recovered == []
        assert sorted(store.records(SESSION), key=lambda r: r.seq) == ten


def damaged_copies(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "store").glob("records.jsonl.damaged-*"))


@pytest.mark.parametrize(
    ("lines", "how"),
    [
        pytest.param((5,), lambda data, at: data[at] ^ 0x20, id="a-flipped-bit"),
        pytest.param((3,), lambda data, at: None, id="a-byte-gone"),
        pytest.param((4, 5), lambda data, at: "newline", id="two-lines-run-together"),
        pytest.param((6,), lambda data, at: "nul", id="4-KiB-of-NULs-inserted"),
    ],
)
def test_a_damaged_line_in_the_middle_is_set_aside_and_said(data_dir, ten, lines, how):
    """One flipped byte mid-journal locked the person out of every session on the device, the
    advice being to move the journal aside (attack s12 #7). The records are signed and the
    peers hold them: the line is set aside (copied beside the journal), the rest opens, and
    what it held comes again when the peers sync."""
    original = write_store(data_dir, ten)
    rows = lines_of(original)
    at = sum(len(row) for row in rows[: lines[0] - 1]) + 30  # inside the first damaged line
    change = how(original, at)
    if change == "newline":
        at = sum(len(row) for row in rows[: lines[0]]) - 1
        damaged = original[:at] + original[at + 1 :]
    elif change == "nul":
        damaged = original[:at] + b"\0" * 4096 + original[at:]
    elif change is None:
        damaged = original[:at] + original[at + 1 :]
    else:
        damaged = original[:at] + bytes([change]) + original[at + 1 :]
    journal_of(data_dir).write_bytes(damaged)
    lost = [ten[line - 2] for line in lines]  # line 1 is the header
    said = str(lines[0]) if len(lines) == 1 else f"{lines[0]}–{lines[-1]}"

    # A reader (``beraad state`` beside a keeper) reads around it and changes nothing.
    with RecordStore.open(data_dir, readonly=True) as store:
        assert [f"Line {said} of {journal_of(data_dir)}" in n for n in store.recovered] == [True]
        assert store.records(SESSION) == [record for record in ten if record not in lost]
    assert journal_of(data_dir).read_bytes() == damaged

    with RecordStore.open(data_dir) as store:
        assert len(store.recovered) == 1, store.recovered
        note = store.recovered[0]
        assert f"Line {said} of {journal_of(data_dir)}" in note
        copies = damaged_copies(data_dir)
        assert len(copies) == 1 and str(copies[0]) in note
        bad = copies[0].read_bytes()
        assert damaged.find(bad) == sum(len(row) for row in rows[: lines[0] - 1])
        assert copies[0].stat().st_mode & 0o777 == 0o600
        kept = [record for record in ten if record not in lost]
        assert store.records(SESSION) == kept
        assert store.setting("language") == "nl"
        for record in lost:  # the next sync brings it again
            assert store.append(record) is True

    with RecordStore.open(data_dir) as store:
        assert store.recovered == []  # rewritten without the damaged line
        assert sorted(store.records(SESSION), key=lambda r: r.seq) == ten


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
    monkeypatch.setattr(scan_module, "MAX_LINE_BYTES", 1 << 20)
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
