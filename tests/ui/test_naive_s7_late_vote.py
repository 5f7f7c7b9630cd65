"""A vote that reaches the group after voting closed, on its voter's own screen (naive s7
finding 4): it did not just disappear ("Votes in: 1 of 2"); a lasting line says it came too
late and why. Real nodes: Carla votes twice while Anja's node is gone; Anja's close, signed
without having seen Carla's votes, arrives afterwards (her first vote counts, written without
knowing of the close; her change came after it in the records' order and is refused)."""

from __future__ import annotations

import time

import pytest

from beraad.core import session as model
from beraad.core.identity import Identity
from beraad.core.record import sign_record
from beraad.core.tally import decision_body
from beraad.i18n import _, ngettext
from beraad.identity_file import KEY_FILE
from beraad.ui.phases.decide import DecideView
from tests.ui.phases_app import SIZE, PhaseApp, close_all, converged, table_of, until
from tests.ui.phases_text import screen_words
from tests.ui.test_phases_decide import with_options

pytestmark = pytest.mark.timeout(120)


async def test_my_vote_refused_after_the_close_says_so_on_my_screen(tmp_path, language):
    nodes, session = await table_of(tmp_path, ["anja", "carla"], "dots", "options")
    anja, carla = nodes
    try:
        fence, bumps, _zebra = await with_options(anja, session)
        voted = await anja.contribute(session, "dots.place", model.dots_body({fence: 2}))
        await converged(nodes, session)
        last = max(
            (r for r in anja.records(session) if r.author == voted.author), key=lambda r: r.seq
        )
        identity = anja.identity
        await anja.close()  # cut off from here on
        nodes = [carla]
        first = await carla.contribute(session, "dots.place", model.dots_body({bumps: 1}))
        changed = await carla.contribute(session, "dots.place", model.dots_body({bumps: 3}))
        close = sign_record(
            identity,
            session=session,
            seq=last.seq + 1,
            prev=last.id,
            lamport=first.lamport,
            at=int(time.time() * 1000),
            kind="vote.close",
            body=model.close_body("dots.place"),
        )
        assert close.id in carla.ingest(session, [close])
        assert carla.refused(session, changed.id) and not carla.refused(session, first.id)
        app = PhaseApp(DecideView(session), carla.identity.public_key, node=carla)
        async with app.run_test(size=SIZE) as pilot:
            line = _("Your vote reached the group after voting had closed, so it was not counted.")
            await until(pilot, lambda: line in screen_words(app))
    finally:
        await close_all(nodes)


async def test_a_vote_cut_off_from_the_close_shows_as_come_in_later(tmp_path, language):
    """Carla votes while cut off; Anja closes with the same lamport and decides. Carla's vote
    arrives: the decision stands, and the decide view says it came in later, with the result
    it would give (it said "voting had already closed, so your vote was not counted")."""
    # Carla's key sorts after Anja's: at one lamport the fold puts her vote after the close.
    first, second = sorted((Identity.from_seed(b"\x61" * 32), Identity.from_seed(b"\x62" * 32)),
                           key=lambda i: i.public_key)  # fmt: skip
    for name, identity in (("anja", first), ("carla", second)):
        (tmp_path / name).mkdir(mode=0o700)
        (tmp_path / name / KEY_FILE).write_bytes(identity.to_pem())
    nodes, session = await table_of(tmp_path, ["anja", "carla"], "dots", "options")
    anja, carla = nodes
    try:
        fence, bumps, _zebra = await with_options(anja, session)
        await anja.contribute(session, "dots.place", model.dots_body({fence: 2}))
        await converged(nodes, session)
        who = carla.identity
        assert who.public_key > anja.identity.public_key
        last = max(
            (r for r in carla.records(session) if r.author == who.public_key),
            key=lambda r: r.seq,
            default=None,
        )
        await carla.close()  # her cable is pulled
        nodes = [anja]
        close = await anja.contribute(session, "vote.close", model.close_body("dots.place"))
        await anja.contribute(session, "decision.take", decision_body(anja.state(session)))
        vote = sign_record(
            who, session=session, seq=last.seq + 1 if last else 1,
            prev=last.id if last else None, lamport=close.lamport,
            at=int(time.time() * 1000) - 27_000, kind="dots.place",
            body=model.dots_body({bumps: 3}),
        )  # fmt: skip
        assert vote.id in anja.ingest(session, [vote])
        assert not anja.refused(session, vote.id)
        app = PhaseApp(DecideView(session), anja.identity.public_key, node=anja)
        async with app.run_test(size=SIZE) as pilot:
            state = anja.state(session)
            (decision,) = state.decisions
            assert decision.option == fence and decision.came_later == (vote.id,)
            name = state.name(who.public_key)
            later = _("Taken on the votes it names; came in later: {names}.").format(names=name)
            await until(pilot, lambda: later in screen_words(app))
            would = _("With them the result would be {option}, not {chosen}.")
            said = would.format(option="Speed bumps", chosen="A fence around the square")
            assert said in screen_words(app)
            # The count above agrees with what the decision rests on (naive s8 finding 2):
            # "Votes in: 2 of 2" stood above a decision taken on 1 vote.
            counted = _("The decision counted the votes of {voters} of {members} members.")
            assert counted.format(voters=1, members=2) in screen_words(app)
            came = ngettext(
                "{count} vote came in after it was taken.",
                "{count} votes came in after it was taken.",
                1,
            )
            assert came.format(count=1) in screen_words(app)
            votes_in = _("Votes in: {voters} of {members} members.")
            assert votes_in.format(voters=2, members=2) not in screen_words(app)
    finally:
        await close_all(nodes)
