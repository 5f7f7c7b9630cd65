"""A radio button whose mark is visible without colour (``NO_COLOR``, some SSH terminals).

Textual draws an on and an off radio button with the same dot in two colours; with colour
stripped the person cannot see which one is chosen. This one leaves the off button empty.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import RadioButton

MARK = "\u25cf"


class Choice(RadioButton):
    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = MARK if self.value else " "
        return super()._button
