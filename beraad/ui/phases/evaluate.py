"""Evaluate, appreciatively: what went well, and what we try next time.

Appreciative evaluation learns from what worked ("what you give attention to, grows"); the two
lists stand side by side, each note with its author, tied to the decision when there is one.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static
from textual.widgets.data_table import ColumnKey

from beraad.core import session as model
from beraad.core.kinds import KINDS
from beraad.core.state import Evaluation, SessionState
from beraad.i18n import N_, _
from beraad.ui.parts import part
from beraad.ui.phases.base import UNCHANGED, PhaseView
from beraad.ui.plain import shown
from beraad.ui.widgets.composer import fill, give_back_words, with_text
from beraad.ui.widgets.free_text_box import SendingFreeText
from beraad.ui.widgets.meeting_status import voice_label
from beraad.ui.widgets.steady_scroll import ListTable
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


def note_rows(state: SessionState, notes: list[Evaluation], me: str = "") -> list[tuple[str, Text]]:
    """The notes as rows (key, words), by meeting once there is more than one: this meeting's
    first, then what was written between meetings, then each earlier meeting (a heading row
    each, not a note), so meeting 1's notes do not read as this meeting's."""

    def row(note: Evaluation) -> tuple[str, Text]:
        words = Text(f"• {shown(note.text)} ")
        if note.edited:
            words.append(_("(edited)") + " ", "italic")
        words.append(note_by(state, note, me))
        return note.id, words

    if state.meeting == 1 and not state.between_meetings:
        return [row(note) for note in notes]
    groups: dict[tuple[int, bool], list[tuple[str, Text]]] = {}
    for note in notes:
        groups.setdefault((note.meeting, note.between), []).append(row(note))
    rows: list[tuple[str, Text]] = []
    for meeting, between in sorted(groups, reverse=True):
        if between:
            heading = _("Between meetings {number} and {next}").format(
                number=meeting, next=meeting + 1
            )
        elif meeting == state.meeting and not state.between_meetings:
            # Ended, it is no longer "this meeting" (naive s9 finding 13)
            heading = _("This meeting ({number})").format(number=meeting)
        else:
            heading = _("Meeting {number}").format(number=meeting)
        key = f"{HEADING}{meeting}:{int(between)}"
        rows.append((key, Text(heading, "bold")))
        rows.extend(groups[meeting, between])
    return rows


#: The key of a row that is no note: a meeting's heading, or "Nothing yet.".
HEADING = "heading:"
EMPTY = "empty"


class NotesList(ListTable):
    """A column's notes, one row each (wrapped in the room there is), chosen with ↓ as in
    every list: `e` then Enter edits one's own note, `r` then Enter takes it back (naive s12
    P4b: notes could be neither). Shift+Tab from the column's box reaches it, Tab goes back."""


class EvaluateView(PhaseView):
    phase: ClassVar[str] = "evaluate"
    row_actions = frozenset(("edit", "retract"))
    DEFAULT_CSS = """
    EvaluateView { height: 1fr; padding: 0 1; }
    EvaluateView #aspects { height: 1fr; }
    /* Two columns apart, not one: a wrapped note ran into the next column's words
       ("… people listened Nothing yet.", naive s9 finding 13). */
    EvaluateView .aspect { width: 1fr; height: 1fr; padding: 0 1 0 0; }
    EvaluateView .notes { height: 1fr; scrollbar-size-horizontal: 0; scrollbar-size-vertical: 1; }
    /* Its scroll bar is no word of the next column's: two columns apart still. */
    EvaluateView #went_well-column { margin-right: 1; }
    EvaluateView #decided { height: auto; }
    EvaluateView #mode { color: $text-accent; text-style: bold; height: auto; }
    """
    BINDINGS = [
        Binding("e", "edit", N_("Edit mine"), show=False),
        Binding("r", "retract", N_("Take back"), show=False),
        Binding("escape", "cancel", N_("Cancel"), show=False),
    ]

    def __init__(self, session: str, **kwargs: Any) -> None:
        super().__init__(session, **kwargs)
        self.state: SessionState | None = None
        self.me = ""
        #: The notes sent and not yet answered, in the order sent: (column, text).
        self._pending: list[tuple[str, str]] = []
        #: Per column, how much of its box from the start is notes given back (older than
        #: what was typed since): the next one given back goes after them.
        self._given: dict[str, int] = {}
        self.mode = "add"  # "add", "edit" or "retract"
        self.target: str | None = None  # the note edited or taken back
        self._edit_from: tuple[str | None, str] | None = None
        #: One's own new note, kept in sight until a row is chosen (``added``).
        self._in_sight: str | None = None
        #: An edit or a taking back sent and not answered: (kind, column, the words typed).
        self._changing: tuple[str, str, str] | None = None
        #: Per column, what it was last filled with: its width and each row's key and words.
        self._filled: dict[str, tuple[int, list[tuple[str, str]]]] = {}
        #: Each row's height per (key, words, width): wrapped once, not at every show.
        self._heights: dict[tuple[str, str, int], int] = {}
        self.rows_wrapped = 0
        """Rows whose words were wrapped to learn their height (tests count the work)."""

    def compose(self) -> ComposeResult:
        yield Static(
            _(
                "Look back appreciatively: learn from what worked, and choose what to try "
                "next.\nIn a list (Shift+Tab): e then Enter edits your note, r takes it back."
            ),
            classes="hint",
        )
        yield Static("", id="decided", markup=False)  # an option's words, verbatim
        mode = Static("", id="mode", markup=False)  # a note's words, verbatim
        mode.display = False  # until an edit or a taking back is asked
        yield mode
        with Horizontal(id="aspects"):
            for aspect, title in ASPECTS.items():
                with Vertical(classes="aspect"):
                    yield Static(_(title), classes="section-title")
                    notes = NotesList(
                        cursor_type="row",
                        show_header=False,
                        show_cursor=False,
                        cell_padding=0,  # the notes start under the title and the box
                        id=f"{aspect}-column",
                        classes="notes",
                    )
                    notes.add_column("", key="note", width=10)  # the room there is: ``_fill``
                    yield notes
                    yield SendingFreeText(
                        placeholder=_(PLACEHOLDERS[aspect]),
                        id=f"{aspect}-text",
                        select_on_focus=False,  # on_key puts the first letter in: keep it
                    )
        yield Notice(id="notice")

    def text_box(self) -> Widget | None:
        """The box of the column the keys are in (letters typed in the right-hand list go
        into its box, not the left one's); the first column's otherwise."""
        focused = self.screen.focused if self.is_attached else None
        for aspect in ASPECTS:
            column = part(self, f"#{aspect}-column", NotesList)
            if column is not None and focused is column:
                return part(self, f"#{aspect}-text", Input)
        return part(self, Input)  # None: not composed yet

    def tab_target(self) -> Widget | None:
        """Tab in the first column's box is the second's, as before the notes were a list;
        from the second's, the first's (Shift+Tab from a box is its column's list)."""
        focused = self.screen.focused if self.is_attached else None
        first, second = (part(self, f"#{a}-text", Input) for a in ASPECTS)
        if focused is not None and focused is first:
            return second
        if focused is not None and focused is second:
            return first
        return None

    def takes_typing(self, state: SessionState) -> bool:
        """A note goes only while the group is in Evaluate (an edit or a reason in any
        phase): after a move back the toast said "Enter sends them" and Enter was refused
        (naive s19 G5)."""
        return self.mode != "add" or state.phase in KINDS["evaluation.add"].phases

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
            self._fill(self.query_one(f"#{aspect}-column", NotesList), note_rows(state, live, me))
        if self.target is not None and not self._own_live_note(self.target):
            self._set_mode("add")  # the note went meanwhile (taken back on another device)
        self._show_mode()

    def _fill(self, table: NotesList, rows: list[tuple[str, Text]]) -> None:
        """The notes, each row as high as its words wrapped in the column's room; the row
        chosen stays chosen, and one's own new note stays in sight until one is."""
        chosen = self._chosen_in(table)
        if not rows:
            rows = [(EMPTY, Text(_("Nothing yet."), "dim"))]
        # Its scroll bar's column is kept whether it shows or not: a note wrapped to the
        # whole width was cut once the bar came.
        width = max(10, table.size.width - table.styles.scrollbar_size_vertical)
        filled = [(key, words.markup) for key, words in rows]
        before = self._filled.get(str(table.id))
        self._filled[str(table.id)] = (width, filled)
        if before == (width, filled):
            return  # the same notes in the same room (a redraw, a resize of the height)
        # Wrapping every note at every show made 4,400 notes cost seconds per show, a look
        # at Evaluate and back (attack s18 #5): each row is wrapped once per width, and
        # notes added after the rows shown are added alone.
        heights = [self._height(key, words, width) for key, words in rows]
        table.columns[ColumnKey("note")].width = width
        kept = 0
        if before is not None and before[0] == width and filled[: len(before[1])] == before[1]:
            kept = len(before[1])
        else:
            table.clear()
        for (key, words), height in zip(rows[kept:], heights[kept:], strict=True):
            table.add_row(words, key=key, height=height)
        if chosen is not None and chosen in table.rows:
            table.move_cursor(row=table.get_row_index(chosen))
        elif self._in_sight is not None and self._in_sight in table.rows:
            table.move_cursor(row=table.get_row_index(self._in_sight))

    def _height(self, key: str, words: Text, width: int) -> int:
        """Lines ``words`` take at ``width`` (each row's words wrapped once per width)."""
        seen = (key, words.markup, width)
        height = self._heights.get(seen)
        if height is None:
            self.rows_wrapped += 1
            height = self._heights[seen] = max(1, len(words.wrap(self.app.console, width)))
        return height

    def on_resize(self) -> None:
        if self.state is not None:
            self.call_after_refresh(self.show, self.state, self.me)

    def added(self, record: str) -> None:
        """One's own new note is scrolled into sight: the newest of this meeting is the last
        row of its column (naive s9 finding 11: it landed below the column's window)."""
        self._in_sight = record
        note = self.state.evaluations.get(record) if self.state is not None else None
        aspect = note.aspect if note is not None else next(iter(self._pending), ("",))[0]
        if aspect in ASPECTS:
            table = self.query_one(f"#{aspect}-column", NotesList)
            self.call_after_refresh(self._bring_in_sight, table)

    def _bring_in_sight(self, table: NotesList) -> None:
        if self._in_sight is None or self._in_sight not in table.rows or table.show_cursor:
            return
        table.move_cursor(row=table.get_row_index(self._in_sight))
        table.scroll_end(animate=False, immediate=True)

    # Choosing a note, editing and taking back one's own --------------------------------

    @staticmethod
    def _chosen_in(table: DataTable[Any]) -> str | None:
        if not table.row_count or not table.show_cursor:
            return None  # no row chosen yet (↓ chooses the first)
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return None if key is None or key == EMPTY or key.startswith(HEADING) else str(key)

    def chosen(self) -> str | None:
        """The note chosen in the list that has the keys."""
        focused = self.screen.focused if self.is_attached else None
        return self._chosen_in(focused) if isinstance(focused, NotesList) else None

    def no_row_chosen(self, widget: Widget | None) -> bool:
        if isinstance(widget, NotesList):
            return self._chosen_in(widget) is None
        return super().no_row_chosen(widget)

    def on_key(self, event: events.Key) -> None:
        """A list starts with no row chosen, as every list: ↓ then chooses the first note."""
        table = self.screen.focused if self.is_attached else None
        if (
            isinstance(table, NotesList)
            and event.key in ("up", "down")
            and (not table.show_cursor or self._chosen_in(table) is None)
        ):
            event.stop()
            event.prevent_default()
            first = next((i for i, r in enumerate(table.ordered_rows) if self._note(r)), None)
            if first is not None:
                table.show_cursor = True
                table.move_cursor(row=first)
                self.refresh_bindings()
            return
        super().on_key(event)

    @staticmethod
    def _note(row: Any) -> bool:
        key = row.key.value
        return key is not None and key != EMPTY and not key.startswith(HEADING)

    @on(DataTable.RowSelected, ".notes")
    def _clicked(self, event: DataTable.RowSelected) -> None:
        """A click (or Enter) on a row chooses it, as ↓ does."""
        if not event.data_table.show_cursor:
            event.data_table.show_cursor = True
            self.refresh_bindings()

    def _own_live_note(self, note_id: str | None) -> Evaluation | None:
        note = self.state.evaluations.get(note_id or "") if self.state is not None else None
        return note if note is not None and note.author == self.me and note.live else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "retract"):
            # Offered on one's own note only (another's is not one's to change).
            return self.chosen() is not None and self._own_live_note(self.chosen()) is not None
        if action == "cancel":
            return self.mode != "add"
        return super().check_action(action, parameters)

    def _own(self) -> Evaluation | None:
        chosen = self.chosen()
        if chosen is None:
            self.query_one(Notice).refused(_("Choose a note in the list first."))
            return None
        note = self._own_live_note(chosen)
        if note is None:
            self.query_one(Notice).refused(_("You can only change your own notes."))
        return note

    def action_edit(self) -> None:
        note = self._own()
        if note is not None:
            self.query_one(Notice).clear()
            self._set_mode("edit", note.id, note.text)

    def action_retract(self) -> None:
        note = self._own()
        if note is not None:
            self.query_one(Notice).clear()
            self._set_mode("retract", note.id)

    def action_cancel(self) -> None:
        if self.mode != "add":
            self._set_mode("add")

    def _set_mode(self, mode: str, target: str | None = None, text: str = "") -> None:
        """Edit and take back use the note's own column's box, as adding does; back to
        adding (Escape), that box lets go of the words it was given."""
        about = target or self.target or ""
        note = self.state.evaluations.get(about) if self.state is not None else None
        self.mode, self.target = mode, target
        self._edit_from = (target, text) if mode == "edit" else None
        self._show_mode()
        if note is None:
            return
        box = self.query_one(f"#{note.aspect}-text", Input)
        fill(box, text)
        if target is not None:
            box.focus()

    def _show_mode(self) -> None:
        mode = self.query_one("#mode", Static)
        note = self.state.evaluations.get(self.target or "") if self.state is not None else None
        line = placeholder = ""
        for aspect in ASPECTS:
            self.query_one(f"#{aspect}-text", Input).placeholder = _(PLACEHOLDERS[aspect])
        if note is not None and self.mode == "edit":
            line = _("Editing your note “{note}” (Escape cancels)")
            placeholder = _("The new text, then Enter")
        elif note is not None and self.mode == "retract":
            line = _("Taking back your note “{note}” (Escape cancels)")
            # A half-width box: "then Enter" was cut to "Waarom (niet verplicht), dan" (s15)
            placeholder = _("Why (optional), Enter")
        if line and note is not None:
            mode.update(line.format(note=clip(note.text, 40)))
            self.query_one(f"#{note.aspect}-text", Input).placeholder = placeholder
        mode.display = bool(line)
        self.refresh_bindings()

    def contributed(self, kind: str, body: dict[str, Any], error: str | None) -> None:
        """The session screen's answer to our ``Contribute`` (see ``screens/session.py``)."""
        if error is not None:
            self.refused(kind, error)
        elif kind == "evaluation.add" and self._pending:
            self._pending.pop(0)  # answered in the order asked
        elif kind in ("edit", "retract"):
            self._changing = None

    def refused(self, kind: str, message: str) -> None:
        """The session screen could not add our note: say so and give the text back, the
        oldest note asked first. With words typed since in its box they go in front of
        them: quoted instead, and one pending note in place of each sent, a burst of notes
        refused kept only its last (naive s12 P0)."""
        changing = self._changing
        if kind in ("edit", "retract") and changing is not None and changing[0] == kind:
            # The words asked for (the new text, the reason) come back in their box.
            self._changing = None
            field = self.query_one(f"#{changing[1]}-text", Input)
            if not field.value:
                fill(field, changing[2])
            else:
                message = with_text(message, changing[2])
        elif kind == "evaluation.add" and self._pending:
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
        note = self.state.evaluations.get(self.target or "") if self.state else None
        if note is not None and note.aspect == aspect and self.mode in ("edit", "retract"):
            self._change(note, text)
            return
        if not text:
            return  # an Enter too many (after a move) sends nothing, as in every box
        state = self.state
        decision = state.decisions[-1].record if state and state.decisions else None
        self.query_one(Notice).clear()
        self._pending.append((aspect, text))  # the box emptied itself on Enter
        self._given.pop(aspect, None)
        self.contribute("evaluation.add", model.evaluation_body(aspect, text, decision))

    def _change(self, note: Evaluation, text: str) -> None:
        """Enter in the box asked for an edit or a reason: the note edited or taken back."""
        notice = self.query_one(Notice)
        if self.mode == "edit" and not text:
            fill(self.query_one(f"#{note.aspect}-text", Input), "")
            notice.refused(_("Write the note first."))
            return
        if self.mode == "edit" and self._edit_from == (note.id, text):
            notice.inform(_(UNCHANGED))  # an edit to the same words signs nothing
            self._set_mode("add")
            return
        if self.mode == "edit":
            kind, body = "edit", model.edit_body(note.id, text)
        else:
            kind, body = "retract", model.retract_body(note.id, text)
        self._changing = (kind, note.aspect, text)
        notice.clear()
        self.mode, self.target, self._edit_from = "add", None, None  # the box emptied itself
        self._show_mode()
        self.contribute(kind, body)
