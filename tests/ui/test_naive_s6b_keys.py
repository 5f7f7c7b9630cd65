"""What the naive re-check (s6b) typed and lost around the keys: Tab in a fresh opening
(finding G)."""

from __future__ import annotations

import pytest

from beraad.ui.widgets.vote_notice import Notice
from tests.ui.phases_app import SIZE
from tests.ui.stored_app import session_opened
from tests.ui.stored_app import until as until_app
from tests.ui.test_naive_s6 import opened_by, three

pytestmark = pytest.mark.timeout(120)


async def test_tab_in_a_fresh_opening_stays_in_the_box_and_no_word_vanishes(tmp_path, language):
    """No groups yet: Tab from the group box went to the page around it, where no mark
    shows the keys, and "Ouders van de school" + Enter vanished. Tab stays in the box and
    says why; letters typed on the page (Shift+Tab) go into the box."""
    w = three(phase=None)
    app = opened_by(w, tmp_path / "anja", 0, language)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        view = screen.view("opening")
        box = view.text_box()
        await until_app(lambda: screen.focused is box)
        await pilot.press("tab")
        assert screen.focused is box
        notice = view.query_one("#group-notice", Notice)
        said = {"en": "No groups yet, so no list", "nl": "Nog geen groepen, dus geen lijst"}
        assert said[language] in notice.message
        await pilot.press("shift+tab")
        assert screen.focused is not box
        await pilot.press(*"Ouders van de school", "enter")
        await until_app(lambda: len(screen.node.state(w.session).groups) == 1)
        [group] = screen.node.state(w.session).groups.values()
        assert group.name == "Ouders van de school" and screen.focused is box
        await until_app(lambda: not notice.message)  # the list is there now
