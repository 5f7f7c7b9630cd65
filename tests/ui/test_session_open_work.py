"""Opening the session screen: the work done between Enter and a settled screen is counted,
never timed. The views not looked at come one per still moment after the screen has settled
(nearest first), never while it paints; the footer's keys are built once, not again when the
first layout resizes it; arriving in a view scrolls to its keys at once, without an animation
(five more frames after the screen was drawn). One real app on a real node and store."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
from textual._compositor import ChopsUpdate, LayoutUpdate
from textual.widgets._footer import FooterKey

from beraad import read_back
from beraad.ui import settle
from beraad.ui.phases.base import PhaseView
from beraad.ui.screens import session_rest
from beraad.ui.screens.help import HelpScreen
from beraad.ui.screens.session import SessionScreen
from tests.ui.conftest import SIZE
from tests.ui.stored_app import session_opened, until
from tests.ui.test_session_mount import session_app
from tests.ui.test_switch_work import settled


def counting_frames(app) -> list[object]:  # type: ignore[no-untyped-def]
    """Every frame the app writes from now on (what Textual hands its driver)."""
    frames: list[object] = []
    display = app._display

    def counted(screen, renderable) -> None:  # type: ignore[no-untyped-def]
        display(screen, renderable)
        if renderable is not None:
            frames.append(renderable)

    app._display = counted
    return frames


def rows_written(frame: object) -> set[int]:
    """The screen rows a frame writes."""
    if isinstance(frame, ChopsUpdate):
        return {y for y, _start, _end in frame.spans}
    if isinstance(frame, LayoutUpdate):
        return set(frame.region.line_range)
    return set()


pytestmark = pytest.mark.timeout(120)


async def test_the_views_not_looked_at_come_one_per_still_moment_nearest_first(
    monkeypatch, tmp_path
):
    monkeypatch.setattr(session_rest, "MOUNT_REST_AFTER", 600)  # held back at first
    app, w = session_app(tmp_path / "anja")
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        await settled(pilot, screen)
        assert [view.phase for view in screen.query(PhaseView)] == ["decide"]
        frames = counting_frames(app)
        # Just painted: nothing is mounted now, the screen waits for a still moment.
        monkeypatch.setattr(session_rest, "MOUNT_REST_AFTER", 0.05)
        screen._painted_at = time.monotonic()
        screen._mount_rest()
        assert screen.rest_mounts == [] and len(screen.views()) == 1
        await until(lambda: len(screen.views()) == len(screen.phases))
        behind = {phase for phase in screen.phases if phase != "decide"}
        await until(lambda: set(screen._drawn_behind) >= behind)  # and drawn ahead
        await settled(pilot, screen)
        # Hidden, they change nothing on the screen, and no frame writes the views' area for
        # them: each mount wrote that area again, the same as before (7 frames, one per
        # view), and the screen was never still for long until all had come (issue 15).
        # (A late frame of the footer's, under load, is not theirs.)
        views = set(screen.query_one("#views").region.line_range)
        assert [rows for rows in map(rows_written, frames) if views & rows] == []
        phases = list(screen.phases)
        here = phases.index("decide")
        nearest = sorted(
            (p for p in phases if p != "decide"), key=lambda p: abs(phases.index(p) - here)
        )
        assert screen.rest_mounts == [[phase] for phase in nearest]  # one at a time
        assert sorted(v.id for v in screen.query(PhaseView)) == sorted(f"view-{p}" for p in phases)
        assert [view.phase for view in screen.views() if view.display] == ["decide"]

        # Later still moments (each cursor blink makes one) measure nothing again while
        # nothing changed: the bars' words for each view behind, and a walk of every widget,
        # were a third of an idle screen's CPU (suite16). A wider terminal changes what the
        # views were drawn for: they are drawn ahead again, for it.
        rooms: list[str] = []
        room_for = screen.room_for
        screen.room_for = lambda phase: rooms.append(phase) or room_for(phase)  # type: ignore[method-assign]

        async def still_moment() -> None:
            looked = screen._settler.looked
            screen._painted_at = time.monotonic()  # a paint, as a blink's
            await until(lambda: screen._settler.looked > looked)

        monkeypatch.setattr(settle, "TIDY_STILL", 0.01)  # a still moment at each check
        await still_moment()  # found all drawn (each view's room measured once more)
        rooms.clear()
        for _ in range(2):
            await still_moment()
        assert rooms == []
        monkeypatch.setattr(settle, "TIDY_STILL", 600)  # no still moment draws them here
        await pilot.resize_terminal(SIZE[0] + 20, SIZE[1])
        await settled(pilot, screen)
        assert screen._undrawn(None) is screen.view(nearest[0])


async def test_opening_builds_the_footer_keys_once_and_scrolls_without_animation(
    monkeypatch, tmp_path
):
    monkeypatch.setattr(session_rest, "MOUNT_REST_AFTER", 600)  # only the opening counts
    built: list[str] = []
    original = FooterKey.__init__

    def counted(self, key, *args, **kwargs):  # type: ignore[no-untyped-def]
        built.append(key)
        original(self, key, *args, **kwargs)

    monkeypatch.setattr(FooterKey, "__init__", counted)
    app, w = session_app(tmp_path / "anja")
    async with app.run_test(size=SIZE) as pilot:
        await until(lambda: app.bridge is not None)
        await pilot.pause()
        animated: list[str] = []
        animate = app.animator.animate

        def watched(obj, attribute, *args, **kwargs):  # type: ignore[no-untyped-def]
            if (
                isinstance(obj, PhaseView)
                or obj in app.screen_stack
                or attribute.startswith("scroll")
            ):
                animated.append(attribute)
            return animate(obj, attribute, *args, **kwargs)

        monkeypatch.setattr(app.animator, "animate", watched)
        built.clear()
        lines: list[tuple[str, ...]] = []  # the footer's keys shown in each frame
        display = app._display

        def painted(on, renderable) -> None:  # type: ignore[no-untyped-def]
            display(on, renderable)
            if renderable is not None and isinstance(on, SessionScreen):
                placed = on._compositor.visible_widgets  # what this frame painted
                keys = sorted((w for w in placed if isinstance(w, FooterKey)), key=placed.get)
                shown = tuple(key.key for key in keys)
                if shown and (not lines or lines[-1] != shown):
                    lines.append(shown)

        app._display = painted
        app.open_session(w.session)
        await until(lambda: isinstance(app.screen, SessionScreen) and app.screen._shown)
        screen = app.screen
        footer_keys = lambda: [k for k in screen.query(FooterKey)]  # noqa: E731
        await until(lambda: len(footer_keys()) > 0)
        for _ in range(5):  # the first layouts, the footer's resize and fit
            await pilot.pause()
        await until(lambda: screen.focused is not None)
        await settled(pilot, screen)
        assert animated == []  # the grid that has the keys is scrolled to at once
        keys = footer_keys()
        assert sorted(built) == sorted(key.key for key in keys)  # each key built once
        # At 80 columns the decide view's keys do not all fit: the first frame with the
        # footer leaves out those that give way, as it stays. The first layout's resize
        # showed them all again and a frame later left them out ("f6 Move on f7 Meetin▏").
        assert len(lines) == 1 and "f7" not in lines[0], lines
        await pilot.resize_terminal(100, 30)  # a wider terminal: every key that fits shows
        await until(lambda: all(key.display for key in footer_keys()))
        assert sorted(built) == sorted(key.key for key in footer_keys())  # none built again


async def test_the_views_not_looked_at_wait_for_a_pause_in_the_keys_and_for_a_screen_on_top(
    monkeypatch, tmp_path
):
    """F1 and Ctrl+P right after "since last time" closed waited behind the views mounting in
    the background: a key, or a screen on top, holds the next mount back."""
    monkeypatch.setattr(session_rest, "MOUNT_REST_AFTER", 600)  # held back at first
    app, w = session_app(tmp_path / "anja")
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        await pilot.pause()
        monkeypatch.setattr(session_rest, "MOUNT_REST_AFTER", 0.01)
        monkeypatch.setattr(session_rest, "MOUNT_NEXT_AFTER", 0.01)
        monkeypatch.setattr(session_rest, "KEY_REST_AFTER", 600)
        await pilot.press("down")  # a key: no view mounts until the person pauses
        screen._mount_rest()
        for _ in range(5):
            await pilot.pause()
        assert screen.rest_mounts == [] and len(screen.views()) == 1

        await pilot.press("f1")  # a screen on top: its keys first, nothing mounts beneath
        await until(lambda: isinstance(app.screen, HelpScreen))
        monkeypatch.setattr(session_rest, "KEY_REST_AFTER", 0.01)
        app.last_key_at = 0.0
        screen._mount_next()
        for _ in range(5):
            await pilot.pause()
        assert screen.rest_mounts == [] and len(screen.views()) == 1

        await pilot.press("escape")  # back, and still: they come, one at a time
        await until(lambda: len(screen.views()) == len(screen.phases))
        assert all(len(mounted) == 1 for mounted in screen.rest_mounts)


async def test_the_check_of_what_was_read_back_waits_until_the_opened_screen_is_still(
    monkeypatch, tmp_path
):
    """At 5,000 records the node's check of the records it read back runs for seconds after
    the start, each slice holding the interpreter: a session opened from the lobby meanwhile
    shared its opening with it (~100 ms of CPU, issue 15). The slices after the one under way
    wait until the screen is drawn and still; then the check goes on to its end."""
    monkeypatch.setattr(read_back, "CHECK_SLICE", 5)  # the 30-contribution session: 9 slices
    monkeypatch.setattr(read_back, "CHECK_REST_MAX", 0.001)  # quicker than the opening
    first = threading.Event()  # the first slice is under way as the session is opened
    checked: list[str] = []  # the check's slices and the screen's release, in their order
    check = read_back.unsigned

    def unsigned(records):  # type: ignore[no-untyped-def]
        if threading.current_thread().name.startswith("beraad-verify"):  # the check's slice
            checked.append("slice")
            assert first.wait(60)
        return check(records)

    monkeypatch.setattr(read_back, "unsigned", unsigned)
    release = read_back.NodeReadBack.release_checks

    def released(node) -> None:  # type: ignore[no-untyped-def]
        checked.append("still")
        release(node)

    monkeypatch.setattr(read_back.NodeReadBack, "release_checks", released)
    app, w = session_app(tmp_path / "anja")
    async with app.run_test(size=SIZE):
        await until(lambda: app.bridge is not None and checked == ["slice"])
        app.open_session(w.session)
        await until(lambda: isinstance(app.screen, SessionScreen) and app.screen._checks_held)
        first.set()
        await asyncio.wait_for(app.bridge.node.read_back_checked(), 60)
        assert checked[:2] == ["slice", "still"], checked  # none while the screen opened
        assert checked[2:] == ["slice"] * 8
        assert app.screen.rest_mounts  # released where the views behind begin to come
