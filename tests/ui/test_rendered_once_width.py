"""Big tally tables are drawn once, at the width the view has once they make it scroll.

The decide view's thread lays the tables out for the panel's width less the scroll bar (tables
that big are longer than the screen). The layout then asks their height at the width without
a scroll bar first, and a frame may paint there before the scroll bar comes: kept lines stand
in there instead of all the tables' lines drawn again on the UI thread. Counted on the real
widget in a real app: the widths the table laid itself out at.
"""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll

from beraad.ui.widgets.rendered import RenderedOnce
from beraad.ui.widgets.tally_table import TallyColumn, TallyTable


class PanelApp(App[None]):
    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield RenderedOnce("", id="result")


def big_table() -> TallyTable:
    columns = [TallyColumn("Option", "left"), TallyColumn("Score"), TallyColumn("Votes")]
    rows = [((f"{i}. option", str(i * 3), str(i % 5)), "") for i in range(200)]
    return TallyTable("Result", columns, rows)


async def test_tables_laid_out_for_the_scrolled_width_are_not_drawn_again():
    app = PanelApp()
    async with app.run_test(size=(60, 20)) as pilot:
        panel = app.query_one(RenderedOnce)
        scroll = app.query_one(VerticalScroll)
        await pilot.pause()
        assert not scroll.show_vertical_scrollbar
        width = panel.content_size.width
        narrow = width - scroll.styles.scrollbar_size_vertical
        table = big_table()
        assert table.fast
        table.lines(narrow)  # what the tally's thread does
        panel.show("first", Group(Text("The rule's sentence."), table))
        await pilot.pause()
        await pilot.pause()
        assert scroll.show_vertical_scrollbar and panel.content_size.width == narrow
        assert table.kept(narrow) and not table.kept(width)  # laid out once
        assert panel.size.height == 1 + len(table.lines(narrow))
        shown = "".join(s.text for s in panel.render_line(1 + 3))  # the sentence, title, head, rule
        assert "0. option" in shown


async def test_short_tables_are_laid_out_at_the_width_they_get():
    app = PanelApp()
    async with app.run_test(size=(60, 40)) as pilot:
        panel = app.query_one(RenderedOnce)
        await pilot.pause()
        width = panel.content_size.width
        columns = [TallyColumn("Option", "left")] + [TallyColumn(f"C{j}") for j in range(4)]
        rows = [((f"{i}. option", *(str(i + j) for j in range(4))), "") for i in range(27)]
        table = TallyTable("Result", columns, rows)
        assert table.fast
        table.lines(width - 2)  # laid out for a scroll bar that does not come: 30 lines fit
        panel.show("first", table)
        await pilot.pause()
        assert panel.content_size.width == width
        assert table.kept(width)  # drawn again at the width it really has
