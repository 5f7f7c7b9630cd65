"""A letter on a chosen row proposes; only Enter does it (naive s11 F8, s11b N10).

Anja in Act with an action she pulls, Shift+Tab to the list, ↓ to the action (the row
chosen): "prima" pulled the action, opened *Take back* and put "ima" in as its reason; "so do
it" marked it started. Now a row key only says what it would do, naming the row; the words
land whole in the box and nothing is signed. ``s`` Enter still marks it started, ``r`` Escape
does nothing. The real app over a real store; records counted in the node."""

from __future__ import annotations

import shutil

import pytest
from textual.widgets import Input

from beraad.core import session as bodies
from beraad.i18n import _
from beraad.store import RecordStore
from tests.conftest import beraad_command
from tests.ui.phases_app import SIZE
from tests.ui.phases_text import screen_text, screen_words
from tests.ui.session_people import burst, in_act_by_consent, node_of
from tests.ui.stored_app import session_opened, store_session
from tests.ui.stored_app import until as until_app
from tests.ui.test_naive_s6 import opened_by
from tests.ui.tmux import Tmux, clean_env

pytestmark = pytest.mark.timeout(120)

TITLE = "Order the slide"


def in_act_with_a_pulled_action(pulled: bool = True):
    """Consent, the group in Act; Anja added "Order the slide" and pulls it (or not: then
    `p` pulls it and `r` takes it back)."""
    w = in_act_by_consent()
    action = w.write(0, "action.add", bodies.action_body(TITLE))
    if pulled:
        w.write(0, "action.pull", {"action": action})
    return w, action


async def on_the_row(pilot, w):
    """Anja's app on the session, the keys on the action's row (Shift+Tab, ↓ ↓: the
    heading, then the action)."""
    app = pilot.app
    screen = await session_opened(app, w.session)
    view = screen.view("act")
    await until_app(lambda: screen.viewing == "act" and app.focused is view.composer.input)
    await pilot.press("shift+tab")
    await until_app(lambda: app.focused is view.tree)
    await pilot.press("down", "down")
    await until_app(lambda: view._action() is not None)
    return screen, view


def signed(app, session: str) -> int:
    return len(node_of(app).records(session))


@pytest.mark.parametrize(("words", "pulled"), [("prima", False), ("so do it", True)])
async def test_words_typed_on_a_chosen_row_go_whole_to_the_box(tmp_path, language, words, pulled):
    w, action = in_act_with_a_pulled_action(pulled)
    app = opened_by(w, tmp_path / "anja", 0, language)
    async with app.run_test(size=SIZE) as pilot:
        screen, view = await on_the_row(pilot, w)
        before = signed(app, w.session)
        burst(app, words)
        box = view.composer.input
        await until_app(lambda: box.value == words)
        await pilot.pause()
        assert app.focused is box
        assert view.composer.mode == "add"  # no take-back, no due day asked
        assert signed(app, w.session) == before  # nothing signed
        assert screen.state.actions[action].status == "open"
        assert screen.state.actions[action].live
        assert (screen.me in screen.state.actions[action].pullers) == pulled


async def test_a_row_key_then_enter_does_it(tmp_path, language):
    w, action = in_act_with_a_pulled_action()
    app = opened_by(w, tmp_path / "anja", 0, language)
    async with app.run_test(size=SIZE) as pilot:
        screen, _view = await on_the_row(pilot, w)
        before = signed(app, w.session)
        await pilot.press("s")
        asked = _("Mark “{row}” started?").format(row=TITLE)
        await until_app(lambda: asked in screen_words(app))
        assert signed(app, w.session) == before
        assert "⏎ " + _("Do it") in screen_text(app).splitlines()[-1]  # the footer offers it
        await pilot.press("enter")
        await until_app(lambda: screen.state.actions[action].status == "started")
        assert signed(app, w.session) == before + 1
        assert asked not in screen_words(app)


async def test_a_row_key_then_escape_does_nothing(tmp_path, language):
    w, action = in_act_with_a_pulled_action()
    app = opened_by(w, tmp_path / "anja", 0, language)
    async with app.run_test(size=SIZE) as pilot:
        screen, view = await on_the_row(pilot, w)
        before = signed(app, w.session)
        await pilot.press("r")
        asked = _("Take back “{row}”?").format(row=TITLE)
        await until_app(lambda: asked in screen_words(app))
        await pilot.press("escape")
        await until_app(lambda: asked not in screen_words(app))
        assert app.focused is view.tree and view._action() is not None  # still on the row
        await pilot.press("enter")  # an Enter now is the list's: it proposes nothing
        await pilot.pause()
        assert view.composer.mode == "add"
        assert isinstance(app.focused, Input) or app.focused is view.tree
        assert signed(app, w.session) == before
        assert screen.state.actions[action].live


async def test_an_action_taken_back_says_so_on_its_row(tmp_path, language):
    """Naive s11b N12: after the meeting ended, Shift+Tab ↑ `s` put "s" in the box. The list
    had the keys; ↑ chose the last row, the action taken back by N10's accident, which read
    "open · pulled by you" (struck through only, which a capture and some terminals do not
    show), so `s` acting on it no more looked like the keys not reaching the list. The row
    says so since de97fe5; here: also after the meeting ended, with ↑ from the box, and no
    `s` offered on it."""
    w, action = in_act_with_a_pulled_action()
    w.write(0, "retract", bodies.retract_body(action, "ima"))
    app = opened_by(w, tmp_path / "anja", 0, language)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        view = screen.view("act")
        await until_app(lambda: screen.viewing == "act" and app.focused is view.composer.input)
        await screen.node.contribute(screen.session, "meeting.end", {})
        await until_app(lambda: screen.state.between_meetings)
        await pilot.press("shift+tab", "up")
        await until_app(lambda: app.focused is view.tree and view._action() is not None)
        row = next(line for line in screen_text(app).splitlines() if TITLE in line)
        assert _("(taken back)") in row and _("pulled by {names}").format(names="") not in row
        assert _("Taken back: {reason}").format(reason="ima") in screen_words(app)
        assert "s " + _("Started") not in screen_text(app).splitlines()[-1]


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_prima_typed_in_tmux_on_a_chosen_action_lands_in_the_box(tmp_path):
    """The real ``beraad`` at 80×24, keys sent by tmux as the naive tester did (N10): the
    session opened from the lobby, Shift+Tab, ↓ ↓ to Anja's action, then ``prima`` in one
    ``send-keys -l``. The words are in the box and nothing is signed."""
    w, _action = in_act_with_a_pulled_action(pulled=False)
    home = tmp_path / "anja"
    store_session(w, home)
    with Tmux(80, 24) as term:
        term.start(
            [*beraad_command(), "--data-dir", str(home)],
            env=clean_env(BERAAD_LANG="en", BERAAD_HOST="127.0.0.1", BERAAD_DISCOVERY="0"),
        )
        term.wait_for("Our street")
        term.send("Enter")  # Continue / the one deliberation
        term.wait_for("New action:")
        term.send("BTab")
        term.send("Down", "Down")
        # a row chosen: its keys are offered (with none chosen, none are: naive s12 K1)
        term.wait_for(lambda s: "p Pull" in s.splitlines()[-1])
        term.wait_for(lambda s: f"{TITLE}\n" in s or "nobody pulls it yet\n" in s)
        term.type("prima")
        screen = term.wait_for("New action: prima")
        assert "pulled by you" not in screen and "Take back" not in screen
        term.send("C-q", "C-q")  # asks over the words not sent; again quits
        term.wait_for("[exited")
    with RecordStore.open(home) as store:  # nothing signed beside what was there
        assert len(list(store.records(w.session))) == len(w.records)
