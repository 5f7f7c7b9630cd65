"""Where notifications appear at 80×24, in en and nl: on one line over the title row, on every
screen and dialog, hiding nothing people read and moving nothing. Over the right or bottom of
the screen they hid the phase bar, the text box, the join code's lines and a dialog's text
(naive finding 2); given rows of their own under the title they moved the screen down and,
when a dialog came between, left the rows blank for minutes (naive finding 1)."""

from __future__ import annotations

import pytest
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header
from textual.widgets._toast import Toast, ToastRack

from beraad.i18n import _, set_language
from beraad.ui.screens.invitation import InvitationScreen
from beraad.ui.screens.session import SessionScreen
from beraad.ui.widgets.phase_bar import PhaseBar
from beraad.ui.widgets.phase_dialog import PhaseDialog
from tests.ui import test_session_snapshots as sessions
from tests.ui.conftest import SIZE
from tests.ui.session_people import make_app, node_of, until

pytestmark = pytest.mark.timeout(120)


def _under_toasts(widget: Widget) -> bool:
    return any(isinstance(node, ToastRack | Header) for node in widget.ancestors_with_self)


def layout(screen: Screen) -> dict[Widget, object]:
    """Where every widget of the screen is, but the notifications and the title row."""
    return {w: w.region for w in screen.query("*") if not _under_toasts(w)}


def same(now: dict[Widget, object], before: dict[Widget, object]) -> bool:
    """Every widget there before is where it was (views not looked at yet may be mounted
    meanwhile, out of sight: the session screen mounts them once it is drawn)."""
    return all(now.get(w, region) == region for w, region in before.items())


async def shown_toast(screen: Screen, pilot) -> Toast:
    await until(lambda: any(t.region.area for t in screen.query(Toast)), pilot)
    await pilot.pause()
    return next(t for t in screen.query(Toast) if t.region.area)


def hides_nothing(screen: Screen, toast: Toast) -> None:
    """The toast is on the title row and covers no widget that shows something."""
    assert toast.region.y == 0 and toast.region.height == 1, toast.region
    for widget in screen.query("*"):
        if _under_toasts(widget) or widget.children or not widget.region.area:
            continue
        assert not toast.region.overlaps(widget.region), (widget, toast.region)


@pytest.mark.parametrize("language", ["en", "nl"])
async def test_a_toast_on_the_session_screen_is_on_the_title_row(tmp_path, language):
    try:
        app, session = sessions.build(tmp_path, language, "knots")
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await sessions.opened(session)(pilot)
            screen = app.screen
            assert isinstance(screen, SessionScreen)
            before = layout(screen)
            closed = _("The member code {code} is closed: nobody joins with it any more.")
            for message, title in (
                (_("Written to {path}").format(path="/tmp/x.md"), _("Export")),
                # Too long with its title: the message alone, still on one line.
                (closed.format(code="86-nectar-zebra"), _("Invite")),
            ):
                screen.notify(message, title=title)
                toast = await shown_toast(screen, pilot)
                hides_nothing(screen, toast)
                assert same(layout(screen), before)  # nothing moved
                app.clear_notifications()
                await until(lambda: not any(t.region.area for t in screen.query(Toast)), pilot)
                assert same(layout(screen), before)
    finally:
        set_language("en")


async def test_quick_moves_through_the_dialog_leave_no_blank_rows(tmp_path):
    """F6 then Enter, three times quickly: the bars never move, and once the toasts ran out
    the screen is as it was (the rows under the title stayed blank for minutes)."""
    app, session = sessions.build(tmp_path, "en", "knots")
    app.NOTIFICATION_TIMEOUT = 1
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await sessions.opened(session)(pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        bar = screen.query_one(PhaseBar).region
        for phase in ("positions", "criteria", "options"):
            await pilot.press("f6")
            await until(lambda: isinstance(app.screen, PhaseDialog), pilot)
            await pilot.press("down", "enter")
            await until(lambda p=phase: app.screen is screen and screen.state.phase == p, pilot)
            assert screen.query_one(PhaseBar).region == bar
        await pilot.pause()
        before = layout(screen)  # the options view, a toast on the title row
        await until(lambda: not app._notifications, pilot)
        await until(lambda: not any(t.region.area for t in screen.query(Toast)), pilot)
        await pilot.pause()
        assert same(layout(screen), before)


@pytest.mark.parametrize("language", ["en", "nl"])
async def test_a_toast_hides_nothing_on_the_code_screen_or_in_a_dialog(tmp_path, language):
    """The join-code screen (its code, who is in, how long it works) and a dialog (F6) keep
    every line readable while a notification shows."""
    app = make_app(tmp_path / "anja", "Anja", language)
    try:
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await until(lambda: app.bridge is not None, pilot)
            made = await node_of(app).create_session(title="Buurt", focus="Wat doen we?")
            app.open_session(made.session)
            await until(lambda: isinstance(app.screen, SessionScreen), pilot)
            for key, kind in (("f8", InvitationScreen), ("f6", PhaseDialog)):
                if key == "f6":
                    await pilot.press("escape")
                    await until(lambda: isinstance(app.screen, SessionScreen), pilot)
                await pilot.press(key)
                await until(lambda k=kind: isinstance(app.screen, k), pilot)
                await pilot.pause()
                screen = app.screen
                before = layout(screen)
                screen.notify(_("The group is now in the phase {phase}").format(phase="Opening"))
                toast = await shown_toast(screen, pilot)
                hides_nothing(screen, toast)
                assert same(layout(screen), before)
                app.clear_notifications()
                await until(lambda s=screen: not any(t.region.area for t in s.query(Toast)), pilot)
    finally:
        set_language("en")


def _shown_words(screen: Screen) -> str:
    """The words of the toast on screen ("" between two)."""
    toast = next((t for t in screen.query(Toast) if t.region.area), None)
    return toast.render().plain if toast is not None else ""


@pytest.mark.parametrize("language", ["en", "nl"])
async def test_a_long_toast_stays_on_its_line_and_says_the_rest_next(tmp_path, language):
    """A message longer than the line wrapped over the phase bar while it showed (naive
    finding): it stays on the title row, cut with "…", and the next line of it follows when
    the first has shown its time, so the whole message is read and nothing is covered."""
    try:
        app, session = sessions.build(tmp_path, language, "knots")
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await sessions.opened(session)(pilot)
            screen = app.screen
            assert isinstance(screen, SessionScreen)
            before = layout(screen)
            message = _(
                "The group moved to {phase} while you were choosing; nothing was sent. "
                "Press F6 to choose again."
            ).format(phase=_("Positions"))
            assert len(message) > SIZE[0]
            screen.notify(message, title=_("Not sent"), timeout=2, markup=False)
            toast = await shown_toast(screen, pilot)
            hides_nothing(screen, toast)  # one line, over the title row only
            assert same(layout(screen), before)
            first = _shown_words(screen)
            assert first.endswith("…") and len(first) <= SIZE[0] - 3
            # The rest follows on the same line once the first had its time.
            await until(lambda: _shown_words(screen) != first, pilot)
            toast = await shown_toast(screen, pilot)
            hides_nothing(screen, toast)
            second = _shown_words(screen)
            assert second.startswith("…")
            said = (first[:-1] + " " + second[1:]).split()
            assert said == message.split()
            assert same(layout(screen), before)
    finally:
        set_language("en")
