"""Positions: per knot, the positions people take, with arguments for and against (IBIS:
issue → position → argument), and the experiences and knowledge they bring.

Confrontation is welcome and made visible: arguments against stand beside those for, under
the position they answer. Retracted words stay in the tree, struck through.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding

from beraad.core import session as bodies
from beraad.core.state import Argument, Item, Knot, Note, Position, SessionState
from beraad.i18n import N_, _, current_language
from beraad.ui import derived
from beraad.ui.phases.base import MEETING_KINDS, VOTE_KINDS
from beraad.ui.phases.knots import first_line, item_label, label_shows, matters_mark
from beraad.ui.phases.proposal import matters_question
from beraad.ui.phases.touched import IN_POSITIONS, touched
from beraad.ui.phases.tree_view import DetailFollowsTheRow, TreeView, allowed, fit_detail
from beraad.ui.plain import shown
from beraad.ui.widgets.composer import Composer, focus_now
from beraad.ui.widgets.item_tree import Row
from beraad.ui.widgets.unchanged import FixedPane
from beraad.ui.widgets.vote_notice import Notice

STANCES = {"for": N_("for"), "against": N_("against")}
NOTE_TYPES = {"experience": N_("experience"), "knowledge": N_("knowledge")}


#: What the box's words become, by what it was asked for (an edit is possible in every phase).
MODE_KINDS = {"position": "position.add", "argument": "argument.add", "note": "note.add"}

#: Actions on the row under the cursor: their keys propose, Enter does it. + and − too
#: (``offered_argument``, the footer's): they acted at once, opening the argument's box,
#: where every other key on the row asked first (naive s12 K4).
ROW_ACTIONS = ("position", "argument", "offered_argument", "edit", "retract", "matters")
#: The row's keys the detail names (the footer offers a, + and −), the most used first.
ROW_KEYS_ORDER = ("note", "matters", "edit", "retract")
#: The record each phase-bound action writes: where the phase refuses it the key is not
#: offered, row chosen or not (naive s10: `a Position` in the footer looking back at Positions).
WRITES = {
    "position": "position.add",
    "argument": "argument.add",
    "note": "note.add",
    "matters": "knot.matter",
}


def knot_label(state: SessionState, knot: Knot, me: str, mark: str) -> Text:
    label = item_label(state, knot, me, mark)
    label.stylize("bold", 0, len(first_line(knot.text)) + (0 if knot.live else 12))
    return label


def position_label(state: SessionState, position: Position, me: str) -> Text:
    label = Text("◆ ")
    label.append_text(item_label(state, position, me))
    return label


def argument_label(state: SessionState, argument: Argument, me: str) -> Text:
    sign, style = ("+", "green") if argument.stance == "for" else ("−", "red")
    label = Text(f"{sign} {_(STANCES[argument.stance])}: ", f"bold {style}")
    label.append_text(item_label(state, argument, me))
    return label


def note_label(state: SessionState, note: Note, me: str) -> Text:
    label = Text(f"✎ {_(NOTE_TYPES[note.note_type])}: ", "italic")
    label.append_text(item_label(state, note, me))
    return label


class PositionsView(DetailFollowsTheRow, TreeView):
    phase = "positions"
    unaffected_by = VOTE_KINDS | MEETING_KINDS | {"weight.set"}
    row_actions = frozenset(ROW_ACTIONS)
    proposes_on_a_row = frozenset(("note",))  # n, k: a note on the chosen knot
    row_keys_order = ROW_KEYS_ORDER
    DEFAULT_CSS = """
    PositionsView { height: 1fr; }
    PositionsView #positions-detail { height: 3; padding: 0 1; color: $text-muted; }
    PositionsView Composer { padding: 0 1; }
    /* The prompt names the knot ("Position on “…”:"): room for it and a short placeholder. */
    PositionsView Composer Label { max-width: 60%; }
    """
    BINDINGS = [
        # With a position (or its argument) chosen, + and − are the phase's point: offered
        # in the footer (naive s11 F2: it showed only "a Position"). Without one, the keys
        # below say how to choose it.
        Binding("plus", "offered_argument('for')", N_("For"), key_display="+"),
        Binding("minus", "offered_argument('against')", N_("Against"), key_display="−"),
        Binding("a", "position", N_("Position")),
        Binding("plus", "argument('for')", N_("+ For"), show=False),
        Binding("minus", "argument('against')", N_("− Against"), show=False),
        Binding("n", "note('experience')", N_("Experience"), show=False),
        Binding("k", "note('knowledge')", N_("Knowledge"), show=False),
        Binding("e", "edit", N_("Edit"), show=False),
        Binding("r", "retract", N_("Take back"), show=False),
        Binding("m", "matters", N_("Matters to me"), show=False),
    ]

    adds = "position.add"
    _body: tuple[list[Row], dict[str, int]] | None = None
    """The last drawing's knot rows, and where each knot's row is in them (None when a
    record's rows cannot be put in: café tables, none drawn yet)."""
    _knot_asked = ""
    """The refusal that asked to choose a knot, while it may be shown."""

    def compose(self) -> ComposeResult:
        yield from self.tree_and_box(
            _("Position:"),
            "position",
            input_id="position-text",
            placeholder=_("choose a knot above, type your position, Enter"),
        )

    def row_lasts(self, state: SessionState) -> object:
        """A knot chosen in an earlier meeting is not this meeting's: the box asks again."""
        return state.meeting

    def takes_typing(self, state: SessionState) -> bool:
        kind = MODE_KINDS.get(self.composer.mode)
        return kind is None or allowed(state, kind)

    def rows(self, state: SessionState, me: str) -> list[Row]:
        """Every knot with its positions, arguments and notes; a row is built again only
        when what it shows changed (``RowCache``), and only the knots' rows the records since
        the last drawing touched are looked at (``touched``, ``IN_POSITIONS``): a record costs its
        rows, not the list."""
        grouped = derived.of(state)
        since = self.records_since(state, (me, current_language()))
        body, self._body = self._body, None  # (none kept if this drawing fails)
        rows_touched = (
            None if since is None or body is None else touched(state, grouped, since, IN_POSITIONS)
        )
        cache = self.row_cache
        if rows_touched is not None and body is not None and rows_touched[0] <= body[1].keys():
            changed, added = rows_touched
            cache.start(me, grouped.names, keep=True)
            rows, at = list(body[0]), dict(body[1])
            for knot in changed:
                rows[at[knot]] = self._knot_row(state, grouped, state.knots[knot], me)
            for knot in added:
                at[knot] = len(rows)
                rows.append(self._knot_row(state, grouped, state.knots[knot], me))
        else:
            cache.start(me, grouped.names)
            rows, at = [], {}
            for knot in state.knots.values():
                if knot.live or grouped.positions_on(knot.id):
                    at[knot.id] = len(rows)
                    rows.append(self._knot_row(state, grouped, knot, me))
        self._body = None if state.cafes else (rows, at)  # (a café's table marks: walk all)
        rows = list(rows)
        general = grouped.notes_on(None)
        if general:
            children = tuple(self._note_row(state, n) for n in general)
            rows.append(Row("general", "general", None, Text(_("General notes"), "bold"), children))
        if not rows:
            rows.append(Row("empty", "empty", None, Text(_("No knots yet."), "dim italic")))
        cache.finish()
        return rows

    def _knot_row(self, state: SessionState, grouped: derived.Derived, knot: Knot, me: str) -> Row:
        """A knot's row with its positions (their arguments) and notes under it."""
        self.rows_walked += 1
        positions = grouped.positions_on(knot.id)
        children = [self._position_row(state, grouped, p, me) for p in positions]
        children += [self._note_row(state, n) for n in grouped.notes_on(knot.id)]
        mark = matters_mark(knot, me)
        shows = label_shows(state, knot, mark)
        label = partial(self.label_now, knot_label, knot, mark)
        return self.row_cache.row(f"knot:{knot.id}", "knot", knot.id, shows, label, tuple(children))

    def _position_row(
        self, state: SessionState, grouped: derived.Derived, position: Position, me: str
    ) -> Row:
        children = [
            self._argument_row(state, grouped, a, me) for a in grouped.arguments_on(position.id)
        ]
        children += [self._note_row(state, n) for n in grouped.notes_on(position.id)]
        label = partial(self.label_now, position_label, position)
        key = f"position:{position.id}"
        shows = label_shows(state, position)
        return self.row_cache.row(key, "position", position.id, shows, label, tuple(children))

    def _argument_row(
        self, state: SessionState, grouped: derived.Derived, argument: Argument, me: str
    ) -> Row:
        notes = tuple(self._note_row(state, n) for n in grouped.notes_on(argument.id))
        label = partial(self.label_now, argument_label, argument)
        key = f"argument:{argument.id}"
        shows = label_shows(state, argument)
        return self.row_cache.row(key, "argument", argument.id, shows, label, notes)

    def _note_row(self, state: SessionState, note: Note) -> Row:
        label = partial(self.label_now, note_label, note)
        shows = label_shows(state, note)
        return self.row_cache.row(f"note:{note.id}", "note", note.id, shows, label)

    def _moved(self) -> None:
        """The row moved: a refusal that asked to choose a knot goes once one is chosen
        (naive s11 F-minor-3: it stayed under the box until the next Enter)."""
        super()._moved()
        if self._knot_asked and self._knot() is not None:
            notice = self.query_one(Notice)
            if notice.message == self._knot_asked:
                notice.clear()
            self._knot_asked = ""

    def _detail(self) -> None:
        state, row = self.state, self.tree.current
        detail = Text()
        if state is not None and row is not None and row.item is not None:
            item = state.item(row.item)
            keys = self.row_keys()
            if keys:  # the footer has no room for them: said where they work, on the row
                detail.append(keys + "\n", "bold")
            if item is not None:
                detail.append(shown(item.text))
                if not item.live and item.retract_reason:
                    detail.append(
                        "\n" + _("Taken back: {reason}").format(reason=shown(item.retract_reason)),
                        "dim",
                    )
        fit_detail(self, self.query_one("#positions-detail", FixedPane), detail)
        if self.composer.mode == self.composer.default_mode:
            self.composer.relabel(*self._prompt())

    def _prompt(self) -> tuple[str, str]:
        """The text box's prompt and placeholder: once a knot is chosen the prompt names it,
        and the placeholder no longer asks to choose one (both fit on 80 columns)."""
        knot = self._knot()
        if knot is None:
            return _("Position:"), _("choose a knot above, type your position, Enter")
        return (
            _("Position on “{knot}”:").format(knot=first_line(knot.text, 24)),
            _("your position, then Enter"),
        )

    # What the cursor is on -----------------------------------------------------------------

    def _item(self) -> Item | None:
        row = self.tree.current
        if row is None or row.item is None or self.state is None:
            return None
        return self.state.item(row.item)

    def _knot(self) -> Knot | None:
        """The knot under the cursor, or the knot the row under the cursor belongs to."""
        item, state = self._item(), self.state
        if state is None:
            return None
        if isinstance(item, Note) and item.target is not None:
            item = state.item(item.target)
        if isinstance(item, Argument):
            item = state.positions.get(item.position)
        if isinstance(item, Position):
            item = state.knots.get(item.knot)
        return item if isinstance(item, Knot) and item.live else None

    def _position(self) -> Position | None:
        item, state = self._item(), self.state
        if state is None:
            return None
        if isinstance(item, Note) and item.target is not None:
            item = state.item(item.target)
        if isinstance(item, Argument):
            item = state.positions.get(item.position)
        return item if isinstance(item, Position) and item.live else None

    def _own(self) -> Item | None:
        item = self._item()
        return item if item is not None and item.author == self.me and item.live else None

    def may(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        state = self.state
        if state is None:
            return None
        if action in WRITES and not allowed(state, WRITES[action]):
            return False
        if action == "offered_argument":  # the footer's + −: only with a position chosen
            return (
                self.tree.current is not None
                and allowed(state, "argument.add")
                and self._position() is not None
            )
        if action in ROW_ACTIONS and self.tree.current is None and self.tree.last_line >= 0:
            return True  # the action says how to choose a row first
        if action == "position":
            return allowed(state, "position.add") and self._knot() is not None
        if action == "argument":
            return allowed(state, "argument.add") and self._position() is not None
        if action == "note":
            return allowed(state, "note.add")
        if action == "matters":
            return allowed(state, "knot.matter") and isinstance(self._item(), Knot)
        if action in ("edit", "retract"):
            return self._own() is not None
        return True

    def asks(self, action: str, parameters: tuple[object, ...], row: str) -> str | None:
        """`m` says whether it marks the knot or takes one's mark away (naive s12 K6)."""
        item = self._item()
        if action == "matters" and isinstance(item, Knot):
            return matters_question(self.me in item.matters, row)
        return None

    # Acting ---------------------------------------------------------------------------------

    def action_position(self) -> None:
        if self.tree.no_row_yet():
            return
        knot = self._knot()
        if knot is None:
            return
        self.composer.reset()
        self._detail()
        focus_now(self.composer.input)

    def action_argument(self, stance: str) -> None:
        if self.tree.no_row_yet():
            return
        position = self._position()
        if position is None:
            return
        prompt = _("Argument for:") if stance == "for" else _("Argument against:")
        self.composer.start(
            "argument",
            prompt,
            target=(position.id, stance),
            placeholder=first_line(position.text, 60),
        )

    def action_offered_argument(self, stance: str) -> None:
        self.action_argument(stance)

    def action_note(self, note_type: str) -> None:
        item = self._item()
        target = item.id if item is not None else None
        prompt = _("Your experience:") if note_type == "experience" else _("What you know:")
        self.composer.display = True
        self.composer.start("note", prompt, target=(target, note_type))

    def action_edit(self) -> None:
        if self.tree.no_row_yet():
            return
        self.start_edit(self._own())

    def action_retract(self) -> None:
        if self.tree.no_row_yet():
            return
        item = self._own()
        self.start_retract(item.id if item is not None else None)

    def action_matters(self) -> None:
        if self.tree.no_row_yet():
            return
        item = self._item()
        if isinstance(item, Knot):
            self.contribute("knot.matter", bodies.matter_body(item.id, self.me not in item.matters))

    def on_key(self, event: events.Key) -> None:
        """↑ ↓ in the position box choose the knot the position is about: the prompt names
        it at once, and the person never has to leave the box to choose."""
        if event.key not in ("up", "down") or self.composer.mode != self.composer.default_mode:
            return
        if self.screen.focused is not self.composer.input:
            return
        event.stop()
        event.prevent_default()
        knots = [
            node
            for node in self.tree.root.children
            if node.data is not None
            and node.data.kind == "knot"
            and self.state is not None
            and node.data.item in self.state.knots
            and self.state.knots[node.data.item].live
        ]
        if not knots:
            return
        here = self._knot()
        at = next((i for i, n in enumerate(knots) if here and n.data.item == here.id), None)
        _ = self.tree.last_line  # the lines laid out: each knot's node knows its line
        line = self.tree.cursor_line
        if at is not None:
            at = max(0, min(len(knots) - 1, at + (1 if event.key == "down" else -1)))
        elif line >= 0:
            # A row under no knot (the general notes at the end, a knot taken back): the
            # nearest knot that way, else the nearest the other way. ↓ threw a person reading
            # the end of a big list to its first knot, thousands of lines up (naive s17 F4).
            below = [i for i, node in enumerate(knots) if node.line > line]  # nearest first
            above = [i for i, node in enumerate(knots) if 0 <= node.line < line][::-1]
            at = ((below or above) if event.key == "down" else (above or below))[0]
        else:
            at = 0 if event.key == "down" else len(knots) - 1
        self.tree.move_cursor(knots[at])
        self._detail()

    @on(Composer.Written)
    def _written(self, event: Composer.Written) -> None:
        event.stop()
        if event.mode == "position":
            knot = self._knot()
            if knot is None and not self.sends_now("position.add"):
                # No position goes with the group elsewhere, knot or not: "choose the knot"
                # sent the person the wrong way (naive s17 F3).
                self.give_back(event.sent, self.unsent_line(self.state.phase))
                return
            if knot is None:
                self.give_back(
                    event.sent,
                    _("Choose the knot your position is about with ↑ ↓; your text stays here."),
                )
                self._knot_asked = self.query_one(Notice).message  # goes once one is chosen
                return
            self.send(event, "position.add", bodies.position_body(knot.id, event.text))
        elif event.mode == "argument":
            position, stance = event.target
            self.send(event, "argument.add", bodies.argument_body(position, stance, event.text))
        elif event.mode == "note":
            target, note_type = event.target
            self.send(event, "note.add", bodies.note_body(target, note_type, event.text))
        else:
            self.write_edit_or_retract(event)

    @on(Composer.Cancelled)
    def _cancelled(self, event: Composer.Cancelled) -> None:
        event.stop()
        self._detail()
        focus_now(self.composer.input)  # Escape never moves typing into a list

    def contributed(self, kind: str, body: dict[str, Any], error: str | None) -> None:
        """The session screen's answer to our ``Contribute`` (a refusal gives the text back)."""
        if self.finish_writing(kind, body, error):
            self._detail()
