"""Issue 16, done when: three members on real nodes (loopback), Carla absent from meeting one,
actions volunteered in meeting one and updated between meetings through a keeper, meeting two
opening with "since last time" in the app, the table map turning a missing group into an
action, a guest adding an evaluation, and the minutes and the newsletter showing it all in Dutch
and English. Real sockets, Noise, SPAKE2 codes, stores and signatures; the app is the real
Textual app at 80×24 on Carla's node."""

from __future__ import annotations

import pytest

from beraad.core import session as model
from beraad.core.tally import decision_body
from beraad.core.trajectory import since_last_time
from beraad.export.transfer import minutes_text, newsletter_text
from beraad.i18n import set_language
from beraad.identity_file import load_or_create, save_profile
from beraad.node import Node
from beraad.ui.app import BeraadApp
from beraad.ui.screens.since_last_time import SinceLastTimeScreen
from tests.test_node import converged
from tests.ui.conftest import SIZE
from tests.ui.session_people import screen_words, until

pytestmark = pytest.mark.timeout(120)


async def open_node(tmp_path, name: str, **options) -> Node:
    """A person's node on loopback, under their own name (their profile, as the app keeps)."""
    home = tmp_path / name
    if not home.exists():
        home.mkdir(parents=True)
        save_profile(home, name.capitalize(), "en", chosen=True)
    return await Node.open(home, host="127.0.0.1", discovery=False, **options)


PHASES_TO_ACT = ("knots", "positions", "criteria", "options", "decide")


async def _move(node, session, *phases):
    for phase in phases:
        await node.contribute(session, "phase.move", model.move_body(phase))


async def test_a_two_meeting_trajectory_with_actions_a_keeper_and_a_guest(tmp_path):
    keeper = await open_node(tmp_path, "keeper")  # the always-on peer everyone knows
    people = {
        name: await open_node(tmp_path, name, peers=[keeper.address])
        for name in ("anja", "bart", "carla")
    }
    anja, bart, carla = people["anja"], people["bart"], people["carla"]
    online = [keeper, anja, bart, carla]
    try:
        invitation = await anja.create_session(title="Moestuin", focus="Waar planten we?")
        s = invitation.session
        for node in (bart, carla, keeper):
            await node.join(invitation.code, address=anja.address)
        await keeper.contribute(s, "member.observe", {})
        await converged(online, s)

        # Meeting one. Carla is in the session but cannot come: she writes nothing.
        shop = await bart.contribute(s, "group.add", {"name": "Winkeliers"})
        await converged(online, s)
        await anja.contribute(s, "group.mark", {"group": shop.id, "status": "missing"})
        await _move(anja, s, "knots")
        await converged(online, s)
        await bart.contribute(s, "knot.add", model.text_body("Geen water op het stuk"))
        await converged(online, s)  # the knot reaches Anja before she moves on
        await _move(anja, s, "positions", "criteria", "options")
        await converged(online, s)
        garden = await bart.contribute(s, "option.add", model.option_body("Bakken op hoogte"))
        await converged(online, s)
        await _move(anja, s, "decide")
        await converged(online, s)
        for node in (anja, bart):
            await node.contribute(s, "consent.respond", model.consent_body(garden.id, "agree"))
        await converged(online, s)
        await anja.contribute(s, "vote.close", model.close_body("consent.respond"))
        decision = await anja.contribute(
            s, "decision.take", decision_body(anja.state(s), garden.id)
        )
        await _move(anja, s, "act")
        await converged(online, s)
        barrel = await bart.contribute(
            s, "action.add", {"text": "Een regenton regelen", "decision": decision.id}
        )
        await anja.contribute(
            s, "action.add", {"text": "Zaal boeken", "decision": decision.id, "internal": True}
        )
        # The table map: the shopkeepers are missing, and someone will reach out to them.
        reach = await anja.contribute(
            s, "action.add", {"text": "Wie spreekt de winkeliers aan?", "group": shop.id}
        )
        await converged(online, s)
        await bart.contribute(s, "action.pull", {"action": barrel.id})
        await anja.contribute(s, "action.pull", {"action": reach.id})
        await anja.contribute(s, "meeting.end", model.meeting_end_body("Donderdag 19u, refter"))
        await converged(online, s)
        for node in (anja, bart, carla):
            await node.close()
        online = [keeper]

        # Tuesday: Bart comes online alone and updates his action through the keeper.
        bart = await open_node(tmp_path, "bart", peers=[keeper.address])
        online = [keeper, bart]
        await converged(online, s)
        await bart.contribute(
            s, "action.update", {"action": barrel.id, "status": "started", "note": "Besteld"}
        )
        await converged(online, s)
        await bart.close()
        online = [keeper]

        # Thursday: Anja opens meeting two; the update reached her through the keeper.
        anja = await open_node(tmp_path, "anja", peers=[keeper.address])
        online = [keeper, anja]
        await converged(online, s)
        await anja.contribute(s, "meeting.start", model.meeting_start_body())
        await converged(online, s)
        summary = since_last_time(anja.state(s))
        assert summary is not None
        assert summary.absent == [carla.identity.public_key]
        assert [(a.text, u.status) for a, u in summary.updates_between] == [
            ("Een regenton regelen", "started")
        ]

        # Carla arrives: her app opens with "since last time", in Dutch.
        set_language("nl")
        home = tmp_path / "carla"

        async def carla_node():
            return await open_node(tmp_path, "carla", peers=[keeper.address])

        app = BeraadApp(profile=load_or_create(home), data_dir=home, node_opener=carla_node)
        async with app.run_test(size=SIZE) as pilot:
            await until(lambda: app.bridge is not None, pilot)
            await until(lambda: app.bridge.node.state(s).meeting == 2, pilot)
            app.open_session(s)
            await until(lambda: isinstance(app.screen, SinceLastTimeScreen), pilot)
            await until(lambda: "Sinds de vorige keer" in screen_words(app), pilot)
            words = screen_words(app)
            assert "Sinds de vorige keer — bijeenkomst 2" in words
            assert "Bakken op hoogte" in words
            assert "Een regenton regelen — gestart (Bart)" in words
            assert "Niets verstuurd in bijeenkomst 1: Carla." in words
            await pilot.press("escape")

        # A guest evaluates in meeting two's evaluation.
        guest_code = await anja.invite(s, role="guest")
        gita = await open_node(tmp_path, "gita", peers=[keeper.address])
        online.append(gita)
        await gita.join(guest_code.code, address=anja.address)
        await _move(anja, s, *PHASES_TO_ACT, "act", "evaluate")
        await converged(online, s)
        await gita.contribute(
            s, "evaluation.add", model.evaluation_body("went_well", "Fijn dat ik mocht meedenken")
        )
        await converged(online, s)

        texts = (
            "Bakken op hoogte",
            "Een regenton regelen",
            "Zaal boeken",
            "Wie spreekt de winkeliers aan?",
            "Winkeliers",
            "Fijn dat ik mocht meedenken",
        )
        for language, absent, started, guest in (
            ("en", "Sent nothing", "started", "guest"),
            ("nl", "Niets verstuurd", "gestart", "gast"),
        ):
            minutes = minutes_text(anja, s, "md", language)
            for text in texts:
                assert text in minutes, (language, text)
            assert f"**{absent}**: Carla" in minutes
            assert started in minutes and guest in minutes
            for fmt in ("md", "html"):
                news = newsletter_text(anja, s, fmt, language)
                for text in texts[:2] + texts[3:4]:
                    assert text in news, (language, fmt, text)
                assert started in news
                assert "Zaal boeken" not in news  # marked internal
                for node in (anja, bart, gita):
                    assert node.identity.public_key not in news
                assert s not in news
    finally:
        set_language("en")
        for node in online:
            await node.close()
