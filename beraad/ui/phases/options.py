"""Options: propose solutions and build on each other's, edit or retract your own.

"Builds on" is the heart of co-creation: a new option names the ones it grows from, so the list
shows where ideas came from. Nobody can change someone else's option; an edit is a new version
and a retraction stays visible, with its reason.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.geometry import Region, Spacing
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static
from textual.widgets.data_table import ColumnKey

from beraad.core import session as model
from beraad.core.state import Option, SessionState
from beraad.i18n import N_, _
from beraad.ui.cafe_view import table_mark
from beraad.ui.parts import part
from beraad.ui.phases.base import MEETING_KINDS, UNCHANGED, VOTE_KINDS, PhaseView
from beraad.ui.phases.knots import cite_marks
from beraad.ui.plain import cell, closed_lines
from beraad.ui.widgets.composer import fill, no_room, with_text
from beraad.ui.widgets.free_text_box import SendingFreeText
from beraad.ui.widgets.meeting_status import voice_label
from beraad.ui.widgets.steady_scroll import ListTable
from beraad.ui.widgets.tally_format import Legend, clip
from beraad.ui.widgets.vote_notice import Notice

TEXT_WIDTH = 40
#: The "By" column at 80 columns, and at most on a wide screen (from ``WIDE_TABLE`` columns).
BY_WIDTH, BY_WIDE, WIDE_TABLE = 12, 32, 120
#: Options taken back are listed one by one up to this many; more are folded into one row
#: that Enter opens (attack s11 finding 5: one member adding and taking back 2,500 buried
#: the 12 live options under 2,500 rows, and built them all at every opening).
FOLD_TAKEN_BACK = 10
#: The key of that row: no option's (record ids are hex).
TAKEN_BACK_ROW = "taken-back"


class OptionsView(PhaseView):
    phase: ClassVar[str] = "options"
    unaffected_by = VOTE_KINDS | MEETING_KINDS | {"weight.set"}
    row_actions = frozenset(("build_on", "edit", "retract"))
    DEFAULT_CSS = """
    OptionsView { height: 1fr; padding: 0 1; }
    OptionsView #options { height: 1fr; min-height: 4; }
    OptionsView #mode { color: $text-accent; text-style: bold; height: auto; }
    """
    BINDINGS = [
        Binding("b", "build_on", N_("Build on")),
        Binding("e", "edit", N_("Edit mine"), show=False),
        # r as in every other phase; x still works for whoever learned it here.
        Binding("r,x", "retract", N_("Take back"), show=False),
        Binding("escape", "cancel", N_("Cancel"), show=False),
    ]

    def __init__(self, session: str, **kwargs: Any) -> None:
        super().__init__(session, **kwargs)
        self.state: SessionState | None = None
        self.me = ""
        self.mode = "add"  # "add", "build", "edit" or "retract"
        self.target: str | None = None
        self._edit_from: tuple[str | None, str] | None = None
        self._pending = ""
        self._text_width = TEXT_WIDTH
        self._by_width = BY_WIDTH
        #: One's own new option, kept in sight until a row is chosen (``added``).
        self._in_sight: str | None = None
        #: The options taken back are listed (the person opened their folded row).
        self._taken_back_open = False

    def compose(self) -> ComposeResult:
        yield Static(
            _(
                "Propose solutions and build on each other's. In the list, a key then Enter: "
                "b builds on the chosen option, e edits and r takes back your own."
            ),
            classes="hint",
        )
        table: DataTable[Any] = ListTable(
            cursor_type="row", zebra_stripes=True, show_cursor=False, id="options"
        )
        table.add_column("", key="letter")
        table.add_column(_("Option"), key="text", width=TEXT_WIDTH)
        table.add_column(_("By"), key="by", width=12)
        table.add_column(_("Builds on"), key="builds", width=10)
        yield table
        yield Static("", id="mode")
        yield SendingFreeText(
            placeholder=_("A new option, then Enter"),
            id="option-text",
            select_on_focus=False,  # on_key puts the first letter in: keep it
        )
        yield Notice(id="notice")

    def text_box(self) -> Widget | None:
        return part(self, "#option-text", Input)  # None: not composed yet

    def may(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Building on an option adds one: offered only where options can be added (from
        Decide, `b Build on` showed over a box that every Enter was refused in)."""
        if action == "build_on":
            return self.sends_now("option.add")
        return True

    def takes_typing(self, state: SessionState) -> bool:
        return self.mode in ("edit", "retract") or state.phase == "options"

    def show(self, state: SessionState, me: str) -> None:
        self.state, self.me = state, me
        legend = Legend.of(state)
        table = self.query_one("#options", DataTable)
        chosen = self.chosen()
        ordered = list(state.options.values())  # the fold's order, as the letters
        table.clear()
        self._by_width = self._by_room(table, state)
        table.columns[ColumnKey("by")].width = self._by_width
        self._text_width = self._room(table)
        table.columns[ColumnKey("text")].width = self._text_width
        taken_back = sum(not option.live for option in ordered)
        folded = taken_back > FOLD_TAKEN_BACK and not self._taken_back_open
        for option in ordered:
            if folded and not option.live:
                continue
            # A long option wraps over lines in the room there is, not cut: the row is as
            # high as its cells' lines there (``_height``).
            row = self._row(state, legend, option)
            table.add_row(*row, key=option.id, height=self._height(table, row))
        if folded:
            said = _("{n} options taken back: Enter lists them").format(n=taken_back)
            row = ("", Text(said, style="italic"), "", "")
            table.add_row(*row, key=TAKEN_BACK_ROW)
        if chosen is not None and chosen in state.options:
            table.move_cursor(row=table.get_row_index(chosen))
            self._in_sight = None  # a row chosen: the list follows it
        elif self._in_sight in state.options:
            self.call_after_refresh(self._bring_in_sight)  # the rows' heights are known then
        self._show_mode()

    def added(self, record: str) -> None:
        """One's own new option is scrolled into sight, now or when it comes, and kept there
        until a row is chosen (naive s9 finding 11: the 51st option was off screen, and its
        author thought it lost). A peer's option never scrolls the list."""
        self._in_sight = record
        if self.state is not None and record in self.state.options:
            self.call_after_refresh(self._bring_in_sight)

    def _bring_in_sight(self) -> None:
        table = self.query_one("#options", DataTable)
        if self._in_sight is None or self._in_sight not in table.rows or table.show_cursor:
            return
        index = table.get_row_index(self._in_sight)
        rows = table.ordered_rows
        header = table.header_height if table.show_header else 0
        top = header + sum(row.height for row in rows[:index])  # as Textual's own cursor
        region = Region(0, top, 1, rows[index].height)
        table.scroll_to_region(region, spacing=Spacing(header, 0, 0, 0), animate=False)

    def _room(self, table: DataTable[Any]) -> int:
        """The option column's width: what the other columns leave (at least ``TEXT_WIDTH``)."""
        # Its own size, not its place on screen: a view laid out behind has no place yet.
        width = table.container_size.width - table.scrollbar_size_vertical
        if not width:
            return TEXT_WIDTH
        others = sum(
            column.get_render_width(table) for key, column in table.columns.items() if key != "text"
        )
        return max(TEXT_WIDTH, width - others - 2 * table.cell_padding - 1)

    def _by_room(self, table: DataTable[Any], state: SessionState) -> int:
        """The "By" column: 12 at 80 columns; on a wide screen as wide as the longest name
        (up to ``BY_WIDE``): at 200×50 it cut "Bart (GR2Q-…" beside an option column of ~150
        (naive s9 finding 12)."""
        width = table.container_size.width
        if width < WIDE_TABLE:
            return BY_WIDTH
        names = (voice_label(state, o.author, o.speaker) for o in state.options.values())
        return min(BY_WIDE, max([BY_WIDTH, *(cell_len(name) for name in names)]))

    def on_resize(self) -> None:
        """Lay the options out again only when the option column's room changed: every view
        switch resizes the view, and re-adding the rows made Textual measure each option's
        wrapped text again (60 options: the largest cost of a switch to Options)."""
        table = self.query_one("#options", DataTable)
        if self.state is not None and (
            self._room(table) != self._text_width
            or self._by_room(table, self.state) != self._by_width
        ):
            self.show(self.state, self.me)

    def _height(self, table: DataTable[Any], row: tuple[Any, ...]) -> int:
        """The lines a row takes: its cells wrapped at their columns' widths, as the table
        draws them. Left to the table (``height=None``), it drew every cell of every option
        to measure it, in the idle moment after each ``show`` (60 options at 5,000
        contributions: 240 cells drawn twice at the view's mount behind, the most of its
        cost), where only the rows in view are drawn, when painted."""
        console = self.app.console
        lines = 1
        for column, value in zip(table.ordered_columns, row, strict=True):
            if column.width and not column.auto_width:
                text = value if isinstance(value, Text) else Text.from_markup(str(value))
                if not text.no_wrap:
                    lines = max(lines, len(text.wrap(console, column.width)))
        return lines

    def _row(self, state: SessionState, legend: Legend, option: Option) -> tuple[Any, ...]:
        note = ""
        if not option.live:
            reason = f": {option.retract_reason}" if option.retract_reason else ""
            note = clip(" " + _("(retracted{reason})").format(reason=reason), 26)
        elif option.edited:
            note = " " + _("(edited)")
        label = Text(  # at most three lines, in the room there is
            clip(option.text, 3 * self._text_width - len(note)),
            style="" if option.live else "strike",
        )
        label.append(note, style="italic")
        label.append(table_mark(state, option.id), style="dim")
        label.append_text(cite_marks(state, option))
        label = closed_lines(label, self._text_width)  # an override ends on its own line
        builds = ", ".join(legend.option(o) for o in option.builds_on)
        # a name, not markup; the spoken-for person first (scribe mode)
        by = cell(clip(voice_label(state, option.author, option.speaker), self._by_width))
        return (legend.option(option.id), label, by, builds)

    def chosen(self) -> str | None:
        table = self.query_one("#options", DataTable)
        if not table.row_count or not table.show_cursor:
            return None  # no row chosen yet (↓ chooses the first)
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        if key.value is None or key.value == TAKEN_BACK_ROW:
            return None
        return str(key.value)

    def _show_mode(self) -> None:
        mode = self.query_one("#mode", Static)
        field = self.query_one("#option-text", Input)
        legend = Legend.of(self.state) if self.state else None
        name = legend.option(self.target) if legend and self.target else ""
        texts = {
            "add": ("", _("A new option, then Enter")),
            "build": (
                _("Building on {option} (Escape cancels)").format(option=name),
                _("Your option that builds on it, then Enter"),
            ),
            "edit": (
                _("Editing your option {option} (Escape cancels)").format(option=name),
                _("The new text, then Enter"),
            ),
            "retract": (
                _("Retracting your option {option} (Escape cancels)").format(option=name),
                _("Why (optional), then Enter"),
            ),
        }
        line, placeholder = texts[self.mode]
        # The box is offered only where an option can be added (looking back from Decide,
        # every Enter was refused), or while it holds words or is asked for an edit.
        field.display = (
            self.state is None
            or self.mode in ("edit", "retract")
            or bool(field.value.strip())
            or self.sends_now("option.add")
        )
        full = no_room(self.state, "options") if self.mode in ("add", "build") else None
        if full is not None:  # said before the 101st is typed (the fold would refuse it),
            line = full[:1].upper() + full[1:] + "."  # above the box: it stays while typing
        mode.update(line)
        mode.display = bool(line)
        field.placeholder = placeholder

    def _set_mode(self, mode: str, target: str | None = None, text: str = "") -> None:
        self.mode, self.target = mode, target
        self._edit_from = (target, text) if mode == "edit" else None
        field = self.query_one("#option-text", Input)
        fill(field, text)
        self._show_mode()
        field.focus()

    def no_row_chosen(self, widget: Widget | None) -> bool:
        return isinstance(widget, DataTable) and widget.id == "options" and not self.chosen()

    def on_key(self, event: events.Key) -> None:
        """The list starts with no row chosen, like every list: Tab then ↓ is the first row,
        not the second. A printable key before that is text (``PhaseView.on_key``): a person
        starts typing at once, and there a letter would be a key."""
        table = self.query_one("#options", DataTable)
        if table.has_focus and not table.show_cursor and event.key in ("up", "down"):
            event.stop()
            event.prevent_default()
            if table.row_count:
                table.show_cursor = True
                table.move_cursor(row=0)
                self.refresh_bindings()

    @on(DataTable.RowSelected, "#options")
    def _clicked(self, event: DataTable.RowSelected) -> None:
        """A click (or Enter) on a row chooses it, as ↓ does; on the row of the options
        taken back, it lists them, the first of them chosen."""
        table = self.query_one("#options", DataTable)
        if not table.show_cursor:
            table.show_cursor = True
            self.refresh_bindings()
        elif event.row_key.value == TAKEN_BACK_ROW and self.state is not None:
            self._taken_back_open = True
            self.show(self.state, self.me)
            first = next(o.id for o in self.state.options.values() if not o.live)
            table.move_cursor(row=table.get_row_index(first))

    def _own_live(self) -> Option | None:
        chosen = self.chosen()
        notice = self.query_one(Notice)
        if self.state is None or chosen is None:
            notice.refused(_("Choose an option in the list first."))
            return None
        option = self.state.options[chosen]
        if option.author != self.me:
            notice.refused(_("You can only change your own options; build on it instead."))
            return None
        if not option.live:
            notice.refused(_("That option was retracted."))
            return None
        return option

    def action_build_on(self) -> None:
        chosen = self.chosen()
        if self.state is None or chosen is None:
            self.query_one(Notice).refused(_("Choose an option in the list first."))
            return
        if not self.state.options[chosen].live:
            self.query_one(Notice).refused(_("That option was retracted."))
            return
        self.query_one(Notice).clear()
        self._set_mode("build", chosen)

    def action_edit(self) -> None:
        option = self._own_live()
        if option is not None:
            self.query_one(Notice).clear()
            self._set_mode("edit", option.id, option.text)

    def action_retract(self) -> None:
        option = self._own_live()
        if option is not None:
            self.query_one(Notice).clear()
            self._set_mode("retract", option.id)

    def action_cancel(self) -> None:
        if self.mode != "add":
            self._set_mode("add")

    def contributed(self, kind: str, body: dict[str, Any], error: str | None) -> None:
        """The session screen's answer to our ``Contribute`` (see ``screens/session.py``)."""
        if error is not None:
            self.refused(kind, error)

    def refused(self, kind: str, message: str) -> None:
        """The session screen could not add our ``kind`` record: say so, keep the text."""
        field = self.query_one("#option-text", Input)
        if self._pending and not field.value:
            fill(field, self._pending)  # the box already emptied on Enter: back in it
            self.query_one(Notice).refused(message)
        else:  # the person types on: the refused words are quoted, what they type stays
            self.query_one(Notice).refused(with_text(message, self._pending))

    @on(Input.Submitted, "#option-text")
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        notice = self.query_one(Notice)
        if self.mode == "retract" and self.target:
            kind, body = "retract", model.retract_body(self.target, text)
        elif not text:
            notice.refused(_("Write the option first."))
            return
        elif self.mode == "edit" and self.target and self._edit_from == (self.target, text):
            notice.inform(_(UNCHANGED))  # Enter on the text as it was signed an edit, and
            self._set_mode("add")  # the option read "(edited)" (naive s12 P15)
            return
        elif self.mode == "edit" and self.target:
            kind, body = "edit", model.edit_body(self.target, text)
        elif self.mode == "build" and self.target:
            kind, body = "option.add", model.option_body(text, [self.target])
        else:
            kind, body = "option.add", model.option_body(text)
        if not self.sends_now(kind) and self.state is not None:
            # Not asked of the node (it said "not possible in phase Decide: adding an
            # option"): the words stay, and why (naive s7 finding 6).
            self._pending = text
            self.refused(kind, self.unsent_line(self.state.phase))
            return
        notice.clear()
        self._pending = text
        self.mode, self.target = "add", None  # the box emptied itself on Enter
        self._show_mode()
        self.contribute(kind, body)
