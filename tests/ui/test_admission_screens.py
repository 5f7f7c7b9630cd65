"""Admission on screen, at 80×24 in en and nl: the facilitator sees who waits for confirmation
and confirms with F12; a pending member is told whose confirmation they wait for; a guest's
screen offers no keys a guest may not use, and their evaluation notes are marked as a guest's.

Real apps and nodes on loopback; Bart (a member) admits Driss with a code Bart opened.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.css.query import NoMatches

from beraad.core import session as model
from beraad.i18n import translate
from beraad.identity_file import save_profile
from beraad.node import Node
from beraad.ui.screens.confirm import ConfirmScreen
from beraad.ui.screens.session import SessionScreen
from tests.ui.conftest import SIZE
from tests.ui.session_people import make_app, node_of, screen_words, until


async def _peer(tmp_path: Path, name: str, language: str) -> Node:
    home = tmp_path / name.lower()
    home.mkdir()
    save_profile(home, name, language, chosen=True)
    return await Node.open(home, host="127.0.0.1", discovery=False)


def _t(language: str, message: str, **params: str) -> str:
    return translate(message, language).format(**params)


async def test_the_facilitator_confirms_with_f12_and_the_pending_member_is_told(tmp_path, language):
    app = make_app(tmp_path / "anja", "Anja", language)
    bart, driss = await _peer(tmp_path, "Bart", language), await _peer(tmp_path, "Driss", language)
    try:
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await until(lambda: app.bridge is not None, pilot)
            anja = node_of(app)
            invitation = await anja.create_session(title="Buurt", focus="Wat doen we?")
            session = invitation.session
            await bart.join(invitation.code, address=anja.address)
            code = (await bart.invite(session)).code
            await driss.join(code, address=bart.address)
            key = driss.identity.public_key
            await anja.wait_for(lambda: key in anja.state(session).members, 20)
            app.open_session(session)
            await until(lambda: isinstance(app.screen, SessionScreen), pilot)
            prompt = _t(
                language,
                "{name} was admitted {what} by {admitter} and counts once confirmed: F12 confirms.",
                name="Driss",
                what=translate("as a member", language),
                admitter="Bart",
            )
            await until(lambda: prompt in screen_words(app), pilot)
            assert translate("(not confirmed)", language) in screen_words(app)
            waits = _t(language, "waiting for {name}'s confirmation", name="Anja")
            listed = _t(language, "admitted by {by}, {waiting}", by="Bart", waiting=waits)
            assert listed in screen_words(app)  # the member list says who admitted whom
            # Driss's own node says whose confirmation he waits for (the same words as his app).
            from beraad.ui.widgets.admission_line import admission_text

            waiting = _t(language, "waiting for {name}'s confirmation", name="Anja")
            assert waiting in admission_text(driss.state(session), key)
            # Waiting for confirmation, Driss is not offered an invite the fold would refuse.
            from beraad.ui.guest import offered

            assert not offered(driss.state(session), key, "invite")
            assert offered(driss.state(session), key, "meeting")
            await pilot.press("f12")
            await until(lambda: isinstance(app.screen, ConfirmScreen), pilot)
            assert "Driss" in screen_words(app) and "Bart" in screen_words(app)
            # It arrives on Confirm (F12 was pressed to confirm), the focused button is the one
            # that looks chosen, not the one beside it.
            _assert_focus_looks_chosen(app, "#go-on", "#cancel")
            await pilot.press("tab")
            _assert_focus_looks_chosen(app, "#cancel", "#go-on")
            await pilot.press("enter")  # Cancel: nothing confirmed, and it says so
            await until(lambda: not isinstance(app.screen, ConfirmScreen), pilot)
            nothing = "Nothing confirmed: {name} still waits and counts in no vote."
            told = _t(language, nothing, name="Driss")
            await until(lambda: any(told == n.message for n in app._notifications), pilot)
            assert anja.state(session).members[key].pending
            await pilot.press("f12")
            await until(lambda: isinstance(app.screen, ConfirmScreen), pilot)
            await pilot.press("enter")  # Enter confirms
            await until(lambda: not anja.state(session).members[key].pending, pilot)
            await driss.wait_for(lambda: not driss.state(session).members[key].pending, 20)
            assert admission_text(driss.state(session), key) == ""
            await until(lambda: prompt not in screen_words(app), pilot)
            assert translate("(not confirmed)", language) not in screen_words(app)
            confirmed = _t(
                language, "admitted by {by}, confirmed by {confirmer}", by="Bart", confirmer="Anja"
            )
            await until(lambda: confirmed in screen_words(app), pilot)
    finally:
        await bart.close()
        await driss.close()


def _assert_focus_looks_chosen(app, focused: str, other: str) -> None:
    from textual.widgets import Button

    chosen, beside = app.screen.query_one(focused, Button), app.screen.query_one(other, Button)
    assert app.focused is chosen
    assert chosen.styles.background != beside.styles.background
    assert chosen.styles.text_style.bold and not beside.styles.text_style.bold


@pytest.mark.both_languages
async def test_f12_tells_a_member_who_may_not_confirm_who_does(tmp_path, language):
    """Bart admitted Driss; under the facilitator rule only Anja confirms: Bart's F12 says so
    instead of doing nothing, and the help says who confirms."""
    anja = await _peer(tmp_path, "Anja", language)
    app = make_app(tmp_path / "bart", "Bart", language)
    driss = await _peer(tmp_path, "Driss", language)
    try:
        invitation = await anja.create_session(title="Buurt", focus="Wat doen we?")
        session = invitation.session
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await until(lambda: app.bridge is not None, pilot)
            bart = node_of(app)
            await bart.join(invitation.code, address=anja.address)
            code = (await bart.invite(session)).code
            await driss.join(code, address=bart.address)
            key = driss.identity.public_key
            await bart.wait_for(lambda: key in bart.state(session).members, 20)
            app.open_session(session)
            await until(lambda: isinstance(app.screen, SessionScreen), pilot)
            await pilot.press("f12")
            told = _t(
                language,
                "Only the facilitator, {facilitator}, confirms {names}.",
                facilitator="Anja",
                names="Driss",
            )
            await until(lambda: any(told == n.message for n in app._notifications), pilot)
            assert not isinstance(app.screen, ConfirmScreen)
            rule = {
                "en": "Under the facilitator rule only the facilitator confirms",
                "nl": "Bij de regel van de begeleider bevestigt alleen de begeleider",
            }[language]
            assert rule in translate(SessionScreen.HELP_TEXT, language)  # F1 shows it
    finally:
        await anja.close()
        await driss.close()


@pytest.mark.both_languages
async def test_a_guest_sees_an_evaluate_only_screen_and_is_marked(tmp_path, language):
    anja = await _peer(tmp_path, "Anja", language)
    app = make_app(tmp_path / "gina", "Gina", language)
    try:
        invitation = await anja.create_session(title="Buurt", focus="Wat doen we?")
        session = invitation.session
        guest_code = (await anja.invite(session, role="guest")).code
        async with app.run_test(size=SIZE) as pilot:
            await until(lambda: app.bridge is not None, pilot)
            gina = node_of(app)
            await gina.join(guest_code, address=anja.address)
            await anja.contribute(session, "fact.add", model.fact_body("Census", "412 homes"))
            await anja.contribute(session, "phase.move", model.move_body("knots"))
            await gina.wait_for(lambda: gina.state(session).phase == "knots", 20)
            app.open_session(session)
            await until(lambda: isinstance(app.screen, SessionScreen), pilot)
            screen = app.screen
            # In Knots a guest reads along: no knot box, no facts hint, and the line says what
            # a guest does and where the group is.
            in_knots = translate(
                "As a guest you add evaluation notes; the group is now in {phase}. "
                "Guests read along, and do not vote or move the group.",
                language,
            ).format(phase=translate("Knots", language))
            await until(lambda: in_knots in screen_words(app), pilot)
            from textual.widgets import Input

            shown = [w for w in screen.query(Input) if w.display and w.region.area]
            assert shown == []
            # Nor the box's bare label (naive-user finding: "New knot:" beside nothing).
            assert translate("New knot:", language) not in screen_words(app)
            assert "Ctrl+F" not in screen_words(app)
            palette = [label for label, _help, _call in screen.palette_commands()]
            for hidden in ("Invite", "Meeting tools", "World café", "Shared facts"):
                assert translate(hidden, language) not in palette
            assert screen.check_action("facts", ()) is False
            await pilot.press("ctrl+f")  # nothing: a guest adds no facts
            assert app.screen is screen
            for phase in ("positions", "criteria", "options", "decide", "act"):
                await anja.contribute(session, "phase.move", model.move_body(phase))
            await gina.wait_for(lambda: gina.state(session).phase == "act", 20)
            in_act = in_knots.replace(translate("Knots", language), translate("Act", language))
            await until(lambda: in_act in screen_words(app), pilot)
            # The Act hint lists keys (p pull, l step back…) a guest does not have.
            assert translate("New action:", language) not in screen_words(app)
            assert {"en": "p pull", "nl": "p trekken"}[language] not in screen_words(app)
            await anja.contribute(session, "phase.move", model.move_body("evaluate"))
            await gina.wait_for(lambda: gina.state(session).phase == "evaluate", 20)
            banner = translate(
                "As a guest you add evaluation notes; the group is now in {phase}. "
                "Guests read along, and do not vote or move the group.",
                language,
            ).format(phase=translate("Evaluate", language))
            await until(lambda: banner in screen_words(app), pilot)
            for action in ("phase_moves", "meeting", "invite", "confirm_member"):
                assert screen.check_action(action, ()) is False
            footer = screen_words(app)
            for key_label in ("Move on", "Meeting"):
                assert translate(key_label, language) not in footer
            await pilot.press("f6")  # nothing: a guest does not move the group
            assert app.screen is screen
            await pilot.press(*"Clear", "enter")
            me = gina.identity.public_key
            notes = gina.state(session).evaluations
            await until(lambda: any(e.author == me for e in notes.values()), pilot)
            # Her own note says "you", as every view does (others read "Gina (guest)").
            marked = f"Clear {translate('— you', language)}"
            await until(lambda: marked in screen_words(app), pilot)
            await anja.wait_for(lambda: len(anja.state(session).evaluations) == 1, 20)
    finally:
        await anja.close()


def test_the_projector_wall_marks_a_guests_note(language):
    from beraad.ui.projector_view import newest_contributions
    from tests.export.test_minutes_guests import _session_with_a_guest

    writer = _session_with_a_guest()
    wall = newest_contributions(writer.state, writer.fold.records, 5)
    by_text = {c.text: c.who for c in wall}
    assert by_text["Clear for a newcomer"] == f"Gina {translate('(guest)', language)}"
    assert translate("(guest)", language) not in by_text["Start on time"]


def shows(app, words: str) -> bool:
    """The screen shows ``words``; a screen still being built (no header yet) does not."""
    try:
        return words in screen_words(app)
    except NoMatches:
        return False


@pytest.mark.both_languages
async def test_f8_twice_opens_a_guest_code_beside_the_member_code(tmp_path, language):
    """F8 on the member code shows a guest code beside it (both work); F8 again shows the
    member code still open; Ctrl+X closes the code shown and leaves the other."""
    from beraad.ui.screens.invitation import InvitationScreen

    app = make_app(tmp_path / "anja", "Anja", language)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(lambda: app.bridge is not None, pilot)
        anja = node_of(app)
        session = (await anja.create_session(title="Buurt", focus="Wat doen we?")).session
        app.open_session(session)
        await until(lambda: isinstance(app.screen, SessionScreen), pilot)
        await pilot.press("f8")
        await until(lambda: isinstance(app.screen, InvitationScreen), pilot)
        member_code = app.screen.invitation.code
        # The code is in the words of whoever reads it aloud (the session opened in English):
        # a Dutch screen gives 7-appel-fiets, not 30-lemon-jacket.
        from beraad.net.joincode import JoinCode

        assert JoinCode.parse(member_code).language == language
        members = translate(
            "A code for members. F8: a guest code beside it (evaluation only); Ctrl+X closes "
            "this code.",
            language,
        )
        await until(lambda: shows(app, members), pilot)  # read once the screen is built
        await pilot.press("f8")
        await until(
            lambda: (
                isinstance(app.screen, InvitationScreen) and app.screen.invitation.role == "guest"
            ),
            pilot,
        )
        guests = translate(
            "A guest code: whoever joins with it reads along and adds evaluation notes only. "
            "F8: the code for members; Ctrl+X closes this code.",
            language,
        )
        await until(lambda: shows(app, guests), pilot)
        guest_code = app.screen.invitation.code
        assert guest_code != member_code
        too = _t(language, "The member code {code} is open too.", code=member_code)
        assert shows(app, too)
        assert set(await anja.open_invitations(session)) == {"member", "guest"}
        await pilot.press("f8")  # back to the member code: the same one, still open
        await until(
            lambda: (
                isinstance(app.screen, InvitationScreen)
                and app.screen.invitation.role == "member"
                and shows(app, _t(language, "The guest code {code} is open too.", code=guest_code))
            ),
            pilot,
        )
        assert app.screen.invitation.code == member_code
        await pilot.press("ctrl+x")  # close the member code; the guest code stays
        closed = _t(
            language,
            "The member code {code} is closed: nobody joins with it any more.",
            code=member_code,
        )
        await until(lambda: any(n.message == closed for n in app._notifications), pilot)
        assert isinstance(app.screen, SessionScreen)
        assert {r: i.code for r, i in (await anja.open_invitations(session)).items()} == {
            "guest": guest_code
        }


async def test_a_session_opened_before_guests_offers_no_guest_code(tmp_path, language):
    """Naive s9 finding 3: in a session opened before guests existed, F8 F8 showed a guest code
    that could never admit anyone, and the guest was the one told. The member code's screen
    says there is no guest code and why, F8 there says it again and opens none, and the node
    refuses to open one."""
    from beraad.held import NodeError
    from beraad.ui.screens.invitation import InvitationScreen
    from tests.ui.test_session_export import told

    app = make_app(tmp_path / "anja", "Anja", language)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(lambda: app.bridge is not None, pilot)
        anja = node_of(app)
        opened = await anja.create_session(title="Speelplein", focus="Veiliger?", admission=None)
        session = opened.session
        app.open_session(session)
        await until(lambda: isinstance(app.screen, SessionScreen), pilot)
        await pilot.press("f8")
        await until(lambda: isinstance(app.screen, InvitationScreen), pilot)
        # Said as the person sees it, not as the app's history (naive s15: "opened before
        # guests existed").
        why = translate("This deliberation admits members only, so it has no guest code.", language)
        await until(lambda: why in screen_words(app), pilot)
        offered = translate(
            "A code for members. F8: a guest code beside it (evaluation only); Ctrl+X closes "
            "this code.",
            language,
        )
        assert offered not in screen_words(app)
        assert translate("Other code", language) not in screen_words(app)  # not in the footer
        said = told(app)
        await pilot.press("f8")
        await until(lambda: why in said, pilot)
        assert isinstance(app.screen, InvitationScreen) and app.screen.invitation.role == "member"
        assert set(await anja.open_invitations(session)) == {"member"}
        try:
            await anja.invite(session, role="guest")
        except NodeError as refused:
            assert str(refused) == why
        else:
            raise AssertionError("a guest code was opened for a session without guests")
