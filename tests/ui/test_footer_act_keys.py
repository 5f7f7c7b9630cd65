"""Act's footer at 80 columns shows in Dutch what it shows in English (naive s10 finding 5):
with an action one pulls chosen in the list, the English footer read "… k Stuck f6 Move on
f7 Meeting" and the Dutch one stopped at "f6 Verder", the list's long words ("Stap terug",
"Gestart") leaving no room for f7. The Dutch words are shorter now (Afhaken, Bezig). And ^q
stays (session 11): with the list's keys the line had no room for ^f and ^q, in either
language; where it is full the screen's other keys give way first (F1 lists them). Real
app, real node, Pilot at 80×24, en and nl."""

from __future__ import annotations

import pytest

from beraad.i18n import _
from beraad.ui.screens.help import HelpScreen
from beraad.ui.widgets.item_tree import ItemTree
from tests.ui.test_footer_help import act_at_80, bottom_row
from tests.ui.test_help_for_whom import help_words
from tests.ui.test_session_flow import until

pytestmark = pytest.mark.timeout(120)

ROW_KEYS = (("p", "Pull"), ("l", "Step back"), ("s", "Started"), ("d", "Done"), ("k", "Stuck"))


async def test_acts_list_keys_and_quit_fit_in_both_languages(tmp_path, monkeypatch, language):
    async with act_at_80(tmp_path, monkeypatch, language) as (pilot, screen):
        app = pilot.app
        view = screen.view("act")
        tree = view.query_one(ItemTree)
        await pilot.press("tab", "tab")
        await until(lambda: app.focused is tree, pilot)
        # No action chosen yet: no row key is offered (naive s12 K1: "s" typed for the
        # footer's "s Started" with no row became an action named "s"); Ctrl+Q is.
        row_keys = [f"{key} {_(words)}" for key, words in ROW_KEYS]
        quit_key = f"^q {_('Quit')}"
        await until(lambda: quit_key in bottom_row(app), pilot)
        assert not any(k in bottom_row(app) for k in row_keys), bottom_row(app)
        me = screen.me

        def open_one() -> bool:  # an action nobody said started: every status key is offered
            chosen = view._action()
            return chosen is not None and me not in chosen.pullers and chosen.status == "open"

        for _row in range(30):
            if open_one():
                break
            await pilot.press("down")
        assert open_one()
        await pilot.press("p")  # a row key proposes (naive s11 F8): Enter does it, offered
        do_it = f"⏎ {_('Do it')}"
        await until(lambda: do_it in bottom_row(app) and quit_key in bottom_row(app), pilot)
        await pilot.press("enter")  # pull it: its keys are the puller's now
        await until(lambda: me in view._action().pullers, pilot)
        keys = [
            f"l {_('Step back')}",
            f"s {_('Started')}",
            f"d {_('Done')}",
            f"k {_('Stuck')}",
            f"f6 {_('Move on')}",
            quit_key,
        ]
        await until(lambda: all(key in bottom_row(app) for key in keys), pilot, timeout=5)
        assert bottom_row(app).startswith(f"f1 {_('Help')}")
        # What gave way is in F1.
        await pilot.press("f1")
        await until(lambda: isinstance(app.screen, HelpScreen), pilot)
        words = help_words(app)
        assert _("Meeting") in words and _("Facts") in words, words
