"""Evaluate, appreciatively: what went well, and what we try next time.

Appreciative evaluation learns from what worked ("what you give attention to, grows"); the two
lists stand side by side, each note with its author, tied to the decision when there is one.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Input, Static

from beraad.core import session as model
from beraad.core.state import Evaluation, SessionState
from beraad.i18n import N_, _
from beraad.ui.parts import part
from beraad.ui.phases.base import PhaseView
from beraad.ui.plain import shown
from beraad.ui.widgets.composer import give_back_words, with_text
from beraad.ui.widgets.free_text_box import SendingFreeText
from beraad.ui.widgets.meeting_status import voice_label
from beraad.ui.widgets.tally_format import Legend, clip
from beraad.ui.widgets.vote_notice import Notice

ASPECTS: dict[str, str] = {"went_well": N_("What went well"), "try_next": N_("What to try next")}
PLACEHOLDERS: dict[str, str] = {
    "went_well": N_("One thing that went well, Enter"),
    "try_next": N_("One thing to try next, Enter"),
}


def note_by(state: SessionState, note: Evaluation, me: str) -> str:
    """Who wrote a note, after a dash, in the words every other view uses: one's own is
    "— you" ("— jij"), or "… via you" for someone without a device one wrote it for."""
    if note.author != me:
        return f"— {voice_label(state, note.author, note.speaker)}"
    if note.speaker is not None:
        return "— " + _("{name} via {scribe}").format(name=note.speaker, scribe=_("you"))
    return _("— you")


def note_lines(state: SessionState, notes: list[Evaluation], me: str = "") -> list[str]:
    """The notes as lines, by meeting once there is more than one: this meeting's first, then
    what was written between meetings, then each earlier meeting (a heading each), so meeting
    1's notes do not read as this meeting's."""

    def line(note: Evaluation) -> str:
        return f"• {shown(note.text)} {note_by(state, note, me)}"

    if state.meeting == 1 and not state.between_meetings:
        return [line(note) for note in notes]
    groups: dict[tuple[int, bool], list[str]] = {}
    for note in notes:
        groups.setdefault((note.meeting, note.between), []).append(line(note))
    lines: list[str] = []
    for meeting, between in sorted(groups, reverse=True):
        if lines:
            lines.append("")
        if between:
            heading = _("Between meetings {number} and {next}").format(
                number=meeting, next=meeting + 1
            )
        elif meeting == state.meeting and not state.between_meetings:
            # Ended, it is no longer "this meeting" (naive s9 finding 13)
            heading = _("This meeting ({number})").format(number=meeting)
        else:
            heading = _("Meeting {number}").format(number=meeting)
        lines.append(heading)
        lines.extend(groups[meeting, between])
    return lines


class NotesColumn(VerticalScroll, can_focus=False):
    """A column's notes, scrolled when there are more than fit (the notes past its window were
    cut, for everyone); Tab still goes between the two boxes only (docs/focus.md)."""


class EvaluateView(PhaseView):
    phase: ClassVar[str] = "evaluate"
    DEFAULT_CSS = """
    EvaluateView { height: 1fr; padding: 0 1; }
    EvaluateView #aspects { height: 1fr; }
    EvaluateView .aspect { width: 1fr; height: 1fr; padding: 0 1 0 0; }
    EvaluateView .notes { height: 1fr; }
    /* Two columns apart, not one: a wrapped note ran into the next column's words
       ("… people listened Nothing yet.", naive s9 finding 13). */
    EvaluateView .notes Static { height: auto; padding: 0 1 0 0; }
    EvaluateView #decided { height: auto; }
    """

    def __init__(self, session: str, **kwargs: Any) -> None:
        super().__init__(session, **kwargs)
        self.state: SessionState | None = None
        self.me = ""
        #: The notes sent and not yet answered, in the order sent: (column, text).
        self._pending: list[tuple[str, str]] = []
        #: Per column, how much of its box from the start is notes given back (older than
        #: what was typed since): the next one given back goes after them.
        self._given: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        yield Static(
            _("Look back appreciatively: learn from what worked, and choose what to try next."),
            classes="hint",
        )
        yield Static("", id="decided", markup=False)  # an option's words, verbatim
        with Horizontal(id="aspects"):
            for aspect, title in ASPECTS.items():
                with Vertical(classes="aspect"):
                    yield Static(_(title), classes="section-title")
                    yield SendingFreeText(placeholder=_(PLACEHOLDERS[aspect]), id=f"{aspect}-text")
                    with NotesColumn(id=f"{aspect}-column", classes="notes"):
                        yield Static("", id=f"{aspect}-notes", markup=False)
        yield Notice(id="notice")

    def text_box(self) -> Widget | None:
        return part(self, Input)  # None: not composed yet

    def show(self, state: SessionState, me: str) -> None:
        self.state, self.me = state, me
        decided = self.query_one("#decided", Static)
        if state.decisions:
            decision = state.decisions[-1]
            option = state.options.get(decision.option)
            decided.update(
                _("We decided on {letter}: {option}").format(
                    letter=Legend.of(state).option(decision.option),
                    option=clip(option.text if option else "", 60),
                )
            )
        decided.display = bool(state.decisions)
        notes = list(state.evaluations.values())  # the fold's order: the same on every peer
        for aspect in ASPECTS:
            live = [n for n in notes if n.aspect == aspect and n.live]
            lines = note_lines(state, live, me)
            self.query_one(f"#{aspect}-notes", Static).update(
                "\n".join(lines) if lines else _("Nothing yet.")
            )

    def added(self, record: str) -> None:
        """One's own new note is scrolled into sight: the newest of this meeting is the last
        line of its column (naive s9 finding 11: it landed below the column's window). The
        column keeps to its end as it grows, until the person scrolls up (Textual's anchor)."""
        note = self.state.evaluations.get(record) if self.state is not None else None
        aspect = note.aspect if note is not None else next(iter(self._pending), ("",))[0]
        if aspect in ASPECTS:
            self.query_one(f"#{aspect}-column", NotesColumn).anchor()

    def contributed(self, kind: str, body: dict[str, Any], error: str | None) -> None:
        """The session screen's answer to our ``Contribute`` (see ``screens/session.py``)."""
        if error is not None:
            self.refused(kind, error)
        elif kind == "evaluation.add" and self._pending:
            self._pending.pop(0)  # answered in the order asked

    def refused(self, kind: str, message: str) -> None:
        """The session screen could not add our note: say so and give the text back, the
        oldest note asked first. With words typed since in its box they go in front of
        them: quoted instead, and one pending note in place of each sent, a burst of notes
        refused kept only its last (naive s12 P0)."""
        if self._pending:
            aspect, text = self._pending.pop(0)
            field = self.query_one(f"#{aspect}-text", Input)
            given = give_back_words(field, text, self._given.get(aspect, 0))
            if given is None:
                message = with_text(message, text)  # no room for both: quoted
            else:
                self._given[aspect] = given
        self.query_one(Notice).refused(message)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        aspect = (event.input.id or "").removesuffix("-text")
        if aspect not in ASPECTS:
            return
        text = event.value.strip()
        if not text:
            return  # an Enter too many (after a move) sends nothing, as in every box
        state = self.state
        decision = state.decisions[-1].record if state and state.decisions else None
        self.query_one(Notice).clear()
        self._pending.append((aspect, text))  # the box emptied itself on Enter
        self._given.pop(aspect, None)
        self.contribute("evaluation.add", model.evaluation_body(aspect, text, decision))
