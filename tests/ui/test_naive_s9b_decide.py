"""The decide view seen from another phase and at a tie chosen from (naive s9b findings 3, 10,
5): no step is offered that the fold refuses there and the keys say why; the tie chooser
stays above the footer; members are told the decision was chosen from a tie. Real nodes, the
real app, Pilot at 80×24."""

from __future__ import annotations

import pytest
from textual.widgets import Button, Input

from beraad.core import session as bodies
from beraad.i18n import _
from beraad.ui.widgets.phase_bar import phase_label
from beraad.ui.widgets.vote_notice import Notice
from tests.ui.phases_app import SIZE
from tests.ui.phases_text import screen_words
from tests.ui.stored_app import session_opened
from tests.ui.stored_app import until as until_app
from tests.ui.test_naive_s6 import opened_by, three
from tests.ui.test_naive_s9_held import offered

pytestmark = pytest.mark.timeout(120)


async def test_decide_from_another_phase_offers_no_decision_and_its_keys_say_why(
    tmp_path, language
):
    """Anja looked at Decide with the group in Options: "Take the decision" was offered and
    refused with "voting is still open: close it first", Ctrl+G did nothing, and Enter in the
    reason box promised Ctrl+S, which is refused there (naive s9b finding 3)."""
    w = three("facilitator", phase="options")
    w.write(0, "option.add", bodies.option_body("A youth club on Wednesdays"))
    app = opened_by(w, tmp_path / "anja", 0, language=language)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await session_opened(app, w.session)
        for _step in range(4):
            if screen.viewing == "decide":
                break
            await pilot.press("f4")
            await pilot.pause()
        await until_app(lambda: screen.viewing == "decide")
        view = screen.query_one("DecideView")
        elsewhere = _(
            "The group is in {phase} now: votes are cast only while it is in Decide."
        ).format(phase=phase_label("options"))
        await until_app(lambda: elsewhere in screen_words(app))
        for button in ("#take", "#close-voting", "#reopen", "#reveal", "#end-reveal"):
            assert not view.query_one(button, Button).display, button
        assert not offered(app, "take") and not offered(app, "close_voting")
        notice = view.query_one(Notice)
        why = _(
            "The group is in {phase} now: voting is closed and the decision is taken only "
            "while it is in Decide."
        ).format(phase=phase_label("options"))
        await pilot.press("ctrl+g")
        await until_app(lambda: why in notice.message)
        notice.clear()
        await pilot.press("ctrl+o")
        await until_app(lambda: why in notice.message)
        reason = view.query_one("#reason", Input)
        reason.focus()
        await pilot.press(*"Fine", "enter")
        await until_app(lambda: notice.message == elsewhere)
        assert reason.value == "Fine"  # the words stay
        assert "Ctrl+S" not in notice.message


async def test_the_tie_chooser_opens_above_the_footer_and_the_decision_says_it(tmp_path, language):
    """At 80×24 Enter on "Choose from the tie" drew its list over the footer, and the list
    began with its prompt line, so the first ↓ chose A (naive s9b finding 10): it opens clear
    of the footer with A under the cursor, and ↓ goes to B. Taken, the decide view says B was
    chosen from the tie (finding 5)."""
    from textual.widgets import Select
    from textual.widgets._select import SelectOverlay

    from beraad.ui.widgets.vote_grid import VoteGrid
    from tests.ui import session_people as people

    app = people.make_app(tmp_path / "anja", "Anja", language=language)
    async with app.run_test(size=SIZE) as pilot:
        texts = ["Youth club", "New benches", "Trees", "Lamps", "A fence", "Bike racks", "Art"]
        screen = await people.at_decide_with(pilot, "dots", texts)
        state = screen.node.state(screen.session)
        grid = screen.query_one("#ballot", VoteGrid)
        await people.until(lambda: grid.row_count == 7 and screen.focused is grid, pilot)
        await pilot.press("1", "down", "1", "ctrl+s")  # a dot each: a tie
        await people.until(lambda: "dots.place" in state.votes, pilot)
        await pilot.press("ctrl+o")
        await people.until(lambda: "dots.place" in state.closed, pilot)
        await people.until(lambda: bool(screen.query("#tie-option")), pilot)
        tie = screen.query_one("#tie-option", Select)
        await people.until(lambda: tie.display and tie.region.height == 1, pilot)
        tie.focus()  # scrolled into sight from above: on the page's last lines
        await people.until(lambda: tie.region.bottom >= SIZE[1] - 3, pilot)
        await pilot.press("enter")
        overlay = tie.query_one(SelectOverlay)
        await people.until(lambda: tie.expanded and overlay.region.height > 0, pilot)
        await pilot.pause()
        assert overlay.region.bottom <= SIZE[1] - 1  # the footer's line stays the footer's
        assert people.screen_text(app).splitlines()[-1].startswith("f1")
        assert overlay.highlighted == 1  # A, the first tied option, not the prompt
        await pilot.press("down", "enter")
        benches = next(o for o, item in state.options.items() if item.text == "New benches")
        await people.until(lambda: tie.value == benches, pilot)
        # Taken: the decide view says it was chosen from the tie, as the projector and "How
        # did we decide?" do (naive s9b finding 5: only "Decided: B …" stood there).
        from textual.widgets import Static

        from beraad.ui.screens.confirm import ConfirmScreen

        await pilot.press("ctrl+g")
        await people.until(lambda: isinstance(app.screen, ConfirmScreen), pilot)
        await pilot.press("tab", "enter")
        await people.until(lambda: bool(state.decisions), pilot)
        tie_said = _(
            "Tie: {options} share first place; the group chose {option} from them explicitly."
        ).format(options="A = B", option="B")
        rule = screen.query_one("#rule-status", Static)
        await people.until(lambda: tie_said in str(rule.content), pilot)
        decided = _("Decided: {option}, by {rule}.").format(
            option="B. New benches", rule=_("Dot voting")
        )
        assert str(rule.content).startswith(decided)
