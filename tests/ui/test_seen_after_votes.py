"""What the screen drew is remembered as seen a moment later, once for a stream of records:
each peer's vote wrote the marker (a walk over the whole session and a synced write) in the
same turn as its redraw, where a key pressed meanwhile waited for it. Counted (markers
written), never timed. One real app on a real node and store; the peer's votes are signed and
arrive through the node as from the network."""

from __future__ import annotations

import pytest

from benchmarks.ui import build_session, peer_vote
from beraad import away
from beraad.core import session as bodies
from beraad.ui.screens import session_device
from tests.ui.conftest import SIZE
from tests.ui.stored_app import session_opened, stored_app, until

pytestmark = pytest.mark.timeout(60)


async def test_votes_in_a_row_write_what_was_seen_once(monkeypatch, tmp_path):
    w = build_session(30)
    app = stored_app(w, tmp_path / "anja")
    written: list[dict[str, object]] = []
    original = away.mark_seen

    def counted(node, session):  # type: ignore[no-untyped-def]
        written.append(original(node, session))
        return written[-1]

    monkeypatch.setattr(away, "mark_seen", counted)
    monkeypatch.setattr(session_device, "SEEN_AFTER", 30.0)  # the test says when it is due
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        await until(lambda: len(written) == 1)  # arriving: at once
        node, bart = screen.node, w.who[1].public_key
        for tick in range(1, 5):
            version = node.state_version(w.session)
            node.ingest(w.session, [peer_vote(w, tick)])
            await until(lambda version=version: screen._shown.get("decide", 0) > version)
        await pilot.pause()
        assert len(written) == 1 and screen._seen_due  # four redraws, nothing written yet
        screen._saw_now()  # the moment after (what the timer does)
        assert len(written) == 2
        assert written[-1]["frontier"][bart] == w.seq[1]  # type: ignore[index]
        assert away.while_away(node, w.session).empty  # type: ignore[union-attr]

        # Her own record (from her other device, say) is remembered at once once drawn: she
        # did it, and a kill right after must not bring it back as news (naive s6b D).
        anja = w.who[0].public_key
        sheet = {w.options[0]: {c: 5 for c in w.criteria}}  # type: ignore[attr-defined]
        node.ingest(w.session, [w.sign(0, "score.set", bodies.scores_body(sheet))])
        await until(lambda: len(written) == 3)
        assert written[-1]["frontier"][anja] == w.seq[0]  # type: ignore[index]
