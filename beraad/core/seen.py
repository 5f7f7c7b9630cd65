"""What a record was written on: the heads of other authors' chains its author had seen.

Each record an app writes lists, signed (``Record.seen``), the heads (author, seq, record id) of
OTHER authors' chains that changed since its author's previous record — at most
``record.MAX_SEEN``; the rest follow in the next records. With each record's ``prev`` this
makes the records a graph of what was built on what: having seen X's seq 9 means having seen
X's seq 1 to 9 on that chain, and whatever those records had seen. ``core/forks.py`` reads it
to keep the forker's records that others built on, so a fork of an old record (a data dir
restored from an old copy) undoes nothing the group already rested on. A record without the
field (every record before 6 December 2026) says nothing here and means what it always meant.
"""

from __future__ import annotations

from collections.abc import Mapping

from beraad.core.messages import N_
from beraad.core.record import MAX_SEEN, Head, Record

#: The fold's refusal of a record listing more heads than there are others to have seen.
TOO_MANY = N_(
    "it lists {count} other members' records as seen; the session has {others} other members"
)


class Sight:
    """One author's app: the heads its records listed so far, so the next lists only what
    changed (a new app, or one restarted, lists every head once again: still bounded)."""

    def __init__(self, author: str) -> None:
        self.author = author
        self._listed: dict[str, tuple[int, str]] = {}

    def heads(self, chains: Mapping[str, tuple[int, str]]) -> tuple[Head, ...]:
        """The heads to list in the next record: of ``chains`` (author → (seq, id) of the
        last record placed in their chain), those not listed as they are now, by author,
        at most ``MAX_SEEN``."""
        changed = sorted(
            (author, seq, record_id)
            for author, (seq, record_id) in chains.items()
            if author != self.author and self._listed.get(author) != (seq, record_id)
        )
        return tuple(changed[:MAX_SEEN])

    def listed(self, record: Record) -> None:
        """``record`` (ours) was taken: what it lists is listed."""
        for author, seq, record_id in record.seen:
            self._listed[author] = (seq, record_id)


def too_many(record: Record, members: int) -> bool:
    """Does ``record`` list more heads than the session has members besides its author?"""
    return len(record.seen) > max(0, members - 1)
