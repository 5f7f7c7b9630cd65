"""How the meeting tools look at 80×24, in English and in Dutch.

The records are ``meeting_table``'s (fixed keys, fixed times), written into a real node's store;
the viewer is Anja, the first of them, scribe for Amina; the clock is fixed 2.5 minutes after
the timer started. SVGs are made with ``--snapshot-update`` and looked at, never edited by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App

from beraad.i18n import set_language
from beraad.identity_file import KEY_FILE, save_profile
from beraad.node import Node
from beraad.store import RecordStore
from beraad.ui.screens.meeting import MeetingScreen
from tests.ui.phases_app import CSS, SIZE
from tests.ui.test_meeting_status import meeting_table
from tests.ui.test_session_flow import until

GROUP_KEY = bytes(range(32, 64))


class SnapshotApp(App[None]):
    CSS_PATH = str(CSS)

    def __init__(self, home: Path, session: str, now: int) -> None:
        super().__init__()
        self.home, self.session, self.now = home, session, now
        self.node: Node | None = None

    async def on_mount(self) -> None:
        self.node = await Node.open(self.home, host="127.0.0.1", discovery=False)
        screen = MeetingScreen(self.node, self.session, speaker="Amina", clock=lambda: self.now)
        await self.push_screen(screen)

    async def on_unmount(self) -> None:
        if self.node is not None:
            await self.node.close()


@pytest.mark.parametrize("language", ["en", "nl"])
def test_meeting_screen(snap_compare, tmp_path, language):
    set_language(language)
    table = meeting_table()
    home = tmp_path / "anja"
    home.mkdir()
    (home / KEY_FILE).write_bytes(table.people[0].to_pem())
    save_profile(home, "Anja", language, chosen=True)
    with RecordStore.open(home) as store:
        store.append_many(table.fold.records)
        store.set_session_local(table.session, {"group_key": GROUP_KEY.hex()})
    app = SnapshotApp(home, table.session, table.state.timer.at + 150_000)

    async def settled(pilot) -> None:
        await until(lambda: isinstance(app.screen, MeetingScreen), pilot)
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=settled)
