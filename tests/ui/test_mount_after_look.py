"""A person looking through the phases (F3, read a few tenths of a second, F3 …) finds each
view mounted, laid out and drawn behind by the time they look: after a look the views not
looked at yet come in that pause, each drawn ahead before a farther one mounts. After a typing
key they wait for the keys to pause (``KEY_REST_AFTER``), as before. In a real terminal the
first round of looks used to find no view mounted — the views waited for half a second
without keys, and a person reading 0.3 s never gave it — so each first look mounted its view
on the key and showed it in three to five pane states (issue 15, ``benchmarks/tmux_ui.py``).
Which views are mounted and drawn is checked, never how long it took: the pause a typist needs
is made endless here, so only the rule after a look can mount anything. Real app, node, store.
"""

from __future__ import annotations

import pytest

from beraad.ui.screens import session_rest
from tests.ui.conftest import SIZE
from tests.ui.stored_app import session_opened, until
from tests.ui.test_session_mount import session_app

pytestmark = pytest.mark.timeout(120)


async def test_after_a_look_the_views_behind_mount_and_draw_while_the_person_reads(
    monkeypatch, tmp_path
):
    monkeypatch.setattr(session_rest, "MOUNT_REST_AFTER", 600)  # held back at first
    monkeypatch.setattr(session_rest, "KEY_REST_AFTER", 600)  # a typist never pauses enough
    app, w = session_app(tmp_path / "anja")
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        await pilot.pause()
        monkeypatch.setattr(session_rest, "MOUNT_REST_AFTER", 0.01)

        await pilot.press("down")  # typing (the ballot's cursor): nothing mounts behind it
        screen._mount_rest()
        for _ in range(5):
            await pilot.pause()
        assert screen.rest_mounts == [] and len(screen.views()) == 1

        await pilot.press("f3")  # a look: the person reads, the others come meanwhile
        await until(lambda: screen.viewing == "options")
        await until(lambda: len(screen.views()) == len(screen.phases))
        behind = {phase for phase in screen.phases if phase not in ("options", "decide")}
        # Each drawn ahead too (the lines its first look paints), not only once the keys
        # have paused for ``KEY_REST_AFTER``.
        await until(lambda: set(screen._drawn_behind) >= behind)
        phases = list(screen.phases)
        here = phases.index("options")
        ordered = sorted(behind, key=phases.index)  # a tie: the earlier phase first
        nearest = sorted(ordered, key=lambda p: abs(phases.index(p) - here))
        assert screen.rest_mounts == [[phase] for phase in nearest]  # one at a time
