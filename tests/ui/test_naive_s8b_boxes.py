"""Coming back to a box keeps its words (naive s8b finding 4): Shift+Tab back into the consent
reason box selected all of it (Textual's ``Input.select_on_focus``), so the next letter wiped
the reason. Every box the app makes is a ``StillInput``, which never selects on focus. Real
node, the real decide view, Pilot at 80×24; and the source, so a new plain ``Input`` fails."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from textual.widgets import Button, Input

import beraad
from benchmarks.ui import Writer
from beraad.core import session as bodies
from beraad.i18n import _
from beraad.ui.app import BeraadApp
from beraad.ui.screens.confirm import ConfirmScreen
from beraad.ui.screens.first_run import FirstRunScreen
from beraad.ui.widgets.vote_grid import VoteGrid
from tests.ui.conftest import make_profile
from tests.ui.phases_app import SIZE, alone_in_decide, until
from tests.ui.stored_app import session_opened
from tests.ui.stored_app import until as until_app
from tests.ui.test_naive_s6 import opened_by, three

pytestmark = pytest.mark.timeout(120)
KIND = "consent.respond"


async def test_shift_tab_back_into_the_reason_box_and_a_letter_appends(tmp_path):
    async with alone_in_decide(tmp_path, "consent") as table:
        app, pilot = table.app, table.pilot
        reason = app.view.query_one("#reason", Input)
        reason.focus()
        await pilot.press(*"Too dear")
        await until(pilot, lambda: reason.value == "Too dear")
        await pilot.press("tab")
        await until(pilot, lambda: app.focused is not reason)
        await pilot.press("shift+tab")
        await until(pilot, lambda: app.focused is reason)
        assert reason.selection.is_empty
        await pilot.press("x")
        await until(pilot, lambda: reason.value == "Too dearx")


def test_no_box_is_made_as_a_plain_textual_input():
    """A plain ``Input(...)`` selects its words on focus: the app makes only ``StillInput``s."""
    root = Path(beraad.__file__).parent
    plain = []
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            called = isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            if called and node.func.id == "Input":  # type: ignore[attr-defined]
                plain.append(f"{path.relative_to(root)}:{node.lineno}")
    assert plain == []


async def test_closing_over_uncast_numbers_asks_and_the_grid_then_shows_what_counted(tmp_path):
    """Naive s8b finding 1: Ctrl+O closed voting over a number typed and not cast, and the
    grid then showed that number beside "Your vote is in and counts"."""
    async with alone_in_decide(tmp_path, "dots") as table:
        app, pilot, me = table.app, table.pilot, table.me
        state = table.anja.state(table.session)
        grid = app.view.query_one(VoteGrid)
        grid.focus()
        await pilot.press("2", "ctrl+s")
        await until(pilot, lambda: me in state.votes.get("dots.place", {}))
        app.refresh_view()
        cast = dict(state.votes["dots.place"][me].body["dots"])
        await pilot.press("down", "1")  # a new number, not cast
        await until(pilot, lambda: grid.dirty)
        await pilot.press("ctrl+o")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        question = app.screen.question
        assert _("What you changed in your vote is not cast: only what you cast counts.") in (
            question
        )
        assert isinstance(app.screen.focused, Button)
        assert app.screen.focused.id == "cancel"  # Enter keeps voting open
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, ConfirmScreen))
        assert "dots.place" not in state.closed and grid.dirty
        await pilot.press("ctrl+o")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("tab", "enter")  # close anyway
        await until(pilot, lambda: "dots.place" in table.anja.state(table.session).closed)
        app.refresh_view()
        await until(pilot, lambda: not grid.dirty)
        shown = {row: values.get("dots") for row, values in grid.given().items()}
        assert shown == cast  # the uncast 1 is gone: the grid shows what was counted


def consent_in_decide() -> Writer:
    """Anja, Bart and Chris decide by consent on one option, the group in Decide."""
    w = three("facilitator", phase="options")
    w.write(0, "option.add", bodies.option_body("Speed bumps"))
    w.write(0, "phase.move", bodies.move_body("decide"))
    return w


async def test_quit_asks_over_a_chosen_uncast_answer_and_not_over_cast_words(tmp_path):
    """Naive s8b findings 6 and 5: Ctrl+Q quit at once over an answer chosen and not cast
    (the reason cleared), and after the reason was cast it still called it words not sent."""
    w = consent_in_decide()
    app = opened_by(w, tmp_path / "bart", 1)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        decide = screen.view("decide")
        reason = decide.text_box()
        await until_app(lambda: screen.focused is reason)
        await pilot.press("down", *"Fine", "ctrl+u")  # ↓ chooses agree; the reason cleared
        await until_app(lambda: reason.value == "" and decide.uncast_answer())
        await pilot.press("ctrl+q")
        await until_app(lambda: isinstance(app.screen, ConfirmScreen))
        assert _("the answer you chose in Decide (Ctrl+S casts it)") in app.screen.question
        await pilot.press("enter")  # Cancel: nothing lost
        await until_app(lambda: app.screen is screen)
        assert app.is_running
        await pilot.press(*"Good idea", "ctrl+s")  # cast: nothing is left unsent
        me = w.who[1].public_key
        await until_app(lambda: any(v.member == me for v in screen.state.current_votes(KIND)))
        await until_app(lambda: screen.unsent_work() == [])
        assert reason.value == "Good idea"
        await pilot.press("ctrl+q")
        await until_app(lambda: not app.is_running)


async def test_first_run_selects_only_the_suggested_name(tmp_path):
    """The suggested name is selected so typing replaces it; a name typed there is never
    selected again: Shift+Tab back and a letter appends."""
    home = tmp_path / "anja"
    app = BeraadApp(profile=make_profile(home, name="anja", chosen=False), data_dir=home)
    async with app.run_test(size=SIZE) as pilot:
        await until_app(lambda: isinstance(app.screen, FirstRunScreen))
        name = app.screen.query_one("#name", Input)
        await until_app(lambda: name.has_focus)
        await pilot.press(*"Anja P")  # the suggestion "anja" was selected: replaced
        await until_app(lambda: name.value == "Anja P")
        await pilot.press("tab")
        await until_app(lambda: not name.has_focus)
        await pilot.press("shift+tab")
        await until_app(lambda: name.has_focus)
        await pilot.press("x")
        await until_app(lambda: name.value == "Anja Px")
