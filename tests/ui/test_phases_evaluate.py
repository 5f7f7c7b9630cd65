"""Appreciative evaluation: notes on what went well and what to try next, listed per kind."""

from __future__ import annotations

import pytest

from beraad.ui.phases.evaluate import EvaluateView
from beraad.ui.widgets.vote_notice import Notice
from tests.ui.phases_app import SIZE, PhaseApp, close_all, decided, table_of, until
from tests.ui.phases_text import screen_text

pytestmark = pytest.mark.timeout(90)


async def test_notes_per_kind_tied_to_the_decision(tmp_path):
    nodes, session = await table_of(tmp_path, ["anja"], "consent", "options")
    (anja,) = nodes
    me = anja.identity.public_key
    try:
        await decided(nodes, session, then="evaluate")
        state = anja.state(session)
        app = PhaseApp(EvaluateView(session), me, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.click("#went_well-text")
            # An empty Enter in the fresh box does nothing, as in every other box (naive s10b
            # finding K: an Enter too many after a move said "Refused: Write the note first.",
            # with no note on the screen).
            await pilot.press("enter")
            await pilot.pause()
            assert not app.view.query_one(Notice).message and not state.evaluations
            await pilot.press(*"Everyone was heard", "enter")
            await until(pilot, lambda: len(state.evaluations) == 1)
            await pilot.press("tab", *"Start on time", "enter")
            await until(pilot, lambda: len(state.evaluations) == 2)
            well, next_ = state.evaluations.values()
            assert (well.aspect, well.text) == ("went_well", "Everyone was heard")
            assert (next_.aspect, next_.text) == ("try_next", "Start on time")
            assert well.decision == state.decisions[0].record
            await pilot.pause()
            lines = screen_text(app).splitlines()
            row = next(line for line in lines if "Everyone was heard" in line)
            assert row.index("Everyone") < 40 < row.index("Start on time")
            assert "We decided on A: Bumps" in screen_text(app)
            # One's own note reads "— you", as in every other view (naive s6: "— Anja").
            words = " ".join(screen_text(app).split())
            assert "Everyone was heard — you" in words
            assert f"— {state.name(me)}" not in words

            # Each note's words are wrapped once, not again at every show: 4,400 notes cost
            # seconds per show, per look at Evaluate and back (attack s18 #5). A new note is
            # wrapped and added alone, and comes last in its column.
            view = app.view
            assert isinstance(view, EvaluateView)
            wrapped = view.rows_wrapped
            await pilot.click("#went_well-text")
            await pilot.press(*"Short rounds", "enter")
            await until(pilot, lambda: len(state.evaluations) == 3)
            await until(pilot, lambda: view.query_one("#went_well-column").row_count == 2)
            column = view.query_one("#went_well-column")
            assert [column.get_row_at(i)[0].plain[:14] for i in (0, 1)] == [
                "• Everyone was",
                "• Short rounds",
            ]
            assert view.rows_wrapped - wrapped == 1
            view.show(state, me)  # the same notes again (a redraw): nothing wrapped
            assert view.rows_wrapped - wrapped == 1
    finally:
        await close_all(nodes)


async def test_a_wrapped_note_stays_two_columns_from_the_next_column(tmp_path):
    """Naive s9 finding 13: "• Good thing number 1: people listened Nog niets." — a wrapped
    note ran into the other column's words with one space between them."""
    nodes, session = await table_of(tmp_path, ["anja"], "consent", "options")
    (anja,) = nodes
    try:
        await decided(nodes, session, then="evaluate")
        for number in range(6):
            text = f"Good thing number {number}: people listened and nobody spoke over anyone"
            body = {"aspect": "went_well", "text": text, "decision": None}
            await anja.contribute(session, "evaluation.add", body)
        app = PhaseApp(EvaluateView(session), anja.identity.public_key, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            # The notes are a list that scrolls (naive s12 P4b): the first ones are in view.
            await until(pilot, lambda: "number 2" in screen_text(app))
            view = app.view
            edge = view.query_one("#try_next-column").region.x
            for line in screen_text(app).splitlines():
                if "•" in line or "Nothing yet" in line:
                    assert line.ljust(edge)[edge - 2 : edge] == "  ", line
    finally:
        await close_all(nodes)


async def test_notes_refused_in_a_burst_all_come_back_in_order(tmp_path):
    """Naive s12 P0 in Evaluate: looked at while the group was elsewhere, "First⏎Second⏎"
    typed at once kept only "Second": one pending note in place of each sent, and the first
    quoted in a refusal the second replaced. Every refused note comes back, in order."""
    from textual import events
    from textual.widgets import Input

    from tests.ui.session_people import burst

    nodes, session = await table_of(tmp_path, ["anja"], "consent", "options")
    (anja,) = nodes
    try:
        state = anja.state(session)
        app = PhaseApp(EvaluateView(session), anja.identity.public_key, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            box = app.view.query_one("#went_well-text", Input)
            box.focus()
            await until(pilot, lambda: box.has_focus)
            for words in ("Everyone was heard", "Good coffee", "Short"):
                burst(app, words)
                enter = events.Key("enter", "\r")
                enter.set_sender(app)
                app._driver.send_message(enter)
            await until(pilot, lambda: box.value == "Everyone was heard Good coffee Short")
            assert not state.evaluations
    finally:
        await close_all(nodes)


async def test_ones_own_note_is_edited_and_taken_back_as_in_every_list(tmp_path):
    """Naive s12 P4b: an evaluation note could be neither edited nor taken back, where a knot,
    position or option can. Shift+Tab from the box is its column's list; ↓ chooses a note, `e`
    then Enter puts its words in the box (Enter sends the edit), `r` then Enter asks why
    (Enter takes it back). A key alone only says what it would do; another's note takes
    neither. The real app at 80×24."""
    from textual.widgets import Input

    from tests.ui.session_people import typed
    from tests.ui.test_own_row_in_sight import moved_to

    async with moved_to(tmp_path, "Anja", "evaluate") as (app, pilot, screen):
        view = screen.view("evaluate")
        await until(pilot, lambda: app.focused is view.text_box())
        box = view.query_one("#went_well-text", Input)
        await typed(pilot, "Everyone was heard", "enter")
        await until(pilot, lambda: len(screen.state.evaluations) == 1)
        (mine,) = screen.state.evaluations.values()
        await pilot.press("shift+tab", "down", "e")  # the list; ↓ chooses the first note
        await until(pilot, lambda: "Enter does it" in view.query_one(Notice).message)
        assert view.chosen() == mine.id and view.mode == "add" and not box.value
        await pilot.press("enter")
        await until(pilot, lambda: box.value == "Everyone was heard" and app.focused is box)
        await typed(pilot, ", also the quiet ones", "enter")
        await until(pilot, lambda: screen.state.evaluations[mine.id].text.endswith("quiet ones"))
        await pilot.press("shift+tab", "down", "r", "enter")
        await until(pilot, lambda: view.mode == "retract" and app.focused is box)
        await typed(pilot, "Said twice", "enter")
        await until(pilot, lambda: not screen.state.evaluations[mine.id].live)
        assert screen.state.evaluations[mine.id].retract_reason == "Said twice"
        await until(pilot, lambda: "Everyone was heard" not in screen_text(app))


async def test_anothers_note_takes_no_edit_nor_taking_back(tmp_path):
    """Only one's own words are one's to change (the fold refuses the rest): on Bart's note
    `e` and `r` are not offered to Anna, and a key typed there is text for the box."""
    from textual.widgets import Input

    from beraad.core import session as model
    from tests.core.test_meeting import A, B, Meeting

    m = Meeting()
    m.move("knots", "positions", "criteria", "options", "decide", "act", "evaluate")
    m.ok(B, "evaluation.add", model.evaluation_body("went_well", "Goede koffie"))
    app = PhaseApp(EvaluateView("s", id="view-evaluate"), A.public_key, state=m.state)
    async with app.run_test(size=SIZE) as pilot:
        view = app.view
        view.query_one("#went_well-column").focus()
        await pilot.press("down")
        await until(pilot, lambda: view.chosen() is not None)
        assert not view.check_action("edit", ()) and not view.check_action("retract", ())
        await pilot.press("e")
        box = view.query_one("#went_well-text", Input)
        await until(pilot, lambda: box.value == "e")  # text, as every letter no key takes
        assert view.mode == "add"


async def test_e_on_anothers_note_says_so_and_the_next_row_edits(tmp_path):
    """Naive s15 F8: Bart, Shift+Tab, ↓, e, Enter to edit his note: ↓ chose the first,
    Anja's; the e went into the box and Enter said "choose the row, press e" though he had
    chosen one, so he typed on and an edit became a new note. The refusal names the row
    chosen and that e does not act on it; ↓ then e and Enter edit his own."""
    from textual.widgets import Input

    from beraad.core import session as bodies
    from tests.ui.stored_app import session_opened
    from tests.ui.stored_app import until as until_app
    from tests.ui.test_naive_s6 import opened_by, three

    w = three("facilitator", phase="evaluate")
    w.write(0, "evaluation.add", bodies.evaluation_body("went_well", "Good coffee", None))
    w.write(1, "evaluation.add", bodies.evaluation_body("went_well", "Everyone was heard", None))
    app = opened_by(w, tmp_path / "bart", 1)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        view = screen.view("evaluate")
        await until_app(lambda: screen.focused is view.text_box())
        box = view.query_one("#went_well-text", Input)
        notice = view.query_one(Notice)
        await pilot.press("shift+tab", "down", "e", "enter")
        await until_app(lambda: "does not act on “Good coffee”" in notice.message)
        assert box.value == "" and screen.focused is box
        await pilot.press("shift+tab", "down", "down", "e", "enter")
        await until_app(lambda: view.mode == "edit" and box.value == "Everyone was heard")
