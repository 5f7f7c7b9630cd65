"""Holding a session read-only, and feeding records to the node's one path.

A bundle can bring a session this peer was never admitted to: it has the records but no group
key, so it can show and check them but never write or sync. ``Node`` loads only sessions it has
a group key for, so until the node grows this itself (proposed in the report of issue 8:
``Node.hold(session)`` and ``Node.ingest(session, records)``), these functions do it from
outside, reusing the node's own gate (``Node._ingest``: replica → store → fold → events).
"""

from __future__ import annotations

from typing import Any

from beraad.core.fold import Fold
from beraad.core.record import Record
from beraad.core.replica import Replica
from beraad.i18n import _

#: Marks, in this peer's local values, a session held from a bundle (no group key).
IMPORTED = "imported"


def _node_module() -> Any:
    import beraad.node as node_module

    return node_module


def session_ids(node: Any) -> list[str]:
    """Every session this peer holds records of: joined ones and read-only ones."""
    return sorted(set(node.session_ids()) | set(node.store.sessions()))


def find_session(node: Any, prefix: str) -> str:
    """The one session whose id starts with ``prefix``; NodeError otherwise."""
    prefix = prefix.strip().lower()
    matches = [s for s in session_ids(node) if prefix and s.startswith(prefix)]
    if len(matches) != 1:
        raise _node_module().NodeError(
            _("No single session starts with {prefix}.").format(prefix=prefix)
        )
    return matches[0]


def hold(node: Any, session_id: str, *, create: bool = False) -> Any:
    """The node's session object, loading a read-only one from the store if need be."""
    sessions = node._sessions
    if session_id in sessions:
        return sessions[session_id]
    node_module = _node_module()
    if session_id not in node.store.sessions() and not create:
        raise node_module.NodeError(
            _("You are not part of session {session}.").format(session=session_id)
        )
    session = node_module._Session(
        id=session_id,
        group_key=b"",
        replica=Replica(session_id),
        fold=Fold(node_module._reducer()),
    )
    records = node.store.records(session_id)
    intake = session.replica.offer(records)
    session.fold.extend(intake.accepted)
    session.lamport = max((r.lamport for r in records), default=0)
    sessions[session_id] = session
    return session


def ingest(node: Any, session_id: str, records: list[Record]) -> set[str]:
    """Offer signature-checked records through the node's one path; the ids that entered."""
    session = hold(node, session_id, create=True)
    entered: set[str] = node._ingest(session, records, source=None)
    if entered and not session.group_key:
        node.store.set_session_local(session_id, {IMPORTED: True})
    if not entered and not node.store.records(session_id):
        # Nothing of it could be placed: do not leave an empty session behind.
        node._sessions.pop(session_id, None)
    return entered
