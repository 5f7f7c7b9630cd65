"""Where my vote is, said truly (naive s8 finding 2): a person cut off from the room read "Your
vote is in" though no peer had it. The decide view says it is written on this device, and sent
to those here now or to nobody, until another member's records show they hold it (their
``seen`` heads list it). Real nodes on loopback, the real app and decide view at 80×24."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from beraad.core import session as model
from beraad.core.identity import Identity
from beraad.core.record import sign_record
from beraad.i18n import _
from beraad.node import Node
from beraad.ui.delivered import holders
from beraad.ui.phases.decide import DecideView
from beraad.ui.widgets.vote_grid import VoteGrid
from tests.ui import session_people as people
from tests.ui.phases_app import (
    SIZE,
    PhaseApp,
    alone_in_decide,
    close_all,
    converged,
    table_of,
    until,
    with_options,
)
from tests.ui.phases_text import screen_words

pytestmark = pytest.mark.timeout(120)

IN = "Your vote is in, open (not sealed); you can change it until voting closes."
ALONE = (
    "Your vote is written on this device, but nobody else is here now: the others get it once "
    "you are connected again. You can change it until voting closes."
)
SENT = (
    "Your vote is written on this device and on its way to those connected: {names}. It is in "
    "once one of them confirms it. You can change it until voting closes."
)


async def absent_member(node: Node, session: str, *, votes: bool = False) -> str:
    """Bart admitted, his device not here now: someone Anja's vote has to reach (alone in
    the session, it is in as cast: ``core/vote_in.py``, naive s11b N9); with ``votes``, his
    dots (on the first option) came in before he left. His key."""
    bart = Identity.generate()
    await node.contribute(session, "member.admit", model.admit_body(bart.public_key, "Bart"))
    if votes:
        first = next(iter(node.state(session).options))
        vote = sign_record(
            bart,
            session=session,
            seq=1,
            prev=None,
            lamport=max(r.lamport for r in node.records(session)) + 1,
            at=int(time.time() * 1000),
            kind="dots.place",
            body=model.dots_body({first: 1}),
        )
        node.ingest(session, [vote])
        assert bart.public_key in node.state(session).votes["dots.place"]
    return bart.public_key


async def test_a_vote_cast_with_nobody_here_is_not_said_to_be_in(tmp_path: Path):
    app = people.make_app(tmp_path / "anja", "Anja")
    async with app.run_test(size=(80, 24)) as pilot:
        node, session, _grid = await people.ballot_in_hand(pilot)
        await absent_member(node, session)
        await pilot.press("1", "ctrl+s")
        screen = people.session_screen(app)
        me = screen.me
        await people.until(lambda: me in node.state(session).votes.get("dots.place", {}))
        line = screen.query_one("#my-vote")  # its words: a scroll bar may sit in the line
        await people.until(lambda: _(ALONE) == str(line.content), pilot)
        assert line.region.height and _(IN) not in people.screen_words(app)


async def test_a_vote_nobody_else_holds_is_not_in_after_the_close(tmp_path: Path):
    """Naive s9b finding 4: unplugged, Anja read "Next: everyone has voted; close voting"
    (her own vote, on her device only, counted) and, once she closed, "Your vote is in and
    counts"."""
    app = people.make_app(tmp_path / "anja", "Anja")
    async with app.run_test(size=(80, 24)) as pilot:
        node, session, _grid = await people.ballot_in_hand(pilot)
        await absent_member(node, session, votes=True)
        screen = people.session_screen(app)
        me = screen.me
        await pilot.press("1", "ctrl+s")
        await people.until(lambda: me in node.state(session).votes.get("dots.place", {}))
        line = screen.query_one("#my-vote")
        await people.until(lambda: _(ALONE) == str(line.content), pilot)
        next_step = screen.query_one("#next-step")
        assert str(next_step.content) == _(
            "Next: close voting once you are connected again: your vote is only on this "
            "device, and nobody else is here now."
        )
        await node.contribute(session, "vote.close", model.close_body("dots.place"))
        closed = _(
            "Voting is closed. Your vote counts, but it is only on this device: nobody "
            "else is here now, and the others get it once you are connected again."
        )
        await people.until(lambda: closed == str(line.content), pilot)
        assert _("Your vote is in and counts.") not in people.screen_words(app)


async def observing(node: Node, session: str, _options: list[str]) -> str:
    """A projector admitted, then its ``member.observe`` (as ``beraad --projector`` writes it
    on joining): its key."""
    projector = Identity.generate()
    await node.contribute(session, "member.admit", model.admit_body(projector.public_key, "Beamer"))
    observe = sign_record(
        projector,
        session=session,
        seq=1,
        prev=None,
        lamport=max(r.lamport for r in node.records(session)) + 1,
        at=int(time.time() * 1000),
        kind="member.observe",
        body={},
    )
    node.ingest(session, [observe])
    assert node.state(session).members[projector.public_key].observer
    return projector.public_key


async def test_a_projector_connected_is_not_whom_a_vote_is_on_its_way_to(tmp_path: Path):
    """Naive s9b finding 4: Bart's vote, cut off from Anja, was "on its way to those
    connected: Projector. It is in once one of them confirms it". An observer writes nothing,
    so it never confirms: with only the projector here, nobody else is."""
    beamer: list[str] = []

    async def before(node: Node, session: str, options: list[str]) -> None:
        beamer.append(await observing(node, session, options))
        await absent_member(node, session)

    async with alone_in_decide(tmp_path, "dots", before=before) as at:
        await at.anja.contribute(at.session, "dots.place", model.dots_body({at.options[0]: 1}))
        view = at.app.view
        assert isinstance(view, DecideView)
        view.present({at.me, beamer[0]}, frozenset())  # the projector's link is up
        await until(at.pilot, lambda: _(ALONE) in screen_words(at.app))
        assert "Beamer" not in screen_words(at.app)


async def test_my_vote_is_in_once_another_members_record_shows_they_hold_it(tmp_path):
    nodes, session = await table_of(tmp_path, ["anja", "carla"], "dots", "options")
    anja, carla = nodes
    me, her = carla.identity.public_key, anja.identity.public_key
    try:
        fence, bumps, _zebra = await with_options(anja, session)
        await converged(nodes, session)
        vote = await carla.contribute(session, "dots.place", model.dots_body({fence: 1}))
        await converged(nodes, session)
        assert holders(carla.records(session), me, [vote.id]) == frozenset()  # sent, unknown
        app = PhaseApp(DecideView(session), me, node=carla)
        async with app.run_test(size=SIZE) as pilot:
            view = app.view
            assert isinstance(view, DecideView)
            name = carla.state(session).name(her)
            view.present({me, her}, frozenset())
            await until(pilot, lambda: _(SENT).format(names=name) in screen_words(app))
            assert _(IN) not in screen_words(app)
            view.present({me}, frozenset())  # her link found dead: nobody else here
            await until(pilot, lambda: _(ALONE) in screen_words(app))
            # Anja writes on it (her record lists Carla's chain up to the vote): it is in.
            await anja.contribute(session, "dots.place", model.dots_body({bumps: 2}))
            await converged(nodes, session)
            held = holders(carla.records(session), me, [vote.id])
            assert held == {her}
            view.present({me}, held)
            await until(pilot, lambda: _(IN) in screen_words(app))
    finally:
        await close_all(nodes)


async def test_numbers_typed_and_never_cast_are_said_not_cast(tmp_path):
    """naive s8 finding 11: with numbers typed and never cast, the line said "You have not
    voted yet", as if they were gone, and not how to cast them."""
    async with alone_in_decide(tmp_path, "dots") as table:
        app, pilot = table.app, table.pilot
        await until(pilot, lambda: _("You have not voted yet.") in screen_words(app))
        app.view.query_one(VoteGrid).focus()
        await pilot.press("2")
        typed = _("The numbers you typed are not cast yet: Ctrl+S casts them.")
        await until(pilot, lambda: typed in screen_words(app))
        assert _("You have not voted yet.") not in screen_words(app)


async def test_a_refused_number_is_forgotten_once_its_cell_is_left(tmp_path):
    """naive s8 finding 11: "99 is too high" stayed under the grid 25 cells on and after
    tabbing away. It stays while the cursor is in its cell (a redraw too), not after."""
    async with alone_in_decide(tmp_path, "matrix", criteria=("Cheap", "Safe")) as table:
        app, pilot = table.app, table.pilot
        view = app.view
        grid = view.query_one(VoteGrid)
        await until(pilot, lambda: grid.row_count == 3)
        grid.focus()
        notice = view.query_one("#notice")
        await pilot.press("9", "9")
        await until(pilot, lambda: "99" in notice.message)
        app.refresh_view()  # a record came: the refusal still stands in its cell
        await pilot.pause()
        assert "99" in notice.message
        await pilot.press("right")
        await until(pilot, lambda: not notice.message)
        await pilot.press("9", "9")
        await until(pilot, lambda: "99" in notice.message)
        await pilot.press("tab")  # the keys elsewhere
        await until(pilot, lambda: not notice.message and app.focused is not grid)


async def test_the_cell_under_the_cursor_is_named_whole_and_up_shows_the_legend(tmp_path):
    """naive s8 finding 6: at 80×24 a 20 × 26 ballot scrolled its legend out of sight, ↑ and
    PgUp on the first row did not bring it back, and option names were cut at 24 characters.
    The line under the grid names the cell's option and criterion whole as the cursor moves;
    ↑ on the first row scrolls the legend back into sight."""
    long = "Lamps and benches along the whole length of the park path"
    criteria = tuple(f"Criterion {n}" for n in range(14))
    options = tuple(f"{long} {n}" for n in range(12))
    async with alone_in_decide(tmp_path, "matrix", criteria=criteria, options=options) as table:
        app, pilot = table.app, table.pilot
        view = app.view
        grid = view.query_one(VoteGrid)
        await until(pilot, lambda: grid.row_count == 12)
        grid.focus()
        # the column's number said as one (naive s9 finding 13: "scored on 1 Criterion 0")
        scored = _("{option} — your score on criterion {number}: {criterion}")
        first = scored.format(option=f"A. {long} 0", number=1, criterion="Criterion 0")
        await until(pilot, lambda: first in screen_words(app))
        await pilot.press("down", "right", "right")
        third = scored.format(option=f"B. {long} 1", number=3, criterion="Criterion 2")
        await until(pilot, lambda: third in screen_words(app))
        scroll = view.query_one("#decide-title").parent
        await pilot.press("up")  # the first row
        scroll.scroll_end(animate=False)  # as the real app had it: the legend above
        await until(pilot, lambda: scroll.scroll_y > 0)
        await pilot.press("up")  # once more on the first row: the legend comes back
        await until(pilot, lambda: scroll.scroll_y == 0)
        assert "1 Criterion 0" in screen_words(app) and app.focused is grid


async def test_on_arrival_at_80_by_24_the_grids_column_numbers_are_in_sight(tmp_path):
    """Naive s9 finding 13: on the benchmark's session (30 criteria, 50 options) the ballot
    had the keys at 80×24 with its column numbers scrolled off above until ↑."""
    from benchmarks.ui import build_session
    from tests.ui.session_people import screen_text as session_text
    from tests.ui.stored_app import session_opened, stored_app
    from tests.ui.stored_app import until as until_app

    w = build_session(1000)
    app = stored_app(w, tmp_path / "anja")
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        grid = screen.view("decide").query_one("#ballot", VoteGrid)
        await until_app(lambda: app.focused is grid)
        header = re.compile(r"^\s+1\s+2\s+3\s+4\s+5\s", re.M)
        await until_app(lambda: header.search(session_text(app)) is not None)
        assert "A. Option 0" in session_text(app)
        await pilot.press("down", "down")
        await pilot.pause()
        assert header.search(session_text(app)) is not None


async def test_a_vote_cast_before_the_close_that_comes_in_after_it_is_said(tmp_path: Path):
    """Naive s9b finding 4: Anja closed while unplugged (Bart objected); Bart, cut off too,
    changed to agree. When the cable came back his change counted (the close had not seen it)
    and her result turned from "no decision" into "take the decision" without a word."""
    async with alone_in_decide(tmp_path, "consent") as at:
        bart = Identity.generate()
        await at.anja.contribute(
            at.session, "member.admit", model.admit_body(bart.public_key, "Bart")
        )
        option = at.options[0]

        def bart_says(seq: int, prev: str | None, lamport: int, response: str):
            return sign_record(
                bart,
                session=at.session,
                seq=seq,
                prev=prev,
                lamport=lamport,
                at=int(time.time() * 1000),
                kind="consent.respond",
                body=model.consent_body(option, response, "Te duur"),
            )

        objects = bart_says(
            1, None, max(r.lamport for r in at.anja.records(at.session)) + 1, "object"
        )
        at.anja.ingest(at.session, [objects])
        await at.anja.contribute(at.session, "consent.respond", model.consent_body(option, "agree"))
        await at.anja.contribute(at.session, "vote.close", model.close_body("consent.respond"))
        at.app.refresh_view()
        line = at.app.view.query_one("#my-vote")
        await until(
            at.pilot,
            lambda: "Voting is closed" in str(line.content) or "counts" in str(line.content),
        )
        came = _(
            "Votes cast before the close reached this device after it, from: {names}. They "
            "count: the result shown now includes them."
        ).format(names="Bart")
        assert came not in str(line.content)
        # Written before he saw the close (his lamport is below it): it counts, and is said.
        at.anja.ingest(at.session, [bart_says(2, objects.id, objects.lamport + 1, "agree")])
        state = at.anja.state(at.session)
        assert {v.body["response"] for v in state.current_votes("consent.respond", option)} == {
            "agree"
        }
        at.app.refresh_view()
        await until(at.pilot, lambda: came in str(line.content))
