"""F1 composes one widget per section of the help, however long the text: Textual's
``Markdown`` composed one per paragraph, list item and table cell (112 on the session screen),
and composing and laying those out was most of the first F1 after opening a session."""

from __future__ import annotations

import pytest
from textual.containers import VerticalScroll
from textual.scrollbar import ScrollBar

from beraad.i18n import translate
from beraad.ui.screens.help import HelpScreen, HelpText
from beraad.ui.screens.session import SessionScreen
from tests.ui import test_session_snapshots as sessions
from tests.ui.conftest import SIZE
from tests.ui.stored_app import until

pytestmark = pytest.mark.timeout(120)


async def test_the_first_f1_composes_one_widget_per_section(tmp_path):
    app, session = sessions.build(tmp_path, "en", "opening")
    async with app.run_test(size=SIZE) as pilot:
        await sessions.opened(session)(pilot)
        assert isinstance(app.screen, SessionScreen)
        await pilot.press("f1")
        await until(lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()
        help_screen = app.screen
        sections = list(help_screen.query(HelpText))
        texts = [text for text in (help_screen.help_text, *help_screen.more) if text]
        assert len(texts) >= 1 and help_screen.keys
        assert len(sections) == len(texts) + 1  # the texts, and the table of keys
        # the dialog, its title, the scroll area and the hint besides the sections
        assert len(list(help_screen.walk_children())) == len(sections) + 4
        # it says the same things: the screen's text, the view's, and every key
        assert sections[0].source == translate(SessionScreen.HELP_TEXT, "en")
        table = sections[-1].source
        assert all(f"`{key}`" in table for key, _description in help_screen.keys)
        # and draws them: the first words of the text are on the screen
        await pilot.pause()
        words = " ".join(
            "".join(segment.text for segment in strip)
            for strip in help_screen._compositor.render_strips()
        )
        assert "This is the deliberation." in words


@pytest.mark.parametrize("size", [SIZE, (200, 50)])
async def test_the_help_lays_its_text_out_once_at_the_width_it_keeps(tmp_path, size, monkeypatch):
    """The help's text is longer than its box, so the box has a scroll bar: laid out first
    without one and then again with it, the text drew once, wrapped again two columns
    narrower and drew a second time; with the bar's room kept, the bar still came a frame
    later — a second change of the terminal after F1 (``tmux_ui.py``)."""
    widths: set[tuple[int, int]] = set()
    frames = [0]  # frames of the help screen so far
    first_frame: dict[str, int] = {}  # the frame the text, and the bar, are first drawn in
    render_lines, bar_lines = HelpText.render_lines, ScrollBar.render_lines
    refresh = HelpScreen._compositor_refresh

    def counted(self, crop):  # type: ignore[no-untyped-def]
        widths.add((id(self), self.size.width))
        first_frame.setdefault("text", frames[0])
        return render_lines(self, crop)

    def bar_counted(self, crop):  # type: ignore[no-untyped-def]
        if isinstance(self.screen, HelpScreen) and self.vertical:
            first_frame.setdefault("bar", frames[0])
        return bar_lines(self, crop)

    def frame(self):  # type: ignore[no-untyped-def]
        refresh(self)
        frames[0] += 1

    monkeypatch.setattr(HelpText, "render_lines", counted)
    monkeypatch.setattr(ScrollBar, "render_lines", bar_counted)
    monkeypatch.setattr(HelpScreen, "_compositor_refresh", frame)
    app, session = sessions.build(tmp_path, "en", "opening")
    async with app.run_test(size=size) as pilot:
        await sessions.opened(session)(pilot)
        await pilot.press("f1")
        await until(lambda: isinstance(app.screen, HelpScreen))
        scroll = app.screen.query_one(VerticalScroll)
        await until(lambda: scroll.max_scroll_y > 0)  # the text is longer than the box
        await pilot.pause()
        # Each section drawn at one width, from its first frame: the room the scroll bar
        # takes is kept from the start.
        drawn = {section for section, _width in widths}
        assert drawn and len(widths) == len(drawn)
        # and the bar is drawn in the text's first frame, not in a frame of its own.
        assert first_frame["bar"] == first_frame["text"]
