"""The lobby's rows as last known: a small file beside the journal, read without the journal.

The lobby shows one row per deliberation (title, focus, phase, members, when one was last in
it). Working those out from the records means reading the whole journal and folding every
session: seconds at 5,000 records, before the first frame (issue 15). So the node keeps the
rows here whenever one changes (a phase moved, someone was admitted, the session was opened —
not per vote), and the app shows them while the node opens beside the lobby; once it is open,
the node's own rows replace them.

A cache, never the truth: written by atomic rename without ``fsync`` (a crash leaves the old
file, or after a power loss none), read with a size limit and every field checked; a file that
is missing, damaged or from elsewhere gives no rows, and the lobby then waits for the node as
before. The journal and its records are untouched by it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
from pathlib import Path
from typing import Any

from beraad.core.canonical import CanonicalError, decode_json
from beraad.core.record import SESSION_PATTERN

ROWS_FILE = "lobby.json"
#: Far more than any person's deliberations take (about 300 bytes a row).
MAX_BYTES = 1 << 20
#: The fields of a row and their types (``left_at`` may be None).
TEXTS = ("title", "focus", "phase")
FLAGS = ("readonly", "between_meetings")
#: Opening never follows a symbolic link where the system can say so.
NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
#: More members than any deliberation has: a row claiming more is not ours.
MOST_MEMBERS = 100_000
#: A phase's name as the node writes it ("" before the first): words, never markup.
PHASE = re.compile(r"[a-z_]{0,40}")


def rows_path(data_dir: Path) -> Path:
    return Path(data_dir) / "store" / ROWS_FILE


def read_rows(data_dir: Path) -> dict[str, dict[str, Any]]:
    """Session id → its row as last kept; {} when there is no usable file."""
    try:
        # Never blocks and never follows a link: a FIFO put here froze the app before its
        # first frame (attack s10b finding 1); only a regular file is read.
        descriptor = os.open(rows_path(data_dir), os.O_RDONLY | os.O_NONBLOCK | NO_FOLLOW)
        with os.fdopen(descriptor, "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                return {}
            data = file.read(MAX_BYTES + 1)
        found = decode_json(data, max_bytes=MAX_BYTES)
    except (OSError, CanonicalError):
        return {}
    if not isinstance(found, dict) or not isinstance(found.get("sessions"), dict):
        return {}
    rows = {}
    for session, row in found["sessions"].items():
        if isinstance(session, str) and SESSION_PATTERN.match(session) and _row_ok(row):
            rows[session] = row
    return rows


def _row_ok(row: Any) -> bool:
    if not isinstance(row, dict):
        return False
    if not all(isinstance(row.get(name), str) for name in TEXTS):
        return False
    if not all(isinstance(row.get(name), bool) for name in FLAGS):
        return False
    members, left = row.get("members"), row.get("left_at")
    if not isinstance(members, int) or isinstance(members, bool):
        return False
    if not 0 <= members <= MOST_MEMBERS or not PHASE.fullmatch(row["phase"]):
        return False  # a row no node wrote (attack s10b finding 4: 10**30 members)
    return left is None or (isinstance(left, int) and not isinstance(left, bool))


def write_rows(data_dir: Path, rows: dict[str, dict[str, Any]]) -> None:
    """Keep ``rows`` (replacing the file at once); a failure only costs the next fast start."""
    path = rows_path(data_dir)
    spare = path.with_name(ROWS_FILE + ".new")
    data = json.dumps({"sessions": rows}, sort_keys=True, ensure_ascii=False).encode()
    with contextlib.suppress(OSError):
        # A new file of our own: whatever lies at the spare's name (a FIFO hung the node, a
        # link had its target emptied: attack s10b finding 2) is removed, never opened.
        with contextlib.suppress(FileNotFoundError):
            os.unlink(spare)
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NONBLOCK | NO_FOLLOW
        descriptor = os.open(spare, flags, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        os.replace(spare, path)
