"""Words a newcomer needs are not cut off at 80×24: the evaluate boxes' placeholders fit
(the tester read "Something that went well, then" and "Iets om volgende keer te")."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from beraad.i18n import set_language
from beraad.ui.phases.evaluate import EvaluateView
from tests.ui.phases_app import SIZE, PhaseApp
from tests.ui.test_phases_snapshots import evaluated_table


@pytest.mark.parametrize("language", ["en", "nl"])
async def test_evaluate_placeholders_fit_at_80_columns(language):
    set_language(language)
    try:
        table = evaluated_table()
        app = PhaseApp(EvaluateView(table.session), table.keys[0], state=table.state)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            boxes = list(app.query(Input))
            assert len(boxes) == 2
            for box in boxes:
                width = box.content_region.width
                assert len(box.placeholder) < width, (box.placeholder, width)
    finally:
        set_language("en")
