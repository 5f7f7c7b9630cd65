"""The sha256 of a file someone holds (say, on the group's USB stick), for a shared fact.

Only the hash is shared, never the file: anyone with a copy can check it is the same one. Used
by the Facts screen and ``beraad hash``; reading a file is I/O, so it lives outside the core.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from beraad.i18n import _
from beraad.i18n.os_words import os_reason

CHUNK = 1 << 20


class FileHashError(OSError):
    """The file could not be read; the message says why, in the person's language."""


def sha256_of(path: str | Path) -> str:
    """The lowercase hex sha256 of the file at ``path`` (``~`` expanded)."""
    target = Path(path).expanduser()
    if not target.is_file():
        raise FileHashError(_("There is no file at {path}.").format(path=target))
    digest = hashlib.sha256()
    try:
        with target.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
    except OSError as error:
        raise FileHashError(
            _("The file {path} could not be read: {error}").format(
                path=target, error=os_reason(error)
            )
        ) from error
    return digest.hexdigest()
