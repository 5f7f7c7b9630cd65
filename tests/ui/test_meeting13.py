"""What an untrained facilitator still ran into at 80×24 (issue 13), each in English and Dutch:
the Positions prompt cut, a table title wrapped, knot rows at column 0, toasts over the text
box, refusals worded like a program, and the steward's decide steps without keys.

Real apps on real nodes (loopback), keys as a person presses them.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import Input
from textual.widgets._toast import Toast

from beraad.core import session as model
from beraad.i18n import _
from beraad.i18n.kinds import worded
from beraad.ui.phases.decide import DecideView
from beraad.ui.phases.positions import PositionsView
from beraad.ui.screens.confirm import ConfirmScreen
from beraad.ui.screens.session import not_done
from beraad.ui.widgets.tally_format import _dots
from beraad.ui.widgets.tally_table import TallyTable
from tests.ui.phases_app import SIZE, PhaseApp, close_all, converged, table_of, until
from tests.ui.phases_text import screen_text
from tests.ui.session_people import create_in_app, make_app, node_of, session_screen
from tests.ui.session_people import until as until_apps
from tests.ui.stored_app import composed

pytestmark = pytest.mark.timeout(180)


CARS = "Cars drive too fast through the street along the playground every morning"


async def test_the_positions_prompt_names_the_knot_and_fits(tmp_path, language):
    """With a knot chosen, "Position on “…”:" and what to type both fit on 80 columns."""
    nodes, session = await table_of(tmp_path, ["anja"], "consent", "knots")
    (anja,) = nodes
    try:
        await anja.contribute(session, "knot.add", model.text_body(CARS))
        await anja.contribute(session, "phase.move", model.move_body("positions"))
        app = PhaseApp(PositionsView(session), anja.identity.public_key, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            box = app.view.text_box()
            box.focus()
            await until(pilot, lambda: app.focused is box)
            await pilot.press("down")  # ↓ in the box chooses the knot the position is about
            prompt = _("Position on “{knot}”:").format(knot=CARS[:23] + "…")
            await until(pilot, lambda: prompt in screen_text(app))
            line = next(row for row in screen_text(app).splitlines() if prompt in row)
            assert _("your position, then Enter") in line, line
    finally:
        await close_all(nodes)


async def test_knot_rows_start_where_the_other_text_starts(tmp_path, language):
    nodes, session = await table_of(tmp_path, ["anja"], "consent", "knots")
    (anja,) = nodes
    try:
        await anja.contribute(session, "knot.add", model.text_body("No shade"))
        await anja.contribute(session, "phase.move", model.move_body("positions"))
        app = PhaseApp(PositionsView(session), anja.identity.public_key, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: "No shade" in screen_text(app))
            row = next(r for r in screen_text(app).splitlines() if "No shade" in r)
            assert row.startswith(" No shade"), repr(row)
    finally:
        await close_all(nodes)


def test_a_table_title_wider_than_its_columns_stays_on_one_line(language):
    """ "Dots per option" over two short columns wrapped into two lines."""
    table = TallyTable(_("Dots per option"))
    table.add_column(_("Option"), justify="left")
    table.add_column(_("Dots"))
    table.add_row("A", "3")
    console = Console(width=80, file=io.StringIO(), record=True, color_system=None)
    console.print(table)
    assert console.export_text().splitlines()[0].strip() == _("Dots per option")
    assert _dots  # the dot-vote tables are built with this table


def test_a_late_vote_is_refused_in_words_a_person_uses(language):
    refusal = worded("voting with {kind} is closed", {"kind": "consent.respond"})
    assert refusal == _("voting had already closed, so this vote was not counted")
    assert "(" not in refusal  # no act in brackets after the reason
    closing = worded("voting with {kind} is closed", {"kind": "vote.close"})
    assert closing == _("voting is already closed")


def test_a_refused_move_says_what_did_not_happen(language):
    assert not_done("phase.move") == _("The group was not moved")
    assert not_done("phase.respond") == _("Your answer was not sent")
    assert not_done("phase.propose") == _("Your proposal was not sent")
    beraad = Path(__file__).resolve().parents[2] / "beraad"
    for source in beraad.rglob("*.py"):  # "Not added" said nothing of what happened
        assert '_("Not added")' not in source.read_text(encoding="utf-8"), source


def _footer_keys(app) -> str:
    return screen_text(app).splitlines()[-1]


async def test_the_steward_closes_voting_and_decides_with_keys(tmp_path, language):
    """Ctrl+O closes voting and Ctrl+G takes the decision, shown in the footer only to the
    facilitator and only when they work; a member sees neither."""
    nodes, session = await table_of(tmp_path, ["anja", "bart"], "dots", "options")
    anja, bart = nodes
    try:
        ids = [
            (await anja.contribute(session, "option.add", model.option_body(t))).id
            for t in ("A fence", "Speed bumps")
        ]
        await anja.contribute(session, "phase.move", model.move_body("decide"))
        await anja.contribute(session, "dots.place", model.dots_body({ids[0]: 2}))
        await converged(nodes, session)
        await bart.contribute(session, "dots.place", model.dots_body({ids[1]: 1}))
        await converged(nodes, session)

        member = PhaseApp(DecideView(session), bart.identity.public_key, node=bart)
        async with member.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: "f6" not in _footer_keys(member))
            await pilot.pause()
            footer = _footer_keys(member)
            assert "^o" not in footer and "^g" not in footer, footer
            await pilot.press("ctrl+o")
            await pilot.pause()
            assert "dots.place" not in bart.state(session).closed

        app = PhaseApp(DecideView(session), anja.identity.public_key, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            state = lambda: anja.state(session)  # noqa: E731
            await until(pilot, lambda: "^o" in _footer_keys(app))
            footer = _footer_keys(app)
            assert _("Close voting") in footer and "^g" not in footer, footer
            await pilot.press("ctrl+o")
            await until(pilot, lambda: "dots.place" in state().closed)
            app.refresh_view()
            await until(pilot, lambda: "^g" in _footer_keys(app))
            footer = _footer_keys(app)
            assert _("Take decision") in footer and "^o" not in footer, footer
            # Ctrl+G asks first (naive s8 finding 11); Tab, Enter takes the decision.
            await pilot.press("ctrl+g")
            await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
            await pilot.press("tab", "enter")
            await until(pilot, lambda: bool(state().decisions))
            app.refresh_view()
            await until(pilot, lambda: "^g" not in _footer_keys(app))
    finally:
        await close_all(nodes)


async def test_a_phase_toast_covers_no_text_box(tmp_path, language):
    """After every move of the group the toast saying so leaves the text box free."""
    anja = make_app(tmp_path / "anja", "Anja", language)
    async with anja.run_test(size=SIZE, notifications=True) as a:
        await create_in_app(a, "Speelplein", "Safer?")
        node, screen = node_of(anja), session_screen(anja)
        for phase in model.PHASES[1:]:
            await node.contribute(screen.session, "phase.move", model.move_body(phase))
            await until_apps(lambda: screen.viewing == phase and anja.screen.query(Toast), a)  # noqa: B023
            # The view may still be mounting in the background: its text box once composed.
            await until_apps(lambda: composed(anja, phase), a)  # noqa: B023
            box = screen.view(phase).text_box()
            await until_apps(lambda: anja.focused is box, a)  # noqa: B023
            await a.pause()
            if not isinstance(box, Input):
                continue
            for toast in anja.screen.query(Toast):
                overlap = toast.region.intersection(box.region)
                assert not overlap.area, (phase, toast.region, box.region)
