"""Typed words are never lost or hidden in a phase only looked at (naive s7 findings 1, 6,
10, 13): a letter there goes, whole, to the group's box unless it is a key that acts."""

from __future__ import annotations

import pytest
from textual import events

from beraad.core import session as bodies
from beraad.ui.phases.base import is_typing
from beraad.ui.screens import session_rest
from beraad.ui.widgets.vote_notice import Notice
from tests.ui.phases_app import SIZE
from tests.ui.stored_app import session_opened
from tests.ui.stored_app import until as until_app
from tests.ui.test_naive_s6 import opened_by, three

pytestmark = pytest.mark.timeout(60)


def in_list_of(screen, view) -> bool:  # type: ignore[no-untyped-def]
    """Has ``view``'s list (composed by now) the keys?"""
    focused = screen.focused
    return focused is not None and view in focused.ancestors and not is_typing(focused)


def through(phase: str):  # type: ignore[no-untyped-def]
    """Anja, Bart and Chris; a knot in Knots, an option in Options; the group in ``phase``."""
    w = three("facilitator", phase="knots")
    w.write(0, "knot.add", bodies.text_body("Trucks park on the pavement"))
    for step in ("positions", "criteria", "options"):
        w.write(0, "phase.move", bodies.move_body(step))
    w.write(0, "option.add", bodies.option_body("Bollards"))
    at = ("positions", "criteria", "options", "decide")
    for step in at[at.index("options") + 1 : at.index(phase) + 1] if phase in at else ():
        w.write(0, "phase.move", bodies.move_body(step))
    return w


async def test_letters_with_a_row_chosen_in_a_looked_at_phase_go_to_the_group(tmp_path):
    """Finding 1: F3 to Knots, ↓ to read a knot, then a sentence: it vanished, letter by
    letter (no key acted, nothing said). It goes whole to the Options box, as with no row."""
    w = through("options")
    app = opened_by(w, tmp_path / "bart", 1)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await session_opened(app, w.session)
        screen.look_at("knots")
        knots = screen.view("knots")
        await until_app(lambda: screen.viewing == "knots" and in_list_of(screen, knots))
        await pilot.press("down")
        await until_app(lambda: knots.tree.current is not None)
        await pilot.press(*"Please slow cars")
        box = screen.view("options").text_box()
        await until_app(lambda: screen.viewing == "options" and box.value == "Please slow cars")
        notice = screen.view("options").query_one(Notice)
        assert "Nothing can be written in Knots now" in notice.message
        assert len(screen.node.records(w.session)) == len(w.records)  # no key fired


async def test_no_letter_key_offered_where_letters_go_to_the_group(tmp_path):
    """Finding 10: looking at Positions, the group in Options, the footer offered
    `a Position`; `a` typed "a" into the group's box. What is offered acts."""
    w = through("options")
    app = opened_by(w, tmp_path / "bart", 1)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        screen.look_at("positions")
        view = screen.view("positions")
        await until_app(lambda: screen.viewing == "positions" and in_list_of(screen, view))
        await pilot.pause()
        offered = {b.action for _node, b, _on, _tip in screen.active_bindings.values()}
        assert "position" not in offered
        await pilot.press("a")
        box = screen.view("options").text_box()
        await until_app(lambda: screen.viewing == "options" and box.value == "a")


async def test_no_option_box_looking_back_from_decide_and_a_true_line(tmp_path):
    """Findings 6 and 13: from Decide the Options box took words that every Enter refused;
    Knots said "once the group is there" for a phase the group has passed."""
    w = through("decide")
    app = opened_by(w, tmp_path / "bart", 1)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        screen.look_at("options")
        options = screen.view("options")
        await until_app(lambda: screen.viewing == "options")
        await pilot.pause()
        assert not options.shows(options.text_box())
        assert not options.check_action("build_on", ())  # `b Build on` adds an option too
        screen.look_at("knots")
        knots = screen.view("knots")
        await until_app(lambda: screen.viewing == "knots" and in_list_of(screen, knots))
        await pilot.press("x")  # Decide's reason box takes it, as any letter here
        reason = screen.view("decide").text_box()
        await until_app(lambda: screen.viewing == "decide" and reason.value == "x")
        screen.look_at("knots")
        await until_app(lambda: screen.viewing == "knots")
        knots._nothing_to_type()  # what is said where the group's phase has no box either
        notice = knots.query_one(Notice)
        assert "moved on to Decide" in notice.message
        assert "once the group is there" not in notice.message


async def test_an_option_half_typed_as_the_group_moves_to_decide_stays_unsent(tmp_path):
    """Finding 6: "Your words stay here: Enter sends them" and Enter was refused. The box
    stays with the words, the toast and the line say they are not sent, Enter keeps them."""
    w = through("options")
    app = opened_by(w, tmp_path / "bart", 1)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await session_opened(app, w.session)
        box = screen.view("options").text_box()
        await until_app(lambda: screen.focused is box)
        await pilot.press(*"Plant more trees along")
        w.write(0, "phase.move", bodies.move_body("decide"))
        screen.node.ingest(w.session, list(w.records))
        await until_app(lambda: screen.group_phase == "decide")
        await pilot.pause()
        assert screen.viewing == "options" and screen.view("options").shows(box)
        assert not any("Enter sends" in n.message for n in app._notifications)
        await pilot.press(*" the road", "enter")
        notice = screen.view("options").query_one(Notice)
        await until_app(lambda: "Not sent" in notice.message)
        assert box.value == "Plant more trees along the road"
        assert len(screen.node.records(w.session)) == len(w.records)


async def test_words_left_by_ones_own_move_are_said_where_one_now_is(tmp_path):
    """The facilitator moves the group on with half a position in its box: the view follows
    (the move was chosen), the words stay in the Positions box, and the view now on screen
    says where they are, never silently behind."""
    w = three("facilitator", phase="knots")
    w.write(0, "knot.add", bodies.text_body("Trucks park on the pavement"))
    w.write(0, "phase.move", bodies.move_body("positions"))
    app = opened_by(w, tmp_path / "anja", 0)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await session_opened(app, w.session)
        box = screen.view("positions").text_box()
        await until_app(lambda: screen.focused is box)
        await pilot.press(*"Lower the speed")
        w.write(0, "phase.move", bodies.move_body("criteria"))  # her own move
        screen.node.ingest(w.session, list(w.records))
        await until_app(lambda: screen.viewing == "criteria")
        said = "kept in the Positions box"  # under the view's box, or a toast if unbuilt
        notice = screen.view("criteria").query_one(Notice)
        await until_app(
            lambda: said in notice.message or any(said in n.message for n in app._notifications)
        )
        assert box.value == "Lower the speed"


async def test_f3_f3_and_a_word_at_once_reach_the_group_box_whole(tmp_path, monkeypatch):
    """Finding 11: F3 F3 (here from Options to Positions, not mounted yet and with no box
    while the group is in Options), then "Quick to do" at once: held while the view mounted,
    the keys were given to its list one by one; only the first reached the group's box."""
    monkeypatch.setattr(session_rest, "MOUNT_REST_AFTER", 600)  # mounted on the F3
    w = through("options")
    app = opened_by(w, tmp_path / "bart", 1)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        box = screen.view("options").text_box()
        await until_app(lambda: screen.focused is box)
        assert "positions" not in screen._views
        for key in ("f3", "f3", *"Quick to do"):  # one burst, as tmux or a fast typist
            event = events.Key(key, key if len(key) == 1 else None)
            event.set_sender(app)
            app._driver.send_message(event)
        await until_app(lambda: box.value == "Quick to do" and screen.viewing == "options")
        await pilot.pause()
        assert box.value == "Quick to do"


async def test_act_offers_no_row_keys_with_no_action_in_the_list(tmp_path):
    """Finding 10 (related): Act's footer showed `p Pull l Step back s Started d Done
    k Stuck` with no decision and no action at all; there is nothing for them to act on."""
    w = through("decide")
    w.write(0, "phase.move", bodies.move_body("act"))
    app = opened_by(w, tmp_path / "bart", 1)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        act = screen.view("act")
        await until_app(lambda: screen.viewing == "act" and act.is_mounted)
        await pilot.press("tab", "tab")  # the due day, then the list: its keys would show
        await until_app(lambda: screen.focused is act.tree)
        for action in ("pull", "release", "update"):
            assert not act.check_action(action, ())
