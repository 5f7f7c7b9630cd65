"""Scribe mode: whom this person is writing for — themselves, or someone without a device.

A room often has people without a laptop; a member (the scribe) records their words for them.
The record stays the scribe's (signed, editable only by them) but carries ``speaker``, so the
participation balance counts it for the person who spoke (see ``beraad.core.kinds``).

- ``apply_speaker(kind, body, speaker)`` is the one rule for adding ``speaker`` to a body: the
  session screen calls it on every ``PhaseView.Contribute`` so the phase views need not know.
- ``MeetingSpeaker`` is the selector: "me" or a remembered name, and a field to add a name.
- ``remembered_speakers`` / ``remember_speaker`` keep the names per session in the node's local
  values (never sent to peers), so the list survives a restart.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label, Select

from beraad.core.kinds import TEXT_ITEMS, SchemaError, name
from beraad.core.session import clean_speaker, speaker_key
from beraad.core.state import SessionState
from beraad.i18n import _
from beraad.ui.widgets.sending_input import StillInput

#: Kinds whose ``speaker`` means "the writer records this for that person". (``hand.lower`` and
#: ``floor.give`` also have a ``speaker``, but there it names whose hand or whose word it is.)
SPEAKER_KINDS: tuple[str, ...] = (*TEXT_ITEMS, "hand.raise")
#: The key under which the names are kept in the node's local values of a session.
SPEAKERS_KEY = "speakers"
#: The selector's value for "I speak for myself" (no name can be empty).
ME = ""


def apply_speaker(kind: str, body: Mapping[str, Any], speaker: str | None) -> dict[str, Any]:
    """``body`` as written for ``speaker``, where ``kind`` allows it; otherwise unchanged.

    A body that already names a speaker keeps it (the view chose on purpose); votes, phase
    moves and the like are always the writer's own: a person without a key cannot vote.
    """
    result = dict(body)
    if speaker is None or kind not in SPEAKER_KINDS or "speaker" in result:
        return result
    cleaned = clean_speaker(speaker)
    if cleaned:
        result["speaker"] = cleaned
    return result


def speaks_for(kind: str, speaker: str | None) -> bool:
    """Whether a record of ``kind`` written now would be counted for ``speaker``."""
    return speaker is not None and kind in SPEAKER_KINDS


def remembered_speakers(local: Mapping[str, Any]) -> list[str]:
    """The names kept in a session's local values (ignoring anything malformed)."""
    names = local.get(SPEAKERS_KEY, [])
    return [n for n in names if isinstance(n, str) and n.strip()] if isinstance(names, list) else []


def merge_names(*groups: Iterable[str]) -> list[str]:
    """One list of names, each person once (compared folded), first spelling kept, by name."""
    seen: dict[str | None, str] = {}
    for group in groups:
        for item in group:
            cleaned = clean_speaker(item)
            if cleaned:
                seen.setdefault(speaker_key(cleaned), cleaned)
    return sorted(seen.values(), key=lambda n: (n.casefold(), n))


def known_speakers(state: SessionState, local: Mapping[str, Any]) -> list[str]:
    """Names to offer: those remembered here and those anyone has spoken for in the session."""
    in_session = [counter.member for counter in state.spoken_for.values()]
    return merge_names(remembered_speakers(local), in_session)


def remember_speaker(local: Mapping[str, Any], speaker: str) -> dict[str, Any]:
    """The values to merge into ``set_local_values`` so ``speaker`` is remembered."""
    return {SPEAKERS_KEY: merge_names(remembered_speakers(local), [speaker])}


def check_speaker(text: str) -> str:
    """A typed name, cleaned; ``SchemaError`` (with the user's words) if it cannot be one."""
    cleaned = clean_speaker(text)
    name(cleaned, _("the name"))
    return cleaned


class MeetingSpeaker(Horizontal):
    """One line: "Speaking for: [me ▾] [someone without a device…]"."""

    DEFAULT_CSS = """
    MeetingSpeaker { height: 1; }
    MeetingSpeaker > Label { width: auto; padding: 0 1 0 0; text-style: bold; }
    MeetingSpeaker > Select { width: 30; }
    MeetingSpeaker > Input { width: 1fr; margin-left: 1; }
    """

    class Changed(Message):
        """The person now speaks for ``speaker`` (None: for themselves)."""

        def __init__(self, speaker: str | None) -> None:
            super().__init__()
            self.speaker = speaker

    class NameAdded(Message):
        """A new name was typed: remember it for this session."""

        def __init__(self, speaker: str) -> None:
            super().__init__()
            self.speaker = speaker

    def __init__(
        self, names: Sequence[str] = (), speaker: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.names = merge_names(names, [speaker] if speaker else [])
        self._speaker = clean_speaker(speaker) if speaker else None

    @property
    def speaker(self) -> str | None:
        return self._speaker

    def _options(self) -> list[tuple[str | Text, str]]:
        # Names typed on any device of the group: shown as words, never parsed as markup.
        return [(_("me"), ME), *((Text(n), n) for n in self.names)]

    def compose(self) -> ComposeResult:
        yield Label(_("Speaking for:"))
        yield Select(
            self._options(),
            value=self._speaker or ME,
            allow_blank=False,
            compact=True,
            id="speaker-choice",
        )
        yield StillInput(
            placeholder=_("add someone without a device…"),
            select_on_focus=False,  # a letter typed in the hand list starts the name here
            compact=True,
            max_length=60,
            id="speaker-new",
        )

    def set_names(self, names: Iterable[str]) -> None:
        """Offer ``names`` (plus the current choice); the choice stays as it was."""
        merged = merge_names(names, [self._speaker] if self._speaker else [])
        if merged == self.names:
            return
        self.names = merged
        select = self.query_one("#speaker-choice", Select)
        with self.prevent(Select.Changed):
            select.set_options(self._options())
            select.value = self._speaker or ME

    def choose(self, speaker: str | None) -> None:
        """Speak for ``speaker`` from now on (a new name is added to the list)."""
        cleaned = clean_speaker(speaker) if speaker else None
        if cleaned and speaker_key(cleaned) not in {speaker_key(n) for n in self.names}:
            self.set_names([*self.names, cleaned])
        if cleaned:
            cleaned = next(n for n in self.names if speaker_key(n) == speaker_key(cleaned))
        self._speaker = cleaned or None
        select = self.query_one("#speaker-choice", Select)
        if select.value != (self._speaker or ME):
            with self.prevent(Select.Changed):
                select.value = self._speaker or ME
        self.post_message(self.Changed(self._speaker))

    @on(Select.Changed, "#speaker-choice")
    def _picked(self, event: Select.Changed) -> None:
        event.stop()
        value = event.value if isinstance(event.value, str) else ME
        if (value or None) != self._speaker:
            self._speaker = value or None
            self.post_message(self.Changed(self._speaker))

    @on(Input.Submitted, "#speaker-new")
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip():
            return
        try:
            cleaned = check_speaker(event.value)
        except SchemaError as error:
            message = _(error.template).format(**error.params)
            self.notify(message, title=_("Speaking for"), severity="error", markup=False)
            return
        event.input.value = ""
        self.choose(cleaned)
        self.post_message(self.NameAdded(self._speaker or cleaned))
