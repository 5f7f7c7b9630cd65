"""What the journal says when it cannot be opened as it is: every refusal names the file, the
line and what happened, says nothing was changed, and gives a way on (``journal.py``)."""

from __future__ import annotations

import errno
from pathlib import Path

from beraad.i18n import _
from beraad.i18n.os_words import os_reason
from beraad.store.errors import StoreCorrupt, StoreError, StoreFull

FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})


def corrupt(text: str, path: Path, line: int, **params: object) -> StoreCorrupt:
    """``text`` (translated, naming ``{path}`` and maybe ``{line}``) said of ``path`` at
    ``line``: what every refusal of a damaged journal below says in its own words."""
    return StoreCorrupt(text.format(path=path, line=line, **params), path, line)


def damaged(path: Path, line: int) -> StoreCorrupt:
    text = _(
        "The record store {path} is damaged at line {line}: that line fails its checksum "
        "but later lines are intact, so this is not an interrupted write. Nothing was changed. "
        "Restore the file from a backup or move it aside, then start beraad again."
    )
    return corrupt(text, path, line)


def confirmed_damaged(path: Path, line: int, head: Path) -> StoreCorrupt:
    # A way on that keeps the person's key and every other line: no new join code needed
    # for what the peers still hold (naive s16 N7).
    text = _(
        "The record store {path} is damaged at line {line}, which was saved and confirmed, "
        "and what that line held may exist only on this device (a group key or a sealed "
        "vote's secret). Nothing was changed. Restore the file from a backup; or, to go on "
        "without that line, move {head} aside and start beraad again: the line is then set "
        "aside (a copy is kept), everything else is read, and your key stays yours."
    )
    return corrupt(text, path, line, head=head)


def replaced(path: Path, lines: int) -> StoreCorrupt:
    text = _(
        "The record store {path} is not the journal this data dir wrote ({lines} lines "
        "were saved and confirmed): it was deleted, emptied, overwritten or replaced. "
        "Nothing was changed and beraad will not start on it empty. Restore the file from "
        "a backup, or move the store folder aside to start afresh."
    )
    return corrupt(text, path, 1, lines=lines)


def header_damaged(path: Path) -> StoreCorrupt:
    text = _(
        "The record store {path} is damaged at line 1, its header: the file was zeroed, "
        "overwritten or replaced, not torn by an interrupted write. Nothing was changed and "
        "beraad will not start on it empty. Restore the file from a backup, or move the "
        "store folder aside to start afresh."
    )
    return corrupt(text, path, 1)


def unreadable(path: Path, error: OSError) -> StoreError:
    return StoreError(
        _("Cannot read the record store {path}: {error}").format(path=path, error=os_reason(error))
    )


def write_error(path: Path, error: OSError, compacting: bool = False) -> StoreError:
    if error.errno in FULL_ERRNOS:
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
