"""A part of the screen asked for by something that runs later — a node event, a timer — while
the part is not composed yet or already taken apart ends quietly (``ui/parts.py``): five times
such a moment was a NoMatches traceback (timers, background mounts, redraws after close)."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App, ComposeResult
from textual.widget import Widget
from textual.widgets import Static

from beraad.ui.models import InvitationView
from beraad.ui.parts import in_place, part
from beraad.ui.screens.invitation import InvitationScreen
from tests.ui.phases_app import SIZE, until

CODE = InvitationView(code="K7Q2-M4XD", title="Square", expires_at=10**13, session="s" * 32)


class Host(App[None]):
    """An app that only opens the join-code screen: the app's node events reach it by
    ``show_members`` as they do in the real app (``BeraadApp.on_node_event_arrived``)."""


def joined(screen: InvitationScreen) -> str:
    return str(screen.query_one("#joined", Static).render())


async def test_someone_joining_before_the_join_code_screen_is_composed_shows_once_it_is():
    """The app hands a node event to every join-code screen in its stack; one just pushed is
    in the stack before it is composed (``show_members`` raised NoMatches)."""
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        screen = InvitationScreen(CODE)
        app.push_screen(screen)
        assert part(screen, "#joined", Static) is None  # not composed yet
        screen.show_members(["Ann", "Bob"])
        await until(pilot, lambda: in_place(screen))
        assert "Ann, Bob" in joined(screen)
        screen.show_members(["Ann", "Bob", "Cor"])
        assert "Ann, Bob, Cor" in joined(screen)
        # Quitting now, before the header's title callback ran: NoMatches('HeaderTitle') inside
        # Textual's Header, which SteadyHeader guards.


async def test_a_join_code_screens_clock_and_a_node_event_after_it_closed_do_nothing():
    """The expiry clock (every 15 s) and someone joining, arriving while the screen is being
    taken apart and after it is gone."""
    app = Host()
    async with app.run_test(size=SIZE) as pilot:
        screen = InvitationScreen(CODE)
        await app.push_screen(screen)
        await until(pilot, lambda: in_place(screen))
        app.pop_screen()
        for _turn in range(500):  # a few turns take it apart; a count, so it cannot spin
            if not (screen.is_attached or screen.children):
                break
            screen._tick()
            screen.show_members(["Ann"])
            await pilot.pause()
        else:
            raise AssertionError("the closed join-code screen was never taken apart")
        screen._tick()  # the timer, once more, after the screen is gone
        screen.show_members(["Ann", "Bob"])
        assert screen.members == ["Ann", "Bob"]


class Probe(Widget):
    """Runs ``later`` as it is taken down: the app removes a screen's parts one by one, and
    whatever runs meanwhile (a timer, a record's redraw) finds the screen half taken apart."""

    def __init__(self, later: Callable[[], None], depth: int = 0) -> None:
        super().__init__()
        self.later = later
        self.depth = depth
        self.ran = 0

    def compose(self) -> ComposeResult:
        # Parts within parts: a widget goes after its own parts, so a deep one goes last.
        if self.depth:
            yield Probe(lambda: None, self.depth - 1)

    def on_unmount(self) -> None:
        self.later()
        self.ran += 1


async def test_a_record_arriving_as_the_facts_screen_closes_redraws_nothing(tmp_path):
    """The real app: Escape closes the shared facts while a record of this session has asked
    for a redraw; the redraw and the screen's own timer run while the screen is taken apart
    (its parts go first: a NoMatches traceback) and after it is gone: nothing is drawn."""
    from beraad.core.session import fact_body
    from tests.ui.session_people import create_in_app, make_app, node_of, session_screen
    from tests.ui.test_facts_screen import open_facts

    anja = make_app(tmp_path / "anja", "Anja")
    async with anja.run_test(size=SIZE) as pilot:
        await create_in_app(pilot, "Our street", "How do we keep the youth here?")
        session = session_screen(anja).session
        facts = await open_facts(pilot)
        assert in_place(facts)

        def due() -> None:
            facts.redraw()  # the Changed the record posted: its timer is due
            facts._ticked()

        probe = Probe(due, depth=60)
        await facts.mount(probe)  # taken down last: the other parts are gone by then
        body = fact_body("Census 2024", "1 in 4 is under 25", None, None)
        await node_of(anja).contribute(session, "fact.add", body)
        await pilot.press("escape")
        await until(pilot, lambda: not facts.is_attached and probe.ran == 1)
        due()  # once more, after the screen is gone
        assert anja.is_running
