"""A forker among real nodes on loopback: what the fork tests (``tests/test_fork_*_nodes.py``,
``test_fork_restored_node.py``, ``tests/ui/test_fork_counted_redraw.py``) set up alike — anja's
session and bart's node, members only a hostile link speaks for, records signed by hand, and
waiting until the peers agree. Written once here; they imported it from one another.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from beraad.core import session as model
from beraad.core.identity import Identity
from beraad.core.record import Record, sign_record
from beraad.node import Invitation, Node
from tests.hostile_link import hostile_link
from tests.node_waits import until

#: The forker and her colluder of the budget and holes tests: keys no node holds.
MALLORY = Identity.from_seed(b"\x61" * 32)
CAS = Identity.from_seed(b"\x62" * 32)


def signed(who: Identity, session: str, seq: int, prev: str | None, lamport: int, kind, body):
    return sign_record(
        who, session=session, seq=seq, prev=prev, lamport=lamport, at=0, kind=kind, body=body
    )


async def send(link, *records: Record) -> None:
    await link[0].send({"t": "records", "records": [r.to_dict() for r in records]})


async def open_session(tmp_path, names, decision_rule="dots"):
    nodes = [await Node.open(tmp_path / name, host="127.0.0.1", discovery=False) for name in names]
    invitation = await nodes[0].create_session(
        title="t", focus="f", process_rule="facilitator", decision_rule=decision_rule
    )
    return nodes, invitation


async def joined(nodes, invitation, *admitted: tuple[Identity, str]) -> None:
    """bart joins anja's session, and anja admits ``admitted`` (keys no node holds: a hostile
    link speaks for each)."""
    anja, bart = nodes
    await bart.join(invitation.code, address=anja.address)
    await admit(anja, invitation.session, *admitted)


async def admit(node: Node, session: str, *people: tuple[Identity, str]) -> None:
    """``node`` (the facilitator's) admits ``people``."""
    for who, name in people:
        await node.contribute(session, "member.admit", model.admit_body(who.public_key, name))


def fork_above(who: Identity, session: str, top: int, name: str) -> tuple[Record, Record, Record]:
    """``who``'s name above ``top`` and two records signed over it at one seq: a fork (not
    sent yet)."""
    named = signed(who, session, 1, None, top + 1, "member.name", {"name": name})
    one = signed(who, session, 2, named.id, top + 2, "note.add", {"text": "A"})
    two = signed(who, session, 2, named.id, top + 2, "note.add", {"text": "B"})
    return named, one, two


async def fork_at_knots(
    nodes, invitation, mallory: Identity, cas: Identity
) -> tuple[int, Record, Record, Record]:
    """bart joins; anja admits Mallory and Cas and moves the group to the knots. Once bart holds
    all of it: the highest lamport, and Mallory's name and fork above it (``fork_above``)."""
    anja, bart = nodes
    session = invitation.session
    await joined(nodes, invitation, (mallory, "Mallory"), (cas, "Cas"))
    await anja.contribute(session, "phase.move", model.move_body("knots"))
    await until(lambda: len(bart.records(session)) == len(anja.records(session)), *nodes)
    top = max(r.lamport for r in anja.records(session))
    return (top, *fork_above(mallory, session, top, "Mallory"))


async def link_for(links: list[Any], node: Node, session: str, who: Identity) -> Any:
    """A hostile link to ``node`` that speaks for ``who`` (a key no node holds), kept in
    ``links`` to be closed at the end (``anja_and_bart``)."""
    link = await hostile_link(node, session, node._sessions[session].group_key, who)
    links.append(link)
    return link


async def fork_sent(
    nodes: list[Node], links: list[Any], session: str, *sent: tuple[Node, tuple[Record, ...]]
) -> list[Any]:
    """Mallory's name and fork (``fork_at_knots``) sent to each node as ``sent`` pairs them,
    over a link each, until every node sets them aside; those links."""
    to = [await link_for(links, node, session, MALLORY) for node, _records in sent]
    for link, (_node, records) in zip(to, sent, strict=True):
        await send(link, *records)
    await all_set_aside(nodes, session, {MALLORY.public_key: 2})
    return to


async def agree(session: str, *nodes: Node) -> str:
    """The one state hash ``nodes`` reach."""
    await until(lambda: len({node.state_hash(session) for node in nodes}) == 1, *nodes)
    return nodes[0].state_hash(session)


async def close_all(nodes, links) -> None:
    for connection, task in links:
        await connection.close()
        task.cancel()
    for node in reversed(nodes):
        await node.close()


async def all_set_aside(nodes: list[Node], session: str, marks: dict[str, int]) -> None:
    """Every node in ``nodes`` sets aside the forkers' records past ``marks``."""
    for node in nodes:
        await node.wait_for(lambda n=node: n.set_aside(session) == marks)


@asynccontextmanager
async def anja_and_bart(
    tmp_path: Path, decision_rule: str = "dots"
) -> AsyncIterator[tuple[list[Node], Invitation, list[Any]]]:
    """anja's session on her node, and bart's node (not joined yet); the hostile links a test
    makes go in the list, and they and the nodes in ``nodes`` at the end are closed after."""
    nodes, invitation = await open_session(tmp_path, ("anja", "bart"), decision_rule)
    links: list[Any] = []
    try:
        yield nodes, invitation, links
    finally:
        await close_all(nodes, links)
