"""While keys come, a peer's record is drawn after the next key is answered, not before it.

A vote's redraw and its frame cost about two keys' time at 5,000 contributions; landing just
before a key, it made that key wait for both (the decide key's p99). While the person types,
the screen draws a record that arrived right after the next key has acted and been painted —
in the gap after a key — or, if no key comes, once the person has paused (``KEY_GAP``) and at
the latest ``KEYS_REDRAW_EVERY`` later. Real app, real store, the peer's signed vote arriving
through the node. (``KEY_GAP`` is made long here: on a loaded machine the test's own steps
between two keys can take longer than a person's pause.)
"""

from __future__ import annotations

import pytest
from textual import events

from benchmarks.ui import build_session, peer_vote
from beraad.ui.screens import session as session_screen
from beraad.ui.screens import session_rest
from beraad.ui.widgets.vote_grid import VoteGrid
from tests.ui.conftest import SIZE
from tests.ui.stored_app import stored_app, until
from tests.ui.test_decide_burst import in_decide, settled

pytestmark = pytest.mark.timeout(120)


async def test_a_record_arriving_while_keys_come_is_drawn_after_the_next_key(tmp_path, monkeypatch):
    monkeypatch.setattr(session_screen, "KEY_GAP", 60.0)
    # Keys count as still coming however long the test's steps after one take (on a loaded
    # machine the record came over half a second after the key: drawn before the next).
    rest_after = session_rest.KEY_REST_AFTER
    monkeypatch.setattr(session_rest, "KEY_REST_AFTER", 60.0)
    w = build_session(10)
    app = stored_app(w, tmp_path / "anja")
    async with app.run_test(size=SIZE) as pilot:
        screen, view = await in_decide(app, w, pilot)
        grid = view.query_one("#ballot", VoteGrid)
        screen.set_focus(grid)
        await pilot.pause()
        rows_at_redraw: list[int] = []
        original = screen.redraw

        def redraw() -> None:
            rows_at_redraw.append(grid.cursor_coordinate.row)
            original()

        screen.redraw = redraw  # type: ignore[method-assign]
        await pilot.press("up")  # the person is typing
        await until(lambda: grid.cursor_coordinate.row == 0)

        # The key comes right behind the record, as a terminal sends it: ``pilot.press`` first
        # waits for the screen to be idle, which on a loaded machine took longer than the
        # record waits for a key (``KEYS_REDRAW_EVERY``), and the vote was drawn first.
        screen.node.ingest(w.session, [peer_vote(w, 1)])
        down = events.Key("down", None)
        down.set_sender(app)
        app._driver.send_message(down)  # type: ignore[union-attr]
        await until(lambda: rows_at_redraw and settled(screen, view))
        assert rows_at_redraw == [1]  # the key had moved the cursor when the vote was drawn
        monkeypatch.setattr(session_rest, "KEY_REST_AFTER", rest_after)

        # No key after the record: it is drawn all the same, without waiting for one.
        screen.node.ingest(w.session, [peer_vote(w, 2)])
        await until(lambda: len(rows_at_redraw) == 2 and settled(screen, view))
