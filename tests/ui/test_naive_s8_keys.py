"""Keys keep working whatever happens to the widget that has them (naive s8 findings 1, 7,
10, 11)."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette

from beraad.core import session as bodies
from beraad.ui.screens.help import HelpScreen
from beraad.ui.screens.session import SessionScreen
from beraad.ui.widgets.vote_notice import Notice
from tests.ui.phases_app import SIZE
from tests.ui.stored_app import session_opened
from tests.ui.stored_app import until as until_app
from tests.ui.test_naive_s6 import opened_by, three

pytestmark = pytest.mark.timeout(60)


async def looking_at_act(app, w):  # type: ignore[no-untyped-def]
    """Chris's screen, the group in Evaluate, F3 to Act: the keys in its action box."""
    screen = await session_opened(app, w.session)
    act = screen.view("act")
    await until_app(lambda: screen.focused is not None)
    await app._press_keys(["f3"])
    await until_app(lambda: screen.viewing == "act" and screen.focused is act.composer.input)
    return screen, act


def typed(view) -> str | None:  # type: ignore[no-untyped-def]
    box = view.text_box()
    return None if box is None else box.value


def back_to_the_opening(screen, w) -> None:  # type: ignore[no-untyped-def]
    w.write(0, "phase.move", bodies.move_body("opening"))
    screen.node.ingest(w.session, list(w.records))


async def test_keys_act_after_the_looked_at_action_box_goes(tmp_path):
    """Finding 1: the group went back to the opening while Chris looked at Act with the keys
    in its (empty) action box. The box went, and with it the focus: every letter vanished and
    each key waited for a focus that never came (F5, F1, Ctrl+P, Ctrl+Q seconds to minutes
    late). The keys fall to the view looked at; letters go to the group's box, as in any
    looked-at list; F1, Ctrl+P, F5 and Ctrl+Q act."""
    w = three("facilitator", phase="evaluate")
    app = opened_by(w, tmp_path / "chris", 2)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen, act = await looking_at_act(app, w)
        back_to_the_opening(screen, w)
        await until_app(lambda: screen.group_phase == "opening")
        await until_app(lambda: not act.shows(act.composer.input))
        await pilot.press(*"ouderen")
        opening = screen.view("opening")
        await until_app(lambda: screen.viewing == "opening" and typed(opening) == "ouderen")
        assert screen.focused is opening.text_box()
        assert "what you type goes into Opening" in opening.query_one(Notice).message
        await pilot.press("f4", "f4")  # a looked-at view again; F1 and Ctrl+P from there
        await until_app(lambda: screen.viewing != "opening" and screen.focused is not None)
        await pilot.press("f1")
        await until_app(lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("escape")
        await until_app(lambda: app.screen is screen)
        await pilot.press("ctrl+p")
        await until_app(lambda: isinstance(app.screen, CommandPalette))
        await pilot.press("escape")
        await until_app(lambda: app.screen is screen)
        await pilot.press("f5")
        await until_app(lambda: screen.viewing == "opening")
        assert not app._held_keys
        await pilot.press("ctrl+q")  # "ouderen" is not sent: asked first, Ctrl+Q again quits
        await until_app(lambda: app.screen is not screen)
        await pilot.press("ctrl+q")
        await until_app(lambda: not app.is_running)


async def test_a_key_right_as_the_box_goes_is_not_lost(tmp_path):
    """The focus falls to nobody the moment the box is hidden; a key handed out before the
    screen gave it back goes to the view all the same (``KeyRouting._focus_back``), and the
    app never holds the next keys waiting for a focus on a screen the key did not open."""
    w = three("facilitator", phase="evaluate")
    app = opened_by(w, tmp_path / "chris", 2)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen, act = await looking_at_act(app, w)
        screen.view("opening")
        back_to_the_opening(screen, w)
        await until_app(lambda: not act.shows(act.composer.input) and screen.focused is not None)
        screen.set_focus(None)  # as Textual's blur of the hidden box left it
        await pilot.press(*"xyz")
        await until_app(lambda: typed(screen.view("opening")) == "xyz")
        assert not app._held_keys and app._settling is None


async def test_words_in_the_action_box_stay_in_sight_as_the_group_moves(tmp_path):
    """Half an action typed while looking at Act: the group going back to the opening hid
    the box with the words in it, the keys with them. It stays, with the keys and the words;
    Enter keeps them and says they go once the group is back in Act."""
    w = three("facilitator", phase="evaluate")
    app = opened_by(w, tmp_path / "chris", 2)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen, act = await looking_at_act(app, w)
        await pilot.press(*"Paint the zebra")
        back_to_the_opening(screen, w)
        await until_app(lambda: screen.group_phase == "opening")
        await pilot.pause()
        assert act.shows(act.composer.input) and screen.focused is act.composer.input
        await pilot.press(*" crossing", "enter")
        notice = act.query_one(Notice)
        await until_app(lambda: "Not sent: the group is in Opening" in notice.message)
        assert act.composer.input.value == "Paint the zebra crossing"
        assert screen.focused is act.composer.input
        assert not screen.state.actions
        assert isinstance(app.screen, SessionScreen)


async def test_quit_and_the_lobby_ask_first_when_words_are_not_sent(tmp_path):
    """Finding 7: Ctrl+Q (and Ctrl+L) threw a half-typed knot away without a word. Both ask
    first, Cancel focused: Enter or Escape keeps everything; Ctrl+Q again quits."""
    from beraad.ui.screens.confirm import ConfirmScreen
    from beraad.ui.screens.lobby import LobbyScreen

    w = three("facilitator", phase="knots")
    app = opened_by(w, tmp_path / "bart", 1)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        box = screen.view("knots").text_box()
        await until_app(lambda: screen.focused is box)
        await pilot.press(*"Een half getypte knoop")
        for key, go_on in (("ctrl+l", "To the lobby"), ("ctrl+q", "Quit")):
            await pilot.press(key)
            await until_app(lambda: isinstance(app.screen, ConfirmScreen))
            asked, offered = app.screen.question, app.screen.go_on
            assert offered == go_on
            assert "Not sent yet: the words in the Knots box" in asked
            await pilot.press("enter")  # Cancel: nothing lost
            await until_app(lambda: app.screen is screen and screen.focused is box)
            assert box.value == "Een half getypte knoop" and app.is_running
        await pilot.press("ctrl+l")
        await until_app(lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("tab", "enter")
        await until_app(lambda: isinstance(app.screen, LobbyScreen))
        app.open_session(w.session)
        await until_app(lambda: isinstance(app.screen, SessionScreen) and app.screen is not screen)
        again = app.screen
        await until_app(lambda: again.focused is not None)
        await pilot.press(*"Nog een", "ctrl+q")
        await until_app(lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("ctrl+q")
        await until_app(lambda: not app.is_running)


async def test_no_discovery_sessions_does_not_look_nearby(tmp_path):
    """Finding 11: `beraad --no-discovery sessions` still browsed and listed "Nearby:"."""
    from tests.conftest import run_beraad

    listed = run_beraad("--data-dir", str(tmp_path / "anja"), "--no-discovery", "sessions")
    assert listed.returncode == 0, listed.stderr
    assert "Nearby" not in listed.stdout and "Nothing found nearby" not in listed.stdout
    assert "discovery is off" in listed.stdout


async def test_enter_in_the_reason_box_or_on_seal_says_how_to_cast(tmp_path):
    """Finding 11: under consent Enter in the reason box did nothing and nothing said Ctrl+S
    casts; Tab from the response row reached *Seal my vote*, where Enter ticked the seal.
    Both say how a vote is cast; Space ticks the seal; nothing is sent."""
    from textual.widgets import Checkbox

    from beraad.ui.phases.decide import HOW_TO_CAST, HOW_TO_SEAL

    w = three("facilitator", phase="options")
    w.write(0, "option.add", bodies.option_body("Bollards"))
    w.write(0, "phase.move", bodies.move_body("decide"))
    app = opened_by(w, tmp_path / "bart", 1)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        view = screen.view("decide")
        await until_app(lambda: screen.focused is not None and screen.focused is view.text_box())
        await pilot.press(*"Too dark", "enter")
        notice = view.query_one(Notice)
        await until_app(lambda: notice.message == HOW_TO_CAST)
        assert "Space" not in notice.message  # in the reason box Space is a space
        assert view.text_box().value == "Too dark"
        notice.clear()
        seal = view.query_one("#seal", Checkbox)
        seal.focus()
        await until_app(lambda: screen.focused is seal)
        await pilot.press("enter")  # on the seal: Space ticks it, said there only (s8b 15)
        await until_app(lambda: notice.message == HOW_TO_SEAL)
        assert not seal.value
        await pilot.press("space")
        await until_app(lambda: seal.value)
        assert len(screen.node.records(w.session)) == len(w.records)


async def test_a_looked_at_list_says_on_the_row_the_letters_that_act(tmp_path):
    """Finding 10, the rule kept (docs/focus.md): in a looked-at list with a row chosen, a
    letter acts where it acts in the group's phase, and the row's keys line says which (the
    knots list's keys have no room in the footer); any other letter goes to the group's box.
    Looking at Knots from Positions, `m` is said on the row and marks the knot."""
    w = three("facilitator", phase="knots")
    w.write(0, "knot.add", bodies.text_body("The playground is unsafe"))
    w.write(0, "phase.move", bodies.move_body("positions"))
    app = opened_by(w, tmp_path / "chris", 2)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        await until_app(lambda: screen.focused is not None)
        await pilot.press("f3")
        knots = screen.view("knots")
        await until_app(lambda: screen.viewing == "knots" and screen.focused is not None)
        await pilot.press("tab", "down")
        await until_app(lambda: knots.tree.current is not None)
        assert "m Matters to me" in knots.row_keys()
        await pilot.press("m", "enter")  # m proposes, Enter does it
        await until_app(lambda: any(k.matters for k in screen.state.knots.values()))


async def test_the_row_keys_line_names_g_once_knots_are_picked(tmp_path):
    """Naive s12 P9: `g` (cluster the picked knots) was named nowhere on screen; `c Pick for a
    cluster` led nowhere. Once a knot is picked the row's keys line names `g` too."""
    w = three("facilitator", phase="knots")
    w.write(0, "knot.add", bodies.text_body("The playground is unsafe"))
    w.write(0, "knot.add", bodies.text_body("Cars drive too fast"))
    app = opened_by(w, tmp_path / "chris", 2)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        knots = screen.view("knots")
        await until_app(lambda: screen.viewing == "knots" and screen.focused is not None)
        await pilot.press("tab", "down")
        await until_app(lambda: knots.tree.current is not None)
        assert "c Pick for a cluster" in knots.row_keys()
        assert "g Cluster the picked" not in knots.row_keys()  # nothing picked: g does nothing
        await pilot.press("c", "enter")
        await until_app(lambda: knots.picked)
        assert "g Cluster the picked" in knots.row_keys()
