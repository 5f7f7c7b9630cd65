"""One line to write in: a prompt that says what Enter will do, and the text being written.

A phase view keeps one composer and switches its mode (a new knot, an edit, an argument for…);
the composer posts ``Written`` on Enter and ``Cancelled`` on Escape (back to the default mode, the
focus stays) and never contributes itself.
What the person typed survives every redraw of the view around it. Enter empties the box and
returns it to the default mode at once, while it handles the key: the keys a fast typist (or
a paste over SSH) sends after Enter are the next contribution, never glued to this one. What
went is kept in ``Written.sent`` so a refusal can give it back (``give_back``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label

from beraad.core.in_play import room_for
from beraad.core.state import SessionState
from beraad.i18n import _, anew
from beraad.ui.widgets.free_text_box import SendingFreeText
from beraad.ui.widgets.sending_input import lone_key, typed_elsewhere
from beraad.ui.widgets.unchanged import update
from beraad.ui.widgets.vote_notice import Unsent


def focus_now(widget: Widget) -> None:
    """Focus at once rather than after the keys already queued: what a fast typist types
    right after the key that opened the input must land in it."""
    widget.screen.set_focus(widget)


def fill(box: Input, text: str) -> None:
    """Put ``text`` in ``box`` with the cursor after it: Textual puts the cursor at the end
    only the first time a box gets a value, so a box used before kept its cursor at 0 and
    the words typed next went in front of the old text (naive s6 finding 5)."""
    box.value = text
    box.cursor_position = len(text)


def give_back_words(box: Input, text: str, given_upto: int) -> int | None:
    """Put refused ``text`` back in ``box``: after what was given back before (its first
    ``given_upto`` characters), in front of the words typed since, in the order typed; the
    cursor stays on the letter it was on. A burst of lines refused had kept only its last,
    the others quoted in a refusal the next one replaced (naive s12 P0). How far the words
    given back now reach, or None with no room for both (the caller quotes ``text``)."""
    value, cursor = box.value, box.cursor_position
    upto = min(given_upto, len(value))
    older, newer = value[:upto].rstrip(), value[upto:].lstrip()
    head = " ".join(part for part in (older, text) if part)
    merged = " ".join(part for part in (head, newer) if part)
    if box.max_length and len(merged) > box.max_length:
        return None
    box.value = merged
    moved = cursor + len(merged) - len(value) if cursor >= upto else cursor
    box.cursor_position = max(0, min(len(merged), moved))
    return len(head)


@dataclass(frozen=True)
class Sent:
    """What the composer held when Enter sent it: enough to give it back on a refusal."""

    mode: str
    target: Any
    prompt: str
    text: str
    allow_empty: bool
    placeholder: str


class _Box(SendingFreeText):
    """The composer's input: Enter hands the text over while the key is handled, before the
    keys queued behind it (``widgets/sending_input.py``). A knot, a position, an argument, a
    note, an action, an edit or a reason: each record holds 2,000 characters of free text
    (``kinds.py``), and the box takes a paste as such (``free_text_box``)."""

    #: The box ends with words given back after a refusal, a line the person ended with
    #: Enter: the next letter typed at its end starts a new word, not glued onto the last.
    line_ended = False

    async def action_submit(self) -> None:
        if lone_key(self) or typed_elsewhere(self):
            return
        composer = self.parent
        if isinstance(composer, Composer):
            composer.enter(self.value)

    def replace(self, text: str, start: int, end: int) -> None:
        value = self.value
        if (
            self.line_ended
            and text
            and start == end == len(value)
            and value
            and not value[-1].isspace()
            and not text[0].isspace()
        ):
            text = " " + text
        self.line_ended = False
        super().replace(text, start, end)


def no_room(state: SessionState | None, table: str) -> str | None:
    """The fold's words for refusing one more option or criterion (``in_play.py``), in the
    person's language, while the session is at its cap: said before anyone types one."""
    full = None if state is None else room_for(state, table)
    if full is None:
        return None
    template, count = full
    return _(template).format(count=count)


def with_text(message: str, text: str) -> str:
    """A refusal that quotes the words it refused: the box already holds newer ones."""
    if not text:
        return message
    said = _("{reason} Not added: “{text}”").format(reason=message, text=text)
    return Unsent(said) if isinstance(message, Unsent) else said


class Composer(Horizontal):
    DEFAULT_CSS = """
    Composer { height: 1; }
    Composer Label { width: auto; max-width: 45%; padding: 0 1 0 0; text-style: bold;
                     text-wrap: nowrap; text-overflow: ellipsis; }
    Composer Input { width: 1fr; }
    """
    BINDINGS = [Binding("escape", "cancel", show=False)]

    class Written(Message):
        """Enter with text: ``mode`` and ``target`` are what the view set before."""

        def __init__(self, composer: Composer, sent: Sent) -> None:
            super().__init__()
            self.composer = composer
            self.sent = sent
            self.mode = sent.mode
            self.target = sent.target
            self.text = sent.text

        @property
        def control(self) -> Composer:
            return self.composer

    class Cancelled(Message):
        def __init__(self, composer: Composer) -> None:
            super().__init__()
            self.composer = composer

        @property
        def control(self) -> Composer:
            return self.composer

    def __init__(
        self, prompt: str, mode: str, *, input_id: str, placeholder: str = "", **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.default_prompt = prompt
        self.default_mode = mode
        self.default_placeholder = placeholder
        self.mode = mode
        self.target: Any = None
        self.allow_empty = False
        #: How much of the box, from its start, is words given back after a refusal (older
        #: than what was typed since): the next words given back go after them.
        self._given_upto = 0
        self._input_id = input_id
        self._prompt = prompt
        self._writing = False

    def compose(self) -> ComposeResult:
        # A prompt may quote a knot (“Position on …:”): other people's words, never markup.
        yield Label(self._label_text(), markup=False)
        # No select-on-focus: a key that brings the person here (a letter typed into a list)
        # is already in the box, and the next key must not replace it.
        yield _Box(
            placeholder=self.default_placeholder,
            id=self._input_id,
            compact=True,
            select_on_focus=False,
        )

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    @property
    def value(self) -> str:
        return self.input.value

    def start(
        self,
        mode: str,
        prompt: str,
        *,
        target: Any = None,
        text: str = "",
        allow_empty: bool = False,
        placeholder: str = "",
    ) -> None:
        """Ask for one text (an edit, a reason, an argument), then focus the input."""
        self.mode, self.target, self.allow_empty = mode, target, allow_empty
        self._set_prompt(prompt)
        self.input.placeholder = placeholder
        fill(self.input, text)
        focus_now(self.input)

    def reset(self) -> None:
        """Back to the default mode, with an empty input."""
        self.mode, self.target, self.allow_empty = self.default_mode, None, False
        self._set_prompt(self.default_prompt)
        self.input.placeholder = self.default_placeholder
        self.input.value = ""
        self._given_upto = 0

    def relabel(self, prompt: str, placeholder: str = "") -> None:
        """A new default prompt (language switch); a mode in progress keeps its own."""
        self.default_prompt, self.default_placeholder = prompt, placeholder
        if self.mode == self.default_mode:
            self._set_prompt(prompt)
            for box in self.query(Input).results(Input):  # none while not composed
                box.placeholder = placeholder

    def _label_text(self) -> str:
        # A visible mark while the person writes here, also without colour (NO_COLOR, tmux).
        return f"✎ {self._prompt}" if self._writing else self._prompt

    def _set_prompt(self, prompt: str) -> None:
        self._prompt = prompt
        # Not composed yet (its view mounts in the background) or being taken down: the label
        # is made from ``_prompt`` when it is composed, so nothing is lost.
        for label in self.query(Label).results(Label):
            update(label, self._label_text())

    def on_descendant_focus(self) -> None:
        self._writing = True
        for label in self.query(Label).results(Label):
            label.update(self._label_text())

    def on_descendant_blur(self) -> None:
        self._writing = False
        for label in self.query(Label).results(Label):
            label.update(self._label_text())

    def enter(self, value: str) -> None:
        """Enter: the text goes, the box is empty and back in the default mode at once."""
        text = value.strip()
        if not text and not self.allow_empty:
            return
        sent = Sent(
            self.mode, self.target, self._prompt, text, self.allow_empty, self.input.placeholder
        )
        self.reset()
        self.post_message(self.Written(self, sent))

    def is_free(self) -> bool:
        """Empty and asking nothing: what was sent may come back into it."""
        return self.value == "" and self.mode == self.default_mode

    def give_back(self, sent: Sent) -> bool:
        """Put refused words back where they were typed. With words typed since (in the box
        asking the same), they go in front of those, after any given back before, in the
        order typed: only one was put back, the others quoted in a refusal the next one
        replaced, and a burst of lines refused kept only its last (naive s12 P0). With the box
        asking something else now, or no room for both, False: the caller quotes them."""
        if self.is_free():
            self.mode, self.target, self.allow_empty = sent.mode, sent.target, sent.allow_empty
            self._set_prompt(sent.prompt)
            self.input.placeholder = sent.placeholder
            fill(self.input, sent.text)  # the focus stays where the person is
            self._given_upto = len(sent.text)
            self.input.line_ended = True
            return True
        if (self.mode, self.target) != (sent.mode, sent.target):
            return False
        box = self.input
        given = give_back_words(box, sent.text, self._given_upto)
        if given is None:
            return False  # more than one record holds (a paste too long): quoted instead
        self._given_upto = given
        box.line_ended = given == len(box.value)  # nothing typed since: the line ends here
        return True

    def asking(self) -> Sent | None:
        """What the box is asked for (an edit of which record, a note of which kind…), or
        None in the default mode: a language switch composes the composer anew and gives it
        back (``take_back``), so Enter after it does what it would have done before (naive
        s17 F3: a rename typed was signed as a new group, a note became a position)."""
        if self.mode == self.default_mode:
            return None
        return Sent(
            self.mode,
            self.target,
            self._prompt,
            "",
            self.allow_empty,
            self.input.placeholder,
        )

    def take_back(self, asked: Sent) -> None:
        """The box asks again what ``asked`` held, in the new language where its words are
        known; the words typed and the focus are the switch's (``_restore``)."""
        self.mode, self.target, self.allow_empty = asked.mode, asked.target, asked.allow_empty
        self._set_prompt(anew(asked.prompt))
        self.input.placeholder = anew(asked.placeholder)

    def action_cancel(self) -> None:
        """Escape stops what the box was asked for (an edit, a reason…) and keeps the focus
        here; in the default mode nothing was asked, so it keeps the text too: a person who
        presses Escape and types on must not find the sentence in a list (docs/focus.md)."""
        if self.mode == self.default_mode:
            return
        self.reset()
        self.post_message(self.Cancelled(self))
