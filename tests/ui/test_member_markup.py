"""Member-written text is never read as Textual markup: a title, name or text like ``[/]`` or
``[bold]x[/italic]`` shows as written and never crashes an honest member's app (attack
finding 3: a fact titled ``[/]`` killed the app of whoever pressed q or e on it)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from textual.widgets import OptionList

from beraad.core.identity import Identity
from beraad.core.record import sign_record
from tests.ui.conftest import SIZE
from tests.ui.session_people import (
    create_in_app,
    make_app,
    node_of,
    screen_words,
    session_screen,
    until,
)
from tests.ui.test_facts_screen import open_facts

pytestmark = pytest.mark.timeout(120)

MARKUP = ["[/]", "[bold]x[/italic]", "Report [link=x]2024"]


def planted(node, session: str, seed: bytes, kind: str, body: dict, seq: int = 1, prev=None):
    """A well-signed record by another member, folded as if it came over the network."""
    evil = Identity.from_seed(seed)
    record = sign_record(
        evil,
        session=session,
        seq=seq,
        prev=prev,
        lamport=node._session(session).lamport + 1,
        at=int(time.time() * 1000),
        kind=kind,
        body=body,
    )
    node.ingest(session, [record])
    return record


@pytest.mark.parametrize("title", MARKUP)
async def test_questioning_and_editing_a_fact_with_markup_in_its_title(tmp_path: Path, title):
    anja = make_app(tmp_path / "anja", "Anja")
    async with anja.run_test(size=SIZE) as a:
        await create_in_app(a, "Our street", "Why?")
        node = node_of(anja)
        session = session_screen(anja).session
        evil = Identity.from_seed(b"\x33" * 32)
        await node.contribute(session, "member.admit", {"member": evil.public_key, "name": "eve"})
        planted(node, session, b"\x33" * 32, "fact.add", {"title": title, "text": title})
        await node.contribute(session, "fact.add", {"title": title, "text": "mine"})
        await open_facts(a)
        await until(lambda: "F2" in screen_words(anja), a)
        await a.press("shift+tab", "down", "q")
        await until(lambda: "Question F1" in screen_words(anja), a)
        assert anja.is_running and anja.return_code is None
        await a.press("escape")
        await until(lambda: "Add a fact" in screen_words(anja), a)
        listing = anja.screen.query_one("#facts", OptionList)
        listing.focus()
        listing.highlighted = 1
        await a.press("e")
        await until(lambda: "Edit the text of F2" in screen_words(anja), a)
        assert anja.is_running and anja.return_code is None
