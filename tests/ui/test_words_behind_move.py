"""Words typed in a box as the group moves on keep their kind, and say where they went.

Naive s11b (the note after N13): Evan typed "Too few trees" meant as a knot while the
facilitator moved the group on; his screen still showed the opening, the words were in its
group box, and Enter added a group at the table. That is the rule (docs/focus.md: words keep
the kind they were typed for; a half group never becomes a knot), but nothing told him his
words had landed in the opening while the group was in Knots: now the line there says so."""

from __future__ import annotations

import pytest

from beraad.core import session as bodies
from beraad.i18n import _
from beraad.ui.widgets.phase_bar import phase_label
from tests.ui.phases_app import SIZE
from tests.ui.phases_text import screen_words
from tests.ui.stored_app import session_opened
from tests.ui.stored_app import until as until_app
from tests.ui.test_naive_s6 import opened_by, three

pytestmark = pytest.mark.timeout(120)


async def test_a_group_typed_as_the_group_moved_on_says_where_it_went(tmp_path, language):
    w = three("facilitator", phase=None)  # in the opening
    app = opened_by(w, tmp_path / "bart", 1, language)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        box = screen.view("opening").text_box()
        await until_app(lambda: screen.focused is box)
        await pilot.press(*"Too few trees")
        moved = w.write(0, "phase.move", bodies.move_body("knots"))
        screen.node.ingest(w.session, [r for r in w.records if r.id == moved])
        await until_app(lambda: screen.group_phase == "knots")
        assert screen.viewing == "opening" and box.value == "Too few trees"  # kept there
        await pilot.press(*" now", "enter")  # typed on since the move: Enter sends
        await until_app(
            lambda: any(g.name == "Too few trees now" for g in screen.state.groups.values())
        )
        assert not screen.state.knots  # the kind it was typed for
        said = _("Added here, in {viewing}: the group is in {group} now. F5 goes there.").format(
            viewing=phase_label("opening"), group=phase_label("knots")
        )
        await until_app(lambda: said in screen_words(app))
