"""Moves, ends and F6 as the person sees them (naive s6 findings 2, 3, 4, 10, 11, 13): what
one types stays whole and in its place, a late F6 Enter does nothing it was not meant for."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette
from textual.widgets import Input, OptionList

import benchmarks.ui
from beraad.core import session as bodies
from beraad.core.end_consent import END, RULE_SINCE_MS, agreed_end_body
from beraad.core.settled import agreed_move_body
from beraad.ui.widgets.phase_bar import open_proposal
from beraad.ui.widgets.phase_dialog import PhaseDialog
from tests.ui.phases_app import SIZE
from tests.ui.phases_text import screen_words
from tests.ui.stored_app import session_opened
from tests.ui.stored_app import until as until_app
from tests.ui.test_naive_s6 import consent_move, keys, opened_by, three

pytestmark = pytest.mark.timeout(120)


async def test_f6_enter_answers_a_new_proposal_right_after_a_move(tmp_path):
    """The group moved to Positions and Anja at once proposed Criteria: Bart's F6 Enter said
    "The group has just moved" and did nothing. The guard is for the proposal that passed;
    a new one on screen is what F6 answers: ↓ Enter answers ready."""
    w = three("consent", phase=None)
    first = consent_move(w, "knots")
    w.write(0, "phase.move", agreed_move_body(w.fold.state, w.fold.state.proposals[first]))
    app = opened_by(w, tmp_path / "bart", 1)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        node = screen.node
        second = consent_move(w, "positions", ready=(0, 2))
        w.write(0, "phase.move", agreed_move_body(w.fold.state, w.fold.state.proposals[second]))
        node.ingest(w.session, list(w.records))
        await until_app(lambda: screen.state.phase == "positions")
        w.write(0, "phase.propose", bodies.propose_body("criteria"))
        node.ingest(w.session, list(w.records))
        await until_app(lambda: open_proposal(screen.state) is not None)
        await pilot.press("f6")  # within the ten seconds
        await until_app(lambda: isinstance(app.screen, PhaseDialog))
        await pilot.pause()
        assert "just moved" not in screen_words(app)
        await pilot.press("down", "enter")  # the first choice, as always (naive s8 4b)
        me = w.who[1].public_key

        def answered() -> bool:
            proposal = open_proposal(node.state(w.session))
            return proposal is not None and me in proposal.responses

        await until_app(answered, 15)
        proposal = open_proposal(node.state(w.session))
        assert proposal is not None and proposal.responses[me].response == "ready"


async def test_late_f6_enter_after_an_end_by_consent_opens_nothing(tmp_path, monkeypatch):
    """Anja proposed ending meeting 1, the group consented and it ended; Chris, meaning to
    answer, pressed F6 Enter and opened meeting 2 for everyone. Right after someone else
    ended the meeting an Enter typed with F6 chooses nothing and the dialog says it ended."""
    monkeypatch.setattr(benchmarks.ui, "START", RULE_SINCE_MS)  # opened since ending by consent
    w = three("consent", phase=None)
    app = opened_by(w, tmp_path / "chris", 2)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        node = screen.node
        proposal = w.write(0, "phase.propose", bodies.propose_body(END))
        w.write(0, "phase.respond", bodies.respond_body(proposal, "ready"))
        w.write(1, "phase.respond", bodies.respond_body(proposal, "ready"))
        w.write(0, "meeting.end", agreed_end_body(w.fold.state.proposals[proposal]))
        node.ingest(w.session, list(w.records))
        await until_app(lambda: screen.state.between_meetings)
        keys(app, ("f6", None), ("enter", "\r"))  # one burst, as a quick hand types them
        await until_app(lambda: isinstance(app.screen, PhaseDialog))
        await until_app(lambda: "Meeting 1 has just ended" in screen_words(app), 5)
        await pilot.pause()
        await pilot.pause()
        assert node.state(w.session).between_meetings  # meeting 2 not opened
        # Nothing is preselected just after the end: an Enter pressed once the dialog is
        # there does nothing either (naive s6b finding B); ↓ chooses, then Enter opens it.
        assert app.screen.query_one(OptionList).highlighted is None
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert node.state(w.session).between_meetings
        await pilot.press("down", "enter")
        await until_app(lambda: not node.state(w.session).between_meetings)


@pytest.mark.parametrize("language", ["nl"], indirect=True)
@pytest.mark.both_languages
async def test_a_reason_typed_after_choosing_object_goes_into_the_reason_box(tmp_path, language):
    """F6, ↓ ↓ to "I object to moving …", then the reason typed: the letters went to the list
    and vanished, and Enter asked for a reason. Typed in the list, they are the reason."""
    w = three("consent", phase=None)
    proposal = w.write(0, "phase.propose", bodies.propose_body("knots"))
    w.write(0, "phase.respond", bodies.respond_body(proposal, "ready"))
    app = opened_by(w, tmp_path / "bart", 1, language)
    async with app.run_test(size=SIZE) as pilot:
        screen = await session_opened(app, w.session)
        node = screen.node
        await pilot.press("f6")
        await until_app(lambda: isinstance(app.screen, PhaseDialog))
        assert "wat je typt is de reden" in screen_words(app)
        reason = "We hebben het nog niet over de kosten gehad"
        await pilot.press("down", "down", *reason, "enter")  # nothing preselected: ↓↓ objects
        me = w.who[1].public_key
        await until_app(lambda: me in node.state(w.session).proposals[proposal].responses, 15)
        answer = node.state(w.session).proposals[proposal].responses[me]
        assert (answer.response, answer.reason) == ("object", reason)


@pytest.mark.parametrize(
    ("language", "words", "command"),
    [
        # "beeindig" without its accent, "stoppen" (naive s11 F-minor-9)
        ("nl", ("vergadering", "einde", "beeindig", "stoppen"), "Bijeenkomst 1 afsluiten"),
        ("en", ("finish", "close"), "End meeting 1"),
    ],
    indirect=["language"],
)
async def test_the_palette_finds_ending_the_meeting_by_the_words_one_uses(
    tmp_path, language, words, command
):
    """ "vergadering" and "einde" found nothing in the Dutch palette: the command says
    "Bijeenkomst 1 afsluiten". A command is found by the other words a person would use."""
    w = three("facilitator", phase="knots")
    app = opened_by(w, tmp_path / "anja", 0, language)
    async with app.run_test(size=SIZE) as pilot:
        await session_opened(app, w.session)
        for word in words:
            await pilot.press("ctrl+p", *word)
            await until_app(lambda: command in found(app), 10)
            await pilot.press("escape")
            await until_app(lambda: not isinstance(app.screen, CommandPalette))


@pytest.mark.parametrize(
    ("language", "word", "command"),
    [
        ("nl", "code", "Uitnodigen"),
        ("en", "code", "Invite"),
        # naive s11b: "notulen" did not find "Het verslag exporteren"
        ("nl", "notulen", "Het verslag exporteren (Markdown)"),
        ("en", "minutes", "Export the minutes (Markdown)"),
    ],
    indirect=["language"],
)
async def test_the_palette_finds_a_command_by_what_it_does(tmp_path, language, word, command):
    """Naive s11 F-minor-17: "code" found nothing, while the invitation says "A new join
    code, for someone who arrives later"."""
    w = three("facilitator", phase="knots")
    app = opened_by(w, tmp_path / "anja", 0, language)
    async with app.run_test(size=SIZE) as pilot:
        await session_opened(app, w.session)
        await pilot.press("ctrl+p", *word)
        await until_app(lambda: command in found(app), 10)


def found(app) -> str:  # type: ignore[no-untyped-def]
    """What the palette lists (the screen under it may name a command too)."""
    from textual.command import CommandList

    if not isinstance(app.screen, CommandPalette):
        return ""
    hits = app.screen.query_one(CommandList)
    return " ".join(str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count))


@pytest.mark.parametrize("language", ["nl"], indirect=True)
@pytest.mark.both_languages
async def test_the_dutch_toast_asking_to_answer_an_end_is_said_whole(
    tmp_path, monkeypatch, language
):
    """ "Bram stelt voor de bijeenkomst af te sluiten. Druk op F6 om klaar of bezwaar…": at 80
    columns the toast's first line was all one saw for 15 s. It is said whole, on its line;
    answered, no line of it is left to show."""
    monkeypatch.setattr(benchmarks.ui, "START", RULE_SINCE_MS)  # opened since ending by consent
    w = three("consent", phase=None)
    app = opened_by(w, tmp_path / "bart", 1, language)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await session_opened(app, w.session)
        proposal = w.write(0, "phase.propose", bodies.propose_body(END))
        screen.node.ingest(w.session, list(w.records))
        said = "Anja stelt voor de bijeenkomst te sluiten. Druk op F6: klaar of bezwaar."
        await until_app(lambda: said in screen_words(app), 10)
        assert [n.message for n in app._notifications] == [said]
        await pilot.press("f6")
        await until_app(lambda: isinstance(app.screen, PhaseDialog))
        await pilot.press("down", "enter")  # ready
        me = w.who[1].public_key
        await until_app(lambda: me in screen.node.state(w.session).proposals[proposal].responses)
        await until_app(lambda: not app._notifications, 5)


async def test_a_move_while_typing_leaves_the_sentence_whole_where_it_was_typed(tmp_path):
    """Bart typed "Jongeren" in the Opening's group box as Anja moved the group to Knots: the
    view followed, "en ouderen samen" went into the knot box and was signed as a knot. The
    half-typed words stay whole, with the view they were typed in, and the toast says so."""
    w = three("facilitator", phase=None)
    app = opened_by(w, tmp_path / "bart", 1)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await session_opened(app, w.session)
        node = screen.node
        box = screen.view("opening").query_one("#group-text", Input)
        await until_app(lambda: screen.focused is box)
        await pilot.press(*"Jongeren")
        w.write(0, "phase.move", bodies.move_body("knots"))
        node.ingest(w.session, list(w.records))
        await until_app(lambda: screen.group_phase == "knots")
        await pilot.press(*" en ouderen samen", "enter")
        names = lambda: [g.name for g in node.state(w.session).groups.values()]  # noqa: E731
        await until_app(lambda: names(), 10)
        assert names() == ["Jongeren en ouderen samen"]
        assert not node.state(w.session).knots
        assert screen.viewing == "opening" and screen.focused is box
        said = [n.message for n in app._notifications]
        assert any("Your words stay here" in m and "F5 follows." in m for m in said), said
        assert not any(m.startswith("…") for m in said), said  # one toast, not in turns
