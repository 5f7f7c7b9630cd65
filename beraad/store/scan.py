"""Reading a journal file and checking it line by line, before anything on disk is changed.

The line format and the crash rules are described in ``journal.py``; this module finds what
the file holds (``Scan``): its entries, a torn tail, damaged lines to set aside, and what the
head beside it says was confirmed. The open writer (``Journal``) acts on what it found.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from beraad.core.canonical import CanonicalError, canonical_bytes, decode_json
from beraad.i18n import _
from beraad.store import head as heads
from beraad.store.damaged_lines import given_back
from beraad.store.errors import StoreError
from beraad.store.journal_refusals import (
    confirmed_damaged,
    corrupt,
    damaged,
    header_damaged,
    replaced,
    unreadable,
)

FORMAT = 2
HEADER_OP = "journal"
#: Format-1 journals have no id; the head names them by this while they are being migrated.
LEGACY_ID = "format-1"
#: A damaged first line with no head beside it is a journal torn while being created only if
#: the whole file is no longer than a header could be; a longer one was overwritten.
_TORN_HEADER_MAX = 160
#: How many bytes of lines are joined into one write while compacting (and copied at once).
CHUNK = 1 << 20
#: No line of ours is longer (a record is at most 64 KiB; a session's own values, fork
#: evidence and settings far less than this): a longer one is damage, read in pieces.
MAX_LINE_BYTES = 64 << 20
#: Bytes of a damaged line kept in memory to read what it held (a record is at most 64 KiB).
DAMAGED_KEPT = 70_000
#: Damaged lines read that way; more are still set aside, only not read.
DAMAGED_READ = 64
#: How often a reader re-reads when a compaction swaps the journal under it.
READ_ATTEMPTS = 20


class Swapped(Exception):
    """A reader found a journal the head does not name yet: a compaction is under way."""


def line_check(number: int, payload: bytes) -> int:
    """The checksum of a format-2 line: its number and payload, so neither can change unseen."""
    return zlib.crc32(payload, zlib.crc32(b"%d," % number))


def encode_line(payload: bytes, number: int) -> bytes:
    """Frame one JSON payload as journal line ``number`` with its checksum."""
    return b'[%d,"%08x",' % (number, line_check(number, payload)) + payload + b"]\n"


def encode_entry(entry: dict[str, Any]) -> bytes:
    """A journal payload for ``entry``; refuses floats so the journal stays exact JSON."""
    return canonical_bytes(entry)


def _parse(payload: bytes) -> dict[str, Any] | None:
    try:
        entry = decode_json(payload)
    except CanonicalError:
        return None
    if not isinstance(entry, dict) or not isinstance(entry.get("op"), str):
        return None
    return entry


def decode_line(line: bytes) -> tuple[int, str, dict[str, Any]] | None:
    """Number, checksum and entry of one complete format-2 line, or None if it is damaged."""
    if line[:1] != b"[" or line[-2:] != b"]\n":
        return None
    comma = line.find(b",", 1, 24)
    digits = line[1:comma]
    if comma < 2 or not digits.isdigit() or digits[:1] == b"0":
        return None
    if line[comma + 1 : comma + 2] != b'"' or line[comma + 10 : comma + 12] != b'",':
        return None
    number = int(digits)
    check = line[comma + 2 : comma + 10]
    payload = line[comma + 12 : -2]
    if check != b"%08x" % line_check(number, payload):
        return None
    entry = _parse(payload)
    return None if entry is None else (number, check.decode(), entry)


def decode_legacy_line(line: bytes) -> tuple[str, dict[str, Any]] | None:
    """Checksum and entry of one complete format-1 line, or None if it is damaged."""
    if len(line) < 15 or line[:2] != b'["' or line[10:12] != b'",' or line[-2:] != b"]\n":
        return None
    payload = line[12:-2]
    if line[2:10] != b"%08x" % zlib.crc32(payload):
        return None
    entry = _parse(payload)
    return None if entry is None else (line[2:10].decode(), entry)


@dataclass(slots=True)
class Scan:
    """What reading a journal found; nothing on disk has been changed yet."""

    path: Path
    entries: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    good_size: int = 0  # bytes up to and including the last valid line
    torn_line: int = 0  # first line of the torn tail, 0 if none
    torn_size: int = 0  # bytes of the torn tail, from ``good_size`` on (kept aside as it is)
    #: The damaged tail was confirmed (the head counts it), but holds only what the peers give
    #: back or this device can do without: set aside like a torn tail, said apart (naive s16 N7).
    torn_confirmed: bool = False
    exists: bool = False
    format: int = FORMAT
    id: str = ""
    lines: int = 0  # valid lines, the header included
    check: str = ""  # checksum of the last valid line
    #: Damaged lines with valid ones after them, as (first line, last line, offset, bytes):
    #: a writer sets them aside (``set_aside``) and opens without them (attack s12 #7).
    damaged: list[tuple[int, int, int, int]] = field(default_factory=list)
    #: What those damaged lines still hold (each cut at ``DAMAGED_KEPT`` bytes): whose record
    #: it was, so a node never signs one of its own again at that seq (``own_chain.py``).
    damaged_lines: list[bytes] = field(default_factory=list)
    #: Lines gone whole, as (first, last): deleted from the middle, or confirmed lines cut
    #: off the end. Read around and said like damaged ones (naive s17 F1): what they held
    #: comes again from the peers; nothing is left of them to copy aside.
    missing: list[tuple[int, int]] = field(default_factory=list)
    #: Where each entry's line stands in the file (offset, bytes), beside ``entries``: a line
    #: that reads but holds no entry the store knows is copied aside from there.
    spans: list[tuple[int, int]] = field(default_factory=list)
    #: Lines whose number was read already (a line pasted twice), as (number, offset, bytes):
    #: copied aside by the writer and read around, as damaged ones are.
    twice: list[tuple[int, int, int]] = field(default_factory=list)
    #: A line stood out of its place (lines swapped) and filled the gap its number left: read
    #: where it stands; the store rewrites the journal in order.
    moved: bool = False
    head_note: str = ""  # why the head could not be used to check the journal's end

    @property
    def head_path(self) -> Path:
        return head_path(self.path)


def head_path(journal: Path) -> Path:
    return journal.with_suffix(".head")


def _read_head(scan: Scan) -> heads.Head | None:
    try:
        return heads.read(scan.head_path)
    except heads.Unreadable:
        scan.head_note = _(
            "{head} was damaged, so the end of the journal could not be checked against it; "
            "a new one was written."
        ).format(head=scan.head_path)
    except OSError as error:
        raise unreadable(scan.head_path, error) from error
    return None


class _Overlong(bytes):
    """What stands for a line longer than ``MAX_LINE_BYTES``: never a journal line, so damage;
    its bytes are skipped, not held (``size`` says how many there were)."""

    size: int


def _bounded_lines(handle: BinaryIO) -> Iterator[bytes]:
    """The journal's lines, newline kept, never more than ``MAX_LINE_BYTES`` of one in memory.

    600 MB of junk appended without a newline was read as one line (3× its size in memory for
    the reader and the writer alike); a line that long is damage, whatever it holds."""
    while line := handle.readline(MAX_LINE_BYTES + 1):
        if len(line) <= MAX_LINE_BYTES or line.endswith(b"\n"):
            yield line
            continue
        size = len(line)
        while (rest := handle.readline(CHUNK)) and not rest.endswith(b"\n"):
            size += len(rest)
        size += len(rest)
        overlong = _Overlong(b"")
        overlong.size = size
        yield overlong


def scan_file(path: Path, reading: bool, set_aside: bool = False) -> Scan:
    """``set_aside``: damaged lines with valid ones after them go in ``scan.damaged`` instead
    of stopping the open (one flipped byte locked the person out of every session)."""
    scan = Scan(path)
    head = _read_head(scan)
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below, after the loop
    except FileNotFoundError:
        if head is not None:
            raise replaced(path, head.current.lines) from None
        return scan
    except OSError as error:
        raise unreadable(path, error) from error
    scan.exists = True
    offset = 0
    first_bad = 0
    bad_offset = 0
    mark: heads.Mark | None = None
    shift = 0  # lines a damaged one swallowed (its newline lost: two lines became one)
    bad_lines: list[bytes] = []  # the damaged lines since ``first_bad``, as kept
    bad_count = 0  # and how many there are
    try:
        with handle:
            for place, line in enumerate(_bounded_lines(handle), start=1):
                number = place + shift
                complete = line.endswith(b"\n")
                if number == 1:
                    _read_header(scan, line if complete else b"")
                    if scan.id and head is not None:
                        mark = head.mark_for(scan.id)
                        if mark is None:
                            if reading:
                                raise Swapped
                            raise replaced(path, head.current.lines)
                if scan.format == FORMAT:
                    decoded = decode_line(line) if complete else None
                    found, check = (decoded[0], decoded[1]) if decoded else (0, "")
                else:
                    legacy = decode_legacy_line(line) if complete else None
                    decoded = (number, *legacy) if legacy else None
                    found, check = number, legacy[0] if legacy else ""
                if decoded is None or not scan.id:
                    if not first_bad:
                        first_bad, bad_offset = number, offset
                        bad_lines, bad_count = [], 0
                    bad_count += 1
                    if len(bad_lines) < DAMAGED_READ and not isinstance(line, _Overlong):
                        bad_lines.append(bytes(line[:DAMAGED_KEPT]))
                elif first_bad and (not set_aside or first_bad == 1):
                    raise damaged(path, first_bad)
                elif found < number and (not first_bad or found < first_bad):
                    # A line out of its place: it fills the gap its number left (lines
                    # swapped), or its number was read already (a line pasted twice). Either
                    # way it takes no number here, and nothing is refused (naive s17 F1).
                    if first_bad:  # after damaged lines: they are set aside where they stand
                        last = first_bad + bad_count - 1
                        scan.damaged.append((first_bad, last, bad_offset, offset - bad_offset))
                        room = DAMAGED_READ - len(scan.damaged_lines)
                        scan.damaged_lines.extend(bad_lines[:room])
                        first_bad = 0
                    if _fill(scan.missing, found):
                        scan.entries.append((found, decoded[2]))
                        scan.spans.append((offset, len(line)))
                        scan.moved = True
                    else:
                        scan.twice.append((found, offset, len(line)))
                        if len(scan.damaged_lines) < DAMAGED_READ:
                            scan.damaged_lines.append(bytes(line[:DAMAGED_KEPT]))
                    shift -= 1
                else:
                    if found > number and not first_bad:  # lines deleted whole
                        scan.missing.append((number, found - 1))
                        shift += found - number
                        number = found
                    elif first_bad:  # set aside: the lines from first_bad on up to this one
                        # (this one's number may be among theirs: a damaged line swapped with
                        # it; it counts, as a valid line does after damage, journal17 left)
                        last = max(found - 1, first_bad)
                        scan.damaged.append((first_bad, last, bad_offset, offset - bad_offset))
                        room = DAMAGED_READ - len(scan.damaged_lines)
                        scan.damaged_lines.extend(bad_lines[:room])
                        shift += found - number
                        number, first_bad = found, 0
                    scan.entries.append((number, decoded[2]))
                    scan.spans.append((offset, len(line)))
                    scan.lines, scan.check = number, check
                    if mark is not None and number == mark.lines and check != mark.check:
                        raise replaced(path, mark.lines)
                offset += line.size if isinstance(line, _Overlong) else len(line)
            if first_bad:
                scan.torn_size = offset - bad_offset
    except OSError as error:
        raise unreadable(path, error) from error
    if head is not None and offset == 0:
        raise replaced(path, head.current.lines)  # emptied
    confirmed = mark.lines if mark is not None else 0
    if first_bad == 1 and (head is not None or offset > _TORN_HEADER_MAX):
        raise header_damaged(path)
    if first_bad and first_bad <= confirmed:
        if not all(given_back(line) for line in bad_lines) or bad_count > len(bad_lines):
            raise confirmed_damaged(path, first_bad, scan.head_path)
        # The damaged lines stand for the confirmed ones they replace (a cut line keeps its
        # number): fewer lines than confirmed after them is still a cut-off end.
        if first_bad + bad_count - 1 < confirmed:
            scan.missing.append((first_bad + bad_count, confirmed))
        scan.torn_confirmed = True
        scan.damaged_lines.extend(bad_lines[: DAMAGED_READ - len(scan.damaged_lines)])
    elif scan.lines < confirmed:  # confirmed lines cut off the end: gone, like deleted ones
        scan.missing.append((scan.lines + 1, confirmed))
    if head is None and scan.format == FORMAT and scan.lines > 1 and not scan.head_note:
        scan.head_note = _(
            "{head} was missing, so the end of the journal could not be checked against it; "
            "a new one was written."
        ).format(head=scan.head_path)
    scan.good_size = bad_offset if first_bad else offset
    scan.torn_line = first_bad
    if scan.entries:
        del scan.entries[0]
        del scan.spans[0]
    return scan


def _fill(missing: list[tuple[int, int]], number: int) -> bool:
    """Take ``number`` out of the missing ranges; whether it was in one."""
    for at, (first, last) in enumerate(missing):
        if first <= number <= last:
            rest = [(first, number - 1), (number + 1, last)]
            missing[at : at + 1] = [(a, b) for a, b in rest if a <= b]
            return True
    return False


def _read_header(scan: Scan, line: bytes) -> None:
    """Find the journal's format and id from its first line; a damaged one leaves ``id`` empty."""
    decoded = decode_line(line)
    if decoded is not None and decoded[0] == 1:
        entry, scan.format = decoded[2], FORMAT
    else:
        legacy = decode_legacy_line(line)
        if legacy is None:
            return
        entry, scan.format = legacy[1], 1
    if entry.get("op") != HEADER_OP:
        text = _(
            "{path} is not a beraad journal (line {line} is not its header). Nothing was changed."
        )
        raise corrupt(text, scan.path, 1)
    version = entry.get("format")
    if not isinstance(version, int) or version > FORMAT:
        raise StoreError(
            _(
                "{path} was written by a newer beraad (journal format {version}). "
                "Update beraad to open it; nothing was changed."
            ).format(path=scan.path, version=version)
        )
    ident = entry.get("id")
    scan.id = ident if isinstance(ident, str) and ident else LEGACY_ID


def left_out(scan: Scan) -> list[str]:
    """What a reader says of the damaged and missing lines it read around (it changes
    nothing)."""
    return [
        *(
            _(
                "Line {lines} of {path} is damaged (it fails its checksum) and was left out; "
                "beraad sets it aside when it next opens this data dir to write."
            ).format(lines=line_range(first, last), path=scan.path)
            for first, last, _offset, _size in scan.damaged
        ),
        *(missing_note(scan.path, first, last) for first, last in scan.missing),
        *(
            _(
                "Line {line} of {path} is there a second time, out of its place, and was left "
                "out; beraad sets it aside when it next opens this data dir to write."
            ).format(line=line, path=scan.path)
            for line, _offset, _size in scan.twice
        ),
    ]


def line_range(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def missing_note(path: Path, first: int, last: int) -> str:
    """What is said of lines gone whole (naive s17 F1): the rest is read, and the peers give
    back what they held; what only this device kept, only a backup brings back. The path comes
    last: the app says a notice in at most four lines at 80 columns, and a long data dir's
    path first cut off "the rest was read" (journal17 left)."""
    return _(
        "Line {lines} of the saved records is missing (deleted, or the file cut short); the "
        "rest was read. What it held comes again from the others when they sync; a group key "
        "or a sealed vote's secret kept only here needs a backup. File: {path}"
    ).format(lines=line_range(first, last), path=path)


def untorn(scan: Scan) -> Scan:
    """A reader's view: an unconfirmed tail is not part of the journal, and is not touched."""
    scan.torn_size, scan.torn_line = 0, 0
    scan.head_note = ""
    return scan
