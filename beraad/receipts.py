"""Receipts: a peer tells the member whose records it just stored durably that it holds them.

"Your vote is in" needs another member to hold the vote. Read from the records alone (a later
record of theirs lists my chain as seen, ``ui/delivered.py``), a quiet room — everyone only
voting — left the voter reading "on its way" for minutes while every tally counted the vote
(naive s10 finding 4). So a node that stored a peer's records tells that peer's links, soon
after and once for many records (``RECEIPT_DELAY``), how far it holds that peer's chain
(``sync.holds``); a hello's frontier says the same at link time. Only peers whose hello said
they take receipts are sent one: an older peer drops a link on a message it does not know.

A receipt only informs the receiver's own line, never what anyone else sees, and it is
bounded: a claim past my own chain's end is cut to it and only a rise is news, so a flood of
receipts costs a parse each and at most one event per record I wrote.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from beraad.core.sync import holds
from beraad.events import PeerHolds

if TYPE_CHECKING:
    from beraad.core.record import Record
    from beraad.held import HeldSession
    from beraad.links import Link

#: Seconds between storing a peer's records and telling it (more stored meanwhile: one receipt).
RECEIPT_DELAY = 0.2


class NodeReceipts:
    """The receipts half of ``Node`` (mixed in; uses its sessions, store, identity, events)."""

    identity: Any
    store: Any
    _sessions: dict[str, HeldSession]
    _emit: Callable[[object], None]

    def _receipts_due(self, session: HeldSession, records: list[Record]) -> None:
        """Records just stored durably: tell their authors' links, soon, how far we hold."""
        for author in {r.author for r in records}:
            for link in session.links.get(author, ()):
                if link.receipts and link.receipt_timer is None and link.dropped is None:
                    loop = asyncio.get_running_loop()
                    link.receipt_timer = loop.call_later(
                        RECEIPT_DELAY, self._send_receipt, session.id, link
                    )

    def _send_receipt(self, session_id: str, link: Link) -> None:
        link.receipt_timer = None
        session = self._sessions.get(session_id)
        if session is None or link.dropped is not None:
            return
        # What is durable only: the store's head, never past what is placed in order.
        placed = session.replica.chains.length(session_id, link.peer)
        stored = self.store.frontier(session_id).get(link.peer, 0)
        seq = min(placed, stored)
        if seq > link.receipt_sent:
            link.receipt_sent = seq
            link.send(holds(seq))

    def _holds_said(self, session: HeldSession, link: Link, seq: int) -> None:
        """A peer says it holds my chain up to ``seq``: kept (only a rise, never past my own
        chain's end) for the line that says where my vote is."""
        me = self.identity.public_key
        seq = min(seq, session.replica.chains.length(session.id, me))
        known = session.presence.get(link.peer)
        if known is None or seq <= known.holds:
            return
        known.holds = seq
        self._emit(PeerHolds(session.id, link.peer, seq))

    def _end_receipts(self, link: Link) -> None:
        if link.receipt_timer is not None:
            link.receipt_timer.cancel()
            link.receipt_timer = None
