"""Finding a session by a prefix of its id, and feeding a bundle's records to the node.

A bundle can bring a session this peer was never admitted to: the node then holds it
read-only (``Node.ingest``), so it can be shown and checked but not written or synced.
"""

from __future__ import annotations

from typing import Any

from beraad.core.record import Record
from beraad.i18n import _


def find_session(node: Any, prefix: str) -> str:
    """The one session whose id starts with ``prefix``; NodeError otherwise."""
    from beraad.node import NodeError

    prefix = prefix.strip().lower()
    matches = [s for s in node.session_ids() if prefix and s.startswith(prefix)]
    if len(matches) != 1:
        raise NodeError(_("No single session starts with {prefix}.").format(prefix=prefix))
    return matches[0]


def ingest(node: Any, session_id: str, records: list[Record]) -> set[str]:
    """Offer signature-checked records through the node's one path; the ids that entered."""
    return node.ingest(session_id, records)
