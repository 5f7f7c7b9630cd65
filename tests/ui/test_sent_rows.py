"""``SentRows`` over a real Textual compositor: which rows a frame leaves out, and when it must
write every row again (``ui/sent_rows.py``; the real terminal: ``test_tmux_sent_rows.py``)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.geometry import Region, Size
from textual.widgets import Static

from beraad.ui.sent_rows import SentRows
from tests.ui import term_log


class Lines(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("one", id="a")
        yield Static("two", id="b")


def drawn(sent: SentRows, app: App[None], update: object, size: Size | None = None) -> list[int]:
    """The rows (1-based, as the terminal counts) the update writes through ``sent``."""
    text = sent.changed_only(update, size or app.size).render_segments(app.console)  # type: ignore[attr-defined]
    return sorted(term_log.rows(text.encode()))


def partial(app: App[None], *regions: Region) -> object:
    compositor = app.screen._compositor
    compositor._dirty_regions.update(regions)
    return compositor.render_partial_update()


async def test_a_row_is_written_when_it_changed_or_was_written_in_part():
    app = Lines()
    async with app.run_test(size=(40, 6)) as pilot:
        sent, width = SentRows(), 40
        everything = Region(0, 0, width, 6)
        compositor = app.screen._compositor
        assert drawn(sent, app, compositor.render_full_update()) == [1, 2, 3, 4, 5, 6]
        # Drawn again as they are: nothing to write.
        assert drawn(sent, app, compositor.render_full_update()) == []
        assert drawn(sent, app, partial(app, everything)) == []
        assert sent.left_out == 12
        # One line changed: that row only.
        app.query_one("#b", Static).update("deux")
        await pilot.pause()
        assert drawn(sent, app, partial(app, everything)) == [2]
        # A row written in part is forgotten: the next whole row is written, then known again.
        assert drawn(sent, app, partial(app, Region(0, 0, 10, 1))) == [1]
        assert drawn(sent, app, partial(app, everything)) == [1]
        assert drawn(sent, app, partial(app, everything)) == []
        # A piece of a row written again as it was: left out too.
        assert drawn(sent, app, partial(app, Region(0, 1, 10, 1))) == [2]
        assert drawn(sent, app, partial(app, Region(0, 1, 10, 1))) == []
        # Another size (a resize): every row again.
        assert drawn(sent, app, partial(app, everything), Size(41, 6)) == [1, 2, 3, 4, 5, 6]
        # Anything else drawn: every row again.
        sent.changed_only("something else", Size(41, 6))
        assert drawn(sent, app, partial(app, everything), Size(41, 6)) == [1, 2, 3, 4, 5, 6]
