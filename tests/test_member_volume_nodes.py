"""A member's flood stops at what one member may make every peer hold (attack s11 finding 2;
real nodes on loopback, Mallory on a hostile link).

Mallory, a member, sends well-signed notes as fast as anja takes them. Before, each was taken,
stored and sent on without end (~100 KB of memory and 57 KB of journal per 59 KB score-sheet
part). Now anja takes Mallory's chain up to the budget (``replica.MEMBER_BYTES``, small here so
the test is quick), holds nothing past it, says so once in the person's language, and bart,
linked to anja, ends with the same records and the same state. Offered again, nothing more
enters and nothing is said again; the others write on.
"""

from __future__ import annotations

import pytest

from beraad.core import replica as gate
from beraad.core import session as model
from beraad.events import MemberOverVolume
from beraad.i18n import set_language
from beraad.node import NodeError
from beraad.store.records import JOURNAL_FILE
from beraad.ui.bridge import _over_volume_notice
from tests.fork_nodes import MALLORY, agree, anja_and_bart, joined, send, signed
from tests.hostile_link import hostile_link
from tests.node_waits import until

pytestmark = pytest.mark.timeout(120)

LIMIT = 200_000


def journal(home) -> int:
    return sum(path.stat().st_size for path in home.rglob(JOURNAL_FILE))


def frontier(node, session: str) -> int:
    return node._sessions[session].replica.frontier().get(MALLORY.public_key, 0)


async def test_a_flood_past_the_budget_is_held_back_said_once_and_the_same_on_every_peer(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(gate, "MEMBER_BYTES", LIMIT)
    async with anja_and_bart(tmp_path) as (nodes, invitation, links):
        anja, bart = nodes
        session = invitation.session
        await joined(nodes, invitation, (MALLORY, "Mallory"))
        await until(lambda: len(bart.records(session)) == len(anja.records(session)), *nodes)
        said: list[MemberOverVolume] = []
        anja.subscribe(lambda e: said.append(e) if isinstance(e, MemberOverVolume) else None)
        top = max(r.lamport for r in anja.records(session))
        flood, prev = [], None
        for n in range(100):  # ~10 KB each: 1 MB, five times the budget
            body = {"text": f"{n} " + "x" * 10_000}
            record = signed(MALLORY, session, n + 1, prev, top + 1 + n, "note.add", body)
            flood.append(record)
            prev = record.id
        fits = max(k for k in range(100) if sum(r.size for r in flood[:k]) <= LIMIT)
        before = journal(tmp_path / "anja")
        to_anja = await hostile_link(anja, session, anja._sessions[session].group_key, MALLORY)
        links.append(to_anja)
        for start in range(0, 100, 20):
            await send(to_anja, *flood[start : start + 20])
        await until(lambda: len(said) == 1, *nodes)
        await until(
            lambda: anja.holds(flood[fits - 1].id) and bart.holds(flood[fits - 1].id), *nodes
        )
        await agree(session, anja, bart)
        for node in nodes:
            assert frontier(node, session) == fits
            replica = node._sessions[session].replica
            assert replica.held_bytes() == 0  # nothing of the flood waits in memory
        grew = journal(tmp_path / "anja") - before
        assert sum(r.size for r in flood[:fits]) <= grew < LIMIT + 20_000
        # Offered again (as a sync offers what was not taken): nothing enters, nothing is said.
        await send(to_anja, *flood[fits : fits + 20])
        await anja.contribute(session, "phase.move", model.move_body("knots"))  # anja writes on
        hash_after = await agree(session, anja, bart)
        assert frontier(anja, session) == fits and len(said) == 1
        assert hash_after == bart.state_hash(session)
        # Said in the person's language, naming the member.
        assert said[0].author == MALLORY.public_key and said[0].limit == LIMIT
        english = _over_volume_notice(anja, said[0])
        set_language("nl")
        try:
            dutch = _over_volume_notice(anja, said[0])
        finally:
            set_language("en")
        assert english.startswith("Mallory sent more than") and "newest contributions" in english
        assert dutch.startswith("Mallory stuurde meer dan") and "wachten" in dutch


async def test_my_own_contribution_past_the_budget_is_refused_in_words(tmp_path):
    async with anja_and_bart(tmp_path) as (nodes, invitation, _links):
        anja = nodes[0]
        session = invitation.session
        held = anja._sessions[session]
        used = held.replica.chains.size(session, anja.identity.public_key)
        held.replica.chains.limit = used + 100  # no room for one more record
        before = len(anja.records(session))
        with pytest.raises(NodeError, match="Not saved: your contributions to this session"):
            await anja.contribute(session, "phase.move", model.move_body("knots"))
        assert len(anja.records(session)) == before  # nothing half-written
        held.replica.chains.limit = used + 100_000
        await anja.contribute(session, "phase.move", model.move_body("knots"))
