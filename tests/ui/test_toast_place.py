"""Where toasts appear on the session screen at 80×24, in en and nl: over nothing that matters.
At the top they covered the right half of the phase bar for seconds; at the bottom they covered
the text box. They take their own rows under the title now: the bars move down while a toast
shows, and come back when it goes."""

from __future__ import annotations

import pytest
from textual.widgets._toast import Toast

from beraad.i18n import _, set_language
from beraad.ui.screens.session import SessionScreen
from beraad.ui.widgets.member_strip import MemberStrip
from beraad.ui.widgets.phase_bar import PhaseBar
from tests.ui import test_session_snapshots as sessions
from tests.ui.conftest import SIZE
from tests.ui.session_people import until

pytestmark = pytest.mark.timeout(120)


@pytest.mark.parametrize("language", ["en", "nl"])
async def test_a_toast_hides_neither_the_bars_nor_the_text_box(tmp_path, language):
    try:
        app, session = sessions.build(tmp_path, language, "knots")
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await sessions.opened(session)(pilot)
            screen = app.screen
            assert isinstance(screen, SessionScreen)
            bar = screen.query_one(PhaseBar)
            before = bar.region
            box = screen.focused
            assert box is not None
            box_before = box.region
            screen.notify(_("Written to {path}").format(path="/tmp/x.md"), title=_("Export"))
            await until(lambda: any(t.region.area for t in screen.query(Toast)), pilot)
            await pilot.pause()
            toast = next(t for t in screen.query(Toast) if t.region.area)
            for widget in (bar, screen.query_one(MemberStrip), box):
                assert not toast.region.overlaps(widget.region), (widget, toast.region)
            assert box.region == box_before  # the text box stays where the person types
            assert toast.region.y >= 1  # under the title, not over it
            app.clear_notifications()
            await until(lambda: bar.region == before, pilot)
    finally:
        set_language("en")
