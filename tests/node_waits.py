"""Waiting on real nodes: until a condition over them holds, looked at again after each event
any of them emits (a record arriving, one refused, a peer seen), so a test waits no longer
than the nodes take and never sleeps a guessed time. The timeout is a hang guard, not a speed
limit. Written once here; ``tests/fork_nodes.py``, the re-join and damaged-journal tests had
each their own.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

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
