"""Naive s17 F2: a sentence typed in a past phase's list is never taken as its keys. With the
group deciding (a weighted matrix: no box there), Anja looked at Positions and typed; a
sentence starting with `n` opened the experience box at once, and "ieuwe bankjes" was
signed as a note. A key that opens a box, pressed with no row chosen, now proposes as a row
key does: the sentence stays whole, kept unsent in the Positions box; `n` then Enter still
opens the note. The real app, node and store, at 80×24."""

from __future__ import annotations

import pytest

from beraad.ui.widgets.vote_notice import Notice
from tests.ui.burst import burst
from tests.ui.phases_app import SIZE
from tests.ui.stored_app import session_opened
from tests.ui.stored_app import until as until_app
from tests.ui.test_naive_s6 import opened_by
from tests.ui.test_naive_s7_typed import in_list_of
from tests.ui.test_naive_s15_kept import by_matrix

pytestmark = pytest.mark.timeout(90)


async def test_a_sentence_typed_in_positions_looked_at_from_decide_is_kept_whole(tmp_path):
    """Without the fix the `n` opened the note box and the rest was signed as a note."""
    w = by_matrix("decide")
    app = opened_by(w, tmp_path / "bart", 1)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        await until_app(lambda: screen.viewing == "decide")
        screen.look_at("positions")
        view = screen.view("positions")
        await until_app(lambda: screen.viewing == "positions" and in_list_of(screen, view))
        assert view.tree.current is None  # no row chosen: the list as it arrives
        box = view.text_box()
        burst(app, "nieuwe bankjes")
        await until_app(lambda: box.value == "nieuwe bankjes")
        assert view.composer.mode == "position" and screen.focused is box
        notice = view.query_one(Notice)
        assert "Kept here, not sent" in notice.message
        await pilot.press("enter")
        await until_app(lambda: "Not sent: the group is in Decide" in notice.message)
        assert box.value == "nieuwe bankjes"
        assert len(screen.node.records(w.session)) == len(w.records)  # nothing signed

        # `n` alone, then Enter: the general note it proposes.
        await pilot.press("ctrl+u", "shift+tab")
        await until_app(lambda: in_list_of(screen, view))
        await pilot.press("n")
        await until_app(lambda: "Write your experience, as a general note?" in notice.message)
        assert view.composer.mode == "position"
        await pilot.press("enter")
        await until_app(lambda: view.composer.mode == "note" and screen.focused is box)
        burst(app, "Too few benches")
        await pilot.press("enter")
        state = screen.node.state
        await until_app(lambda: len(state(w.session).notes) == 1)
        assert [n.text for n in state(w.session).notes.values()] == ["Too few benches"]
