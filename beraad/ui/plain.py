"""Other people's words as plain text, never as markup.

Textual and Rich parse a ``str`` given to a ``DataTable`` cell, a Rich ``Table`` cell, a
``Static``, an ``Option`` or a toast as markup. Texts in records come from any peer and may
hold ``[/]`` (which raises and breaks the screen), ``[bold red]`` (which restyles it) or
``[@click=app.quit]`` (which turns the words into a button that runs an action). So record
text reaches a widget as a ``Text``/``Content`` object, or through ``markup=False``.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.text import Text


def cell(text: str) -> Text:
    """A one-line ``DataTable`` cell that shows ``text`` exactly as typed.

    It is what the table itself makes of a ``str`` without markup in a row of height 1
    (no wrapping, no trailing newline), so only the parsing changes, not the look.
    """
    return Text(text, no_wrap=True, end="")


def clip(text: str, width: int) -> str:
    """``text`` in at most ``width`` screen cells, cut with "…" where it is wider.

    Measured in cells, as the terminal draws it, not in characters: a Chinese name takes two
    cells a character (37 characters cut "at 64" took 126 cells and pushed the ballot's
    number column off the screen), a combining accent none (``éééé`` was cut at half its
    room). The cut falls between whole characters as Rich sees them (an emoji family is
    one), so no sequence is split; a wide character that would straddle the edge goes too.
    """
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return "…"[: max(width, 0)]
    cut = set_cell_size(text, width - 1)
    if not text.startswith(cut):  # a wide character did not fit: not the space in its place
        cut = cut.rstrip(" ")
    return cut + "…"
