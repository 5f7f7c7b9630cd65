"""Who is at the table: the groups concerned, marked present, reached or missing.

In the opening the group lists the groups a question concerns (residents, shopkeepers, youth,
people in poverty, the municipality…) and marks each; a missing group can become an action — who
reaches out to them? Any member may do all of it, in any phase. The list starts with no row
chosen (docs/focus.md); its letter keys act only while it has the focus: ``1`` present, ``2``
reached, ``3`` missing, ``w`` who reaches out (an action for that group, typed in the box), ``e``
a better name for a group one added (typed in the box). A key is offered only when the fold
would take what it writes: no ``1`` between meetings, no ``w`` for a group present before Act.
"""

from __future__ import annotations

import time
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.geometry import Region
from textual.widgets import DataTable, Input, Static
from textual.widgets.input import Selection

from beraad.core import session as bodies
from beraad.core.actions import (
    GROUP_STATUS,
    may_add_actions,
    may_rename_group,
    may_write,
    shares_the_map,
    shown_status,
)
from beraad.core.kinds import MAX_NAME, MAX_TEXT
from beraad.core.state import SessionState
from beraad.i18n import N_, _, ngettext
from beraad.ui.plain import cell
from beraad.ui.widgets.composer import focus_now, with_text
from beraad.ui.widgets.free_text_box import SendingFreeText
from beraad.ui.widgets.phase_bar import phase_label
from beraad.ui.widgets.steady_scroll import ListTable
from beraad.ui.widgets.tally_format import clip
from beraad.ui.widgets.unchanged import update
from beraad.ui.widgets.vote_notice import Notice

#: The list's keys, under the table map's title; the facilitator's ``e`` renames any group.
#: "Tab" named: a first-timer tried ↑ to reach the list, and 1 went into the box (naive s11
#: F-minor-4).
HINT = N_(
    "Which groups does it concern? Type one below. Tab to the list: 1 present, 2 reached, "
    "3 missing, w who reaches out, e renames yours; then Enter."
)
FACILITATOR_HINT = N_(
    "Which groups does it concern? Type one below. Tab to the list: 1 present, 2 reached, "
    "3 missing, w who reaches out, e renames any group; then Enter."
)

#: For whoever may not add or mark groups (a guest): what the list is, not keys to type
#: (naive s9 finding 13: "Type one below", then "There is nothing to type in here now").
READ_HINT = N_(
    "The groups this concerns, and whether they are at the table: ● present, ◐ reached, ○ missing."
)

#: The group column's width beside a status column of 18.
GROUP_WIDTH = 28
#: Who reaches out: with the two above, the table leaves room for its scroll bar at 80
#: columns. At 24 a seventh group brought the bar, the columns no longer fit, a sideways
#: bar took a row, and End shifted every column ("roup", "esidents": naive s17 F6).
ACTIONS_WIDTH = 22
#: The groups the list shows at once; it scrolls past them.
ROWS_SHOWN = 7

MARKS = {"present": "●", "was_present": "◌", "reached": "◐", "missing": "○", None: "·"}


def _answers(kind: str, body: dict[str, Any], asked: str, asked_body: dict[str, Any]) -> bool:
    """Is the node's answer about what was asked? (The body comes back with a speaker.)"""
    return kind == asked and all(body.get(k) == v for k, v in asked_body.items())


#: The table's columns, in order.
COLUMNS = ("name", "status", "actions")


class GroupBox(SendingFreeText):
    """The group box: a name stops at the length the fold takes, and says so in words (a
    renamed group's name was cut at 60 characters without a word); a name holds no bidi
    mark (``plain_line``). Asking who reaches out, it holds an action's text."""

    def restricted(self) -> None:
        if self.max_length and len(self.value) >= self.max_length:
            if (notice := self._notice()) is not None:
                said = _("A group's name holds at most {n} characters: the rest is not typed.")
                if notice.message != said.format(n=self.max_length):
                    notice.inform(said.format(n=self.max_length))
                    notice.call_after_refresh(notice.scroll_visible, animate=False)
                self.said = notice.message
            return
        super().restricted()

    asked_where: bool = False
    """Its words' first Enter, with the group in another phase, asked instead of adding."""

    said = ""
    """What the line under the box last said of the words in it (their limit, where they
    go), until it is emptied: the node's answer to earlier words leaves that line."""

    begun_in: str | None = None
    """The group's phase when these words began: begun while it was in the Opening, they
    were meant for it, and the move meanwhile asks nothing (naive s6: the view stays)."""

    def _notice(self) -> Notice | None:
        table_map = self.parent
        if not isinstance(table_map, TableMap):
            return None
        return table_map.query_one("#group-notice", Notice)

    def paste(self, text: str) -> None:
        """A paste of several lines is one name (the record holds one line): said, or three
        groups pasted as a list became one group without a word (naive s18 N4)."""
        super().paste(text)
        lines = [line for line in text.splitlines() if line.strip()]
        notice = self._notice()
        if len(lines) > 1 and notice is not None and self.value:
            notice.inform(
                _(
                    "{n} lines pasted as one name: Enter adds one group by that name. Paste "
                    "or type one group at a time to add each."
                ).format(n=len(lines))
            )
            notice.call_after_refresh(notice.scroll_visible, animate=False)
            self.said = notice.message

    def _watch_value(self, value: str) -> None:
        if not value:
            self.asked_where = False  # emptied: the next name is asked about again
            self.begun_in = None
            notice = self._notice() if self.said and self.is_attached else None
            if notice is not None and notice.message == self.said:
                # What it said of the words gone (their limit, a paste joined) goes with
                # them: it stayed under the box after Ctrl+U (naive s18 N4).
                notice.clear()
            self.said = ""
        elif self.begun_in is None and self.is_attached:
            self.begun_in = getattr(self.screen, "group_phase", None)
        super()._watch_value(value)

    async def action_submit(self) -> None:
        """A new group's first Enter while the group is in another phase adds nothing and
        says what it would do: F3 once too many from Act lands here, and an action typed
        there became a group at the table, signed at once (naive s15 F4)."""
        table_map = self.parent
        group = getattr(self.screen, "group_phase", None) if self.is_attached else None
        if (
            isinstance(table_map, TableMap)
            and table_map.reaching is None
            and table_map.renaming is None
            and group not in (None, "opening")
            and self.value.strip()
            and not self.asked_where
            and self.begun_in != "opening"
        ):
            self.asked_where = True
            notice = table_map.query_one("#group-notice", Notice)
            notice.inform(
                _(
                    "Not added yet: the group is in {phase}, and this box adds a group "
                    "concerned to the Opening's table map. Enter again adds it; Ctrl+U "
                    "clears it."
                ).format(phase=phase_label(group))
            )
            notice.call_after_refresh(notice.scroll_visible, animate=False)
            self.said = notice.message
            return
        await super().action_submit()


class TableMap(Vertical):
    DEFAULT_CSS = """
    TableMap { height: auto; }
    TableMap #groups { max-height: 8; }
    TableMap #group-mode { height: auto; color: $text-accent; text-style: bold; }
    """
    row_actions = frozenset(("mark", "reach_out", "rename"))
    """Keys on the chosen group: they propose, Enter does it (``phases/proposal.py``)."""
    BINDINGS = [
        Binding("1", "mark('present')", N_("Present")),
        Binding("2", "mark('reached')", N_("Reached")),
        Binding("3", "mark('missing')", N_("Missing")),
        # Short words, so the list's own keys all fit a Dutch footer at 80 columns, rename
        # too (naive s9b finding 9: "e" was named in the hint and help, never in the footer).
        Binding("w", "reach_out", N_("Reach out")),
        Binding("e", "rename", N_("Rename")),
        Binding("escape", "cancel", show=False),
    ]

    def __init__(self, view: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.view = view  # the phase view whose Contribute the session screen answers
        self.state: SessionState | None = None
        self.reaching: str | None = None
        """The group a new action reaches out to, while the box asks for it."""
        self.renaming: str | None = None
        """The group whose new name the box asks for."""
        self.sent: list[tuple[str, dict[str, Any], str, str | None, str | None]] = []
        """What Enter sent and the node has not answered: kind, body, text, and what the box
        asked (reaching, renaming), to give it back on a refusal."""
        self._shown: list[tuple[str, tuple[str, ...]]] = []
        """The rows the table shows: each group's key and its cells' words."""
        self.rows_rebuilt = 0
        self._bring: str | None = None
        """The name of one's own group just added, until its row is brought into sight."""
        """Times the whole table was filled anew (tests count work with it)."""

    def compose(self) -> ComposeResult:
        yield Static(_("Who is at the table"), classes="opening-title")
        yield Static(_(HINT), classes="hint", id="groups-hint")
        table: DataTable[Any] = ListTable(cursor_type="row", show_cursor=False, id="groups")
        # The status column fits its longest word in this language ("· nog niet aangeduid" was
        # cut at 18); the group's name gives up what it takes.
        status_width = 2 + max(len(_(label)) for label in GROUP_STATUS.values())
        table.add_column(_("Group"), key="name", width=GROUP_WIDTH + 18 - status_width)
        table.add_column(_("Status"), key="status", width=status_width)
        table.add_column(_("Reaching out"), key="actions", width=ACTIONS_WIDTH)
        yield table
        # It quotes the group's name as a member typed it: words, never markup.
        yield Static("", id="group-mode", markup=False)
        yield GroupBox(
            placeholder=_("a group concerned (residents, youth…), Enter adds it"),
            id="group-text",
            select_on_focus=False,
            max_length=MAX_NAME,  # typing stops where the name would be refused
            plain_line=True,
        )
        yield Notice(id="group-notice")

    # Drawing --------------------------------------------------------------------------------

    def show(self, state: SessionState) -> None:
        """Show the groups: only rows that changed are written, new ones added at the end
        (a flood of groups must not rebuild hundreds of rows for each one)."""
        self.state = state
        table = self.query_one("#groups", DataTable)
        chosen = self.chosen()
        rows = self._rows(state, table.columns[COLUMNS[0]].width)
        old = self._shown
        if rows != old:
            self._shown = rows
            same_start = len(rows) >= len(old) and all(
                new[0] == was[0] for new, was in zip(rows, old, strict=False)
            )
            if not same_start:
                table.clear()
                old = []
                self.rows_rebuilt += 1
            for (key, cells), (_key, was) in zip(rows, old, strict=False):
                for column, value, before in zip(COLUMNS, cells, was, strict=True):
                    if value != before:
                        table.update_cell(key, column, self._cell(column, value))
            for key, cells in rows[len(old) :]:
                table.add_row(
                    *(self._cell(c, v) for c, v in zip(COLUMNS, cells, strict=True)), key=key
                )
        if chosen is not None and chosen in state.groups:
            table.move_cursor(row=table.get_row_index(chosen))
        table.display = bool(state.groups)
        # As high as its rows from the first frame (a header and one line a group, up to
        # ROWS_SHOWN): Textual measures them only when the table is idle and does not lay
        # the page out again, so the Opening looked at from another phase showed no groups,
        # and the first Enter pushed the box and its question below 80×24 (naive s16 N5).
        height = 1 + min(len(state.groups), ROWS_SHOWN)
        if table.styles.height is None or table.styles.height.value != height:
            table.styles.height = height
        self._bring_into_sight()
        me = getattr(self.view, "_me", "")
        writes = may_write(state, me, "group.add")
        self.query_one("#group-text", Input).display = writes
        # The facilitator renames any group (naive finding: the hint said "yours" only).
        keeps_map = me == state.facilitator and shares_the_map(state, time.time_ns() // 1_000_000)
        hint = FACILITATOR_HINT if keeps_map else HINT if writes else READ_HINT
        update(self.query_one("#groups-hint", Static), _(hint))

    def _rows(self, state: SessionState, name_width: int) -> list[tuple[str, tuple[str, ...]]]:
        """Each group's key and the words of its cells."""
        reaching: dict[str, list[Any]] = {}
        for action in state.actions.values():
            if action.live:
                reaching.setdefault(action.group, []).append(action)
        rows = []
        for group in state.groups.values():
            shown = shown_status(state, group)
            status = _(GROUP_STATUS.get(shown, GROUP_STATUS[None]))
            theirs = reaching.get(group.id, [])
            pullers = {p for a in theirs for p in a.pullers}
            if theirs:  # in words: "1× · nobody yet" was cryptic (naive s11 F-minor-24)
                who = ", ".join(state.name(p) for p in pullers)
                n = len(theirs)
                out = (
                    ngettext("{n} action: {who}", "{n} actions: {who}", n).format(n=n, who=who)
                    if who
                    else ngettext("{n} action, not pulled", "{n} actions, not pulled", n).format(
                        n=n
                    )
                )
            else:
                out = ""
            rows.append(
                (
                    group.id,
                    (
                        clip(group.name, name_width),
                        f"{MARKS.get(shown, '·')} {status}",
                        clip(out, ACTIONS_WIDTH),
                    ),
                )
            )
        return rows

    def _bring_into_sight(self) -> None:
        """One's own new group comes into sight in the list, which shows seven at 80×24: the
        eighth was added below them, the box emptied, and the word seemed lost (naive s17
        F6). New groups come last, so its row is found by its name from the end."""
        state, name = self.state, self._bring
        if state is None or name is None:
            return
        table = self.query_one("#groups", DataTable)
        found = next(
            (
                key
                for key, _cells in reversed(self._shown)
                if state.groups.get(key) and state.groups[key].name == name
            ),
            None,
        )
        if found is None:
            return
        self._bring = None
        y = table.get_row_index(found) + (table.header_height if table.show_header else 0)
        table.call_after_refresh(
            table.scroll_to_region, Region(0, y, 1, 1), animate=False, force=True
        )

    @staticmethod
    def _cell(column: str, value: str) -> Text:
        # Names and who reaches out are as members typed them: words, never markup.
        return Text(value) if column == "status" else cell(value)

    def chosen(self) -> str | None:
        table = self.query_one("#groups", DataTable)
        if not table.row_count or not table.show_cursor:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return str(key.value) if key.value is not None else None

    def on_key(self, event: events.Key) -> None:
        """↓ in the list chooses the first row (no row is chosen on arrival). Home and End
        choose the first and the last: Textual's End scrolled sideways, where there is
        nothing to scroll, so it did nothing (naive s18)."""
        table = self.query_one("#groups", DataTable)
        ends = {"home": 0, "end": table.row_count - 1}
        if not table.has_focus or not (
            event.key in ends or (not table.show_cursor and event.key in ("up", "down"))
        ):
            return
        event.stop()
        event.prevent_default()
        if table.row_count:
            table.show_cursor = True
            table.move_cursor(row=ends.get(event.key, 0))
            self.refresh_bindings()

    def tab_target(self) -> DataTable[Any] | None:
        """Tab in the box is the list, as in every view (naive finding: it went round to the
        rules at the top of the opening, out of sight); ``KeyRouting.action_focus_next``."""
        table = self.query_one("#groups", DataTable)
        box = self.query_one("#group-text", Input)
        if box.has_focus and table.display:
            self.call_after_refresh(table.scroll_visible, animate=False)
            if table.row_count and not table.show_cursor:
                # Tabbed to on purpose: the first group is chosen, so the footer shows the
                # list's keys at once and they act (naive s5: none showed until ↓, and the
                # letters went on into the group box, so "e" then a name added a new group).
                table.show_cursor = True
                table.move_cursor(row=0)
                self.refresh_bindings()
            return table
        if box.has_focus and box.display:
            # No group yet, so no list: Tab stays in the box (it went to the page around it,
            # where no mark shows and typed words vanished: naive s6b G), and says why.
            notice = self.query_one("#group-notice", Notice)
            if not notice.has_class("-refused"):
                notice.inform(_("No groups yet, so no list: type one here, Enter adds it."))
                self.call_after_refresh(notice.scroll_visible, animate=False)
            return box
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        kinds = {"mark": "group.mark", "reach_out": "action.add", "rename": "group.rename"}
        if action in kinds:
            state, me = self.state, getattr(self.view, "_me", "")
            if state is None or not may_write(state, me, kinds[action]):
                return False  # a guest or an observer is not offered it
            table = self.query_one("#groups", DataTable)
            chosen = self.chosen()
            if not table.has_focus or chosen is None or chosen not in state.groups:
                return False
            if action == "rename":  # on a group one may not rename, the key says why (it
                return True  # did nothing and said nothing); ``action_rename`` asks who may
            return self.would_take(state, me, action, chosen, parameters)
        return True

    def would_take(
        self, state: SessionState, me: str, action: str, chosen: str, parameters: tuple[object, ...]
    ) -> bool:
        """Would the fold take what ``action`` writes on the chosen group (``core/actions.py``)?
        A key it refuses with a reason is not offered (the naive tester met those reasons)."""
        group = state.groups[chosen]
        if action == "mark":
            status = parameters[0] if parameters else None
            if status == shown_status(state, group):
                return False  # already so: nothing to write
            return not (status == "present" and state.between_meetings)
        if action == "reach_out":  # before Act only a group not at the table is reached out to
            return may_add_actions(state) or group.status != "present"
        # rename: who added it, or the facilitator (a record signed now)
        return may_rename_group(state, group, me, time.time_ns() // 1_000_000)

    @on(DataTable.RowHighlighted, "#groups")
    def _moved(self) -> None:
        self.refresh_bindings()

    # Acting ---------------------------------------------------------------------------------

    def _contribute(self, kind: str, body: dict[str, Any]) -> None:
        from beraad.ui.phases.base import PhaseView

        # Sent by this part itself (``Contribute.by``), whoever runs the action: run in the
        # view's own queue (Enter under "since last time"), the message was the view's, and
        # Textual stops a message after the parent that sent it, so the mark never reached
        # the session screen.
        self.post_message(PhaseView.Contribute(kind, body, self.view).by(self))

    def action_mark(self, status: str) -> None:
        chosen = self.chosen()
        state = self.state
        if chosen is None or state is None or chosen not in state.groups:
            return
        if shown_status(state, state.groups[chosen]) == status:
            return  # already so: nothing to sign
        self._contribute("group.mark", bodies.group_mark_body(chosen, status))

    def action_reach_out(self) -> None:
        chosen = self.chosen()
        state = self.state
        if chosen is None or state is None or chosen not in state.groups:
            return
        self._ask_reach_out(chosen)

    def _ask_reach_out(self, chosen: str) -> None:
        assert self.state is not None
        state = self.state
        self.reaching, self.renaming = chosen, None
        name = state.groups[chosen].name
        self.query_one("#group-mode", Static).update(
            _("Who reaches out to {group}? Write the action (Escape cancels)").format(group=name)
        )
        box = self.query_one("#group-text", Input)
        box.max_length, box.plain_line = MAX_TEXT, False  # an action's text, not a name
        box.value = _("Reach out to {group}").format(group=name)
        # The offered words are selected: typing replaces them, ← → or End keep them to go
        # on. With the cursor after them, "Call the youth council" was glued on and signed
        # as "Reach out to jongerenCall the youth council" (naive s13 N16).
        box.selection = Selection(0, len(box.value))
        box.placeholder = _("the action, Enter adds it")
        focus_now(box)

    def refuses(self, action: str, parameters: tuple[object, ...]) -> str | None:
        """Why the chosen group's key would be refused, said when the key is pressed rather
        than after its Enter (``PhaseView._row_key_proposes``); None: it would act."""
        chosen, state = self.chosen(), self.state
        if action != "rename" or chosen is None or state is None or chosen not in state.groups:
            return None
        me = getattr(self.view, "_me", "")
        if may_rename_group(state, state.groups[chosen], me, time.time_ns() // 1_000_000):
            return None
        return _("Only who added {group}, or the facilitator, renames it.").format(
            group=state.groups[chosen].name
        )

    def action_rename(self) -> None:
        """Ask for the chosen group's new name in the box, starting from the name it has; a
        group someone else added is renamed by them or the facilitator, and the key says so."""
        chosen = self.chosen()
        state = self.state
        if chosen is None or state is None or chosen not in state.groups:
            return
        why = self.refuses("rename", ())
        if why is not None:
            self.query_one("#group-notice", Notice).refused(why)
            return
        self._ask_rename(chosen)

    def _ask_rename(self, chosen: str) -> None:
        assert self.state is not None
        self._say_rename(chosen)
        box = self.query_one("#group-text", Input)
        box.value = self.state.groups[chosen].name
        box.cursor_position = len(box.value)
        focus_now(box)

    def _say_rename(self, chosen: str) -> None:
        """The box asks for ``chosen``'s new name: its line above and its placeholder."""
        assert self.state is not None
        self.reaching, self.renaming = None, chosen
        name = self.state.groups[chosen].name
        self.query_one("#group-mode", Static).update(
            _("A new name for {group} (Escape cancels)").format(group=name)
        )
        box = self.query_one("#group-text", Input)
        box.max_length, box.plain_line = MAX_NAME, True
        box.placeholder = _("the group's new name, Enter renames it")

    def asking(self) -> tuple[str | None, str | None]:
        """What the box asks for: the group reached out to, the group renamed (or neither)."""
        return self.reaching, self.renaming

    def take_back(self, asked: tuple[str | None, str | None], state: SessionState) -> None:
        """A language switch composed the table anew: the box asks again what it asked, in
        the new language, so Enter renames the group being renamed rather than adding a new
        one (naive s17 F3). The words typed and the focus are the switch's (``_restore``)."""
        reaching, renaming = asked
        self.state = state
        if renaming is not None and renaming in state.groups:
            self._say_rename(renaming)
        elif reaching is not None and reaching in state.groups:
            self.reaching, self.renaming = reaching, None
            self.query_one("#group-mode", Static).update(
                _("Who reaches out to {group}? Write the action (Escape cancels)").format(
                    group=state.groups[reaching].name
                )
            )
            box = self.query_one("#group-text", Input)
            box.max_length, box.plain_line = MAX_TEXT, False
            box.placeholder = _("the action, Enter adds it")

    def action_cancel(self) -> None:
        """Escape while asking who reaches out or a new name: back to the group box, empty."""
        if self.reaching is not None or self.renaming is not None:
            self._reset()
            self.query_one("#group-text", Input).value = ""

    def _reset(self) -> None:
        self.reaching = None
        self.renaming = None
        self.query_one("#group-mode", Static).update("")
        box = self.query_one("#group-text", Input)
        box.placeholder = _("a group concerned (residents, youth…), Enter adds it")
        box.max_length, box.plain_line = MAX_NAME, True

    @on(Input.Submitted, "#group-text")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value.strip()
        if not text:
            return
        if self.reaching is not None:
            kind, body = "action.add", bodies.action_body(text, group=self.reaching)
        elif self.renaming is not None:
            name = " ".join(text.split())
            kind, body = "group.rename", bodies.group_rename_body(self.renaming, name)
        else:
            kind, body = "group.add", bodies.group_body(" ".join(text.split()))
        # The box emptied itself on Enter; it asks for a group again at once, so what is typed
        # next is the next group, not a second name for this one.
        self.sent.append((kind, body, text, self.reaching, self.renaming))
        self._reset()
        self._contribute(kind, body)

    def answered(self, kind: str, body: dict[str, Any], error: str | None) -> None:
        """The node's answer: on success the box is cleared, on a refusal the text stays."""
        notice = self.query_one("#group-notice", Notice)
        sent = next((s for s in self.sent if _answers(kind, body, s[0], s[1])), None)
        if sent is not None:
            self.sent.remove(sent)
        if error is None:
            box = self.query_one("#group-text", GroupBox)
            if not (box.value and notice.message == box.said):
                # A line the box said of the words typed since stays ("holds at most 60
                # characters", typed while the answer was on its way, went with it under
                # load: suite15's burst of 63 letters).
                notice.clear()
            if kind == "group.add":
                self._bring = str(body.get("name", ""))
                self._bring_into_sight()
            return
        box = self.query_one("#group-text", Input)
        free = not box.value and self.reaching is None and self.renaming is None
        if sent is None:
            notice.refused(error)
        elif free:  # back in the box, asking what it asked, with the words to correct
            _kind, _body, text, reaching, renaming = sent
            groups = self.state.groups if self.state is not None else {}
            if reaching in groups:
                self._ask_reach_out(reaching)
            elif renaming in groups:
                self._ask_rename(renaming)
            box.value = text
            box.cursor_position = len(text)
            notice.refused(error)
        else:  # the person types on: the refused words are quoted, what they type stays
            notice.refused(with_text(error, sent[2]))
