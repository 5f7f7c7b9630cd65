"""A member alone in their session: their vote is in as they cast it (naive s11b N9). Anja,
the only member, cast her dots and closed voting; the screen said "Votes in: 0 of 1
members; yours is not in yet" beside "your vote counts" and the result, for a holder that
could never come (``core/vote_in.py``). The real app on a real store and node, en and nl."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from beraad.i18n import _, set_language
from beraad.identity_file import save_profile
from beraad.ui.phases.decide import DecideView
from tests.ui.phases_app import SIZE, close_all, table_of, with_options
from tests.ui.stored_app import loopback_app, session_opened, until

pytestmark = pytest.mark.timeout(90)


def _words(view: DecideView) -> str:
    """The lines on the vote's count and on one's own vote, as the screen shows them (read
    from their widgets: at 80 columns the scroll bar sits inside a wrapped sentence)."""
    lines = (view.query_one(f"#{name}", Static) for name in ("my-vote", "decide-status"))
    return " ".join(" ".join(str(line.content).split()) for line in lines if line.display)


@pytest.mark.parametrize("language", ["en", "nl"])
async def test_the_only_members_vote_is_in_as_cast(tmp_path, language):
    set_language(language)
    (anja,), session = await table_of(tmp_path, ["anja"], "dots", "options", dots_per_member=3)
    fence, _bumps, _zebra = await with_options(anja, session)
    await close_all([anja])
    home = tmp_path / "anja"
    save_profile(home, "Anja", language, chosen=True)
    app = loopback_app(home)
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen = await session_opened(app, session)
            view = screen.view("decide")
            assert isinstance(view, DecideView)
            node = app.bridge.node  # type: ignore[union-attr]
            await until(lambda: view.connected is not None)
            view.query_one("#ballot").focus()
            await pilot.press("3", "ctrl+s")
            await until(lambda: node.state(session).current_votes("dots.place"))
            (vote,) = node.state(session).current_votes("dots.place")
            assert vote.body is not None and vote.body["dots"] == {fence: 3}
            alone = _("Votes in: {voters} of {members} members.").format(voters=1, members=1)
            await until(lambda: alone in _words(view))
            said = " ".join(
                _(
                    "Your vote is in: you are the only member of this session, so there is "
                    "nobody else to get it. You can change it until voting closes."
                ).split()
            )
            await until(lambda: said in _words(view))
            await pilot.press("ctrl+o")
            await until(lambda: "dots.place" in node.state(session).closed)
            closed = " ".join(
                _(
                    "Voting is closed. Your vote is in and counts: you are the only member of "
                    "this session, so there is nobody else to get it."
                ).split()
            )
            await until(lambda: closed in _words(view))
            assert alone in _words(view)
            yours = _("Votes in: {voters} of {members} members; yours is not in yet.")
            assert yours.format(voters=0, members=1) not in _words(view)
    finally:
        set_language("en")
