"""Who facilitates, in the real app at 80×24 (naive s13 N14: Anja quit, and nobody could move
the group, end the meeting or open the next one).

- Bart, alone on his laptop with Anja (the facilitator) away: F6 says what the group can do,
  Ctrl+P finds "Take over facilitation", he asks, and Chris's second (a signed record from
  another member, ingested down the node's one path) makes him the facilitator: his F6 moves
  the group, and he reads one line saying who took over and who seconded it. He is told his
  request waits (naive s16); six changes arriving at once are said as one line with the count
  (attack s16 #5: a ping-pong queued one notice per change).
- Two apps on loopback: Anja hands the role to Bart from the meeting tools (F7, Ctrl+F), his
  keys follow at once and both read who handed it to whom; then Anja takes it back from the
  palette, with nobody else to second it, at once, on both peers (told first that Bart is
  here, and to ask him instead: naive s18 N12).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList

from benchmarks.ui import MEMBERS, NONCE, Writer
from beraad.core import session as bodies
from beraad.core.record import Record
from beraad.core.takeover import open_claims
from beraad.ui.facilitation import claim_news, lapsed_news, status
from beraad.ui.screens.confirm import ConfirmScreen
from beraad.ui.screens.facilitation import FacilitationScreen
from beraad.ui.screens.meeting import MeetingScreen
from beraad.ui.screens.session_facilitation import FacilitationNews
from beraad.ui.widgets.phase_dialog import PhaseDialog
from tests.core.test_takeover_backdated import ANJA, BART, CHRIS, DIRK, ask, opened
from tests.ui.conftest import SIZE
from tests.ui.session_people import anja_and_bart, node_of, screen_words, until
from tests.ui.stored_app import session_opened, stored_app

pytestmark = pytest.mark.timeout(180)


def anjas_session() -> Writer:
    """Anja's session with Bart and Chris, in Knots, under the facilitator rule."""
    w = Writer()
    w.write(0, "session.open", {**bodies.open_body("Speelplein", "Wat nu?"), "nonce": NONCE})
    w.write(0, "member.name", bodies.name_body(MEMBERS[0]))
    for n in (1, 2):
        w.write(0, "member.admit", bodies.admit_body(w.who[n].public_key, MEMBERS[n]))
    w.write(0, "phase.move", bodies.move_body("knots"))
    return w


def asked(app) -> str:
    """The question on screen (a frame of the dialog cuts its lines)."""
    screen = app.screen
    assert isinstance(screen, ConfirmScreen)
    return screen.question


async def asking_to_take_over(pilot, search: str, facilitator: str) -> str:
    """Ctrl+P and ``search`` find "Take over facilitation", Enter on it, Enter on taking over
    from ``facilitator``: the question the confirmation then asks (Enter answers yes)."""
    app = pilot.app
    await pilot.press("ctrl+p", *search)
    await until(lambda: "Take over facilitation" in screen_words(app), pilot)
    await pilot.press("enter")
    await until(lambda: isinstance(app.screen, FacilitationScreen), pilot)
    offer = f"Take over the facilitation from {facilitator}"
    await until(lambda: offer in screen_words(app), pilot)
    await pilot.press("enter")
    await until(lambda: isinstance(app.screen, ConfirmScreen), pilot)
    return asked(app)


def told(app, words: str) -> bool:
    return any(words in n.message for n in app._notifications)


async def test_with_the_facilitator_away_a_member_takes_over_once_another_seconds(
    tmp_path: Path,
):
    w = anjas_session()
    bart_key = w.who[1].public_key
    app = stored_app(w, tmp_path / "bart", identity=w.who[1], name=MEMBERS[1])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await session_opened(app, w.session)
        node = screen.node

        # F6: nothing to choose, and what the group can do instead (it said only who may).
        await pilot.press("f6")
        await until(lambda: isinstance(app.screen, PhaseDialog), pilot)
        words = screen_words(app)
        assert "Only the facilitator, Anja, moves the group on." in words
        assert "Anja is away: Ctrl+P → “Take over facilitation”; a second member" in words
        await pilot.press("escape")

        question = await asking_to_take_over(pilot, "take over", "Anja")
        assert "It counts once another member seconds it" in question
        await pilot.press("enter")
        await until(lambda: bool(open_claims(node.state(w.session))), pilot)
        await until(lambda: not isinstance(app.screen, FacilitationScreen | ConfirmScreen), pilot)
        [claim] = open_claims(node.state(w.session))
        assert claim.by == bart_key and node.state(w.session).facilitator == w.who[0].public_key
        # He reads that it waits (naive s16: nothing on his screen said so).
        await until(
            lambda: told(app, "Your request to take over the facilitation from Anja"), pilot
        )

        # Chris, in the room, seconds it on his laptop: his signed record reaches Bart's node.
        w.lamport = max(r.lamport for r in node.records(w.session))
        second = w.sign(2, "facilitator.second", bodies.second_body(claim.id))
        node.ingest(w.session, [second])
        await until(lambda: node.state(w.session).facilitator == bart_key, pilot)
        await until(lambda: told(app, "Bart (you) took over the facilitation from Anja at"), pilot)
        [handover] = node.state(w.session).handovers
        assert (handover.claim, handover.seconded_by) == (claim.id, w.who[2].public_key)

        # His keys follow: F6 now moves the group on.
        await pilot.press("f6")
        await until(lambda: "Move the group on to Positions" in screen_words(app), pilot)
        await pilot.press("escape")

        # Chris and Anja take it back and forth six times, all arriving at once (attack s16
        # #5: one notice each flooded the app): one line with the count and who has it now.
        # Their apps list what they saw, Bart's take-over too (else it never counted).
        w.lamport = max(r.lamport for r in node.records(w.session))
        heads = {r.author: (r.author, r.seq, r.id) for r in node.records(w.session)}

        def signed(member: int, kind: str, body: dict) -> Record:
            key = w.who[member].public_key
            seen = tuple(sorted(h for a, h in heads.items() if a != key))
            record = w.sign(member, kind, body, seen)
            heads[key] = (key, record.seq, record.id)
            return record

        records, replaces = [], bart_key
        for turn in range(6):
            asker, seconder = (2, 0) if turn % 2 == 0 else (0, 2)
            request = signed(asker, "facilitator.claim", bodies.claim_body(replaces))
            records += [
                request,
                signed(seconder, "facilitator.second", bodies.second_body(request.id)),
            ]
            replaces = w.who[asker].public_key
        node.ingest(w.session, records)
        await until(lambda: node.state(w.session).facilitator == w.who[0].public_key, pilot)
        await until(lambda: told(app, "changed hands 6 times; now Anja facilitates."), pilot)
        assert not told(app, "took over the facilitation from Chris")


async def test_two_peers_hand_the_role_over_and_take_it_back(tmp_path: Path):
    async with anja_and_bart(tmp_path, (True, True), "Speelplein", "Wat nu?") as (a, b, session):
        anja, bart = a.app, b.app
        node_a, node_b = node_of(anja), node_of(bart)
        await until(lambda: len(node_a.state(session).participants()) == 2, a, b)
        anja_key, bart_key = node_a.identity.public_key, node_b.identity.public_key

        # Anja hands over from the meeting tools: F7, Ctrl+F, Bart, Enter, confirm.
        await a.press("f7")
        await until(lambda: isinstance(anja.screen, MeetingScreen), a)
        await until(lambda: "^f hand over" in screen_words(anja), a)
        await a.press("ctrl+f")
        await until(lambda: isinstance(anja.screen, FacilitationScreen), a)
        listed = anja.screen.query_one("#facilitation-offers", OptionList)
        await until(lambda: listed.option_count == 1, a)
        await until(lambda: "Hand the facilitation to Bart" in screen_words(anja), a)
        await a.press("enter")
        await until(lambda: isinstance(anja.screen, ConfirmScreen), a)
        assert "From then on Bart moves the group" in asked(anja)
        await a.press("enter")
        await until(lambda: node_b.state(session).facilitator == bart_key, a, b)
        await until(lambda: told(bart, "Anja handed the facilitation to Bart (you)."), a, b)
        await until(lambda: told(anja, "Anja (you) handed the facilitation to Bart."), a, b)
        # No title over a line that names the facilitation ("Begeleiding: … de begeleiding")
        titles = [n.title for n in bart._notifications if "facilitation" in n.message]
        assert titles and not any(titles), titles

        # Bart's keys follow at once: his F6 moves the group; Anja's no longer does.
        await b.press("f6")
        await until(lambda: "Move the group on to Knots" in screen_words(bart), b)
        await b.press("escape")
        await a.press("escape")  # the meeting tools
        await until(lambda: not isinstance(anja.screen, MeetingScreen), a)

        # Anja takes it back from the palette: nobody else takes part, so at once. Bart is
        # here: she is told so and to ask him instead, not that he sees it "when back"
        # (naive s18 N12).
        question = await asking_to_take_over(a, "facilitator", "Bart")
        assert question.startswith("Bart is here now: ask Bart to hand it to you instead")
        assert "so it counts at once" in question and "when back" not in question
        await a.press("enter")
        await until(lambda: node_b.state(session).facilitator == anja_key, a, b)
        said = "Anja took over the facilitation from Bart (you) at"
        await until(lambda: told(bart, said), a, b)
        [_handover, back] = node_b.state(session).handovers
        assert back.claim is not None and back.seconded_by is None  # nobody else took part


def test_the_facilitator_back_reads_that_anything_she_writes_ends_a_request():
    """naive s16 N9: her dialog offered only to hand the role over. It says now that being
    back ends the request, and, once she writes, every screen says it lapsed."""
    w = opened(BART, CHRIS)
    asked = ask(w)
    anja, bart, chris = (p.public_key for p in (ANJA, BART, CHRIS))
    assert "anything you write says you are back" in status(w.state, anja)
    assert "Anything you write ends the request" in claim_news(
        w.state, w.state.claims[asked.id], anja
    )
    assert "anything you write" not in status(w.state, chris)
    w.ok(ANJA, "knot.add", bodies.text_body("cars too fast"))
    said = lapsed_news(w.state, w.state.claims[asked.id], bart)
    assert (
        said == "Anja is back, so the request by Bart (you) to take over the facilitation lapsed."
    )


class Said(FacilitationNews):
    """The session screen's facilitation news on a state, without the screen: what it would
    put on screen after each drawing (``notify`` is Textual's)."""

    def __init__(self, state, me: str, fold=None) -> None:
        self.state, self.me, self.lines, self.fold = state, me, [], fold

    def notify(self, line: str, **_options) -> None:
        self.lines.append(line)

    def _facilitation_refused(self):
        return self.fold.records, self.fold.rejected


def test_a_take_over_that_never_counted_is_said_where_it_was_said_to_count():
    """Bart asks, Chris seconds, and Bart's screen says he took over. Then Anja's record
    arrives, written without having seen the request, and Dirk's, who read hers before the
    request reached him: she was there (cut off from Bart, not away), the take-over never
    counted, and his screen says why (naive s17 F5: he read "You facilitate")."""
    w = opened(BART, CHRIS, DIRK)
    bart = Said(w.state, BART.public_key)
    bart.tell_facilitation()  # the first drawing
    asked = ask(w)
    w.ok(CHRIS, "facilitator.second", bodies.second_body(asked.id))
    bart.tell_facilitation()
    [took] = bart.lines
    assert took.startswith("Bart (you) took over the facilitation from Anja at ")
    here = w.back_dated(ANJA, "knot.add", bodies.text_body("cut off"), asked.lamport + 1, ())
    seen = ((ANJA.public_key, here.seq, here.id),)  # Dirk read her knot, not the request
    w.back_dated(DIRK, "knot.add", bodies.text_body("benches"), here.lamport + 1, seen)
    bart.state = w.state
    bart.tell_facilitation()
    assert w.state.claims[asked.id].status == "unseen" and w.state.handovers == []
    assert bart.lines[1].startswith("Bart (you) asked at ") and bart.lines[1].endswith(
        " to take over the facilitation from Anja, but Anja wrote after it without having "
        "seen it, so was not away: it does not count."
    )
    assert len(bart.lines) == 2


def test_a_move_undone_by_a_take_over_that_came_late_is_said():
    """naive s18 N7: Bart's clock runs ahead; with nobody else to second it, his request counts
    at once where it was written, but waits on Anja's device for its time. Meanwhile she moves
    the group (her screen still offers it). When his request arrives her move no longer
    counts: she reads who took over, and, in one line, that her move did not count because
    he had taken over before it ("at 23:12", his clock, read as after her move)."""
    w = opened(BART)
    anja = Said(w.state, ANJA.public_key, w.fold)
    anja.tell_facilitation()  # the first drawing
    request = w.sign(BART, "facilitator.claim", bodies.claim_body(ANJA.public_key), w.lamport + 1)
    moved = w.back_dated(ANJA, "phase.move", bodies.move_body("positions"), w.lamport + 2, ())
    anja.state = w.state
    anja.tell_facilitation()
    assert anja.lines == [] and w.state.phase == "positions"
    w.written(request)  # his request reaches her
    w.fold.add(request)
    anja.state = w.state
    anja.tell_facilitation()
    assert w.state.facilitator == BART.public_key and moved.id in w.fold.rejected
    took, undone = anja.lines
    assert took.startswith("Bart took over the facilitation from Anja (you) at ")
    assert undone == (
        "Your move to Positions did not count: Bart had already taken over the facilitation "
        "before it."
    )
