"""A session as the lobby lists it: its summary from the fold, and the rows kept between runs.

The node works each summary out from its folded state (title, focus, phase, who takes part) and
keeps them, with when this person was last in the session, beside the journal
(``store/kept_rows.py``), so the next start lists the deliberations before reading a record.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from beraad.held import HeldSession
from beraad.store.kept_rows import read_rows


@dataclass(frozen=True, slots=True)
class SessionSummary:
    id: str
    title: str
    focus: str
    phase: str
    members: int
    readonly: bool = False
    #: The last meeting ended and the next is not open: the group is in no phase (its
    #: ``phase`` is where the next meeting resumes), said as such (naive s8b finding 19).
    between_meetings: bool = False

    def row(self, left_at: int | None) -> dict[str, Any]:
        """The lobby's row, as kept beside the journal (``store/kept_rows.py``)."""
        return {
            "title": self.title,
            "focus": self.focus,
            "phase": self.phase,
            "members": self.members,
            "readonly": self.readonly,
            "between_meetings": self.between_meetings,
            "left_at": left_at,
        }


def kept_sessions(data_dir: Path) -> list[tuple[SessionSummary, int | None]]:
    """The lobby's rows as the node last kept them, read without the journal: each session's
    summary and when this person was last in it (``store/kept_rows.py``)."""
    found = []
    for session, row in read_rows(data_dir).items():
        fields = {name: row[name] for name in ("title", "focus", "phase", "members")}
        flags = {name: row[name] for name in ("readonly", "between_meetings")}
        found.append((SessionSummary(id=session, **fields, **flags), row["left_at"]))
    return sorted(found, key=lambda pair: pair[0].title)


def summary_of(session: HeldSession) -> SessionSummary:
    """What the lobby lists of a held session, from its folded state (cheap: no walk)."""
    state = session.fold.state
    info = getattr(state, "info", None)
    return SessionSummary(
        id=session.id,
        title=getattr(info, "title", "") or "",
        focus=getattr(info, "focus", "") or "",
        phase=str(getattr(state, "phase", "") or ""),
        # who takes part: an observer (a projector) is no member of the group
        members=len(state.participants())
        if hasattr(state, "participants")
        else len(session.fold_members()),
        readonly=session.readonly,
        between_meetings=bool(getattr(state, "between_meetings", False)),
    )
