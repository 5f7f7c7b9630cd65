"""People at a table for the session tests: real apps on real loopback nodes, driven by keys.

Builds on ``test_session_flow``'s helpers (apps without mDNS, screen text, waiting on a
condition) and adds what the whole walk needs: starting from a chosen scenario and decision
rule, joining, and reading what one widget shows.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widgets import OptionList, Select

from benchmarks.ui import Writer
from beraad.core import session as model
from beraad.core.session import DECISION_RULES, PHASES, meeting_start_body
from beraad.core.settled import agreed_move_body
from beraad.node import Node
from beraad.ui.app import BeraadApp
from beraad.ui.screens.invitation import InvitationScreen
from beraad.ui.screens.session import SessionScreen
from beraad.ui.screens.since_last_time import SinceLastTimeScreen
from beraad.ui.screens.start import StartScreen
from beraad.ui.widgets.phase_dialog import PhaseDialog
from beraad.ui.widgets.vote_grid import VoteGrid
from tests.ui.conftest import SIZE
from tests.ui.phases_app import with_options
from tests.ui.stored_app import open_from_lobby, session_opened
from tests.ui.stored_app import until as until_app
from tests.ui.test_naive_s6 import consent_move, three
from tests.ui.test_session_flow import (
    join_in_app,
    make_app,
    move_on,
    screen_text,
    session_screen,
    until,
)

__all__ = [
    "alone_at",
    "anja_and_bart",
    "at_decide_with",
    "at_decide_with_one_option",
    "at_meeting_two",
    "ballot_in_hand",
    "burst",
    "create_in_app",
    "f6_opened",
    "in_act_by_consent",
    "joined_our_street",
    "make_app",
    "moved_by_consent",
    "node_of",
    "screen_text",
    "screen_words",
    "session_screen",
    "typed",
    "until",
]


def screen_words(app: BeraadApp) -> str:
    """The screen's words on one line, so a sentence wrapped over two lines still matches."""
    return " ".join(screen_text(app).split())


def node_of(app: BeraadApp) -> Node:
    assert app.bridge is not None
    return app.bridge.node


async def joined_our_street(a: Pilot, b: Pilot) -> str:
    """``a``'s person makes "Our street" in their app, ``b``'s joins it in theirs, and ``a``
    sees them there; the session's id."""
    code = await create_in_app(a, "Our street", "How do we slow the traffic?")
    await join_in_app(b, code, node_of(a.app).address)
    await until(lambda: b.app.display_name in screen_words(a.app), a, b)
    return session_screen(a.app).session


async def _choose(pilot: Pilot, select: Select, value: str) -> None:
    """Open a select with Enter, go down to ``value``, choose it with Enter."""
    values = [v for _label, v in select._options if v is not Select.NULL]
    steps = values.index(value) - values.index(select.value)
    await pilot.press("enter")
    await pilot.press(*(["down"] * steps), "enter")
    await until(lambda: select.value == value, pilot)


async def create_in_app(
    pilot: Pilot,
    title: str,
    focus: str,
    *,
    scenario: str | None = None,
    decision: str | None = None,
) -> str:
    """Start a deliberation with the form (keys only); returns the join code it shows."""
    app = pilot.app
    await until(lambda: app.bridge is not None, pilot)
    await pilot.press("n")
    await until(lambda: isinstance(app.screen, StartScreen), pilot)
    form = app.screen
    if scenario is not None:
        await pilot.press("shift+tab")  # from the title back to the scenario
        await _choose(pilot, form.query_one("#scenario", Select), scenario)
        await pilot.press("tab")
    await typed(pilot, title, "enter")  # bursts, as in test_session_flow's create_in_app
    burst(app, focus)
    if decision is not None:
        assert decision in DECISION_RULES
        await pilot.press("tab", "tab")  # past the process rule to the decision rule
        await _choose(pilot, form.query_one("#decision", Select), decision)
    await pilot.press("ctrl+s")
    await until(lambda: isinstance(app.screen, InvitationScreen), pilot)
    code = app.screen.invitation.code
    assert code in screen_text(app)
    await pilot.press("escape")
    await until(lambda: isinstance(app.screen, SessionScreen), pilot)
    return code


async def at_meeting_two(pilot: Pilot) -> SessionScreen:
    """From the lobby: start "Our square", end meeting 1 and open meeting 2; the session
    screen once "since last time" has opened by itself over it."""
    app = pilot.app
    await create_in_app(pilot, "Our square", "Nicer for everyone?")
    screen = session_screen(app)
    await screen.node.contribute(screen.session, "meeting.end", {})
    await screen.node.contribute(screen.session, "meeting.start", meeting_start_body())
    await until(lambda: isinstance(app.screen, SinceLastTimeScreen), pilot)
    return screen


def burst(app: BeraadApp, text: str) -> None:
    """Send ``text`` as one burst of keys, the way a terminal delivers a fast typist or a paste:
    every key queued at once, none waiting for the app to settle (``Pilot.press`` waits for
    an idle process after each key: 40 ms or more a key). The caller then waits on what the
    keys did; they act in the order they came (docs/focus.md)."""
    assert app._driver is not None
    for character in text:
        key = character if character.isalnum() else _character_to_key(character)
        event = events.Key(key, character)
        event.set_sender(app)
        app._driver.send_message(event)


async def typed(pilot: Pilot, text: str, *then: str) -> None:
    """``text`` as one burst (``burst``), then the keys ``then`` (Enter, Ctrl+S) pressed after
    it: they queue behind the text, so they act on all of it."""
    burst(pilot.app, text)  # type: ignore[arg-type]
    await pilot.press(*then)


async def at_decide_with(
    pilot: Pilot, decision: str, options: list[str], criteria: list[str] | None = None
) -> SessionScreen:
    """From the lobby: start "Our square" under ``decision``; its node writes ``criteria``
    and ``options`` and moves the group on to decide (records: the set-up, not what is
    tested). The session screen once it shows decide with the ballot there."""
    app = pilot.app
    await create_in_app(pilot, "Our square", "Nicer for everyone?", decision=decision)
    screen = session_screen(app)
    node, session = screen.node, screen.session
    for phase in PHASES[1 : PHASES.index("criteria") + 1]:
        await node.contribute(session, "phase.move", model.move_body(phase))
    for text in criteria or ():
        await node.contribute(session, "criterion.add", model.text_body(text))
    await node.contribute(session, "phase.move", model.move_body("options"))
    for text in options:
        await node.contribute(session, "option.add", model.option_body(text))
    await node.contribute(session, "phase.move", model.move_body("decide"))
    await until(lambda: screen.viewing == "decide" and screen.query("#ballot"), pilot)
    return screen


async def at_decide_with_one_option(pilot: Pilot, decision: str = "dots") -> None:
    """From the lobby: start "Our street" under ``decision``, walk it to the options with F6,
    add "Speed bumps" there, and move on to decide (all with keys)."""
    app = pilot.app
    await create_in_app(pilot, "Our street", "How do we slow the traffic?", decision=decision)
    for phase in ("knots", "positions", "criteria", "options"):
        await move_on(pilot)
        await until(lambda phase=phase: session_screen(app).state.phase == phase, pilot)
    await pilot.press("tab", *"Speed bumps", "enter")
    await until(lambda: session_screen(app).state.options, pilot)
    await move_on(pilot)
    await until(lambda: session_screen(app).state.phase == "decide", pilot)


@asynccontextmanager
async def anja_and_bart(
    tmp_path: Path,
    notifications: tuple[bool, bool] = (False, False),
    title: str = "Budget",
    focus: str = "What do we spend on?",
    **rules: Any,
) -> AsyncIterator[tuple[Pilot, Pilot, str]]:
    """Anja's and Bart's apps side by side at 80×24 on loopback nodes: her node starts
    ``title`` under ``rules``, his joins with her code, and each opens it from the lobby as a
    person does. Their pilots and the session."""
    anja, bart = make_app(tmp_path / "anja", "Anja"), make_app(tmp_path / "bart", "Bart")
    async with (
        anja.run_test(size=SIZE, notifications=notifications[0]) as a,
        bart.run_test(size=SIZE, notifications=notifications[1]) as b,
    ):
        await until(lambda: anja.bridge is not None and bart.bridge is not None, a, b)
        node_a, node_b = node_of(anja), node_of(bart)
        invitation = await node_a.create_session(title=title, focus=focus, **rules)
        assert not isinstance(invitation, str)
        await node_b.join(invitation.code, address=node_a.address)
        await open_from_lobby(a, b)
        yield a, b, invitation.session


async def started_alone(pilot: Pilot, decision: str, phase: str, focus: str) -> tuple[Node, str]:
    """The app's node starts "Our square" (``focus``) under ``decision``, alone, and writes
    its way to ``phase`` (records: the set-up, not what is tested). The node, the session."""
    app = pilot.app
    await until(lambda: app.bridge is not None, pilot)
    node = node_of(app)  # type: ignore[arg-type]
    made = await node.create_session(
        title="Our square", focus=focus, decision_rule=decision, invite=False
    )
    session = made if isinstance(made, str) else made.session
    for step in PHASES[1 : PHASES.index(phase) + 1]:
        await node.contribute(session, "phase.move", model.move_body(step))
    return node, session


async def alone_at(
    pilot: Pilot, decision: str, phase: str, kind: str, texts: tuple[str, ...]
) -> tuple[Node, str, SessionScreen]:
    """From the lobby: the app's node starts "Our square" under ``decision``, alone, writes
    its way to ``phase`` and adds ``texts`` there as ``kind`` (records: the set-up, not what
    is tested); the session opened, showing ``phase``. The node, the session, the screen."""
    app = pilot.app
    node, session = await started_alone(pilot, decision, phase, "Which?")
    body = model.option_body if kind == "option.add" else model.text_body
    for text in texts:
        await node.contribute(session, kind, body(text))
    app.open_session(session)  # type: ignore[attr-defined]
    screen = session_screen(app)  # type: ignore[arg-type]
    await until(lambda: screen.viewing == phase, pilot)
    return node, session, screen


async def ballot_in_hand(pilot: Pilot, decision: str = "dots") -> tuple[Node, str, VoteGrid]:
    """From the lobby: the app's node starts "Our square" under ``decision`` and writes its way
    to Decide with options A, B, C (records: the set-up, not what is tested); the session
    opened, its ballot drawn with three rows and holding the keys. The node, the session and
    the ballot."""
    app = pilot.app
    node, session = await started_alone(pilot, decision, "options", "Nicer?")
    await with_options(node, session)
    app.open_session(session)  # type: ignore[attr-defined]
    screen = session_screen(app)  # type: ignore[arg-type]
    await until(lambda: screen.viewing == "decide" and screen.query("#ballot"), pilot)
    grid = screen.query_one("#ballot", VoteGrid)
    await until(lambda: grid.row_count == 3 and screen.focused is grid, pilot)
    return node, session, grid


def moved_by_consent(w: Writer, to: str, ready: tuple[int, ...] = (0, 1, 2)) -> None:
    """Anja proposes moving to ``to``, ``ready`` answer ready, and she moves the group as agreed."""
    proposal = consent_move(w, to, ready=ready)
    w.write(0, "phase.move", agreed_move_body(w.fold.state, w.fold.state.proposals[proposal]))


def in_act_by_consent() -> Writer:
    """Anja, Bart and Chris under the consent rule, moved by consent, all ready, to Act."""
    w = three("consent", phase=None)
    for step in PHASES[1 : PHASES.index("act") + 1]:
        moved_by_consent(w, step)
    return w


async def f6_opened(pilot: Pilot, session: str) -> tuple[SessionScreen, PhaseDialog, OptionList]:
    """The stored app's ``session`` opened, its keys somewhere, and F6 pressed: its screen,
    the dialog and its list."""
    app = pilot.app
    screen = await session_opened(app, session)  # type: ignore[arg-type]
    await until_app(lambda: screen.focused is not None)
    await pilot.press("f6")
    await until_app(lambda: isinstance(app.screen, PhaseDialog))
    dialog = app.screen
    assert isinstance(dialog, PhaseDialog)
    return screen, dialog, dialog.query_one(OptionList)
