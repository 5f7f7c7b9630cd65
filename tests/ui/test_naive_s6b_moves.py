"""A move under someone's hands in Knots (naive s6b finding A): the words typed in the knot
box are sent where the toast says, and every key keeps working."""

from __future__ import annotations

import pytest

from beraad.core import session as bodies
from beraad.core.settled import agreed_move_body
from beraad.ui.widgets.vote_notice import Notice
from tests.ui.phases_app import SIZE
from tests.ui.stored_app import session_opened
from tests.ui.stored_app import until as until_app
from tests.ui.test_naive_s6 import consent_move, opened_by, three

pytestmark = pytest.mark.timeout(120)


@pytest.mark.parametrize("rule", ["facilitator", "consent"])
async def test_a_move_while_typing_a_knot_keeps_it_whole_and_keys_keep_working(tmp_path, rule):
    """Anja typed "Geen fietsenrek " in the Knots box as the facilitator moved the group to
    Positions; she typed on and pressed Enter: the knot was lost, the box gone, F5 dead."""
    w = three(rule, phase="knots" if rule == "facilitator" else None)
    if rule == "consent":
        first = w.fold.state.proposals[consent_move(w, "knots")]
        w.write(0, "phase.move", agreed_move_body(w.fold.state, first))
    app = opened_by(w, tmp_path / "bart", 1)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await session_opened(app, w.session)
        node = screen.node
        box = screen.view("knots").text_box()
        await until_app(lambda: screen.focused is box)
        await pilot.press(*"No bike rack ")
        if rule == "facilitator":
            w.write(0, "phase.move", bodies.move_body("positions"))
        else:
            proposal = w.fold.state.proposals[consent_move(w, "positions")]
            w.write(0, "phase.move", agreed_move_body(w.fold.state, proposal))
        node.ingest(w.session, list(w.records))
        await until_app(lambda: screen.group_phase == "positions")
        # Knots cannot be added in Positions: the view follows the group and the words
        # come along, whole, into the Positions box, where typing goes on.
        await until_app(lambda: screen.viewing == "positions")
        box = screen.view("positions").text_box()
        await until_app(lambda: screen.focused is box)
        await pilot.press(*"at the entrance")
        assert box.value == "No bike rack at the entrance"
        assert any("came along" in n.message for n in app._notifications)
        # Every key keeps working: F3 looks back at Knots, F5 follows the group again.
        await pilot.press("f3")
        await until_app(lambda: screen.viewing == "knots", 10)
        await pilot.press("f5")
        await until_app(lambda: screen.viewing == "positions", 10)
        await until_app(lambda: screen.focused is box, 10)
        assert box.value == "No bike rack at the entrance"
        assert not screen.view("knots").text_box().value  # not kept twice


async def test_words_carried_into_a_box_that_holds_words_go_after_them(tmp_path):
    """The group moved on while Bart typed a knot, into Positions, whose box still held
    words he typed there before the group went back to Knots: the knot's words stayed in
    the hidden Knots box. They come along after the words the box held, and its line says
    so; nothing stays behind."""
    w = three("facilitator", phase="positions")
    app = opened_by(w, tmp_path / "bart", 1)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await session_opened(app, w.session)
        node = screen.node
        positions = screen.view("positions").text_box()
        await until_app(lambda: screen.focused is positions)
        await pilot.press(*"Earlier words")
        w.write(0, "phase.move", bodies.move_body("knots"))  # back: his words stay with him
        node.ingest(w.session, list(w.records))
        await until_app(lambda: screen.group_phase == "knots")
        await pilot.press("f5")
        knots = screen.view("knots").text_box()
        await until_app(lambda: screen.viewing == "knots" and screen.focused is knots)
        await pilot.press(*"No bike rack ")
        w.write(0, "phase.move", bodies.move_body("positions"))
        node.ingest(w.session, list(w.records))
        await until_app(lambda: screen.viewing == "positions" and screen.focused is positions)
        await pilot.press(*"at the entrance")
        assert positions.value == "Earlier words No bike rack at the entrance"
        assert not knots.value  # not left behind in the hidden box
        notice = screen.view("positions").query_one(Notice)
        assert "after the words this box held" in notice.message
