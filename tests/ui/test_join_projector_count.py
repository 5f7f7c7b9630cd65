"""A projector is no person joining (naive s10 finding 3): Carla joined with the room's code
and then her projector did, from her laptop; the facilitator read "2 joined from …" and the
code screen listed the projector among the people in. A projector joins as a member and says
it only watches afterwards (``member.observe``), so the count waits for that. Real nodes on
loopback, the real app, en and nl."""

from __future__ import annotations

from pathlib import Path

import pytest

from beraad import admission
from beraad.i18n import _, ngettext, set_language
from beraad.node import Node
from beraad.ui.bridge import member_names
from tests.ui.conftest import SIZE
from tests.ui.test_join_attempts import toast_text
from tests.ui.test_session_flow import create_in_app, make_app, until

pytestmark = pytest.mark.timeout(120)


@pytest.mark.parametrize("language", ["en", "nl"])
async def test_a_projector_joining_from_a_persons_laptop_is_not_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str
):
    monkeypatch.setattr(admission, "OBSERVE_GRACE", 1.5)
    anja = make_app(tmp_path / "anja", "Anja", language)
    carla = await Node.open(tmp_path / "carla", host="127.0.0.1", discovery=False)
    beamer = await Node.open(tmp_path / "beamer", host="127.0.0.1", discovery=False)
    bart = await Node.open(tmp_path / "bart", host="127.0.0.1", discovery=False)
    try:
        async with anja.run_test(size=SIZE, notifications=True) as a:
            code = await create_in_app(a, "Our street", "How do we slow the traffic?")
            set_language(language)
            assert anja.bridge is not None
            node, address = anja.bridge.node, anja.bridge.node.address
            session = await carla.join(code, address=address, timeout=10)
            await beamer.join(code, address=address, timeout=10)
            await beamer.contribute(session, "member.observe", {})  # as the projector does
            projector = beamer.identity.public_key
            await until(lambda: node.state(session).members[projector].observer, a)
            await until(lambda: not node._joined_checks, a)  # the joiners were counted
            await a.pause()
            said = " ".join(toast_text(anja).split())
            assert "127.0.0.1" not in said, said  # one person and a projector: quiet
            names = member_names(node, session)
            shown = node.state(session).name(projector)
            assert f"{shown} {_('(observer)')}" in names, names
            await bart.join(code, address=address, timeout=10)
            two = ngettext(
                "{n} person joined from {host}. Check that nobody joined twice: one person "
                "joining twice counts twice.",
                "{n} people joined from {host}. Check that nobody joined twice: one person "
                "joining twice counts twice.",
                2,
            ).format(n=2, host="127.0.0.1")
            first = two.split("127.0.0.1")[0] + "127.0.0.1."  # the message is said in turns
            await until(lambda: first in " ".join(toast_text(anja).split()), a)
    finally:
        set_language("en")
        for other in (bart, beamer, carla):
            await other.close()
