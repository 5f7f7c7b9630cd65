"""Moving the group late in a meeting at 80×24 (naive s8 findings 4 and 5): in F6 the reason box
and the keys under it stay on screen (the list scrolls), nothing is preselected, ever, and a
proposal that replaces the open one says so before Enter sends it; the palette offers what can
be done now about ending the meeting."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from textual.widgets import Input, Static

import benchmarks.ui
from beraad.core import session as bodies
from beraad.core.end_consent import END, RULE_SINCE_MS
from beraad.ui.screens import session_moves
from beraad.ui.screens.since_last_time import EndMeetingScreen, trajectory_commands
from beraad.ui.widgets.phase_bar import open_proposal
from tests.ui.phases_app import SIZE
from tests.ui.phases_text import screen_words
from tests.ui.session_people import f6_opened, in_act_by_consent, moved_by_consent
from tests.ui.stored_app import session_opened
from tests.ui.stored_app import until as until_app
from tests.ui.test_naive_s6 import opened_by, three

pytestmark = pytest.mark.timeout(120)

NEXT = "Next Tuesday 19:00 in the community hall: we pick the two spots for speed bumps"


def late(proposer: int = 0):
    """Three members under consent in Act (nine choices), one proposing to end meeting 1
    with what comes next, and Chris objecting."""
    w = in_act_by_consent()
    end = w.write(proposer, "phase.propose", {"to": END, "next": NEXT})
    w.write(2, "phase.respond", {"proposal": end, "response": "object", "reason": "Not yet"})
    return w


async def test_the_reason_box_and_its_keys_stay_on_screen_late_in_a_meeting(
    tmp_path, monkeypatch, language
):
    monkeypatch.setattr(benchmarks.ui, "START", RULE_SINCE_MS)  # ending by consent exists
    w = late()
    app = opened_by(w, tmp_path / "bart", 1, language)
    async with app.run_test(size=SIZE) as pilot:
        _screen, dialog, choices = await f6_opened(pilot, w.session)
        assert choices.option_count == 9  # ready, object, on, and back to six
        box, hint = dialog.query_one("#phase-reason", Input), dialog.query_one("#phase-hint")
        inside = dialog.query_one("#phase-dialog").content_region
        fits = lambda: box.region.bottom <= hint.region.y and hint.region.bottom <= inside.bottom  # noqa: E731
        await until_app(lambda: hint.region.height > 0 and fits())
        assert choices.highlighted is None  # nothing preselected
        # ↓ to the last choice: the list scrolls, the box and the keys stay where they are.
        for _ in range(9):
            await pilot.press("down")
        assert choices.highlighted == 8
        await until_app(fits)  # also with the longer hint it says for a proposal "instead"
        assert choices.scroll_offset.y > 0
        assert "Enter" in screen_words(app)


async def test_a_proposal_replacing_the_open_one_says_so_before_enter(tmp_path, monkeypatch):
    monkeypatch.setattr(benchmarks.ui, "START", RULE_SINCE_MS)
    w = late()
    app = opened_by(w, tmp_path / "bart", 1)
    async with app.run_test(size=SIZE) as pilot:
        screen, _dialog, choices = await f6_opened(pilot, w.session)
        await pilot.pause()
        await pilot.press("down")  # the first: ready to end, as ↓ Enter always chooses
        assert choices.highlighted == 0
        await pilot.press("down", "down")  # "Propose moving on to Evaluate instead"
        said = "Enter replaces Anja's proposal to end the meeting with this one"
        await until_app(lambda: said in screen_words(app))
        await pilot.press("up")  # back on "I object": the plain keys again
        await until_app(lambda: said not in screen_words(app))
        hint = str(app.screen.query_one("#phase-hint", Static).content)
        assert hint.startswith("↓ or Enter chooses")  # the plain keys (c1b6549: one wording)
        await pilot.press("escape")
        assert open_proposal(screen.state).to == END


async def test_the_palette_offers_ending_again_once_another_proposal_replaced_it(
    tmp_path, monkeypatch
):
    """Bart's proposal to move on to Evaluate replaced Anja's to end the meeting: her palette
    offered only "Answer the proposal to end meeting 1", which opened F6 on Bart's (naive s8
    finding 5). It offers to answer Bart's, named as it is, and to propose ending again,
    saying before Enter that this replaces Bart's."""
    monkeypatch.setattr(benchmarks.ui, "START", RULE_SINCE_MS)
    w = late()
    w.write(1, "phase.propose", bodies.propose_body("evaluate"))
    app = opened_by(w, tmp_path / "anja", 0)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        await until_app(lambda: open_proposal(screen.state).to == "evaluate")
        commands = {str(title): run for title, _help, run in screen.palette_commands()}
        assert "Answer the proposal to end meeting 1" not in commands
        assert "Answer Bart's proposal to move to Evaluate" in commands
        bart = {str(t) for t, _h, _r in screen.palette_commands() if "Bart" in str(t)}
        assert bart == {"Answer Bart's proposal to move to Evaluate"}
        commands["Propose ending meeting 1"]()
        await until_app(lambda: isinstance(app.screen, EndMeetingScreen))
        await pilot.pause()
        assert "This replaces Bart's proposal to move to Evaluate." in screen_words(app)
        await pilot.press(*"Tuesday", "enter")
        node = screen.node
        await until_app(lambda: open_proposal(node.state(w.session)).to == END, 15)
        assert open_proposal(node.state(w.session)).by == w.who[0].public_key


async def test_an_enter_right_after_the_group_came_back_does_not_send_the_held_words(
    tmp_path, monkeypatch
):
    """Bart's position was held while the group went back to Knots; the group came back to
    Positions as he pressed Enter twice in F6, and the second Enter sent the held position at
    once (naive s8 finding 9). An Enter a moment after the group moved, in the box that held
    words then, sends nothing and says where the group is; a fresh Enter sends them."""
    monkeypatch.setattr(session_moves, "ARRIVAL_S", 60.0)  # "a moment", on a loaded machine
    w = three("consent", phase=None)
    for step in ("knots", "positions"):
        moved_by_consent(w, step)
        if step == "knots":
            w.write(2, "knot.add", bodies.text_body("Too little light in the park"))
    app = opened_by(w, tmp_path / "bart", 1)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        node = screen.node
        box = screen.focused
        assert isinstance(box, Input)
        await pilot.press("down", *"Slower is safer")  # on Chris's knot
        moved_by_consent(w, "knots", ready=(0, 2))
        node.ingest(w.session, list(w.records))
        await until_app(lambda: screen.group_phase == "knots")  # drawn
        moved_by_consent(w, "positions", ready=(0, 2))
        node.ingest(w.session, list(w.records))
        await until_app(lambda: screen.group_phase == "positions")
        assert screen.focused is box and box.value == "Slower is safer"
        await pilot.press("enter")  # at once, meant for the F6 dialog that just closed
        said = "The group just moved to Positions: check your words, then Enter sends them."
        await until_app(lambda: said in screen_words(app))
        assert box.value == "Slower is safer" and not node.state(w.session).positions
        held, at, words = screen._words_at_move
        screen._words_at_move = (held, at - 60.0, words)  # a moment later: a fresh Enter
        await pilot.press("enter")
        await until_app(lambda: bool(node.state(w.session).positions), 15)
        assert box.value == ""


def test_the_palette_offers_no_answer_to_ones_own_proposal(monkeypatch):
    """Bart proposed Evaluate (and is ready by proposing): his palette offers to propose ending,
    not to answer his own proposal."""
    monkeypatch.setattr(benchmarks.ui, "START", RULE_SINCE_MS)
    w = late()
    w.write(1, "phase.propose", bodies.propose_body("evaluate"))
    screen = SimpleNamespace(
        state=w.fold.state,
        me=w.who[1].public_key,
        action_since_last_time=None,
        action_phase_moves=None,
        end_meeting=None,
        open_meeting=None,
    )
    titles = [str(title) for title, _help, _run in trajectory_commands(screen)]
    assert "Propose ending meeting 1" in titles
    assert not [t for t in titles if t.startswith("Answer")], titles
