"""The voter's line turns "in" on the other's receipt, not on their next record (naive s10
finding 4: in a quiet room Cora read "on its way … it is in once one of them confirms it" for
minutes while every tally counted her vote). The real app at 80×24 on a loopback node; Bert a
real node that joined by code and writes nothing after the vote."""

from __future__ import annotations

from pathlib import Path

import pytest

from beraad.i18n import _
from tests.ui import session_people as people
from tests.ui.phases_app import close_all, converged, open_node

pytestmark = pytest.mark.timeout(120)

IN = "Your vote is in, open (not sealed); you can change it until voting closes."


async def test_my_vote_is_in_once_the_other_has_stored_it(tmp_path: Path):
    app = people.make_app(tmp_path / "anja", "Anja")
    async with app.run_test(size=(80, 24)) as pilot:
        node, session, _grid = await people.ballot_in_hand(pilot)
        invitation = await node.invite(session)
        bert = await open_node(tmp_path, "bert")
        try:
            await bert.join(invitation.code, address=node.address)
            await converged([node, bert], session)
            his = len([r for r in node.records(session) if r.author == bert.identity.public_key])
            screen = people.session_screen(app)
            await pilot.press("1", "ctrl+s")
            await people.until(lambda: screen.me in node.state(session).votes.get("dots.place", {}))
            line = screen.query_one("#my-vote")
            await people.until(lambda: _(IN) == str(line.content), pilot)
            mine = [r for r in node.records(session) if r.author == bert.identity.public_key]
            assert len(mine) == his  # no record of Bert's said it: his receipt did
        finally:
            await close_all([bert])
