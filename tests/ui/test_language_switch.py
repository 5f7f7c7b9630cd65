"""Switching language (Ctrl+P → Language) in every phase, before and after a decision and in
meeting 2, never crashes and keeps the chosen option (naive finding: a Select's restored value
was no longer among its options → InvalidSelectValueError)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.widgets import Select

from beraad.core import session as s
from beraad.core.session import PHASES
from beraad.core.tally import decision_body
from beraad.i18n import current_language, set_language
from beraad.ui.widgets.composer import Composer
from beraad.ui.widgets.phase_dialog import PhaseDialog
from tests.ui.test_session_flow import (
    create_in_app,
    make_app,
    move_on,
    session_screen,
    until,
)

pytestmark = pytest.mark.timeout(180)

SIZE = (80, 24)


@pytest.fixture(autouse=True)
def _english_after():
    yield
    set_language("en")


async def switch_both_ways(pilot, phase: str) -> None:
    """nl and back, as Ctrl+P → Language does; the screen survives and still shows ``phase``."""
    app = pilot.app
    for language in ("nl", "en"):
        await app.switch_language(language, save=False)
        await pilot.pause()
        assert current_language() == language
        screen = session_screen(app)
        await until(lambda sc=screen: sc.viewing == phase and sc.is_attached, pilot)
    assert app.return_code is None and app._exception is None


async def walk_switching(pilot, node, session: str, option: str | None) -> str:
    """Every phase from where the group is to decide (adding an option in options if there is
    none yet); in decide choose it, switch, and see it still chosen. Returns the option.
    One move a phase, so a walk that goes round (session 13: for 29 minutes) fails by count."""
    screen = session_screen(pilot.app)
    for _step in PHASES:
        phase = screen.state.phase
        assert phase is not None
        await until(lambda p=phase: screen.viewing == p, pilot)
        if phase == "decide":
            select = screen.view("decide").query_one("#round-option", Select)
            await until(lambda s=select, o=option: o in [v for _p, v in s._options], pilot)
            select.value = option
            await switch_both_ways(pilot, phase)
            select = screen.view("decide").query_one("#round-option", Select)
            assert select.value == option  # what was chosen survives the switch
            return option
        await switch_both_ways(pilot, phase)
        if phase == "options" and option is None:
            option = (await node.contribute(session, "option.add", s.option_body("A market"))).id
        await move_to_the_next(pilot, phase)
        await until(lambda p=phase: screen.state.phase != p, pilot)
    raise AssertionError(f"{len(PHASES)} moves on and still not in decide: {screen.state.phase}")


async def move_to_the_next(pilot, phase: str) -> None:
    """F6 and the choice that moves the group to the phase after ``phase``: at a follow-up
    meeting's opening the first choice carries on where the last meeting stopped (a35fecf),
    and the walk to decide took it, then went round the last phase for ever."""
    following = PHASES[PHASES.index(phase) + 1]
    await pilot.press("f6")
    await until(lambda: isinstance(pilot.app.screen, PhaseDialog), pilot)
    choices = pilot.app.screen.choices
    index = next(i for i, c in enumerate(choices) if c.body.get("to") == following)
    await pilot.press(*["down"] * (index + 1), "enter")
    await until(lambda: not isinstance(pilot.app.screen, PhaseDialog), pilot)


async def take_the_decision(pilot, node, session: str, option: str) -> None:
    """In decide: agree, close, take the decision (Ctrl+O / Ctrl+G in the app)."""
    screen = session_screen(pilot.app)
    await node.contribute(session, "consent.respond", s.consent_body(option, "agree"))
    await node.contribute(session, "vote.close", s.close_body("consent.respond"))
    await until(lambda: screen.state.phase == "decide", pilot)
    await node.contribute(session, "decision.take", decision_body(node.state(session), option))
    await until(lambda: bool(screen.state.decisions), pilot)


async def test_switching_language_in_every_phase_with_and_without_a_decision(tmp_path: Path):
    """Meeting 1: every phase to decide, then after the decision every phase to the end."""
    anja = make_app(tmp_path / "anja", "Anja")
    async with anja.run_test(size=SIZE) as a:
        await create_in_app(a, "Our square", "Nicer for everyone?")
        screen = session_screen(anja)
        node, session = screen.node, screen.session
        await until(lambda: screen.state.phase == "opening", a)
        option = await walk_switching(a, node, session, None)  # meeting 1, no decision yet
        await take_the_decision(a, node, session, option)
        await switch_both_ways(a, "decide")
        for phase in PHASES[PHASES.index("decide") + 1 :]:
            await move_on(a)
            await until(lambda p=phase: screen.state.phase == p, a)
            await switch_both_ways(a, phase)


async def test_switching_language_in_every_phase_of_a_second_meeting(tmp_path: Path):
    """Meeting 2: a fresh walk to decide, with meeting 1's decision in the state. Meeting 1
    is walked by the node (its switching is the test above), so xdist runs both side by side."""
    anja = make_app(tmp_path / "anja", "Anja")
    async with anja.run_test(size=SIZE) as a:
        await create_in_app(a, "Our square", "Nicer for everyone?")
        screen = session_screen(anja)
        node, session = screen.node, screen.session
        for phase in PHASES[1 : PHASES.index("decide") + 1]:
            if phase == "decide":
                body = s.option_body("A market")
                option = (await node.contribute(session, "option.add", body)).id
            await node.contribute(session, "phase.move", s.move_body(phase))
        await take_the_decision(a, node, session, option)
        for phase in PHASES[PHASES.index("decide") + 1 :]:
            await node.contribute(session, "phase.move", s.move_body(phase))
        await until(lambda: screen.state.phase == PHASES[-1], a)
        await node.contribute(session, "meeting.end", {})
        await node.contribute(session, "meeting.start", s.meeting_start_body())
        await until(lambda: screen.state.meeting == 2, a)
        await a.pause()
        while anja.screen is not screen:  # "since last time" opens itself: close it
            await a.press("escape")
            await a.pause()
        await walk_switching(a, node, session, option)


async def test_a_highlight_in_the_act_view_while_a_language_switch_composes_it_anew(
    tmp_path: Path,
):
    """Under -n 3 (263b4d2): an ItemTree highlight posted before a language switch reached the
    Act view after the recompose had removed its composer, NoMatches('Composer'), and the app
    went down. The handler, run in that moment, now does nothing; the new view draws itself."""
    from tests.ui.stored_app import session_opened, until_composed
    from tests.ui.test_session_mount import session_app

    app, w = session_app(tmp_path / "anja")
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        screen.look_at("act")
        await until_composed("act", pilot)
        old = screen.view("act")
        await until(lambda: bool(old.query(Composer)), pilot)
        set_language("nl")
        switch = asyncio.create_task(screen.relabel())
        for _ in range(10_000):  # the moment the old composer is gone, the view not yet
            if not old.query(Composer) or switch.done():
                break
            await asyncio.sleep(0)
        assert not switch.done(), "the recompose finished before the composer was found gone"
        old._highlighted()  # the highlight's handler, as the message would run it now
        await switch
        new = screen.view("act")
        assert new is not old
        await until(lambda: bool(new.query(Composer)) and app.is_running, pilot)
