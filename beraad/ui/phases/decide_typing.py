"""What is typed or pasted on the consent (or gradients) ballot's form goes into its reason.

A mixin of ``DecideView``: a letter, a digit, a sign, a space or a paste on a part of the vote
form that takes no text lands in the reason box (naive s8b finding 9, attack s9 finding 4),
and the box's limit is said under the vote as one types.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import Checkbox, Select

from beraad.i18n import _
from beraad.ui.phases.base import is_typing
from beraad.ui.widgets.choice import Choices
from beraad.ui.widgets.composer import focus_now
from beraad.ui.widgets.free_text_box import FreeTextBox
from beraad.ui.widgets.vote_grid import VoteGrid
from beraad.ui.widgets.vote_notice import Notice


class ReasonTyping:
    """The reason's share of ``DecideView``'s keys (a mixin: it uses the view's widgets)."""

    # The view's own, declared for the reader (DecideView defines them).
    screen: Any
    query_one: Any
    text_box: Any
    shows: Any
    _form_open: Any

    def _letter_for_the_reason(self, event: events.Key) -> bool:
        """A letter, digit, sign or space typed on a part of the vote form that takes no text
        (a button, the option or level, the responses, the page) goes into the reason box,
        which takes the keys: it vanished, and a space could press a button (naive s8b
        finding 9). Space on *Seal my vote* still ticks it, and Space or Enter on the
        responses choose one: they are that part's own keys, said in help."""
        if not event.is_printable or not event.character:
            return False
        box = self._reason_for_what_is_typed()
        if box is None:
            return False
        if event.key == "space" and isinstance(self.screen.focused, (Checkbox, Choices)):
            return False
        focus_now(box)
        box.insert_text_at_cursor(event.character)
        return True

    def _reason_for_what_is_typed(self) -> FreeTextBox | None:
        """The reason box, when what is typed or pasted on the part with the keys goes there:
        the form is open and that part of it takes no text."""
        if not self._form_open():
            return None
        focused = self.screen.focused
        box = self.text_box()
        if (
            not isinstance(box, FreeTextBox)
            or focused is None
            or is_typing(focused)
            or self not in focused.ancestors
            or not self.shows(box)
            or isinstance(focused, VoteGrid)
            or (isinstance(focused, Select) and focused.expanded)
        ):
            return None
        return box

    def on_paste(self, event: events.Paste) -> None:
        """A paste on a part of the form that takes no text goes into the reason box, as a
        letter typed there does: it went nowhere (attack s9 finding 4)."""
        box = self._reason_for_what_is_typed()
        if box is None and self._form_open() and self.screen.focused is self.text_box():
            box = self.text_box()  # it took the keys while this paste was on its way
        if not isinstance(box, FreeTextBox) or not event.text:
            return
        event.stop()
        focus_now(box)
        box.paste(event.text)

    def on_free_text_box_full(self, event: FreeTextBox.Full) -> None:
        """The reason stops at what its record takes, said as one types (the cast refused
        a longer one only after the fact; attack s9 finding 4)."""
        event.stop()
        said = _("A reason holds at most {n} characters: the rest is not typed.")
        notice = self.query_one(Notice)
        if notice.message != said.format(n=event.limit):
            notice.inform(said.format(n=event.limit))
