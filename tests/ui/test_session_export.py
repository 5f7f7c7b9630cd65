"""Export from the command palette: minutes (Markdown, HTML) and a bundle, to a path the person
types; a path that cannot be written is said in the dialog and the typed path stays.

One real app on a real loopback node; the files are read back and the bundle is checked by
importing it into a fresh node.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Input

from beraad.export.transfer import import_bundle, slug
from beraad.i18n import _
from beraad.node import Node
from beraad.ui.screens.export_path import ExportPathScreen, default_path
from beraad.ui.screens.session import SessionScreen
from beraad.ui.widgets.field_error import FieldError
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
from tests.ui.test_session_flow import move_on, shows

pytestmark = pytest.mark.timeout(120)


def test_the_default_path_names_the_session_and_the_day():
    assert slug("Our street: 30 km/h?") == "our-street-30-km-h"
    assert slug("***") == "session"
    assert default_path("Ons plein", "html", date(2026, 5, 1)) == (
        "~/beraad-ons-plein-2026-05-01.html"
    )
    assert default_path("x", "bundle", date(2026, 5, 1)).endswith(".bundle")


def told(app) -> list[str]:
    """Every notification the person is shown from now on, kept after its toast timed out:
    under load a poll can come later than a toast's five seconds (a pause waits for the
    screen's widgets, busy mounting the views not looked at), and ``app._notifications``
    forgets an expired one. Textual's own ``notify`` still shows each toast."""
    said: list[str] = []
    shown = app.notify

    def notify(message, *args, **kwargs):  # type: ignore[no-untyped-def]
        said.append(str(message))
        return shown(message, *args, **kwargs)

    app.notify = notify
    return said


async def export_to(pilot, command: str, path: Path | str) -> ExportPathScreen:
    """Ctrl+P, the command, then the path typed over the suggested one, and Enter. What is
    typed comes as one burst of keys (``typed``), as from a fast typist or a paste: pressed one
    by one, each of a path's ~90 keys waited for an idle app (the test's longest part)."""
    app = pilot.app
    await pilot.press("ctrl+p")
    await typed(pilot, command)
    await until(lambda: command in screen_words(app), pilot)
    await pilot.press("enter")
    await until(lambda: isinstance(app.screen, ExportPathScreen), pilot)
    dialog = app.screen
    await pilot.press("ctrl+u")
    await typed(pilot, str(path), "enter")
    return dialog


async def test_export_minutes_and_bundle_from_the_palette(tmp_path: Path):
    anja = make_app(tmp_path / "anja", "Anja")
    async with anja.run_test(size=SIZE, notifications=True) as a:
        await create_in_app(a, "Our street", "How do we slow the traffic?")
        screen = session_screen(anja)
        screen.today = lambda: date(2026, 5, 1)
        await move_on(a)
        await until(lambda: screen.state.phase == "knots", a)
        # Arriving in Knots the keys are in its text box (docs/focus.md): Anja just types.
        await until(lambda: anja.focused is screen.view("knots").text_box(), a)
        await typed(a, "Cars drive too fast", "enter")
        await until(lambda: shows(anja, "knots", "Cars drive too fast — you"), a)
        assert [k.text for k in screen.state.knots.values()] == ["Cars drive too fast"]
        titles = [title for title, _help, _run in screen.palette_commands()]
        assert _("How did we decide?") not in titles  # no decision yet

        # The suggested path is in the home folder, named after the session and the day.
        await a.press("ctrl+p")
        await typed(a, "export the minutes (markdown)")
        await until(lambda: "Export the minutes (Markdown)" in screen_words(anja), a)
        await a.press("enter")
        await until(lambda: isinstance(anja.screen, ExportPathScreen), a)
        field = anja.screen.query_one("#export-path", Input)
        assert field.value == "~/beraad-our-street-2026-05-01.md"
        assert "Write it to:" in screen_words(anja)

        # A folder that does not exist: said in the dialog, nothing lost, nothing written.
        missing = tmp_path / "no-such-folder" / "minutes.md"
        await a.press("ctrl+u")
        await typed(a, str(missing), "enter")
        error = anja.screen.query_one("#export-error", FieldError)
        await until(lambda: error.message, a)
        assert error.message.startswith(f"Cannot write {missing}")
        assert isinstance(anja.screen, ExportPathScreen)
        assert field.value == str(missing)
        assert not missing.exists()

        # Fixed, it is written and the notification names the file.
        minutes = tmp_path / "minutes.md"
        said = told(anja)
        await a.press("ctrl+u")
        await typed(a, str(minutes), "enter")
        await until(lambda: isinstance(anja.screen, SessionScreen), a)
        await until(lambda: f"Written to {minutes}" in "\n".join(said), a)
        text = minutes.read_text(encoding="utf-8")
        assert "How do we slow the traffic?" in text and "Cars drive too fast" in text

        page = tmp_path / "minutes.html"
        await export_to(a, "Export the minutes (HTML)", page)
        await until(lambda: page.exists(), a)
        html = page.read_text(encoding="utf-8")
        assert html.lstrip().lower().startswith("<!doctype html") and "Cars drive too fast" in html

        bundle = tmp_path / "street.bundle"
        await export_to(a, "Export a bundle", bundle)
        await until(lambda: bundle.exists(), a)
        session = screen.session
        expected = node_of(anja).state_hash(session)

    # The bundle carries the whole session: a fresh node recomputes the same state.
    async with await Node.open(tmp_path / "fresh", host="127.0.0.1", discovery=False) as fresh:
        report = import_bundle(fresh, bundle)
        assert not report.refused and report.matches_header
        assert fresh.state_hash(session) == expected


async def test_a_folder_gets_the_suggested_name_and_a_file_there_is_not_written_over_unasked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Naive s12 P7 and P12: the USB stick's folder typed as the place was refused ("that is
    a folder, not a file"); and the name of last week's minutes typed again wrote this
    session's newsletter over them without a word. Naive s13 N6: where it went is said whole
    on the 80-column line, from ``~`` (the full path went to a second turn few saw)."""
    monkeypatch.setenv("HOME", str(tmp_path))
    anja = make_app(tmp_path / "anja", "Anja")
    stick = tmp_path / "usb"
    stick.mkdir()
    async with anja.run_test(size=SIZE, notifications=True) as a:
        await create_in_app(a, "Our street", "How do we slow the traffic?")
        screen = session_screen(anja)
        screen.today = lambda: date(2026, 5, 1)
        said = told(anja)
        await export_to(a, "Export the minutes (Markdown)", stick)
        written = stick / "beraad-our-street-2026-05-01.md"
        await until(lambda: isinstance(anja.screen, SessionScreen), a)
        whole = "Written to ~/usb/beraad-our-street-2026-05-01.md"
        await until(lambda: whole in "\n".join(said), a)
        assert any(whole in str(n.message) for n in anja._notifications)  # one line, not turns
        assert "How do we slow the traffic?" in written.read_text(encoding="utf-8")

        last_week = stick / "verslag.md"
        last_week.write_text("# Last week's minutes\n", encoding="utf-8")
        dialog = await export_to(a, "Export the minutes (HTML)", last_week)
        error = dialog.query_one("#export-error", FieldError)
        await until(lambda: "is already there" in error.message, a)
        assert anja.screen is dialog
        assert last_week.read_text(encoding="utf-8") == "# Last week's minutes\n"
        await a.press("enter")  # asked: written over
        await until(lambda: isinstance(anja.screen, SessionScreen), a)
        assert "<!doctype html" in last_week.read_text(encoding="utf-8").lower()
