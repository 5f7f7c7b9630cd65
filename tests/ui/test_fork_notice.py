"""The group is told of a fork in words, in its language (attack s5 finding 1)."""

from __future__ import annotations

from beraad.events import ForkDetected
from beraad.i18n import current_language, set_language
from beraad.node import Node
from beraad.ui.bridge import Bridge


async def test_a_fork_is_said_with_the_forkers_name(tmp_path):
    node = await Node.open(tmp_path / "anja", discovery=False, listen=False)
    node.display_name = "Anja"
    posted = []
    try:
        session = await node.create_session(invite=False, title="t", focus="f")
        bridge = Bridge(node, posted.append)
        before = current_language()
        set_language("nl")
        try:
            node._emit(ForkDetected(session, node.identity.public_key, 3))
        finally:
            set_language(before)
        await bridge.close()
    finally:
        await node.close()
    assert posted[-1].refused == (
        "Anja ondertekende twee verschillende records op plaats 3; vanaf daar worden de records "
        "van Anja terzijde gelegd, behalve die waarop de groep voortbouwde."
    )
