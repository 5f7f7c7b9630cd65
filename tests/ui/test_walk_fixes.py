"""What a newcomer tripped over when walking the whole process by hand at 80×24.

Real apps on real loopback nodes (no discovery), driven with keys as a person would; every wait
is on a condition. Each test names the stumble it guards against.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Select

from beraad.i18n import set_language
from beraad.ui.screens.help import HelpScreen, HelpText
from beraad.ui.screens.lobby import LobbyScreen
from beraad.ui.screens.meeting import MeetingScreen
from beraad.ui.screens.session import SessionScreen
from beraad.ui.screens.start import StartScreen
from beraad.ui.widgets.item_tree import ItemTree
from tests.ui.burst import burst
from tests.ui.conftest import SIZE
from tests.ui.session_people import create_in_app, make_app, node_of, screen_words
from tests.ui.test_session_flow import (
    join_in_app,
    move_on,
    screen_text,
    session_screen,
    shows,
    tree_rows,
    until,
)

pytestmark = pytest.mark.timeout(120)


async def test_the_join_code_screen_shows_the_address_to_type_without_discovery(tmp_path: Path):
    """With discovery off the joiner needs an address; the lobby's help says "the address
    their screen shows", so the join-code screen shows one another computer can reach — and
    on a node that listens on loopback only there is none, which it says (issue 13)."""
    anja = make_app(tmp_path / "anja", "Anja")
    async with anja.run_test(size=SIZE) as a:
        await until(lambda: anja.bridge is not None, a)
        await a.press("n")
        await until(lambda: isinstance(anja.screen, StartScreen), a)
        await a.press(*"Our street", "enter", *"Safer?", "ctrl+s")
        await until(lambda: "Join by code" in screen_words(anja), a)
        address = node_of(anja).address
        assert address.startswith("127.0.0.1:")
        assert address not in screen_words(anja)
        assert "no network address another computer can reach" in screen_words(anja)


async def test_choosing_a_scenario_sets_the_rules_it_describes(tmp_path: Path):
    """The scenario "Our square" promises a dot vote; the form showed Consent instead."""
    anja = make_app(tmp_path / "anja", "Anja")
    async with anja.run_test(size=SIZE) as a:
        await until(lambda: anja.bridge is not None, a)
        await a.press("n")
        await until(lambda: isinstance(anja.screen, StartScreen), a)
        form = anja.screen
        scenario = form.query_one("#scenario", Select)
        decision = form.query_one("#decision", Select)
        assert decision.value == "consent"
        await a.press("shift+tab")  # from the title back to the scenario
        values = [v for _label, v in scenario._options]
        await a.press("enter", *(["down"] * values.index("buurt")), "enter")
        await until(lambda: scenario.value == "buurt", a)
        await until(lambda: decision.value == "dots", a)
        # The person may still choose another rule; it stays chosen.
        decision.value = "schulze"
        await a.pause()
        assert decision.value == "schulze"


async def test_walking_knots_options_and_the_meeting_tools(tmp_path: Path):
    anja, bart = make_app(tmp_path / "anja", "Anja"), make_app(tmp_path / "bart", "Bart")
    async with anja.run_test(size=SIZE) as a, bart.run_test(size=SIZE) as b:
        code = await create_in_app(a, "Our square", "Nice for all?", scenario="buurt")
        await join_in_app(b, code, node_of(anja).address)
        await move_on(a)
        await until(lambda: session_screen(anja).viewing == "knots", a)
        tree = session_screen(anja).view("knots").query_one(ItemTree)
        field = session_screen(anja).view("knots").query_one("#knot-text", Input)
        await until(lambda: field.has_focus, a)  # arriving, the text box has the keys
        await a.press("shift+tab")
        await until(lambda: tree.has_focus, a)

        # A key that needs a line, before any line is chosen, acts on nothing: it is text
        # (docs/focus.md), never lost.
        assert tree.current is None
        await a.press("m")
        await until(lambda: field.has_focus and field.value == "m", a)
        field.value = ""
        await a.press("shift+tab")
        await until(lambda: tree.has_focus, a)

        # s on the heading "Suggested by the scenario (s adopts one)" goes to the first one.
        await a.press("down", "down")
        assert tree.current is not None and tree.current.kind == "suggestions"
        await a.press("s", "enter")  # a row key proposes; Enter does it
        await until(lambda: tree.current is not None and tree.current.kind == "suggestion", a)
        await a.press("s", "enter")
        await until(lambda: shows(bart, "knots", "feels unsafe at night. — Anja"), a, b)

        # Scribe mode: what Anja writes for someone without a device shows as theirs.
        session_screen(anja).speaker = "Oma Rita"
        await a.press("a", *"No bench to sit on", "enter")
        await until(lambda: shows(bart, "knots", "No bench to sit on — Oma Rita via Anja"), a, b)
        assert any("Oma Rita via you" in row for row in tree_rows(anja, "knots"))
        session_screen(anja).speaker = None

        # Options: the group arrives and the text box has the keys; typing proposes (the
        # letters of "Put up lamps" were keys: t opened the meeting tools, p passed a round).
        for _phase in ("positions", "criteria", "options"):
            await move_on(a)
        await until(lambda: session_screen(anja).viewing == "options", a)
        field = session_screen(anja).view("options").query_one("#option-text", Input)
        table = session_screen(anja).view("options").query_one("#options", DataTable)
        await until(lambda: field.has_focus, a)
        assert table.row_count == 0
        burst(a.app, "Put up lamps")
        await a.press("enter")
        await until(lambda: "Put up lamps" in screen_text(bart), a, b)
        assert isinstance(anja.screen, SessionScreen)

        # r takes back your own option, as r takes back your words in every other phase.
        table.focus()
        await a.press("down", "r", "enter")  # ↓ chooses the first row, as in every list
        await until(lambda: "Retracting your option A" in screen_words(anja), a)
        await a.press("escape")

        # From a text field the letter t is text; the palette still opens the meeting tools.
        field.focus()
        await a.press("ctrl+p")
        await a.press(*"meeting tools")
        await until(lambda: "Raise your hand" in screen_words(anja), a)
        await a.press("enter")
        await until(lambda: isinstance(anja.screen, MeetingScreen), a)


async def test_f1_lists_only_beraads_own_keys_in_dutch(tmp_path: Path):
    """Textual's widget keys (Scroll Up, Cursor to parent, Copy selected text) are English
    only and buried the session's own keys at the top of the table."""
    set_language("nl")
    anja = make_app(tmp_path / "anja", "Anja", "nl")
    async with anja.run_test(size=SIZE) as a:
        await create_in_app(a, "Onze straat", "Veiliger?")
        await move_on(a)
        await until(lambda: session_screen(anja).viewing == "knots", a)
        await a.press("shift+tab")  # the list's letter keys are live (and listed) there
        await a.press("f1")
        await until(lambda: isinstance(anja.screen, HelpScreen), a)
        descriptions = [description for _key, description in anja.screen.keys]
        # msgids, shown in Dutch (the empty list offers no `a`: a letter there is text)
        assert "Move on" in descriptions and "Meeting" in descriptions
        for builtin in ("Scroll Up", "Cursor to parent", "Copy selected text", "Toggle"):
            assert builtin not in descriptions
        table = anja.screen.query(HelpText).last().source
        assert "Verder" in table and "Scroll" not in table


async def test_the_lobby_opens_your_deliberation_with_enter(tmp_path: Path):
    """Coming back, the lobby listed the deliberation but Enter did nothing: no list had
    the keys."""
    anja = make_app(tmp_path / "anja", "Anja")
    async with anja.run_test(size=SIZE) as a:
        await create_in_app(a, "Our street", "Safer?")
        await a.press("ctrl+l")
        await until(lambda: isinstance(anja.screen, LobbyScreen), a)
    again = make_app(tmp_path / "anja", "Anja")
    async with again.run_test(size=SIZE) as a:
        await until(lambda: "Our street" in screen_text(again), a)
        await a.press("enter")
        await until(lambda: isinstance(again.screen, SessionScreen), a)
