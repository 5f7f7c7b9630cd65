"""Other people's words as plain text, never as markup, and never more than the screen shows.

Textual and Rich parse a ``str`` given to a ``DataTable`` cell, a Rich ``Table`` cell, a
``Static``, an ``Option`` or a toast as markup. Texts in records come from any peer and may
hold ``[/]`` (which raises and breaks the screen), ``[bold red]`` (which restyles it) or
``[@click=app.quit]`` (which turns the words into a button that runs an action). So record
text reaches a widget as a ``Text``/``Content`` object, or through ``markup=False``.

A text in a record may also hold what a row cannot show as it is (attack s10): a tab (Rich
counts it as no cell, the terminal jumps to its next tab stop and leaves what an earlier frame
drew there), a right-to-left override left open (in a terminal that does bidi the author's
name after it reads backwards, as if someone else wrote it), or 2,000 combining marks on one
letter (one cell, so no cut in cells ever shortened it, and every measure and wrap walked all
of it on each key). ``shown``, ``clip`` and ``first_line`` are the ways a member's text
reaches the screen: each cuts it in characters before Rich measures it, turns a tab into a
space and closes what it opens. The record keeps what was signed.
"""

from __future__ import annotations

import io
import re
from functools import cache

from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.text import Text

from beraad.core.typed_text import closed_bidi

#: The most characters a row takes of a text before measuring it, as the trees always did.
FIRST_LINE = 200
#: Characters a screen cell may hold as a text is cut (a letter with its accents; Vietnamese
#: stacks two, a Tibetan stack a few): a text with more per cell is cut in characters too.
PER_CELL = 4
#: The most characters a cut in cells measures, however wide its room (``clip(text, 200)``
#: would otherwise measure 800 characters of one-cell letters).
MOST = 400

#: What ``closed_bidi`` changes: a text without any of them is left as it is, without a walk.
_BIDI_OPEN_CLOSE = re.compile("[\u202a-\u202e\u2066-\u2069]")
#: A line holding something to show (not only spaces).
_BLANK = re.compile(r"\s*")


def cell(text: str) -> Text:
    """A one-line ``DataTable`` cell that shows ``text`` exactly as typed.

    It is what the table itself makes of a ``str`` without markup in a row of height 1
    (no wrapping, no trailing newline), so only the parsing changes, not the look.
    """
    return Text(text, no_wrap=True, end="")


def _closed(text: str) -> str:
    return closed_bidi(text) if _BIDI_OPEN_CLOSE.search(text) else text


def closers(text: str) -> str:
    """What closes the bidi controls ``text`` leaves open (none: ""), for a line cut after
    its own closers were: a tree row is cut in its drawn segments, after the label."""
    return closed_bidi(text)[len(text) :] if _BIDI_OPEN_CLOSE.search(text) else ""


def closed_lines(text: Text, width: int) -> Text:
    """``text`` as the lines it wraps to at ``width``, each closing the bidi it opens: in a
    table's cell of several lines the text's own closers came on its last line, and a
    terminal doing bidi turned around the rest of the first (the author's column beside it)."""
    if width < 1 or not _BIDI_OPEN_CLOSE.search(text.plain):
        return text
    lines = text.wrap(_console(), width)
    for line in lines:
        line.append(closers(line.plain))
    return Text("\n").join(lines)


@cache
def _console() -> Console:
    """A console to wrap with, never written to (the app's own may not be there yet)."""
    return Console(file=io.StringIO(), width=1000)


def shown(text: str, limit: int | None = None) -> str:
    """``text`` as a screen shows it: its tabs as spaces, what it opens of bidi closed, and
    with ``limit`` at most that many characters (the last "…" where it was longer)."""
    if limit is not None and len(text) > limit:
        text = text[: max(limit - 1, 0)] + "…"
    return _closed(text.replace("\t", " "))


def first_line(text: str, limit: int = FIRST_LINE) -> str:
    """The first line of ``text`` that is not blank (a text may begin with line breaks: its
    row showed no words), ``shown`` in at most ``limit`` characters."""
    line = ""
    for line in text.splitlines() if text else ():
        if not _BLANK.fullmatch(line):
            break
    return shown(line, limit)


def clip(text: str, width: int) -> str:
    """``text`` in at most ``width`` screen cells, cut with "…" where it is wider.

    Measured in cells, as the terminal draws it, not in characters: a Chinese name takes two
    cells a character (37 characters cut "at 64" took 126 cells and pushed the ballot's
    number column off the screen), a combining accent none (``éééé`` was cut at half its
    room). The cut falls between whole characters as Rich sees them (an emoji family is
    one), so no sequence is split; a wide character that would straddle the edge goes too.
    Before any of that it is cut in characters (``PER_CELL`` a cell, ``MOST`` at most): a
    letter with 2,000 accents is one cell, and was measured whole on every key.
    """
    most = min(PER_CELL * max(width, 1), MOST)
    cut_short = len(text) > most
    if cut_short:
        text = text[:most]
    text = text.replace("\t", " ")
    cells = cell_len(text)
    if not cut_short and cells <= width:
        return _closed(text)
    if cut_short and cells < width:  # fewer cells than the room: only the "…" to add
        return _closed(text + "…")
    if width <= 1:
        return "…"[: max(width, 0)]
    cut = set_cell_size(text, width - 1)
    if not text.startswith(cut):  # a wide character did not fit: not the space in its place
        cut = cut.rstrip(" ")
    return _closed(cut + "…")
