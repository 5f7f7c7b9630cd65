"""Typing straight on after Enter (naive finding: glued knots).

The box is cleared at once on Enter (the text is on its way); what is typed next is a new
contribution, never glued to the previous one. A refusal gives the text back when the box
is still empty, and otherwise says it in the refusal.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from beraad.ui.phases.options import OptionsView
from beraad.ui.widgets.vote_notice import Notice
from tests.ui.burst import burst
from tests.ui.phases_app import PhaseApp, close_all, table_of
from tests.ui.phases_app import until as until_phase
from tests.ui.test_focus_naive import SIZE, in_knots
from tests.ui.test_session_flow import create_in_app, make_app, session_screen, shows, until

pytestmark = pytest.mark.timeout(120)


async def test_a_knot_burst_never_glues_knots(tmp_path: Path):
    anja = make_app(tmp_path / "anja", "Anja")
    async with anja.run_test(size=SIZE) as a:
        await in_knots(a)
        box = session_screen(anja).view("knots").text_box()
        assert isinstance(box, Input)
        await until(lambda: anja.focused is box, a)
        burst(anja, "Eerste knoop\nTweede\nDerde")
        await until(lambda: shows(anja, "knots", "Tweede"), a)
        assert shows(anja, "knots", "Eerste knoop")
        assert box.value == "Derde"
        assert not shows(anja, "knots", "Eerste knoopTweede")


async def test_a_refused_knot_is_quoted_when_the_box_already_holds_the_next(tmp_path: Path):
    """Refused after the person typed on: their new words stay, the refusal says the old."""
    anja = make_app(tmp_path / "anja", "Anja")
    async with anja.run_test(size=SIZE) as a:
        await in_knots(a)
        view = session_screen(anja).view("knots")
        box = view.text_box()
        assert isinstance(box, Input)
        await until(lambda: anja.focused is box, a)
        box.value = "x" * 2001  # a paste past what a knot may hold
        burst(anja, "\nNext")
        notice = view.query_one(Notice)
        await until(lambda: "2000" in notice.message, a)
        assert box.value == "Next"
        assert "x" * 2001 in notice.message  # quoted: nothing lost
        assert not session_screen(anja).state.knots


async def test_table_map_groups_typed_in_one_burst_are_each_a_group(tmp_path: Path):
    anja = make_app(tmp_path / "anja", "Anja")
    async with anja.run_test(size=SIZE) as a:
        await create_in_app(a, "Our square", "Nicer for everyone?")
        screen = session_screen(anja)
        await until(lambda: screen.viewing == "opening", a)
        box = screen.view("opening").text_box()
        assert isinstance(box, Input)
        await until(lambda: anja.focused is box, a)
        burst(anja, "Youth\nResidents\nYouth\nShop")
        names = lambda: sorted(g.name for g in screen.state.groups.values())  # noqa: E731
        await until(lambda: names() == ["Residents", "Youth"], a)
        notice = screen.view("opening").query_one("#group-notice", Notice)
        await until(lambda: "Youth" in notice.message, a)  # the second Youth: refused, quoted
        assert box.value == "Shop"
        assert "already" in notice.message


async def test_options_typed_in_one_burst_are_each_an_option(tmp_path: Path):
    nodes, session = await table_of(tmp_path, ["anja"], "consent", "options")
    (anja,) = nodes
    try:
        app = PhaseApp(OptionsView(session), anja.identity.public_key, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            state = anja.state(session)
            await pilot.click("#option-text")
            burst(app, "A fence\nSpeed bumps\nA zeb")
            await until_phase(pilot, lambda: len(state.options) == 2)
            texts = sorted(o.versions[-1].text for o in state.options.values())
            assert texts == ["A fence", "Speed bumps"]
            assert app.view.query_one("#option-text", Input).value == "A zeb"
    finally:
        await close_all(nodes)
