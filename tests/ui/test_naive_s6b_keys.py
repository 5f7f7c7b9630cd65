"""What the naive re-check (s6b) typed and lost around the keys: Tab in a fresh opening
(finding G), the F6 dialog changing under the cursor (E) and its reason box (F)."""

from __future__ import annotations

import pytest
from textual.widgets import Input, OptionList

from beraad.core.settled import agreed_move_body
from beraad.ui.widgets.phase_bar import open_proposal
from beraad.ui.widgets.phase_dialog import PhaseDialog
from beraad.ui.widgets.vote_notice import Notice
from tests.ui.phases_app import SIZE
from tests.ui.phases_text import screen_words
from tests.ui.stored_app import session_opened
from tests.ui.stored_app import until as until_app
from tests.ui.test_naive_s6 import consent_move, opened_by, three

pytestmark = pytest.mark.timeout(120)


@pytest.mark.both_languages
async def test_tab_in_a_fresh_opening_stays_in_the_box_and_no_word_vanishes(tmp_path, language):
    """No groups yet: Tab from the group box went to the page around it, where no mark
    shows the keys, and "Ouders van de school" + Enter vanished. Tab stays in the box and
    says why; letters typed on the page (Shift+Tab) go into the box."""
    w = three(phase=None)
    app = opened_by(w, tmp_path / "anja", 0, language)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        view = screen.view("opening")
        box = view.text_box()
        await until_app(lambda: screen.focused is box)
        await pilot.press("tab")
        assert screen.focused is box
        notice = view.query_one("#group-notice", Notice)
        said = {"en": "No groups yet, so no list", "nl": "Nog geen groepen, dus geen lijst"}
        assert said[language] in notice.message
        await pilot.press("shift+tab")
        assert screen.focused is not box
        await pilot.press(*"Ouders van de school", "enter")
        await until_app(lambda: len(screen.node.state(w.session).groups) == 1)
        [group] = screen.node.state(w.session).groups.values()
        assert group.name == "Ouders van de school" and screen.focused is box
        await until_app(lambda: not notice.message)  # the list is there now


async def test_the_f6_dialog_follows_a_move_and_needs_a_fresh_choice(tmp_path):
    """F6 opened on Anja's proposal ("I am ready to move to Knots" highlighted); the group
    moved before Bart pressed Enter, which then proposed moving on to Positions (naive s6b
    E). The open dialog follows the move: it says so, lists the new choices with none
    chosen, and an Enter sends nothing; ↓ Enter is a fresh choice, asked again first (a
    new move right after one: naive s11 F-minor-20), and Enter again sends it."""
    w = three("consent", phase=None)
    first = consent_move(w, "knots")
    app = opened_by(w, tmp_path / "bart", 1)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        node = screen.node
        await pilot.press("f6")
        await until_app(lambda: isinstance(app.screen, PhaseDialog))
        dialog = app.screen
        assert "I am ready to move to Knots" in screen_words(app)
        moved = agreed_move_body(w.fold.state, w.fold.state.proposals[first])
        w.write(0, "phase.move", moved)
        node.ingest(w.session, list(w.records))
        await until_app(lambda: "moved to Knots while this was open" in screen_words(app))
        assert "I am ready to move to Knots" not in screen_words(app)
        assert dialog.query_one(OptionList).highlighted is None
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog and open_proposal(node.state(w.session)) is None
        await pilot.press("down", "enter")
        await until_app(lambda: "The group has just moved to Knots." in screen_words(app))
        assert app.screen is dialog and open_proposal(node.state(w.session)) is None
        await pilot.press("enter")
        await until_app(lambda: open_proposal(node.state(w.session)) is not None)
        assert open_proposal(node.state(w.session)).to == "positions"
        assert node.state(w.session).phase == "knots"


def said(app) -> str:  # type: ignore[no-untyped-def]
    """The F6 dialog's line under its list (its words: the dialog's frame is in the screen's)."""
    screen = app.screen
    if not isinstance(screen, PhaseDialog):
        return ""
    return str(screen.query_one("#phase-choose-first").content)


async def test_a_move_chosen_right_after_the_group_moved_is_asked_again(tmp_path, language):
    """naive s11 F-minor-20: the group reached Knots by consent; a second later Anja, who
    meant to say ready, pressed F6 ↓ Enter and proposed Positions to everyone. Opened right
    after someone else moved the group, the dialog says so, and a move chosen is asked again:
    Escape then sends nothing; ↓ Enter Enter sends it."""
    from beraad.i18n import _, set_language
    from beraad.ui.widgets.phase_bar import phase_label

    w = three("consent", phase=None)
    first = consent_move(w, "knots", ready=(1, 2))
    app = opened_by(w, tmp_path / "anja", 0, language)
    set_language(language)
    try:
        async with app.run_test(size=SIZE) as pilot:
            screen = await session_opened(app, w.session)
            node = screen.node
            moved = agreed_move_body(w.fold.state, w.fold.state.proposals[first])
            w.write(1, "phase.move", moved)  # Bart moves the group, as agreed
            node.ingest(w.session, list(w.records))
            await until_app(lambda: node.state(w.session).phase == "knots")
            await until_app(lambda: screen.state.phase == "knots")
            records = len(node.records(w.session))
            await pilot.press("f6", "down", "enter")  # one burst, as she typed it
            await until_app(lambda: isinstance(app.screen, PhaseDialog))
            asked = _(
                "The group has just moved to {phase}. “{choice}” is a new move: Enter again "
                "sends it; Escape goes back."
            ).format(
                phase=phase_label("knots"),
                choice=_("Propose moving on to {phase}").format(phase=phase_label("positions")),
            )
            await until_app(lambda: asked == said(app))
            assert len(node.records(w.session)) == records  # nothing proposed
            await pilot.press("escape")
            await until_app(lambda: not isinstance(app.screen, PhaseDialog))
            assert open_proposal(node.state(w.session)) is None
            await pilot.press("f6", "down", "enter")
            await until_app(lambda: asked == said(app))
            await pilot.press("enter")  # asked, and sent
            await until_app(lambda: open_proposal(node.state(w.session)) is not None)
            assert open_proposal(node.state(w.session)).to == "positions"
    finally:
        set_language("en")


@pytest.mark.both_languages
async def test_the_f6_dialog_says_what_a_new_proposal_replaces_and_arrows_work(tmp_path, language):
    """With Anja's proposal open, Chris typed a reason in the F6 dialog: ↑ ↓ no longer
    moved in the list, and Enter proposed going back, replacing Anja's proposal without a
    word (naive s6b F). The dialog says a proposal is open and that a new one replaces it;
    ↑ ↓ in the reason still choose."""
    w = three("consent", phase=None)
    first = consent_move(w, "knots")
    w.write(0, "phase.move", agreed_move_body(w.fold.state, w.fold.state.proposals[first]))
    consent_move(w, "positions", ready=())
    app = opened_by(w, tmp_path / "chris", 2, language)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        node = screen.node
        await pilot.press("f6")
        await until_app(lambda: isinstance(app.screen, PhaseDialog))
        dialog = app.screen
        words = {
            "en": ("Answer Anja's proposal here", "that replaces it", "back to Opening instead"),
            "nl": ("het voorstel van Anja", "dat vervangt het", "daarvan voor terug"),
        }[language]
        await until_app(lambda: all(w in screen_words(app) for w in words))
        choices = dialog.query_one(OptionList)
        await pilot.press(*"not yet")
        reason = dialog.query_one("#phase-reason", Input)
        assert dialog.focused is reason and reason.value == "not yet"
        assert choices.highlighted is None  # nothing preselected (naive s8 4b)
        await pilot.press("down", "down")
        assert choices.highlighted == 1 and dialog.focused is reason
        await pilot.press("up")
        assert choices.highlighted == 0
        await pilot.press("down", "enter")  # I object, with the reason typed
        await until_app(lambda: open_proposal(node.state(w.session)).objections)
        assert open_proposal(node.state(w.session)).to == "positions"
