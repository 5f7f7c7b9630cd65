"""Options: propose, build on someone else's, edit and retract only your own — by keyboard."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from beraad.core import session as model
from beraad.i18n import _
from beraad.ui.phases.options import OptionsView
from beraad.ui.widgets.vote_notice import Notice
from tests.ui.burst import burst
from tests.ui.phases_app import SIZE, PhaseApp, close_all, converged, table_of, until
from tests.ui.phases_text import screen_text

pytestmark = pytest.mark.timeout(90)


async def test_build_on_edit_and_retract_options(tmp_path):
    nodes, session = await table_of(tmp_path, ["anja", "bart"], "consent", "options")
    anja, bart = nodes
    me = anja.identity.public_key
    try:
        app = PhaseApp(OptionsView(session), me, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            view = app.view
            state = anja.state(session)
            await pilot.click("#option-text")
            burst(pilot.app, "A fence around the square")
            await pilot.press("enter")
            await until(pilot, lambda: len(state.options) == 1)
            (fence,) = state.options
            await bart.contribute(session, "option.add", model.option_body("Speed bumps"))
            await converged(nodes, session)
            app.refresh_view()
            bumps = next(o for o in state.options if o != fence)

            # Choose Bart's option (B) in the list and build on it.
            table = view.query_one("#options", DataTable)
            table.focus()
            await pilot.press("down")  # no row is chosen on arrival: ↓ chooses the first
            assert view.chosen() == fence
            await pilot.press("down")
            assert view.chosen() == bumps
            await pilot.press("b", "enter")  # a row key proposes; Enter does it
            assert "Building on B" in screen_text(app)
            burst(pilot.app, "Speed bumps and a zebra crossing")
            await pilot.press("enter")
            await until(pilot, lambda: len(state.options) == 3)
            zebra = next(o for o in state.options if o not in (fence, bumps))
            assert state.options[zebra].builds_on == [bumps]
            await pilot.pause()
            row = next(line for line in screen_text(app).splitlines() if "zebra" in line)
            assert row.split()[0] == "C" and row.split()[-1] == "B"

            # Bart's option is his: it cannot be edited here, only built on.
            table.focus()
            table.move_cursor(row=table.get_row_index(bumps))
            await pilot.press("e", "enter")
            assert "only change your own" in view.query_one(Notice).message
            assert state.options[bumps].versions[-1].text == "Speed bumps"

            # Edit my own: the old text stays as a version, the list says "(edited)".
            table.move_cursor(row=table.get_row_index(fence))
            await pilot.press("e", "enter", "end", *" with a gate", "enter")
            await until(pilot, lambda: state.options[fence].edited)
            assert state.options[fence].text == "A fence around the square with a gate"
            assert state.options[fence].versions[0].text == "A fence around the square"

            # Retract my own with a reason: it stays listed, marked, with the reason.
            table.focus()
            table.move_cursor(row=table.get_row_index(fence))
            await pilot.press("x", "enter", *"too expensive", "enter")
            await until(pilot, lambda: not state.options[fence].live)
            assert state.options[fence].retract_reason == "too expensive"
            await pilot.pause()
            assert "(retracted: too expensive)" in screen_text(app)
            # Building on a retracted option is refused in the view already.
            table.focus()
            table.move_cursor(row=table.get_row_index(fence))
            await pilot.press("b", "enter")
            assert "retracted" in view.query_one(Notice).message
    finally:
        await close_all(nodes)


async def test_a_refused_option_keeps_its_text(tmp_path):
    nodes, session = await table_of(tmp_path, ["anja"], "consent", "options")
    (anja,) = nodes
    try:
        app = PhaseApp(OptionsView(session), anja.identity.public_key, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.click("#option-text")
            await pilot.press(*"Late idea")
            await anja.contribute(session, "phase.move", model.move_body("decide"))
            await until(pilot, lambda: app.view.state.phase == "decide")
            await pilot.press("enter")  # cannot be sent in Decide: said, nothing asked
            view = app.view
            await until(pilot, lambda: "Not sent" in view.query_one(Notice).message)
            notice = view.query_one(Notice).message
            assert "Decide" in notice and "Options" in notice  # the phases by their names
            # One prefix: "Refused: Not sent: …" said it twice (naive s8 finding 11).
            assert notice.startswith(_("Not sent")) and _("Refused: {reason}")[:8] not in notice
            assert "option.add" not in notice  # the act in words, never the record kind
            assert view.query_one("#option-text").value == "Late idea"
            assert view.shows(view.query_one("#option-text"))  # the box holding them shows
            assert anja.state(session).options == {}
    finally:
        await close_all(nodes)


async def test_showing_the_view_again_does_not_lay_the_options_out_again():
    """Every view switch resizes the view; the options are laid out again only when their
    column's room changed (a wider terminal), not each time (60 options were measured)."""
    from benchmarks.ui import build_session

    w = build_session(1000)
    state, me = w.fold.state, w.who[0].public_key
    view = OptionsView(w.session)
    app = PhaseApp(view, me, state=state)
    drawn = []
    show = view.show
    view.show = lambda state, me: (drawn.append(1), show(state, me))  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = view.query_one("#options", DataTable)
        assert table.row_count == len(state.options) == 50
        narrow, before = view._text_width, len(drawn)
        view.display = False
        await pilot.pause()
        view.display = True
        await pilot.pause()
        assert len(drawn) == before  # shown again as it was
        await pilot.resize_terminal(140, 30)
        await until(pilot, lambda: view._text_width > narrow)
        assert len(drawn) > before and table.row_count == 50


async def test_at_200_columns_the_by_column_shows_whole_names(tmp_path):
    """Naive s9 finding 12: at 200×50 "By" still cut "Bart (GR2Q-…" beside an option column
    of ~150. On a wide screen it is as wide as the longest name (at 80 it stays 12)."""
    nodes, session = await table_of(tmp_path, ["anja"], "consent", "options")
    (anja,) = nodes
    try:
        body = {**model.option_body("Lamps"), "speaker": "Bartholomeus"}
        await anja.contribute(session, "option.add", body)
        name = _("{name} via {scribe}").format(
            name="Bartholomeus", scribe=anja.state(session).name(anja.identity.public_key)
        )
        app = PhaseApp(OptionsView(session), anja.identity.public_key, node=anja)
        async with app.run_test(size=(200, 50)) as pilot:
            table = app.view.query_one("#options", DataTable)
            await until(pilot, lambda: name in screen_text(app))
            assert app.view._text_width > 100  # the option column still has the most room
            await pilot.resize_terminal(80, 24)
            await until(pilot, lambda: name not in screen_text(app) and table.row_count == 1)
            assert "Bartholomeu…" in screen_text(app) or "Bartholome…" in screen_text(app)
    finally:
        await close_all(nodes)


async def test_many_options_taken_back_fold_into_one_row(tmp_path):
    """Past ``FOLD_TAKEN_BACK``, the options taken back are one row that Enter opens (attack
    s11 finding 5: 2,500 taken back buried the 12 live ones, and were all built at every
    opening); the record of them stays, on demand."""
    from beraad.ui.phases.options import FOLD_TAKEN_BACK, TAKEN_BACK_ROW

    nodes, session = await table_of(tmp_path, ["anja"], "consent", "options")
    (anja,) = nodes
    gone = FOLD_TAKEN_BACK + 3
    try:
        for n in range(gone):
            added = await anja.contribute(session, "option.add", model.option_body(f"Idea {n}"))
            await anja.contribute(session, "retract", model.retract_body(added.id, "no"))
        await anja.contribute(session, "option.add", model.option_body("Speed bumps"))
        app = PhaseApp(OptionsView(session), anja.identity.public_key, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            view = app.view
            table = view.query_one("#options", DataTable)
            await until(pilot, lambda: table.row_count == 2)  # the live one, and the fold
            assert "Speed bumps" in screen_text(app)
            assert _("{n} options taken back: Enter lists them").format(n=gone) in screen_text(app)
            assert "Idea 0" not in screen_text(app)
            table.focus()
            await pilot.press("down", "down")
            assert table.coordinate_to_cell_key(table.cursor_coordinate).row_key == TAKEN_BACK_ROW
            assert view.chosen() is None  # no option: b, e, r ask for one
            await pilot.press("enter")
            await until(pilot, lambda: table.row_count == gone + 1)
            first = next(o for o in anja.state(session).options.values() if not o.live)
            assert view.chosen() == first.id
            await pilot.pause()
            assert "(retracted: no)" in screen_text(app)
    finally:
        await close_all(nodes)


async def test_escape_stops_an_edit_and_an_unchanged_edit_signs_nothing(tmp_path):
    """Naive s12 P15: "Editing your option C (Escape cancels)", and Escape did not; Enter on
    the text as it was signed an edit and marked the option "(edited)"."""
    nodes, session = await table_of(tmp_path, ["anja"], "consent", "options")
    (anja,) = nodes
    try:
        added = await anja.contribute(session, "option.add", model.option_body("Sunday"))
        app = PhaseApp(OptionsView(session), anja.identity.public_key, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            view, state = app.view, anja.state(session)
            table = view.query_one("#options", DataTable)
            table.focus()
            await pilot.press("down")
            assert view.chosen() == added.id
            await pilot.press("e", "enter")
            await until(pilot, lambda: view.mode == "edit")
            await pilot.press("escape")
            await until(pilot, lambda: view.mode == "add")
            assert "Editing" not in screen_text(app)
            table.focus()
            await pilot.press("e", "enter")
            await until(pilot, lambda: view.mode == "edit")
            await pilot.press("enter")  # the text as it was
            await until(pilot, lambda: view.mode == "add")
            await pilot.pause()
            assert not state.options[added.id].edited
            assert not [r for r in anja.records(session) if r.kind == "edit"]
            assert view.query_one(Notice).message == _("Not changed: the text is as it was.")
    finally:
        await close_all(nodes)
