"""The tie chooser shows what the tied options tie on (naive s10 finding 4): the facilitator
chose among "A. Youth club" and "B. New benches" with no score beside them, and had to scroll
to the tables to see they had a dot each. Real node, the real app, Pilot at 80×24, en and nl."""

from __future__ import annotations

import pytest
from textual.widgets import Select
from textual.widgets._select import SelectOverlay

from beraad.i18n import ngettext
from beraad.ui.widgets.vote_grid import VoteGrid
from tests.ui import session_people as people
from tests.ui.phases_app import SIZE

pytestmark = pytest.mark.timeout(120)


async def test_the_tie_chooser_names_each_options_dots(tmp_path, language):
    app = people.make_app(tmp_path / "anja", "Anja", language=language)
    async with app.run_test(size=SIZE) as pilot:
        screen = await people.at_decide_with(pilot, "dots", ["Youth club", "New benches", "Art"])
        state = screen.node.state(screen.session)
        grid = screen.query_one("#ballot", VoteGrid)
        await people.until(lambda: grid.row_count == 3 and screen.focused is grid, pilot)
        await pilot.press("1", "down", "1", "ctrl+s")  # a dot each on A and B: a tie
        await people.until(lambda: "dots.place" in state.votes, pilot)
        await pilot.press("ctrl+o")
        await people.until(lambda: "dots.place" in state.closed, pilot)
        await people.until(lambda: bool(screen.query("#tie-option")), pilot)
        tie = screen.query_one("#tie-option", Select)
        await people.until(lambda: tie.display and tie.region.height == 1, pilot)
        tie.focus()
        await pilot.press("enter")
        overlay = tie.query_one(SelectOverlay)
        await people.until(lambda: tie.expanded and overlay.region.height > 0, pilot)
        await pilot.pause()
        one = ngettext("{count} dot", "{count} dots", 1).format(count=1)
        words = " ".join(people.screen_text(app).split())
        assert f"A. Youth club — {one}" in words, words
        assert f"B. New benches — {one}" in words, words


def test_a_schulze_tie_says_how_many_options_each_beats(language):
    from beraad.core.schulze import schulze
    from beraad.ui.widgets.tally_format import tie_figure

    result = schulze(["a", "b", "c"], [[["a"], ["b"], ["c"]], [["b"], ["a"], ["c"]]])
    beats = ngettext("beats {count} option", "beats {count} options", 1).format(count=1)
    assert result.tied == ("a", "b")
    assert [tie_figure("schulze", result, o) for o in result.tied] == [beats, beats]
