"""Where keys typed on the decide view's vote form go (a mixin of ``DecideView``).

One idea, the vote form's part of the key model (docs/focus.md): the reason box has the keys,
↑ ↓ there choose the response or the level the reason belongs to, ↑ ↓ on the option or the
level step it rather than open a list over the form, Enter on *Seal my vote* says how to cast
rather than tick it (naive s8 finding 11); a letter, a digit, a sign, a space or a paste on a
part of the vote form that takes no text lands in the reason box (naive s8b finding 9, attack
s9 finding 4), and the box's limit is said under the vote as one types. What the form shows
and what a cast sends stay the view's (``decide.py``).
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.widgets import Button, Checkbox, Input, RadioSet, Select

from beraad.core.consent import RESPONSES
from beraad.core.gradients import KANER_SCALE
from beraad.i18n import N_, _
from beraad.ui.parts import part
from beraad.ui.phases.base import is_typing
from beraad.ui.widgets.choice import Choices
from beraad.ui.widgets.composer import focus_now
from beraad.ui.widgets.free_text_box import FreeTextBox
from beraad.ui.widgets.vote_grid import VoteGrid
from beraad.ui.widgets.vote_notice import Notice

#: Said on Enter on *Seal my vote*, where Space ticks it (not in the reason box, where Space is
#: a space: naive s8b finding 15).
HOW_TO_SEAL = N_(
    "Space ticks or unticks Seal my vote; Ctrl+S casts your vote, with the response chosen "
    "above (↑ ↓ in the reason box) and the reason."
)

#: Words typed on *Seal my vote* or *Cast my vote* where no reason box takes them (a ballot):
#: they vanished unsaid, and each space among them ticked or unticked the seal, so whether a
#: vote was sealed hung on the number of spaces (naive s19 G3).
WORDS_ON_THE_BALLOT = N_(
    "“{typed}” was not typed: this ballot has no box for words, and a space among words does "
    "not tick Seal my vote (Space after Tab or Backspace does). Ctrl+S casts."
)

#: Said on Enter on the ballot's last row: Enter goes down a row, and never casts (only Ctrl+S
#: or *Cast my vote* do: docs/focus.md).
LAST_ROW = N_("That was the last row: Ctrl+S casts your vote; ↑ goes back to change a number.")

#: The same, with cells still empty: they would not count (naive s13 N10).
LAST_CELL_EMPTY = N_(
    "That was the last cell, and {empty} cells are still empty: they will not count for you. "
    "The arrows take you to them; Ctrl+S casts your vote."
)

#: Said when the response leaves Object with a reason in the box: the reason was the
#: objection's, and went with the agree cast next (naive s11 F7); it waits with Object.
OBJECTION_KEPT = N_(
    "Your objection's reason is kept with Object (choose Object again to get it back); "
    "this response has a reason of its own, or none."
)


class ReasonTyping:
    """The vote form's share of ``DecideView``'s keys (a mixin: it uses the view's widgets)."""

    method: str

    # The view's own, declared for the reader (DecideView defines them).
    screen: Any
    query_one: Any
    text_box: Any
    shows: Any
    _form_open: Any
    not_here: Any
    state: Any
    secrets: Any
    _my_votes: Any

    def on_radio_set_changed(self, message: RadioSet.Changed) -> None:
        """A response chosen some other way than ↑ ↓ in the reason box (Space, a click)."""
        if message.radio_set.id == "response":
            self._reason_follows()

    def _reason_follows(self) -> None:
        """Leaving Object with the reason of one's cast objection in the box, the reason is
        kept aside and the box empties, said under the vote (it went with the agree cast next,
        and the minutes read it as the agree's reason: naive s11 F7) — edited since it was
        cast too (naive s11b N7: the edited reason went out with Agree); choosing Object
        again with the box empty brings it back. Nothing typed is lost."""
        chosen = self.query_one("#response", Choices).pressed_index
        now = RESPONSES[chosen] if 0 <= chosen < len(RESPONSES) else None
        was = self.__dict__.get("_reason_of")
        self.__dict__["_reason_of"] = now
        kept: dict[str, str] = self.__dict__.setdefault("_kept_reasons", {})
        box = self.query_one("#reason", Input)
        if was == "object" and now != "object" and box.value.strip() and self._objected():
            kept["object"] = box.value
            box.value = ""
            self.query_one(Notice).inform(_(OBJECTION_KEPT))
        elif now == "object" and was != "object" and not box.value.strip() and "object" in kept:
            box.value = kept.pop("object")
            box.cursor_position = len(box.value)
            self.query_one(Notice).clear()

    def _objected(self) -> str | None:
        """The reason of my objection cast (or sealed) on the option the form is about."""
        state, option = self.state, self.query_one("#round-option", Select).value
        if state is None:
            return None
        for vote in self._my_votes(state):
            body = vote.body or self.secrets.get(vote.commitment or "", {}).get("vote")
            if (
                vote.option == option
                and isinstance(body, dict)
                and body.get("response") == "object"
            ):
                return str(body.get("reason", "")).strip() or None
        return None

    def on_vote_grid_past_last(self, message: VoteGrid.PastLast) -> None:
        """Enter on the ballot's last row: the numbers stay, and the line says how to cast."""
        message.stop()
        empty = message.control.empty_cells() if self.method == "matrix" else 0
        said = _(LAST_CELL_EMPTY).format(empty=empty) if empty else _(LAST_ROW)
        self.query_one(Notice).inform(self.not_here() or said)

    def on_key(self, event: events.Key) -> None:
        """↑ ↓ in the reason box choose the response (agree, stand aside, object) or the level
        the reason belongs to: the cursor starts in the reason, so the vote is reachable
        without leaving it (as ↑ ↓ in the position box choose the knot)."""
        if event.key == "enter" and self.screen.focused is part(self, "#seal"):
            # Tab from the response row lands here, and Enter ticked the seal where the
            # person meant to cast (naive s8 finding 11): Space ticks it, Ctrl+S casts.
            event.stop()
            event.prevent_default()
            self.query_one(Notice).inform(_(HOW_TO_SEAL))
            return
        if self._words_on_the_ballot(event):
            event.stop()
            event.prevent_default()
            return
        if self._letter_for_the_reason(event) or self._step_a_choice(event):
            event.stop()
            event.prevent_default()
            return
        if event.key not in ("up", "down") or self.screen.focused is not self.text_box():
            return
        step = 1 if event.key == "down" else -1
        if self.method == "consent":
            # at once: a second ↓ typed quickly steps from the first one's choice
            self.query_one("#response", Choices).step(step)
            self._reason_follows()  # and the reason with it, before the next key
        elif self.method == "gradients":
            level = self.query_one("#level", Select)
            levels = [value for value, _label in KANER_SCALE]
            now = level.value
            # From no level, ↑ too starts at the first: it wrapped to 8, "Block: I veto this"
            # (naive s12 P3), as ↑ from no response chose Object (``Choices.step``).
            at = levels.index(now) + step if now in levels else 0
            level.value = levels[max(0, min(len(levels) - 1, at))]
        else:
            return
        event.stop()
        event.prevent_default()

    def _words_on_the_ballot(self, event: events.Key) -> bool:
        """Words typed on *Seal my vote* or *Cast my vote* with no reason box to take them:
        not typed, and said whole under the vote; a space among them is one of them, not a
        tick of the seal ("I want to seal my vote now please" ticked it seven times, "no
        thanks" unticked it: naive s19 G3). A space that starts nothing (after Tab, after
        Backspace) still ticks the seal. Taken?"""
        focused = self.screen.focused
        typed: str = self.__dict__.get("_words_typed", "")
        self.__dict__["_words_typed"] = ""
        on_the_ballot = (
            isinstance(focused, Checkbox | Button)
            and focused.id in ("seal", "cast")
            and self._reason_for_what_is_typed() is None
        )
        if not on_the_ballot or not event.is_printable or not event.character:
            return False
        if event.key == "space" and not typed:
            return False  # the seal's own key
        typed += event.character
        self.__dict__["_words_typed"] = typed
        said = typed.strip() if len(typed) <= 40 else "…" + typed.strip()[-39:]
        self.query_one(Notice).refused(_(WORDS_ON_THE_BALLOT).format(typed=said))
        return True

    def _step_a_choice(self, event: events.Key) -> bool:
        """↑ ↓ on the option (or the level) step to the one before or after, as in the reason
        box, rather than open a list over the responses and the reason (naive s8b finding 9:
        the list hid the form, and what Ctrl+S would cast). Enter or Space opens the list."""
        focused = self.screen.focused
        if (
            event.key not in ("up", "down")
            or not isinstance(focused, Select)
            or focused.expanded
            or focused.id not in ("round-option", "level")
        ):
            return False
        values = [value for _label, value in focused._options if value is not Select.NULL]
        if not values:
            return True
        step = 1 if event.key == "down" else -1
        now = focused.value
        at = values.index(now) + step if now in values else 0  # none yet: the first
        focused.value = values[max(0, min(len(values) - 1, at))]
        return True

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

    def on_free_text_full(self, event: FreeTextBox.Full) -> None:
        """The reason stops at what its record takes, said as one types (the cast refused
        a longer one only after the fact; attack s9 finding 4)."""
        event.stop()
        event.prevent_default()  # said as a reason's, not as any box's (``PhaseView``)
        said = _("A reason holds at most {n} characters: the rest is not typed.")
        notice = self.query_one(Notice)
        if notice.message != said.format(n=event.limit):
            notice.inform(said.format(n=event.limit))
