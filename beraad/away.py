"""While you were away, on a node: remember what this person had seen, and tell them what is new.

The node's owner is one person, so the marker lives in the node's own per-session values
(``store.set_session_local``, durable, never sent to peers). The app calls ``mark_seen`` when
the person leaves a session (closes the screen, quits, detaches) and ``while_away`` when they
come back; the summary itself is the pure ``beraad.core.catchup.since``.

The marker is the *frontier* held at that moment (author → highest seq), so records written
before the person left but received only later (a laptop that was offline) still count as new.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from beraad.core.catchup import AwaySummary, since

if TYPE_CHECKING:
    from beraad.node import Node

#: The key under the session's local values.
AWAY_KEY = "away"
#: Summaries made by walking the session's records (``while_away``): tests count work with it.
walks = 0
#: When this person last opened the session (ms): the lobby's "Continue" names the session
#: last opened, also after a ``kill -9`` that left no "away" marker (written at open, not exit).
OPENED_KEY = "opened"


def _held(node: Node, session_id: str) -> tuple[dict[str, int], int]:
    """Author → highest seq, and the highest lamport, of the records the node holds: kept by
    the fold as records come (a walk over every record cost a vote's redraw at 5,000)."""
    return node.held_frontier(session_id)


def mark_seen(node: Node, session_id: str) -> dict[str, Any]:
    """Remember, durably, that this person has seen everything the node holds now."""
    frontier, lamport = _held(node, session_id)
    marker = {"frontier": frontier, "lamport": lamport, "at": int(time.time() * 1000)}
    node.set_local_values(session_id, {AWAY_KEY: marker})
    return marker


def last_seen(node: Node, session_id: str) -> dict[str, Any] | None:
    """The marker stored by ``mark_seen``, or None if this person never left this session."""
    marker = node.local_values(session_id).get(AWAY_KEY)
    if not isinstance(marker, dict) or not isinstance(marker.get("frontier"), dict):
        return None
    return marker


def mark_opened(node: Node, session_id: str) -> None:
    """Remember, durably and at once, that this person opened the session now."""
    node.set_local_values(session_id, {OPENED_KEY: int(time.time() * 1000)})


def last_here(node: Node, session_id: str) -> int | None:
    """When this person was last in the session (ms): the later of opening it and leaving it;
    None if they never were."""
    return last_here_in(node.local_values(session_id))


def last_here_in(values: dict[str, Any]) -> int | None:
    """``last_here`` from the session's local values (the node keeps it for the lobby)."""
    marker = values.get(AWAY_KEY)
    times = [values.get(OPENED_KEY), marker.get("at") if isinstance(marker, dict) else None]
    found = [t for t in times if isinstance(t, int) and not isinstance(t, bool)]
    return max(found) if found else None


def while_away(
    node: Node, session_id: str, marker: dict[str, Any] | None = None, before: int | None = None
) -> AwaySummary | None:
    """What others added since this person was last here (``marker``: as remembered now);
    None if they never left it. With ``before`` (ms), only records written before then: a
    late sync brings what was written while they were away, not what is written now."""
    marker = last_seen(node, session_id) if marker is None else marker
    if marker is None:
        return None
    frontier = {
        author: seq
        for author, seq in marker["frontier"].items()
        if isinstance(author, str) and isinstance(seq, int) and not isinstance(seq, bool)
    }
    held, _lamport = _held(node, session_id)
    if all(seq <= frontier.get(author, 0) for author, seq in held.items()):
        # Nothing held is past what was seen: no news, known without a walk over every
        # record (the usual opening of a session one was in: O(records) at every Enter).
        state = node.state(session_id)
        return AwaySummary(
            member=node.identity.public_key, phase_now=state.phase, phase_before=state.phase
        )
    global walks
    walks += 1
    records = node.records(session_id)
    if before is not None:  # a record left out is no news (``since`` finds none fresh)
        records = [r for r in records if r.at < before]
    return since(
        records,
        node.identity.public_key,
        frontier,
        state=node.state(session_id),
        refused=node.rejected(session_id),
    )
