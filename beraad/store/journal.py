"""The append-only journal file: one numbered, checksummed JSON line per change, durable before
it counts.

Line format (format 2): ``[<n>,"<crc32 of n and payload, 8 hex>",<payload JSON>]\\n``. Every line
is plain JSON (``jq`` reads it). ``n`` is the line's number (the header is line 1), so a line
that goes missing anywhere is named by its number; the checksum covers number and payload, so a
changed line is caught without re-verifying any signature. The header names the format and a
random id for this journal file. Beside the journal, ``head.py`` keeps what was confirmed: id,
line count and last checksum. Format-1 journals (``["<crc>",<payload>]``, no numbers) are still
read, and rewritten as format 2 by the first writer that opens them.

Crash rules, decided by scanning the whole file *before* anything is changed:

* damaged lines at the end, after the last line the head confirmed, are a **torn tail** — an
  interrupted write that was never confirmed to anyone. A writer cuts them off (a copy of the
  bytes is kept beside the journal) and reports it in ``recovered``; a reader ignores them (they
  may be an append still under way).
* damaged lines followed by a valid one are **set aside** by a writer: copied beside the
  journal (``.damaged-<line>-<ms>``), reported in ``recovered``, and the store rewrites the
  journal without them; the records they held come again from the peers. A reader reads
  around them. (One flipped byte locked the person out of every session: attack s12 #7.)
* a confirmed last line damaged that held only what comes back or can go (``damaged_lines``)
  is set aside like a torn tail, said apart; anything else stops the open with
  ``StoreCorrupt`` naming file, line and what happened — a damaged header, a missing or
  misplaced line, a confirmed line damaged or cut off, a journal that is not the one the
  head names (zeroed, emptied, replaced) — and leaves every file byte for byte as it was,
  so the next start says the same.

Appends go to a known offset with ``pwrite`` on one descriptor that stays open, then
``fdatasync``. If the disk fills halfway through, the file is truncated back to the last good
offset, so no half line is ever left for the next open to trip over. Compaction writes a new
file, fsyncs it, renames it over the journal and fsyncs the directory: a crash at any point
leaves either the old journal or the new one, whole, and a head that names it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import threading
import time
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from beraad.core.canonical import CanonicalError, canonical_bytes, decode_json
from beraad.i18n import _
from beraad.i18n.os_words import os_reason
from beraad.store import head as heads
from beraad.store.damaged_lines import given_back
from beraad.store.errors import StoreCorrupt, StoreError, StoreFull

FORMAT = 2
HEADER_OP = "journal"
#: Format-1 journals have no id; the head names them by this while they are being migrated.
LEGACY_ID = "format-1"
#: A damaged first line with no head beside it is a journal torn while being created only if
#: the whole file is no longer than a header could be; a longer one was overwritten.
_TORN_HEADER_MAX = 160
#: How many bytes of lines are joined into one write while compacting (and copied at once).
_CHUNK = 1 << 20
#: No line of ours is longer (a record is at most 64 KiB; a session's own values, fork
#: evidence and settings far less than this): a longer one is damage, read in pieces.
MAX_LINE_BYTES = 64 << 20
#: Bytes of a damaged line kept in memory to read what it held (a record is at most 64 KiB).
DAMAGED_KEPT = 70_000
#: Damaged lines read that way; more are still set aside, only not read.
DAMAGED_READ = 64
#: How often a reader re-reads when a compaction swaps the journal under it.
_READ_ATTEMPTS = 20
_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})
FILE_MODE = 0o600


class _Swapped(Exception):
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
    head_note: str = ""  # why the head could not be used to check the journal's end

    @property
    def head_path(self) -> Path:
        return head_path(self.path)


def head_path(journal: Path) -> Path:
    return journal.with_suffix(".head")


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_all(fd: int, data: bytes, offset: int) -> None:
    view = memoryview(data)
    written = 0
    while written < len(view):
        count = os.pwrite(fd, view[written:], offset + written)
        if count <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written += count


def _read_head(scan: Scan) -> heads.Head | None:
    try:
        return heads.read(scan.head_path)
    except heads.Unreadable:
        scan.head_note = _(
            "{head} was damaged, so the end of the journal could not be checked against it; "
            "a new one was written."
        ).format(head=scan.head_path)
    except OSError as error:
        raise _unreadable(scan.head_path, error) from error
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
        while (rest := handle.readline(_CHUNK)) and not rest.endswith(b"\n"):
            size += len(rest)
        size += len(rest)
        overlong = _Overlong(b"")
        overlong.size = size
        yield overlong


def _scan_once(path: Path, reading: bool, set_aside: bool = False) -> Scan:
    """``set_aside``: damaged lines with valid ones after them go in ``scan.damaged`` instead
    of stopping the open (one flipped byte locked the person out of every session)."""
    scan = Scan(path)
    head = _read_head(scan)
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below, after the loop
    except FileNotFoundError:
        if head is not None:
            raise _replaced(path, head.current.lines) from None
        return scan
    except OSError as error:
        raise _unreadable(path, error) from error
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
                                raise _Swapped
                            raise _replaced(path, head.current.lines)
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
                elif first_bad and (not set_aside or first_bad == 1 or found < number):
                    raise _damaged(path, first_bad)
                elif found != number and not first_bad:
                    raise _misplaced(path, number, found)
                else:
                    if first_bad:  # set aside: the lines from first_bad on up to this one
                        scan.damaged.append((first_bad, found - 1, bad_offset, offset - bad_offset))
                        room = DAMAGED_READ - len(scan.damaged_lines)
                        scan.damaged_lines.extend(bad_lines[:room])
                        shift += found - number
                        number, first_bad = found, 0
                    scan.entries.append((number, decoded[2]))
                    scan.lines, scan.check = number, check
                    if mark is not None and number == mark.lines and check != mark.check:
                        raise _replaced(path, mark.lines)
                offset += line.size if isinstance(line, _Overlong) else len(line)
            if first_bad:
                scan.torn_size = offset - bad_offset
    except OSError as error:
        raise _unreadable(path, error) from error
    if head is not None and offset == 0:
        raise _replaced(path, head.current.lines)  # emptied
    confirmed = mark.lines if mark is not None else 0
    if first_bad == 1 and (head is not None or offset > _TORN_HEADER_MAX):
        raise _header_damaged(path)
    if first_bad and first_bad <= confirmed:
        if not all(given_back(line) for line in bad_lines) or bad_count > len(bad_lines):
            raise _confirmed_damaged(path, first_bad, scan.head_path)
        # The damaged lines stand for the confirmed ones they replace (a cut line keeps its
        # number): fewer lines than confirmed after them is still a cut-off end.
        if first_bad + bad_count - 1 < confirmed:
            raise _cut_off(path, first_bad + bad_count, confirmed)
        scan.torn_confirmed = True
        scan.damaged_lines.extend(bad_lines[: DAMAGED_READ - len(scan.damaged_lines)])
    elif scan.lines < confirmed:
        raise _cut_off(path, scan.lines + 1, confirmed)
    if head is None and scan.format == FORMAT and scan.lines > 1 and not scan.head_note:
        scan.head_note = _(
            "{head} was missing, so the end of the journal could not be checked against it; "
            "a new one was written."
        ).format(head=scan.head_path)
    scan.good_size = bad_offset if first_bad else offset
    scan.torn_line = first_bad
    if scan.entries:
        del scan.entries[0]
    return scan


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
        raise _corrupt(text, scan.path, 1)
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


class Journal:
    """An open journal: appends are durable when ``append`` returns."""

    def __init__(self, path: Path, fd: int, size: int, head_fd: int) -> None:
        self.path = path
        self._fd: int | None = fd
        self._head_fd = head_fd
        self._size = size
        self._broken = ""
        self._id = ""
        self._lines = 0
        self._check = ""
        self.legacy = False  # a format-1 journal: the store rewrites it as format 2
        #: Damaged lines found on opening whose copy could not be kept beside the journal:
        #: the store then leaves the journal as it is (rewriting it would lose their bytes).
        self.damage_unkept = False
        #: Appends made durable (one ``fdatasync`` each) since opening: what tests count.
        self.syncs = 0
        #: One ``fdatasync`` and head write at a time (``sync`` may run in a thread).
        self._syncing = threading.Lock()

    # -- opening -------------------------------------------------------------------------

    @staticmethod
    def scan(path: Path) -> Scan:
        """Read and check the whole journal, as its writer; raises ``StoreCorrupt`` on damage."""
        return _scan_once(path, reading=False, set_aside=True)

    @staticmethod
    def read(path: Path) -> Scan:
        """Read and check the journal beside a writer that may be appending or compacting.

        A torn tail past the confirmed lines is left alone (it may be an append under way);
        a journal the head does not name yet is read again (a compaction was renaming it).
        """
        for _attempt in range(_READ_ATTEMPTS - 1):
            try:
                return _untorn(_scan_once(path, reading=True, set_aside=True))
            except (_Swapped, StoreCorrupt):
                # The writer is between rename and head update, or its head was caught half
                # rewritten: what looks damaged now must look damaged a moment later too.
                time.sleep(0.01)
        return _untorn(_scan_once(path, reading=False, set_aside=True))

    @classmethod
    def start(cls, scan: Scan) -> tuple[Journal, list[str]]:
        """Open for appending: cut a torn tail (keeping a copy), write a header if new."""
        path = scan.path
        recovered: list[str] = []
        stale = path.with_name(path.name + ".compact")
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()  # a compaction that died before its rename; the journal is intact
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC, FILE_MODE)
        except OSError as error:
            raise _write_error(path, error) from error
        try:
            head_fd = heads.open_for_writing(scan.head_path)
        except OSError as error:
            os.close(fd)
            raise _write_error(scan.head_path, error) from error
        journal = cls(path, fd, scan.good_size, head_fd)
        try:
            if scan.torn_size:
                recovered.append(journal._drop_tail(scan))
            recovered.extend(journal._keep_damaged(scan, damaged) for damaged in scan.damaged)
            if scan.good_size == 0:
                journal._id = secrets.token_hex(8)
                header = encode_line(journal._header(), 1)
                os.ftruncate(fd, 0)
                _write_all(fd, header, 0)
                os.fsync(fd)
                journal._size, journal._lines = len(header), 1
                journal._check = f"{line_check(1, journal._header()):08x}"
            else:
                journal._id, journal._lines, journal._check = scan.id, scan.lines, scan.check
                journal.legacy = scan.format != FORMAT
            if scan.head_note:
                recovered.append(scan.head_note)
            heads.write(head_fd, journal._head(), durable=True)
            if not scan.exists:
                _fsync_dir(path.parent)
        except OSError as error:
            journal.close()
            raise _write_error(path, error) from error
        return journal, recovered

    def _header(self) -> bytes:
        return encode_entry({"op": HEADER_OP, "format": FORMAT, "id": self._id})

    def _head(self) -> heads.Head:
        return heads.Head(heads.Mark(self._id, self._lines, self._check))

    def _keep_damaged(self, scan: Scan, damaged: tuple[int, int, int, int]) -> str:
        """Copy damaged lines beside the journal; the store then rewrites it without them."""
        first, last, offset, size = damaged
        copy = self.path.with_name(
            f"{self.path.name}.damaged-{first}-{time.time_ns() // 1_000_000}"
        )
        try:
            fd = os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, FILE_MODE)
            with os.fdopen(fd, "wb") as handle, open(self.path, "rb") as source:
                source.seek(offset)
                left = size
                while left:
                    piece = source.read(min(left, _CHUNK))
                    if not piece:
                        break
                    handle.write(piece)
                    left -= len(piece)
            kept = _("a copy is in {copy}").format(copy=copy)
        except OSError as error:
            with contextlib.suppress(OSError):
                copy.unlink()
            # Without a copy the line stays where it is: read around on every start, never
            # rewritten away (its bytes are all there is of that record on this device).
            self.damage_unkept = True
            lines = str(first) if first == last else f"{first}–{last}"
            return _(
                "Line {lines} of {path} is damaged (it fails its checksum) and was left in "
                "place, because no copy of it could be kept ({error}); the rest was read. What "
                "it held comes again from the others when they sync."
            ).format(lines=lines, path=self.path, error=os_reason(error))
        lines = str(first) if first == last else f"{first}–{last}"
        return _(
            "Line {lines} of {path} was damaged (it fails its checksum) and was set aside; the "
            "rest was read. What it held comes again from the others when they sync ({kept})."
        ).format(lines=lines, path=self.path, kept=kept)

    def _drop_tail(self, scan: Scan) -> str:
        if scan.torn_confirmed:
            return self._keep_damaged_tail(scan)
        copy = self.path.with_name(f"{self.path.name}.torn-{time.time_ns() // 1_000_000}")
        try:
            fd = os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, FILE_MODE)
            with os.fdopen(fd, "wb") as handle, open(self.path, "rb") as source:
                # Copied in pieces: junk appended to a journal can be far bigger than memory.
                source.seek(scan.good_size)
                shutil.copyfileobj(source, handle, _CHUNK)
            kept = _("a copy is in {copy}").format(copy=copy)
        except OSError as error:
            with contextlib.suppress(OSError):
                copy.unlink()
            kept = _("no copy could be kept ({error})").format(error=os_reason(error))
        assert self._fd is not None
        os.ftruncate(self._fd, scan.good_size)
        os.fsync(self._fd)
        return _(
            "The end of the saved records was cut short by an interrupted write and was set "
            "aside; nothing that was confirmed is lost ({size} bytes from line {line} of "
            "{path}; {kept})."
        ).format(path=self.path, size=scan.torn_size, line=scan.torn_line, kept=kept)

    def _keep_damaged_tail(self, scan: Scan) -> str:
        """A confirmed last line found damaged, holding only what comes back or can go
        (``given_back``): copied beside the journal and cut off; without a copy, nothing is
        changed (its bytes are all this device has of it)."""
        first = scan.torn_line
        copy = self.path.with_name(
            f"{self.path.name}.damaged-{first}-{time.time_ns() // 1_000_000}"
        )
        try:
            fd = os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, FILE_MODE)
            with os.fdopen(fd, "wb") as handle, open(self.path, "rb") as source:
                source.seek(scan.good_size)
                shutil.copyfileobj(source, handle, _CHUNK)
        except OSError as error:
            with contextlib.suppress(OSError):
                copy.unlink()
            self.close()  # nothing changed: the next start says the same
            raise _write_error(copy, error) from error
        assert self._fd is not None
        os.ftruncate(self._fd, scan.good_size)
        os.fsync(self._fd)
        return _(
            "Line {line} of {path}, its last, was damaged though it was saved and confirmed, "
            "and was set aside; the rest was read. What it held comes again from the others "
            "when they sync, or was kept on this device only for convenience (a copy is in "
            "{copy})."
        ).format(line=first, path=self.path, copy=copy)

    # -- writing -------------------------------------------------------------------------

    @property
    def size(self) -> int:
        return self._size

    def append(self, payloads: Iterable[bytes]) -> None:
        """Write the payloads as lines and fdatasync; on any failure the file is as before."""
        before = self._size, self._lines, self._check
        head = self.write(payloads)
        if head is None:
            return
        with self._syncing:
            try:
                os.fdatasync(self._fd)  # type: ignore[arg-type]
            except OSError as error:
                self._roll_back(before[0])
                self._size, self._lines, self._check = before
                raise _write_error(self.path, error) from error
            self._synced(head)

    def write(self, payloads: Iterable[bytes]) -> heads.Head | None:
        """Write the payloads as lines, not durable yet: ``sync`` makes them so (``append``
        does both). Returns the head they end at (None: nothing to write); on a failed write
        the file is as before."""
        if self._fd is None:
            raise StoreError(_("The record store is closed."))
        if self._broken:
            raise StoreError(self._broken)
        number = self._lines
        lines: list[bytes] = []
        for payload in payloads:
            number += 1
            lines.append(encode_line(payload, number))
        if not lines:
            return None
        data = b"".join(lines)
        offset = self._size
        try:
            _write_all(self._fd, data, offset)
        except OSError as error:
            self._roll_back(offset)
            raise _write_error(self.path, error) from error
        self._size = offset + len(data)
        self._lines = number
        last = lines[-1]
        comma = last.index(b",")
        self._check = last[comma + 2 : comma + 10].decode()
        return self._head()

    def sync(self, head: heads.Head) -> None:
        """Make what ``write`` wrote durable (``fdatasync``; may run in a thread, one at a
        time) and note ``head`` as confirmed. A failed sync cannot be undone here (lines may
        follow): nothing more is written until beraad starts again."""
        with self._syncing:
            if self._fd is None:
                raise StoreError(_("The record store is closed."))
            try:
                os.fdatasync(self._fd)
            except OSError as error:
                self._broken = _(
                    "Could not make a write to {path} durable ({error}). Close beraad and "
                    "start it again; everything confirmed before is safe."
                ).format(path=self.path, error=os_reason(error))
                raise _write_error(self.path, error) from error
            self._synced(head)

    def _synced(self, head: heads.Head) -> None:
        self.syncs += 1
        # After the line is durable, never before: the head may lag the journal, never lead it.
        with contextlib.suppress(OSError):
            heads.write(self._head_fd, head, durable=False)

    def _roll_back(self, offset: int) -> None:
        assert self._fd is not None
        try:
            os.ftruncate(self._fd, offset)
            os.fdatasync(self._fd)
        except OSError as error:
            # The next open will drop the half line as a torn tail; until then write nothing
            # after it, or it would become damage in the middle.
            self._broken = _(
                "Could not undo a failed write to {path} ({error}). Close beraad and start it "
                "again; everything confirmed before is safe."
            ).format(path=self.path, error=os_reason(error))

    def replace(self, payloads: Iterable[bytes]) -> None:
        """Compaction: atomically swap the journal for one holding exactly ``payloads``."""
        if self._fd is None:
            raise StoreError(_("The record store is closed."))
        if self._broken:
            raise StoreError(self._broken)
        tmp = self.path.with_name(self.path.name + ".compact")
        new_id = secrets.token_hex(8)
        header = encode_entry({"op": HEADER_OP, "format": FORMAT, "id": new_id})
        fd = -1
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, FILE_MODE)
            size, number, last = 0, 1, encode_line(header, 1)
            chunk: list[bytes] = [last]
            pending = len(last)
            for payload in payloads:
                number += 1
                last = encode_line(payload, number)
                chunk.append(last)
                pending += len(last)
                if pending >= _CHUNK:
                    _write_all(fd, b"".join(chunk), size)
                    size += pending
                    chunk, pending = [], 0
            _write_all(fd, b"".join(chunk), size)
            size += pending
            os.fsync(fd)
            comma = last.index(b",")
            mark = heads.Mark(new_id, number, last[comma + 2 : comma + 10].decode())
            # The head names both files until the rename is durable: a crash anywhere in
            # between leaves a journal the head recognises.
            heads.write(self._head_fd, heads.Head(self._head().current, mark), durable=True)
            os.replace(tmp, self.path)
            _fsync_dir(self.path.parent)
            heads.write(self._head_fd, heads.Head(mark), durable=True)
        except OSError as error:
            if fd >= 0:
                os.close(fd)
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise _write_error(self.path, error, compacting=True) from error
        old, self._fd, self._size = self._fd, fd, size
        self._id, self._lines, self._check = mark.id, mark.lines, mark.check
        self.legacy = False
        os.close(old)

    def close(self) -> None:
        with self._syncing:  # after a sync under way in a thread
            if self._fd is not None:
                fd, self._fd = self._fd, None
                os.close(fd)
                os.close(self._head_fd)


def left_out(scan: Scan) -> list[str]:
    """What a reader says of the damaged lines it read around (it changes nothing)."""
    return [
        _(
            "Line {lines} of {path} is damaged (it fails its checksum) and was left out; "
            "beraad sets it aside when it next opens this data dir to write."
        ).format(lines=str(first) if first == last else f"{first}–{last}", path=scan.path)
        for first, last, _offset, _size in scan.damaged
    ]


def _untorn(scan: Scan) -> Scan:
    """A reader's view: an unconfirmed tail is not part of the journal, and is not touched."""
    scan.torn_size, scan.torn_line = 0, 0
    scan.head_note = ""
    return scan


def _corrupt(text: str, path: Path, line: int, **params: object) -> StoreCorrupt:
    """``text`` (translated, naming ``{path}`` and maybe ``{line}``) said of ``path`` at
    ``line``: what every refusal of a damaged journal below says in its own words."""
    return StoreCorrupt(text.format(path=path, line=line, **params), path, line)


def _damaged(path: Path, line: int) -> StoreCorrupt:
    text = _(
        "The record store {path} is damaged at line {line}: that line fails its checksum "
        "but later lines are intact, so this is not an interrupted write. Nothing was changed. "
        "Restore the file from a backup or move it aside, then start beraad again."
    )
    return _corrupt(text, path, line)


def _misplaced(path: Path, line: int, found: int) -> StoreCorrupt:
    if found > line:
        first, last = line, found - 1
        text = (
            _(
                "The record store {path} is missing line {line}: the line after line {before} is "
                "line {found}. Nothing was changed. Restore the file from a backup or move it "
                "aside, then start beraad again."
            )
            if first == last
            else _(
                "The record store {path} is missing lines {line} to {last}: the line after line "
                "{before} is line {found}. Nothing was changed. Restore the file from a backup "
                "or move it aside, then start beraad again."
            )
        )
        return _corrupt(text, path, first, last=last, before=line - 1, found=found)
    text = _(
        "The record store {path} has line {found} again, or out of place, at line {line}. "
        "Nothing was changed. Restore the file from a backup or move it aside, then start "
        "beraad again."
    )
    return _corrupt(text, path, line, found=found)


def _confirmed_damaged(path: Path, line: int, head: Path) -> StoreCorrupt:
    # A way on that keeps the person's key and every other line: no new join code needed
    # for what the peers still hold (naive s16 N7).
    text = _(
        "The record store {path} is damaged at line {line}, which was saved and confirmed, "
        "and what that line held may exist only on this device (a group key or a sealed "
        "vote's secret). Nothing was changed. Restore the file from a backup; or, to go on "
        "without that line, move {head} aside and start beraad again: the line is then set "
        "aside (a copy is kept), everything else is read, and your key stays yours."
    )
    return _corrupt(text, path, line, head=head)


def _cut_off(path: Path, first: int, last: int) -> StoreCorrupt:
    text = _(
        "The record store {path} ends before line {line}, but lines up to {last} were saved "
        "and confirmed: its end was cut off. Nothing was changed. Restore the file from a "
        "backup or move it aside, then start beraad again."
    )
    return _corrupt(text, path, first, last=last)


def _replaced(path: Path, lines: int) -> StoreCorrupt:
    text = _(
        "The record store {path} is not the journal this data dir wrote ({lines} lines "
        "were saved and confirmed): it was deleted, emptied, overwritten or replaced. "
        "Nothing was changed and beraad will not start on it empty. Restore the file from "
        "a backup, or move the store folder aside to start afresh."
    )
    return _corrupt(text, path, 1, lines=lines)


def _header_damaged(path: Path) -> StoreCorrupt:
    text = _(
        "The record store {path} is damaged at line 1, its header: the file was zeroed, "
        "overwritten or replaced, not torn by an interrupted write. Nothing was changed and "
        "beraad will not start on it empty. Restore the file from a backup, or move the "
        "store folder aside to start afresh."
    )
    return _corrupt(text, path, 1)


def _unreadable(path: Path, error: OSError) -> StoreError:
    return StoreError(
        _("Cannot read the record store {path}: {error}").format(path=path, error=os_reason(error))
    )


def _write_error(path: Path, error: OSError, compacting: bool = False) -> StoreError:
    if error.errno in _FULL_ERRNOS:
        if compacting:
            message = _(
                "The disk holding {path} is full, so it could not be compacted. Nothing was "
                "lost. Free some space and try again."
            )
        else:
            message = _(
                "The disk holding {path} is full: the last change was not saved. Everything "
                "saved before it is safe. Free some space and try again."
            )
        return StoreFull(message.format(path=path))
    return StoreError(
        _(
            "Could not write to the record store {path}: {error}. The last change was not "
            "saved; everything saved before it is safe."
        ).format(path=path, error=os_reason(error))
    )
