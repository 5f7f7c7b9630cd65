"""An outsider's flood of mDNS adverts leaves an open session alone (attack s12 #4).

In a session, 1,500 adverts made a typed letter take 2.2–2.5 s to show for the minute they
came: each advert reached the app as its own message, and the session screen took the
session-less change for one of its own and drew every view again. Now the bridge posts one
change nearby at a time (the next once the app has taken it) and the session screen ignores
what names no session. The real app on a real node and store (Pilot); the adverts are put in a
real ``Discovery`` (never started: nothing goes on the network), each told as the node tells a
change.
"""

from __future__ import annotations

import asyncio

import pytest

from benchmarks.ui import build_session
from beraad.net.discovery import Discovery, Nearby
from tests.ui.conftest import SIZE
from tests.ui.stored_app import session_opened, stored_app, until

pytestmark = pytest.mark.timeout(120)

ADVERTS = 300


async def test_a_flood_of_adverts_draws_nothing_in_an_open_session(tmp_path):
    w = build_session(30)
    app = stored_app(w, tmp_path / "anja")
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        await pilot.pause()
        await until(lambda: not screen._redraw_pending)
        node = screen.node
        discovery = node.discovery = Discovery(on_change=node._nearby_changed)
        bridge = app.bridge
        posted = []
        post = bridge._post
        bridge._post = lambda message: (posted.append(message), post(message))
        redraws = screen.redraws
        for n in range(ADVERTS):  # one machine, each advert its own session and port
            discovery._table[f"flood-{n}"] = Nearby(
                f"{n:032x}", f"a{n}", "10.0.0.66", 7000 + n, 1 + n % 99, f"Flood {n:03d}"
            )
            discovery._notify()
            if n % 50 == 0:
                await pilot.pause()  # the app takes some as they come, as on a real loop
        handled = asyncio.Event()
        app.call_later(handled.set)  # behind every message the flood posted
        await until(handled.is_set)
        await pilot.pause()
        await until(lambda: not screen._redraw_pending)
        assert screen.redraws == redraws  # before: a redraw of every view per calm interval
        assert len(posted) <= ADVERTS // 50 + 2, len(posted)  # before: one message per advert
