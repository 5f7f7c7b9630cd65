"""Positions: with a position chosen in the list, the footer offers + and − (an argument for or
against it) beside a, and the detail names the row's other keys (naive s11 F2: the footer
showed only "a Position", and F1's first page said the footer shows the row's keys). At 80×24,
English and Dutch, real app and node (the buurt session in Positions)."""

from __future__ import annotations

import pytest

from beraad.i18n import _
from beraad.ui.widgets.item_tree import ItemTree
from tests.ui.bounded import press_until
from tests.ui.burst import burst
from tests.ui.phases_app import until
from tests.ui.test_footer_help import bottom_row, buurt_at_80, footer_shows
from tests.ui.test_session_flow import screen_text

pytestmark = pytest.mark.timeout(120)


def on(tree: ItemTree, kind: str) -> bool:
    return tree.current is not None and tree.current.kind == kind


@pytest.mark.parametrize("language", ["en", "nl"])
async def test_a_chosen_position_offers_for_and_against_in_the_footer(
    tmp_path, monkeypatch, language
):
    async with buurt_at_80(tmp_path, monkeypatch, language, "positions") as (pilot, screen):
        app = pilot.app
        for_key, against = f"+ {_('For')}", f"− {_('Against')}"
        assert for_key not in bottom_row(app)  # in the box, + is text
        await pilot.press("tab")
        tree = screen.query_one("#positions-tree", ItemTree)
        await until(pilot, lambda: app.focused is tree)
        await press_until(pilot, "down", lambda: on(tree, "position"), "a position's row")
        row = await footer_shows(pilot, against)
        assert for_key in row and against in row, row
        assert row.startswith(f"f1 {_('Help')}") and f"f6 {_('Move on')}" in row, row
        # The row's other keys, which have no room there, are said on the row.
        await until(pilot, lambda: f"n {_('Experience')}" in screen_text(app))
        # − proposes, as every key on the row; Enter opens the argument's box (naive s12 K4)
        await pilot.press("minus")
        await until(pilot, lambda: f"⏎ {_('Do it')}" in bottom_row(app))
        assert _("Argument against:") not in screen_text(app)
        await pilot.press("enter")
        await until(pilot, lambda: _("Argument against:") in screen_text(app))
        # Sent, the box has the keys again with the row still chosen: + and − are text
        # there, so the footer no longer offers them (naive s11b N5: it did, and "-"
        # went into the position box).
        burst(pilot.app, "Too loud")
        await pilot.press("enter")
        await until(pilot, lambda: "Too loud" in screen_text(app))
        view = screen.query_one("PositionsView")
        await until(pilot, lambda: app.focused is view.composer.input)
        await until(pilot, lambda: against not in bottom_row(app))
        assert for_key not in bottom_row(app)


async def test_the_refusal_asking_for_a_knot_goes_once_one_is_chosen(tmp_path, monkeypatch):
    """Naive s11 F-minor-3: "Refused: Choose the knot your position is about with ↑ ↓" stayed
    under the box after ↑ had chosen one, until the next Enter."""
    from beraad.ui.widgets.vote_notice import Notice

    async with buurt_at_80(tmp_path, monkeypatch, "en", "positions") as (pilot, screen):
        view = screen.query_one("PositionsView")
        tree = view.query_one("#positions-tree", ItemTree)
        assert tree.current is None
        await pilot.press(*"Bumps", "enter")
        notice = view.query_one(Notice)
        await until(pilot, lambda: "Choose the knot" in notice.message)
        await pilot.press("up")
        await until(pilot, lambda: tree.current is not None)
        await until(pilot, lambda: notice.message == "")
        assert view.composer.input.value == "Bumps"  # the words stay, to send with Enter


async def test_n_on_a_chosen_knot_proposes_and_a_typed_word_keeps_its_n(tmp_path, monkeypatch):
    """Naive s13 N15: on a chosen knot "nee, dat klopt niet" became the experience note "ee,
    dat klopt niet" (n acted at once and ate its letter). n, k propose like the row's keys:
    typed on, the words go whole to the box; n then Enter writes the experience."""
    async with buurt_at_80(tmp_path, monkeypatch, "en", "positions") as (pilot, screen):
        app = pilot.app
        view = screen.query_one("PositionsView")
        tree = view.query_one("#positions-tree", ItemTree)
        box = view.composer.input
        await pilot.press("tab")
        await until(pilot, lambda: app.focused is tree)
        await press_until(pilot, "down", lambda: on(tree, "knot"), "a knot's row")
        await pilot.press(*"no, that is wrong")
        await until(pilot, lambda: box.value == "no, that is wrong")
        assert view.composer.mode != "note"
        box.value = ""
        await pilot.press("tab")
        await until(pilot, lambda: app.focused is tree)
        await press_until(pilot, "down", lambda: on(tree, "knot"), "a knot's row")
        await pilot.press("n")
        await until(pilot, lambda: "Write your experience with" in screen_text(app))
        assert view.composer.mode != "note"
        await pilot.press("enter")
        await until(pilot, lambda: view.composer.mode == "note")
        assert _("Your experience:") in screen_text(app)


async def test_a_lone_key_typed_in_the_position_box_is_not_a_position(tmp_path, monkeypatch):
    """Naive s13b B1: a knot chosen, `k` then Enter signed a position "k", and `+` then Enter
    a position "+" (the symbol's binding is named "plus"; `k` opens a note at once, no row
    key): each is one of the view's keys, refused and taken out of the box."""
    from beraad.ui.widgets.vote_notice import Notice

    async with buurt_at_80(tmp_path, monkeypatch, "en", "positions") as (pilot, screen):
        view = screen.query_one("PositionsView")
        notice = view.query_one(Notice)
        await pilot.press("up")
        box = view.composer.input
        before = len(screen.state.positions)
        for key in ("k", "plus"):
            await pilot.press(key, "enter")
            await until(pilot, lambda: "is a key for a row" in notice.message)
            assert box.value == "" and len(screen.state.positions) == before
            notice.clear()
        burst(pilot.app, "Too loud")
        await pilot.press("enter")
        await until(pilot, lambda: len(screen.state.positions) == before + 1)
