"""Words typed while looking at a phase that takes none go to the group's box, and their first
Enter says so instead of sending (naive s12 K7).

The group in Positions, Anja looks back at Knots (F3) and types a knot: the letters go, by the
rule, to Positions' box, and Enter signed them as a position on the knot chosen there. Now the
first Enter sends nothing and says where the words would go; Enter again sends them; words
typed in Positions' own box send at once as ever. The real app over a real store, 80×24.
"""

from __future__ import annotations

import pytest

from beraad.core import session as bodies
from beraad.i18n import _
from beraad.ui.widgets.phase_bar import phase_label
from tests.ui.phases_app import SIZE
from tests.ui.phases_text import screen_words
from tests.ui.session_people import burst
from tests.ui.stored_app import session_opened
from tests.ui.stored_app import until as until_app
from tests.ui.test_naive_s6 import opened_by, three

pytestmark = pytest.mark.timeout(120)


async def test_a_line_typed_looking_at_knots_asks_before_it_becomes_a_position(tmp_path, language):
    w = three(phase="knots")
    knot = w.write(0, "knot.add", bodies.text_body("Too hot on the square"))
    w.write(0, "phase.move", bodies.move_body("positions"))
    app = opened_by(w, tmp_path / "anja", 0, language)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        positions = screen.view("positions")
        box = positions.composer.input
        await until_app(lambda: screen.viewing == "positions" and app.focused is box)
        await pilot.press("down")  # the knot chosen, so a position here would be taken
        await until_app(lambda: positions._knot() is not None)
        await pilot.press("f3")  # looking back at Knots, which takes no knot now
        await until_app(lambda: screen.viewing == "knots" and app.focused is not box)
        burst(app, "More benches")
        await pilot.press("enter")
        await until_app(lambda: box.value == "More benches" and screen.viewing == "positions")
        said = _(
            "Not sent yet: you typed this while looking at {looked}, and it goes into {phase}, "
            "where the group is. Enter again sends it here; Ctrl+U clears it."
        ).format(looked=phase_label("knots"), phase=phase_label("positions"))
        await until_app(lambda: said in screen_words(app))
        assert not screen.state.positions  # nothing signed
        await pilot.press("enter")  # seen: now it is sent, where the screen said
        await until_app(lambda: bool(screen.state.positions))
        assert [(p.knot, p.text) for p in screen.state.positions.values()] == [
            (knot, "More benches")
        ]
        # typed in Positions' own box, a position goes at once, as ever
        burst(app, "Shade sails")
        await pilot.press("enter")
        await until_app(lambda: len(screen.state.positions) == 2)


async def test_a_group_typed_in_the_opening_while_the_group_is_elsewhere_asks_first(
    tmp_path, language
):
    """Naive s15 F4: one F3 too many from Act lands on the Opening, whose table-map box takes
    words in every phase; an action typed there became a group at the table at its first
    Enter. Now that Enter adds nothing and says what it would do; Enter again adds it. With
    groups at the table already, the list, the box and that question are all in sight at
    80×24 (naive s16 N5: the list came only with the first Enter, and pushed the box and the
    question below the edge)."""
    w = three(phase=None)
    for name in ("Residents", "Parents", "Youth"):
        w.write(0, "group.add", bodies.group_body(name))
    w.write(0, "phase.move", bodies.move_body("knots"))
    app = opened_by(w, tmp_path / "anja", 0, language)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        await until_app(lambda: screen.viewing == "knots")
        await pilot.press("f3")
        await until_app(lambda: screen.viewing == "opening")
        box = screen.view("opening").text_box()
        box.focus()
        await until_app(lambda: app.focused is box)
        await until_app(lambda: "Youth" in screen_words(app))  # the list, on arrival
        burst(app, "Paint the fence")
        await pilot.press("enter")
        said = _(
            "Not added yet: the group is in {phase}, and this box adds a group concerned to "
            "the Opening's table map. Enter again adds it; Ctrl+U clears it."
        ).format(phase=phase_label("knots"))
        await until_app(lambda: said in screen_words(app))
        assert "Paint the fence" in screen_words(app)  # the box too, in sight
        assert len(screen.state.groups) == 3 and box.value == "Paint the fence"  # not signed
        await pilot.press("enter")  # seen: now it is added
        await until_app(lambda: len(screen.state.groups) == 4)
        names = [g.name for g in screen.state.groups.values()]
        assert names == ["Residents", "Parents", "Youth", "Paint the fence"]
