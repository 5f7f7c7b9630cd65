"""Text accepted before DEL, C1 controls, line separators and bidi marks were refused: kept.

Since 6 December 2026 a record's text may hold no DEL or C1 control, and a name or title (one
line) no line or paragraph separator and no bidirectional mark (``schema.py``). Records written
before then were accepted with them, and a session opened again refolds its journal: refused
now, a name would vanish, an admission with such a name would leave its member outside with
everything they wrote. So a record dated before the rule keeps being accepted, with each such
character shown as U+FFFD (�): readable, nothing a terminal acts on, nothing that turns a name
around, and visibly not the text as typed. Every peer cleans alike (the record's own ``at``
decides, nothing local). A member who dates a record back gains nothing: the text is cleaned
all the same. What is nested in a list (a voice's speaker, a café's names) is cleaned of
controls only; a bidi mark there is refused as before.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from beraad.core.kinds import KINDS
from beraad.core.record import Record

__all__ = ["RULE_SINCE_MS", "made_readable"]

#: 2026-12-07 00:00 UTC: the day the rule came (a generous end; later records are refused).
RULE_SINCE_MS = 1_796_601_600_000
#: What any text of an older record may have held that is now refused.
_CONTROLS = re.compile(r"[\x7f-\x9f]")
#: What a name or title of an older record may have held besides.
_LINE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_SHOWN = "\ufffd"
#: The same characters in a record's UTF-8 bytes: a reopened journal is checked without decoding.
_IN_BYTES = re.compile(
    rb"\x7f|\xc2[\x80-\x9f]|\xd8\x9c|\xe2\x80[\x8e\x8f\xa8-\xae]|\xe2\x81[\xa6-\xa9]"
)


def made_readable(record: Record) -> Record:
    """``record`` itself, or (dated before the rule, holding such characters) the same record
    with a cleaned body: same id, author and signature — only what the fold reads changes."""
    if record.at >= RULE_SINCE_MS or not _IN_BYTES.search(record.unsigned_bytes()):
        return record
    spec = KINDS.get(record.kind)
    if spec is None or not isinstance(record.body, dict):
        return record
    body = {}
    for key, value in record.body.items():
        rule = spec.fields.get(key)
        one_line = rule is not None and getattr(rule.check, "one_line", False)
        body[key] = (
            _LINE.sub(_SHOWN, value) if one_line and isinstance(value, str) else _clean(value)
        )
    cleaned = copy.copy(record)
    object.__setattr__(cleaned, "body", body)
    return cleaned


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return _CONTROLS.sub(_SHOWN, value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value
