"""World café, done when: twelve members on real nodes (loopback) run a three-round café on
three tables. The facilitator sets it up in the dialog with keys; the seating shows on members'
screens (a host, movers, a scribe's person) and on the projector; what tables write is tagged
and passed on to the host; the harvest is in the plenary knots, grouped by table; the minutes
report it per table and round in Dutch and English.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from beraad.core.cafe import cafe_now, seat_of
from beraad.core.session import move_body, text_body
from beraad.export.transfer import minutes_text
from beraad.identity_file import save_profile
from beraad.node import Node
from beraad.ui.phases.knots import KnotsView
from beraad.ui.projector import BigWord, ProjectorApp
from beraad.ui.screens.cafe import CafeScreen, CafeSetupScreen
from tests.ui.conftest import SIZE
from tests.ui.phases_app import CSS, PhaseApp, converged
from tests.ui.phases_text import screen_text, screen_words

pytestmark = pytest.mark.timeout(120)

NAMES = ["Anna", "Bart", "Chloé", "Driss", "Eva", "Femke", "Gijs", "Hatice", "Ivo", "Jan", "Kim"]
QUESTIONS = "Wat gaat goed? @ Anna\nWat kan beter? @ Driss\nWie doet mee? @ Gijs"


class CafeApp(App[None]):
    """Stands in for the session screen: shows the café screen over one node."""

    CSS_PATH = str(CSS)

    def __init__(self, node: Node, session: str, **screen: Any) -> None:
        super().__init__()
        self.node, self.session, self.screen_args = node, session, screen

    def on_mount(self) -> None:
        self.push_screen(CafeScreen(self.node, self.session, **self.screen_args))


async def open_node(home: Path, name: str) -> Node:
    home.mkdir(parents=True, exist_ok=True)
    save_profile(home, name, "en", chosen=True)
    return await Node.open(home, host="127.0.0.1", discovery=False)


async def until(pilot: Pilot, condition: Any, timeout: float = 20) -> None:
    """Let the app run until ``condition()`` holds; fail with the screen if it never does."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"not shown within {timeout}s; screen:\n{screen_text(pilot.app)}")
        await pilot.pause(0.02)


def shows(app: App[Any], *texts: str) -> Any:
    return lambda: all(text in screen_words(app) for text in texts)


@pytest.fixture
async def room(tmp_path: Path):
    """Eleven members and the facilitator's laptop also speaking for Lot (no device)."""
    nodes = [await open_node(tmp_path / name.lower(), name) for name in NAMES]
    try:
        invitation = await nodes[0].create_session(
            title="Buurtfeest", focus="How do we throw a street party for everyone?"
        )
        for node in nodes[1:]:
            await node.join(invitation.code, address=nodes[0].address)
        await converged(nodes, invitation.session, timeout=60)
        await nodes[0].contribute(invitation.session, "phase.move", move_body("knots"))
        await converged(nodes, invitation.session)
        yield nodes, invitation.session
    finally:
        for node in nodes:
            await node.close()


async def test_twelve_members_run_a_three_round_cafe_on_three_tables(room) -> None:
    nodes, session = room
    anna, bart = nodes[0], nodes[1]

    facilitator = CafeApp(anna, session)
    host = CafeApp(nodes[3], session)  # Driss hosts table 2
    mover = CafeApp(nodes[4], session)  # Eva moves
    scribe = CafeApp(bart, session, speaker="Lot")  # Bart looks where Lot sits
    projector = ProjectorApp(lambda: _ready(nodes[10]), session, beamer=False, closer=_keep_open)
    async with (
        facilitator.run_test(size=SIZE) as pilot,
        host.run_test(size=SIZE) as host_pilot,
        mover.run_test(size=SIZE) as mover_pilot,
        scribe.run_test(size=SIZE) as scribe_pilot,
        projector.run_test(size=SIZE) as beamer,
    ):
        await until(pilot, shows(facilitator, "No café is set up. Press n to set one up."))
        await until(mover_pilot, shows(mover, "No café is set up."))
        assert "Press n" not in screen_words(mover)  # only the facilitator sets one up

        # The facilitator sets it up in the dialog, by keys.
        await pilot.press("n")
        await until(pilot, lambda: isinstance(facilitator.screen, CafeSetupScreen))
        assert isinstance(facilitator.focused, TextArea)
        for line in QUESTIONS.split("\n"):
            await pilot.press(*line)
            await pilot.press("enter")
        setup = facilitator.screen
        setup.query_one("#setup-minutes", Input).value = "15"
        setup.query_one("#setup-extra", Input).value = "Lot via Bart"
        await until(pilot, shows(facilitator, "12 people at 3 tables, 3 rounds of 15 minutes."))
        await until(pilot, shows(facilitator, "Table 2: Wat kan beter? — host Driss"))
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(facilitator.screen, CafeScreen), timeout=30)
        await converged(nodes, session)
        cafe = cafe_now(anna.state(session))
        assert cafe is not None and len(cafe.people) == 12 and len(cafe.plan) == 3
        assert [anna.state(session).name(cafe.people[t.host].member) for t in cafe.tables] == [
            "Anna",
            "Driss",
            "Gijs",
        ]

        for number in (1, 2, 3):
            await pilot.press("s")  # the facilitator starts the round
            await converged(nodes, session)
            cafe = cafe_now(anna.state(session))
            assert cafe.running and cafe.round == number
            # Each screen shows its own table, the question and who sits there.
            eva = seat_of(cafe, number, nodes[4].identity.public_key)
            question = cafe.tables[eva].question
            await until(mover_pilot, shows(mover, f"Your table: Table {eva + 1} — {question}"))
            await until(host_pilot, shows(host, "Your table: Table 2 — Wat kan beter?"))
            assert "Driss (host)" in screen_words(host)
            lot = seat_of(cafe, number, bart.identity.public_key, "Lot")
            await until(scribe_pilot, shows(scribe, f"Your table: Table {lot + 1}"))
            await until(mover_pilot, shows(mover, "Timer 1"))  # 15:00 or 14:59, shared
            # The projector: the round in big letters and everyone's seat.
            await until(beamer, lambda n=number: beamer_word(projector) == f"Round {n}")
            await until(beamer, shows(projector, f"Seating, round {number}", "Table 3"))
            if number < 3:
                await until(beamer, shows(projector, "Next round, go to"))
            # Everyone writes at their table, Lot through Bart.
            writes = [
                node.contribute(session, "knot.add", text_body(f"{name} in round {number}"))
                for node, name in zip(nodes, NAMES, strict=True)
            ]
            writes.append(
                bart.contribute(
                    session, "knot.add", {"text": f"Lot in round {number}", "speaker": "Lot"}
                )
            )
            await asyncio.gather(*writes)
            await converged(nodes, session)
            if number > 1:  # the host sees what earlier rounds wrote at the table
                await until(host_pilot, shows(host, "Written at this table in earlier rounds:"))
                state = nodes[3].state(session)
                earlier = [
                    state.name(v.member) if v.speaker is None else v.speaker
                    for v in (cafe.people[p] for p in cafe.plan[number - 2][1])
                ]
                for name in earlier:
                    await until(
                        host_pilot, shows(host, f"Round {number - 1} · knot: {name} in round")
                    )
                assert state is not None
            await pilot.press("e")
            await converged(nodes, session)
            assert not cafe_now(anna.state(session)).running

        await until(pilot, shows(facilitator, "The café is over"))

    state = anna.state(session)
    cafe = cafe_now(state)
    assert len(cafe.tags) == 36  # every contribution tagged with its table and round
    for record_id, tag in cafe.tags.items():
        knot = state.knots[record_id]
        who = knot.speaker or state.name(knot.author)
        assert knot.text == f"{who} in round {tag.round}"
        voice = (knot.author, knot.speaker)
        assert seat_of(cafe, tag.round, *voice) == tag.table

    # The harvest is in the plenary: the knots view groups it by table.
    view = KnotsView(session, id="view-knots")
    app = PhaseApp(view, nodes[5].identity.public_key, node=nodes[5])
    async with app.run_test(size=(80, 60)) as pilot:
        await pilot.pause()
        words = screen_words(app)
        for number, question in enumerate(("Wat gaat goed?", "Wat kan beter?", "Wie doet mee?")):
            assert f"Café table {number + 1}: {question}" in words

    # The minutes report it per table and round, in both languages.
    english = minutes_text(anna, session, "md", "en")
    dutch = minutes_text(anna, session, "md", "nl")
    for text, words in (
        (english, ("## World café", "Table 3", "Round 3", "Lot in round 2")),
        (dutch, ("## Wereldcafé", "Tafel 3", "Ronde 3", "Lot in round 2")),
    ):
        for word in words:
            assert word in text


def beamer_word(app: ProjectorApp) -> str:
    return app.query_one("#phase-name", BigWord).word


async def _ready(node: Node) -> Node:
    return node


async def _keep_open(node: Node) -> None:
    """The room's fixture closes the nodes; the projector only borrows one."""
