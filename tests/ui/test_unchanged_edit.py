"""An edit whose text is as it was signs nothing (naive s12 P15: Enter on the unchanged text
signed an edit, and the item read "(edited)"). Knots, as every list of words does it
(``TreeView``); Options has its own (tests/ui/test_phases_options.py). Real node, 80×24."""

from __future__ import annotations

import pytest

from beraad.i18n import _
from beraad.ui.phases.knots import KnotsView
from beraad.ui.widgets.item_tree import ItemTree
from beraad.ui.widgets.vote_notice import Notice
from tests.ui.phases_app import SIZE, PhaseApp, close_all, table_of, until

pytestmark = pytest.mark.timeout(90)


async def test_enter_on_an_unchanged_knot_signs_no_edit(tmp_path):
    nodes, session = await table_of(tmp_path, ["anja"], "consent", "knots")
    (anja,) = nodes
    try:
        await anja.contribute(session, "knot.add", {"text": "Too many cars"})
        app = PhaseApp(KnotsView(session), anja.identity.public_key, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            view = app.view
            view.query_one(ItemTree).focus()
            await pilot.press("down")
            await until(pilot, lambda: view.tree.current is not None)
            await pilot.press("e", "enter")
            await until(pilot, lambda: view.composer.mode == "edit")
            await pilot.press("enter")  # the text as it was
            notice = view.query_one(Notice)
            await until(pilot, lambda: notice.message == _("Not changed: the text is as it was."))
            assert not [r for r in anja.records(session) if r.kind == "edit"]
    finally:
        await close_all(nodes)
