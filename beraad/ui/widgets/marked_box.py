"""A checkbox whose mark is visible without colour: "Seal my vote", Act's "Internal".

Textual draws a ticked and an unticked checkbox with the same X in two colours; over SSH with
``NO_COLOR`` a person could not tell whether their vote will be sealed, and Act's unticked
"▐X▌ Internal" read as ticked (naive s13 N9). This one leaves the unticked box empty (as
``Choice`` does for radio buttons).
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox

MARK = "X"


class MarkedBox(Checkbox):
    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = MARK if self.value else " "
        return super()._button
