"""Naive s15 F3: words typed in a phase looked at are kept when the group's phase has no box
to take them. With the group in Decide (a weighted matrix: a ballot, no text box), Anja F3'd
to Knots and typed "More light at the gate" Enter: the line said nothing could be written
there, and the sentence was gone from every box. It now stays in the Knots box, unsent, with
a line saying so; it is there when she comes back, and Enter sends it as a knot once the group
is back in Knots. The real app, node and store, at 80×24."""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from benchmarks.ui import NONCE, Writer
from beraad.core import session as bodies
from beraad.ui.screens import session_rest
from beraad.ui.widgets.vote_notice import Notice
from tests.ui.phases_app import SIZE
from tests.ui.stored_app import session_opened
from tests.ui.stored_app import until as until_app
from tests.ui.test_naive_s6 import NAMES, opened_by
from tests.ui.test_naive_s7_typed import in_list_of

pytestmark = pytest.mark.timeout(90)


def by_matrix(phase: str) -> Writer:
    """Anja (facilitator), Bart, Chris deciding by a weighted matrix: a knot, two criteria,
    two options; the group moved on to ``phase`` (options or decide)."""
    w = Writer()
    opened = bodies.open_body("Our street", "How do we slow the traffic?", decision_rule="matrix")
    w.write(0, "session.open", {**opened, "nonce": NONCE})
    w.write(0, "member.name", bodies.name_body(NAMES[0]))
    for n in (1, 2):
        w.write(0, "member.admit", bodies.admit_body(w.who[n].public_key, NAMES[n]))
    w.write(0, "phase.move", bodies.move_body("knots"))
    w.write(0, "knot.add", bodies.text_body("Trucks park on the pavement"))
    for step in ("positions", "criteria"):
        w.write(0, "phase.move", bodies.move_body(step))
    for text in ("Safe", "Cheap"):
        w.write(0, "criterion.add", bodies.text_body(text))
    w.write(0, "phase.move", bodies.move_body("options"))
    for text in ("Bollards", "Speed bumps"):
        w.write(0, "option.add", bodies.option_body(text))
    if phase == "decide":
        w.write(0, "phase.move", bodies.move_body("decide"))
    return w


@asynccontextmanager
async def bart_looks_at_knots(tmp_path: Path, phase: str):
    """Bart's app over ``by_matrix(phase)``, the group's view shown, then Knots looked at
    (F3), its list with the keys: the writer, the pilot, the screen and the Knots view."""
    w = by_matrix(phase)
    app = opened_by(w, tmp_path / "bart", 1)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        await until_app(lambda: screen.viewing == phase)
        screen.look_at("knots")
        knots = screen.view("knots")
        await until_app(lambda: screen.viewing == "knots" and in_list_of(screen, knots))
        yield w, pilot, screen, knots


async def test_words_typed_in_knots_with_the_group_deciding_are_kept_and_sent_later(tmp_path):
    """The sentence (beginning with `a`, the list's add key, which cannot add a knot now)
    stays whole in the Knots box through Enter, F5 and back, and becomes a knot once the
    group is back in Knots. Without the fix the box stayed hidden, every letter was dropped."""
    async with bart_looks_at_knots(tmp_path, "decide") as (w, pilot, screen, knots):
        box = knots.text_box()
        assert not knots.shows(box)  # no knot can be added with the group in Decide
        await pilot.press(*"a lamp at the gate")
        await until_app(lambda: box.value == "a lamp at the gate")
        notice = knots.query_one(Notice)
        assert screen.viewing == "knots" and screen.focused is box and knots.shows(box)
        assert "Kept here, not sent: the group has moved on to Decide" in notice.message
        await pilot.press("enter")
        await until_app(lambda: "Not sent" in notice.message)
        assert box.value == "a lamp at the gate"
        assert len(screen.node.records(w.session)) == len(w.records)  # nothing signed

        await pilot.press("f5")
        await until_app(lambda: screen.viewing == "decide")
        screen.look_at("knots")  # coming back: the words are there, in sight, with the keys
        await until_app(lambda: screen.viewing == "knots" and screen.focused is box)
        assert knots.shows(box) and box.value == "a lamp at the gate"

        await pilot.press("f5")
        await until_app(lambda: screen.viewing == "decide")
        w.write(0, "phase.move", bodies.move_body("knots"))  # Anja takes the group back
        screen.node.ingest(w.session, list(w.records))
        await until_app(lambda: screen.viewing == "knots" and screen.focused is box)
        # Words left when the group moved are not glued onto (naive s19 G1): said, and
        # Enter sends them as they were.
        await pilot.press(*" please")
        await until_app(lambda: "left here before the group moved" in notice.message)
        assert box.value == "a lamp at the gate"
        await pilot.press("enter")
        state = screen.node.state
        await until_app(lambda: len(state(w.session).knots) == 2)
        texts = sorted(k.text for k in state(w.session).knots.values())
        assert texts == ["Trucks park on the pavement", "a lamp at the gate"]


async def test_words_held_for_a_group_phase_with_no_box_come_back_to_the_box(monkeypatch, tmp_path):
    """The group moved on to Decide while Bart looked at Knots, Decide not mounted yet (no
    view mounts behind here): his letters were held for Decide's box, which a ballot has not,
    and dropped. They come back, all of them in order, to the Knots box, kept unsent."""
    monkeypatch.setattr(session_rest, "MOUNT_REST_AFTER", 600)  # no view mounts behind
    async with bart_looks_at_knots(tmp_path, "options") as (w, pilot, screen, knots):
        w.write(0, "phase.move", bodies.move_body("decide"))
        screen.node.ingest(w.session, list(w.records))
        await until_app(lambda: screen.group_phase == "decide")
        assert "decide" not in screen._views or not screen.view("decide").is_mounted
        await until_app(lambda: in_list_of(screen, knots))
        await pilot.press(*"More light")
        box = knots.text_box()
        await until_app(lambda: box.value == "More light" and screen.viewing == "knots")
        assert screen.focused is box and knots.shows(box)
        assert "Kept here, not sent" in knots.query_one(Notice).message
