"""What real users tripped over in the sixth naive session (three people and a projector, the
real app at 80×24, English and Dutch): each finding pinned where it showed."""

from __future__ import annotations

import pytest

from beraad.ui.phases.evaluate import EvaluateView
from tests.ui.phases_app import SIZE, PhaseApp, close_all, decided, table_of, until
from tests.ui.phases_text import screen_words

pytestmark = pytest.mark.timeout(120)


async def test_evaluate_says_you_for_ones_own_notes(tmp_path):
    """Evaluate named one's own note "— Anja" where every other view says "— you"."""
    nodes, session = await table_of(tmp_path, ["anja"], "consent", "options")
    (anja,) = nodes
    me = anja.identity.public_key
    try:
        await decided(nodes, session, then="evaluate")
        state = anja.state(session)
        name = state.name(me)
        app = PhaseApp(EvaluateView(session), me, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.click("#went_well-text")
            await pilot.press(*"Everyone was heard", "enter")
            await until(pilot, lambda: "Everyone was heard" in screen_words(app))
            words = screen_words(app)
            assert "Everyone was heard — you" in words
            assert f"— {name}" not in words
    finally:
        await close_all(nodes)
