"""Radio buttons: the decide view's responses (agree, stand aside, object), the start form's rule.

``Choice``: Textual draws an on and an off radio button with the same dot in two colours; with
colour stripped (``NO_COLOR``, some SSH terminals) the person cannot see which one is chosen.
This one leaves the off button empty.

``Choices``: a radio set that can be stepped from elsewhere (↑ ↓ in the reason box) at once,
and whose own ↑ ↓ choose (not only highlight: what the screen shows chosen is what counts).
Textual's set learns of a pressed button only when it handles the button's message, so a
second ↓ typed before that read the old choice and moved from there: quick ↓↓ moved one step,
and the vote cast was not the one chosen (naive s6 finding 1).
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import RadioButton, RadioSet

MARK = "\u25cf"


class Choice(RadioButton):
    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = MARK if self.value else " "
        return super()._button


class Choices(RadioSet):
    def choose(self, index: int) -> None:
        """Press the button at ``index`` now: the set, its buttons and what it reports
        (``pressed_index``) say so before the next key is read."""
        buttons = list(self.query(RadioButton))
        if not 0 <= index < len(buttons) or buttons[index] is self.pressed_button:
            return
        with self.prevent(RadioButton.Changed):  # the set is told here, not by the messages
            for at, button in enumerate(buttons):
                button.value = at == index
        self._pressed_button = buttons[index]  # what Textual's handler of that message sets
        self._selected = index
        self.post_message(self.Changed(self, buttons[index]))

    # ↓ (→) and ↑ (←) choose, as ↑ ↓ in the decide view's reason box do: Textual's set only
    # moved a highlight, which Space then ticked, and the form made the session with the rule
    # still ticked (naive s9 finding 10, "Wie brengt de groep verder"). Actions of their own:
    # Textual's set calls ``action_next_button`` as it mounts, which must choose nothing.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,right", "step(1)", show=False),
        Binding("up,left", "step(-1)", show=False),
    ]

    def action_step(self, by: int) -> None:
        self.step(by)

    def step(self, by: int) -> None:
        """One step down (``by`` 1) or up (-1) from the chosen button; none chosen: the
        first, either way. It stops at either end. ↑ from nothing chose the last, and in the
        decide view that is Object: "I agree" went out as an objection after the refusal said
        "↑ ↓ choose" (naive s12 P3); the first button is never the one that blocks."""
        count = len(self.query(RadioButton))
        at = self.pressed_index
        at = 0 if at < 0 else at + by
        self.choose(max(0, min(count - 1, at)))

    def clear(self) -> None:
        """No button pressed: a new meeting's vote starts with nothing chosen."""
        with self.prevent(RadioButton.Changed):
            for button in self.query(RadioButton):
                button.value = False
        self._pressed_button = None
