"""While a session screen is up, what it holds is kept from the cycle collector (a full
collection over a 5,000-contribution session stalled keys for 100–500 ms); leaving the
session gives it back. Counted (objects frozen), never timed. A real app on a real node."""

from __future__ import annotations

import gc

import pytest

from beraad.ui.screens import session_rest
from beraad.ui.screens.session import SessionScreen
from tests.ui.conftest import SIZE
from tests.ui.stored_app import session_opened, until
from tests.ui.test_session_mount import session_app

pytestmark = pytest.mark.timeout(120)


async def test_a_drawn_session_is_frozen_and_leaving_it_unfreezes(monkeypatch, tmp_path):
    monkeypatch.setattr(session_rest, "MOUNT_REST_AFTER", 0.05)
    gc.unfreeze()
    app, w = session_app(tmp_path / "anja")
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen = await session_opened(app, w.session)
            await until(lambda: screen._settler.settled)  # (frozen from the opening on)
            assert gc.get_freeze_count() > 0
            await pilot.press("ctrl+l")  # back to the lobby: the session screen goes
            await until(lambda: not isinstance(app.screen, SessionScreen))
            await until(lambda: gc.get_freeze_count() == 0)
    finally:
        gc.unfreeze()


def test_a_settler_freezes_again_only_after_the_session_grew_a_lot():
    from beraad.ui.settle import REFREEZE_AFTER, Settler

    gc.unfreeze()
    settler = Settler()
    try:
        settler.settle(10)
        first = gc.get_freeze_count()
        assert first > 0
        kept = [[n] for n in range(5_000)]  # new long-lived objects (lists are tracked)
        settler.settle(10 + REFREEZE_AFTER - 1)
        # grown a little: nothing more frozen (the count may fall: a frozen object another
        # thread lets go is freed all the same; a second freeze would add the 5,000 lists)
        assert gc.get_freeze_count() <= first
        settler.settle(10 + REFREEZE_AFTER)
        # the 5,000 lists frozen now; some of what was frozen first may have been freed
        # meanwhile (4,997 more in CI once), so not exactly first + 5,000
        assert gc.get_freeze_count() >= first + len(kept) // 2
        settler.release()
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()


async def test_what_the_session_holds_is_frozen_from_the_opening_on(monkeypatch, tmp_path):
    """The records and the folded state are in memory before the screen opens; the opening's
    garbage made full collections that walked them all (at 5,000 contributions 70–130 ms of
    the opening, in its first frame or in the tally's thread). They are frozen as the screen
    is composed, before it is drawn; leaving it still gives everything back."""
    seen: list[tuple[int, bool]] = []
    mounted = SessionScreen.on_mount

    def on_mount(self):  # type: ignore[no-untyped-def]
        seen.append((gc.get_freeze_count(), self._settler.settled))
        return mounted(self)

    monkeypatch.setattr(SessionScreen, "on_mount", on_mount)
    monkeypatch.setattr(session_rest, "MOUNT_REST_AFTER", 600)  # not settled meanwhile
    gc.unfreeze()
    app, w = session_app(tmp_path / "anja")
    try:
        async with app.run_test(size=SIZE) as pilot:
            await session_opened(app, w.session)
            assert seen and seen[0][0] > 0 and not seen[0][1]  # frozen, not yet settled
            await pilot.press("ctrl+l")
            await until(lambda: not isinstance(app.screen, SessionScreen))
            await until(lambda: gc.get_freeze_count() == 0)
    finally:
        gc.unfreeze()


def test_a_held_session_left_before_it_settled_is_given_back():
    from beraad.ui.settle import Settler

    gc.unfreeze()
    settler = Settler()
    try:
        settler.hold()
        assert settler.held and not settler.settled and gc.get_freeze_count() > 0
        settler.release()
        assert gc.get_freeze_count() == 0 and not settler.held
    finally:
        gc.unfreeze()
