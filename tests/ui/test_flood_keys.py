"""A flood of well-signed records must not take the keys away (second attacker's findings): a
record the rules refuse draws nothing, a lobby under the session screen is not filled for every
record, a row added to a list paints the list without laying out the whole screen, a new group
writes one row of the table map, and the screen's redraws and the decide panel's tallies wait
as long as the last one cost. One real app on a real node and store; the peer's records are
signed and arrive through the node as from the network. Work is counted, never timed."""

from __future__ import annotations

import asyncio
import time
from itertools import pairwise

import pytest
from textual.screen import Screen

from benchmarks.ui import Writer, build_session, peer_vote
from beraad.core import session as bodies
from beraad.ui.app import BeraadApp
from beraad.ui.phases import decide_result
from beraad.ui.phases.decide import DecideView
from beraad.ui.screens.lobby import LobbyScreen
from beraad.ui.screens.session import KEYS_REDRAW_EVERY, SessionScreen
from beraad.ui.widgets.table_map import TableMap
from beraad.ui.widgets.vote_grid import VoteGrid
from tests.ui.conftest import SIZE
from tests.ui.stored_app import session_opened, stored_app, until

pytestmark = pytest.mark.timeout(240)


async def session_at(app: BeraadApp, w: Writer, pilot, phase: str) -> SessionScreen:  # type: ignore[no-untyped-def]
    screen = await session_opened(app, w.session)
    screen.look_at(phase)
    await until(lambda: not screen._redraw_pending)
    await pilot.pause()
    return screen


async def drawn(screen: SessionScreen, pilot) -> None:  # type: ignore[no-untyped-def]
    """The record just ingested has reached the screen and any redraw it asked for is done."""
    await pilot.pause()
    await until(lambda: not screen._redraw_pending)
    await pilot.pause()


def counting(monkeypatch, cls: type, name: str) -> list[float]:  # type: ignore[no-untyped-def]
    """Count calls of ``cls.name`` (each call's start time is kept)."""
    calls: list[float] = []
    original = getattr(cls, name)

    def counted(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(time.monotonic())
        return original(self, *args, **kwargs)

    monkeypatch.setattr(cls, name, counted)
    return calls


async def test_refused_records_draw_nothing_and_a_covered_lobby_waits(monkeypatch, tmp_path):
    w = build_session(300)
    app = stored_app(w, tmp_path / "anja")
    redraws = counting(monkeypatch, SessionScreen, "redraw")
    refills = counting(monkeypatch, LobbyScreen, "on_my_sessions_changed")
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_at(app, w, pilot, "opening")
        node = screen.node
        redraws.clear()
        refills.clear()
        for i in range(20):  # names longer than the rules allow: each one refused
            record = w.sign(1, "group.add", bodies.group_body(f"Group {i} " + "Z" * 60))
            node.ingest(w.session, [record])
            await drawn(screen, pilot)
            assert record.id in node.rejected(w.session)
        assert redraws == []  # nothing changed on any screen: nothing drawn
        assert refills == []

        for i in range(5):  # real groups: drawn, but the lobby under the screen waits
            node.ingest(w.session, [w.sign(1, "group.add", bodies.group_body(f"Group {i}"))])
            await drawn(screen, pilot)
        assert redraws
        assert len(screen.state.groups) == 5
        assert refills == []

        screen.action_lobby()  # the lobby shows again: now it is filled, once
        await until(lambda: isinstance(app.screen, LobbyScreen) and refills)
        await pilot.pause()
        assert len(refills) == 1


async def test_a_new_row_paints_the_list_without_laying_out_the_screen(monkeypatch, tmp_path):
    w = build_session(300)
    app = stored_app(w, tmp_path / "anja")
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_at(app, w, pilot, "positions")
        view = screen.view("positions")
        tree = view.tree
        node = screen.node
        positions = list(view.state.positions)
        await until(lambda: all(phase in screen._views for phase in screen.phases))
        await drawn(screen, pilot)  # every view mounted: what is laid out now is the records'
        layouts = counting(monkeypatch, Screen, "_refresh_layout")
        added = tree.nodes_added
        for i in range(20):
            note = bodies.note_body(positions[i % len(positions)], "experience", f"note {i}")
            node.ingest(w.session, [w.sign(1, "note.add", note)])
            await drawn(screen, pilot)
        assert tree.nodes_added - added == 20  # every note is in the list
        # The list already scrolls: a row more paints it; the screen keeps its layout.
        assert len(layouts) <= 2, len(layouts)


async def test_a_new_group_writes_one_row_of_the_table_map(tmp_path):
    w = build_session(300)
    app = stored_app(w, tmp_path / "anja")
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_at(app, w, pilot, "opening")
        table_map = screen.view("opening").query_one(TableMap)
        table = table_map.query_one("#groups")
        node = screen.node
        node.ingest(w.session, [w.sign(1, "group.add", bodies.group_body("Residents"))])
        await drawn(screen, pilot)
        assert table.row_count == 1
        added = []
        original = table.add_row

        def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
            added.append(kwargs.get("key"))
            return original(*args, **kwargs)

        table.add_row = counted  # type: ignore[method-assign]
        for i in range(10):
            node.ingest(w.session, [w.sign(1, "group.add", bodies.group_body(f"Group {i}"))])
            await drawn(screen, pilot)
        assert table.row_count == 11
        assert len(added) == 10  # one row each, not the whole table again


async def test_redraws_under_a_stream_wait_as_long_as_the_last_one_took(monkeypatch, tmp_path):
    """Records arrive all the time: between two redraws the loop is free at least as long as
    the first one took (keys come first), whatever the record rate."""
    w = build_session(300)
    app = stored_app(w, tmp_path / "anja")
    spans: list[tuple[float, float]] = []
    original = SessionScreen.redraw

    def timed(self):  # type: ignore[no-untyped-def]
        started = time.monotonic()
        original(self)
        spans.append((started, time.monotonic()))

    monkeypatch.setattr(SessionScreen, "redraw", timed)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_at(app, w, pilot, "positions")
        positions = list(screen.view("positions").state.positions)
        node = screen.node
        spans.clear()
        i = 0
        while len(spans) < 4:  # records keep coming while the screen redraws
            assert i < 20_000, "the screen never redrew under the stream"
            note = bodies.note_body(positions[i % len(positions)], "experience", f"note {i}")
            node.ingest(w.session, [w.sign(1, "note.add", note)])
            i += 1
            await asyncio.sleep(0)  # the next record comes as soon as the loop turns
        await drawn(screen, pilot)
        for (start, end), (following, _end) in pairwise(spans):
            assert following - end >= end - start, (start, end, following)


async def test_tallies_under_a_stream_of_votes_wait_as_long_as_the_last_one_cost(
    monkeypatch, tmp_path
):
    """A finished tally is shown, and the next one starts only after as long again (before,
    the next began in the same moment: the panel took the loop whole)."""
    monkeypatch.setattr(decide_result.tallied, "INLINE_WORK", 0)  # every tally in the thread
    w = build_session(1_000)
    app = stored_app(w, tmp_path / "anja")
    started: list[float] = []
    shown: list[tuple[float, float]] = []
    run = DecideView._show_result
    apply = DecideView._apply_result

    def counted_run(self, state):  # type: ignore[no-untyped-def]
        if not self._tallying:
            started.append(time.monotonic())
        run(self, state)

    def timed_apply(self, result):  # type: ignore[no-untyped-def]
        begun = time.monotonic()
        apply(self, result)
        shown.append((begun, time.monotonic()))

    monkeypatch.setattr(DecideView, "_show_result", counted_run)
    monkeypatch.setattr(DecideView, "_apply_result", timed_apply)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_at(app, w, pilot, "decide")
        view = screen.view("decide")
        assert isinstance(view, DecideView)
        await until(lambda: not view._tallying)
        node = screen.node
        started.clear()
        shown.clear()
        tick = 0
        while len(shown) < 4:  # votes keep coming while tallies run and are shown
            assert tick < 20_000, "the panel never showed a tally under the stream"
            node.ingest(w.session, [peer_vote(w, tick)])
            tick += 1
            await asyncio.sleep(0)  # the next vote as soon as the loop turns
        await until(lambda: not view._tallying and not screen._redraw_pending)
        for begun, end in shown[:-1]:
            after = [s for s in started if s >= end]
            if after:
                assert after[0] - end >= end - begun, (begun, end, after[0])
        assert view.state is node.state(w.session)


async def test_votes_streaming_in_repaint_the_decide_panel_without_laying_out_the_screen(
    monkeypatch, tmp_path
):
    """Each vote changes the panel's "So far: …" line; words that take as many lines repaint
    it where it is (every change laid out the whole screen, and keys waited behind it while a
    member sent votes). A slice of records costs one redraw, however many it holds."""
    w = build_session(300)
    app = stored_app(w, tmp_path / "anja")
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_at(app, w, pilot, "decide")
        view = screen.view("decide")
        assert isinstance(view, DecideView)
        await until(lambda: all(phase in screen._views for phase in screen.phases))
        await until(lambda: not view._tallying)
        await drawn(screen, pilot)
        rule = view.query_one("#rule-status")
        said = [str(rule.render())]
        layouts = counting(monkeypatch, Screen, "_refresh_layout")
        node = screen.node
        for tick in range(12):
            node.ingest(w.session, [peer_vote(w, tick)])
            await drawn(screen, pilot)
            await until(lambda: not view._tallying)
            await pilot.pause()
            said.append(str(rule.render()))
        changes = sum(1 for before, after in pairwise(said) if before != after)
        assert changes >= 2, said  # the line did change with the votes
        assert len(layouts) < changes, (len(layouts), said)

        redraws = screen.redraws
        node.ingest(w.session, [peer_vote(w, 100 + tick) for tick in range(40)])  # one slice
        await drawn(screen, pilot)
        assert screen.redraws - redraws == 1


async def test_while_keys_come_records_are_drawn_at_most_every_quarter_second(
    monkeypatch, tmp_path
):
    """A member's record between every two keys: the screen draws them at most every
    ``KEYS_REDRAW_EVERY`` while the keys come (each one cost a redraw and a tally that keys
    waited behind), and all of them once the keys pause."""
    w = build_session(300)
    app = stored_app(w, tmp_path / "anja")
    starts = counting(monkeypatch, SessionScreen, "redraw")
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_at(app, w, pilot, "decide")
        grid = screen.view("decide").query_one("#ballot", VoteGrid)
        screen.set_focus(grid)
        await drawn(screen, pilot)
        node = screen.node
        starts.clear()
        began = time.monotonic()
        tick = 0
        while time.monotonic() - began < 4 * KEYS_REDRAW_EVERY or len(starts) < 3:
            assert tick < 2_000, "the screen never drew the records under the keys"
            await pilot.press("down" if tick % 2 == 0 else "up")
            node.ingest(w.session, [peer_vote(w, tick)])
            tick += 1
            await pilot.pause()
        gaps = [after - before for before, after in pairwise(starts)]
        assert len(gaps) < tick  # fewer redraws than records
        assert min(gaps) >= KEYS_REDRAW_EVERY * 0.99, gaps
        await drawn(screen, pilot)  # the keys paused: what came is drawn
        assert screen.state is node.state(w.session)
