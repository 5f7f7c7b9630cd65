"""Lobby "Connect to an address" links two real nodes on loopback (naive s11 F0: the bridge
called a ``Node.connect`` that did not exist, and the lobby showed "'Node' object has no
attribute 'connect'"; only the offline refusal was tested). Both hold the same session, found
by neither without mDNS, until the person types the other's address."""

from __future__ import annotations

import socket
from typing import Any

import pytest

from benchmarks.ui import MEMBERS, build_session
from beraad.i18n import _, set_language
from beraad.node import Node
from beraad.ui.app import BeraadApp
from beraad.ui.screens.lobby import LobbyScreen
from tests.ui.conftest import SIZE
from tests.ui.stored_app import store_session, stored_app, until

pytestmark = pytest.mark.timeout(60)


async def test_connect_to_an_address_links_to_the_node_there(tmp_path):
    w = build_session(10)
    app = stored_app(w, tmp_path / "anja")
    store_session(w, tmp_path / "bart", identity=w.who[1], name=MEMBERS[1])
    bart = await Node.open(tmp_path / "bart", host="127.0.0.1", discovery=False)
    try:
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await until(lambda: app.bridge is not None and isinstance(app.screen, LobbyScreen))
            told = notices(app)
            node = app.bridge.node  # type: ignore[union-attr]
            linked = lambda: any(p.connected for p in node.peers(w.session))  # noqa: E731
            assert not linked()
            await pilot.press("c")
            await until(lambda: not isinstance(app.screen, LobbyScreen))
            await pilot.press(*bart.address, "enter")
            await until(lambda: isinstance(app.screen, LobbyScreen))
            said = lambda: " ".join(n.message for n in app._notifications)  # noqa: E731
            await until(lambda: linked() or "Connect" in said())
            assert "attribute" not in said() and "Node" not in said()
            await until(linked)
            await until(lambda: f"Connected to {bart.address}" in said())
            # Trying first, then connected once something answered there (naive s11b: it
            # said "Connected" as soon as the address was added).
            assert told == [f"Trying {bart.address}…", f"Connected to {bart.address}."]
    finally:
        await bart.close()


def notices(app: BeraadApp) -> list[str]:
    """Every notice the app raises from now on, whole and in order (the line over the title
    shows a long one in turns, and each only for a while)."""
    told: list[str] = []
    raise_notice = app.notify

    def noted(message: str, *args: Any, **kwargs: Any) -> None:
        told.append(message)
        raise_notice(message, *args, **kwargs)

    app.notify = noted  # type: ignore[method-assign]
    return told


def closed_port() -> str:
    """A loopback address nothing listens at (a port just let go)."""
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        return f"127.0.0.1:{free.getsockname()[1]}"


@pytest.mark.parametrize("language", ["en", "nl"])
async def test_an_address_nothing_answers_at_is_said_not_connected(tmp_path, language):
    """naive s11b: "Connected to 10.233.1.1:32925." came as soon as the address was added,
    whatever was there. Nothing listens at this one: trying, then that nothing answers."""
    set_language(language)
    w = build_session(10)
    app = stored_app(w, tmp_path / "anja", language=language)
    address = closed_port()
    try:
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await until(lambda: app.bridge is not None and isinstance(app.screen, LobbyScreen))
            told = notices(app)
            await pilot.press("c")
            await until(lambda: not isinstance(app.screen, LobbyScreen))
            await pilot.press(*address, "enter")
            nothing = _(
                "Nothing answers at {address}: check the address, and that beraad runs there. "
                "It is tried again now and then."
            ).format(address=address)
            await until(lambda: len(told) == 2)
            assert told == [_("Trying {address}…").format(address=address), nothing]
            host, port = address.split(":")
            assert app.bridge.node._peers == [(host, int(port))]  # type: ignore[union-attr]
    finally:
        set_language("en")
