"""Typing on after adding a fact (naive s5 finding 1): the fact holds what the boxes held when
Ctrl+S or Enter in its short text was pressed; the words typed right after are the next fact's
title, in English and Dutch. Real app at 80×24, keys queued in one burst as a fast typist's."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

from beraad.i18n import set_language
from tests.ui.conftest import SIZE
from tests.ui.session_people import create_in_app, make_app, node_of, session_screen, until
from tests.ui.test_facts_screen import open_facts

pytestmark = pytest.mark.timeout(90)


def keys(app, *parts: str) -> None:
    """Queue every key at once: a part of one character or more is typed, a part starting
    with ``!`` is a named key (``!ctrl+s``, ``!tab``, ``!enter``)."""
    from textual.keys import _character_to_key

    assert app._driver is not None
    for part in parts:
        named = [part[1:]] if part.startswith("!") else list(part)
        for key in named:
            character = None if len(key) > 1 else key
            if key == "enter":
                character = "\r"
            if len(key) == 1 and not key.isalnum():
                key = _character_to_key(key)
            event = events.Key(key, character)
            event.set_sender(app)
            app._driver.send_message(event)


@pytest.fixture(params=["en", "nl"])
def language(request):
    set_language(request.param)
    yield request.param
    set_language("en")


async def test_words_after_ctrl_s_or_enter_start_the_next_fact(tmp_path: Path, language):
    anja = make_app(tmp_path / "anja", "Anja", language)
    async with anja.run_test(size=SIZE) as a:
        await create_in_app(a, "Street meeting", "How slow should cars go?")
        session = session_screen(anja).session
        facts = await open_facts(a)
        state = lambda: node_of(anja).state(session)  # noqa: E731
        keys(anja, "Speed limit", "!tab", "The limit here is 30 km/h.", "!ctrl+s", "Is that")
        await until(lambda: len(state().facts) == 1, a)
        (fact,) = state().facts.values()
        assert (fact.title, fact.text) == ("Speed limit", "The limit here is 30 km/h.")
        title = facts.query_one("#fact-title", Input)
        await until(lambda: title.value == "Is that", a)
        assert facts.query_one("#fact-text", Input).value == ""
        # Enter walks the fields, as Tab does, and adds the fact in the last one: in the short
        # text it added it, and the link typed next became the next fact's title (naive s11 F9).
        title.value = ""
        keys(anja, "Counts", "!enter", "Two a day", "!enter", "https://example.org/n", "!enter")
        await until(lambda: anja.focused is facts.query_one("#fact-file", Input), a)
        assert not state().facts.keys() - {fact.id}
        keys(anja, "!enter", "Next one")
        await until(lambda: len(state().facts) == 2, a)
        second = next(f for f in state().facts.values() if f.id != fact.id)
        assert (second.title, second.text) == ("Counts", "Two a day")
        assert second.link == "https://example.org/n"
        await until(lambda: title.value == "Next one", a)
        assert anja.focused is title
        assert facts.query_one("#fact-link", Input).value == ""
