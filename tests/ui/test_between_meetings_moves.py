"""Between meetings F6 offers no phase moves (the fold refuses them) but says why, and offers
who may the one thing possible: opening the next meeting (naive finding 11)."""

from __future__ import annotations

from textual.app import App

from beraad.i18n import _
from beraad.ui.widgets.phase_dialog import PhaseDialog, phase_choices
from tests.core.test_meeting import A, B, Meeting
from tests.ui.phases_text import screen_words


def ended() -> Meeting:
    """Meeting 1 ended by its facilitator, Anna, in Knots."""
    m = Meeting()
    m.move("knots")
    m.ok(A, "meeting.end", {})
    return m


def test_between_meetings_only_opening_the_next_is_offered():
    m = ended()
    choices = phase_choices(m.state, A.public_key)
    assert [c.kind for c in choices] == ["meeting.start"]
    assert phase_choices(m.state, B.public_key) == []  # not the facilitator: nothing to do
    # What is offered, the fold accepts.
    m.ok(A, choices[0].kind, choices[0].body)
    assert not m.state.between_meetings and m.state.meeting == 2


def test_under_consent_anyone_may_open_the_next_meeting():
    m = Meeting("consent")
    m.ok(A, "meeting.end", {})
    assert [c.kind for c in phase_choices(m.state, B.public_key)] == ["meeting.start"]


async def test_f6_between_meetings_says_why_nothing_moves(language):
    m = ended()
    state = m.state
    text = _("Meeting {number} has ended: the group moves again once the next one opens.")
    text = text.format(number=1)
    for me, offered in ((B.public_key, False), (A.public_key, True)):
        app = App()
        async with app.run_test(size=(80, 24)) as pilot:
            await app.push_screen(PhaseDialog(state, me))
            await pilot.pause()
            words = screen_words(app)
            assert text in words, words
            assert _("Take the group back to {phase}").format(phase="")[:12] not in words
            assert (_("Open meeting {number}").format(number=2) in words) is offered
            if not offered:
                assert _("The facilitator, {name}, opens it.").format(name="Anna") in words


async def test_f6_tells_the_facilitator_herself_that_she_opens_it(language):
    """Anna reads her own dialog: "you open it", never "the facilitator, Anna, opens it"."""
    state = ended().state
    app = App()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(PhaseDialog(state, A.public_key))
        await pilot.pause()
        words = screen_words(app)
        assert _("You open it, as the facilitator.") in words, words
        assert _("you open meeting {number}").format(number=2) in words, words
        assert _("The facilitator, {name}, opens it.").format(name="Anna") not in words
        assert "Anna" not in words


async def test_the_phase_bar_between_meetings_says_who_opens_the_next(language):
    """Nothing moves the group between meetings: the bar says so and who opens the next
    meeting, not "Next: … moves the group on"."""
    from textual.app import ComposeResult

    from beraad.ui.widgets.phase_bar import PhaseBar

    class BarApp(App[None]):
        def compose(self) -> ComposeResult:
            yield PhaseBar()

    for meeting, who in (
        (
            ended(),
            _("{name}, the facilitator, opens meeting {number}").format(name="Anna", number=2),
        ),
        (_consent_ended(), _("any member opens meeting {number}").format(number=2)),
    ):
        app = BarApp()
        async with app.run_test(size=(80, 24)) as pilot:
            app.query_one(PhaseBar).show(meeting.state)
            await pilot.pause()
            words = screen_words(app)
            assert f"{_('Between meetings')} · {who}" in words, words
            assert _("Next: {phase}").format(phase="") not in words
            assert _("{name}, the facilitator, moves the group on").format(name="Anna") not in words
            assert _("the group, by consent, moves on") not in words


def _consent_ended() -> Meeting:
    m = Meeting("consent")
    m.ok(A, "meeting.end", {})
    return m


def meeting_two(rule: str = "facilitator") -> Meeting:
    """Meeting 1 went from the opening to Evaluate and ended; meeting 2 just opened."""
    from beraad.core.trajectory import RESUME_SINCE_MS
    from tests.core.writer import EPOCH_MS

    m = Meeting(rule)
    m.wait(RESUME_SINCE_MS - EPOCH_MS)  # written today, as an app writes them
    for phase in ("knots", "positions", "criteria", "options", "decide", "act", "evaluate"):
        if rule == "consent":
            _agreed(m, phase)
        else:
            m.move(phase)
    m.ok(A, "meeting.end", {})
    m.ok(A, "meeting.start", {})
    return m


def _agreed(m: Meeting, to: str) -> None:
    from beraad.core import session as s
    from beraad.core.settled import agreed_move_body
    from tests.core.test_meeting import C

    proposal = m.ok(A, "phase.propose", s.propose_body(to)).id
    for who in (A, B, C):
        m.ok(who, "phase.respond", s.respond_body(proposal, "ready"))
    m.ok(A, "phase.move", agreed_move_body(m.state, m.state.proposals[proposal]))


def test_meeting_two_first_offers_carrying_on_where_meeting_one_stopped(language):
    """Naive s12 P6: at the second meeting the facilitator needed seven F6 moves to get back
    to Evaluate. The first choice carries on there, and the fold takes it."""
    m = meeting_two()
    choices = phase_choices(m.state, A.public_key)
    carry_on = _("Carry on where meeting {number} stopped: {phase}")
    assert choices[0].label == carry_on.format(number=1, phase=_("Evaluate"))
    assert _("Move the group on to {phase}").format(phase=_("Knots")) == choices[1].label
    m.ok(A, choices[0].kind, choices[0].body)
    assert m.state.phase == "evaluate"
    assert not any("stopped" in c.label for c in phase_choices(m.state, A.public_key))


def test_under_consent_carrying_on_is_proposed_and_agreed_as_every_move(language):
    m = meeting_two("consent")
    choices = phase_choices(m.state, B.public_key)
    propose = _("Propose carrying on where meeting {number} stopped: {phase}")
    assert choices[0].label == propose.format(number=1, phase=_("Evaluate"))
    assert choices[0].kind == "phase.propose"
    _agreed(m, choices[0].body["to"])
    assert m.state.phase == "evaluate" and m.state.meeting == 2


async def test_f6_enter_enter_carries_on_and_the_bar_says_where(language):
    """One F6 (then Enter, Enter: the first choice) at 80×24; the bar under it names where
    the group stopped, and "since last time" ends with it."""
    from beraad.core.trajectory import since_last_time
    from beraad.ui.screens.since_last_time import since_lines

    m = meeting_two()
    state = m.state
    chosen: list[object] = []
    app = App()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(PhaseDialog(state, A.public_key), chosen.append)
        await pilot.pause()
        words = screen_words(app)
        where = _("Next: {phase}, where meeting {number} stopped").format(
            phase=_("Evaluate"), number=1
        )
        assert where in words, words
        await pilot.press("enter", "enter")
        await pilot.pause()
    (result,) = chosen
    assert result is not None and result[0].body["to"] == "evaluate"
    summary = since_last_time(state, m.records)
    assert summary is not None
    said = " ".join(" ".join(since_lines(summary, state, A.public_key)).split())
    line = _("Meeting {number} stopped in {phase}: one move (F6) carries on there.")
    assert line.format(number=1, phase=_("Evaluate")) in said, said
