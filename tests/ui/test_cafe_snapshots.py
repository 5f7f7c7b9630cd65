"""How the café looks at 80×24: a host's screen in round 2 (en, nl) and the projector.

The records are ``tests/core/test_cafe``'s room (fixed keys, fixed times), written into a real
node's store; the viewer is Driss, host of table 2; the clock is fixed 2.5 minutes into the
round. SVGs are made with ``--snapshot-update`` and looked at, never edited by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App

from beraad.i18n import set_language
from beraad.identity_file import KEY_FILE, save_profile
from beraad.node import Node
from beraad.store import RecordStore
from beraad.ui.projector import ProjectorApp
from beraad.ui.screens.cafe import CafeScreen
from tests.core.test_cafe import FACILITATOR, PEOPLE, Room, planned
from tests.ui.phases_app import CSS, SIZE
from tests.ui.phases_text import screen_text

GROUP_KEY = bytes(range(32, 64))
DRISS = PEOPLE[3]


def second_round() -> Room:
    room = Room()
    room.ok(FACILITATOR, "cafe.setup", planned())
    room.ok(FACILITATOR, "cafe.round", {"round": 1})
    for who in PEOPLE:
        room.ok(who, "knot.add", {"text": "Meer bankjes op het plein"})
    room.ok(PEOPLE[1], "knot.add", {"text": "Een moestuin", "speaker": "Lot"})
    room.ok(FACILITATOR, "cafe.end", {})
    room.ok(FACILITATOR, "cafe.round", {"round": 2})
    return room


def home_of(tmp_path: Path, room: Room, language: str) -> Path:
    home = tmp_path / "driss"
    home.mkdir()
    (home / KEY_FILE).write_bytes(DRISS.to_pem())
    save_profile(home, "Driss", language, chosen=True)
    with RecordStore.open(home) as store:
        store.append_many(room.records)
        store.set_session_local(room.session, {"group_key": GROUP_KEY.hex()})
    return home


class SnapshotApp(App[None]):
    CSS_PATH = str(CSS)

    def __init__(self, home: Path, session: str, now: int) -> None:
        super().__init__()
        self.home, self.session, self.now = home, session, now
        self.node: Node | None = None

    async def on_mount(self) -> None:
        self.node = await Node.open(self.home, host="127.0.0.1", discovery=False)
        await self.push_screen(CafeScreen(self.node, self.session, clock=lambda: self.now))

    async def on_unmount(self) -> None:
        if self.node is not None:
            await self.node.close()


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_host_in_round_two(snap_compare, tmp_path, language):
    set_language(language)
    room = second_round()
    app = SnapshotApp(
        home_of(tmp_path, room, language), room.session, room.state.timer.at + 150_000
    )

    async def settled(pilot) -> None:
        for _ in range(1_000):  # at most 20 s
            if isinstance(app.screen, CafeScreen) and "Driss (" in screen_text(app):
                break
            await pilot.pause(0.02)
        await pilot.pause()

    try:
        assert snap_compare(app, terminal_size=SIZE, run_before=settled)
    finally:
        set_language("en")


def test_the_projector_in_round_two(snap_compare, tmp_path):
    set_language("en")
    room = second_round()
    home = home_of(tmp_path, room, "en")

    async def opener() -> Node:
        return await Node.open(home, host="127.0.0.1", discovery=False)

    app = ProjectorApp(
        opener, room.session, clock=lambda: room.state.timer.at + 150_000, beamer=False
    )

    async def settled(pilot) -> None:
        for _ in range(1_000):  # at most 20 s
            if app.node is not None and "Seating, round 2" in screen_text(app):
                break
            await pilot.pause(0.02)
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=settled)
