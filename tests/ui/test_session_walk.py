"""The whole walk, as a group: three people, three real apps, three real nodes on loopback.

Anja starts a deliberation; Bart joins by the code she reads out; Carla arrives later and
joins by the new code Anja's ``i`` shows. Together they go through every phase — knots,
positions, criteria with weights, options that build on each other, a decision, "how did we
decide?", and the evaluation — at 80×24, everything typed with keys. In English the group
decides by consent and an objection is withdrawn; in Dutch by a sealed dot vote (commit,
close, reveal). At the end every node holds the same state hash.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from textual.widgets import Button, Input, RadioSet, Select, Static

from beraad.i18n import _, set_language
from beraad.ui.app import BeraadApp
from beraad.ui.phases.decide import stored_secrets
from beraad.ui.screens.how_decided import HowDecidedScreen
from beraad.ui.screens.invitation import InvitationScreen
from beraad.ui.screens.session import SessionScreen
from beraad.ui.widgets.big_code import BigCode
from beraad.ui.widgets.phase_bar import phase_label
from beraad.ui.widgets.vote_grid import VoteGrid
from beraad.ui.widgets.vote_notice import Notice
from tests.ui.conftest import SIZE
from tests.ui.session_people import (
    _choose,
    create_in_app,
    make_app,
    node_of,
    screen_text,
    screen_words,
    session_screen,
    typed,
    until,
)
from tests.ui.test_session_flow import join_in_app, move_on, shows

pytestmark = pytest.mark.timeout(240)

TEXTS = {
    "en": {
        "title": "Our street",
        "focus": "How do we slow the traffic?",
        "knot1": "Cars drive too fast",
        "knot2": "No crossing near the school",
        "position": "A 30 km/h zone",
        "for": "Children walk to school here",
        "safe": "Safe for children",
        "cheap": "Cheap",
        "bumps": "Speed bumps",
        "zebra": "Speed bumps and a zebra crossing",
        "objection": "Buses get slower",
        "well": "Everyone was heard",
        "next": "Start on time",
        "action": "Ask the city for the paint",
    },
    "nl": {
        "title": "Onze straat",
        "focus": "Hoe remmen we het verkeer af?",
        "knot1": "Auto's rijden te snel",
        "knot2": "Geen oversteekplaats bij de school",
        "position": "Een zone 30",
        "for": "Kinderen lopen hier naar school",
        "safe": "Veilig voor kinderen",
        "cheap": "Goedkoop",
        "bumps": "Verkeersdrempels",
        "zebra": "Verkeersdrempels en een zebrapad",
        "objection": "Bussen worden trager",
        "well": "Iedereen werd gehoord",
        "next": "Op tijd beginnen",
        "action": "De stad om verf vragen",
    },
}


def phase_is(phase: str, *apps: BeraadApp) -> bool:
    return all(session_screen(app).state.phase == phase for app in apps)


def view_of(app: BeraadApp, phase: str):
    return session_screen(app).view(phase)


def sealed_shown(app: BeraadApp, revealed: int) -> bool:
    """Does the decide view say that 3 votes are sealed and ``revealed`` of them revealed?"""
    status = view_of(app, "decide").query_one("#decide-status", Static)
    said = _(
        "{sealed} sealed, {revealed} revealed; the tally counts only open and revealed votes."
    ).format(sealed=3, revealed=revealed)
    return said in str(status.content)


async def press(pilot, app: BeraadApp, phase: str, button_id: str) -> None:
    """Tab to a button of the view (focus it) and press Enter, as a keyboard user does."""
    button = view_of(app, phase).query_one(f"#{button_id}", Button)
    await until(lambda: button.display and not button.disabled, pilot)
    await until(lambda: not button.has_class("-active"), pilot)
    button.focus()
    await pilot.press("enter")


async def respond(pilot, app: BeraadApp, option: str, response: int, reason: str = "") -> None:
    """A consent response: the option, agree (0) / stand aside (1) / object (2), a reason."""
    view = view_of(app, "decide")
    select = view.query_one("#round-option", Select)
    select.focus()
    if select.value != option:
        await _choose(pilot, select, option)
    radios = view.query_one("#response", RadioSet)
    radios.focus()
    # Each arrow chooses (none chosen: → chooses the first); Enter leaves the choice as it is.
    at = radios.pressed_index
    steps = response + 1 if at < 0 else response - at
    await pilot.press(*(["right"] * steps if steps > 0 else ["left"] * -steps), "enter")
    assert radios.pressed_index == response
    field = view.query_one("#reason", Input)
    field.focus()
    field.value = ""
    await typed(pilot, reason, "ctrl+s")


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.both_languages
async def test_three_people_walk_every_phase_to_an_evaluated_decision(
    tmp_path: Path, language: str
):
    set_language(language)
    t = TEXTS[language]
    rule = "consent" if language == "en" else "dots"
    anja = make_app(tmp_path / "anja", "Anja", language)
    bart = make_app(tmp_path / "bart", "Bart", language)
    carla = make_app(tmp_path / "carla", "Carla", language)
    async with (
        anja.run_test(size=SIZE) as a,
        bart.run_test(size=SIZE) as b,
        carla.run_test(size=SIZE) as c,
    ):
        everyone = (a, b, c)
        code = await create_in_app(a, t["title"], t["focus"], decision=rule)
        await join_in_app(b, code, node_of(anja).address)
        session = session_screen(anja).session

        # The opening: both read the focus question and see each other.
        await until(lambda: "Bart" in screen_text(anja) and "Anja" in screen_text(bart), a, b)
        assert t["focus"] in screen_text(bart)
        # The rules are above the group box, which arrival scrolls into view: scroll up to them.
        rules = _("How we work together (8 × co-creation)")
        view_of(bart, "opening").query_one(VerticalScroll).scroll_home(animate=False)
        await until(lambda: rules in screen_text(bart), b)

        await move_on(a)
        await until(lambda: phase_is("knots", anja, bart), a, b)
        assert "▸" + phase_label("knots") in screen_text(bart)

        # Carla comes late: Anja's F8 shows a new code, large, and Carla joins with it.
        await a.press("f8")
        await until(lambda: isinstance(anja.screen, InvitationScreen), a)
        late = anja.screen.invitation.code
        assert late in screen_text(anja) and anja.screen.query_one(BigCode).code == late
        assert _("Others choose “Join by code” and type it.") in screen_text(anja)
        await a.press("escape")
        await until(lambda: isinstance(anja.screen, SessionScreen), a)
        await join_in_app(c, late, node_of(anja).address)
        await until(lambda: phase_is("knots", carla), *everyone)
        await until(lambda: all("Carla" in screen_text(x.app) for x in everyone), *everyone)

        # Knots: Bart and Carla add one each (arriving, the text box has the keys); Anja
        # goes to the list and marks Bart's as mattering to her.
        await typed(b, t["knot1"], "enter")
        await until(lambda: shows(carla, "knots", f"{t['knot1']} — Bart"), *everyone)
        await typed(c, t["knot2"], "enter")
        await until(lambda: shows(anja, "knots", f"{t['knot2']} — Carla"), *everyone)
        await a.press("shift+tab", "down", "m", "enter")  # a row key proposes; Enter does it
        await until(lambda: shows(bart, "knots", "♥1"), *everyone)

        # Positions: Bart takes one on his knot, Carla argues for it.
        await move_on(a)
        await until(lambda: phase_is("positions", anja, bart, carla), *everyone)
        await b.press("shift+tab", "down", "a", "enter")
        await typed(b, t["position"], "enter")
        await until(lambda: shows(carla, "positions", f"◆ {t['position']} — Bart"), *everyone)
        await c.press("shift+tab", "down", "down", "plus", "enter")
        await typed(c, t["for"], "enter")
        await until(lambda: shows(anja, "positions", f"+ {_('for')}: {t['for']}"), *everyone)

        # Criteria: two proposed, each person weighs them; the spread shows the difference.
        await move_on(a)
        await until(lambda: phase_is("criteria", anja, bart, carla), *everyone)
        # The new phase's first field has the keys, so each person can type at once.
        for app in (anja, bart, carla):
            await until(lambda app=app: getattr(app.focused, "id", "") == "criterion-text", a, b, c)
        await typed(a, t["safe"], "enter")
        await until(lambda: len(session_screen(bart).state.criteria) == 1, *everyone)
        await typed(b, t["cheap"], "enter")
        await until(lambda: len(session_screen(anja).state.criteria) == 2, *everyone)
        await until(lambda: len(session_screen(carla).state.criteria) == 2, *everyone)
        for pilot, safe, cheap in ((a, "80", "20"), (b, "40", "60"), (c, "50", "50")):
            await pilot.press("tab", *safe, "down", *cheap, "ctrl+s")
        await until(lambda: len(session_screen(anja).state.weights) == 3, *everyone)
        await until(
            lambda: "3" in view_of(carla, "criteria").query_one("#weights-count", Static).content,
            *everyone,
        )
        row = next(line for line in screen_text(carla).splitlines() if t["safe"][:12] in line)
        assert row.split()[-4:] == [
            "50",
            "56.7" if language == "en" else "56,7",
            "40–80",
            "40",
        ]  # hers, group (170/3 shown to one decimal), range, spread

        # Options: Bart proposes, Carla builds on it.
        await move_on(a)
        await until(lambda: phase_is("options", anja, bart, carla), *everyone)
        await typed(b, t["bumps"], "enter")
        await until(lambda: t["bumps"] in screen_text(carla), *everyone)
        assert isinstance(carla.focused, Input)
        await c.press("shift+tab", "down", "b", "enter")  # ↓ chooses A
        await typed(c, t["zebra"], "enter")
        await until(lambda: t["zebra"][:30] in screen_text(anja), *everyone)
        state = session_screen(anja).state
        bumps, zebra = list(state.options)
        assert state.options[zebra].builds_on == [bumps]
        row = next(line for line in screen_text(anja).splitlines() if t["zebra"][:20] in line)
        assert row.split()[-1] == "A"  # builds on A

        await move_on(a)
        await until(lambda: phase_is("decide", anja, bart, carla), *everyone)
        if rule == "consent":
            # Consent on B: Bart objects with a reason, the rule is not met; then he agrees.
            await respond(a, anja, zebra, 0)
            await respond(b, bart, zebra, 2, t["objection"])
            await respond(c, carla, zebra, 0)
            await until(
                lambda: (
                    len(session_screen(anja).state.current_votes("consent.respond", zebra)) == 3
                ),
                *everyone,
            )
            await until(lambda: "objection" in screen_words(anja), *everyone)
            # "Take the decision" is not mute: pressed now it says what must happen first.
            await press(a, anja, "decide", "take")
            await until(
                lambda: (
                    _("voting is still open: close it before taking the decision")
                    in view_of(anja, "decide").query_one(Notice).message
                ),
                a,
            )
            assert not session_screen(anja).state.decisions
            await respond(b, bart, zebra, 0)
            await until(
                lambda: all(
                    v.body["response"] == "agree"
                    for v in session_screen(anja).state.current_votes("consent.respond", zebra)
                ),
                *everyone,
            )
        else:
            # A sealed dot vote: each seals, Anja closes, each app reveals by itself.
            for pilot, app, keys in (
                (a, anja, ("down", "3")),
                (b, bart, ("2", "down", "1")),
                (c, carla, ("down", "2")),
            ):
                view = view_of(app, "decide")
                view.query_one(VoteGrid).focus()
                await pilot.press(*keys)
                view.query_one("#seal").focus()
                await pilot.press("space", "ctrl+s")  # Space ticks the seal (Enter says how)
            await until(
                lambda: len(session_screen(anja).state.current_votes("dots.place")) == 3, *everyone
            )
            for app in (anja, bart, carla):
                node = node_of(app)
                me = node.identity.public_key
                vote = session_screen(anja).state.votes["dots.place"][me]
                assert vote.sealed and vote.body is None
                assert vote.commitment in stored_secrets(node.store.session_local(session))
            await until(lambda: sealed_shown(carla, 0), *everyone)
            await press(a, anja, "decide", "close-voting")
            await until(lambda: "dots.place" in session_screen(carla).state.closed, *everyone)
            # Nobody presses "Reveal my vote": each running app reveals its own sealed vote
            # as soon as it sees the close, so nobody can end the reveal ahead of them.
            await until(lambda: sealed_shown(anja, 3), *everyone)
        if rule == "consent":
            await press(a, anja, "decide", "close-voting")
            await until(lambda: "consent.respond" in session_screen(bart).state.closed, *everyone)
        await press(a, anja, "decide", "take")
        await until(lambda: all(session_screen(x.app).state.decisions for x in everyone), *everyone)
        (decision,) = session_screen(bart).state.decisions
        assert decision.option == zebra and decision.method == rule

        # "How did we decide?" from Bart's command palette.
        await b.press("ctrl+p", *_("How did we decide?"))
        await until(lambda: _("How did we decide?") in screen_text(bart), b)
        await b.press("enter")
        await until(lambda: isinstance(bart.screen, HowDecidedScreen), b)
        assert _("We decided on {letter}: {option}").format(letter="B", option=t["zebra"]) in (
            screen_words(bart)
        )
        await b.press("escape")
        await until(lambda: isinstance(bart.screen, SessionScreen), b)

        # Act: Carla adds an action for the decision, Bart volunteers to pull it and starts.
        await move_on(a)
        await until(lambda: phase_is("act", anja, bart, carla), *everyone)
        await typed(c, t["action"], "enter")
        await until(lambda: t["action"] in screen_text(bart), *everyone)
        await b.press(
            "shift+tab", "down", "down", "p", "enter"
        )  # the list: ↓ the decision, ↓ its action
        await until(lambda: _("pulled by {names}").format(names="Bart") in screen_text(anja), a)
        await b.press("s", "enter")
        (action,) = session_screen(anja).state.actions.values()
        await until(lambda: action.status == "started", a)
        assert (
            action.decision == decision.record
            and action.author == node_of(carla).identity.public_key
        )

        # Evaluate: what went well, what to try next, seen by everyone.
        await move_on(a)
        await until(lambda: phase_is("evaluate", anja, bart, carla), *everyone)
        await typed(b, t["well"], "enter")
        await c.press("tab")
        await typed(c, t["next"], "enter")
        await until(
            lambda: t["well"] in screen_text(anja) and t["next"] in screen_text(anja), *everyone
        )
        assert _("We decided on {letter}: {option}").format(letter="B", option=t["zebra"]) in (
            screen_words(carla)
        )
        notes = session_screen(anja).state.evaluations.values()
        assert all(n.decision == decision.record for n in notes)

        nodes = [node_of(x.app) for x in everyone]
        await nodes[0].wait_for(lambda: len({n.state_hash(session) for n in nodes}) == 1, 20)
