"""A reveal end forged by a steward, seen at 80x24: the decision says what a late reveal changes.

Real nodes: Carla seals; Anja (facilitator) closes, ends the reveal dated a minute on and
decides, all before Carla's app revealed. Carla's reveal arrives afterwards; every screen that
shows the decision says it was taken while her vote was not revealed and what the result would
be with it. Her app writes that late reveal by itself (``reveals_due``).
"""

from __future__ import annotations

import time

import pytest

from beraad.core import session as model
from beraad.core.sealed import commitment
from beraad.core.tally import decision_body
from beraad.i18n import _
from beraad.ui.phases.decide import DecideView, reveals_due
from tests.ui.phases_app import SIZE, PhaseApp, close_all, converged, table_of, until
from tests.ui.phases_text import screen_words
from tests.ui.test_phases_decide import with_options

pytestmark = pytest.mark.timeout(180)

NONCE = "5e" * 16


async def test_a_decision_before_a_late_reveal_is_marked_on_screen(tmp_path, language):
    nodes, session = await table_of(tmp_path, ["anja", "bart", "carla"], "dots", "options")
    anja, _bart, carla = nodes
    try:
        fence, bumps, _zebra = await with_options(anja, session)
        await converged(nodes, session)
        await anja.contribute(session, "dots.place", model.dots_body({fence: 2}))
        vote = model.dots_body({bumps: 3})
        start = time.time()
        carla.clock = lambda: start - 120  # Carla sealed her vote two minutes ago
        sealed = await carla.contribute(
            session,
            "vote.commit",
            {"kind": "dots.place", "commitment": commitment("dots.place", vote, NONCE)},
        )
        carla.clock = time.time
        await converged(nodes, session)
        # The steward's batch, now: a close dated 90 s back, a reveal end dated past the grace
        # after it, the decision — before Carla's app could see the close.
        anja.clock = lambda: start - 90
        await anja.contribute(session, "vote.close", model.close_body("dots.place"))
        anja.clock = lambda: start - 25
        await anja.contribute(
            session, "vote.reveal_end", {"kind": "dots.place", "unrevealed": [sealed.id]}
        )
        await anja.contribute(session, "decision.take", decision_body(anja.state(session)))
        anja.clock = time.time
        await converged(nodes, session)
        state = carla.state(session)
        secrets = {sealed.body["commitment"]: {"vote": vote, "nonce": NONCE}}
        due = reveals_due(state, carla.identity.public_key, secrets)
        assert due == [{"commit": sealed.id, "vote": vote, "nonce": NONCE}]
        await carla.contribute(session, "vote.reveal", due[0])
        await converged(nodes, session)
        app = PhaseApp(DecideView(session), anja.identity.public_key, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            state = anja.state(session)
            (decision,) = state.decisions
            assert decision.option == fence and decision.revealed_later == (sealed.id,)
            name = state.name(carla.identity.public_key)
            taken = _("Taken while 1 sealed vote was not revealed; revealed later: {names}.")
            would = _("With them the result would be {option}, not {chosen}.")
            await until(pilot, lambda: taken.format(names=name) in screen_words(app))
            words = screen_words(app)
            said = would.format(option="Speed bumps", chosen="A fence around the square")
            assert said in words, words
    finally:
        await close_all(nodes)
