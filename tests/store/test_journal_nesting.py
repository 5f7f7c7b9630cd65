"""A journal line nested to crash the reader is damage with a line number, not a RecursionError.

Someone with write access to the data dir (or a broken sync tool) puts a well-framed line —
right number, right checksum — whose payload is 5,000 nested arrays, or a record whose body
nests 300 deep. The store reads it with the one shared decoder: the nested arrays are a damaged
line, set aside and named; the deep record too (attack s16 #3: it stopped the open).
"""

from __future__ import annotations

from beraad.core.canonical import canonical_bytes
from beraad.store import RecordStore
from beraad.store.journal import encode_line
from tests.core.strategies import SESSION
from tests.store.helpers import journal_of
from tests.store.test_journal_notices import TEN, write_store


def deep_record_entry(line: bytes) -> bytes:
    """The record entry of ``line`` with its body replaced by one nested 300 deep."""
    import json

    entry = json.loads(line)[2]
    body: object = "x"
    for _ in range(300):
        body = [body]
    for value in entry.values():
        if isinstance(value, dict) and "body" in value:
            value["body"] = {"text": body}
    return canonical_bytes(entry)


def test_a_nested_record_is_set_aside_with_its_number(data_dir):
    """A record the store cannot read is set aside and said like a damaged line (attack s16
    #3; it stopped the open before), never a RecursionError."""
    lines = write_store(data_dir)
    assert len(lines) == len(TEN) + 2  # header, ten records, a setting
    lines[4] = encode_line(deep_record_entry(lines[4]), 5)
    journal_of(data_dir).write_bytes(b"".join(lines))
    with RecordStore.open(data_dir) as store:
        (note,) = store.recovered
        assert f"Line 5 of {journal_of(data_dir)} holds an entry" in note, note
        assert "Recursion" not in note
        assert len(store.records(SESSION)) == len(TEN) - 1


def test_a_line_of_nested_arrays_is_set_aside_with_its_number(data_dir):
    """A line that is no JSON the decoder takes is a damaged line: set aside, said by its
    number (attack s12 #7), never a RecursionError."""
    lines = write_store(data_dir)
    lines[4] = encode_line(b"[" * 5000 + b"]" * 5000, 5)
    journal_of(data_dir).write_bytes(b"".join(lines))
    with RecordStore.open(data_dir) as store:
        assert len(store.recovered) == 1 and "Line 5 of" in store.recovered[0]
        assert len(store.records(SESSION)) == len(TEN) - 1
