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
  is set aside like a torn tail, said apart.
* lines gone whole — a number skipped, or fewer lines than the head confirmed — are said and
  read around (``Scan.missing``), and the store renumbers the journal by rewriting it: the
  same harm as a damaged line, whose records come again from the peers (naive s17 F1). A line
  out of its place fills the gap its number left (read where it stands) or, its number read
  already, is copied aside (``.twice-<line>-<ms>``). A line that reads but holds no entry the
  store knows is set aside by the store (``records.py``).
* anything else stops the open with ``StoreCorrupt`` naming file, line and what happened — a
  damaged header, a confirmed last line damaged that may have held a group key, a journal
  that is not the one the head names (zeroed, emptied, replaced) — and leaves every file byte
  for byte as it was, so the next start says the same.

How a file is read and checked is ``scan.py``; the refusals' words are ``journal_refusals.py``.

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
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from beraad.i18n import _
from beraad.i18n.os_words import os_reason
from beraad.store import head as heads
from beraad.store.errors import StoreCorrupt, StoreError
from beraad.store.journal_refusals import write_error
from beraad.store.scan import (
    CHUNK,
    DAMAGED_KEPT,
    FORMAT,
    HEADER_OP,
    READ_ATTEMPTS,
    Scan,
    Swapped,
    decode_line,
    encode_entry,
    encode_line,
    left_out,
    line_check,
    line_range,
    missing_note,
    scan_file,
    untorn,
)

__all__ = ["Journal", "Scan", "decode_line", "encode_entry", "encode_line", "left_out"]

FILE_MODE = 0o600


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
        return scan_file(path, reading=False, set_aside=True)

    @staticmethod
    def read(path: Path) -> Scan:
        """Read and check the journal beside a writer that may be appending or compacting.

        A torn tail past the confirmed lines is left alone (it may be an append under way);
        a journal the head does not name yet is read again (a compaction was renaming it).
        """
        for _attempt in range(READ_ATTEMPTS - 1):
            try:
                return untorn(scan_file(path, reading=True, set_aside=True))
            except (Swapped, StoreCorrupt):
                # The writer is between rename and head update, or its head was caught half
                # rewritten: what looks damaged now must look damaged a moment later too.
                time.sleep(0.01)
        return untorn(scan_file(path, reading=False, set_aside=True))

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
            raise write_error(path, error) from error
        try:
            head_fd = heads.open_for_writing(scan.head_path)
        except OSError as error:
            os.close(fd)
            raise write_error(scan.head_path, error) from error
        journal = cls(path, fd, scan.good_size, head_fd)
        try:
            if scan.torn_size:
                recovered.append(journal._drop_tail(scan))
            recovered.extend(journal._keep_damaged(damaged) for damaged in scan.damaged)
            recovered.extend(missing_note(path, first, last) for first, last in scan.missing)
            recovered.extend(journal._keep_twice(*twice) for twice in scan.twice)
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
            raise write_error(path, error) from error
        return journal, recovered

    def _header(self) -> bytes:
        return encode_entry({"op": HEADER_OP, "format": FORMAT, "id": self._id})

    def _head(self) -> heads.Head:
        return heads.Head(heads.Mark(self._id, self._lines, self._check))

    def _copy_aside(self, name: str, offset: int, size: int | None = None) -> Path:
        """Copy ``size`` bytes from ``offset`` (None: to the end) into a new file beside the
        journal named ``<journal>.<name>-<ms>``, in pieces (junk appended to a journal can be
        far bigger than memory). On failure no copy is left and the error is raised."""
        copy = self.path.with_name(f"{self.path.name}.{name}-{time.time_ns() // 1_000_000}")
        try:
            fd = os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, FILE_MODE)
            with os.fdopen(fd, "wb") as handle, open(self.path, "rb") as source:
                source.seek(offset)
                left = size
                while left is None or left > 0:
                    piece = source.read(CHUNK if left is None else min(left, CHUNK))
                    if not piece:
                        break
                    handle.write(piece)
                    if left is not None:
                        left -= len(piece)
        except OSError:
            with contextlib.suppress(OSError):
                copy.unlink()
            raise
        return copy

    def _keep_damaged(self, damaged: tuple[int, int, int, int]) -> str:
        """Copy damaged lines beside the journal; the store then rewrites it without them."""
        first, last, offset, size = damaged
        lines = line_range(first, last)
        try:
            copy = self._copy_aside(f"damaged-{first}", offset, size)
        except OSError as error:
            # Without a copy the line stays where it is: read around on every start, never
            # rewritten away (its bytes are all there is of that record on this device).
            self.damage_unkept = True
            return _(
                "Line {lines} of {path} is damaged (it fails its checksum) and was left in "
                "place, because no copy of it could be kept ({error}); the rest was read. What "
                "it held comes again from the others when they sync."
            ).format(lines=lines, path=self.path, error=os_reason(error))
        kept = _("a copy is in {copy}").format(copy=copy)
        return _(
            "Line {lines} of {path} was damaged (it fails its checksum) and was set aside; the "
            "rest was read. What it held comes again from the others when they sync ({kept})."
        ).format(lines=lines, path=self.path, kept=kept)

    def _keep_twice(self, line: int, offset: int, size: int) -> str:
        """A line whose number was read already (pasted twice): copied beside the journal,
        which the store then rewrites without it."""
        try:
            copy = self._copy_aside(f"twice-{line}", offset, size)
        except OSError as error:
            self.damage_unkept = True
            kept = _("no copy could be kept ({error})").format(error=os_reason(error))
        else:
            kept = _("a copy is in {copy}").format(copy=copy)
        return _(
            "Line {line} of {path} was there a second time, out of its place; that copy was set "
            "aside and the rest was read ({kept})."
        ).format(line=line, path=self.path, kept=kept)

    def keep_lines(self, name: str, payloads: list[bytes]) -> Path:
        """Write ``payloads`` as journal lines into a new file beside the journal, durably,
        before the store rewrites the journal without them (what was set aside stays)."""
        copy = self.path.with_name(f"{self.path.name}.{name}-{time.time_ns() // 1_000_000}")
        data = b"".join(encode_line(payload, n) for n, payload in enumerate(payloads, start=1))
        try:
            fd = os.open(copy, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, FILE_MODE)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError:
            with contextlib.suppress(OSError):
                copy.unlink()
            raise
        return copy

    def keep_unreadable(self, line: int, problem: str, span: tuple[int, int]) -> tuple[str, bytes]:
        """A line whose checksum holds but whose entry the store cannot read (a newer
        beraad's, an unknown op, a record over its size): copied beside the journal like a
        damaged one, which the store then rewrites without it (attack s16 #3: one such line
        locked every session). Returns what is said, and the line's first bytes (whose
        record it was: ``own_chain.py``)."""
        offset, size = span
        with open(self.path, "rb") as source:
            source.seek(offset)
            start = source.read(min(size, DAMAGED_KEPT))
        try:
            copy = self._copy_aside(f"unreadable-{line}", offset, size)
        except OSError as error:
            self.damage_unkept = True
            return _(
                "Line {line} of {path} holds an entry this beraad cannot read ({problem}) and "
                "was left in place, because no copy of it could be kept ({error}); the rest "
                "was read. What it held comes again from the others when they sync."
            ).format(line=line, path=self.path, problem=problem, error=os_reason(error)), start
        return _(
            "Line {line} of {path} holds an entry this beraad cannot read ({problem}) and was "
            "set aside; the rest was read. What it held comes again from the others when they "
            "sync (a copy is in {copy})."
        ).format(line=line, path=self.path, problem=problem, copy=copy), start

    def _drop_tail(self, scan: Scan) -> str:
        if scan.torn_confirmed:
            return self._keep_damaged_tail(scan)
        try:
            copy = self._copy_aside("torn", scan.good_size)
            kept = _("a copy is in {copy}").format(copy=copy)
        except OSError as error:
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
        try:
            copy = self._copy_aside(f"damaged-{first}", scan.good_size)
        except OSError as error:
            self.close()  # nothing changed: the next start says the same
            raise write_error(error.filename or self.path, error) from error
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
                raise write_error(self.path, error) from error
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
            raise write_error(self.path, error) from error
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
                raise write_error(self.path, error) from error
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
                if pending >= CHUNK:
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
            raise write_error(self.path, error, compacting=True) from error
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
