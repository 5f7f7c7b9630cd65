"""What the tests of back-dated records over real nodes share: a dot vote on the table, and a
member's next record signed by hand at a lamport of the test's choosing (as a modified app
would), listing what it claims to have seen."""

from __future__ import annotations

import time
from typing import Any

from beraad.core import session as model
from beraad.core.record import Head, Record, sign_record
from beraad.node import Node


async def dots_on_the_fence(anja: Node, sid: str) -> tuple[str, str]:
    """Anja adds "fence" and "bumps", moves the group to Decide and puts 3 dots on the fence;
    the two options' ids."""
    one = (await anja.contribute(sid, "option.add", model.option_body("fence"))).id
    two = (await anja.contribute(sid, "option.add", model.option_body("bumps"))).id
    await anja.contribute(sid, "phase.move", model.move_body("decide"))
    await anja.contribute(sid, "dots.place", model.dots_body({one: 3}))
    return one, two


def last_own(node: Node, sid: str) -> Record:
    """The newest record of ``node``'s own chain in the session: the one its next follows."""
    mine = [r for r in node.records(sid) if r.author == node.identity.public_key]
    return max(mine, key=lambda r: r.seq)


def signed_after(
    node: Node,
    sid: str,
    previous: Record,
    lamport: int,
    kind: str,
    body: dict[str, Any],
    seen: tuple[Head, ...] = (),
) -> Record:
    """``node``'s record after ``previous`` in its chain, at ``lamport`` (however far back)."""
    return sign_record(
        node.identity,
        session=sid,
        seq=previous.seq + 1,
        prev=previous.id,
        lamport=lamport,
        at=int(time.time() * 1000),
        kind=kind,
        body=body,
        seen=seen,
    )
