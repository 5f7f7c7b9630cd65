"""The lobby says a deliberation is between meetings (naive s8b finding 19): it listed "Our
street park" with the phase "Opening" while its meeting had ended and the next was not open."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from beraad.core import session as bodies
from beraad.i18n import _
from tests.ui.phases_app import SIZE
from tests.ui.stored_app import until
from tests.ui.test_naive_s6 import opened_by, three

pytestmark = pytest.mark.timeout(120)


def row_words(app) -> str:
    table = app.screen.query_one("#mine DataTable", DataTable)
    return " ".join(str(cell) for cell in table.get_row_at(0))


async def test_the_lobby_says_between_meetings(tmp_path, language):
    w = three("facilitator", phase="knots")
    w.write(0, "meeting.end", bodies.meeting_end_body(""))
    app = opened_by(w, tmp_path / "bart", 1, language)
    async with app.run_test(size=SIZE):
        await until(lambda: app.screen.query("#mine DataTable"))
        table = app.screen.query_one("#mine DataTable", DataTable)
        await until(lambda: table.row_count == 1)
        words = row_words(app)
        assert _("Between meetings") in words, words
        assert _("Knots") not in words and _("Opening") not in words, words


async def test_the_lobby_names_the_phase_of_a_meeting_under_way(tmp_path, language):
    w = three("facilitator", phase="knots")
    app = opened_by(w, tmp_path / "bart", 1, language)
    async with app.run_test(size=SIZE):
        await until(lambda: app.screen.query("#mine DataTable"))
        table = app.screen.query_one("#mine DataTable", DataTable)
        await until(lambda: table.row_count == 1)
        assert _("Knots") in row_words(app) and _("Between meetings") not in row_words(app)
