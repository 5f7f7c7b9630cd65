"""Ctrl+S on the join screen while the node is still starting (naive s10 finding 3: a fast
joiner read "Starting the network…" in the error's place and then nothing for 180 s; no join
was ever made until a second Ctrl+S). The join now waits for the network and says so, and
goes on once it is up; a network that cannot start is said as an error. The real app at 80×24,
its node opened only when the test lets it; Anja a real node on loopback."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from beraad.i18n import _
from beraad.identity_file import load_or_create, save_profile
from beraad.node import Node
from beraad.ui.app import BeraadApp
from beraad.ui.screens.join import JoinScreen
from beraad.ui.screens.lobby import LobbyScreen
from beraad.ui.screens.session import SessionScreen
from tests.ui.phases_app import open_node
from tests.ui.session_people import screen_words, until

pytestmark = pytest.mark.timeout(60)

WAITING = "Starting the network; then asking the others to let you in…"


def _held_app(home: Path, go: asyncio.Event, fail: bool = False) -> BeraadApp:
    """Cora's app (past first run), whose node opens once ``go`` is set (or fails to)."""
    home.mkdir(parents=True, exist_ok=True)
    save_profile(home, "Cora", "en", chosen=True)

    async def opener() -> Node:
        await go.wait()
        if fail:
            raise OSError("no network here")
        return await Node.open(home, host="127.0.0.1", discovery=False)

    return BeraadApp(profile=load_or_create(home), data_dir=home, node_opener=opener)


async def _typed_and_sent(pilot, code: str, address: str) -> JoinScreen:
    app = pilot.app
    await until(lambda: isinstance(app.screen, LobbyScreen), pilot)
    await pilot.press("j")
    await until(lambda: isinstance(app.screen, JoinScreen), pilot)
    await pilot.press(*code.replace("-", " "), "tab", *address, "ctrl+s")
    return app.screen


async def test_a_join_sent_while_the_network_starts_waits_for_it_and_joins(tmp_path: Path):
    anja = await open_node(tmp_path, "anja")
    made = await anja.create_session(title="Speelplein", focus="Safer?", decision_rule="dots")
    go = asyncio.Event()
    app = _held_app(tmp_path / "cora", go)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await _typed_and_sent(pilot, made.code, anja.address)
            await until(lambda: _(WAITING) in screen_words(app), pilot)
            assert app.bridge is None  # still starting: said, not an error
            go.set()
            await until(lambda: isinstance(app.screen, SessionScreen), pilot)
            assert app.screen.session == made.session and screen not in app.screen_stack
    finally:
        await anja.close()


async def test_a_join_sent_while_the_network_fails_to_start_is_told_so(tmp_path: Path):
    go = asyncio.Event()
    app = _held_app(tmp_path / "cora", go, fail=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _typed_and_sent(pilot, "7-apple-river", "127.0.0.1:9")
        await until(lambda: _(WAITING) in screen_words(app), pilot)
        go.set()
        error = screen.query_one("#code-error")
        await until(lambda: "no network here" in str(error.content), pilot)
        assert _(WAITING) not in screen_words(app)


async def test_a_join_that_gets_no_answer_ends_in_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A peer that takes the connection and never answers: the join ends, said in words,
    after the app's limit (shortened here; the node's own steps time out later)."""
    import beraad.ui.app_join as app_join

    monkeypatch.setattr(app_join, "JOIN_LIMIT", 1.0)
    held: list[asyncio.StreamWriter] = []

    async def silent(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)  # kept open, never a byte back

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    go = asyncio.Event()
    go.set()
    app = _held_app(tmp_path / "cora", go)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await until(lambda: app.bridge is not None, pilot)
            screen = await _typed_and_sent(pilot, "7-apple-river", f"127.0.0.1:{port}")
            await until(lambda: _("Asking the others to let you in…") in screen_words(app), pilot)
            said = _(
                "No answer after {seconds} seconds. Check the code with the person who "
                "read it out and that you are on their network, then press Ctrl+S again."
            ).format(seconds=1)
            error = screen.query_one("#code-error")
            await until(lambda: str(error.content) == said, pilot)
    finally:
        for writer in held:
            writer.close()
        server.close()


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_join_by_code_alone_says_it_looks_nearby_first(language):
    """Naive s11 F-minor-16: "Asking the others to let you in…" for 20 s, then "No session with
    code number 83 was found nearby": the first line promised what the second took back."""
    from beraad.i18n import set_language
    from beraad.ui.app_join import asking

    try:
        set_language(language)
        looking = asking("83-vogel-bruin", None)
        assert "83" in looking and looking != _("Asking the others to let you in…")
        assert asking("83-vogel-bruin", "10.0.0.2:4000") == _("Asking the others to let you in…")
    finally:
        set_language("en")
