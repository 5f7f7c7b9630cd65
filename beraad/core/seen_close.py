"""A vote whose author had seen voting close came in after the close, whatever its lamport.

The fold orders by lamport, and the lamport is its author's word. A vote at the close's own
lamport counts as cast before the close (``voting._unseen_close``): a member cut off from the
room wrote it without knowing voting had closed, and the close sorted first only by author
key. But a member who HAD seen the close could pick that lamport too — or a lower one, and
fold before the close — and have the vote count, or shown as having come in later with what
the result would have been. Since 6 December 2026 records list what their author had seen
(``seen.py``): a vote (or a sealed vote) whose author had seen a close of voting on its kind
— through the heads their own chain listed up to the vote (``seen.Past``) — is
after that close: refused with a reason that says so. Only back-dated records are hit: an
honest record's lamport is above all it had seen, so it sorts after every close it saw.

The same hole in answers: an objection ordered before the consent move (or end of the
meeting) that does not name it came in later, and is shown so with the move. A member who had
SEEN the move could date an objection back below it and be shown as having objected in time.
An answer to a proposal whose author had seen a phase move or an end of the meeting that
sorts after the answer is refused likewise.

Records without ``seen`` (every session before) say nothing here and fold as they did.
"""

from __future__ import annotations

from beraad.core.messages import N_
from beraad.core.record import Record
from beraad.core.refusal import refuse
from beraad.core.seen import Past
from beraad.core.state import SessionState

#: The refusal of a vote whose author had seen voting on its kind close.
SEEN_CLOSED = N_("voting with {kind} had closed before its author wrote this")
#: The refusal of an answer whose author had seen the group move on (or end the meeting).
SEEN_MOVED = N_(
    "its author had already seen the group move on, so this answer came after the move and "
    "does not count"
)
#: What ``seen.Past`` marks for moves and ends of the meeting (no vote kind is called so).
MOVED = "phase.move"


def closes(record: Record) -> str | None:
    """What a record marks for ``seen.Past``: the vote kind a ``vote.close`` closes; ``MOVED``
    for a phase move or an end of the meeting (either leaves every open proposal behind)."""
    if record.kind in ("phase.move", "meeting.end"):
        return MOVED
    if record.kind != "vote.close" or not isinstance(record.body, dict):
        return None
    kind = record.body.get("kind")
    return kind if isinstance(kind, str) else None


def refuse_if_seen_moved(past: Past | None, record: Record) -> None:
    """Refuse an answer to an open proposal whose author had seen a move or an end of the
    meeting that sorts after the answer: dated back below it (honest answers sort after all
    they had seen), it would be shown as an objection that came in later."""
    if past is None or not past.marked.get(MOVED):
        return
    if past.seen_after(record, MOVED, (record.order_key, record.id)):
        refuse(SEEN_MOVED)


def refuse_if_seen_closed(
    past: Past | None, state: SessionState, record: Record, kind: str
) -> None:
    """Refuse ``record`` (a vote or sealed vote on ``kind``) if its author had seen a close
    it would count before: the close in force, when ``record`` shares or undercuts its
    lamport (else it is refused as after it anyway), or — voting open where it sorts — a
    close that sorts after ``record`` (back-dated below the close). Read from the author's
    own chain only (``seen.Past``): a bisection per close looked at."""
    if past is None or not past.marked.get(kind):
        return
    closed = state.closed.get(kind)
    if closed is not None:
        close = past.held.get(closed)
        if close is None or record.lamport > close.lamport:
            return
        if past.had_seen(record, close):
            refuse(SEEN_CLOSED, kind=kind)
        return
    if past.seen_after(record, kind, (record.order_key, record.id)):
        refuse(SEEN_CLOSED, kind=kind)
