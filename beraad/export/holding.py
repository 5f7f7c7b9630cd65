"""Finding a session by a prefix of its id or by its name, and feeding a bundle's records
to the node.

A bundle can bring a session this peer was never admitted to: the node then holds it
read-only (``Node.ingest``), so it can be shown and checked but not written or synced.
"""

from __future__ import annotations

from typing import Any

from beraad.core.record import Record
from beraad.i18n import _
from beraad.readable import readable


def find_session(node: Any, asked: str) -> str:
    """The one session ``asked`` names: by the start of its id, or by its name as the lobby
    and ``beraad sessions`` show it, whole or its start, in any case (naive s16 N3: `beraad
    state Speeltuin` said no session starts with Speeltuin). NodeError otherwise, naming the
    sessions it could be."""
    from beraad.node import NodeError

    wanted = " ".join(asked.split())
    folded = wanted.casefold()
    ids = node.session_ids()
    titles = {summary.id: readable(summary.title) for summary in node.sessions()}
    for found in (
        [s for s in ids if titles.get(s, "").casefold() == folded],
        [s for s in ids if s.startswith(wanted.lower())],
        [s for s in ids if titles.get(s, "").casefold().startswith(folded)],
    ):
        if wanted and len(found) == 1:
            return found[0]
        if wanted and len(found) > 1:
            named = "; ".join(f"{titles.get(s, '')} ({s[:12]})" for s in sorted(found))
            raise NodeError(
                _(
                    "“{asked}” fits more than one deliberation: {named}. Give more of its id."
                ).format(asked=wanted, named=named)
            )
    raise NodeError(
        _(
            "No deliberation is called {asked}, and no id starts with it: beraad sessions "
            "lists yours, with their ids."
        ).format(asked=wanted)
    )


def ingest(node: Any, session_id: str, records: list[Record]) -> set[str]:
    """Offer signature-checked records through the node's one path; the ids that entered."""
    return node.ingest(session_id, records)
