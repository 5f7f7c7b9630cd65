"""A one-line box whose Enter sends: it empties at once, in the order the keys came.

Cleared only after the node confirmed, a box glued what a fast typist (or a paste over SSH)
typed after Enter to the text already sent ("Eerste knoopTweede"). Two things keep them apart:
the box empties while Enter is handled, and Enter is handled in the box's own queue of keys,
not as a binding (Textual checks a widget's bindings only when the key has bubbled back up to
the app, behind the keys queued after it, so "a", Enter, "b" sent at once submitted "ab").
The text travels in ``Submitted.value``; a view that is refused gives it back only into an
empty box, else quotes it in the refusal (``composer.with_text``).
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input


class StillInput(Input):
    """A box whose keys repaint only the box, never lay the screen out again.

    Textual's ``Input`` sets its virtual size to the text's width on every change, and a
    changed virtual size asks for a layout of the whole screen: each key typed re-laid out
    every view around the box (at 5,000 contributions the knots tree and its scroll bars, most
    of a key's time). The box has no scroll bar and its own cursor scrolling reads the virtual
    size directly, so it is set quietly here; the repaint the value asks for still comes.

    Every box the app makes is one of these, and none selects its text on focus (Textual's
    default does): coming back with Shift+Tab, or the first key after the group moved, would
    select all the words and the next letter would wipe them (naive s8b finding 4)."""

    def __init__(
        self,
        value: str | None = None,
        *args: Any,
        select_on_focus: bool = False,
        suggested: bool = False,
        **kwargs: Any,
    ) -> None:
        #: A value the app offers (a default, a suggested name): selected on focus only while
        #: it is still there untouched, so typing replaces it; never the person's own words.
        self._offered = value if suggested and value else None
        super().__init__(
            value, *args, select_on_focus=select_on_focus or bool(self._offered), **kwargs
        )

    def _watch_value(self, value: str) -> None:
        if self._offered is not None:
            self.select_on_focus = value == self._offered
        self.set_reactive(Widget.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)

    def action_delete_left_all(self) -> None:
        """Ctrl+U empties the box wherever the cursor is, as every line naming it says
        ("Ctrl+U clears it"): Textual's deleted only what was left of the cursor."""
        self.delete(0, len(self.value))


class InOrderInput(StillInput):
    """Enter is handled in the order the keys came (a form whose Enter moves on or sends)."""

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            too_soon = getattr(self.screen, "enter_too_soon", None)  # the session screen's
            if too_soon is not None and too_soon(self, event.time):
                return  # pressed for what the screen showed before the group moved
            await self.action_submit()
            return
        await super()._on_key(event)


class LoneKey(Message):
    """Enter on a box that holds only a row's key, typed from its list with no row for it:
    not sent (``PhaseView`` says why)."""

    def __init__(self, box: Input, key: str) -> None:
        super().__init__()
        self.box = box
        self.key = key


@runtime_checkable
class RowKeys(Protocol):
    """A part that has keys acting on a chosen row of its list (a phase view)."""

    def is_row_key(self, text: str) -> bool: ...


def lone_key(box: Input) -> bool:
    """Does ``box`` hold only one of its view's row keys? Then Enter sends nothing and says
    so, and the key is taken out, so what is typed next is not glued on: the "s, then Enter" the
    list teaches signed an action named "s" (naive s12 K1: typed from the list with no row;
    s13 N1: typed in the box while a row was chosen below), and words typed after the
    refusal were glued on ("kWachten op…" signed as an action: s13 N2)."""
    key = getattr(box, "lone_key", None)
    if key is None or box.value != key:
        key = box.value.strip()
        view = next((node for node in box.ancestors if isinstance(node, RowKeys)), None)
        if view is None or not view.is_row_key(key):
            return False
    box.value = ""  # a key, not words: kept, it held the person in a phase left (s13b B9)
    box.post_message(LoneKey(box, key))
    return True


class TypedElsewhere(Message):
    """Enter on words a letter typed in a phase only looked at brought to this box, the
    group's: not sent this once (``PhaseView`` says where they go; Enter again sends)."""

    def __init__(self, box: Input, looked_at: str) -> None:
        super().__init__()
        self.box = box
        self.looked_at = looked_at


def typed_elsewhere(box: Input) -> bool:
    """Do ``box``'s words start with letters typed while the person looked at another phase
    (``typed_in``: F3 to Knots with the group in Positions; ``PhaseView
    .write_where_the_group_is``)? Their first Enter sends nothing and says where they go: a
    line typed looking at Knots was signed as a position (naive s12 K7). Asked once; until
    it is answered (Enter again, or Ctrl+U) nothing is added to the words (``asked``)."""
    looked_at = getattr(box, "typed_in", None)
    if looked_at is None or not box.value.strip():
        return False
    box.typed_in = None  # type: ignore[attr-defined]
    box.asked = box.value  # type: ignore[attr-defined]
    box.post_message(TypedElsewhere(box, looked_at))
    return True


class NotAdded(Message):
    """Letters typed while the question of an asking Enter (``typed_elsewhere``) is open: not
    added to the words it asked about (``PhaseView`` says so and asks again)."""

    def __init__(self, box: Input, asked: str) -> None:
        super().__init__()
        self.box = box
        self.asked = asked


class SendingInput(InOrderInput):
    """Enter sends what the box holds and empties it at once."""

    typed_in: str | None = None
    """The phase looked at when letters typed there came to this box (``typed_elsewhere``)."""

    asked: str | None = None
    """The words an asking Enter (``typed_elsewhere``) asked about, while that question is
    open: letters typed now are refused, not glued on. Anja pressed Enter once, did not read
    the question, typed her next sentence and Enter: "Het was fijnVolgende keer eerder
    beginnen" was signed as one record (naive s18 N1). Emptied, the box forgets it."""

    def _watch_value(self, value: str) -> None:
        if not value:
            self.typed_in = None  # emptied: what is typed next is typed here
            self.asked = None
        elif self.asked is not None:
            self.asked = value  # edited (Backspace): Enter still sends what it shows
        if value != self.left_with:
            self.left_with = None  # changed: the person is writing them again
        super()._watch_value(value)

    left_with: str | None = None
    """The words the box held when the group last moved (``elsewhere.mark_left``): letters
    typed onto them unchanged are refused (``PhaseView.refuses_onto_left``; naive s18 N1,
    naive s19 G1: the next sentence was glued on and signed as one record)."""

    def replace(self, text: str, start: int, end: int) -> None:
        if text and self.asked is not None:
            self.post_message(NotAdded(self, self.asked))
            return
        if text and self.left_with is not None:
            for node in self.ancestors:
                refuses = getattr(node, "refuses_onto_left", None)
                if refuses is not None:
                    if refuses(self):
                        return
                    break
        super().replace(text, start, end)

    async def action_submit(self) -> None:
        if lone_key(self) or typed_elsewhere(self):
            return
        value = self.value
        validation = self.validate(value) if "submitted" in self.validate_on else None
        if value.strip():
            self.value = ""
        self.post_message(self.Submitted(self, value, validation))
