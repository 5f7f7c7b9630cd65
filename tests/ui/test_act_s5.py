"""Act at 80×24 as the naive tester (s5 finding 8) found it: the list's keys in the footer as
soon as Tab reaches the list; ``^n Internal`` only while the box or due day has the keys (also
after Escape); titles whole while the row has room; a long "stuck" note wrapped, not cut."""

from __future__ import annotations

import pytest

from beraad.core import session as model
from beraad.i18n import _
from beraad.ui.phases.act import ActView
from tests.ui.phases_app import SIZE, PhaseApp, close_all, decided, table_of, until
from tests.ui.phases_text import screen_text

pytestmark = pytest.mark.timeout(120)


def footer(app) -> str:
    return screen_text(app).splitlines()[-1]


async def test_tab_to_the_list_shows_its_keys_and_escape_hides_internal(tmp_path, language):
    nodes, session = await table_of(tmp_path, ["anja"], "consent", "options")
    (anja,) = nodes
    try:
        decision = await decided(nodes, session)
        await anja.contribute(session, "action.add", model.action_body("Ask for a quote", decision))
        app = PhaseApp(ActView(session), anja.identity.public_key, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            view = app.view
            view.focus_default()
            await pilot.pause()
            internal = "^n " + _("Internal")
            await until(pilot, lambda: internal in footer(app))
            await pilot.press("tab", "tab")
            assert app.focused is view.tree
            await until(pilot, lambda: internal not in footer(app))
            # No row chosen yet: no row key offered (naive s12 K1: "s" typed for the footer's
            # "s Started" became an action named "s"); ↓ past the decision, an action's are.
            assert "p " + _("Pull") not in footer(app)
            await pilot.press("down", "down")
            await until(pilot, lambda: "p " + _("Pull") in footer(app))
    finally:
        await close_all(nodes)


async def test_titles_take_the_row_and_a_stuck_note_wraps(tmp_path, language):
    nodes, session = await table_of(tmp_path, ["anja"], "consent", "options")
    (anja,) = nodes
    try:
        decision = await decided(nodes, session)
        title = "Ask for the quotes"  # 18 characters: cut at 80 columns before
        due = model.action_body(title + " for the speed bumps", decision, due="2026-12-20")
        await anja.contribute(session, "action.add", due)
        call = await anja.contribute(session, "action.add", model.action_body("Call", decision))
        await anja.contribute(session, "action.pull", {"action": call.id})
        note = "The builder is away until the middle of January and does not answer his phone"
        stuck = {"action": call.id, "status": "stuck", "note": note}
        await anja.contribute(session, "action.update", stuck)
        app = PhaseApp(ActView(session), anja.identity.public_key, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: title in screen_text(app))  # not "Ask for the quot…"
            row = next(line for line in screen_text(app).splitlines() if title in line)
            assert "2026-12-20" in row and len(row.rstrip()) <= SIZE[0]
            app.view.tree.focus()
            await pilot.press("down", "down", "down")
            await until(pilot, lambda: "phone" in " ".join(screen_text(app).split()))
            assert note in " ".join(screen_text(app).split())
    finally:
        await close_all(nodes)
