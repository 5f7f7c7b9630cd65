"""Waiting on real nodes: until a condition over them holds, looked at again after each event
any of them emits (a record arriving, one refused, a peer seen), so a test waits no longer
than the nodes take and never sleeps a guessed time. The timeout is a hang guard, not a speed
limit. Written once here; ``tests/fork_nodes.py``, the re-join and damaged-journal tests had
each their own.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from beraad.node import Node


async def until(holds: Callable[[], bool], *nodes: Node, timeout: float = 30) -> None:
    """Wait until ``holds()``, re-checked after an event on ANY of ``nodes``.

    ``a.wait_for(lambda: a.state_hash(s) == b.state_hash(s))`` wakes on a's events only: when
    b takes the last record (carla's own name, or bart's, passed on by anja) after a did, it
    never looks again and times out on peers that agree."""
    assert nodes, "name the nodes whose events may make it hold"
    changed = asyncio.Event()
    unsubscribe = [node.subscribe(lambda _event: changed.set()) for node in nodes]

    async def settled() -> None:
        while not holds():
            changed.clear()
            if not holds():
                await changed.wait()

    try:
        await asyncio.wait_for(settled(), timeout)
    finally:
        for stop in unsubscribe:
            stop()


async def joined_in_knots(first: Path, second: Path, title: str) -> tuple[Node, Node, str]:
    """Two nodes on loopback (no mDNS): ``first`` opens ``title``, ``second`` joins it with the
    code, and ``first`` moves the group to Knots; both nodes and the session's id. The caller
    closes the nodes."""
    a = await Node.open(first, host="127.0.0.1", discovery=False)
    b = await Node.open(second, host="127.0.0.1", discovery=False)
    invitation = await a.create_session(title=title, focus="Hoe?")
    await b.join(invitation.code, address=a.address)
    await a.contribute(invitation.session, "phase.move", {"to": "knots", "proposal": None})
    return a, b, invitation.session
