"""Values typed and not sent stay held and said across the group's moves (naive s9 findings 1,
2, 6, 9): criteria weights typed and not saved, a vote cast in the last meeting, the decide view
seen away from the vote, Home in the score grid. Real nodes, the real app, Pilot at 80×24."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from beraad.core import session as bodies
from beraad.i18n import _
from beraad.ui.widgets.phase_bar import phase_label
from beraad.ui.widgets.vote_grid import VoteGrid
from beraad.ui.widgets.vote_notice import Notice
from tests.ui.phases_app import SIZE
from tests.ui.phases_text import screen_words
from tests.ui.stored_app import session_opened
from tests.ui.stored_app import until as until_app
from tests.ui.test_naive_s6 import opened_by, three

pytestmark = pytest.mark.timeout(120)


def offered(app, action: str) -> bool:  # type: ignore[no-untyped-def]
    """Does the footer offer ``action`` now (shown, enabled)?"""
    return any(
        b.binding.action == action and b.binding.show and b.enabled
        for b in app.screen.active_bindings.values()
    )


async def test_weights_typed_and_not_saved_hold_the_view_as_words_do(tmp_path, language):
    """Bart typed weights, Anja moved the group on to Options: his screen jumped there and
    the next digits became an option's text; Ctrl+S back in Criteria did nothing while the
    footer offered it (naive s9 finding 1). The view stays with the weights, says so, takes
    the next digits, and Ctrl+S says why it cannot save them until the group is back."""
    w = three("facilitator", phase="criteria")
    for text in ("Cheap", "Safe", "Quick"):
        w.write(0, "criterion.add", bodies.text_body(text))
    app = opened_by(w, tmp_path / "bart", 1, language=language)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await session_opened(app, w.session)
        grid = screen.query_one("#weights", VoteGrid)
        await until_app(lambda: grid.row_count == 3)
        await pilot.press("tab")
        await until_app(lambda: screen.focused is grid)
        await pilot.press("5", "0", "down", "7", "0")
        w.write(0, "phase.move", bodies.move_body("options"))
        screen.node.ingest(w.session, list(w.records))
        await until_app(lambda: screen.state.phase == "options")
        await pilot.press("down", "6", "0")  # typed on as the group moved
        await pilot.pause()
        assert screen.viewing == "criteria" and screen.focused is grid
        assert sorted(v["mine"] for v in grid.given().values()) == [50, 60, 70]
        boxes = screen.query("#option-text").results(Input)
        assert all(box.value == "" for box in boxes)  # no digit became an option's words
        moved = _("Group now in {phase}. Your numbers stay here, not sent. F5 follows.")
        told = [n.message for n in app._notifications]
        assert moved.format(phase=phase_label("options")) in told
        held = _(
            "Not saved: the weights you typed. The group is in {phase} now, where weights are "
            "not saved; they stay here, and Ctrl+S saves them once the group is back in "
            "Criteria."
        ).format(phase=phase_label("options"))
        await until_app(lambda: held in screen_words(app))
        assert not offered(app, "save_weights")  # not offered where refused
        await pilot.press("ctrl+s")
        refused = _(
            "Not saved: the group is in {phase} now, and weights are saved only in Criteria. "
            "Your weights stay here; Ctrl+S saves them once the group is back."
        ).format(phase=phase_label("options"))
        await until_app(lambda: refused in screen_words(app))
        assert _("the weights you typed in Criteria, not saved") in screen.unsent_work()
        assert w.who[1].public_key not in screen.state.weights
        w.write(0, "phase.move", bodies.move_body("criteria"))  # back: Ctrl+S saves them
        screen.node.ingest(w.session, list(w.records))
        await until_app(lambda: screen.state.phase == "criteria")
        await until_app(lambda: offered(app, "save_weights"))
        await pilot.press("ctrl+s")
        me = w.who[1].public_key
        await until_app(lambda: me in screen.node.state(w.session).weights)
        saved = screen.node.state(w.session).weights[me].weights
        assert sorted(saved.values()) == [50, 60, 70]
        assert not screen.unsent_work()


async def test_weights_left_behind_are_said_where_one_lands(tmp_path):
    """Weights typed, then the keys went back to the criterion box (empty) and the group
    moved: the view follows, and the view one lands in says the weights were not saved."""
    w = three("facilitator", phase="criteria")
    w.write(0, "criterion.add", bodies.text_body("Cheap"))
    app = opened_by(w, tmp_path / "bart", 1)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await session_opened(app, w.session)
        grid = screen.query_one("#weights", VoteGrid)
        await until_app(lambda: grid.row_count == 1)
        await pilot.press("tab")
        await until_app(lambda: screen.focused is grid)
        await pilot.press("4", "shift+tab")
        await until_app(lambda: isinstance(screen.focused, Input))
        w.write(0, "phase.move", bodies.move_body("options"))
        screen.node.ingest(w.session, list(w.records))
        await until_app(lambda: screen.viewing == "options")
        said = _(
            "The weights you typed in Criteria were not saved: the group is in {phase} now. "
            "F3 or F4 shows them."
        ).format(phase=phase_label("options"))
        first = said.split(":")[0]  # a long toast is said in turns
        told = lambda: " ".join(n.message for n in app._notifications)  # noqa: E731
        # In the view's notice line once the view is mounted (views behind mount soon after
        # the opening), as a toast while it is still mounting.
        await until_app(lambda: first in told() or said in screen_words(app))


async def test_home_in_the_ballot_goes_to_the_first_score_column(tmp_path):
    """Home put the cursor on the option names, where digits vanished without a word and
    the line naming the cell went (naive s9 finding 9): it goes to the first score column,
    scrolled back into view, and a digit there is that cell's number. ← stops there too."""
    from beraad.ui.widgets.cell_line import CellLine
    from tests.ui import session_people as people

    criteria = [f"Criterion {n} with a longer name" for n in range(20)]
    app = people.make_app(tmp_path / "anja", "Anja")
    async with app.run_test(size=SIZE) as pilot:
        screen = await people.at_decide_with(pilot, "matrix", ["Lamps", "Fence"], criteria)
        grid = screen.query_one("#ballot", VoteGrid)
        grid.focus()
        await pilot.press("end")
        await people.until(lambda: grid.cursor_coordinate.column == len(criteria), pilot)
        await people.until(lambda: grid.scroll_x > 0, pilot)
        await pilot.press("home")
        await people.until(lambda: grid.cursor_coordinate.column == 1, pilot)
        await people.until(lambda: grid.scroll_x == 0, pilot)
        await pilot.press("left", "4")
        assert grid.cursor_coordinate.column == 1
        assert [v for row in grid.given().values() for v in row.values()] == [4]
        line = screen.query_one(CellLine)
        await people.until(lambda: "Lamps" in line.words and line.display, pilot)


async def test_a_vote_cast_last_meeting_is_not_held_and_decide_says_when_no_vote_is_cast(
    tmp_path, language
):
    """Bart objected with a reason in meeting 1 and cast it; in meeting 2 the form still held
    it, Ctrl+Q called it not sent, he stayed on Decide and his typing went into its reason
    (naive s9 finding 2). Between meetings and from another phase Decide said "Next: everyone
    votes" and offered ^s, then refused or did nothing (naive s9 finding 6)."""
    from beraad.core.session import meeting_start_body
    from beraad.ui.screens.since_last_time import SinceLastTimeScreen

    w = three("facilitator", phase="options")
    w.write(0, "option.add", bodies.option_body("A youth club on Wednesdays"))
    w.write(0, "phase.move", bodies.move_body("decide"))
    app = opened_by(w, tmp_path / "bart", 1, language=language)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await session_opened(app, w.session)
        await until_app(lambda: screen.viewing == "decide")
        reason = screen.query_one("#reason", Input)
        await until_app(lambda: screen.focused is reason)
        await pilot.press(*"No budget", "down", "down", "down", "ctrl+s")
        node, me = screen.node, w.who[1].public_key
        mine = lambda state: [  # noqa: E731
            v for v in state.current_votes("consent.respond") if v.member == me
        ]
        await until_app(lambda: mine(node.state(w.session)))
        known = {r.id for r in w.records}
        w.records.extend(r for r in node.records(w.session) if r.id not in known)  # his vote
        await until_app(lambda: not screen.unsent_work())  # cast: nothing is unsent
        w.write(0, "vote.close", bodies.close_body("consent.respond"))
        w.write(0, "meeting.end", {})
        node.ingest(w.session, list(w.records))
        await until_app(lambda: screen.state.between_meetings)
        ended = _(
            "Meeting {number} has ended: votes are cast in a meeting, while the group is in Decide."
        ).format(number=1)
        await until_app(lambda: ended in screen_words(app))
        assert not screen.unsent_work()  # a cast vote is not "not sent yet"
        assert not offered(app, "cast")
        await pilot.press("ctrl+s")
        notice = screen.query_one("DecideView").query_one(Notice)
        await until_app(lambda: _("Not cast. {why}").format(why=ended) in notice.message)
        w.write(0, "meeting.start", meeting_start_body())
        node.ingest(w.session, list(w.records))
        await until_app(lambda: isinstance(app.screen, SinceLastTimeScreen))
        await pilot.press(*"Youth", "escape")  # typing goes on below, in the group's box
        await until_app(lambda: screen.viewing == "opening")
        box = screen.query_one("#group-text", Input)
        await until_app(lambda: box.value == "Youth")
        assert reason.value == ""  # a new meeting starts with a clean form
        assert screen.query_one("#response").pressed_index == -1
        assert screen.unsent_work() == [
            _("the words in the box of {phase}").format(phase=phase_label("opening"))
        ]
        await pilot.press("f4", "f4", "f4", "f4", "f4")  # looks at Decide
        await until_app(lambda: screen.viewing == "decide")
        elsewhere = _(
            "The group is in {phase} now: votes are cast only while it is in Decide."
        ).format(phase=phase_label("opening"))
        await until_app(lambda: elsewhere in screen_words(app))
        assert _("Voting is open.") not in screen_words(app)
        assert not offered(app, "cast") and not offered(app, "close_voting")
        await pilot.press("ctrl+s")
        await until_app(lambda: _("Not cast. {why}").format(why=elsewhere) in notice.message)
        assert not mine(node.state(w.session))  # meeting 2: nothing cast


async def test_ballot_numbers_being_typed_hold_the_view_too(tmp_path):
    """The same rule for the ballot: Bart types dots with the ballot holding the keys, Anja
    moves the group to Act; his view stays on Decide with the numbers, the next digit lands
    in the ballot, and the line under it says they are not cast and why (naive s9 finding 1)."""
    from benchmarks.ui import NONCE, Writer
    from tests.ui.test_naive_s6 import NAMES

    w = Writer()
    opening = bodies.open_body("Our street", "Slower traffic?", decision_rule="dots")
    w.write(0, "session.open", {**opening, "nonce": NONCE})
    w.write(0, "member.name", bodies.name_body(NAMES[0]))
    w.write(0, "member.admit", bodies.admit_body(w.who[1].public_key, NAMES[1]))
    for step in ("knots", "positions", "criteria", "options"):
        w.write(0, "phase.move", bodies.move_body(step))
    for text in ("Lamps", "Fence"):
        w.write(0, "option.add", bodies.option_body(text))
    w.write(0, "phase.move", bodies.move_body("decide"))
    app = opened_by(w, tmp_path / "bart", 1)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await session_opened(app, w.session)
        grid = screen.query_one("#ballot", VoteGrid)
        await until_app(lambda: grid.row_count == 2 and screen.focused is grid)
        await pilot.press("2")
        w.write(0, "phase.move", bodies.move_body("act"))
        screen.node.ingest(w.session, list(w.records))
        await until_app(lambda: screen.state.phase == "act")
        await pilot.press("down", "1")
        await pilot.pause()
        assert screen.viewing == "decide" and screen.focused is grid
        assert sorted(v["dots"] for v in grid.given().values()) == [1, 2]
        moved = _("Group now in {phase}. Your numbers stay here, not sent. F5 follows.")
        # The toast comes with the screen's next redraw (under load after the pause above).
        said = moved.format(phase=phase_label("act"))
        await until_app(lambda: said in [n.message for n in app._notifications])
        left = _(
            "Not cast: the numbers you typed. The group is in {phase} now, where votes "
            "are not cast; they count only if the group comes back to Decide."
        ).format(phase=phase_label("act"))
        await until_app(lambda: left in screen_words(app))
