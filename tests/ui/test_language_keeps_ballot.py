"""A language switch keeps the ballot as the person left it: numbers typed and not cast, the
"not cast yet" line, the cursor and the scroll (attack s7ui finding 2: the recomposed ballot
came back empty, or with the cast numbers again, at its top with the cursor on the first row,
although ``relabel`` says it keeps what was typed). The real app and node, Pilot at 80×24."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from beraad.i18n import _, set_language
from beraad.ui.screens.session import SessionScreen
from beraad.ui.widgets.vote_grid import VoteGrid
from tests.ui.session_people import at_decide_with, make_app, screen_words, until

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(autouse=True)
def _english_after():
    yield
    set_language("en")


async def ballot_of_twenty(pilot: Pilot, decision: str) -> tuple[SessionScreen, VoteGrid]:
    """Anja's session walked to decide under ``decision`` with 20 options; the ballot as a
    person sees it: its rows drawn and the keys on it."""
    screen = await at_decide_with(pilot, decision, [f"Option {n}" for n in range(1, 21)])
    # The view is still mounting a moment after the move (nothing shows, the screen holds
    # the keys): a grid focused then had no rows, and the "1" typed into it was lost.
    grid = screen.query_one("#ballot", VoteGrid)
    await until(lambda: grid.row_count == 20 and screen.focused is grid, pilot)
    return screen, grid


async def switched(pilot: Pilot, screen: SessionScreen, grid: VoteGrid) -> VoteGrid:
    """Dutch now, as Ctrl+P → Language does; the ballot new from the recompose."""
    await pilot.app.switch_language("nl", save=False)  # type: ignore[attr-defined]
    await until(lambda: screen.query("#ballot") and screen.query_one("#ballot") is not grid, pilot)
    return screen.query_one("#ballot", VoteGrid)


async def test_a_language_switch_keeps_the_numbers_typed_and_the_ballots_place(tmp_path: Path):
    app = make_app(tmp_path / "anja", "Anja")
    async with app.run_test(size=(80, 24)) as pilot:
        screen, grid = await ballot_of_twenty(pilot, "dots")
        node, session = screen.node, screen.session
        await pilot.press("1", "ctrl+s")  # cast one dot on the first option
        me = node.identity.public_key
        await until(lambda: me in node.state(session).votes.get("dots.place", {}), pilot)
        await pilot.press(*["down"] * 15, "2")  # and one more, not cast
        await until(lambda: grid.dirty and grid.scroll_y > 0, pilot)
        typed = {row: dict(cells) for row, cells in grid.values.items()}
        place = (grid.cursor_coordinate, grid.scroll_y)
        uncast_text = (
            "Your vote is in, but the numbers you changed since are not cast yet: "
            "Ctrl+S casts them."
        )
        await until(lambda: _(uncast_text) in screen_words(app), pilot)

        again = await switched(pilot, screen, grid)
        assert again.values == typed and again.dirty
        await until(lambda: (again.cursor_coordinate, again.scroll_y) == place, pilot)
        assert "2" in "".join(
            segment.text
            for segment in again.render_line(again.cursor_row + 1 - round(again.scroll_y))
        )
        view = screen.view("decide")
        assert view._uncast_said
        # The "not cast yet" line shows, whole: in Dutch at 80×24 the how-to takes two lines
        # and it sat below the screen.
        await until(lambda: _(uncast_text) in screen_words(app), pilot)
        assert app._exception is None


async def test_a_digit_held_as_the_start_of_the_next_number_stays_held_across_a_switch(
    tmp_path: Path,
):
    """3, 1 in a rank from 1 to 20 says 31 is too high and holds the 1 as the start of the
    next number; the switch to Dutch came between, and the 5 after it read 5, not 15."""
    app = make_app(tmp_path / "anja", "Anja")
    async with app.run_test(size=(80, 24)) as pilot:
        screen, grid = await ballot_of_twenty(pilot, "schulze")
        first = grid._shape[0][0]  # the row the cursor is on
        await pilot.press("3", "1")
        await until(lambda: grid.values.get(first, {}).get("rank") == 3, pilot)
        again = await switched(pilot, screen, grid)
        await until(lambda: again.values.get(first, {}).get("rank") == 3, pilot)
        await pilot.press("5")
        await until(lambda: again.values.get(first, {}).get("rank") != 3, pilot)
        assert again.values[first]["rank"] == 15
        assert app._exception is None


async def test_every_frame_of_a_switch_shows_the_numbers_not_cast_the_cursor_and_their_line(
    tmp_path: Path,
):
    """Naive s10 finding 2: the frames painted while the switch rebuilt the screen showed the
    views empty, then the ballot with the cast numbers, the cursor on the first row and "Your
    vote is in", as if the numbers typed were gone; a second or two later it was right. Now
    nothing is painted until the screen holds them again: each frame from the switch on shows
    the typed number, the cursor's row and the line saying the numbers are not cast yet."""
    app = make_app(tmp_path / "anja", "Anja")
    async with app.run_test(size=(80, 24)) as pilot:
        screen, grid = await ballot_of_twenty(pilot, "dots")
        node, session = screen.node, screen.session
        await pilot.press("1", "ctrl+s")
        me = node.identity.public_key
        await until(lambda: me in node.state(session).votes.get("dots.place", {}), pilot)
        await pilot.press("down", "down", "down", "2")  # one more dot, not cast
        row = grid._shape[0][3]
        await until(lambda: grid.values.get(row) == {"dots": 2}, pilot)
        uncast = "the numbers you changed since are not cast yet"
        await until(lambda: _(uncast) in screen_words(app), pilot)

        frames: list[tuple[int, str | None, int, str]] = []
        paint = screen._compositor_refresh

        def painted() -> None:
            paint()
            ballot = screen.query("#ballot")
            if not ballot:
                frames.append((0, None, -1, ""))
                return
            shown = ballot.first(VoteGrid)
            line = str(screen.query_one("#my-vote").render())
            frames.append(
                (shown.row_count, shown._drawn.get((row, "dots")), shown.cursor_row, line)
            )

        screen._compositor_refresh = painted  # type: ignore[method-assign]
        again = await switched(pilot, screen, grid)
        await until(lambda: again.cursor_row == 3 and frames, pilot)
        set_language("nl")
        said = _(
            "Your vote is in, but the numbers you changed since are not cast yet: "
            "Ctrl+S casts them."
        )
        assert frames and all(f == (20, "2", 3, said) for f in frames), frames
        assert app._exception is None
