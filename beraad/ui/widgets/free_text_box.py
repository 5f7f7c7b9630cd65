"""A one-line box of free text (a vote's reason) that takes only what its record will take.

A pasted reason was lost or cut without a word (attack s9 finding 4): Textual's box keeps a
paste's first line only, took 10,000 characters where the record holds 2,000 (the cast then
refused), and kept escape codes it could not show. This box joins a paste's lines, cleans
what it takes as the core says a typed line is cleaned (``core/typed_text``), and stops at the
record's limit, saying so while one types (as the group box does with a name's 60).
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.message import Message

from beraad.core.schema import MAX_TEXT
from beraad.core.typed_text import closed_bidi, one_line_of
from beraad.ui.widgets.sending_input import StillInput


class FreeTextBox(StillInput):
    """A free text's box: a paste keeps all its lines, nothing the record refuses gets in,
    and the limit is said when it is reached (``Full``, for the view's notice)."""

    class Full(Message):
        """The box holds as much as its record takes: the rest was not typed."""

        def __init__(self, box: FreeTextBox, limit: int) -> None:
            super().__init__()
            self.box = box
            self.limit = limit

        @property
        def control(self) -> FreeTextBox:
            return self.box

    def __init__(self, *args: Any, max_length: int = MAX_TEXT, **kwargs: Any) -> None:
        super().__init__(*args, max_length=max_length, **kwargs)

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
        taken = one_line_of(text)
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
