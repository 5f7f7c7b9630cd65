"""Opening a file someone else may have put in place: a regular file only, never blocking.

A path can name /dev/zero, a FIFO or a socket as easily as a file (a symlink on a USB stick, a
``mkfifo`` in the data dir). Opening a FIFO waits for a writer forever, and reading /dev/zero
never ends; both froze ``beraad verify``/``import`` and the app's start (attack s13 findings 5
and 6). So the file is opened without blocking and refused unless it is a regular file, and
what is read of it at once is capped.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from beraad.i18n import _


class NotRegularFile(OSError):
    """The path is a device, a pipe, a socket: nothing beraad reads. ``strerror`` is in words."""


class FileTooLarge(OSError):
    """The file is larger than anything beraad would write there. ``strerror`` is in words."""


def open_regular(path: Path) -> BinaryIO:
    """``path`` opened for reading; NotRegularFile when it is not a regular file."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise NotRegularFile(
                None, _("that is not an ordinary file (a device, a pipe or a socket)")
            )
        os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def read_regular(path: Path, max_bytes: int) -> bytes:
    """The whole of a regular file of at most ``max_bytes``; FileTooLarge past that."""
    with open_regular(path) as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FileTooLarge(None, _("the file is far larger than it can be"))
    return data
