"""The append-only journal file: one checksummed JSON line per change, durable before it counts.

Line format: ``["<crc32 of payload, 8 hex>",<payload JSON>]\\n``. Every line is plain JSON (``jq``
reads it), and the checksum covers the exact payload bytes, so a damaged line is caught without
re-verifying any signature. The first line is a header naming the format.

Crash rules, decided by scanning the whole file *before* anything is changed:

* damaged lines with nothing valid after them are a **torn tail** — an interrupted write that was
  never confirmed to anyone. They are cut off (a copy of the bytes is kept beside the journal)
  and reported in ``recovered``.
* a damaged line *followed by* a valid one cannot come from an interrupted append: that is
  corruption, and the open stops with ``StoreCorrupt`` naming file and line, leaving the file
  byte for byte as it was.

Appends go to a known offset with ``pwrite`` on one descriptor that stays open, then
``fdatasync``. If the disk fills halfway through, the file is truncated back to the last good
offset, so no half line is ever left for the next open to trip over. Compaction writes a new
file, fsyncs it, renames it over the journal and fsyncs the directory: a crash at any point
leaves either the old journal or the new one, whole.
"""

from __future__ import annotations

import contextlib
import errno
import os
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from beraad.core.canonical import CanonicalError, canonical_bytes, decode_json
from beraad.i18n import _
from beraad.store.errors import StoreCorrupt, StoreError, StoreFull

FORMAT = 1
HEADER_OP = "journal"
#: How many bytes of lines are joined into one write while compacting.
_CHUNK = 1 << 20
_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})


def encode_line(payload: bytes) -> bytes:
    """Frame one JSON payload as a journal line with its checksum."""
    return b'["%08x",' % zlib.crc32(payload) + payload + b"]\n"


def encode_entry(entry: dict[str, Any]) -> bytes:
    """A journal payload for ``entry``; refuses floats so the journal stays exact JSON."""
    return canonical_bytes(entry)


def decode_line(line: bytes) -> dict[str, Any] | None:
    """The entry in one complete line (newline included), or None if the line is damaged."""
    if len(line) < 15 or line[:2] != b'["' or line[10:12] != b'",' or line[-2:] != b"]\n":
        return None
    payload = line[12:-2]
    if line[2:10] != b"%08x" % zlib.crc32(payload):
        return None
    try:
        entry = decode_json(payload)
    except CanonicalError:
        return None
    if not isinstance(entry, dict) or not isinstance(entry.get("op"), str):
        return None
    return entry


@dataclass(slots=True)
class Scan:
    """What reading a journal found; nothing on disk has been changed yet."""

    path: Path
    entries: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    good_size: int = 0  # bytes up to and including the last valid line
    torn_line: int = 0  # first line of the torn tail, 0 if none
    torn: bytes = b""
    exists: bool = False


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

    def __init__(self, path: Path, fd: int, size: int) -> None:
        self.path = path
        self._fd: int | None = fd
        self._size = size
        self._broken = ""

    # -- opening -------------------------------------------------------------------------

    @staticmethod
    def scan(path: Path) -> Scan:
        """Read and check the whole journal; raises ``StoreCorrupt`` for damage before the end."""
        scan = Scan(path)
        try:
            handle = open(path, "rb")  # noqa: SIM115 - closed below, after the loop
        except FileNotFoundError:
            return scan
        except OSError as error:
            raise _unreadable(path, error) from error
        scan.exists = True
        offset = 0
        first_bad = 0
        bad_offset = 0
        try:
            with handle:
                for number, line in enumerate(handle, start=1):
                    entry = decode_line(line) if line.endswith(b"\n") else None
                    if entry is None:
                        if not first_bad:
                            first_bad, bad_offset = number, offset
                    elif first_bad:
                        raise StoreCorrupt(_corrupt_message(path, first_bad), path, first_bad)
                    else:
                        scan.entries.append((number, entry))
                    offset += len(line)
                if first_bad:
                    handle.seek(bad_offset)
                    scan.torn = handle.read()
        except OSError as error:
            raise _unreadable(path, error) from error
        scan.good_size = bad_offset if first_bad else offset
        scan.torn_line = first_bad
        if scan.entries:
            line, header = scan.entries[0]
            if header.get("op") != HEADER_OP:
                raise StoreCorrupt(
                    _(
                        "{path} is not a beraad journal (line {line} is not its header). "
                        "Nothing was changed."
                    ).format(path=path, line=line),
                    path,
                    line,
                )
            version = header.get("format")
            if not isinstance(version, int) or version > FORMAT:
                raise StoreError(
                    _(
                        "{path} was written by a newer beraad (journal format {version}). "
                        "Update beraad to open it; nothing was changed."
                    ).format(path=path, version=version)
                )
            del scan.entries[0]
        return scan

    @classmethod
    def start(cls, scan: Scan) -> tuple[Journal, list[str]]:
        """Open for appending: cut a torn tail (keeping a copy), write a header if new."""
        path = scan.path
        recovered: list[str] = []
        stale = path.with_name(path.name + ".compact")
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()  # a compaction that died before its rename; the journal is intact
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC, 0o600)
        except OSError as error:
            raise _write_error(path, error) from error
        journal = cls(path, fd, scan.good_size)
        try:
            if scan.torn:
                recovered.append(journal._drop_tail(scan))
            if scan.good_size == 0:
                header = encode_line(encode_entry({"op": HEADER_OP, "format": FORMAT}))
                os.ftruncate(fd, 0)
                _write_all(fd, header, 0)
                os.fsync(fd)
                journal._size = len(header)
            if not scan.exists:
                _fsync_dir(path.parent)
        except OSError as error:
            journal.close()
            raise _write_error(path, error) from error
        return journal, recovered

    def _drop_tail(self, scan: Scan) -> str:
        copy = self.path.with_name(f"{self.path.name}.torn-{time.time_ns() // 1_000_000}")
        try:
            copy.write_bytes(scan.torn)
            kept = _("a copy is in {copy}").format(copy=copy)
        except OSError as error:
            with contextlib.suppress(OSError):
                copy.unlink()
            kept = _("no copy could be kept ({error})").format(error=error.strerror)
        assert self._fd is not None
        os.ftruncate(self._fd, scan.good_size)
        os.fsync(self._fd)
        return _(
            "{path}: dropped {size} bytes from line {line} on, left by an interrupted write "
            "that was never confirmed; {kept}."
        ).format(path=self.path, size=len(scan.torn), line=scan.torn_line, kept=kept)

    # -- writing -------------------------------------------------------------------------

    @property
    def size(self) -> int:
        return self._size

    def append(self, payloads: Iterable[bytes]) -> None:
        """Write the payloads as lines and fdatasync; on any failure the file is as before."""
        if self._fd is None:
            raise StoreError(_("The record store is closed."))
        if self._broken:
            raise StoreError(self._broken)
        data = b"".join(encode_line(payload) for payload in payloads)
        if not data:
            return
        offset = self._size
        try:
            _write_all(self._fd, data, offset)
            os.fdatasync(self._fd)
        except OSError as error:
            self._roll_back(offset)
            raise _write_error(self.path, error) from error
        self._size = offset + len(data)

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
            ).format(path=self.path, error=error.strerror)

    def replace(self, payloads: Iterable[bytes]) -> None:
        """Compaction: atomically swap the journal for one holding exactly ``payloads``."""
        if self._fd is None:
            raise StoreError(_("The record store is closed."))
        if self._broken:
            raise StoreError(self._broken)
        tmp = self.path.with_name(self.path.name + ".compact")
        header = encode_line(encode_entry({"op": HEADER_OP, "format": FORMAT}))
        fd = -1
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
            size = 0
            chunk: list[bytes] = [header]
            pending = len(header)
            for payload in payloads:
                line = encode_line(payload)
                chunk.append(line)
                pending += len(line)
                if pending >= _CHUNK:
                    _write_all(fd, b"".join(chunk), size)
                    size += pending
                    chunk, pending = [], 0
            _write_all(fd, b"".join(chunk), size)
            size += pending
            os.fsync(fd)
            os.replace(tmp, self.path)
            _fsync_dir(self.path.parent)
        except OSError as error:
            if fd >= 0:
                os.close(fd)
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise _write_error(self.path, error, compacting=True) from error
        old, self._fd, self._size = self._fd, fd, size
        os.close(old)

    def close(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.close(fd)


def _corrupt_message(path: Path, line: int) -> str:
    return _(
        "The record store {path} is damaged at line {line}: that line fails its checksum "
        "but later lines are intact, so this is not an interrupted write. Nothing was changed. "
        "Restore the file from a backup or move it aside, then start beraad again."
    ).format(path=path, line=line)


def _unreadable(path: Path, error: OSError) -> StoreError:
    return StoreError(
        _("Cannot read the record store {path}: {error}").format(path=path, error=error.strerror)
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
        ).format(path=path, error=error.strerror)
    )
