"""Under the consent rule two members end a meeting by consent, in the real app at 80×24
(``core/end_consent.py``): Anja proposes ending it from the palette (saying what comes next),
Bart sees the proposal in the phase bar and a toast, answers ready with F6, and Anja's app
writes the end the group consented to. Two apps on loopback nodes."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from textual.widgets import Static

from beraad.i18n import set_language
from beraad.ui.screens.since_last_time import EndMeetingScreen, SinceLastTimeScreen, between_line
from beraad.ui.widgets.phase_dialog import PhaseDialog
from tests.ui.session_people import anja_and_bart, node_of, screen_words, until
from tests.ui.test_session_flow import screen_text, session_screen

pytestmark = pytest.mark.timeout(180)

#: Longer than a line at 80 columns: it must be seen whole, not cut.
NEXT = (
    "Next Tuesday 19:00 in the community hall: we pick the two spots for speed bumps "
    "and ask the city for a quote"
)


async def test_two_members_end_a_meeting_by_consent(tmp_path: Path):
    consent = anja_and_bart(tmp_path, (False, True), process_rule="consent")
    async with consent as (a, b, session):
        anja, bart = a.app, b.app
        node_a, node_b = node_of(anja), node_of(bart)
        await until(lambda: len(node_a.state(session).participants()) == 2, a, b)

        # The palette offers Bart no "End meeting 1" of his own: only to propose it.
        titles = " ".join(t for t, _h, _r in session_screen(bart).palette_commands())
        assert "Propose ending meeting 1" in titles and "End meeting 1" not in titles

        await a.press("ctrl+p", *"propose ending")
        await until(lambda: "Propose ending meeting 1" in screen_words(anja), a)
        await a.press("enter")
        await until(lambda: isinstance(anja.screen, EndMeetingScreen), a)
        assert "the meeting ends once the group consents" in screen_text(anja)
        await a.press(*NEXT, "enter")

        # Bart sees it where everyone looks: the bar, and a toast saying F6 answers.
        shown = "Anja proposes ending the meeting: 1 of 2 ready"
        await until(lambda: shown in screen_text(bart), a, b)
        prompt = "Anja proposes ending the meeting. Press F6 to answer ready or object."
        await until(lambda: any(prompt == n.message for n in bart._notifications), a, b)
        assert not node_b.state(session).between_meetings  # proposed, not ended
        # The palette now offers to answer it, not a second proposal.
        titles = " ".join(t for t, _h, _r in session_screen(bart).palette_commands())
        assert "Answer the proposal to end meeting 1" in titles
        assert "Propose ending meeting 1" not in titles

        # Those asked to consent see what comes next, whole, in the bar and in F6 (wrapped).
        await until(lambda: f"What comes next: {NEXT}" in screen_words(bart), b)
        await b.press("f6")
        await until(lambda: isinstance(bart.screen, PhaseDialog), b)
        text = screen_text(bart)
        assert "I am ready to end the meeting" in text
        assert "I object to ending the meeting (give a reason)" in text
        said = bart.screen.query_one("#phase-end-next", Static)
        assert said.region.height == 2 and said.region.bottom <= 24
        assert " ".join(str(said.content).split()) == f"What comes next: {NEXT}"
        await b.press("down", "enter")  # ready: the first choice
        # Answered: the toast asking for an answer goes (it stayed ~40 s, after the end too).
        gone = lambda: not any(prompt == n.message for n in bart._notifications)  # noqa: E731
        await until(gone, a, b, timeout=5)  # well before the toast would time out (15 s)

        # Anja's app writes the end the group consented to; both peers hold it.
        for node in (node_a, node_b):
            await until(lambda n=node: n.state(session).between_meetings, a, b)
        [meeting] = node_b.state(session).meetings
        assert meeting.ended_by == node_a.identity.public_key
        assert meeting.end_proposed_by == node_a.identity.public_key
        assert meeting.end_consented == sorted(
            [node_a.identity.public_key, node_b.identity.public_key]
        )
        assert meeting.next == NEXT
        # After the end the whole of it, wrapped, where everyone looks, and in Ctrl+T.
        await until(lambda: f"Meeting 1 has ended. Next: {NEXT}" in screen_words(bart), b)
        await b.press("ctrl+t")
        await until(lambda: isinstance(bart.screen, SinceLastTimeScreen), b)
        await until(lambda: "Next Tuesday" in screen_text(bart), b)
        # The popup's own columns: the screen around it shows beside its wrapped lines.
        box = bart.screen.query_one(".dialog").region
        rows = [row[box.x : box.right] for row in screen_text(bart).splitlines()]
        since = " ".join("\n".join(rows).replace("█", " ").split())
        assert f"Next: {NEXT}" in since


def test_what_comes_next_is_wrapped_in_dutch_too():
    """The between-meetings line in Dutch: the plan over up to three lines, none past 78."""
    state = SimpleNamespace(meeting=1, meetings=[SimpleNamespace(next=NEXT)], info=None, members={})
    set_language("nl")
    try:
        lines = between_line(state, "me").splitlines()  # type: ignore[arg-type]
    finally:
        set_language("en")
    assert lines[0].startswith("Bijeenkomst 1 is afgelopen. Hierna: Next Tuesday")
    assert " ".join(" ".join(lines).split()).count(NEXT) == 1
    assert all(len(line) <= 78 for line in lines)
