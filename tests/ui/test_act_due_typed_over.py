"""Act: changing a due day, the day the action has is selected, so the new one typed replaces
it (naive s12 P5: the cursor stood after the old day, "31-02-2027" was appended to it and the
box read "2027-02-0131-02-2027", refused). ← or End keeps it to mend. Real node, the Act view
at 80×24."""

from __future__ import annotations

import pytest

from beraad.core import session as model
from tests.ui.phases_app import SIZE, until
from tests.ui.test_phases_act import act_app, at_a_decided_table, on_the_first_action

pytestmark = pytest.mark.timeout(120)


async def test_a_new_due_day_typed_replaces_the_old_one(tmp_path):
    async with at_a_decided_table(tmp_path, ("anja",)) as (nodes, session, decision):
        (anja,) = nodes
        body = model.action_body("Call", decision)
        added = await anja.contribute(session, "action.add", body)
        await anja.contribute(session, "action.due", {"action": added.id, "due": "2027-02-01"})
        app = act_app(anja, session)
        async with app.run_test(size=SIZE) as pilot:
            view = await on_the_first_action(app, pilot)
            await until(pilot, lambda: view.tree.current is not None)
            view.action_due()  # what u asks (and Enter does) on the chosen action
            await until(pilot, lambda: view.composer.mode == "due")
            assert view.composer.value == "2027-02-01"
            await pilot.press(*"28-2-2027", "enter")
            due = lambda: anja.state(session).actions[added.id].due  # noqa: E731
            await until(pilot, lambda: due() == "2027-02-28")
            view.action_due()
            await until(pilot, lambda: view.composer.mode == "due")
            await pilot.press("end", "backspace", "7", "enter")  # mended, not replaced
            await until(pilot, lambda: due() == "2027-02-27")
