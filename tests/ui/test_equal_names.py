"""Nobody passes as the facilitator by taking their name (attack report, finding 5).

Real nodes on loopback: Anja opens a session in the app; Mallory joins under the name "Anja" and
writes. The app's presence line, the projector's wall and the minutes each tell the two apart
by their key fingerprints, and Mallory's words are never credited to a bare "Anja".
"""

from __future__ import annotations

from pathlib import Path

from beraad.core import session as model
from beraad.core.identity import fingerprint
from beraad.export.transfer import minutes_text
from beraad.identity_file import save_profile
from beraad.node import Node
from beraad.ui.projector_view import contributions_text, newest_contributions
from beraad.ui.screens.session import SessionScreen
from tests.ui.conftest import SIZE
from tests.ui.session_people import make_app, node_of, screen_text, until


async def test_a_member_who_takes_the_facilitators_name_is_told_apart(tmp_path: Path):
    app = make_app(tmp_path / "anja", "Anja")
    home = tmp_path / "mallory"
    home.mkdir()
    save_profile(home, "Anja", "en", chosen=True)
    mallory = await Node.open(home, host="127.0.0.1", discovery=False)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await until(lambda: app.bridge is not None, pilot)
            anja = node_of(app)
            invitation = await anja.create_session(title="Buurt", focus="Wat doen we?")
            session = invitation.session
            await mallory.join(invitation.code, address=anja.address)
            real = f"Anja ({fingerprint(anja.identity.public_key)})"
            fake = f"Anja ({fingerprint(mallory.identity.public_key)})"
            await anja.wait_for(lambda: anja.state(session).name(mallory.identity.public_key)
                                == fake, 20)  # fmt: skip
            await anja.contribute(session, "phase.move", model.move_body("knots"))
            await mallory.wait_for(lambda: mallory.state(session).phase == "knots", 20)
            knot = await mallory.contribute(session, "knot.add", model.text_body("Follow me"))
            await anja.wait_for(lambda: knot.id in {r.id for r in anja.records(session)}, 20)

            # The app: the presence line names both, the star stays with the real one.
            app.open_session(session)
            await until(lambda: isinstance(app.screen, SessionScreen), pilot)
            await until(lambda: fake in screen_text(app), pilot)
            assert f"{real} ★ (you)" in screen_text(app)
            assert "Anja ★" not in screen_text(app) and "Anja, " not in screen_text(app)

            # The projector's wall credits the knot to Mallory's fingerprint.
            state = anja.state(session)
            [newest] = newest_contributions(state, anja.records(session), 1)
            assert newest.who == fake
            assert fake in contributions_text([newest]).plain

            # The minutes: both listed apart; the knot credited to Mallory, not to "Anja".
            minutes = minutes_text(anja, session, "md", "en")
            assert f"— *{fake}*" in minutes
            assert "— *Anja*" not in minutes
            assert real in minutes and fake in minutes
    finally:
        await mallory.close()
