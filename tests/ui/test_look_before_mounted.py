"""A look (F3) at a view not mounted yet — the key pressed before a still moment mounted the
view behind (``session_rest``) — changes the screen once: the view is mounted, drawn and laid
out behind first, then shown in one frame, complete. Shown as it came, the look was a blank
view while it mounted, then its rows, then its scroll bar: three to five different screens,
the last 0.3–0.5 s after the key at 5,000 contributions in a real terminal, where the first
came at 0.1 s (issue 15, ``benchmarks/tmux_ui.py``). What the screen shows after each frame
is compared (its lines and styles, as the terminal is sent them), never timed. The real app
on a real node and store (the benchmark's session, the group in the decide phase)."""

from __future__ import annotations

import pytest
from rich.segment import Segment
from textual.widgets import Input

from benchmarks.ui import build_session
from beraad.ui.screens import session_rest
from beraad.ui.screens.session import SessionScreen
from tests.ui.stored_app import session_opened, stored_app, until
from tests.ui.test_switch_work import settled

pytestmark = pytest.mark.timeout(120)


def shown(screen: SessionScreen) -> list[list[Segment]]:
    """The screen as its last frame painted it: each line's text with its styles."""
    return [list(strip) for strip in screen._compositor.render_strips()]


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
async def test_a_look_at_a_view_not_mounted_yet_changes_the_screen_once(
    monkeypatch, tmp_path, size
):
    # The text cursor does not blink here: a blink is a change of the screen of its own.
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setattr(session_rest, "MOUNT_REST_AFTER", 600)  # no view mounts behind
    w = build_session(300)  # lists longer than their window: they get scroll bars
    app = stored_app(w, tmp_path / "anja")
    async with app.run_test(size=size) as pilot:
        screen = await session_opened(app, w.session)
        await settled(pilot, screen)
        screens: list[list[list[Segment]]] = []
        paint = screen._compositor_refresh

        def counted_paint() -> None:
            paint()
            now = shown(screen)
            if now != screens[-1]:
                screens.append(now)

        screen._compositor_refresh = counted_paint  # type: ignore[method-assign]
        for phase in ("options", "criteria", "positions", "knots"):
            assert phase not in screen._views  # not mounted: the key comes first
            screens[:] = [shown(screen)]
            await pilot.press("f3")
            await until(lambda phase=phase: screen.viewing == phase)
            for _ in range(3):  # what comes after the look's frame: a row, a scroll bar
                await settled(pilot, screen)
            assert screen.view(phase).display
            # The screen before the key, then the look's: nothing between, nothing after.
            assert len(screens) == 2, (phase, len(screens))
            assert screens[-1] == shown(screen)
