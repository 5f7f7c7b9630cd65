"""How the phase views and "how did we decide?" look at 80×24, in English and in Dutch.

The data is written by fixed keys at fixed times (``Table``), so every run draws the same
screen. SVGs are made with ``--snapshot-update`` and looked at, never edited by hand. Until the
lead fills ``nl.po``.
"""

from __future__ import annotations

import pytest

from beraad.core import session as model
from beraad.core.tally import decision_body
from beraad.i18n import set_language
from beraad.ui.phases.act import ActView
from beraad.ui.phases.criteria import CriteriaView
from beraad.ui.phases.decide import DecideView
from beraad.ui.phases.evaluate import EvaluateView
from beraad.ui.phases.options import OptionsView
from beraad.ui.screens.how_decided import HowDecidedScreen
from tests.ui.phases_app import SIZE, PhaseApp, Table


@pytest.fixture(params=["en", "nl"])
def language(request):
    set_language(request.param)
    yield request.param


def matrix_table(decided: bool = False) -> Table:
    t = Table(["Anja", "Bart", "Carla"], "matrix")
    t.move_to("criteria")
    safe = t.write(0, "criterion.add", model.text_body("Safe for small children"))
    cheap = t.write(1, "criterion.add", model.text_body("Cheap to maintain"))
    t.write(0, "weight.set", model.weights_body({safe: 80, cheap: 20}))
    t.write(1, "weight.set", model.weights_body({safe: 40, cheap: 60}))
    t.move_to("options")
    fence = t.write(0, "option.add", model.option_body("A fence around the square"))
    bumps = t.write(1, "option.add", model.option_body("Speed bumps in the street"))
    zebra = t.write(2, "option.add", model.option_body("Bumps and a zebra crossing", [bumps]))
    t.write(0, "edit", model.edit_body(fence, "A low fence around the square"))
    t.move_to("decide")
    t.write(
        0,
        "score.set",
        model.scores_body(
            {fence: {safe: 8, cheap: 3}, bumps: {safe: 6, cheap: 7}, zebra: {safe: 9, cheap: 5}}
        ),
    )
    t.write(
        1,
        "score.set",
        model.scores_body(
            {fence: {safe: 7, cheap: 2}, bumps: {safe: 5, cheap: 8}, zebra: {safe: 8, cheap: 6}}
        ),
    )
    if decided:
        t.write(0, "vote.close", model.close_body("score.set"))
        t.write(0, "decision.take", decision_body(t.state))
    return t


def consent_table() -> Table:
    t = Table(["Anja", "Bart", "Carla"], "consent")
    t.move_to("options")
    bumps = t.write(1, "option.add", model.option_body("Speed bumps in the street"))
    t.move_to("decide")
    t.write(0, "consent.respond", model.consent_body(bumps, "agree"))
    t.write(1, "consent.respond", model.consent_body(bumps, "stand_aside"))
    t.write(
        2,
        "consent.respond",
        model.consent_body(bumps, "object", "The bus must still pass; ask the bus company first."),
    )
    return t


def evaluated_table() -> Table:
    t = matrix_table(decided=True)
    t.move_to("evaluate")
    decision = t.state.decisions[0].record
    t.write(1, "evaluation.add", model.evaluation_body("went_well", "Everyone was heard", decision))
    t.write(2, "evaluation.add", model.evaluation_body("try_next", "Ask the bus company", decision))
    t.write(0, "evaluation.add", model.evaluation_body("went_well", "The matrix showed why"))
    return t


def acted_table() -> Table:
    t = matrix_table(decided=True)
    t.move_to("act")
    decision = t.state.decisions[0].record
    quote = t.write(1, "action.add", model.action_body("Ask the city for a quote", decision))
    t.write(1, "action.pull", model.pull_body(quote))
    t.write(2, "action.pull", model.pull_body(quote))
    t.write(1, "action.update", model.action_update_body(quote, "started"))
    paint = t.write(2, "action.add", model.action_body("Paint the zebra crossing", decision))
    t.write(2, "action.pull", model.pull_body(paint))
    t.write(2, "action.update", model.action_update_body(paint, "stuck", "We need a permit"))
    t.write(0, "action.add", model.action_body("Tell the school", decision))
    return t


VIEWS = {
    "criteria": (CriteriaView, matrix_table),
    "options": (OptionsView, matrix_table),
    "decide_matrix": (DecideView, matrix_table),
    "decide_consent": (DecideView, consent_table),
    "act": (ActView, acted_table),
    "evaluate": (EvaluateView, evaluated_table),
}


@pytest.mark.parametrize("name", list(VIEWS))
def test_phase_view(snap_compare, language, name):
    view_class, build = VIEWS[name]
    table = build()
    app = PhaseApp(view_class(table.session), table.keys[0], state=table.state)
    assert snap_compare(app, terminal_size=SIZE)


def test_how_decided(snap_compare, language):
    table = matrix_table(decided=True)
    app = PhaseApp(DecideView(table.session), table.keys[0], state=table.state)

    async def open_it(pilot):
        await pilot.pause()
        app.push_screen(HowDecidedScreen(table.state, table.state.decisions[0]))
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=open_it)
