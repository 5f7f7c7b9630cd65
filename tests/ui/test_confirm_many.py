"""F12 with many people waiting, at 80×24 in en and nl: one dialog names them ("and N more"),
confirms them all, only the first, or nothing.

Real apps and nodes on loopback; Bart (a member) admits eight people with signed
``member.admit`` records (one a guest); Anja, the facilitator, confirms.
"""

from __future__ import annotations

from contextlib import asynccontextmanager

from beraad.core import session as model
from beraad.core.identity import Identity
from beraad.i18n import translate
from beraad.ui.confirm_admissions import SHOWN_NAMES, ConfirmManyScreen
from beraad.ui.screens.confirm import ConfirmScreen
from beraad.ui.screens.session import SessionScreen
from tests.ui.conftest import SIZE
from tests.ui.session_people import make_app, node_of, screen_words, until
from tests.ui.test_admission_screens import _peer, _t

NAMES = ("Driss", "Emma", "Fenna", "Gijs", "Hanna", "Ivo", "Jet", "Kees")


async def _waiting(tmp_path, app, language):
    """Anja's session with Bart, who admitted eight people (Kees as a guest)."""
    bart = await _peer(tmp_path, "Bart", language)
    anja = node_of(app)
    invitation = await anja.create_session(title="Buurt", focus="Wat doen we?")
    session = invitation.session
    await bart.join(invitation.code, address=anja.address)
    keys = []
    for n, name in enumerate(NAMES):
        key = Identity.from_seed(bytes([40 + n]) * 32).public_key
        role = "guest" if name == "Kees" else "member"
        await bart.contribute(session, "member.admit", model.admit_body(key, name, role))
        keys.append(key)
    await anja.wait_for(lambda: all(k in anja.state(session).members for k in keys), 20)
    return bart, anja, session, keys


@asynccontextmanager
async def _asked(tmp_path, language):  # type: ignore[no-untyped-def]
    """Anja's app at 80×24 with the eight waiting (``_waiting``), F12 pressed in the session
    and its many-person question open: the pilot, Anja's node, the session and their keys."""
    app = make_app(tmp_path / "anja", "Anja", language)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await until(lambda: app.bridge is not None, pilot)
        bart, anja, session, keys = await _waiting(tmp_path, app, language)
        try:
            app.open_session(session)
            await until(lambda: isinstance(app.screen, SessionScreen), pilot)
            await pilot.press("f12")
            await until(lambda: isinstance(app.screen, ConfirmManyScreen), pilot)
            # Drawn: read at once, the screen was still empty under load ('' in CI's words).
            await until(lambda: app.screen.question.split()[-1] in screen_words(app), pilot)
            yield pilot, anja, session, keys
        finally:
            await bart.close()


async def test_f12_confirms_everyone_waiting_in_one_go(tmp_path, language):
    async with _asked(tmp_path, language) as (pilot, anja, session, keys):
        app = pilot.app
        words, question = screen_words(app), app.screen.question
        shown = ", ".join(NAMES[:SHOWN_NAMES])
        more = _t(language, "{names} and {n} more", names=shown, n="2")
        assert more in question and "Jet" not in question and "Bart" in question
        # The whole question is on the 80×24 screen, up to its last words.
        assert question.split()[-1] in words, words
        everyone = _t(language, "Confirm all {n}", n="8")
        only = _t(language, "Only {name}", name="Driss")
        assert everyone in words and only in words
        # Who pressed F12 came to confirm: Enter confirms all (naive finding: it gave
        # "Nothing confirmed: 2 people still wait").
        assert app.focused is app.screen.query_one("#go-on")
        await pilot.press("enter")
        state = anja.state(session)
        await until(lambda: not any(state.members[k].pending for k in keys), pilot)
        assert all(state.members[k].confirmed_by == anja.identity.public_key for k in keys)
        assert state.members[keys[-1]].guest  # confirmed as what they were admitted as
        # Each confirmation names the admission it confirms: it stays with it, whatever
        # admission of the same key is back-dated before it later.
        for key in keys:
            member = state.members[key]
            confirm = next(r for r in anja.records(session) if r.id == member.confirmed_in)
            assert confirm.body["admission"] == member.admitted_in
        await pilot.press("f12")  # nobody waits now: F12 says so
        nobody = translate("Nobody waits for a confirmation.", language)
        await until(lambda: any(n.message == nobody for n in app._notifications), pilot)


async def test_f12_confirms_only_the_first_or_nothing(tmp_path, language):
    async with _asked(tmp_path, language) as (pilot, anja, session, keys):
        app = pilot.app
        await pilot.press("escape")
        told = _t(
            language,
            "Nothing confirmed: {n} people still wait and count in no vote.",
            n="8",
        )
        await until(lambda: any(n.message == told for n in app._notifications), pilot)
        state = anja.state(session)
        assert all(state.members[k].pending for k in keys)
        await pilot.press("f12")
        await until(lambda: isinstance(app.screen, ConfirmManyScreen), pilot)
        await pilot.click("#only-one")
        await until(lambda: not state.members[keys[0]].pending, pilot)
        assert all(state.members[k].pending for k in keys[1:])
        # Two left... down to one: the one-person question, as before.
        for key in keys[1:-1]:
            await anja.contribute(session, "member.confirm", model.confirm_body(key))
        await pilot.press("f12")
        await until(
            lambda: (
                isinstance(app.screen, ConfirmScreen)
                and not isinstance(app.screen, ConfirmManyScreen)
            ),
            pilot,
        )
        assert "Kees" in screen_words(app)
        await pilot.press("enter")  # the one-person question confirms on Enter too
        await until(lambda: not state.members[keys[-1]].pending, pilot)
