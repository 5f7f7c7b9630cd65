"""The decide view over two meetings, as a naive user met it (n1 findings 2, 3 and 4), at 80×24
in English and Dutch, on a real fold of signed records with the same app left running:

- a view kept from meeting 1 does not keep meeting 1's option in meeting 2, and a vote on
  another option than the one the group responds to says it does not count there;
- a guest is offered no vote control in any meeting, round or rule, also after more records;
- after a decision the decision comes first, the vote form is gone, and a new round of voting
  is offered only when the closed vote supports no decision.
"""

from __future__ import annotations

import pytest
from textual.widgets import Button, Checkbox, Select, Static

from beraad.core.identity import Identity
from beraad.core.session import (
    admit_body,
    close_body,
    consent_body,
    meeting_end_body,
    meeting_start_body,
    move_body,
    option_body,
)
from beraad.core.tally import decision_body
from beraad.i18n import _
from beraad.ui.phases.decide import DecideView
from beraad.ui.widgets.tally_format import rule_label
from tests.ui.phases_app import SIZE, PhaseApp, Table, until
from tests.ui.phases_text import screen_text, screen_words

pytestmark = pytest.mark.timeout(120)
KIND = "consent.respond"
ANJA, BART, DIRK, CEES = 0, 1, 2, 3


def meeting_one() -> tuple[Table, str, str]:
    """Anja, Bart and Dirk decide option A by consent in meeting 1; Cees is a guest."""
    table = Table(["Anja", "Bart", "Dirk"], "consent", admission="confirmed")
    table.people.append(Identity.from_seed(b"\x09" * 32))
    table.keys.append(table.people[-1].public_key)
    table._seq.append(0)
    table._prev.append(None)
    table.write(ANJA, "member.admit", admit_body(table.keys[CEES], "Cees", "guest"))
    table.move_to("options")
    a = table.write(ANJA, "option.add", option_body("Speed bumps at the school"))
    b = table.write(BART, "option.add", option_body("30 km/h zone with signs"))
    table.move_to("decide")
    return table, a, b


def decide_a(table: Table, a: str) -> None:
    for who in (ANJA, BART, DIRK):
        table.write(who, KIND, consent_body(a, "agree"))
    table.write(ANJA, "vote.close", close_body(KIND))
    table.write(ANJA, "decision.take", decision_body(table.state, a))


def to_meeting_two_decide(table: Table) -> None:
    table.move_to("evaluate")
    table.write(ANJA, "meeting.end", meeting_end_body("Thursday"))
    table.write(ANJA, "meeting.start", meeting_start_body())
    table.move_to("decide")


async def shown(pilot, app: PhaseApp) -> None:
    app.refresh_view()
    await pilot.pause()


async def test_a_view_left_running_follows_the_meeting_and_says_where_a_vote_counts(language):
    table, a, b = meeting_one()
    app = PhaseApp(DecideView(table.session), table.keys[DIRK], state=table.state)
    async with app.run_test(size=SIZE) as pilot:
        view = app.view
        select = view.query_one("#round-option", Select)
        await shown(pilot, app)
        assert select.value == a  # meeting 1: the first option
        decide_a(table, a)
        await shown(pilot, app)
        to_meeting_two_decide(table)
        await shown(pilot, app)
        assert select.value == b, "meeting 2 kept meeting 1's option"
        table.write(ANJA, KIND, consent_body(b, "agree"))
        table.write(BART, KIND, consent_body(b, "object", "Too expensive"))
        await shown(pilot, app)
        assert select.value == b
        # Dirk chooses A anyway and responds: his vote is in, for A, and the view says the
        # group responds to B, so it does not count there.
        table.write(DIRK, KIND, consent_body(a, "stand_aside"))
        select.value = a
        await shown(pilot, app)
        elsewhere = _(
            "The group is responding to {group}; your vote is on {option} and does not count "
            "for {group}."
        ).format(group="B", option="A")
        status = view.query_one("#my-vote", Static)
        await until(pilot, lambda: elsewhere in str(status.content))
        assert status.display and 0 < status.region.bottom <= SIZE[1] - 1  # on screen
        select.value = b
        await shown(pilot, app)
        assert elsewhere not in str(status.content)
        assert _("You have not voted yet.") in screen_words(app)


async def test_a_guest_is_offered_no_vote_in_either_meeting(language):
    table, a, b = meeting_one()
    app = PhaseApp(DecideView(table.session), table.keys[CEES], state=table.state)
    cast, seal = _("Cast my vote"), _("Seal my vote")

    def no_vote_control() -> None:
        view = app.view
        for button in ("cast", "close-voting", "take", "reopen", "end-reveal", "reveal"):
            assert not view.query_one(f"#{button}", Button).display, button
        assert not view.query_one("#seal", Checkbox).display
        assert not view.query_one("#round").display
        words = screen_words(app)
        assert cast not in words and seal not in words
        footer = screen_text(app).splitlines()[-1]
        assert "^s" not in footer and "^o" not in footer and "^g" not in footer

    async with app.run_test(size=SIZE) as pilot:
        await shown(pilot, app)
        no_vote_control()
        table.write(ANJA, KIND, consent_body(a, "agree"))
        await shown(pilot, app)
        no_vote_control()
        decide_a(table, a)
        await shown(pilot, app)
        no_vote_control()
        to_meeting_two_decide(table)
        await shown(pilot, app)
        no_vote_control()
        table.write(ANJA, KIND, consent_body(b, "agree"))
        await shown(pilot, app)
        no_vote_control()
        table.write(ANJA, "vote.close", close_body(KIND))
        table.write(ANJA, "vote.reopen", close_body(KIND))  # a new round
        await shown(pilot, app)
        no_vote_control()


async def test_after_a_decision_it_comes_first_and_a_new_round_only_when_it_helps(language):
    table, a, b = meeting_one()
    app = PhaseApp(DecideView(table.session), table.keys[ANJA], state=table.state)
    async with app.run_test(size=SIZE) as pilot:
        view = app.view
        for who in (ANJA, BART, DIRK):
            table.write(who, KIND, consent_body(a, "agree"))
        table.write(ANJA, "vote.close", close_body(KIND))
        await shown(pilot, app)
        # A passes: the next step is to take the decision, not a new round.
        assert view.query_one("#take", Button).display
        assert not view.query_one("#reopen", Button).display
        titles = [title for title, _help, _act in view.palette_commands()]
        assert _("New round of voting") not in titles
        table.write(ANJA, "decision.take", decision_body(table.state, a))
        await shown(pilot, app)
        decided = _("Decided: {option}, by {rule}.").format(
            option="A. Speed bumps at the school", rule=_("Consent")
        )
        await until(pilot, lambda: decided in screen_words(app))
        assert not view.query_one("#round").display  # the vote form is done with
        assert not view.query_one("#how-to").display
        rows = screen_text(app).splitlines()
        row = next(n for n, line in enumerate(rows) if decided.split(",")[0] in line)
        assert row < 12, "\n".join(rows)  # in the top half at 80×24, not at the very bottom

        # Meeting 2: an objection stands once voting closes; then a new round is offered.
        to_meeting_two_decide(table)
        table.write(ANJA, KIND, consent_body(b, "agree"))
        table.write(BART, KIND, consent_body(b, "object", "Too expensive"))
        table.write(ANJA, "vote.close", close_body(KIND))
        await shown(pilot, app)
        assert view.query_one("#reopen", Button).display
        assert view.query_one("#round").display  # meeting 2 has not decided: the form is back


async def test_a_guest_on_the_real_session_screen_gets_no_vote_in_meeting_two(tmp_path, language):
    """As the naive user met it: meeting 2, consent, Cees a guest on the real session screen;
    a member's vote arrives live and the cast button must not come back."""
    from benchmarks.ui import MEMBERS, NONCE, Writer
    from beraad.core import session as bodies
    from beraad.ui.screens.session import SessionScreen
    from tests.ui.stored_app import stored_app

    cees = Identity.from_seed(bytes([78]) * 32)
    w = Writer()
    opened = bodies.open_body("Straat", "Safer?", decision_rule="consent", admission="confirmed")
    w.write(0, "session.open", {**opened, "nonce": NONCE})
    w.write(0, "member.name", bodies.name_body(MEMBERS[0]))
    w.write(0, "member.admit", bodies.admit_body(w.who[1].public_key, MEMBERS[1]))
    w.write(0, "member.admit", bodies.admit_body(cees.public_key, "Cees", "guest"))
    for phase in ("knots", "positions", "criteria", "options"):
        w.write(0, "phase.move", bodies.move_body(phase))
    a = w.write(0, "option.add", bodies.option_body("Speed bumps"))
    b = w.write(1, "option.add", bodies.option_body("30 km/h zone"))
    w.write(0, "phase.move", bodies.move_body("decide"))
    w.write(0, KIND, consent_body(a, "agree"))
    stored = len(w.records)  # Cees's app runs from here, through the meeting change

    def rest_of_the_evening() -> None:
        w.write(1, KIND, consent_body(a, "agree"))
        w.write(0, "vote.close", close_body(KIND))
        w.write(0, "decision.take", decision_body(w.fold.state, a))
        for phase in ("act", "evaluate"):
            w.write(0, "phase.move", bodies.move_body(phase))
        w.write(0, "meeting.end", meeting_end_body(""))
        w.write(0, "meeting.start", meeting_start_body())
        for phase in ("knots", "positions", "criteria", "options", "decide"):
            w.write(0, "phase.move", bodies.move_body(phase))
        w.write(0, KIND, consent_body(b, "agree"))

    app = stored_app(
        w,
        tmp_path / "cees",
        identity=cees,
        name="Cees",
        language=language,
        records=w.records[:stored],
    )
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.bridge is not None)
        app.open_session(w.session)
        await until(pilot, lambda: isinstance(app.screen, SessionScreen))
        screen = app.screen
        await until(pilot, lambda: bool(screen._shown.get("decide")))
        view = screen.view("decide")
        assert isinstance(view, DecideView)
        assert not view.query_one("#cast", Button).display
        rest_of_the_evening()
        screen.node.ingest(w.session, w.records[stored:])
        await until(pilot, lambda: view.state.meeting == 2 and view.round_option() == b)
        votes_in = _("Votes in: {voters} of {members} members.").format(voters=1, members=2)
        status = view.query_one("#decide-status", Static)
        await until(pilot, lambda: votes_in in str(status.content))  # redrawn with the vote
        assert not view.query_one("#cast", Button).display
        assert not view.query_one("#seal", Checkbox).display
        assert _("Cast my vote") not in screen_words(app)


async def test_meeting_twos_decide_view_shows_meeting_ones_decision_until_its_first_vote(language):
    """Naive s15 F6: opened in meeting 2 (group in Act), the view said "Not decided: nobody has
    voted yet" about meeting 1's decision. It says that meeting's decision, with its table,
    as meeting 1's; this meeting's first vote gives the view back to this meeting's count."""
    table, a, b = meeting_one()
    decide_a(table, a)
    to_meeting_two_decide(table)
    table.move_to("act")
    app = PhaseApp(DecideView(table.session), table.keys[DIRK], state=table.state)
    async with app.run_test(size=(80, 60)) as pilot:
        await shown(pilot, app)
        rule = app.view.query_one("#rule-status", Static)
        earlier = _("Decided in meeting {number}: {option}, by {rule}.").format(
            number=1, option="A. Speed bumps at the school", rule=rule_label("consent")
        )
        assert earlier in " ".join(str(rule.content).split())
        assert _("Not decided: {reason}").split(":")[0] + ":" not in str(rule.content)
        words = screen_words(app)
        assert earlier in words and "Speed bumps at the school" in words
        assert app.view.query_one("#how", Button).display
        table.write(ANJA, "phase.move", move_body("decide"))  # taken back to vote again
        table.write(ANJA, KIND, consent_body(b, "agree"))
        await shown(pilot, app)
        await until(pilot, lambda: earlier not in " ".join(str(rule.content).split()))
