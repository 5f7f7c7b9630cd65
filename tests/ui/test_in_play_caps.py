"""A member's flood of options and criteria reaches no screen past the caps (``in_play.py``).

The real app on a real node and store at 80×24; the hostile member's records are well signed
and in the store as after a sync, each past the caps refused by the fold. The decide view's
ballot fills at most the capped options × criteria (1,000 × 1,000 filled a million cells in
one block: attacker pass 6); the options and criteria boxes say the limit before anyone types
one more, and Enter there is refused with the same words, the text kept."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from benchmarks.ui import NONCE, Writer
from beraad.core import session as bodies
from beraad.core.in_play import MAX_CRITERIA, MAX_OPTIONS
from beraad.i18n import _
from beraad.ui.phases.decide import DecideView
from beraad.ui.widgets.vote_grid import VoteGrid
from beraad.ui.widgets.vote_notice import Notice
from tests.ui.burst import burst
from tests.ui.conftest import SIZE
from tests.ui.stored_app import session_opened, stored_app, until

pytestmark = pytest.mark.timeout(180)

WIDE = "漢字🙂e\u0301\u0308\u20dd" * 40


def flooded(criteria: int, options: int, to: str) -> Writer:
    """Anja's session in which Bart signs ``criteria`` criteria and ``options`` options (the
    fold refuses those past the caps); the last phase is ``to``."""
    w = Writer()
    w.write(
        0,
        "session.open",
        {**bodies.open_body("Plein", "Hoe?", decision_rule="matrix"), "nonce": NONCE},
    )
    w.write(0, "member.admit", bodies.admit_body(w.who[1].public_key, "Bart"))
    for phase in ("knots", "positions", "criteria"):
        w.write(0, "phase.move", bodies.move_body(phase))
    for n in range(criteria):  # signed as a hostile peer does: nothing checks them first
        w.records.append(w.sign(1, "criterion.add", bodies.text_body((f"{n}" + WIDE)[:200])))
    if to != "criteria":
        w.write(0, "phase.move", bodies.move_body("options"))
    for n in range(options):
        w.records.append(w.sign(1, "option.add", bodies.option_body((f"{n}" + WIDE)[:200])))
    if to == "decide":
        w.write(0, "phase.move", bodies.move_body("decide"))
    return w


async def test_the_ballot_of_a_flooded_session_fills_only_the_capped_cells(tmp_path):
    w = flooded(MAX_CRITERIA + 40, MAX_OPTIONS + 60, "decide")
    app = stored_app(w, tmp_path / "anja")
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        screen.look_at("decide")
        view = screen.view("decide")
        assert isinstance(view, DecideView)
        grid = view.query_one("#ballot", VoteGrid)
        await until(lambda: grid.row_count > 0)
        await pilot.pause()
        state = screen.node.state(w.session)
        assert state.in_play("options") == MAX_OPTIONS
        assert state.in_play("criteria") == MAX_CRITERIA
        criteria = len(grid.columns) - 1  # the first column names the option
        assert grid.row_count == MAX_OPTIONS and criteria == MAX_CRITERIA
        assert grid.row_count * criteria == MAX_OPTIONS * MAX_CRITERIA  # 6,000, not 16,000


async def test_at_the_cap_the_options_box_says_so_and_enter_is_refused_with_its_words(tmp_path):
    w = flooded(0, MAX_OPTIONS + 5, "options")
    app = stored_app(w, tmp_path / "anja")
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        screen.look_at("options")
        view = screen.view("options")
        words = _("this session has {count} options; take one back before adding another")
        words = words.format(count=MAX_OPTIONS)
        box = view.query_one("#option-text", Input)
        line = view.query_one("#mode", Static)
        await until(lambda: line.display and str(line.render()) == words.capitalize() + ".")
        box.focus()
        burst(pilot.app, "Nog een bank")
        await pilot.press("enter")
        await until(lambda: bool(view.query_one(Notice).message))
        assert words in view.query_one(Notice).message
        assert box.value == "Nog een bank"  # nothing lost
        assert len(screen.node.state(w.session).options) == MAX_OPTIONS


@pytest.mark.both_languages
async def test_at_the_cap_the_criteria_box_says_so_in_both_languages(tmp_path, language):
    w = flooded(MAX_CRITERIA + 5, 0, "criteria")
    app = stored_app(w, tmp_path / "anja", language=language)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        screen.look_at("criteria")
        view = screen.view("criteria")
        box = view.query_one("#criterion-text", Input)
        words = {
            "en": "this session has 60 criteria; take one back before adding another",
            "nl": "dit beraad heeft 60 criteria; trek er een in voor je een nieuw toevoegt",
        }[language]
        await until(lambda: box.placeholder == words)
        box.focus()
        burst(pilot.app, "Nog een")
        await pilot.press("enter")
        await until(lambda: bool(view.query_one(Notice).message))
        assert words in view.query_one(Notice).message
        assert box.value == "Nog een"  # nothing lost
        assert len(screen.node.state(w.session).criteria) == MAX_CRITERIA
