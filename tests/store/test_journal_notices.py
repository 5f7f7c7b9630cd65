"""A journal that notices: what an accident or an attacker does to the files, named on open.

Each test damages the real files the way a person, a sync tool or a broken disk would, then
opens the store as beraad does: the open must stop with a message naming the line and what
happened, change no file, and say the same again on the next start — never an empty store,
never a store that writes on top of the damage.
"""

from __future__ import annotations

import json
import os
import stat
import zlib
from pathlib import Path

import pytest

from beraad.store import RecordStore, StoreCorrupt
from beraad.store.journal import decode_line
from tests.core.strategies import SESSION, chain_of, identity
from tests.store.helpers import journal_of, texts

TEN = chain_of(identity(1), texts(10))


def head_of(data_dir: Path) -> Path:
    return data_dir / "store" / "records.head"


def write_store(data_dir: Path) -> list[bytes]:
    """Ten records and a setting, as lines (line 1 is the header, lines 2-11 the records)."""
    with RecordStore.open(data_dir) as store:
        for item in TEN:
            store.append(item)
        store.set_setting("language", "nl")
    return journal_of(data_dir).read_bytes().splitlines(keepends=True)


def snapshot(data_dir: Path) -> dict[str, bytes]:
    store_dir = data_dir / "store"
    return {p.name: p.read_bytes() for p in sorted(store_dir.iterdir()) if p.name != "lock"}


def refused_twice(data_dir: Path) -> StoreCorrupt:
    """Open must refuse, change nothing, and refuse the same way on the next start."""
    before = snapshot(data_dir)
    with pytest.raises(StoreCorrupt) as first:
        RecordStore.open(data_dir)
    assert snapshot(data_dir) == before
    with pytest.raises(StoreCorrupt) as second:
        RecordStore.open(data_dir)
    assert str(second.value) == str(first.value)
    assert snapshot(data_dir) == before
    assert str(journal_of(data_dir)) in str(first.value)
    return first.value


def read_around_once(data_dir: Path, kept: list, said: str, lost: int) -> None:
    """Lines gone whole are said and read around, as damaged ones are (naive s17 F1: "missing
    line 16 … restore the file from a backup" locked the person out of every session): the
    rest opens, a reader changes nothing, and the writer renumbers the journal, so the next
    start finds nothing to say. What the lines held comes again from the peers."""
    before = snapshot(data_dir)
    with RecordStore.open(data_dir, readonly=True) as store:
        assert store.records(SESSION) == kept
        assert [said in note and "is missing" in note for note in store.recovered] == [True]
    assert snapshot(data_dir) == before
    with RecordStore.open(data_dir) as store:
        assert store.records(SESSION) == kept
        assert store.setting("language") == "nl"
        (note,) = store.recovered
        assert said in note and "is missing" in note and "the rest was read" in note, note
        # The path last: at 80 columns a long one cut off "the rest was read" (journal17 left).
        assert note.endswith(f"File: {journal_of(data_dir)}"), note
        assert store.lines_lost == lost
        for item in TEN:  # the next sync brings them again
            store.append(item)
    with RecordStore.open(data_dir) as store:
        assert store.recovered == [] and store.records(SESSION) == TEN


def test_a_line_deleted_from_the_middle_is_said_and_read_around(data_dir):
    lines = write_store(data_dir)
    del lines[5]  # line 6: the fifth record
    journal_of(data_dir).write_bytes(b"".join(lines))
    read_around_once(data_dir, TEN[:4] + TEN[5:], "Line 6 of the saved records", 1)


def test_several_lines_deleted_from_the_middle_are_said_and_read_around(data_dir):
    lines = write_store(data_dir)
    del lines[3:7]  # lines 4 to 7
    journal_of(data_dir).write_bytes(b"".join(lines))
    read_around_once(data_dir, TEN[:2] + TEN[6:], "Line 4–7 of the saved records", 4)


def test_a_line_pasted_twice_is_set_aside_and_said(data_dir):
    """A line whose number was read already stopped the open ("has line 4 again"): now the
    copy is set aside and said, and the rest read (naive s17 F1: never a lock-out)."""
    lines = write_store(data_dir)
    lines.insert(4, lines[3])
    journal_of(data_dir).write_bytes(b"".join(lines))
    with RecordStore.open(data_dir, readonly=True) as store:
        assert store.records(SESSION) == TEN
        assert ["Line 4 of" in n and "second time" in n for n in store.recovered] == [True]
    with RecordStore.open(data_dir) as store:
        assert store.records(SESSION) == TEN and store.setting("language") == "nl"
        (note,) = store.recovered
        assert f"Line 4 of {journal_of(data_dir)} was there a second time" in note, note
        (copy,) = (data_dir / "store").glob("records.jsonl.twice-4-*")
        assert copy.read_bytes() == lines[3] and str(copy) in note
    with RecordStore.open(data_dir) as store:
        assert store.recovered == [] and store.records(SESSION) == TEN


def test_two_lines_swapped_are_read_in_order(data_dir):
    """Lines 5 and 6 swapped: each is read where it stands, nothing is missing, and the
    journal is written in order again (it was refused: "missing line 5")."""
    lines = write_store(data_dir)
    lines[4], lines[5] = lines[5], lines[4]
    journal_of(data_dir).write_bytes(b"".join(lines))
    with RecordStore.open(data_dir) as store:
        assert store.records(SESSION) == TEN and store.recovered == []
        assert store.lines_lost == 0
    numbers = [decode_line(line)[0] for line in journal_of(data_dir).read_bytes().splitlines(True)]
    assert numbers == sorted(numbers)


def flipped(line: bytes) -> bytes:
    """The line with one bit of its middle flipped: it fails its checksum."""
    damaged = bytearray(line)
    damaged[len(line) // 2] ^= 0x01
    return bytes(damaged)


@pytest.mark.parametrize("before", ["swapped", "pasted"])
def test_a_damaged_line_then_a_lower_number_is_read_around(data_dir, before):
    """A damaged line followed by a valid line with a lower number stopped the open ("damaged
    at line 6 … restore the file from a backup"), the last lock-out of the kinds journal17
    read around: now the damaged line is set aside and said, the valid one read where it
    stands (swapped with it) or set aside as a copy (a line from before it, pasted), and the
    next start is quiet. Line 7 holds the sixth record."""
    lines = write_store(data_dir)
    if before == "swapped":
        lines[5], lines[6] = flipped(lines[6]), lines[5]
        kept = TEN[:5] + TEN[6:]
    else:
        lines[6:6] = [flipped(lines[6]), lines[3]]
        del lines[8]  # the undamaged line 7 itself
        kept = TEN[:5] + TEN[6:]
    journal_of(data_dir).write_bytes(b"".join(lines))
    with RecordStore.open(data_dir, readonly=True) as store:
        assert store.records(SESSION) == kept
    with RecordStore.open(data_dir) as store:
        assert store.records(SESSION) == kept and store.setting("language") == "nl"
        said = " ".join(store.recovered)
        assert "is damaged" in said or "was damaged" in said, said
        assert ("second time" in said) == (before == "pasted"), said
        assert list((data_dir / "store").glob("records.jsonl.damaged-*"))
    with RecordStore.open(data_dir) as store:
        assert store.recovered == [] and store.records(SESSION) == kept


def set_aside_once(data_dir: Path, damaged: bytes) -> str:
    """Open must set the damaged last line aside, keep a copy of it, read every record and
    say so as confirmed damage (naive s16 N7); the next start finds nothing to say."""
    with RecordStore.open(data_dir) as store:
        assert len(store) == len(TEN)
        (note,) = store.recovered
    (copy,) = (data_dir / "store").glob("records.jsonl.damaged-*")
    assert copy.read_bytes() == damaged
    assert not list((data_dir / "store").glob("*.torn-*"))
    with RecordStore.open(data_dir) as store:
        assert len(store) == len(TEN) and not store.recovered
    return note


@pytest.mark.parametrize("offset", [3, -5])
def test_a_flipped_byte_in_a_confirmed_last_setting_sets_it_aside(data_dir, offset):
    """A device-local setting cannot be given back, and need not be: said, not refused."""
    lines = write_store(data_dir)
    last = bytearray(lines[-1])
    last[offset] ^= 0x01
    journal_of(data_dir).write_bytes(b"".join(lines[:-1]) + bytes(last))
    note = set_aside_once(data_dir, bytes(last))
    assert f"Line {len(lines)} of" in note and "saved and confirmed" in note, note
    assert "set aside" in note


def test_a_flipped_byte_that_hides_what_a_confirmed_line_held_is_refused_with_a_way_on(data_dir):
    """Its op unreadable, the line might have held a group key: refused, nothing changed,
    and a way on that keeps the key (the head moved aside: then it is an unconfirmed tail)."""
    lines = write_store(data_dir)
    last = bytearray(lines[-1])
    at = last.index(b'"op"') + 4
    last[at] ^= 0x01  # the ':' after "op"
    journal_of(data_dir).write_bytes(b"".join(lines[:-1]) + bytes(last))
    error = refused_twice(data_dir)
    assert error.line == len(lines)
    assert "saved and confirmed" in str(error)
    assert f"move {head_of(data_dir)} aside" in str(error), str(error)
    head_of(data_dir).rename(head_of(data_dir).with_name("records.head.aside"))
    with RecordStore.open(data_dir) as store:
        assert len(store) == len(TEN)


def test_confirmed_lines_cut_off_the_end_are_said_and_read_around(data_dir):
    lines = write_store(data_dir)
    # A whole-line truncation: the last two records and the setting.
    journal_of(data_dir).write_bytes(b"".join(lines[:-3]))
    with RecordStore.open(data_dir) as store:
        assert store.records(SESSION) == TEN[:8]
        (note,) = store.recovered
        assert "Line 10–12 of the saved records is missing" in note, note
        assert store.lines_lost == 3
        store.append_many(TEN[8:])
    with RecordStore.open(data_dir) as store:
        assert store.recovered == [] and store.records(SESSION) == TEN


def test_a_truncated_last_confirmed_line_whose_op_is_gone_is_not_dropped(data_dir):
    lines = write_store(data_dir)
    data = b"".join(lines)
    journal_of(data_dir).write_bytes(data[:-30])
    error = refused_twice(data_dir)
    assert error.line == len(lines)
    assert "saved and confirmed" in str(error) and "records.head aside" in str(error)


def test_a_confirmed_last_away_marker_cut_in_half_is_set_aside(data_dir):
    """Naive s16 N7: Carla's last line, an "away" marker, cut in half in vi (the newline
    kept). Before: "restore a backup", then "not the journal this data dir wrote", then a
    new join code. Now the rest is read and it is said."""
    write_store(data_dir)
    with RecordStore.open(data_dir) as store:
        store.set_session_local(SESSION, {"away": {"at": 1796668051733, "phase": "knots"}})
    lines = journal_of(data_dir).read_bytes().splitlines(keepends=True)
    cut = lines[-1][:90] + b"\n"
    journal_of(data_dir).write_bytes(b"".join(lines[:-1]) + cut)
    note = set_aside_once(data_dir, cut)
    assert "set aside" in note


def test_a_confirmed_last_group_key_cut_in_half_is_refused_with_a_way_on(data_dir):
    """A group key exists only on this device: never set aside unasked."""
    write_store(data_dir)
    with RecordStore.open(data_dir) as store:
        store.set_session_local(SESSION, {"group_key": "ab" * 32, "peers": ["10.0.0.1:9"]})
    lines = journal_of(data_dir).read_bytes().splitlines(keepends=True)
    journal_of(data_dir).write_bytes(b"".join(lines[:-1]) + lines[-1][:100] + b"\n")
    error = refused_twice(data_dir)
    assert "a group key" in str(error) and "records.head aside" in str(error)


@pytest.mark.parametrize(
    "overwrite",
    [
        pytest.param(lambda data: b"\0" * len(data), id="zeroed"),
        pytest.param(lambda data: b"\0" * 4096 + data[4096:], id="first-block-zeroed"),
        pytest.param(lambda data: b"", id="emptied"),
        pytest.param(lambda data: os.urandom(len(data)), id="random-bytes"),
    ],
)
def test_an_overwritten_journal_stops_the_open_and_the_next_one(data_dir, overwrite):
    lines = write_store(data_dir)
    journal_of(data_dir).write_bytes(overwrite(b"".join(lines)))
    error = refused_twice(data_dir)
    assert error.line == 1
    assert "will not start on it empty" in str(error)


def test_a_deleted_journal_stops_the_open(data_dir):
    write_store(data_dir)
    journal_of(data_dir).unlink()
    error = refused_twice(data_dir)
    assert "deleted" in str(error)
    assert not journal_of(data_dir).exists()


def test_another_stores_journal_put_in_its_place_is_noticed(data_dir, tmp_path):
    write_store(data_dir)
    other = tmp_path / "other"
    with RecordStore.open(other) as store:
        for item in TEN[:4]:
            store.append(item)
    journal_of(data_dir).write_bytes(journal_of(other).read_bytes())
    error = refused_twice(data_dir)
    assert "replaced" in str(error)


def test_an_older_copy_of_the_journal_is_noticed(data_dir):
    """A backup restored over a newer journal would silently forget confirmed records."""
    with RecordStore.open(data_dir) as store:
        for item in TEN[:5]:
            store.append(item)
    older = journal_of(data_dir).read_bytes()
    with RecordStore.open(data_dir) as store:
        for item in TEN[5:]:
            store.append(item)
    journal_of(data_dir).write_bytes(older)
    with RecordStore.open(data_dir) as store:  # said, as any end cut off (naive s17 F1)
        assert store.records(SESSION) == TEN[:5]
        (note,) = store.recovered
        assert "Line 7–11 of the saved records is missing" in note, note


def test_a_lost_head_is_said_and_the_journal_still_opens(data_dir):
    write_store(data_dir)
    head_of(data_dir).unlink()
    with RecordStore.open(data_dir) as store:
        assert store.records(SESSION) == TEN
        assert len(store.recovered) == 1
        assert "records.head was missing" in store.recovered[0]
    with RecordStore.open(data_dir) as store:  # a new head was written: quiet again
        assert store.recovered == []


def legacy_journal(lines: list[bytes]) -> bytes:
    """The same entries as a format-1 journal (before line numbers): ``["<crc>",<payload>]``."""
    out = []
    for line in lines:
        decoded = decode_line(line)
        assert decoded is not None
        _number, _check, entry = decoded
        if entry["op"] == "journal":
            entry = {"op": "journal", "format": 1}
        start = line.index(b'",') + 2
        payload = line[start:-2] if entry["op"] != "journal" else b'{"format":1,"op":"journal"}'
        assert json.loads(payload) == entry
        out.append(b'["%08x",' % zlib.crc32(payload) + payload + b"]\n")
    return b"".join(out)


def test_an_old_journal_is_read_and_rewritten_with_numbered_lines(data_dir):
    lines = write_store(data_dir)
    journal_of(data_dir).write_bytes(legacy_journal(lines))
    head_of(data_dir).unlink()  # an old data dir has no head
    with RecordStore.open(data_dir) as store:
        assert store.records(SESSION) == TEN
        assert store.setting("language") == "nl"
        assert store.recovered == []
    migrated = journal_of(data_dir).read_bytes().splitlines(keepends=True)
    assert [decode_line(line)[0] for line in migrated] == list(range(1, len(lines) + 1))
    # From now on, a deleted line is noticed, and said.
    del migrated[3]
    journal_of(data_dir).write_bytes(b"".join(migrated))
    with RecordStore.open(data_dir) as store:
        said = ["Line 4 of the saved records is missing" in n for n in store.recovered]
        assert said == [True], store.recovered


def test_an_old_journal_with_a_torn_tail_is_cut_then_rewritten(data_dir):
    lines = write_store(data_dir)
    legacy = legacy_journal(lines)
    journal_of(data_dir).write_bytes(legacy + b'["0000')
    head_of(data_dir).unlink()
    with RecordStore.open(data_dir) as store:
        assert store.records(SESSION) == TEN
        assert len(store.recovered) == 1
        assert "interrupted write" in store.recovered[0]
    with RecordStore.open(data_dir) as store:
        assert store.recovered == []
        assert store.records(SESSION) == TEN


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_store_files_are_private(data_dir):
    write_store(data_dir)
    assert mode(data_dir) == 0o700
    assert mode(data_dir / "store") == 0o700
    for path in (data_dir / "store").iterdir():
        assert mode(path) == 0o600, path


def test_an_existing_store_is_made_private_on_open(data_dir):
    write_store(data_dir)
    store_dir = data_dir / "store"
    torn = store_dir / "records.jsonl.torn-1"
    torn.write_bytes(b"group key bytes")
    for path in store_dir.iterdir():
        path.chmod(0o644)
    store_dir.chmod(0o755)
    with RecordStore.open(data_dir):
        pass
    assert mode(store_dir) == 0o700
    for path in store_dir.iterdir():
        assert mode(path) == 0o600, path


@pytest.mark.parametrize("survivor", ["old", "new"])
def test_a_compaction_cut_short_at_its_rename_opens_whichever_journal_survived(data_dir, survivor):
    """Between 'head names both' and 'head names the new one', a crash leaves either file."""
    from beraad.store import head as heads

    write_store(data_dir)
    with RecordStore.open(data_dir) as store:
        for n in range(5):
            store.set_setting("theme", f"t{n}")  # something for compaction to drop
    old_journal = journal_of(data_dir).read_bytes()
    old_mark = heads.read(head_of(data_dir)).current
    with RecordStore.open(data_dir) as store:
        store.compact()
    new_mark = heads.read(head_of(data_dir)).current
    assert new_mark.id != old_mark.id
    head_of(data_dir).write_bytes(heads.Head(old_mark, new_mark).encode())
    if survivor == "old":
        journal_of(data_dir).write_bytes(old_journal)
    with RecordStore.open(data_dir) as store:
        assert store.records(SESSION) == TEN
        assert store.setting("theme") == "t4"
        assert store.recovered == []
    # The head now names only the survivor: the other file would be refused as a replacement.
    assert heads.read(head_of(data_dir)).next is None
