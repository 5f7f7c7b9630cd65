"""The consent ballot's reason box after attack s9 (finding 4): a pasted reason was lost or cut
without a word. The real app (a real node, its store and signatures) at 80×24, driven by keys
and by the paste a terminal sends."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Button, Checkbox, Input

from beraad.core.schema import MAX_TEXT
from beraad.core.typed_text import one_line_of
from beraad.i18n import _
from beraad.ui.phases.decide import DecideView
from tests.ui import session_people as people
from tests.ui.phases_app import SIZE

pytestmark = pytest.mark.timeout(120)


async def _at_the_reason(pilot):
    screen = await people.at_decide_with(pilot, "consent", ["Youth club", "New benches"])
    view = screen.query_one(DecideView)
    await people.until(lambda: bool(view.query("#reason")), pilot)
    reason = view.query_one("#reason", Input)
    await people.until(lambda: screen.focused is reason, pilot)
    await pilot.press("down")  # agree
    return screen, view, reason


def _cast(screen) -> dict:
    votes = screen.node.state(screen.session).votes.get("consent.respond") or {}
    return next(iter(votes.values())).body if votes else {}


async def test_a_paste_on_the_seal_or_cast_button_goes_into_the_reason_all_its_lines(tmp_path):
    """A paste while *Seal my vote* or *Cast my vote* had the keys went nowhere, and a paste of
    several lines kept its first line only: it lands in the reason box, as typed letters do,
    its lines joined by a space, and is cast whole."""
    app = people.make_app(tmp_path / "anja", "Anja")
    async with app.run_test(size=SIZE) as pilot:
        screen, view, reason = await _at_the_reason(pilot)
        await pilot.press("tab")
        seal = view.query_one("#seal", Checkbox)
        assert screen.focused is seal
        app.post_message(events.Paste("Too costly\r\nfor the\n \nclub\n"))  # as a terminal sends
        await people.until(lambda: reason.value == "Too costly for the club", pilot)
        assert screen.focused is reason and not seal.value

        await pilot.press("tab", "tab")
        assert screen.focused is view.query_one("#cast", Button)
        app.post_message(events.Paste(" this year\nand next"))
        await people.until(
            lambda: reason.value == "Too costly for the club this year and next", pilot
        )
        assert screen.focused is reason and not _cast(screen)
        await pilot.press("ctrl+s")
        await people.until(lambda: bool(_cast(screen)), pilot)
        assert _cast(screen)["reason"] == "Too costly for the club this year and next"


async def test_the_reason_stops_at_its_limit_and_says_so_as_one_types(tmp_path, language):
    """The box took 10,011 characters and only the cast said a reason holds 2,000: it stops
    there, says so under it, and what it holds is cast."""
    app = people.make_app(tmp_path / "anja", "Anja")
    async with app.run_test(size=SIZE) as pilot:
        screen, _view, reason = await _at_the_reason(pilot)
        app.post_message(events.Paste("ñ" * 10_000 + " end"))
        await people.until(lambda: len(reason.value) == MAX_TEXT, pilot)
        said = _("A reason holds at most {n} characters: the rest is not typed.").format(n=MAX_TEXT)
        await people.until(lambda: said in people.screen_words(app), pilot)
        await pilot.press("x")  # a letter past the limit: not typed, said as before
        assert len(reason.value) == MAX_TEXT
        await pilot.press("ctrl+s")
        await people.until(lambda: bool(_cast(screen)), pilot)
        assert _cast(screen)["reason"] == "ñ" * MAX_TEXT


async def test_controls_never_sit_in_the_reason_and_an_override_closes_where_it_was_pasted(
    tmp_path,
):
    """Escape, bell and tab sat invisibly in the box and the cast was refused for "control
    characters" the person could not find; an unbalanced right-to-left override was cast and
    turned around what followed it. The box drops what the record refuses (a tab is a
    space), and a paste closes what it opens, so the vote goes in."""
    app = people.make_app(tmp_path / "anja", "Anja")
    async with app.run_test(size=SIZE) as pilot:
        screen, _view, reason = await _at_the_reason(pilot)
        app.post_message(events.Paste("A\x1b[31mred\x07 \u202eevil\t\x00\x7f\x9b"))
        await people.until(lambda: reason.value.startswith("A[31mred"), pilot)
        assert reason.value == "A[31mred \u202eevil \u202c"
        await pilot.press("space", "o", "k")  # typed after the paste: not turned around
        assert reason.value == "A[31mred \u202eevil \u202c ok"
        await pilot.press("ctrl+s")
        await people.until(lambda: bool(_cast(screen)), pilot)
        assert _cast(screen)["reason"] == "A[31mred \u202eevil \u202c ok"


def test_a_line_of_free_text_as_the_core_cleans_it():
    """One rule for a box's free text (``core/typed_text``): lines joined, controls gone, bidi
    closed; what it gives passes the record's text check."""
    from beraad.core.schema import text

    assert one_line_of("a\r\n\n b \n") == "a b"
    assert one_line_of(" a \n\tb ") == " a b "
    assert one_line_of("x\ty\x1b\x85") == "x y"
    assert one_line_of("ok \u202eevil\u2069 fine") == "ok \u202eevil\ufffd fine\u202c"
    assert one_line_of("\u2067rtl") == "\u2067rtl\u2069"
    text()(one_line_of("A\x1b[31m\x07\u202e\x00\x7f\x9f\u0085 z"), "reason")
