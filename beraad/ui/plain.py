"""Other people's words as plain text, never as markup.

Textual and Rich parse a ``str`` given to a ``DataTable`` cell, a Rich ``Table`` cell, a
``Static``, an ``Option`` or a toast as markup. Texts in records come from any peer and may
hold ``[/]`` (which raises and breaks the screen), ``[bold red]`` (which restyles it) or
``[@click=app.quit]`` (which turns the words into a button that runs an action). So record
text reaches a widget as a ``Text``/``Content`` object, or through ``markup=False``.
"""

from __future__ import annotations

from rich.text import Text


def cell(text: str) -> Text:
    """A one-line ``DataTable`` cell that shows ``text`` exactly as typed.

    It is what the table itself makes of a ``str`` without markup in a row of height 1
    (no wrapping, no trailing newline), so only the parsing changes, not the look.
    """
    return Text(text, no_wrap=True, end="")
