"""A Select that cannot take options yet (its view still composing) or any more (the app
quitting) is left alone instead of raising NoMatches on the way out (a tmux test saw the
traceback when Ctrl+Q met a redraw of the decide view)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Select

from beraad.ui.widgets.select_options import set_options


async def test_options_go_to_a_composed_select_and_not_to_one_without_its_list():
    class Holder(App[None]):
        def compose(self) -> ComposeResult:
            yield Select[str]([], id="here")

    loose = Select[str]([])  # never mounted: no overlay list to fill
    assert set_options(loose, [("A", "a")]) is False

    app = Holder()
    async with app.run_test() as pilot:
        select = app.query_one("#here", Select)
        assert set_options(select, [("A", "a"), ("B", "b")]) is True
        select.value = "b"
        await pilot.pause()
        assert select.value == "b"
        await select.remove_children()  # what quitting does before the Select itself goes
        assert set_options(select, [("C", "c")]) is False
