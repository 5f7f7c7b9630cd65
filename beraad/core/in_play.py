"""How many options and criteria a session holds in play at once.

The decide view's ballot is one row per option and one column per criterion under the matrix
rule: 1,000 options × 1,000 criteria from one member (well-signed, attacker pass 6) made it fill
a million cells in one go — 4.3 s with every key blocked, 480 MB. No group weighs that many: a
round table compares a handful of options on a handful of criteria, and the largest session we
benchmark has 60 options × 40 criteria. The caps leave room above that (100 × 60 = 6,000 cells
at most), like the hand caps in ``meeting.py``.

Counted in fold order, so every peer refuses the same record; an option or criterion taken
back no longer counts, so taking one back makes room. Sessions under the caps fold (and hash)
exactly as before.
"""

from __future__ import annotations

from beraad.core.messages import N_
from beraad.core.refusal import refuse
from beraad.core.state import SessionState

__all__ = [
    "CRITERIA_FULL",
    "MAX_CRITERIA",
    "MAX_OPTIONS",
    "OPTIONS_FULL",
    "check_room",
    "room_for",
]

#: Options live at once in a session (retracted ones do not count).
MAX_OPTIONS = 100
#: Criteria live at once in a session (retracted ones do not count).
MAX_CRITERIA = 60

OPTIONS_FULL = N_("this session has {count} options; take one back before adding another")
CRITERIA_FULL = N_("this session has {count} criteria; take one back before adding another")

_CAPS = {
    "options": (MAX_OPTIONS, OPTIONS_FULL),
    "criteria": (MAX_CRITERIA, CRITERIA_FULL),
}


def room_for(state: SessionState, table: str) -> tuple[str, int] | None:
    """Why one more of ``table`` would be refused (English template and its count), or None:
    the composer says it before anyone types."""
    cap, reason = _CAPS[table]
    return (reason, cap) if state.in_play(table) >= cap else None


def check_room(state: SessionState, table: str) -> None:
    """Refuse one more option or criterion past its cap (checked before anything changes)."""
    cap, reason = _CAPS[table]
    if state.in_play(table) >= cap:
        refuse(reason, count=cap)
