"""One writer per data dir: an advisory ``flock`` on ``store/lock``.

``flock`` belongs to the open file, so the kernel releases it when the process dies, however it
dies (``kill -9`` included): a crashed beraad never leaves a stale lock behind. The holder writes
its pid into the file so that a second instance can say who holds it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path

from beraad.i18n import _
from beraad.i18n.os_words import os_reason
from beraad.store.errors import StoreError, StoreLocked


class DirLock:
    """An exclusive, non-blocking lock on one file; released by ``release()`` or process exit."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, path: Path, data_dir: Path) -> DirLock:
        """Take the lock or raise ``StoreLocked`` naming the data dir (and the holder's pid)."""
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:
            raise StoreError(
                _("Cannot open the lock file {path}: {error}").format(
                    path=path, error=os_reason(error)
                )
            ) from error
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_pid(fd)
            os.close(fd)
            message = _(
                "The data dir {dir} is in use by another beraad{holder}. Only one beraad can "
                "use a data dir at a time: close the other one, or start this one with another "
                "--data-dir."
            ).format(dir=data_dir, holder=_(" (pid {pid})").format(pid=holder) if holder else "")
            raise StoreLocked(message) from None
        with contextlib.suppress(OSError):  # the pid is a courtesy; the flock is the lock
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        return cls(path, fd)

    def release(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


def _read_pid(fd: int) -> str:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return ""
    return text if text.isdigit() else ""
