"""A vote that reaches the group after voting closed, on its voter's own screen (naive s7
finding 4): it did not just disappear ("Votes in: 1 of 2"); a lasting line says it came too
late and why. Real nodes: Carla votes twice while Anja's node is gone; Anja's close, signed
without having seen Carla's votes, arrives afterwards (her first vote counts, written without
knowing of the close; her change came after it in the records' order and is refused)."""

from __future__ import annotations

import time

import pytest

from beraad.core import session as model
from beraad.core.record import sign_record
from beraad.i18n import _
from beraad.ui.phases.decide import DecideView
from tests.ui.phases_app import SIZE, PhaseApp, close_all, converged, table_of, until
from tests.ui.phases_text import screen_words
from tests.ui.test_phases_decide import with_options

pytestmark = pytest.mark.timeout(120)


async def test_my_vote_refused_after_the_close_says_so_on_my_screen(tmp_path, language):
    nodes, session = await table_of(tmp_path, ["anja", "carla"], "dots", "options")
    anja, carla = nodes
    try:
        fence, bumps, _zebra = await with_options(anja, session)
        voted = await anja.contribute(session, "dots.place", model.dots_body({fence: 2}))
        await converged(nodes, session)
        last = max(
            (r for r in anja.records(session) if r.author == voted.author), key=lambda r: r.seq
        )
        identity = anja.identity
        await anja.close()  # cut off from here on
        nodes = [carla]
        first = await carla.contribute(session, "dots.place", model.dots_body({bumps: 1}))
        changed = await carla.contribute(session, "dots.place", model.dots_body({bumps: 3}))
        close = sign_record(
            identity,
            session=session,
            seq=last.seq + 1,
            prev=last.id,
            lamport=first.lamport,
            at=int(time.time() * 1000),
            kind="vote.close",
            body=model.close_body("dots.place"),
        )
        assert close.id in carla.ingest(session, [close])
        assert carla.refused(session, changed.id) and not carla.refused(session, first.id)
        app = PhaseApp(DecideView(session), carla.identity.public_key, node=carla)
        async with app.run_test(size=SIZE) as pilot:
            line = _("Your vote reached the group after voting had closed, so it was not counted.")
            await until(pilot, lambda: line in screen_words(app))
    finally:
        await close_all(nodes)
