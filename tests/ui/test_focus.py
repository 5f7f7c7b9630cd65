"""The focus and key model (docs/focus.md), as two people live it with the real app.

After every phase change, whoever made it, each phase view's text box has the keys: a sentence
with every letter of the alphabet (each a key somewhere in beraad) lands in it as typed. While a
text box has the keys, the footer offers no letter keys; in the list it does.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from beraad.ui.phases.base import PhaseView
from beraad.ui.widgets.item_tree import ItemTree
from tests.ui.session_people import burst
from tests.ui.test_session_flow import (
    create_in_app,
    join_in_app,
    make_app,
    move_on,
    screen_text,
    session_screen,
    until,
)

pytestmark = pytest.mark.timeout(120)

SIZE = (80, 24)
#: Every letter a–z; typed into a list instead of a text box, many of them would be actions.
PANGRAM = "the quick brown fox jumps over the lazy dog"
PHASES = ("knots", "positions", "criteria", "options", "decide", "act", "evaluate")


def view_of(app, phase: str) -> PhaseView:
    return session_screen(app).view(phase)


def footer_keys(app) -> set[str]:
    """The keys the footer offers now (what the person can see)."""
    return {
        binding.key
        for _node, binding, enabled, _tip in app.screen.active_bindings.values()
        if binding.show and enabled
    }


@pytest.mark.timeout(400)  # 2 people × 7 phases × a whole sentence, also on a busy machine
async def test_each_phase_view_has_its_text_box_focused_after_every_phase_change(
    tmp_path: Path,
):
    anja, bart = make_app(tmp_path / "anja", "Anja"), make_app(tmp_path / "bart", "Bart")
    async with anja.run_test(size=SIZE) as a, bart.run_test(size=SIZE) as b:
        code = await create_in_app(a, "Our square", "Nicer for everyone?")
        await join_in_app(b, code, anja.bridge.node.address)
        for phase in PHASES:
            # Each is somewhere else than a text box when the move comes (a list, a button).
            for pilot in (a, b):
                await pilot.press("shift+tab")
            await move_on(a)  # Anja moves the group; Bart only sees it happen
            for pilot, app in ((a, anja), (b, bart)):
                await until(
                    lambda app=app, phase=phase: session_screen(app).viewing == phase, pilot
                )
                box = view_of(app, phase).text_box()
                assert isinstance(box, Input), phase
                await until(lambda app=app, box=box: app.focused is box, pilot)
                burst(app, PANGRAM)
                await until(lambda box=box: len(box.value) >= len(PANGRAM), pilot)
                assert box.value == PANGRAM, (phase, app.focused)
                box.value = ""


async def test_letter_keys_are_offered_only_while_the_list_has_the_keys(tmp_path: Path):
    anja = make_app(tmp_path / "anja", "Anja")
    async with anja.run_test(size=SIZE) as a:
        await create_in_app(a, "Our square", "Nicer for everyone?")
        await move_on(a)
        await until(lambda: session_screen(anja).viewing == "knots", a)
        view = view_of(anja, "knots")
        await until(lambda: anja.focused is view.text_box(), a)
        await a.pause()
        typing = footer_keys(anja)
        assert "a" not in typing  # "a Add" while typing would be a lie: a is text here
        assert {"f6", "f7"} <= typing  # the screen's actions are function keys
        await a.press(*"Too hot", "enter")
        await until(lambda: len(session_screen(anja).state.knots) == 1, a)
        await a.press("shift+tab")
        await until(lambda: isinstance(anja.focused, ItemTree), a)
        await a.pause()
        # No row chosen: every letter is text for the box, `a` too ("auto's" lost its a)
        assert "a" not in footer_keys(anja)
        await a.press(*"auto")
        await until(lambda: view.text_box().value == "auto", a)
        assert anja.focused is view.text_box()
        view.text_box().value = ""
        await a.press("shift+tab", "down")
        await until(lambda: "a" in footer_keys(anja), a)
        await a.press("a")  # on a chosen row, a adds: back to the text box
        await until(lambda: anja.focused is view.text_box(), a)
        assert view.text_box().value == ""


async def test_a_refusal_stays_in_its_view_and_clears_when_the_context_changes(tmp_path: Path):
    """ "Refused: text is longer than 2000 characters" from Knots followed the person into
    Criteria, Options, Decide and Evaluate."""
    anja = make_app(tmp_path / "anja", "Anja")
    refused = "longer than 2000 characters"
    async with anja.run_test(size=SIZE, notifications=True) as a:
        await create_in_app(a, "Our square", "Nicer for everyone?")
        await move_on(a)
        screen = session_screen(anja)
        await until(lambda: screen.viewing == "knots", a)
        field = view_of(anja, "knots").text_box()
        assert isinstance(field, Input)

        async def refuse() -> None:
            field.value = "x" * 2001  # a long paste
            await a.press("enter")
            await until(lambda: refused in screen_text(anja), a)
            assert field.value == "x" * 2001  # nothing typed is lost

        await refuse()
        assert not any(refused in n.message for n in anja._notifications)  # no toast either
        screen.look_at("criteria")  # the person looks elsewhere: it stays behind
        await until(lambda: screen.viewing == "criteria", a)
        await a.pause()
        assert refused not in screen_text(anja)
        screen.look_at("knots")
        await a.pause()
        assert refused not in screen_text(anja)  # the context changed: it is gone

        await refuse()
        await move_on(a)  # the group moves on: the refusal belonged to Knots
        await until(lambda: screen.viewing == "positions", a)
        await a.pause()
        assert refused not in screen_text(anja)
        assert not any(refused in str(n.message) for n in screen.query("Notice").results())


async def test_f1_opens_help_on_every_screen(tmp_path: Path):
    """F1 did nothing in the meeting tools; every screen says what it is for and its keys."""
    from beraad.ui.screens.help import HelpScreen

    anja = make_app(tmp_path / "anja", "Anja")
    async with anja.run_test(size=SIZE) as a:

        async def help_opens(where: str) -> None:
            before = type(anja.screen)
            await a.press("f1")
            await until(lambda: isinstance(anja.screen, HelpScreen), a)
            assert anja.screen.help_text, where  # it says something about that screen
            await a.press("escape")
            await until(lambda: type(anja.screen) is before, a)

        await until(lambda: anja.bridge is not None, a)
        await help_opens("lobby")
        await create_in_app(a, "Our square", "Nicer for everyone?")
        await help_opens("session")
        for key in ("f7", "f6", "f8"):  # meeting tools, moving the group, a new join code
            session = anja.screen
            await a.press(key)
            await until(lambda session=session: anja.screen is not session, a)
            await help_opens(key)
            await a.press("escape")
            await until(lambda session=session: anja.screen is session, a)


async def test_keys_typed_right_after_tab_land_in_the_next_field(tmp_path: Path):
    """A fast typist's keys arrive together: the ones after Tab belong to the next field."""
    from textual import events

    from beraad.ui.screens.start import StartScreen

    anja = make_app(tmp_path / "anja", "Anja")
    async with anja.run_test(size=SIZE) as a:
        await until(lambda: anja.bridge is not None, a)
        await a.press("n")
        await until(lambda: isinstance(anja.screen, StartScreen), a)
        title = anja.focused
        assert isinstance(title, Input)
        # All at once, as a terminal delivers a burst: no waiting between the keys.
        for key, character in [("a", "a"), ("b", "b"), ("tab", "\t"), ("c", "c"), ("d", "d")]:
            anja.post_message(events.Key(key, character))
        await until(lambda: anja.focused is not title and getattr(anja.focused, "value", ""), a)
        assert title.value == "ab"
        assert anja.focused.value == "cd"
