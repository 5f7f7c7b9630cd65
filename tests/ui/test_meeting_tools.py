"""The meeting tools on real nodes: hands, the word under both process rules, the timer, rounds,
scribe mode and the participation balance.

Each person has a real ``Node`` on 127.0.0.1 (no discovery); the second joins by code. A small
app shows ``MeetingScreen`` over each node, driven with keys. The screen listens to its node
itself, so what the other person does must show without anyone telling it. Time is a clock
the test sets: the countdown is checked against the ``timer.start`` record's own time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select

from beraad.core.session import move_body, text_body
from beraad.identity_file import save_profile
from beraad.node import Node
from beraad.ui.screens.meeting import MeetingScreen
from beraad.ui.widgets.meeting_speaker import MeetingSpeaker, apply_speaker
from tests.ui.burst import burst
from tests.ui.phases_app import CSS, SIZE, converged, until

pytestmark = pytest.mark.timeout(60)


class Clock:
    """A clock the test moves by hand (milliseconds since the epoch). It starts at the time
    it is made, as the records' ``at`` does: what is dated after a screen's clock is in no
    sitting yet (attack s9 finding 2c), so a clock behind the records saw nobody speak."""

    def __init__(self, now: int | None = None) -> None:
        self.now = int(time.time() * 1000) if now is None else now

    def __call__(self) -> int:
        return self.now


class MeetingApp(App[None]):
    """Stands in for the session screen: opens the meeting tools and keeps what they return."""

    CSS_PATH = str(CSS)

    def __init__(self, node: Node, session: str, clock: Clock, **screen: Any) -> None:
        super().__init__()
        self.node, self.session, self.clock, self.screen_args = node, session, clock, screen
        self.returned: list[str | None] = []

    def on_mount(self) -> None:
        self.open_tools()

    def open_tools(self) -> None:
        screen = MeetingScreen(self.node, self.session, clock=self.clock, **self.screen_args)
        self.push_screen(screen, self.returned.append)

    @property
    def tools(self) -> MeetingScreen:
        assert isinstance(self.screen, MeetingScreen), self.screen
        return self.screen


def screen_text(app: App[Any]) -> str:
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def footer_keys(app: App[Any]) -> set[str]:
    """The keys offered now (shown and enabled), as the footer shows them."""
    return {
        binding.key
        for _node, binding, enabled, _tip in app.screen.active_bindings.values()
        if binding.show and enabled
    }


def notices(app: App[Any]) -> list[str]:
    return [n.message for n in app._notifications]


def balance_rows(app: MeetingApp) -> list[list[str]]:
    table = app.tools.query_one("#meeting-balance", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def person(tmp_path: Path, name: str) -> Node:
    home = tmp_path / name.lower()
    home.mkdir(parents=True)
    save_profile(home, name, "en", chosen=True)
    return await Node.open(home, host="127.0.0.1", discovery=False)


@pytest.fixture
async def table(tmp_path: Path, request: pytest.FixtureRequest):
    """``table(names, process_rule)``: real nodes, the first opens, the others join by code."""
    nodes: list[Node] = []

    async def make(names: list[str], process_rule: str = "facilitator") -> tuple[list[Node], str]:
        for name in names:
            nodes.append(await person(tmp_path, name))
        invitation = await nodes[0].create_session(
            title="Speelplein", focus="How do we make the square safer?", process_rule=process_rule
        )
        for node in nodes[1:]:
            await node.join(invitation.code, address=nodes[0].address)
        await converged(nodes, invitation.session)
        return nodes, invitation.session

    yield make
    for node in nodes:
        await node.close()


async def shows(pilot: Pilot, text: str | Callable[[], bool], timeout: float = 10) -> None:
    app = pilot.app
    check = text if callable(text) else (lambda: text in screen_text(app))
    try:
        await until(pilot, check, timeout)
    except TimeoutError:
        raise AssertionError(f"not shown: {text!r}\n{screen_text(app)}") from None


async def test_raise_and_lower_my_hand(table):
    (anja,), session = await table(["Anja"])
    app = MeetingApp(anja, session, Clock())
    async with app.run_test(size=SIZE) as pilot:
        # Alone, Anja facilitates: she sees herself as someone she could give the word to.
        await shows(pilot, "Anja (you), no hand raised")
        await pilot.press("ctrl+r")
        await shows(pilot, "1. Anja (you)")
        assert [hand.member for hand in anja.state(session).queue] == [anja.identity.public_key]
        await pilot.press("ctrl+r")
        await shows(pilot, "Anja (you), no hand raised")
        assert anja.state(session).queue == []


async def test_facilitator_gives_the_word_and_others_cannot(table):
    (anja, bart), session = await table(["Anja", "Bart"], "facilitator")
    a_app, b_app = MeetingApp(anja, session, Clock()), MeetingApp(bart, session, Clock())
    async with (
        a_app.run_test(size=SIZE, notifications=True) as a,
        b_app.run_test(size=SIZE, notifications=True) as b,
    ):
        await b.press("ctrl+r")
        await shows(a, "1. Bart")  # arrived over the network, the screen redrew by itself
        # Bart is not the facilitator: he is not offered the keys he may not use.
        await b.pause()
        offered = footer_keys(b_app)
        assert "ctrl+r" in offered and not {"ctrl+g", "ctrl+t", "ctrl+n"} & offered
        await b.press("ctrl+g")
        await b.pause()
        assert bart.state(session).floor is None
        assert {"ctrl+g", "ctrl+t", "ctrl+n"} <= footer_keys(a_app)  # the facilitator is
        # The facilitator also sees members without a raised hand; g follows the queue
        # wherever the cursor is (a raised hand was skipped when g took the cursor's row).
        assert "Anja (you), no hand raised" in screen_text(a_app)
        await a.press("ctrl+g")
        await shows(a, "Bart has the floor")
        await shows(b, "Bart (you) has the floor (given by Anja)")
        assert bart.state(session).floor.member == bart.identity.public_key
        assert bart.state(session).queue == []
        # Whoever has the word may end it.
        await b.press("ctrl+o")
        await shows(a, "Nobody has the floor")
        assert anja.state(session).floor is None


async def test_consent_rule_word_goes_to_the_first_hand(table):
    (anja, bart), session = await table(["Anja", "Bart"], "consent")
    a_app, b_app = MeetingApp(anja, session, Clock()), MeetingApp(bart, session, Clock())
    async with (
        a_app.run_test(size=SIZE, notifications=True) as a,
        b_app.run_test(size=SIZE, notifications=True) as b,
    ):
        await b.press("ctrl+r")
        await shows(a, "1. Bart")
        await a.press("ctrl+r")
        await shows(a, "2. Anja (you)")
        assert ", no hand raised" not in screen_text(a_app)  # nobody picks under consent
        # Anyone may pass the word on; g gives it to the head of the queue, Bart, even with
        # the cursor on Anja's own hand.
        await a.press("ctrl+g")
        await shows(b, "Bart (you) has the floor (given by Anja)")
        await shows(a, "1. Anja (you)")
        # Only whoever has the word may end it (there is no facilitator to do it).
        # Its key is not offered to Anja (a key the fold would refuse does nothing).
        assert not a_app.tools.check_action("end_word", ())
        await a.press("ctrl+o")
        await a.pause()
        assert anja.state(session).floor.member == bart.identity.public_key
        await b.press("ctrl+o")
        await shows(a, "Nobody has the floor")


async def test_timer_counts_down_from_the_record_time(table):
    (anja, bart), session = await table(["Anja", "Bart"])
    a_clock, b_clock = Clock(), Clock()
    a_app, b_app = MeetingApp(anja, session, a_clock), MeetingApp(bart, session, b_clock)
    async with a_app.run_test(size=SIZE) as a, b_app.run_test(size=SIZE) as b:
        await shows(a, "No timer runs.")
        await a.press("ctrl+t", "5", "enter")
        await until(a, lambda: bart.state(session).timer is not None)
        timer = bart.state(session).timer
        assert timer.seconds == 300 and timer.by == anja.identity.public_key
        # Both screens compute from the record's time: 61.5 s after it, 3:58.5 is left (3:59).
        a_clock.now = timer.at + 61_500
        b_clock.now = timer.at + 61_500
        await shows(a, "Timer 3:59")  # the screen ticks every second by itself
        await shows(b, "Timer 3:59")
        b_clock.now = timer.at + 300_000
        await shows(b, "Time is up")
        # A clock behind the starter's never shows more than was set.
        b_clock.now = timer.at - 10_000
        await shows(b, "Timer 5:00")
        await a.press("ctrl+t")  # it runs: the same key stops it
        await shows(b, "No timer runs.")
        assert anja.state(session).timer is None


async def test_timer_refuses_a_bad_number_of_minutes(table):
    (anja,), session = await table(["Anja"])
    app = MeetingApp(anja, session, Clock())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("ctrl+t", "0", "enter")
        await shows(pilot, lambda: any("1 to 1440 minutes" in n for n in notices(app)))
        assert anja.state(session).timer is None


async def test_minutes_typed_on_arrival_then_ctrl_t_set_the_timer(table):
    """The keys start in the box for someone without a device: "3" then Ctrl+T put the 3
    there and set no timer (naive s11 F-minor-18). Digits there are minutes, not a name."""
    (anja,), session = await table(["Anja"])
    app = MeetingApp(anja, session, Clock())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await shows(pilot, "No timer runs.")
        await pilot.press("3", "ctrl+t")
        await until(pilot, lambda: anja.state(session).timer is not None)
        assert anja.state(session).timer.seconds == 180
        assert app.screen.query_one("#speaker-new", Input).value == ""
        assert not any("minutes" in n for n in notices(app))


async def test_round_goes_by_name_and_turns_pass(table):
    (bart, anja), session = await table(["Bart", "Anja"])  # Bart opens: he facilitates
    b_app, a_app = MeetingApp(bart, session, Clock()), MeetingApp(anja, session, Clock())
    async with b_app.run_test(size=SIZE) as b, a_app.run_test(size=SIZE) as a:
        await shows(b, "No round is going.")
        await b.press("ctrl+n")
        await shows(a, "Round: turn of Anja (you) (1 of 2)")
        order = [v.member for v in anja.state(session).round.order]
        assert order == [anja.identity.public_key, bart.identity.public_key]  # by name
        await a.press("ctrl+y")
        await shows(b, "Round: turn of Bart (you) (2 of 2)")
        await shows(b, "–Anja  ▸Bart")
        # Saying something in the phase takes the turn.
        await bart.contribute(session, "phase.move", move_body("knots"))
        await bart.contribute(session, "knot.add", text_body("The bus stop is too dark"))
        await shows(a, "Round: everyone has had a turn")
        await shows(a, "–Anja  ✓Bart")
        await b.press("ctrl+n")  # a round is going: the same key ends it
        await shows(a, "No round is going.")
        assert len(anja.state(session).rounds) == 1


async def test_scribe_speaks_for_someone_without_a_device(table):
    (anja, bart), session = await table(["Anja", "Bart"])
    await anja.contribute(session, "phase.move", move_body("knots"))
    app = MeetingApp(anja, session, Clock())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        speaker_input = app.tools.query_one("#speaker-new", Input)
        speaker_input.focus()
        burst(pilot.app, "  Amina  ")  # spaces are tidied
        await pilot.press("enter")
        await until(pilot, lambda: app.tools.speaker == "Amina")
        # A hand for her, in her name.
        await pilot.press("ctrl+r")
        await shows(pilot, "1. Amina via Anja")
        assert anja.state(session).queue[0].speaker == "Amina"
        # What the session screen does with every contribution while speaking for her.
        body = apply_speaker("knot.add", text_body("Children cross where cars park"), "Amina")
        record = await anja.contribute(session, "knot.add", body)
        assert record.body["speaker"] == "Amina"
        await converged([anja, bart], session)
        await until(pilot, lambda: ["Amina ✎", "1", "1", ""] in balance_rows(app))
        assert ["Anja (you)", "0", "0", "1"] in balance_rows(app)
        # Bart's peer counts it for Amina too.
        assert any(c.member == "Amina" for c in bart.state(session).spoken_for.values())
        await pilot.press("escape")
        await until(pilot, lambda: app.returned == ["Amina"])
        # The name is remembered for this session, also after the screen closed.
        app.open_tools()
        await until(pilot, lambda: isinstance(app.screen, MeetingScreen))
        # Opened without a choice it is "me" again, with Amina one step away.
        await until(pilot, lambda: app.tools.query_one("#speaker-choice", Select).value == "")
        assert app.tools.query_one(MeetingSpeaker).names == ["Amina"]
        assert anja.local_values(session)["speakers"] == ["Amina"]


async def test_a_name_that_cannot_be_a_speaker_is_refused(table):
    (anja,), session = await table(["Anja"])
    app = MeetingApp(anja, session, Clock())
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.tools.query_one("#speaker-new", Input).focus()
        burst(app, "x" * 60)  # one burst (Pilot.press waits ~0.1 s after each key)
        await pilot.press("enter")  # the field stops at 60; fine
        await until(pilot, lambda: app.tools.speaker == "x" * 60)
        # Letters that are keys of the screen type into the field, and do nothing else.
        app.tools.query_one("#speaker-new", Input).focus()
        await pilot.press(*"Thorsten", "enter")
        await until(pilot, lambda: app.tools.speaker == "Thorsten")
        state = anja.state(session)
        assert state.queue == [] and state.timer is None and state.round is None
        app.tools.query_one("#speaker-new", Input).value = "two\x01lines"
        await pilot.press("enter")
        await shows(pilot, lambda: any("control characters" in n for n in notices(app)))
        assert app.tools.speaker == "Thorsten"


async def test_balance_is_by_name_never_by_count(table):
    (carla, anja, bart), session = await table(["Carla", "Anja", "Bart"])
    await carla.contribute(session, "phase.move", move_body("knots"))
    await converged([carla, anja, bart], session)
    for n in range(4):
        await bart.contribute(session, "knot.add", text_body(f"Bart's knot {n}"))
    await carla.contribute(session, "knot.add", text_body("Carla's knot"))
    for n in range(2):
        body = apply_speaker("knot.add", text_body(f"For Zeno {n}"), "Zeno")
        await carla.contribute(session, "knot.add", body)
    await converged([carla, anja, bart], session)
    app = MeetingApp(anja, session, Clock())
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: len(balance_rows(app)) == 4)
        assert balance_rows(app) == [
            ["Anja (you)", "0", "0", "0"],
            ["Bart", "4", "4", "0"],
            ["Carla", "1", "1", "2"],
            ["Zeno ✎", "2", "2", ""],
        ]
        # The quieter voices are invited by name, without numbers.
        heard = str(app.tools.query_one("#meeting-heard").render())
        # Said of this meeting's phase: the table counts every meeting (naive s13 N9).
        said = "This meeting, in Knots, we have not heard much yet from: Anja"
        assert said in " ".join(heard.split()), heard
        assert "Bart" not in heard and "Carla" not in heard
        assert not any(ch.isdigit() for ch in heard)
        # Another phase: nobody has said anything in the opening.
        await pilot.press("f4")
        await until(pilot, lambda: balance_rows(app)[1] == ["Bart", "0", "4", "0"])
        assert "Positions" in screen_text(app)
        assert not app.tools.query_one("#meeting-heard").display


async def test_a_person_spoken_for_is_marked_in_not_heard_much_yet(table):
    """Attack s9 finding 2: one knot written "as scribe" for a speaker named like a member
    made the invitation name "Anja" bare, as if the member were meant. In the meeting tools
    too the person spoken for comes after the members, marked, with the scribe."""
    (carla, anja, bart), session = await table(["Carla", "Anja", "Bart"])
    await carla.contribute(session, "phase.move", move_body("knots"))
    await converged([carla, anja, bart], session)
    for n in range(8):
        await bart.contribute(session, "knot.add", text_body(f"Bart's knot {n}"))
    body = apply_speaker("knot.add", text_body("Noted for Anja"), "Anja")
    await carla.contribute(session, "knot.add", body)
    await converged([carla, anja, bart], session)
    app = MeetingApp(anja, session, Clock())
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: len(balance_rows(app)) == 4)
        heard = app.tools.query_one("#meeting-heard")
        await until(pilot, lambda: "Anja via" in str(heard.render()))
        line = str(heard.render())
        assert "we have not heard much yet from: Anja, Carla, ✎ Anja via Carla" in " ".join(
            line.split()
        ), line


@pytest.mark.parametrize("lang", ["en", "nl"])
async def test_an_observer_is_no_participant_in_the_tools_or_the_strip(table, lang):
    """A projector (observer) watches: no "no hand raised" row for it, no turn in a round, and
    "who is here" names it as an observer rather than as one more person."""
    from beraad.core.meeting import round_order
    from beraad.i18n import _, set_language
    from beraad.ui.widgets.member_strip import strip_text

    (anja, bart, beamer), session = await table(["Anja", "Bart", "Projector"], "facilitator")
    await beamer.contribute(session, "member.observe", {})
    await converged([anja, bart, beamer], session)
    set_language(lang)
    try:
        state = anja.state(session)
        me = anja.identity.public_key
        others = [bart.identity.public_key, beamer.identity.public_key]
        strip = strip_text(state, me, others).plain
        assert f"Projector {_('(observer)')}" in strip and f"Bart {_('(observer)')}" not in strip
        assert beamer.identity.public_key not in round_order(state)
        app = MeetingApp(anja, session, Clock())
        async with app.run_test(size=SIZE) as pilot:
            row = _("{name}, no hand raised")
            await shows(pilot, row.format(name="Bart"))
            assert "Projector" not in screen_text(app)
    finally:
        set_language("en")


@pytest.mark.parametrize("lang", ["en", "nl"])
async def test_a_member_sees_only_the_keys_they_may_use(table, lang):
    """docs/focus.md: offer what one may do. Bart (no facilitator) saw "t set · s stop"."""
    from beraad.i18n import _, set_language

    set_language(lang)
    try:
        (anja, bart), session = await table(["Anja", "Bart"], "facilitator")
        a_app, b_app = MeetingApp(anja, session, Clock()), MeetingApp(bart, session, Clock())
        async with a_app.run_test(size=SIZE) as a, b_app.run_test(size=SIZE) as b:
            await a.pause()
            await b.pause()
            member, lead = screen_text(b_app), screen_text(a_app)
            for hint in ("^t " + _("set"), "^g " + _("give"), "^o " + _("end")):
                assert hint in lead and hint not in member, hint
            assert "^r " + _("your hand") in member
            assert not b_app.tools.query_one("#timer-minutes", Input).display
            await b.press("ctrl+t")  # and the key does nothing: no record, no odd notice
            await b.pause()
            assert bart.state(session).timer is None and not notices(b_app)
    finally:
        set_language("en")
