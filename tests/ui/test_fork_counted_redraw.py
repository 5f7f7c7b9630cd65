"""A forker's set-aside record that arrives alone and now counts is drawn (``SetAsideCounted``).

One real app on a real loopback node; Mallory and Cas are hand-signed members on their own
raw links. Every wait is on what the screen or the node shows.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from beraad.core import session as model
from beraad.core.identity import Identity
from tests.fork_nodes import admit, fork_above, send, signed
from tests.hostile_link import hostile_link
from tests.ui.conftest import SIZE
from tests.ui.session_people import create_in_app, make_app, node_of, screen_words, until
from tests.ui.test_session_flow import move_on

pytestmark = pytest.mark.timeout(120)

MALLORY = Identity.from_seed(b"\x63" * 32)
CAS = Identity.from_seed(b"\x64" * 32)


async def test_a_set_aside_knot_that_now_counts_shows_without_anything_else_arriving(
    tmp_path: Path,
):
    app = make_app(tmp_path / "anja", "Anja")
    links = []
    async with app.run_test(size=SIZE) as pilot:
        try:
            await create_in_app(pilot, "Our street", "How do we keep the youth here?")
            await move_on(pilot)  # to the knots
            node = node_of(app)
            session = app.screen.session
            await admit(node, session, (MALLORY, "Mallory"), (CAS, "Cas"))
            top = max(r.lamport for r in node.records(session))
            name, one, two = fork_above(MALLORY, session, top, "Mal")
            idea = signed(
                MALLORY, session, 3, one.id, top + 3, "knot.add", model.text_body("Parking rules")
            )
            group_key = node._sessions[session].group_key
            links.append(await hostile_link(node, session, group_key, MALLORY))
            links.append(await hostile_link(node, session, group_key, CAS))
            await send(links[0], name, one, two)
            await until(lambda: node.set_aside(session) == {MALLORY.public_key: 2}, pilot)
            builds = signed(CAS, session, 1, None, top + 4, "knot.add", model.text_body(idea.id))
            await send(links[1], builds)
            await until(lambda: idea.id[:20] in screen_words(app), pilot)  # Cas's knot is drawn
            assert "Parking rules" not in screen_words(app)
            await send(links[0], idea)  # alone: one set-aside record, which Cas's knot names
            await until(lambda: idea.id in node.kept(session), pilot)
            await until(lambda: "Parking rules" in screen_words(app), pilot)
        finally:
            for connection, task in links:
                await connection.close()
                task.cancel()
