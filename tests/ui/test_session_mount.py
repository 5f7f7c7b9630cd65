"""The session screen composes only the view looked at, and mounts the others later (or when
first looked at); F1 leaves the screen below alone; a peer's record draws only what shows it.
The work is counted (views mounted, views drawn), never timed. One real app on a real node and
store; the peer's records are signed and arrive through the node as from the network."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.containers import VerticalScroll

from benchmarks.ui import build_session, peer_vote
from beraad.ui.app import BeraadApp
from beraad.ui.phases.base import PhaseView
from beraad.ui.phases.knots import KnotsView
from beraad.ui.phases.opening import OpeningView
from beraad.ui.screens import session_rest
from beraad.ui.screens.help import HelpScreen
from beraad.ui.screens.session import SessionScreen
from tests.ui.conftest import SIZE
from tests.ui.stored_app import count_shows, session_opened, stored_app, until

pytestmark = pytest.mark.timeout(120)


def session_app(home: Path) -> tuple[BeraadApp, object]:
    """Anja's app over the benchmark's small session (the group in the decide phase)."""
    w = build_session(30)
    return stored_app(w, home), w


async def test_only_the_view_looked_at_is_composed_and_the_others_come_when_looked_at(
    monkeypatch, tmp_path
):
    monkeypatch.setattr(session_rest, "MOUNT_REST_AFTER", 600)  # not during this test
    app, w = session_app(tmp_path / "anja")
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        assert screen.viewing == "decide"
        assert [view.phase for view in screen.query(PhaseView)] == ["decide"]
        assert app.focused is not None and screen.view("decide") in app.focused.ancestors

        await pilot.press("f3")  # a view not mounted yet: it comes, drawn, with the keys
        await until(lambda: screen.view("options").is_mounted and screen.viewing == "options")
        options = screen.view("options")
        # From Decide no option can be added: no box (naive s7 finding 6), the list has the keys
        await until(lambda: app.focused is not None and options in app.focused.ancestors)
        assert options.display and not screen.view("decide").display
        assert "options" in screen._shown and "options" not in screen._stale
        assert sorted(view.phase for view in screen.query(PhaseView)) == ["decide", "options"]

        screen.look_at("knots")  # straight from the palette, two phases away
        knots = screen.view("knots")
        assert isinstance(knots, KnotsView)
        await until(lambda: knots.is_mounted and knots.display and "knots" in screen._shown)
        bart = w.who[1].public_key
        labels = [child.data.label.plain for child in knots.tree.root.children if child.data]
        his = [k.text for k in screen.state.knots.values() if k.author == bart]
        assert his and any(his[0] in label for label in labels)

        # What the timer does once the screen has been left still: one view per still moment.
        monkeypatch.setattr(session_rest, "MOUNT_REST_AFTER", 0.01)
        screen._mount_rest()
        await until(lambda: len(screen.views()) == len(screen.phases))
        assert all(len(mounted) == 1 for mounted in screen.rest_mounts)
        ids = [view.id for view in screen.query(PhaseView)]
        assert sorted(ids) == sorted(f"view-{phase}" for phase in screen.phases)  # each once
        shown = [view.phase for view in screen.views() if view.display]
        assert shown == ["knots"]  # the ones mounted behind it stay hidden
        await pilot.press("f5")  # back where the group is
        await until(lambda: screen.viewing == "decide" and screen.view("decide").display)
        assert not knots.display


async def test_f1_leaves_the_session_screen_alone_and_its_text_scrolls_without_the_focus(
    monkeypatch, tmp_path
):
    app, w = session_app(tmp_path / "anja")
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        await until(lambda: len(screen.views()) == len(screen.phases))
        await pilot.pause()
        drawn = count_shows(monkeypatch, (type(v) for v in screen.views()))
        composed: list[object] = []
        redraws = [0]
        original_redraw = screen.redraw

        def counted_redraw() -> None:
            redraws[0] += 1
            original_redraw()

        monkeypatch.setattr(screen, "redraw", counted_redraw)
        original_compose = SessionScreen.compose

        def counted_compose(self):  # type: ignore[no-untyped-def]
            composed.append(self)
            return original_compose(self)

        monkeypatch.setattr(SessionScreen, "compose", counted_compose)
        focused = app.focused
        helps: list[object] = []
        for _ in range(2):
            await pilot.press("f1")
            await until(lambda: isinstance(app.screen, HelpScreen))
            help_screen = app.screen
            helps.append(help_screen)
            await pilot.pause()
            scroll = help_screen.query_one(VerticalScroll)
            assert scroll.scroll_y == 0  # a kept help opens at the top again
            assert app.focused is None  # nothing in the help takes the focus
            await pilot.press("end")
            await until(lambda s=scroll: s.scroll_y == s.max_scroll_y)
            assert scroll.max_scroll_y > 0  # the help is longer than its box at 80×24
            await pilot.press("home")
            await until(lambda s=scroll: s.scroll_y == 0)
            await pilot.press("down")
            await until(lambda s=scroll: s.scroll_y == 1)
            await pilot.press("escape")
            await until(lambda: app.screen is screen)
            await pilot.pause()
        assert (drawn, composed, redraws[0]) == ([], [], 0)
        assert app.focused is focused  # the keys are back where they were
        assert helps[0] is helps[1]  # the same help again: kept, not built twice
        screen.look_at("knots")  # another view adds its own help: a new one
        await until(lambda: screen.view("knots").display)
        await pilot.press("f1")
        await until(lambda: isinstance(app.screen, HelpScreen) and app.screen is not helps[0])
        assert not helps[0].is_attached  # the one kept before is let go


async def test_a_peers_vote_draws_neither_the_opening_nor_the_views_behind(monkeypatch, tmp_path):
    app, w = session_app(tmp_path / "anja")
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        await until(lambda: len(screen.views()) == len(screen.phases))
        screen.look_at("opening")  # drawn once: it then knows the state and who is here
        await until(lambda: "opening" in screen._shown)
        screen.look_at("decide")
        await pilot.pause()
        drawn = count_shows(monkeypatch, (type(v) for v in screen.views()))
        node = screen.node
        for tick in range(1, 4):
            version = node.state_version(w.session)
            node.ingest(w.session, [peer_vote(w, tick)])
            await until(
                lambda version=version: (
                    screen._shown.get("decide", 0) > version and not screen._redraw_pending
                )
            )
        assert drawn == ["decide"] * 3  # not the opening (it was drawn per record before)
        assert isinstance(screen.view("opening"), OpeningView)
