"""A member's own raw connection to a node, for tests that send hand-signed (hostile) records.

Written once for the fork tests (spread, standing, ladder), which each had a copy.
"""

from __future__ import annotations

import asyncio
import contextlib

from beraad.core.identity import Identity
from beraad.net.transport import connect
from beraad.node import Node


async def hostile_link(
    node: Node, session: str, group_key: bytes, who: Identity, frontier: dict | None = None
):
    """``who``'s connection to ``node``, reading (and dropping) everything it is sent; returns
    the connection and the reading task (cancel it when done). ``frontier``: what its hello
    claims to hold."""
    connection = await connect(
        "127.0.0.1", node.port, session=session, group_key=group_key, identity=who,
        is_member=lambda _key: True, name="Mallory",
    )  # fmt: skip

    async def drain() -> None:
        with contextlib.suppress(Exception):
            async for _message in connection:
                pass

    task = asyncio.ensure_future(drain())
    await connection.send({"t": "hello", "frontier": frontier or {}, "name": "Mallory"})
    return connection, task
