"""Act's footer at 80 columns shows in Dutch what it shows in English (naive s10 finding 5):
with an action one pulls chosen in the list, the English footer read "… k Stuck f6 Move on
f7 Meeting" and the Dutch one stopped at "f6 Verder", the list's long words ("Stap terug",
"Gestart") leaving no room for f7. The Dutch words are shorter now (Afhaken, Bezig). Real
app, real node, Pilot at 80×24, en and nl."""

from __future__ import annotations

import pytest

from beraad.i18n import _
from beraad.ui.widgets.item_tree import ItemTree
from tests.ui.test_footer_help import act_at_80, bottom_row
from tests.ui.test_session_flow import until

pytestmark = pytest.mark.timeout(120)


async def test_acts_list_keys_leave_room_for_f7_in_both_languages(tmp_path, monkeypatch, language):
    async with act_at_80(tmp_path, monkeypatch, language) as (pilot, screen):
        app = pilot.app
        view = screen.view("act")
        tree = view.query_one(ItemTree)
        await pilot.press("tab", "tab")
        await until(lambda: app.focused is tree, pilot)
        me = screen.me

        def open_one() -> bool:  # an action nobody said started: every status key is offered
            chosen = view._action()
            return chosen is not None and me not in chosen.pullers and chosen.status == "open"

        for _row in range(30):
            if open_one():
                break
            await pilot.press("down")
        assert open_one()
        await pilot.press("p")  # pull it: its keys are the puller's now
        await until(lambda: me in view._action().pullers, pilot)
        keys = [
            f"l {_('Step back')}",
            f"s {_('Started')}",
            f"d {_('Done')}",
            f"k {_('Stuck')}",
            f"f6 {_('Move on')}",
            f"f7 {_('Meeting')}",
        ]
        await until(lambda: all(key in bottom_row(app) for key in keys), pilot, timeout=5)
        assert bottom_row(app).startswith(f"f1 {_('Help')}")
