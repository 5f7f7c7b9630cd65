"""A person typing a position while a peer adds positions under the same tree is not made to
wait in a full collection of the cycle collector (issue 15, F1). Each peer record leaves new
lines behind; a still moment half a second after a key collected them fully (0.2 s at load 20
in a 5,000-record session) and the next key waited in it, once per peer record. The still
moment's collection now waits until the person stopped typing. Counted (the collections the
screen makes), never timed. The real app on a real node and store (the benchmark's session at
150 contributions, the group taken back to Positions).
"""

from __future__ import annotations

import gc
import time

import pytest
from textual.widgets import Input

from benchmarks.ui import build_session
from beraad.core import session as bodies
from beraad.ui import settle
from beraad.ui.screens import session_rest
from tests.ui.stored_app import session_opened, stored_app, until
from tests.ui.test_switch_work import settled

pytestmark = pytest.mark.timeout(120)

CONTRIBUTIONS = 150
#: Keys typed, one peer position before each (a typist's pause after it: see below).
KEYS = "lampen"


async def test_typing_while_a_peer_adds_positions_is_not_collected_under(monkeypatch, tmp_path):
    monkeypatch.setattr(session_rest, "MOUNT_REST_AFTER", 0.05)
    # Any growth since the last pass collects (at 5,000 records each peer record's lines are
    # thousands of objects; at 150 a few hundred).
    monkeypatch.setattr(settle, "TIDY_AFTER", 1)
    gc.unfreeze()
    w = build_session(CONTRIBUTIONS)
    w.write(0, "phase.move", bodies.move_body("positions"))  # the group back in Positions
    knot = next(r.id for r in w.records if r.kind == "knot.add")
    app = stored_app(w, tmp_path)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await session_opened(app, w.session)
            await until(lambda: len(screen.views()) == len(screen.phases))
            settler = screen._settler
            await until(lambda: settler.settled)
            screen.look_at("positions")
            await settled(pilot, screen)
            box = screen.view("positions").query_one("#position-text", Input)
            box.focus()
            await until(lambda: app.focused is box)
            # When each collection the screen makes comes, seconds after the person's last key.
            after_key: list[float] = []
            tidy = settler.tidy

            def timed_tidy() -> bool:
                after_key.append(time.monotonic() - app.last_key_at)
                return tidy()

            settler.tidy = timed_tidy  # type: ignore[method-assign]
            pause = session_rest.KEY_REST_AFTER + settle.TIDY_STILL + 3 * settle.TIDY_CHECK
            for n, key in enumerate(KEYS):
                record = w.sign(1, "position.add", bodies.position_body(knot, f"Peer {n}"))
                screen.node.ingest(w.session, [record])
                await settled(pilot, screen)  # the peer's position is drawn
                expected = box.value + key
                await pilot.press(key)
                await until(lambda expected=expected: box.value == expected)
                # The typist's rhythm, not a synchronisation: a pause between two keys past the
                # screen's key rest and still moment, in which the old code collected.
                await until(lambda: time.monotonic() - app.last_key_at > pause)
            typing = len(after_key)
            # None while the person typed: each waits until they stopped for a while (a loaded
            # machine may stretch a pause that long; the old code collected a second after).
            assert all(gap >= settle.TIDY_AFTER_TYPING for gap in after_key), after_key
            # Stopped typing: the collection comes then.
            await until(lambda: len(after_key) > typing, timeout=30)
            assert box.value == KEYS
    finally:
        gc.unfreeze()
