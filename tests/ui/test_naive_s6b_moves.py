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
        # Knots cannot be added in Positions, and a half knot must not become a position
        # (naive s7 finding 7): the view stays, the knot box shows with the words, typing
        # goes on there, and the toast and the line under it say they are not sent.
        await pilot.pause()
        assert screen.viewing == "knots"
        assert screen.view("knots").shows(box) and screen.focused is box
        await pilot.press(*"at the entrance")
        assert box.value == "No bike rack at the entrance"
        assert any("not sent" in n.message for n in app._notifications)
        await pilot.press("enter")  # cannot be sent now: said, the words stay
        notice = screen.view("knots").query_one(Notice)
        await until_app(lambda: "Not sent" in notice.message)
        assert box.value == "No bike rack at the entrance"
        assert len(node.records(w.session)) == len(w.records)
        # Every key keeps working: F5 follows the group, F3 shows the words again.
        await pilot.press("f5")
        await until_app(lambda: screen.viewing == "positions", 10)
        assert not screen.view("positions").text_box().value  # not glued into a position
        await pilot.press("f3")
        await until_app(lambda: screen.viewing == "knots", 10)
        assert screen.view("knots").shows(box) and box.value == "No bike rack at the entrance"


async def test_a_half_position_and_a_half_knot_stay_apart_across_moves(tmp_path):
    """Naive s7 findings 2 and 7: a half position stayed in a hidden box as the group went
    back to Knots ("Enter sends them", Enter did nothing); a half knot then came along into
    it, glued on, to be signed as one position. Each stays in its own box, shown, and a
    position box's words are sent once the group is back in Positions."""
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
        await pilot.pause()
        assert screen.viewing == "positions" and screen.view("positions").shows(positions)
        assert not any("Enter sends" in n.message for n in app._notifications)
        await pilot.press(*" more")  # typing goes on into the box, in sight
        assert positions.value == "Earlier words more"
        await pilot.press("f5")
        knots = screen.view("knots").text_box()
        await until_app(lambda: screen.viewing == "knots" and screen.focused is knots)
        await pilot.press(*"No bike rack ")
        w.write(0, "phase.move", bodies.move_body("positions"))
        node.ingest(w.session, list(w.records))
        await until_app(lambda: screen.group_phase == "positions")
        await pilot.pause()
        assert screen.viewing == "knots" and screen.view("knots").shows(knots)
        assert knots.value == "No bike rack "
        assert positions.value == "Earlier words more"  # nothing glued on
        notice = screen.view("knots").query_one(Notice)
        assert "Not sent" in notice.message
