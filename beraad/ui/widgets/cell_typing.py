"""What a key typed in a grid's cell does to its number (``VoteGrid``'s keys for numbers).

Digits type a value (two digits in a row make 10 or 42), ``+`` and ``-`` step it, Backspace or
Delete clear it. A number past the range is refused (``Refused``), never silently changed: 1,
5, 0 in a 0–100 grid keeps 15 and says why, instead of becoming 0; the refused digit may begin
the next number, so 3, 1, 0 in a 0–10 grid says 31 is too high and then reads 10. A digit that
would not fit after it starts afresh and shows (5, 7, 7 reads 7, never "77 is too high", a
number nobody saw), and Backspace forgets what was pending. A letter or a decimal comma typed
on after a number is refused with all that was typed on ("7,59"). Its own module because it
is one rule, apart from how the grid is drawn and moved in (``vote_grid.py``).
"""

from __future__ import annotations

from typing import Any

from textual import events

from beraad.i18n import _

#: A decimal comma or point: the cells take whole numbers ("7,5" is refused, not 5).
DECIMAL_MARKS = frozenset(",.")


class NumberTyping:
    """Mixed into ``VoteGrid``: the digits typed so far in a cell, what was refused, and the
    keys that change a number."""

    lowest: int
    highest: int
    values: dict[str, dict[str, int]]
    refusing: str
    _typed: tuple[str, str, str] | None
    _held_back: bool
    _spoiled: tuple[str, str, str] | None
    Refused: Any
    set_value: Any
    post_message: Any
    _where: Any

    def _digit(self, row: str, column: str, digit: str) -> None:
        """A digit typed in a cell. It adds to the number typed there (1 then 0 is 10); one
        that makes it too high is said and kept back as the possible start of the next number
        (3, 1, 0 reads 10). A digit after a kept-back one that still does not fit starts
        afresh and shows: 5, 7, 7 reads 7 (it stayed 5 and said "77 is too high", and after
        Backspace 4 was "74": numbers the person never saw; naive s7 finding 3)."""
        here = self._typed is not None and self._typed[:2] == (row, column)
        typed = self._typed[2] if here and self._typed is not None else ""
        digits = typed + digit
        if typed and self._held_back and int(digits) > self.highest:
            digits = digit  # what was held back was never seen: a message must not name it
        self._held_back = False
        if int(digits) <= self.highest:
            self._typed = (row, column, digits)
            self.set_value(row, column, int(digits))
            return
        # The cell keeps its number, and the digit may begin the next one: 3, 1, 0 in a 0–10
        # cell reads 10, as the person typed it (it read 0; naive s6b H).
        fits = int(digit) <= self.highest
        self._typed = (row, column, digit) if fits else None
        self._held_back = fits
        self.post_message(
            self.Refused(
                self,
                _("{typed} is too high: type a number from {lowest} to {highest}.").format(
                    typed=int(digits), lowest=self.lowest, highest=self.highest
                ),
            )
        )

    #: Keys that step a number or clear it: never part of a number typed on.
    STEPS = frozenset(("plus", "equals_sign", "minus", "underscore", "backspace", "delete"))

    def _spoiling(self, row: str, column: str, event: events.Key) -> bool:
        """A number typed on with a letter or another character that is no digit: "8O" (a
        letter O) read 8 without a word (naive s12 P14), "7,5" read 5 (naive s13 N10). The
        character is refused and said, with the rest of what is typed on after it: a 9
        typed right after "7,5" was dropped without a word (naive s13b B5), now the line
        says "7,59"; the cell keeps its number; Backspace drops what was refused (8O,
        Backspace, 0 reads 80), Enter or an arrow is done with it."""
        char = event.character
        spoiled = self._spoiled if self._spoiled and self._spoiled[:2] == (row, column) else None
        if spoiled is not None and event.key in ("backspace", "delete"):
            self._spoiled = None
            return True
        printable = char is not None and char.isprintable() and not char.isspace()
        if not printable or event.key in self.STEPS:
            self._spoiled = None
            return False
        assert char is not None
        if spoiled is not None:
            self._spoil(row, column, spoiled[2] + char)
            return True
        typing = self._typed is not None and self._typed[:2] == (row, column)
        kept = self.values.get(row, {}).get(column)
        if char in DECIMAL_MARKS:
            # The number it follows: the digits typed so far, else the cell's number.
            before = self._typed[2] if typing and self._typed is not None else ""
            if not before or self._held_back:
                before = "" if kept is None else str(kept)
            self._spoil(row, column, before + char)
            return True
        if not typing or self._held_back or char.isdigit() or self._typed is None:
            return False
        self._spoil(row, column, self._typed[2] + char)
        return True

    def _spoil(self, row: str, column: str, typed: str) -> None:
        self._spoiled = (row, column, typed)
        kept = self.values.get(row, {}).get(column)
        fraction = any(mark in typed for mark in DECIMAL_MARKS)
        if fraction and kept is not None:
            said = _("Whole numbers only: the cell keeps {kept}, not {typed}.")
        elif fraction:
            said = _("Whole numbers only: not {typed}; type a number from {lowest} to {highest}.")
        else:
            said = _("{typed} is not a number: type digits only, from {lowest} to {highest}.")
        said = said.format(typed=typed, kept=kept, lowest=self.lowest, highest=self.highest)
        if kept is not None:
            back = (
                _("Backspace takes back what was refused.")
                if fraction
                else _("It stays {kept}; Backspace takes back what was refused.").format(kept=kept)
            )
            said += " " + back
        self.post_message(self.Refused(self, said))

    def _number_key(self, event: events.Key) -> None:
        """A key in the cell under the cursor: a digit, a step, a clear, or one refused."""
        where = self._where()
        if where is None:
            self._typed = None
            return
        row, column = where
        current = self.values.get(row, {}).get(column)
        digit = event.character is not None and event.character.isdigit()
        changes = digit or event.key in self.STEPS or event.character in DECIMAL_MARKS
        if changes and self.refusing:
            self._typed = None
            event.stop()
            event.prevent_default()
            self.post_message(self.Refused(self, self.refusing))
            return
        if self._spoiling(row, column, event):
            event.stop()
            event.prevent_default()
            return
        if event.character is not None and event.character.isdigit():
            self._digit(row, column, event.character)
        elif event.key in ("plus", "equals_sign"):
            self._typed = None  # a digit after a step begins a new number: none unseen
            start = max(self.lowest, 1)  # "+" on an empty cell gives the first real amount
            self.set_value(row, column, start if current is None else current + 1)
        elif event.key in ("minus", "underscore"):
            self._typed = None
            self.set_value(row, column, self.lowest if current is None else current - 1)
        elif event.key in ("backspace", "delete"):
            # Starts afresh: a refused digit kept back made 4 read "74 is too high" (naive s7 3).
            self._typed = None
            self.set_value(row, column, None)
        else:
            self._typed = None
            return
        event.stop()
        event.prevent_default()
