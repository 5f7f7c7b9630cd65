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
