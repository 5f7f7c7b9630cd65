"""What real users tripped over in the sixth naive session (three people and a projector, the
real app at 80×24, English and Dutch): each finding pinned where it showed."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events

from benchmarks.ui import NONCE, Writer
from beraad.core import session as bodies
from beraad.core.session import PHASES
from beraad.core.settled import agreed_move_body
from beraad.i18n import translate
from beraad.ui.app import BeraadApp
from beraad.ui.screens.help import HelpScreen
from beraad.ui.screens.session import SessionScreen
from beraad.ui.widgets.phase_bar import open_proposal
from beraad.ui.widgets.phase_dialog import PhaseDialog
from tests.ui.phases_app import SIZE
from tests.ui.phases_text import screen_text, screen_words
from tests.ui.stored_app import open_from_lobby, session_opened, stored_app
from tests.ui.stored_app import until as until_app
from tests.ui.test_session_flow import make_app

pytestmark = pytest.mark.timeout(120)

NAMES = ["Anja", "Bart", "Chris"]


def three(process_rule: str = "facilitator", phase: str | None = "knots") -> Writer:
    """Anja (the facilitator), Bart and Chris in one session, the group in ``phase``."""
    w = Writer()
    open_ = bodies.open_body("Our street", "How do we slow the traffic?", process_rule=process_rule)
    w.write(0, "session.open", {**open_, "nonce": NONCE})
    w.write(0, "member.name", bodies.name_body(NAMES[0]))
    for n in (1, 2):
        w.write(0, "member.admit", bodies.admit_body(w.who[n].public_key, NAMES[n]))
    if phase is not None:
        for step in PHASES[1 : PHASES.index(phase) + 1]:
            w.write(0, "phase.move", bodies.move_body(step))
    return w


def opened_by(w: Writer, home: Path, member: int, language: str = "en") -> BeraadApp:
    """The app of ``member`` (in ``language``) over ``w``'s session, in its own home."""
    return stored_app(w, home, identity=w.who[member], name=NAMES[member], language=language)


@pytest.mark.both_languages
async def test_f6_under_the_facilitator_rule_says_what_it_does(tmp_path, language):
    """A member's F6 under the facilitator rule offered "Enter chooses" with nothing to
    choose: it says who moves the group on, and only that Escape goes back."""
    w = three("facilitator")
    app = opened_by(w, tmp_path / "bart", 1, language)
    async with app.run_test(size=SIZE) as pilot:
        await session_opened(app, w.session)
        await pilot.press("f6")
        await until_app(lambda: isinstance(app.screen, PhaseDialog))
        await pilot.pause()
        words = screen_words(app)
        if language == "en":
            assert "Only the facilitator, Anja, moves the group on." in words
            assert "Enter chooses" not in words
            assert "Escape goes back." in words
        else:
            assert "Alleen de begeleider, Anja, brengt de groep verder." in words
            assert "Enter kiest" not in words
            assert "Escape gaat terug." in words
        await pilot.press("escape")
        await until_app(lambda: isinstance(app.screen, SessionScreen))


@pytest.mark.parametrize("key", ["e", "r"])
async def test_knots_edit_and_take_back_boxes_keep_the_keys(tmp_path, key):
    """After Enter in the knots' edit (or take-back) box the keys went back to the list, so
    the next words typed fired list letters (m: matters, r: take back, e: edit...). The box
    keeps the keys, as after every Enter; what is typed next is a new knot."""
    w = three()
    knot = w.write(0, "knot.add", bodies.text_body("Cars drive too fast"))
    app = opened_by(w, tmp_path / "anja", 0)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        view = screen.view("knots")
        box = view.composer.input
        await until_app(lambda: screen.focused is box)
        await pilot.press("tab", "down", key, "enter")  # the key proposes, Enter does it
        await until_app(lambda: screen.focused is box and view.composer.mode != "add")
        await pilot.press(*" at night", "enter")
        node = screen.node
        if key == "e":
            await until_app(lambda: "at night" in node.state(w.session).knots[knot].text)
        else:
            await until_app(lambda: not node.state(w.session).knots[knot].live)
        await pilot.pause()
        assert screen.focused is box
        await pilot.press(*"more room", "enter")
        await until_app(lambda: len(node.state(w.session).knots) == 2)
        state = node.state(w.session)
        assert [k.text for k in state.knots.values()][-1] == "more room"
        assert not state.knots[next(iter(state.knots))].matters


@pytest.mark.both_languages
async def test_f1_says_what_tab_and_escape_do(tmp_path, language):
    """F1 said "Escape or Tab comes back" from the list: Escape never moves the focus (it
    stays in the list), Tab goes round the phase's parts. It says what they do today."""
    w = three()
    app = opened_by(w, tmp_path / "anja", 0, language)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        view = screen.view("knots")
        box = view.composer.input
        await until_app(lambda: screen.focused is box)
        await pilot.press("tab")
        assert screen.focused is view.tree
        await pilot.press("escape")
        assert screen.focused is view.tree  # Escape does not come back to the box
        await pilot.press("tab")
        assert screen.focused is box  # Tab does
        await pilot.press("f1")
        await until_app(lambda: isinstance(app.screen, HelpScreen))
        text = translate(app.screen.help_text, language)
        if language == "en":
            assert "**Escape** or **Tab** comes back" not in text
            assert "and Tab again back to the box" in text
            assert "**Escape** stops what a box was asked for" in text
        else:
            assert "**Escape** of **Tab** gaat terug" not in text
            assert "en Tab nog eens terug naar het vak" in text
            assert "**Escape** stopt waar een vak om vroeg" in text


def keys(app: BeraadApp, *pressed: tuple[str, str | None]) -> None:
    """Keys queued at once, as a terminal delivers them (``session_people.burst`` for
    named keys): none waits for what the one before it does."""
    assert app._driver is not None
    for key, character in pressed:
        event = events.Key(key, character)
        event.set_sender(app)
        app._driver.send_message(event)


def consent_move(w: Writer, to: str, ready: tuple[int, ...] = (0, 2)) -> str:
    """Anja proposes moving to ``to``; ``ready`` answer ready. Returns the proposal."""
    proposal = w.write(0, "phase.propose", bodies.propose_body(to))
    for member in ready:
        w.write(member, "phase.respond", bodies.respond_body(proposal, "ready"))
    return proposal


async def test_f6_enter_right_after_a_move_proposes_nothing(tmp_path):
    """Bart saw Anja's proposal ("Press F6 to answer") and pressed F6 Enter just as the group
    moved by consent: the dialog, built after the move, had "Propose moving on" highlighted
    and Enter proposed the next move. Right after someone else moved the group an Enter
    typed with F6 chooses nothing, and the dialog says the group just moved."""
    w = three("consent", phase=None)
    first = consent_move(w, "knots")
    w.write(0, "phase.move", agreed_move_body(w.fold.state, w.fold.state.proposals[first]))
    second = consent_move(w, "positions", ready=(0,))
    app = opened_by(w, tmp_path / "bart", 1)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        node = screen.node
        await until_app(lambda: "Anja proposes Positions" in screen_words(app), 20)
        chris = w.write(2, "phase.respond", bodies.respond_body(second, "ready"))
        move = agreed_move_body(w.fold.state, w.fold.state.proposals[second])
        moved = w.write(0, "phase.move", move)
        node.ingest(w.session, [r for r in w.records if r.id in (chris, moved)])
        await until_app(lambda: screen.state.phase == "positions")
        keys(app, ("f6", None), ("enter", "\r"))  # one burst, as a quick hand types them
        await until_app(
            lambda: (
                open_proposal(node.state(w.session)) is not None
                or "just moved" in screen_words(app)
            )
        )
        await pilot.pause()
        assert open_proposal(node.state(w.session)) is None
        assert isinstance(app.screen, PhaseDialog)
        assert "The group has just moved to Positions" in screen_words(app)
        # Nothing is preselected in that moment (naive s6b E): an Enter pressed once the
        # dialog is there, still meant for the passed proposal, sends nothing; ↓ chooses.
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PhaseDialog)
        await pilot.press("down", "enter")  # a new move right after one: asked again first
        await pilot.pause()
        assert open_proposal(node.state(w.session)) is None and isinstance(app.screen, PhaseDialog)
        await pilot.press("enter")  # (naive s11 F-minor-20)
        await until_app(lambda: open_proposal(node.state(w.session)) is not None)
        assert open_proposal(node.state(w.session)).to == "criteria"


def here_line(app: BeraadApp) -> str:
    """The "Here: …" line of the session screen, up to who is away."""
    line = next(row for row in screen_text(app).splitlines() if "Here:" in row)
    return line.split("Away:")[0]


async def test_here_counts_only_who_has_this_session_open(tmp_path):
    """Bart's app in the lobby was counted "Here:" in Anja's session: his node is linked (it
    replicates every session it holds), his person is not here. Only who has the session
    open is here; Bart is here once he opens it, and away again once he leaves it."""
    anja = make_app(tmp_path / "anja", "Anja")
    bart = make_app(tmp_path / "bart", "Bart")
    async with anja.run_test(size=SIZE) as a, bart.run_test(size=SIZE) as b:
        await until_app(lambda: anja.bridge is not None and bart.bridge is not None)
        node_a, node_b = anja.bridge.node, bart.bridge.node
        invitation = await node_a.create_session(title="Budget", focus="What do we spend on?")
        await node_b.join(invitation.code, address=node_a.address)
        session = invitation.session
        await until_app(lambda: node_b.state(session).phase is not None)
        await open_from_lobby(a)
        bart_key = node_b.identity.public_key
        held = node_a._sessions[session]
        # Bart's node is linked and its hello has said he does not have the session open.
        await until_app(lambda: any(link.hello_seen for link in held.links.get(bart_key, ())))
        assert bart_key in held.links
        assert "Bart" not in here_line(anja)  # Bart is in the lobby
        await open_from_lobby(b)
        await until_app(lambda: "Bart" in here_line(anja))
        await b.press("ctrl+l")
        await until_app(lambda: "Bart" not in here_line(anja))
