"""What the tests of a member's records sent over a real link share (``test_late_records``,
``test_link_slices``): a session with members admitted in the knots, a member's link to the
node, and a count of the event loop's turns."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from beraad.core.identity import Identity
from beraad.core.session import admit_body
from beraad.net.transport import Connection, connect
from beraad.node import Node


async def in_knots(node: Node, session: str, *members: tuple[Identity, str]) -> int:
    """``node`` admits ``members`` (keys no node holds: a link speaks for each) and moves the
    group to the knots; the session's lamport then."""
    for who, name in members:
        await node.contribute(session, "member.admit", admit_body(who.public_key, name))
    await node.contribute(session, "phase.move", {"to": "knots", "proposal": None})
    return node._session(session).lamport


async def member_link(node: Node, session: str, who: Identity) -> Connection:
    """A link to ``node`` in ``session`` that speaks for ``who``, as a member's app would."""
    host, port = node.address.split(":")
    return await connect(
        host, int(port), session=session, group_key=node._session(session).group_key,
        identity=who, is_member=lambda _key: True,
    )  # fmt: skip


class Turns:
    """Counts the event loop's turns (those in which ``when()`` holds, if given): a callback
    that puts itself back every turn."""

    def __init__(self, when: Callable[[], bool] = lambda: True) -> None:
        self.count = 0
        self._when = when
        self._loop = asyncio.get_running_loop()
        self._handle = self._loop.call_soon(self._tick)

    def _tick(self) -> None:
        if self._when():
            self.count += 1
        self._handle = self._loop.call_soon(self._tick)

    def stop(self) -> None:
        self._handle.cancel()
