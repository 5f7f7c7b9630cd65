""" "Votes in" counts a vote as in once another member holds it (naive s10 finding 2):
unplugged, the line under Carla's vote rightly said it was only on this device, while the
status above said "Votes in: 2 of 2". Two real nodes on loopback, the real decide view, en
and nl."""

from __future__ import annotations

import pytest

from beraad.core import session as model
from beraad.i18n import _, set_language
from beraad.ui.delivered import holders
from beraad.ui.phases.decide import DecideView
from tests.ui.phases_app import (
    SIZE,
    PhaseApp,
    close_all,
    converged,
    table_of,
    until,
    with_options,
)

pytestmark = pytest.mark.timeout(120)


def _status(app: PhaseApp) -> str:
    return " ".join(str(app.view.query_one("#decide-status").content).split())


@pytest.mark.parametrize("language", ["en", "nl"])
async def test_my_vote_is_counted_in_once_another_member_holds_it(tmp_path, language):
    set_language(language)
    nodes, session = await table_of(tmp_path, ["anja", "carla"], "dots", "options")
    anja, carla = nodes
    me, her = carla.identity.public_key, anja.identity.public_key
    try:
        fence, bumps, _zebra = await with_options(anja, session)
        await converged(nodes, session)
        await anja.contribute(session, "dots.place", model.dots_body({bumps: 1}))
        await converged(nodes, session)
        vote = await carla.contribute(session, "dots.place", model.dots_body({fence: 1}))
        app = PhaseApp(DecideView(session), me, node=carla)
        async with app.run_test(size=SIZE) as pilot:
            view = app.view
            assert isinstance(view, DecideView)
            view.present({me}, frozenset())  # unplugged: nobody else is here, nobody has it
            alone = _("Votes in: {voters} of {members} members; yours is not in yet.")
            await until(pilot, lambda: alone.format(voters=1, members=2) in _status(app))
            assert _("Votes in: {voters} of {members} members.").format(
                voters=2, members=2
            ) not in _status(app)
            # The cable is back; Anja writes on it (her record lists Carla's vote): it is in.
            await converged(nodes, session)
            await anja.contribute(session, "dots.place", model.dots_body({bumps: 2}))
            await converged(nodes, session)
            held = holders(carla.records(session), me, [vote.id])
            assert held == {her}
            view.present({me, her}, held)
            both = _("Votes in: {voters} of {members} members.").format(voters=2, members=2)
            await until(pilot, lambda: both in _status(app))
    finally:
        await close_all(nodes)
        set_language("en")
