"""``beraad demo`` without ``--headless``: the projector shows a simulated group live.

The members are real nodes on 127.0.0.1 joined by code (``LiveDemo`` plays ``run_demo``); the
projector shows the first member's node while the script plays, stays after it until the person
quits, and quitting closes every node. The command removes the members' temporary data dirs.
Every wait is on what the screen shows or on the demo's own state, never on a fixed time.
"""

from __future__ import annotations

import asyncio
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.css.query import NoMatches
from textual.pilot import Pilot

from beraad.commands.demo import end_message
from beraad.demo import LiveDemo
from beraad.node import Node
from beraad.scenarios import get_scenario
from beraad.ui.projector import BigWord, ProjectorApp
from tests.conftest import beraad_command
from tests.ui.phases_text import screen_text, screen_words
from tests.ui.tmux import Tmux, clean_env

pytestmark = pytest.mark.timeout(120)
SIZE = (80, 24)


async def until(pilot: Pilot, condition: Callable[[], object], timeout: float = 60) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not _holds(condition):
        if loop.time() > deadline:
            raise AssertionError(f"not shown within {timeout}s; screen:\n{screen_text(pilot.app)}")
        await pilot.pause(0.02)


def _holds(condition: Callable[[], object]) -> bool:
    """A screen read before its widgets are mounted does not hold yet (it is not an error)."""
    try:
        return bool(condition())
    except NoMatches:
        return False


def live_app(tmp_path: Path, speed: float) -> tuple[LiveDemo, ProjectorApp]:
    """The app exactly as ``beraad demo`` builds it."""
    live = LiveDemo(get_scenario("buurt"), "en", tmp_path, speed=speed)
    app = ProjectorApp(live.open, closer=live.close, beamer=False)
    live.on_end = lambda result, error: app.set_status(end_message(result, error))
    return live, app


async def assert_all_closed(tmp_path: Path) -> None:
    """Every member's node let go of its data dir (each can be opened again)."""
    dirs = sorted(tmp_path.glob("member-*"))
    assert len(dirs) == 5
    for path in dirs:
        node = await Node.open(path, listen=False, discovery=False)
        await node.close()


async def test_the_live_demo_shows_the_group_reach_the_decide_phase_and_stays(tmp_path: Path):
    live, app = live_app(tmp_path, speed=40)
    async with app.run_test(size=SIZE) as pilot:
        # Within seconds the newcomer sees the group at work: people, knots, then the vote.
        await until(pilot, lambda: "Amina · knot:" in screen_words(app))
        await until(pilot, lambda: app.query_one("#phase-name", BigWord).word == "Decide")
        assert "Votes in:" in screen_words(app) and "▸Decide" in screen_text(app)
        await until(pilot, lambda: "Press q to quit." in screen_words(app))
        assert live.result is not None and live.error is None
        assert "Decision: The teenagers build their hangout" in screen_words(app)
        # The script is over; the view (and the nodes under it) stay until the person quits.
        assert not live._task.done()  # type: ignore[union-attr]
        assert app.state().phase == "evaluate"
        await pilot.press("q")
    assert live._task.done()  # type: ignore[union-attr]
    assert len(set(live.result.hashes)) == 1
    await assert_all_closed(tmp_path)


async def test_quitting_in_the_middle_stops_the_demo_and_closes_every_node(tmp_path: Path):
    live, app = live_app(tmp_path, speed=4)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "knot:" in screen_words(app))
        await pilot.press("q")
    assert live._task.done() and live.result is None and live.error is None  # type: ignore[union-attr]
    await assert_all_closed(tmp_path)


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_the_command_opens_the_live_view_and_removes_its_data_dirs_on_exit(tmp_path: Path):
    temp = tmp_path / "tmp"
    temp.mkdir()
    with Tmux(80, 24) as term:
        term.start(
            [*beraad_command(), "demo", "--speed", "40", "--lang", "nl"],
            env=clean_env(TMPDIR=str(temp), BERAAD_HOME=str(tmp_path / "home")),
        )
        term.wait_for("▸Beslissen", timeout=60)
        # While it plays, the members' data dirs exist under the temporary dir.
        assert [p.name.startswith("beraad-demo-") for p in temp.iterdir()] == [True]
        # When the script ends the view stays, saying what was decided, until q.
        term.wait_for("Beslissing: De tieners", timeout=60)
        term.send("q")
        screen = term.wait_for("[exited 0]")
    assert re.search(r"toestandshash [0-9a-f]{64}", screen), screen
    assert not any(temp.iterdir()), list(temp.iterdir())


async def test_the_live_demo_of_a_trajectory_shows_since_last_time(tmp_path: Path):
    """``beraad demo --scenario traject``: the projector opens meeting 2 with the summary."""
    live = LiveDemo(get_scenario("traject"), "en", tmp_path, speed=10)
    app = ProjectorApp(live.open, closer=live.close, beamer=False)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "Meeting 1 has ended" in screen_words(app))
        await until(pilot, lambda: "Since last time — meeting 2" in screen_words(app))
        words = screen_words(app)
        assert "Sent nothing in meeting 1: Driss." in words, words
        assert "I was not there, but I would like" in words and "— Driss" in words
        await until(pilot, lambda: live.result is not None or live.error is not None)
        assert live.error is None and app.state().decisions[-1].meeting == 2
        await pilot.press("q")
