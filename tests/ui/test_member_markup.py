"""Member-written text is never read as Textual markup: a title, name or text like ``[/]`` or
``[bold]x[/italic]`` shows as written and never crashes an honest member's app (attack
finding 3: a fact titled ``[/]`` killed the app of whoever pressed q or e on it)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from textual.widgets import OptionList

from beraad.core.cafe import setup_body
from beraad.core.identity import Identity
from beraad.core.record import sign_record
from beraad.ui.screens.cafe import CafeScreen
from beraad.ui.screens.session import SessionScreen
from beraad.ui.screens.since_last_time import SinceLastTimeScreen
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


def planted(node, session: str, seed: bytes, kind: str, body: dict, seq=1, prev=None, by=None):
    """A well-signed record by another member, folded as if it came over the network."""
    evil = by.identity if by is not None else Identity.from_seed(seed)
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


class Evil:
    """A member who signs its own records (markup in every field it writes)."""

    def __init__(self, node, session: str, seed: bytes) -> None:
        self.node, self.session = node, session
        self.identity = Identity.from_seed(seed)
        self.key = self.identity.public_key
        self.seq, self.prev = 0, None

    def write(self, kind: str, body: dict) -> str:
        self.seq += 1
        record = planted(self.node, self.session, b"", kind, body, self.seq, self.prev, self)
        self.prev = record.id
        return record.id


NAME = "[/]Mal[b]"
PUPPET = "[bold]x[/italic]"
TITLE = "[/] Census [link=x]2024"
REASON = "[bold]why[/italic]"
QUESTION = "[/] What now? [b]"
NEXT = "[@click=app.quit]Thursday[/]"
GROUP = "Jongeren [b]x[/i]"
ACTION = "[/] Ask the [link=x]council"


async def test_markup_in_names_facts_cafe_and_the_next_meeting_shows_as_typed(tmp_path: Path):
    """Every new screen of the session with markup in each member-written field: names, a
    fact, its question, a café question, what comes next, a group and an action."""
    anja = make_app(tmp_path / "anja", "Anja")
    async with anja.run_test(size=SIZE) as a:
        await create_in_app(a, "Our street", "Why?")
        node = node_of(anja)
        session = session_screen(anja).session
        me = node.identity.public_key
        evil = Evil(node, session, b"\x44" * 32)
        await node.contribute(session, "member.admit", {"member": evil.key, "name": "eve"})
        evil.write("member.name", {"name": NAME})
        puppet = Identity.from_seed(b"\x45" * 32).public_key
        evil.write("member.admit", {"member": puppet, "name": PUPPET})  # pending: F12 line
        await until(lambda: "F12 confirms" in screen_words(anja), a)
        assert PUPPET in screen_words(anja) and NAME in screen_words(anja)

        fact = evil.write("fact.add", {"title": TITLE, "text": REASON})
        evil.write("fact.question", {"fact": fact, "reason": REASON})
        await open_facts(a)
        await until(lambda: TITLE in screen_words(anja), a)
        listing = anja.screen.query_one("#facts", OptionList)
        listing.focus()
        listing.highlighted = 0
        await until(lambda: f"{NAME} questions it: {REASON}" in screen_words(anja), a)
        await a.press("q")
        await until(lambda: "Question F1" in screen_words(anja), a)
        await a.press("escape", "escape")
        await until(lambda: isinstance(anja.screen, SessionScreen), a)

        body, _plan = setup_body([(me, None), (evil.key, None)], [(QUESTION, 1)], 600, 1)
        await node.contribute(session, "cafe.setup", body)
        await node.contribute(session, "cafe.round", {"round": 1})
        await a.press("f9")
        await until(lambda: isinstance(anja.screen, CafeScreen), a)
        await until(lambda: QUESTION in screen_words(anja), a)
        await a.press("escape")
        await until(lambda: isinstance(anja.screen, SessionScreen), a)
        await node.contribute(session, "cafe.end", {})

        await node.contribute(session, "meeting.end", {"next": NEXT})
        await until(lambda: "Meeting 1 has ended" in screen_words(anja), a)
        group = evil.write("group.add", {"name": GROUP})
        action = evil.write("action.add", {"text": ACTION, "group": group})
        evil.write("action.pull", {"action": action})
        await a.press("ctrl+t")
        await until(lambda: isinstance(anja.screen, SinceLastTimeScreen), a)
        await until(lambda: f"Next: {NEXT}" in screen_words(anja), a)
        assert ACTION in screen_words(anja) and NAME in screen_words(anja)
        await a.press("escape")
        await until(lambda: isinstance(anja.screen, SessionScreen), a)
        anja.screen.look_at("act")  # the act phase's list and the action's detail
        await until(lambda: ACTION in screen_words(anja), a)
        assert anja.is_running and anja.return_code is None
        await node.contribute(session, "meeting.start", {})
        await until(lambda: isinstance(anja.screen, SinceLastTimeScreen), a)
        assert anja.is_running and anja.return_code is None
