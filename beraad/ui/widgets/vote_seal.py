"""A checkbox whose mark is visible without colour: the "seal my vote" switch.

Textual draws a ticked and an unticked checkbox with the same X in two colours; over SSH with
``NO_COLOR`` a person could not tell whether their vote will be sealed. This one leaves the
unticked box empty (as ``Choice`` does for radio buttons).
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox

MARK = "X"


class SealBox(Checkbox):
    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = MARK if self.value else " "
        return super()._button
