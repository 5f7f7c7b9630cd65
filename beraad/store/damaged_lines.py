"""What a damaged journal line held, as far as its bytes still say: whether the journal may
go on without it (naive s16 N7: a confirmed last line, cut in half, held only an "away"
marker, and the person was sent to a backup, then to start afresh with a new join code)."""

from __future__ import annotations

import re

#: A line's op, near its start (``[n,"checksum",{"op":…``), and a local line's first value.
_OP_AT = re.compile(rb'[{,]"op":"([a-z]+)"')
_OP_WITHIN = 200  # a setting's line has its key first: {"key":…,"op":"settings"…
_FIRST_VALUE = re.compile(rb'"values":\{"([a-z_]+)"')
#: Local values only this device holds: a damaged line with them is never set aside unasked.
_DEVICE_ONLY = (b'"group_key"', b'"sealed_votes"')


def given_back(line: bytes) -> bool:
    """Whether a damaged line holds only what the peers send again (a record, fork evidence)
    or this device can do without (a setting, a local marker such as "away" or "seen"): not
    a group key or a sealed vote's secret, which nobody else holds (naive s16 N7)."""
    op = _OP_AT.search(line[:_OP_WITHIN])
    kind = op.group(1) if op else b""
    if kind in (b"record", b"evidence", b"settings"):
        return True
    if kind != b"local" or not _FIRST_VALUE.search(line):
        return False  # which values it held cannot be read
    return not any(key in line for key in _DEVICE_ONLY)
