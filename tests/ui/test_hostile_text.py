"""Other people's words are shown as typed: never as markup, never as a button, never a crash.

Any member can write anything the schemas allow into a knot, a name, a reason or a title,
including Rich/Textual markup: ``[/]`` (which raises when parsed and took the screen down),
``[bold red]`` (which restyles the screen), ``[link=…]`` and ``[@click=app.quit]`` (which
turns words into a button that runs an action). Mallory writes such words in every phase on a
real node; Anja's real app, on her own real node on loopback, shows every screen at 80×24.
Each test asserts the literal words are on the screen and that clicking them quits nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Static

from beraad.core import session as model
from beraad.core.tally import decision_body
from beraad.identity_file import save_profile
from beraad.net.discovery import parse_advert
from beraad.node import Node
from beraad.ui.app import BeraadApp
from beraad.ui.bridge import nearby_items
from beraad.ui.messages import NearbyChanged
from beraad.ui.projector import ProjectorApp
from beraad.ui.projector_screens import ProjectorJoin
from beraad.ui.screens.how_decided import HowDecidedScreen
from beraad.ui.screens.lobby import LobbyScreen
from beraad.ui.screens.meeting import MeetingScreen
from beraad.ui.screens.session import SessionScreen
from beraad.ui.screens.while_away import WhileAwayScreen
from tests.ui.conftest import SIZE
from tests.ui.phases_text import static_words
from tests.ui.session_people import make_app, node_of, screen_text, screen_words, until

pytestmark = pytest.mark.timeout(120)

CLICK = "[@click=app.quit]click me[/]"
CLOSE = "[/]"
BOLD = "[bold red]x"
LINK = "[link=https://example.invalid]x[/link]"
RTL = "\u202eevil"
EMOJI = "🎉🙂"
LONG = "w" * 500

TITLE = f"{BOLD} square {CLOSE}"
FOCUS = f"{LINK} {CLICK}"
NAME = "[/]Mal[b]"  # a display name: at most 60 characters, clipped to 12–16 in tables
SPEAKER = "[i]Sam[/]"  # someone without a device, for whom Mallory writes
TEXTS = {
    "knot": CLICK,
    "long": LONG,
    "spoken": f"{RTL} {EMOJI} {CLOSE}",
    "position": f"{BOLD} position",
    "argument": f"{LINK} because",
    "note": f"{CLOSE} I saw it",
    "criterion": f"{CLICK} cheap",
    "option": CLICK,
    "build": f"{LINK} {CLOSE}",
    "objection": f"{CLOSE} {CLICK}",
    "well": f"{BOLD} went well",
    "next": f"{CLICK} next",
    "timer": f"{CLOSE}talk",
    "topic": f"{BOLD} topic",
}


async def open_node(home: Path, name: str) -> Node:
    home.mkdir(parents=True, exist_ok=True)
    save_profile(home, name, "en", chosen=True)
    return await Node.open(home, host="127.0.0.1", discovery=False)


async def holds(node: Node, session: str, count: int) -> None:
    """Until ``node`` holds ``count`` records of the session (the other's have arrived)."""
    await node.wait_for(lambda: len(node.records(session)) >= count, 20)


async def click_on(pilot: Pilot, text: str) -> None:
    """Click the screen where ``text`` is drawn (it must be there), as a mouse user would."""
    app = pilot.app
    lines = screen_text(app).splitlines()
    spot = next(((row, line.index(text)) for row, line in enumerate(lines) if text in line), None)
    assert spot is not None, f"{text!r} is not on the screen:\n{screen_text(app)}"
    row, column = spot
    for offset in range(len(text)):
        await pilot.click(offset=(column + offset, row))
    await pilot.pause()


def shown(app: App, *texts: str) -> None:
    """Each text is on the screen as typed (a wrapped line still counts)."""
    missing = [t for t in texts if t not in screen_text(app) and t not in screen_words(app)]
    assert not missing, f"not shown as typed: {missing!r}; screen:\n{screen_text(app)}"


def still_running(app: App) -> bool:
    return app.is_running and app.return_code is None


async def write_every_phase(anja: Node, mallory: Node, session: str) -> dict[str, str]:
    """Mallory's hostile words in every phase (Anja, the facilitator, moves the group on);
    returns the ids of the options and of the decision."""
    ids: dict[str, str] = {}

    async def by(node: Node, kind: str, body: dict) -> str:
        record = await node.contribute(session, kind, body)
        other = mallory if node is anja else anja
        await other.wait_for(lambda: record.id in {r.id for r in other.records(session)}, 20)
        return record.id

    await by(anja, "phase.move", model.move_body("knots"))
    await by(mallory, "knot.add", model.text_body(TEXTS["knot"]))
    await by(mallory, "knot.add", model.text_body(TEXTS["long"]))
    knot = await by(
        mallory, "knot.add", model.spoken_for(model.text_body(TEXTS["spoken"]), SPEAKER)
    )
    await by(mallory, "hand.raise", model.hand_raise_body(SPEAKER))
    await by(anja, "timer.start", model.timer_body(300, TEXTS["timer"]))
    await by(anja, "phase.move", model.move_body("positions"))
    position = await by(mallory, "position.add", model.position_body(knot, TEXTS["position"]))
    await by(mallory, "argument.add", model.argument_body(position, "for", TEXTS["argument"]))
    await by(mallory, "note.add", model.note_body(knot, "experience", TEXTS["note"]))
    await by(anja, "phase.move", model.move_body("criteria"))
    criterion = await by(mallory, "criterion.add", model.text_body(TEXTS["criterion"]))
    await by(mallory, "weight.set", model.weights_body({criterion: 70}))
    await by(anja, "phase.move", model.move_body("options"))
    ids["option"] = await by(mallory, "option.add", model.option_body(TEXTS["option"]))
    await by(mallory, "option.add", model.option_body(TEXTS["build"], [ids["option"]]))
    await by(anja, "phase.move", model.move_body("decide"))
    await by(
        mallory,
        "consent.respond",
        model.consent_body(ids["option"], "object", TEXTS["objection"]),
    )
    return ids


async def test_hostile_words_show_as_typed_on_every_session_screen(tmp_path: Path):
    app = make_app(tmp_path / "anja", "Anja")
    mallory = await open_node(tmp_path / "mallory", NAME)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await until(lambda: app.bridge is not None, pilot)
            anja = node_of(app)
            invitation = await anja.create_session(
                title=TITLE, focus=FOCUS, decision_rule="consent"
            )
            session = invitation.session
            await mallory.join(invitation.code, address=anja.address)
            await anja.wait_for(
                lambda: NAME in {anja.state(session).name(m) for m in anja.state(session).members},
                20,
            )

            # The opening: the title in the header, the focus question, Mallory's name.
            app.open_session(session)
            await until(lambda: isinstance(app.screen, SessionScreen), pilot)
            await until(lambda: NAME in screen_text(app), pilot)
            assert TITLE in screen_text(app)
            assert FOCUS in screen_words(app)
            await click_on(pilot, "click me")
            assert still_running(app)

            # Anja leaves; the lobby lists the session by its title, as typed.
            await pilot.press("ctrl+l")
            await until(lambda: isinstance(app.screen, LobbyScreen), pilot)
            await until(lambda: TITLE in screen_text(app), pilot)

            ids = await write_every_phase(anja, mallory, session)

            # Coming back: "while you were away" quotes Mallory's words and name.
            app.open_session(session)
            await until(lambda: isinstance(app.screen, WhileAwayScreen), pilot)
            away_words = static_words(app.screen.query_one("#away", Static))
            for key in ("knot", "position", "argument", "note", "criterion", "option"):
                assert TEXTS[key] in away_words, key
            assert f"— {NAME}" in away_words
            await pilot.press("escape")
            await until(lambda: isinstance(app.screen, SessionScreen), pilot)
            screen = app.screen
            assert isinstance(screen, SessionScreen)

            # Decide: the option in the round's choice, the objection and its reason in the
            # consent table, the name beside it.
            await until(lambda: screen.state.phase == "decide", pilot)
            decide = screen.view("decide")
            result = static_words(decide.query_one("#result", Static))
            assert TEXTS["objection"] in result and NAME in result
            assert CLICK in result  # the option legend
            await until(lambda: "A. [@click=app.quit]click me" in screen_text(app), pilot)
            await click_on(pilot, "click me")
            assert still_running(app)

            # Every earlier phase, as Anja looks back at it.
            screen.look_at("knots")
            await until(lambda: TEXTS["spoken"] in screen_text(app), pilot)
            shown(app, CLICK, "w" * 40, f"— {NAME}")
            await click_on(pilot, "click me")
            assert still_running(app)
            screen.look_at("positions")
            await until(lambda: TEXTS["position"] in screen_text(app), pilot)
            await pilot.press("down", "down", "down")  # through the tree, to the detail
            screen.look_at("criteria")
            await until(lambda: "1. " + TEXTS["criterion"][:20] in screen_text(app), pilot)
            screen.look_at("options")
            await until(lambda: TEXTS["build"][:38] in screen_text(app), pilot)  # clipped
            shown(app, TEXTS["option"], NAME)
            await click_on(pilot, "click me")
            assert still_running(app)

            # The meeting tools: the scribe's voice in the queue, the timer's label, the
            # balance by name.
            screen.look_at("decide")
            await pilot.press("f7")
            await until(lambda: isinstance(app.screen, MeetingScreen), pilot)
            words = screen_words(app)
            assert f"{SPEAKER} via {NAME}" in words
            assert TEXTS["timer"] in words
            assert NAME in words
            await pilot.press("escape")
            await until(lambda: isinstance(app.screen, SessionScreen), pilot)

            # The decision: both agree, Anja takes it; "how did we decide?" names it as typed.
            await mallory.contribute(
                session, "consent.respond", model.consent_body(ids["option"], "agree")
            )
            await anja.contribute(
                session, "consent.respond", model.consent_body(ids["option"], "agree")
            )
            await anja.wait_for(
                lambda: len(anja.state(session).current_votes("consent.respond")) == 2
            )
            await anja.wait_for(
                lambda: all(
                    v.body["response"] == "agree"
                    for v in anja.state(session).current_votes("consent.respond")
                ),
                20,
            )
            await anja.contribute(session, "vote.close", {"kind": "consent.respond"})
            body = decision_body(anja.state(session), ids["option"], "consent")
            await anja.contribute(session, "decision.take", body)
            await until(lambda: bool(screen.state.decisions), pilot)
            screen.how_decided()
            await until(lambda: isinstance(app.screen, HowDecidedScreen), pilot)
            await until(lambda: f"We decided on A: {CLICK}" in screen_words(app), pilot)
            tables = static_words(app.screen.query_one("#how-tables", Static))
            assert CLICK in tables and NAME in tables
            await click_on(pilot, "click me")
            assert still_running(app)
            await pilot.press("escape")
            await until(lambda: isinstance(app.screen, SessionScreen), pilot)

            # Evaluate: Mallory's notes, under her name.
            decision = anja.state(session).decisions[-1].record
            await anja.contribute(session, "phase.move", model.move_body("act"))
            await anja.contribute(session, "phase.move", model.move_body("evaluate"))
            await mallory.wait_for(lambda: mallory.state(session).phase == "evaluate", 20)
            for aspect, key in (("went_well", "well"), ("try_next", "next")):
                await mallory.contribute(
                    session, "evaluation.add", model.evaluation_body(aspect, TEXTS[key], decision)
                )
            await until(lambda: screen.state.phase == "evaluate", pilot)
            await until(lambda: TEXTS["next"] in screen_words(app), pilot)
            assert f"{TEXTS['well']} — {NAME}" in screen_words(app)
            assert f"We decided on A: {CLICK}" in screen_words(app)
            await click_on(pilot, "click me")
            assert still_running(app)
    finally:
        await mallory.close()


async def _ready(node: Node) -> Node:
    return node


async def test_the_projector_shows_hostile_words_as_typed(tmp_path: Path):
    anja = await open_node(tmp_path / "anja", "Anja")
    mallory = await open_node(tmp_path / "mallory", NAME)
    beamer = await open_node(tmp_path / "beamer", "Beamer")
    try:
        invitation = await anja.create_session(title=TITLE, focus=FOCUS, decision_rule="consent")
        session = invitation.session
        await mallory.join(invitation.code, address=anja.address)
        app = ProjectorApp(lambda: _ready(beamer), beamer=True)
        async with app.run_test(size=SIZE) as pilot:
            await until(lambda: app.node is not None, pilot)
            # Joined by the code on the projector's own screen, as ``beraad --projector`` does.
            await pilot.press("j")
            await until(lambda: isinstance(app.screen, ProjectorJoin), pilot)
            await pilot.press(*invitation.code, "tab", *anja.address, "enter")
            await until(lambda: TITLE in screen_text(app), pilot)
            shown(app, FOCUS)
            await click_on(pilot, "click me")
            assert still_running(app)
            await write_every_phase(anja, mallory, session)
            # The tally on the wall: the option as typed, the objection's reason as typed.
            await until(lambda: TEXTS["objection"] in screen_words(app), pilot)
            shown(
                app,
                "A. " + CLICK,
                f"Hands up: {SPEAKER} via {NAME}",
                f"hear more from: Anja, ✎ {SPEAKER} via {NAME}",  # members first; marked
            )
            await click_on(pilot, "click me")
            assert still_running(app)
            # Back in a phase with contributions: the newest first, with their authors.
            await anja.contribute(session, "phase.move", model.move_body("options"))
            await until(lambda: f"{NAME} · option: {TEXTS['build']}" in screen_words(app), pilot)
            shown(app, f"{NAME} · option: {CLICK}")
            await click_on(pilot, "click me")
            assert still_running(app)
    finally:
        await mallory.close()
        await anja.close()
        await beamer.close()


async def test_a_title_advertised_with_markup_shows_as_typed_in_the_lobby(app: BeraadApp):
    """A stranger's mDNS advert, parsed as discovery parses it, listed in the lobby."""
    advert = parse_advert(
        "x._beraad._tcp.local.",
        {
            b"v": b"1",
            b"session": b"c" * 32,
            b"peer": b"d" * 16,
            b"title": f"{CLICK}{CLOSE}".encode(),
        },
        ["127.0.0.1"],
        7070,
    )
    assert advert is not None, "the advert should be usable"
    async with app.run_test(size=SIZE) as pilot:
        await until(lambda: isinstance(app.screen, LobbyScreen), pilot)
        app.screen.post_message(NearbyChanged(nearby_items([advert])))
        await until(lambda: CLICK in screen_text(app), pilot)
        assert f"{CLICK}{CLOSE}"[:30] in screen_text(app)
        await click_on(pilot, "click me")
        await pilot.press("enter")  # choosing it opens the join form, nothing else
        await pilot.pause()
        assert still_running(app)
