"""Others' texts that a row cannot show as they are (attack s10 findings 1-6).

A member may sign a text of one letter with 1,999 combining accents (one cell to Rich, so no
cut in cells shortened it and every measure and wrap walked all of it on each key), tabs (Rich
counts none, a terminal jumps to its next tab stop over what an earlier frame drew), an
unclosed right-to-left override (the author's name after it read backwards), 1,998 line
breaks before its words (an empty row), or a name of 30 Chinese characters (two cells each:
an action's row lost its second puller). The real app on a real store, Pilot, 80×24; what is
asserted is counted (characters that reach a Rich measure, wraps per key) or read off the
screen's lines.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import rich.cells
from rich.cells import cell_len
from rich.text import Text
from textual.app import App, ComposeResult

from benchmarks.ui import MEMBERS, NONCE, Writer
from beraad.core import session as bodies
from beraad.ui import plain
from beraad.ui.phases.decide import DecideView
from beraad.ui.widgets import legend_line
from beraad.ui.widgets.cell_line import CellLine
from beraad.ui.widgets.vote_grid import VoteGrid
from tests.ui.stored_app import session_opened, stored_app, until

pytestmark = pytest.mark.timeout(180)

COMB = "e" + "\u0301" * 1999
ZW = "\u200b" * 1999 + "x"
TABS = "\t".join(["tab"] * 50)
RTL = "\u202e" + "desrever si siht " * 10
NEWLINES = "\n" * 1970 + "words after the breaks"
#: The most characters a cut in cells measures (``plain.MOST``).
MOST = 400
#: What a terminal doing bidi turns around until it is closed.
OPENERS = "\u202a\u202b\u202d\u202e\u2066\u2067\u2068"


def opened(line: str) -> bool:
    """Whether ``line`` leaves an embedding, override or isolate open at its end."""
    depth = 0
    for char in line:
        if char in OPENERS:
            depth += 1
        elif char in "\u202c\u2069" and depth:
            depth -= 1
    return depth > 0


def screen_lines(app: App) -> list[str]:  # type: ignore[type-arg]
    return ["".join(s.text for s in strip) for strip in app.screen._compositor.render_strips()]


def writer() -> Writer:
    w = Writer()
    w.write(
        0,
        "session.open",
        {**bodies.open_body("Speelplein", "Safer?", decision_rule="matrix"), "nonce": NONCE},
    )
    w.write(0, "member.name", bodies.name_body(MEMBERS[0]))
    for n in range(1, len(MEMBERS)):
        w.write(0, "member.admit", bodies.admit_body(w.who[n].public_key, MEMBERS[n]))
    w.write(0, "phase.move", bodies.move_body("knots"))
    return w


@pytest.fixture(scope="module")
def hostile_ballot() -> Writer:
    """Criteria and options of combining accents and zero-width spaces, in the decide phase."""
    w = writer()
    w.write(1, "knot.add", bodies.text_body("The square is unsafe at night"))
    w.write(0, "phase.move", bodies.move_body("positions"))
    w.write(0, "phase.move", bodies.move_body("criteria"))
    for i, text in enumerate([COMB[:190], ZW[-190:], "Cheap", COMB[:150] + " 4"]):
        w.write(1 + i % 4, "criterion.add", bodies.text_body(text))
    w.write(0, "phase.move", bodies.move_body("options"))
    for i, text in enumerate([COMB, ZW, "More lamps", COMB[:1990] + " 3", TABS, RTL]):
        w.write(1 + i % 4, "option.add", bodies.option_body(text))
    w.write(0, "phase.move", bodies.move_body("decide"))
    return w


async def test_no_hostile_text_reaches_a_rich_measure_whole_in_the_decide_view(
    tmp_path: Path, hostile_ballot: Writer, monkeypatch: pytest.MonkeyPatch
):
    """Rich measures a string of 512 characters or more character by character, each time
    (``rich.cells._cell_len``, not cached): opening the decide view and moving in its ballot
    measured the 2,000 characters of each such option again and again. Now none reaches it
    whole: a measure is bounded by what a line can show, not by the text."""
    measured: list[int] = []
    original = rich.cells._cell_len

    def counting(text: str, *args: object) -> int:
        measured.append(len(text))
        return original(text, *args)  # type: ignore[arg-type]

    app = stored_app(hostile_ballot, tmp_path / "anja")
    async with app.run_test(size=(80, 24)) as pilot:
        monkeypatch.setattr(rich.cells, "_cell_len", counting)
        screen = await session_opened(app, hostile_ballot.session)
        view = screen.view("decide")
        assert isinstance(view, DecideView)
        grid = view.query_one("#ballot", VoteGrid)
        await until(lambda: app.focused is grid and view.tables_built > 0)
        await pilot.pause()
        for key in ["down"] * 5 + ["up"] * 5 + ["right", "down", "down"]:
            await pilot.press(key)
        await pilot.pause()
        # at most a sentence of two cut texts (the cell line: an option and its criterion)
        assert measured and max(measured) <= 2 * MOST
        lines = screen_lines(app)
        assert not [line for line in lines if "\t" in line]
        assert not [line for line in lines if opened(line)]
        assert all(cell_len(line) == 80 for line in lines)


class OneLine(App[None]):
    def compose(self) -> ComposeResult:
        yield CellLine()


async def test_the_cell_line_wraps_only_the_new_words_each_key(monkeypatch: pytest.MonkeyPatch):
    """Each arrow key measured the cell line's old words again before its new ones: two wraps
    of a whole option a key (attack s10 finding 1). The old words' lines are remembered."""
    wraps: list[str] = []
    original = Text.wrap

    def counting(self: Text, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        wraps.append(self.plain)
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    app = OneLine()
    async with app.run_test(size=(80, 24)) as pilot:
        line = app.query_one(CellLine)
        line.say("A. " + COMB[:300])
        await pilot.pause()
        monkeypatch.setattr(Text, "wrap", counting)
        keys = ["B. More lamps", "A. " + COMB[:300]] * 5
        for words in keys:
            line.say(words)
        assert len(wraps) == len(keys)
        monkeypatch.undo()
        await pilot.pause()
        line.say("B. More lamps")  # the same width: what it knew still holds


def test_a_legend_measures_each_entry_once_not_the_line_again_per_entry(
    monkeypatch: pytest.MonkeyPatch,
):
    """``packed`` measured the growing line again for every entry: quadratic in the entries."""
    measured: list[int] = []
    monkeypatch.setattr(
        legend_line, "cell_len", lambda text: measured.append(len(text)) or cell_len(text)
    )
    entries = [f"{n} Criterion number {n}" for n in range(1, 61)]
    lines = legend_line.packed(entries, 2000)
    assert lines == ["  ".join(entries)]
    assert sum(measured) == sum(map(len, entries))


def test_a_cut_measures_at_most_its_cap_of_characters(monkeypatch: pytest.MonkeyPatch):
    measured: list[int] = []
    monkeypatch.setattr(
        plain, "cell_len", lambda text: measured.append(len(text)) or cell_len(text)
    )
    for text in (COMB, ZW, "漢" * 2000, "plain words " * 166):
        for width in (12, 70, 200):
            cut = plain.clip(text, width)
            assert cut.endswith("…") and cell_len(cut) <= width
    assert max(measured) <= MOST == plain.MOST


def test_shown_texts_have_no_tab_no_open_override_and_begin_with_words():
    for show in (lambda t: plain.clip(t, 40), plain.first_line, plain.shown):
        assert "\t" not in show(TABS)
        assert not opened(show(RTL))
        assert not opened(show("\u2067" + RTL))
    assert plain.first_line(NEWLINES) == "words after the breaks"
    assert plain.first_line("  \n\t\nwords") == "words"
    assert plain.first_line("first\nsecond") == "first"


@pytest.fixture(scope="module")
def hostile_trees() -> Writer:
    w = writer()
    knots = [
        w.write(1 + i, "knot.add", bodies.text_body(t)) for i, t in enumerate([TABS, RTL, NEWLINES])
    ]
    w.write(0, "phase.move", bodies.move_body("positions"))
    for i, knot in enumerate(knots):
        w.write(1 + i, "position.add", bodies.position_body(knot, [TABS, RTL, NEWLINES][i]))
    return w


async def test_the_trees_show_no_tab_no_open_override_and_no_empty_row(
    tmp_path: Path, hostile_trees: Writer
):
    app = stored_app(hostile_trees, tmp_path / "anja")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await session_opened(app, hostile_trees.session)
        for phase in ("knots", "positions"):
            screen.look_at(phase)
            await until(lambda: any("desrever" in line for line in screen_lines(app)))
            await pilot.pause()
            lines = screen_lines(app)
            assert not [line for line in lines if "\t" in line], phase
            assert not [line for line in lines if opened(line)], phase
            assert any("tab tab tab" in line for line in lines), phase
            assert any("words after the breaks" in line for line in lines), phase


async def test_an_actions_row_keeps_its_pullers_with_wide_names(tmp_path: Path):
    """The row's room was counted in characters: two names of 30 Chinese characters took the
    whole tail, the second puller was gone and the title cut to its least (finding 6)."""
    w = writer()
    w.write(1, "member.name", bodies.name_body("漢字" * 15))
    w.write(2, "member.name", bodies.name_body("東京" * 15))
    for phase in ("positions", "criteria", "options", "decide", "act"):
        w.write(0, "phase.move", bodies.move_body(phase))
    action = w.write(1, "action.add", bodies.action_body("Ask the council for lamps"))
    w.write(1, "action.pull", bodies.pull_body(action))
    w.write(2, "action.pull", bodies.pull_body(action))
    app = stored_app(w, tmp_path / "anja")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await session_opened(app, w.session)
        screen.look_at("act")
        await until(lambda: any("Ask the" in line for line in screen_lines(app)))
        await pilot.pause()
        (row,) = [line for line in screen_lines(app) if "Ask the" in line]
        assert "Ask the council" in row and "· open · pulled by 漢字" in row
        assert "東京" in row and cell_len(row) == 80


async def test_the_options_and_criteria_close_an_override_on_each_line(
    tmp_path: Path, hostile_ballot: Writer
):
    """The options table wraps a long option over lines beside its author: the override's
    closer came on its last line, and the first line's author read backwards."""
    app = stored_app(hostile_ballot, tmp_path / "anja")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await session_opened(app, hostile_ballot.session)
        for phase, words in (("options", "desrever"), ("criteria", "Cheap")):
            screen.look_at(phase)
            await until(lambda words=words: any(words in line for line in screen_lines(app)))
            await pilot.pause()
            if phase == "options":  # the override's row is the last: the table to its end
                await pilot.press("end")
                await until(lambda: any("desrever" in line for line in screen_lines(app)))
            lines = screen_lines(app)
            assert not [line for line in lines if "\t" in line], phase
            assert not [line for line in lines if opened(line)], phase
            assert all(cell_len(line) == 80 for line in lines), phase
