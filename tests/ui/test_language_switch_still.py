"""A language switch composes the session screen anew. On a slow machine a still moment's
check (``ui/settle.py``: a view behind drawn ahead, then a collection) came while the screen's
parts were gone, and the app ended on NoMatches '#viewing' (found with the CPU loaded, in
``test_language_keeps_ballot``). Here the switch is held between its parts' removal and the
new ones' mount, as a slow machine holds it, while the checks run. The real app on a real
node and store."""

from __future__ import annotations

import pytest

from benchmarks.ui import build_session
from beraad.i18n import set_language
from beraad.ui.screens import session_rest
from tests.ui.stored_app import session_opened, stored_app, until

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(autouse=True)
def _english_after():
    yield
    set_language("en")


async def test_still_moments_during_a_language_switch_wait_for_its_end(monkeypatch, tmp_path):
    monkeypatch.setattr(session_rest, "MOUNT_REST_AFTER", 0.05)
    w = build_session(10)
    app = stored_app(w, tmp_path / "anja")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await session_opened(app, w.session)
        await until(lambda: len(screen.views()) == len(screen.phases))
        settler = screen._settler
        await until(lambda: settler.settled)
        checks = [0]  # still-moment checks while the screen had no parts
        check, mount_all = settler._check, screen.mount_all

        def counted(*args):  # type: ignore[no-untyped-def]
            checks[0] += screen._relabelling
            return check(*args)

        async def held(*args, **kwargs):  # type: ignore[no-untyped-def]
            if screen._relabelling:  # the old parts are gone: a slow machine's second
                await until(lambda: checks[0] >= 10 or app._exception is not None)
            return await mount_all(*args, **kwargs)

        settler._check = counted  # type: ignore[method-assign]
        screen.mount_all = held  # type: ignore[method-assign]
        screen.focus_next()  # a paint after the last still moment: the next one is looked at
        await pilot.pause()
        await app.switch_language("nl", save=False)
        assert checks[0] >= 10
        assert app._exception is None and screen.query_one("#viewing")  # composed anew, alive
