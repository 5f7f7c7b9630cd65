"""Numbers typed into the ballot after casting are said to be not cast yet (naive s7 finding
13: the line kept saying "Your vote is in" over new scores that a restart then dropped). Real
node, the real decide view, Pilot at 80×24."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from beraad.core import session as model
from beraad.i18n import _
from beraad.ui.widgets.vote_grid import VoteGrid
from tests.ui.phases_app import SIZE, alone_in_decide, until
from tests.ui.phases_text import screen_words

pytestmark = pytest.mark.timeout(120)


async def test_scores_changed_after_casting_are_said_not_cast(tmp_path):
    async with alone_in_decide(tmp_path, "dots") as table:
        app, pilot, me = table.app, table.pilot, table.me
        state = table.anja.state(table.session)
        app.view.query_one(VoteGrid).focus()
        await pilot.press("2", "ctrl+s")
        await until(pilot, lambda: me in state.votes.get("dots.place", {}))
        app.refresh_view()
        cast = _("Your vote is in, open (not sealed); you can change it until voting closes.")
        uncast = _(
            "Your vote is in, but the numbers you changed since are not cast yet: "
            "Ctrl+S casts them."
        )
        await until(pilot, lambda: cast in screen_words(app))
        await pilot.press("down", "1")  # a new number, not cast
        await until(pilot, lambda: uncast in screen_words(app))
        assert cast not in screen_words(app)
        await pilot.press("ctrl+s")  # cast: the line says it is in again
        await until(pilot, lambda: len(state.votes["dots.place"][me].body["dots"]) == 2)
        app.refresh_view()
        await until(pilot, lambda: cast in screen_words(app))
        assert uncast not in screen_words(app)


async def test_a_consent_response_changed_after_casting_is_said_not_cast(tmp_path):
    kind = "consent.respond"

    async def agreed(anja, session, options):  # cast before the view opens
        await anja.contribute(session, kind, model.consent_body(options[0], "agree", "Fine"))

    async with alone_in_decide(tmp_path, "consent", before=agreed) as table:
        app, pilot, fence = table.app, table.pilot, table.options[0]
        state = table.anja.state(table.session)
        cast = _("Your vote is in, open (not sealed); you can change it until voting closes.")
        uncast = _("Your vote is in, but what you changed since is not cast yet: Ctrl+S casts it.")
        await until(pilot, lambda: cast in screen_words(app))
        reason = app.view.query_one("#reason", Input)
        reason.focus()
        await pilot.press("end", "space", *"if", "space", *"cheap")
        await until(pilot, lambda: uncast in screen_words(app))
        await pilot.press("ctrl+s")
        assert reason.value == "Fine if cheap"
        await until(
            pilot, lambda: state.current_votes(kind, fence)[0].body["reason"] == "Fine if cheap"
        )
        app.refresh_view()
        await until(pilot, lambda: cast in screen_words(app))
        assert uncast not in screen_words(app)


async def test_numbers_typed_when_the_group_left_decide_are_said_not_cast(tmp_path, language):
    """Bram typed scores, the facilitator moved the group to Act, and Ctrl+S was refused with
    "not possible in phase Act: scoring the options" over a line still saying Ctrl+S casts
    them (naive s8b finding 7): the line says they were not cast and why, and the refusal
    reads as a sentence."""
    from beraad.ui.widgets.phase_bar import phase_label

    async with alone_in_decide(tmp_path, "dots") as table:
        app, pilot = table.app, table.pilot
        app.view.query_one(VoteGrid).focus()
        await pilot.press("2")  # typed, not cast
        typed = _("The numbers you typed are not cast yet: Ctrl+S casts them.")
        await until(pilot, lambda: typed in screen_words(app))
        await table.anja.contribute(table.session, "phase.move", model.move_body("act"))
        app.refresh_view()
        left = _(
            "Not cast: the numbers you typed. The group is in {phase} now, where votes "
            "are not cast; they count only if the group comes back to Decide."
        ).format(phase=phase_label("act"))
        await until(pilot, lambda: left in screen_words(app))
        assert typed not in screen_words(app)
        await pilot.press("ctrl+s")  # nothing sent: the view says why (naive s9 finding 6)
        refused = (
            _("Not cast. {why}")
            .format(
                why=_("The group is in {phase} now: votes are cast only while it is in Decide.")
            )
            .format(phase=phase_label("act"))
        )
        await until(pilot, lambda: refused in screen_words(app))


async def test_the_view_after_decide_says_the_numbers_typed_were_not_cast(tmp_path, language):
    """The group left Decide while Bram's numbers were typed, not cast: his view jumped to Act
    without a word about them (naive s8b finding 7). The view he lands in says so."""
    from beraad.ui.widgets.phase_bar import phase_label
    from tests.ui import session_people as people

    app = people.make_app(tmp_path / "anja", "Anja", language=language)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        node, session, _grid = await people.ballot_in_hand(pilot)
        await pilot.press("1")  # typed, not cast
        await node.contribute(session, "phase.move", model.move_body("act"))
        said = _(
            "The numbers you typed in {left} were not cast: the group is in {phase} now. "
            "F3 or F4 shows them."
        ).format(left=phase_label("decide"), phase=phase_label("act"))
        told = lambda: " ".join(n.message for n in app._notifications)  # noqa: E731
        words = lambda: " ".join(people.screen_words(app).split())  # noqa: E731
        first = said.split(":")[0]  # a long toast is said in turns, split near the end
        await people.until(lambda: said in words() or first in told(), pilot)
