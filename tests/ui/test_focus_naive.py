"""What a person who has never seen beraad types, and where it must land (docs/focus.md).

Each test replays a finding of the usability test with the real app at 80×24: the keys a
naive typist pressed and what they expected to see.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.widgets import Input

from beraad.core import session as model
from beraad.core.session import PHASES
from beraad.ui.phases.base import PhaseView
from beraad.ui.phases.decide import DecideView
from beraad.ui.phases.options import OptionsView
from beraad.ui.phases.positions import PositionsView
from beraad.ui.screens.session import SessionScreen
from beraad.ui.widgets.item_tree import ItemTree
from beraad.ui.widgets.phase_dialog import PhaseDialog
from beraad.ui.widgets.vote_grid import VoteGrid
from tests.ui.phases_app import PhaseApp, close_all, table_of
from tests.ui.phases_app import until as until_phase
from tests.ui.phases_text import screen_text as phase_text
from tests.ui.stored_app import open_from_lobby
from tests.ui.test_session_flow import (
    create_in_app,
    group_phase,
    make_app,
    move_on,
    screen_text,
    session_screen,
    shows,
    until,
)

pytestmark = pytest.mark.timeout(120)

SIZE = (80, 24)
SENTENCE = "quite a lot of rust"  # q, a, l, o, t, r, s: letters that are list keys somewhere


async def in_knots(pilot) -> None:
    app = pilot.app
    await create_in_app(pilot, "Our square", "Nicer for everyone?")
    await move_on(pilot)
    await until(lambda: session_screen(app).viewing == "knots", pilot)


async def test_escape_in_the_knot_box_keeps_typing_in_the_box(tmp_path: Path):
    """Knots: a knot, Escape, a sentence: the sentence went to the list as commands."""
    anja = make_app(tmp_path / "anja", "Anja")
    async with anja.run_test(size=SIZE) as a:
        await in_knots(a)
        box = session_screen(anja).view("knots").text_box()
        assert isinstance(box, Input)
        await until(lambda: anja.focused is box, a)
        await a.press(*"too many cars", "enter")
        await until(lambda: shows(anja, "knots", "too many cars") and not box.value, a)
        await a.press("escape", *SENTENCE)
        assert anja.focused is box
        assert box.value == SENTENCE


async def test_letters_in_a_list_without_a_chosen_row_become_text(tmp_path: Path):
    """A printable key in a list where no row is chosen acts on nothing: it is text."""
    anja = make_app(tmp_path / "anja", "Anja")
    async with anja.run_test(size=SIZE, notifications=True) as a:
        await in_knots(a)
        view = session_screen(anja).view("knots")
        box = view.text_box()
        await a.press(*"too many cars", "enter")
        await until(lambda: shows(anja, "knots", "too many cars") and not box.value, a)
        await a.press("shift+tab")
        tree = view.query_one(ItemTree)
        await until(lambda: anja.focused is tree, a)
        assert tree.current is None
        await a.press(*SENTENCE)
        assert anja.focused is box
        assert box.value == SENTENCE
        assert "First choose a line" not in screen_text(anja)
        # With a row chosen, the letters are the list's keys again: m then Enter marks the
        # knot (m alone proposes it, naive s11 F8).
        await a.press("shift+tab", "down")
        await until(lambda: tree.current is not None, a)
        await a.press("m", "enter")
        await until(lambda: "♥" in screen_text(anja), a)
        assert box.value == SENTENCE


async def knots_then(tmp_path: Path, phase: str, options: tuple[str, ...] = ()):
    """One real node, two knots, the group in ``phase`` (options added there if asked)."""
    nodes, session = await table_of(tmp_path, ["anja"], "dots", "knots")
    (anja,) = nodes
    for text in KNOTS:
        await anja.contribute(session, "knot.add", model.text_body(text))
    for step in PHASES[PHASES.index("knots") + 1 : PHASES.index(phase) + 1]:
        await anja.contribute(session, "phase.move", model.move_body(step))
    for text in options if phase == "options" else ():
        await anja.contribute(session, "option.add", model.option_body(text))
    return anja, session


KNOTS = ("too many cars", "no shade")


@pytest.mark.parametrize("phase", ["positions", "options"])
async def test_tab_then_down_chooses_the_first_row_in_every_list(tmp_path: Path, phase: str):
    """Positions landed on the first row, Options on the second: one rule, the first."""
    anja, session = await knots_then(tmp_path, phase, ("A fence", "Speed bumps"))
    me = anja.identity.public_key
    try:
        if phase == "positions":
            view: PhaseView = PositionsView(session)
            first = lambda: view.tree.current.label.plain  # noqa: E731
        else:
            view = OptionsView(session)
            first = lambda: anja.state(session).options[view.chosen()].text  # noqa: E731
        app = PhaseApp(view, me, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            view.focus_default()
            await until_phase(pilot, lambda: app.focused is view.text_box())
            await pilot.press("shift+tab", "down")
            assert not isinstance(app.focused, Input)
            assert first().startswith(("too many cars", "A fence"))
    finally:
        await close_all([anja])


async def test_arrows_in_the_position_box_choose_the_knot(tmp_path: Path):
    """Positions: Enter asked to choose a knot, but ↑ ↓ in the box did nothing."""
    anja, session = await knots_then(tmp_path, "positions")
    me = anja.identity.public_key
    try:
        view = PositionsView(session)
        app = PhaseApp(view, me, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            view.focus_default()
            box = view.text_box()
            await until_phase(pilot, lambda: app.focused is box)
            await pilot.press(*"wider pavements", "enter")
            # Said where it is asked (under the box), and the text stays in the box.
            notice = view.query_one("#positions-notice")
            await until_phase(pilot, lambda: "with ↑ ↓" in str(notice.render()))
            assert notice.region.height and notice.region.bottom <= SIZE[1]
            assert box.value == "wider pavements" and app.focused is box
            await pilot.press("down")
            assert "Position on “too many cars”" in phase_text(app)
            await pilot.press("down")
            assert "Position on “no shade”" in phase_text(app)
            await pilot.press("up", "enter")
            state = anja.state(session)
            await until_phase(pilot, lambda: len(state.positions) == 1)
            (position,) = state.positions.values()
            assert state.knots[position.knot].text == "too many cars"
            assert position.text == "wider pavements"
            assert app.focused is box
            # Read to the end of the list, a general note (under no knot): ↓ in the box
            # chooses the knot nearest that row, not the first knot of the list, thousands
            # of lines up in a big session (naive s17 F4).
            await anja.contribute(session, "note.add", model.note_body(None, "experience", "x"))
            app.refresh_view()
            await pilot.press("shift+tab", "end")
            assert view.tree.current is not None and view.tree.current.kind == "note"
            await pilot.press("tab")
            assert app.focused is box
            await pilot.press("down")
            assert "Position on “no shade”" in phase_text(app)
    finally:
        await close_all([anja])


async def test_a_dot_vote_has_its_first_cell_focused_on_arrival(tmp_path: Path):
    """Decide by dots: digits typed on arrival went nowhere, though F1 said the cursor is there."""
    anja, session = await knots_then(tmp_path, "options", ("A fence", "Speed bumps"))
    await anja.contribute(session, "phase.move", model.move_body("decide"))
    me = anja.identity.public_key
    try:
        view = DecideView(session)
        app = PhaseApp(view, me, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            view.focus_default()
            grid = view.query_one(VoteGrid)
            await until_phase(pilot, lambda: app.focused is grid)
            await pilot.press("2", "ctrl+s")
            state = anja.state(session)
            await until_phase(pilot, lambda: "dots.place" in state.votes)
            (fence,) = [o.id for o in state.options.values() if o.text == "A fence"]
            assert state.votes["dots.place"][me].body["dots"] == {fence: 2}
    finally:
        await close_all([anja])


async def test_consent_proposal_is_announced_and_a_stale_answer_proposes_nothing(tmp_path: Path):
    """Others got no prompt when a move was proposed; and Cleo's Enter in a dialog opened to
    answer a proposal that had passed meanwhile proposed the next phase: the dialog follows
    the move, says so, and an Enter chooses nothing."""
    anja, bart = make_app(tmp_path / "anja", "Anja"), make_app(tmp_path / "bart", "Bart")
    async with anja.run_test(size=SIZE) as a, bart.run_test(size=SIZE, notifications=True) as b:
        await until(lambda: anja.bridge is not None and bart.bridge is not None, a, b)
        node_a, node_b = anja.bridge.node, bart.bridge.node
        invitation = await node_a.create_session(
            title="Budget", focus="What do we spend on?", process_rule="consent"
        )
        await node_b.join(invitation.code, address=node_a.address)
        await open_from_lobby(a, b)
        focused = bart.focused
        await move_on(a)  # Anja proposes moving on to Knots
        prompt = "Anja proposes moving to Knots. Press F6 to answer ready or object."
        await until(lambda: any(prompt == n.message for n in bart._notifications), a, b)
        await until(lambda: "Anja proposes moving to" in " ".join(screen_text(bart).split()), b)
        assert bart.focused is focused  # told, not interrupted

        await b.press("f6")
        await until(lambda: isinstance(bart.screen, PhaseDialog), b)
        # Meanwhile the proposal passes (Bart's answer from his other device, say).
        session = invitation.session
        (proposal,) = session_screen(bart).state.proposals
        await node_b.contribute(session, "phase.respond", model.respond_body(proposal, "ready"))
        await until(lambda: group_phase(bart) == "knots", a, b)
        # The open dialog follows the move and says so, with nothing chosen (naive s6b E).
        await until(lambda: "while this was open" in " ".join(screen_text(bart).split()), b)
        await b.press("enter")  # meant for the proposal that has passed
        await b.pause()
        assert isinstance(bart.screen, PhaseDialog)
        await b.press("escape")
        await until(lambda: isinstance(bart.screen, SessionScreen), b)
        assert len(session_screen(anja).state.proposals) == 1  # no new proposal
        assert len(session_screen(bart).state.proposals) == 1


async def test_a_burst_of_digits_and_arrows_fills_the_cells_in_order(tmp_path: Path):
    """Criteria: "90", ↓, "40" as one burst (tmux, a paste) gave the first row 40."""
    from textual import events

    from beraad.ui.phases.criteria import CriteriaView

    nodes, session = await table_of(tmp_path, ["anja"], "matrix", "criteria")
    (anja,) = nodes
    for text in ("Safe for small children", "Cheap to maintain"):
        await anja.contribute(session, "criterion.add", model.text_body(text))
    me = anja.identity.public_key
    try:
        view = CriteriaView(session)
        app = PhaseApp(view, me, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            grid = view.query_one(VoteGrid)
            await until_phase(pilot, lambda: grid.row_count == 2)
            grid.focus()
            await until_phase(pilot, lambda: app.focused is grid)
            state = anja.state(session)
            safe, cheap = sorted(state.criteria, key=lambda c: state.criteria[c].at)
            for key, character in [("9", "9"), ("0", "0"), ("down", None), ("4", "4"), ("0", "0")]:
                app.post_message(events.Key(key, character))  # all at once, no waiting
            await until_phase(pilot, lambda: len(grid.given()) == 2)
            assert grid.given() == {safe: {"mine": 90}, cheap: {"mine": 40}}
    finally:
        await close_all(nodes)


async def test_enter_then_tab_in_a_burst_submits_each_field_its_own_text(tmp_path: Path):
    """Evaluate: text, Enter, Tab, text, Enter as one burst became one merged note: Tab
    (a priority key) moved the focus before the queued Enter acted, on the wrong field."""
    from textual import events

    anja = make_app(tmp_path / "anja", "Anja")
    async with anja.run_test(size=SIZE) as a:
        await create_in_app(a, "Our square", "Nicer for everyone?")
        screen = session_screen(anja)
        for _phase in PHASES[1:]:
            await move_on(a)
        await until(lambda: screen.viewing == "evaluate", a)
        first = screen.view("evaluate").text_box()
        await until(lambda: anja.focused is first, a)
        keys = [*"went well", "enter", "tab", *"do better", "enter"]
        for key in keys:  # all at once, as tmux or a fast typist delivers them
            character = {"enter": "\r", "tab": "\t"}.get(key, key)
            anja.post_message(events.Key({" ": "space"}.get(key, key), character))
        await until(lambda: len(screen.state.evaluations) == 2, a)
        texts = sorted(e.text for e in screen.state.evaluations.values())
        assert texts == ["do better", "went well"]


async def test_a_paste_in_a_one_line_box_keeps_all_its_lines_and_sends_nothing(tmp_path: Path):
    """A pasted paragraph (a newline, a Tab inside) in a phase's box: the box keeps all of it
    on its line (lines joined by a space, a tab a space: ``FreeText``; it kept only the first
    line) for the person to check and send; nothing is sent, no field is jumped."""
    from textual import events

    anja = make_app(tmp_path / "anja", "Anja")
    async with anja.run_test(size=SIZE) as a:
        await in_knots(a)
        box = session_screen(anja).view("knots").text_box()
        await until(lambda: anja.focused is box, a)
        anja.post_message(events.Paste("too many cars\tat night\nand a second line\n"))
        await until(lambda: box.value, a)
        await a.pause()
        assert box.value == "too many cars at night and a second line"
        assert anja.focused is box
        assert not session_screen(anja).state.knots


def _burst(app, keys: list[str]) -> None:
    """Keys all at once, as tmux or a fast typist delivers them: no waiting in between."""
    from textual import events

    names = {" ": "space", "\t": "tab", "\r": "enter", "?": "question_mark"}
    for key in keys:
        app.post_message(events.Key(names.get(key, key), key))


@pytest.mark.parametrize("slow_form", [False, True], ids=["form", "slow-form"])
async def test_a_title_and_tab_typed_right_after_n_land_in_the_new_session_form(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, slow_form: bool
):
    """Lobby: "n", "Bike shed", Tab, "Where?" as one burst: the keys reached the form before
    it had a focus and were lost (an empty form), or the Tab went to the scenario. On a slow
    machine (``slow_form``) the form took longer to mount than keys wait at most for the one
    before them, and the title's first letter went to the form before its focus ("ike shed",
    under load): keys wait for a screen still being mounted."""
    from beraad.ui import app_keys
    from beraad.ui.screens.start import StartScreen

    if slow_form:
        # Mounted only after the keys' longest wait; once mounted, the form's focus comes
        # within that wait again (it is asked for in on_mount, and comes after it).
        monkeypatch.setattr(app_keys, "HOLD_KEYS_AT_MOST", 1.0)
        mounted = StartScreen.on_mount

        async def slow_mount(self: StartScreen) -> None:
            await asyncio.sleep(2.0)  # the machine is slow, not a wait for the app
            mounted(self)

        monkeypatch.setattr(StartScreen, "on_mount", slow_mount)
    anja = make_app(tmp_path / "anja", "Anja")
    async with anja.run_test(size=SIZE) as a:
        await until(lambda: anja.bridge is not None, a)
        _burst(anja, ["n", *"Bike shed", "\t", *"Where?"])
        await until(lambda: isinstance(anja.screen, StartScreen), a)
        form = anja.screen
        await until(lambda: form.query("#focus"), a)
        focus = form.query_one("#focus", Input)
        await until(lambda: focus.value == "Where?", a)
        assert form.query_one("#title", Input).value == "Bike shed"
        assert anja.focused is focus


async def test_a_title_enter_and_the_question_typed_at_once_each_land_in_their_box(
    tmp_path: Path,
):
    """Naive s11 F3 (and s11b N2, also on older main): in the new deliberation form, the
    title, Enter and the focus question typed as one burst all went into the title
    ("PleinHoe?"): the form moves the focus on in its Submitted handler, after the keys typed
    behind the Enter had been handed to the title. They wait for it now."""
    from beraad.ui.screens.start import StartScreen

    anja = make_app(tmp_path / "anja", "Anja")
    async with anja.run_test(size=SIZE) as a:
        await until(lambda: anja.bridge is not None, a)
        _burst(anja, ["n", *"Plein", "\r", *"Hoe?"])
        await until(lambda: isinstance(anja.screen, StartScreen), a)
        form = anja.screen
        await until(lambda: form.query("#focus"), a)
        focus = form.query_one("#focus", Input)
        await until(lambda: focus.value == "Hoe?", a)
        assert form.query_one("#title", Input).value == "Plein"
        assert anja.focused is focus
