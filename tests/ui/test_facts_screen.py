"""Shared facts in the real app at 80×24, in English and Dutch: Ctrl+F from any phase, adding a fact
with a file whose sha256 beraad computes, questioning it from another member's app, citing it in
a knot, and clear errors that lose nothing.

Real apps on real loopback nodes (discovery off), driven by keys only; every wait is on what a
screen or a node shows, never on a fixed time.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from textual.widgets import Input

from beraad.i18n import set_language
from beraad.ui.screens.confirm import ConfirmScreen
from beraad.ui.screens.facts import FactsScreen
from beraad.ui.screens.session import SessionScreen
from tests.ui.burst import burst
from tests.ui.conftest import SIZE
from tests.ui.session_people import (
    create_in_app,
    make_app,
    node_of,
    screen_words,
    session_screen,
    typed,
    until,
)
from tests.ui.test_meeting_tools import footer_keys
from tests.ui.test_session_export import told
from tests.ui.test_session_flow import join_in_app, move_on, screen_text, tree_rows

pytestmark = pytest.mark.timeout(120)


async def open_facts(pilot) -> FactsScreen:
    await pilot.press("ctrl+f")
    # Built, not only pushed: under load the list was queried before compose had mounted it.
    await until(
        lambda: isinstance(pilot.app.screen, FactsScreen) and pilot.app.screen.query("#facts"),
        pilot,
    )
    return pilot.app.screen


async def test_add_question_and_cite_a_fact_between_two_members(tmp_path: Path):
    data = tmp_path / "telling.csv"
    data.write_bytes(b"wijk,jongeren\nnoord,412\n")
    anja, bart = make_app(tmp_path / "anja", "Anja"), make_app(tmp_path / "bart", "Bart")
    async with anja.run_test(size=SIZE) as a, bart.run_test(size=SIZE) as b:
        code = await create_in_app(a, "Our street", "How do we keep the youth here?")
        await join_in_app(b, code, node_of(anja).address)
        session = session_screen(anja).session
        # The footer offers Ctrl+F at 80 columns, beside the other screen keys.
        assert "ctrl+f" in footer_keys(anja)
        await until(lambda: "^f Facts" in screen_text(anja).splitlines()[-1], a)

        # Ctrl+F in the opening: the title box has the keys; Enter walks the form; the file is
        # hashed.
        facts = await open_facts(a)
        assert isinstance(anja.focused, Input) and anja.focused.id == "fact-title"
        await until(lambda: "No facts yet" in screen_words(anja), a)
        said = told(anja)
        await a.press(*"Census 2024 (qr)", "enter", *"1 in 4 is under 25", "tab")
        await a.press(*"https://cbs.nl/t", "tab")
        await typed(a, str(data), "enter")  # a long path: one burst, not an idle wait a key
        state = node_of(anja).state
        await until(lambda: state(session).facts, a)
        (fact,) = state(session).facts.values()
        assert fact.title == "Census 2024 (qr)"  # q and r typed in a box are text
        assert fact.link == "https://cbs.nl/t"
        assert fact.sha256 == hashlib.sha256(data.read_bytes()).hexdigest()
        await until(lambda: "F1 Census 2024 (qr) — you" in screen_words(anja), a)
        assert facts.query_one("#fact-title", Input).value == ""
        # Said as a fact, with its title: "Added F1." read as the Help key (naive s13 N9).
        await until(lambda: "Added “Census 2024 (qr)” as fact F1." in " ".join(said), a)

        # Bart questions it from his app: Shift+Tab to the list, ↓, q, why, Enter.
        await until(
            lambda: (
                state(session).facts.keys() <= node_of(bart).state(session).facts.keys()
                and node_of(bart).state(session).facts
            ),
            b,
        )
        await open_facts(b)
        await until(lambda: "F1 Census 2024 (qr) — Anja" in screen_words(bart), b)
        # The list starts with no fact chosen: the screen says ↓ first (naive finding 5).
        await b.press("shift+tab")
        await until(lambda: "↓ choose a fact" in screen_words(bart), b)
        assert "Shift+Tab to the list, ↓ to a fact, Enter" in screen_words(bart)
        await b.press("down", "q")
        await until(lambda: "Question F1" in screen_words(bart), b)
        assert bart.focused is not None and bart.focused.id == "fact-title"
        burst(b.app, "Students counted twice?")
        await b.press("enter")
        await until(lambda: state(session).fact_questions, a)
        (question,) = state(session).fact_questions.values()
        assert question.text == "Students counted twice?" and question.fact == fact.id
        # Sent: the keys stay in the box (as after every Enter), which is the new fact's title
        # again; the keys line says the list's keys are a Shift+Tab away, and what r takes back
        # there: his question, not Anja's fact (naive finding 14).
        await until(lambda: "r withdraw my question" in screen_words(bart), b)
        assert bart.focused is not None and bart.focused.id == "fact-title"
        assert "In the list (Shift+Tab): Enter cite" in screen_words(bart)

        # Anja sees who questions it and why, on the fact under her cursor.
        await until(lambda: "1 question" in screen_words(anja), a)
        await a.press("shift+tab", "down")
        await until(lambda: "Bart questions it: Students counted twice?" in screen_words(anja), a)
        assert fact.sha256 in screen_words(anja) and "https://cbs.nl/t" in screen_words(anja)

        # Enter on the fact marks it to cite; Escape back; the knot she adds cites it.
        await a.press("enter")
        await until(lambda: "What you add next cites: F1 Census 2024 (qr)" in screen_words(anja), a)
        await a.press("escape")
        await until(lambda: isinstance(anja.screen, SessionScreen), a)
        await move_on(a)
        await until(lambda: session_screen(anja).state.phase == "knots", a)
        citing = "What you add next cites: F1 Census 2024 (qr). Ctrl+F changes it."
        await until(lambda: citing in screen_words(anja), a)
        burst(a.app, "Young people leave")
        await a.press("enter")
        await until(lambda: state(session).knots, a)
        (knot,) = state(session).knots.values()
        assert knot.cites == [fact.id]
        await until(lambda: any("[F1]" in row for row in tree_rows(anja, "knots")), a)
        # Cited once: the next knot starts without it.
        await until(lambda: "What you add next cites" not in screen_words(anja), a)
        await until(lambda: any("[F1]" in row for row in tree_rows(bart, "knots")), b)
        # Bart chose nothing to cite: where he can add a knot, the screen says the facts are there.
        hint = "Ctrl+F: let what you add rest on the group's shared fact."
        await b.press("escape")
        await until(lambda: isinstance(bart.screen, SessionScreen), b)
        await until(lambda: hint in screen_words(bart), b)
        # Anja's choice was used up: her screen offers the facts again in the same words.
        await until(lambda: hint in screen_words(anja), a)


@pytest.fixture
def dutch():
    set_language("nl")
    yield
    set_language("en")


async def test_dutch_errors_lose_nothing_and_the_draft_survives_closing(tmp_path: Path, dutch):
    anja = make_app(tmp_path / "anja", "Anja", "nl")
    async with anja.run_test(size=SIZE) as a:
        await create_in_app(a, "Onze straat", "Hoe houden we de jongeren hier?")
        session = session_screen(anja).session
        facts = await open_facts(a)
        # Ctrl+S in the footer, in Dutch.
        await until(lambda: "Gedeelde feiten" in screen_words(anja), a)
        await until(lambda: "Feit toevoegen" in screen_words(anja), a)
        # A link that is no web address: said in Dutch, the focus on the link, nothing lost.
        await a.press(*"Telling", "enter", *"Een op vier", "tab", *"cbs.nl", "ctrl+s")
        await until(lambda: "Een link begint met http://" in screen_words(anja), a)
        assert anja.focused is facts.query_one("#fact-link", Input)
        assert facts.query_one("#fact-title", Input).value == "Telling"
        assert not node_of(anja).state(session).facts
        # A file that is not there: said in Dutch, nothing sent.
        link = facts.query_one("#fact-link", Input)
        link.value = "https://cbs.nl"
        await a.press("tab")
        await typed(a, str(tmp_path / "weg.csv"), "enter")
        await until(lambda: "Er is geen bestand op" in screen_words(anja), a)
        assert not node_of(anja).state(session).facts
        # Escape closes; Ctrl+F again shows what was typed.
        await a.press("escape")
        await until(lambda: isinstance(anja.screen, SessionScreen), a)
        facts = await open_facts(a)
        assert facts.query_one("#fact-title", Input).value == "Telling"
        assert facts.query_one("#fact-link", Input).value == "https://cbs.nl"
        # No title: said in Dutch.
        facts.query_one("#fact-title", Input).value = ""
        await a.press("ctrl+s")
        await until(lambda: "Geef het feit een titel." in screen_words(anja), a)
        await a.press(*"Telling 2024")
        facts.query_one("#fact-file", Input).value = ""
        await a.press("ctrl+s")
        await until(lambda: node_of(anja).state(session).facts, a)
        await until(lambda: "F1 Telling 2024 — jij" in screen_words(anja), a)
        # e on one's own fact: its text in the box, Enter saves a new version.
        await a.press("shift+tab", "down")
        await until(lambda: "e bewerken" in screen_words(anja), a)
        await a.press("e")
        await until(lambda: "De tekst van F1 Telling 2024 bewerken" in screen_words(anja), a)
        assert anja.focused is facts.query_one("#fact-title", Input)
        assert anja.focused.value == "Een op vier"
        await a.press("end", *" (2024)", "enter")
        fact = lambda: next(iter(node_of(anja).state(session).facts.values()))  # noqa: E731
        await until(lambda: fact().text == "Een op vier (2024)" and fact().edited, a)
        await until(lambda: "Een feit toevoegen" in screen_words(anja), a)
        # Saved: the keys stay in the title box; the keys line says the list's keys are a
        # Shift+Tab away (naive finding 14: r went in as text), and there they act on F1.
        assert anja.focused is facts.query_one("#fact-title", Input)
        await until(lambda: "In de lijst (Shift+Tab)" in screen_words(anja), a)
        await a.press("shift+tab")
        await until(lambda: anja.focused is facts.query_one("#facts"), a)
        assert "In de lijst (Shift+Tab)" not in screen_words(anja)
        # Take it back from the list, once confirmed: it stays, marked, and can no longer be
        # cited. Escape in the question changes nothing.
        await until(lambda: "r feit intrekken" in screen_words(anja), a)
        await a.press("r")
        await until(lambda: isinstance(anja.screen, ConfirmScreen), a)
        assert "F1 Telling 2024 intrekken?" in screen_words(anja)
        await a.press("escape")
        await until(lambda: anja.screen is facts, a)
        assert fact().live
        await a.press("r")
        await until(lambda: isinstance(anja.screen, ConfirmScreen), a)
        await a.press("shift+tab", "enter")
        await until(lambda: not fact().live, a)
        await until(lambda: "(ingetrokken) Telling 2024" in screen_words(anja), a)
        await a.press("enter")
        await until(lambda: "kunt er niet meer naar verwijzen" in screen_words(anja), a)


@pytest.mark.both_languages
async def test_a_question_box_empties_on_enter_and_a_refusal_gives_the_words_back(
    tmp_path: Path, language
):
    """The question and edit boxes cleared only once the node answered (naive finding): what a
    fast typist typed after Enter was glued to the question, then lost. Now the box is the new
    fact's title at once; the keys go back to the list only if nothing was typed since; a
    refusal asks again with the words."""
    from beraad.core.session import retract_body
    from beraad.i18n import _, ngettext

    anja = make_app(tmp_path / "anja", "Anja", language)
    async with anja.run_test(size=SIZE) as a:
        await create_in_app(a, "Onze straat", "Hoe houden we de jongeren hier?")
        session = session_screen(anja).session
        facts = await open_facts(a)
        title = facts.query_one("#fact-title", Input)
        await a.press(*"Telling", "ctrl+s")
        state = node_of(anja).state
        await until(lambda: state(session).facts, a)
        (fact,) = state(session).facts.values()
        await until(lambda: "F1 Telling" in screen_words(anja), a)

        # One burst: q, the reason, Enter, and the next fact's title.
        await a.press("shift+tab", "down", "q")
        await until(lambda: facts.asking == fact.id, a)
        await a.press(*"Counted twice?", "enter", *"Census")
        await until(lambda: state(session).fact_questions, a)
        (question,) = state(session).fact_questions.values()
        assert question.text == "Counted twice?"
        one = ngettext("{n} question", "{n} questions", 1).format(n=1)
        await until(lambda: one in screen_words(anja), a)
        await a.pause()
        assert title.value == "Census" and anja.focused is title  # not glued, not lost
        assert facts.asking is None and _("Add a fact") in screen_words(anja)

        # The keys stay in the box once the question is in; Shift+Tab is the list, on F1.
        title.value = ""
        await a.press("shift+tab", "q")
        await until(lambda: facts.asking == fact.id, a)
        burst(a.app, "Which year?")
        await a.press("enter")
        assert title.value == ""  # empty at once, while Enter is handled
        await until(lambda: len(state(session).fact_questions) == 2, a)
        assert anja.focused is title
        await a.press("shift+tab")
        await until(lambda: anja.focused is facts.query_one("#facts"), a)

        # Refused (the fact was taken back meanwhile): the box asks again, with the words.
        await a.press("q")
        await until(lambda: facts.asking == fact.id, a)
        await a.press(*"Who counted?")
        await node_of(anja).contribute(session, "retract", retract_body(fact.id))
        await until(lambda: not state(session).facts[fact.id].live, a)
        await a.press("enter")
        refusal = _("that fact was retracted; there is nothing left to question")
        await until(lambda: refusal in screen_words(anja), a)
        assert facts.asking == fact.id and title.value == "Who counted?"
        assert anja.focused is title and len(state(session).fact_questions) == 2
