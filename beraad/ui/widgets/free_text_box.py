"""One-line boxes of free text that take only what their record will take.

A pasted reason was lost or cut without a word (attack s9 finding 4): Textual's box keeps a
paste's first line only, took 10,000 characters where the record holds 2,000 (the cast then
refused), and kept escape codes it could not show. Every box of free text (a knot, a
position, an argument, a criterion, an option, a note, an action, an evaluation, an edit, a
reason, a group's name, a title) joins a paste's lines, cleans what it takes as the core says
a typed line is cleaned (``core/typed_text``), and stops at its record's limit, saying so
while one types (``FreeText.Full``: the phase view says it under the box, other screens in a
toast; the group box says a name's 60 itself).
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.message import Message
from textual.widgets import Input

from beraad.core.schema import MAX_TEXT
from beraad.core.typed_text import closed_bidi, one_line_of
from beraad.ui.widgets.sending_input import SendingInput, StillInput


class FreeText(Input):
    """The rules of a box of free text, before an ``Input`` class in the bases: a paste keeps
    all its lines, nothing the record refuses gets in, and the limit (``max_length``, the
    record's) is said when it is reached. ``plain_line``: a name or a title, which holds no
    bidi mark at all (``schema.one_line``); other text keeps them, closed."""

    #: A name or a title (``schema.one_line``): no bidi mark or control gets in.
    plain_line: bool = False

    class Full(Message):
        """The box holds as much as its record takes: the rest was not typed."""

        def __init__(self, box: FreeText, limit: int) -> None:
            super().__init__()
            self.box = box
            self.limit = limit

        @property
        def control(self) -> FreeText:
            return self.box

    def __init__(
        self, *args: Any, max_length: int = MAX_TEXT, plain_line: bool | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, max_length=max_length, **kwargs)
        if plain_line is not None:
            self.plain_line = plain_line

    def paste(self, text: str) -> None:
        """``text`` in at the cursor (over a selection), all its lines joined."""
        selection = self.selection
        if selection.is_empty:
            self.insert_text_at_cursor(text)
        else:
            self.replace(text, *selection)

    def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()  # Textual's own would paste the first line again
        if event.text:
            self.paste(event.text)

    def replace(self, text: str, start: int, end: int) -> None:
        if not text:
            super().replace(text, start, end)
            return
        taken = one_line_of(text, bidi=not self.plain_line)
        if not taken:
            return  # only what the record refuses: nothing to type
        if not self.max_length:
            super().replace(taken, start, end)
            return
        start, end = sorted((max(0, start), min(len(self.value), end)))
        room = self.max_length - (len(self.value) - (end - start))
        if len(taken) > room:
            # what fits, its bidi controls closed within the limit too
            clipped = taken[: max(0, room)]
            while clipped and len(closed_bidi(clipped)) > room:
                clipped = clipped[:-1]
            taken = closed_bidi(clipped) if clipped else ""
            if taken:
                super().replace(taken, start, end)
            self.restricted()
            return
        super().replace(taken, start, end)

    def restricted(self) -> None:
        self.post_message(self.Full(self, self.max_length or 0))


class FreeTextBox(FreeText, StillInput):
    """A box of free text whose Enter is Textual's (a vote's reason, a title in a form)."""


class SendingFreeText(FreeText, SendingInput):
    """A box of free text whose Enter sends and empties it at once (``SendingInput``)."""
