"""The app on a journal that lost one line (attack s13 #2): offline, before anyone links, it
shows the session as it was left (phase, members, the records after the line) but the records
of the line's author after it, says whose wait and how many, in the person's language, and
keeps the damaged line's bytes beside the journal when it rewrites it."""

from __future__ import annotations

import json

import pytest

from beraad.core.record import Record
from beraad.i18n import translate
from beraad.store import RecordStore
from beraad.store.records import STORE_DIR
from beraad.ui.notice_line import _in_turns as said
from tests.lost_line import CHRIS, WAITING, climbed_past_a_lost_line
from tests.ui.conftest import SIZE
from tests.ui.stored_app import loopback_app, session_opened, until

WAIT_WORDS = {
    "en": f"{WAITING} records by {CHRIS} wait for their record number 2",
    "nl": f"{WAITING} records van {CHRIS} wachten op hun record nummer 2",
}


@pytest.mark.both_languages
async def test_the_app_shows_all_after_a_damaged_line_and_says_what_waits(language, tmp_path):
    home = tmp_path / "anja"
    lost = climbed_past_a_lost_line(home, language)
    app = loopback_app(home)
    title = translate("Incomplete", language)
    async with app.run_test(size=SIZE):
        screen = await session_opened(app, lost.session)
        # Before: phase Knots and three members (Dewi's admission waited as "lamport ahead").
        assert screen.state.phase == "positions"
        assert len(screen.state.members) == 4
        texts = {item.text for item in screen.state.knots.values()}
        assert "Bart climbs 2" in texts and not any(t.startswith("Chris waits") for t in texts)
        # said in turns at 80 columns; whole, it is kept here
        await until(lambda: any(n.title == title for n, _ in said(app).values()))
        (note,) = [str(n.message) for n, _ in said(app).values() if n.title == title]
        assert WAIT_WORDS[language] in " ".join(note.split()), note
    # The line was set aside as it was damaged, byte for byte; the journal rewritten without
    # it still holds every other record, Chris's waiting ones too.
    (copy,) = (home / STORE_DIR).glob("records.jsonl.damaged-*")
    assert copy.read_bytes() == lost.damaged
    with RecordStore.open(home, readonly=True) as store:
        assert len(store.records(lost.session)) == lost.written - 1


async def test_ones_own_damaged_line_is_said_before_typing_and_whole_again_after(tmp_path):
    """On Chris's own device the lost line is his own record 2 (naive s16 N1): coming in, he
    reads that nothing of his is signed until it comes back, before he types a word; a
    bundle from a peer brings it back, and he reads that he can send again."""
    home = tmp_path / "chris"
    lost = climbed_past_a_lost_line(home, chris=True)
    app = loopback_app(home)
    async with app.run_test(size=SIZE):
        screen = await session_opened(app, lost.session)
        await until(lambda: any(n.title == "Incomplete" for n, _ in said(app).values()))
        (note,) = [str(n.message) for n, _ in said(app).values() if n.title == "Incomplete"]
        note = " ".join(note.split())
        assert f"your own record 2 is missing on this device ({WAITING} later ones" in note, note
        assert note.startswith("Not signed yet"), note  # first: at 80 columns the end is cut
        assert f"records by {CHRIS}" not in note, note  # his own, not in the third person
        assert screen.node.writes_wait(lost.session)
        line = json.loads(lost.line)[2]["record"]
        screen.node.ingest(lost.session, [Record.from_dict(line)])  # a peer's bundle, imported
        screen.redraw()
        await until(
            lambda: (
                any("whole again" in str(n.message) for n, _ in said(app).values())
                or any("whole again" in str(n.message) for n in app._notifications)
            )
        )
        assert not screen.node.writes_wait(lost.session)
