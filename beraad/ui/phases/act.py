"""Act: turn the decisions into actions, and volunteer to pull them.

Co-creation ends in supported actions with people willing to pull the cart (seed 004): nobody
is assigned here. The list shows each decision with the actions that serve it, who pulls each
and how it goes; the text box below adds an action for the decision chosen in the list. In the
list a member volunteers (``p``), steps back (``l``), and — only while pulling it — says it
started (``s``), is done (``d``) or is stuck (``k``, with a note saying why); ``u`` sets its due
day (whoever pulls it; its author until someone else does). A new action's due day can be given
as it is added, in the field under the box (Tab). What a member may not do is not offered.
"""

from __future__ import annotations

from functools import partial
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Static
from textual.widgets.input import Selection

from beraad.core import session as bodies
from beraad.core.actions import (
    ACTION_STATUS,
    STATUS_MARKS,
    may_add_actions,
    may_set_due,
    may_write,
)
from beraad.core.kinds import validate
from beraad.core.schema import SchemaError, due_date
from beraad.core.state import Action, SessionState
from beraad.i18n import N_, _, current_language
from beraad.ui.app_keys import KeyRouting
from beraad.ui.phases.tree_view import TreeView
from beraad.ui.plain import clip, first_line, shown
from beraad.ui.typed_day import as_iso_day
from beraad.ui.widgets.composer import Composer, fill, focus_now
from beraad.ui.widgets.item_tree import ItemTree, Row
from beraad.ui.widgets.marked_box import MarkedBox
from beraad.ui.widgets.sending_input import InOrderInput
from beraad.ui.widgets.tally_format import Legend
from beraad.ui.widgets.vote_notice import Notice

#: A due day the fold takes, said in the person's language (the ``u`` box and the new action's).
BAD_DUE = N_("A due date is a day written YYYY-MM-DD, between 2000 and 2199: say 2027-03-31.")

#: A key the due day's box does not take (a letter meant for the list, an 11th character).
NOT_A_DAY = N_(
    "“{typed}” was not typed: a due date is a day written YYYY-MM-DD, say 2027-03-31. "
    "Tab goes to the list."
)


class DueBox(InOrderInput):
    """The new action's due day: it takes digits and dashes only, and says so when a key is
    refused (naive s9 finding 15: `p s d`, meant for the list, gave "Due: psd" with no word)."""

    #: What a day written YYYY-MM-DD is made of (ASCII digits: the fold takes no others).
    DAY_KEYS = r"[0-9./-]*"  # and as people write it: 15-1-2027, 15/1/2027 (``typed_day``)

    class Refused(Message):
        """A key the box would not take, to be said under the box."""

        def __init__(self, typed: str) -> None:
            super().__init__()
            self.typed = typed

    _tried = ""

    def replace(self, text: str, start: int, end: int) -> None:
        self._tried = text
        super().replace(text, start, end)

    def restricted(self) -> None:
        self.post_message(self.Refused(self._tried))


#: The box's words while it is empty.
NEW_ACTION = N_("what needs doing; Enter adds it")

#: What a puller can say from the list, and the key for it.
UPDATES = ("started", "done", "stuck")
ROW_ACTIONS = ("pull", "release", "update", "due", "edit", "retract")
#: The record each row action writes (what ``may_write`` is asked about).
ROW_KINDS = {
    "pull": "action.pull",
    "release": "action.release",
    "update": "action.update",
    "due": "action.due",
    "edit": "edit",
    "retract": "retract",
}


def status_label(status: str) -> str:
    return _(ACTION_STATUS.get(status, status))


#: The cells a puller's name takes on an action's row at most (the tables cut names at 12-16).
PULLER_NAME = 16


def pullers_text(state: SessionState, action: Action, me: str, room: int | None = None) -> str:
    """Who pulls it, "you" first-person; or an invitation when nobody does yet.

    With ``room`` (cells, on a row) each name is cut to ``PULLER_NAME`` cells, and the last
    names give way to "+2" where they do not fit: two pullers of 30 Chinese characters each
    took the row's whole tail, the second one gone and the title cut to its least."""
    if not action.pullers:
        return _("nobody pulls it yet")
    names = [_("you") if key == me else state.name(key) for key in action.pullers]
    if room is None:
        return _("pulled by {names}").format(names=", ".join(names))
    names = [clip(name, PULLER_NAME) for name in names]
    for kept in range(len(names), 0, -1):
        more = len(names) - kept
        said = ", ".join(names[:kept]) + (f" +{more}" if more else "")
        words = _("pulled by {names}").format(names=said)
        if cell_len(words) <= room:
            break
    return words


#: What an action's row may take beside the tree's guides at 80 columns before the tree has a
#: size, and the least of its text that stays on it.
ROW_WIDTH = 64
MIN_TEXT = 12
#: The columns of the tree an action's row does not get: its guides (" ├─ ").
ROW_GUIDES = 4


#: The mark of an action taken back, where a live one has its status's (○ ▶ ✓ ⚠).
TAKEN_BACK_MARK = "✗"


def taken_back_label(action: Action, width: int) -> Text:
    """``✗ (taken back) <text struck>``: said in words as Knots says it, not by the strike
    alone, and without its status and pullers — "○ Buurt vragen · open · pulled by you" stayed
    after it was taken back, and a terminal without strike showed it as still to do (naive
    s11b N10)."""
    label = Text(no_wrap=True)
    label.append(f"{TAKEN_BACK_MARK} ", "bold")
    said = _("(taken back)") + " "
    label.append(said, "dim")
    room = width - cell_len(TAKEN_BACK_MARK) - 1 - cell_len(said)
    label.append(clip(first_line(action.text), max(MIN_TEXT, room)), "strike dim")
    return label


def taken_back_words(action: Action) -> str:
    """The detail's line for an action taken back: with its reason, as Knots says it."""
    reason = shown(action.retract_reason).strip()
    return _("Taken back: {reason}").format(reason=reason) if reason else _("(taken back)")


def action_label(state: SessionState, action: Action, me: str, width: int = ROW_WIDTH) -> Text:
    if not action.live:
        return taken_back_label(action, width)
    mark = STATUS_MARKS.get(action.status, "○")
    label = Text(no_wrap=True)
    # An open action nobody pulls is said once ("○ … · nobody pulls it yet"), not as "open"
    # too: the seven columns go to its title (naive s8b finding 13: "Offerte vragen bij…").
    said = [] if action.status == "open" and not action.pullers else [status_label(action.status)]
    status = "".join(f" · {part}" for part in said)
    after = ""
    if action.due:  # on the row, not only in the detail (naive finding): it fits at 80
        after += " · " + _("due {date}").format(date=action.due)
    if action.internal:
        after += " · " + _("internal")
    # The row is one line under its decision at 80 columns: the text gives way so where the
    # action stands and who pulls it always show whole ("· open · nobody pulls i" was cut);
    # the whole text is in the detail below the list. Measured in cells: names of Chinese
    # characters take two a character.
    head = cell_len(mark) + 1
    rest = width - head - MIN_TEXT - cell_len(status) - cell_len(after) - len(" · ")
    tail = f"{status} · {pullers_text(state, action, me, rest)}{after}"
    label.append(f"{mark} ", "bold")
    room = width - head - cell_len(tail)  # the row's own width, not a fixed cut
    label.append(clip(first_line(action.text), max(MIN_TEXT, room)))
    label.append(tail, "dim")
    return label


class ActView(TreeView):
    phase: ClassVar[str] = "act"
    row_actions = frozenset(ROW_ACTIONS)
    HELP_TEXT = N_(
        "**In Act**\n\n"
        "- **Due**, under the action's box (**Tab** goes there, **Tab** again to the list): "
        "the day the new action is due, written YYYY-MM-DD; **Enter** there adds the action "
        "too. Leave it empty for no due date.\n"
        "- **Internal**, beside the action's box (`Ctrl+N` ticks it, also while you type): the "
        "next action you add stays out of the newsletter; the minutes keep it, marked "
        "*internal*.\n"
        "- In the list a key acts on the chosen action only with **Enter** after it: `s` "
        "then Enter marks an action you pull as started, `d` then Enter as done, without a "
        "note; `k` then Enter (stuck) asks why, and everyone sees the note. The key alone "
        "says under the list what it would do; **Escape** lets it go, and a word typed there "
        "goes into the box, nothing done.\n"
        "- `u` sets the chosen action's due date, a day written YYYY-MM-DD (2000–2199); "
        "empty takes it away. Whoever pulls the action sets it; who added it too, until "
        "someone else pulls it.\n"
        "- `e` edits and `r` takes back an action you added, until someone else pulls it: "
        "then it stays as they volunteered for it."
    )
    DEFAULT_CSS = """
    ActView { height: 1fr; padding: 0 1; }
    ActView #act-detail { height: auto; max-height: 7; color: $text-muted; }
    ActView #act-new { height: 1; }
    ActView #act-new Composer { width: 1fr; }
    ActView #act-internal { width: auto; height: 1; border: none; padding: 0 0 0 1; }
    ActView #act-due-field { height: 1; }
    ActView #act-due-label { width: auto; padding: 0 1 0 0; text-style: bold; }
    ActView #act-due { width: 11; }
    ActView #act-due-hint { width: 1fr; padding: 0 0 0 2; color: $text-muted; }
    """
    BINDINGS = [
        Binding("p", "pull", N_("Pull")),
        Binding("l", "release", N_("Step back")),
        Binding("s", "update('started')", N_("Started")),
        Binding("d", "update('done')", N_("Done")),
        Binding("k", "update('stuck')", N_("Stuck")),
        Binding("u", "due", N_("Due date"), show=False),
        Binding("e", "edit", N_("Edit"), show=False),
        Binding("r", "retract", N_("Take back"), show=False),
        Binding("ctrl+n", "internal", N_("Internal")),
    ]

    def __init__(self, session: str, **kwargs: Any) -> None:
        super().__init__(session, **kwargs)
        self._drawn_width = 0

    def compose(self) -> ComposeResult:
        yield Static(
            _(
                "Turn the decisions into actions and volunteer to pull them: nobody is "
                "assigned. In the list, a key then Enter: p pull, l step back, s started, "
                "d done, k stuck, u due date."
            ),
            classes="hint keys-hint",
        )
        yield ItemTree(id="act-tree")
        yield Static(id="act-detail", markup=False)
        with Horizontal(id="act-new"):
            yield Composer(
                _("New action:"),
                "add",
                input_id="action-text",
                placeholder=_(NEW_ACTION),
                id="act-composer",
            )
            # Beside the box, ticked with Ctrl+N (the box keeps the keys): the new action
            # stays out of the newsletter.
            internal = MarkedBox(_("Internal"), id="act-internal")  # empty when not ticked
            internal.can_focus = False
            yield internal
        # Under the box, Tab from it: the new action's due day, given as it is added (naive
        # finding: only ``u`` afterwards); Enter there adds the action too. A row of its own:
        # beside the box it left the action's words too little room at 80 columns.
        with Horizontal(id="act-due-field"):
            yield Static(_("Due:"), id="act-due-label")
            yield DueBox(
                placeholder=_("YYYY-MM-DD"),
                id="act-due",
                compact=True,
                max_length=10,
                restrict=DueBox.DAY_KEYS,
                select_on_focus=False,
            )
            yield Static(_("optional; Tab goes here from the action's box"), id="act-due-hint")
        yield Notice(id="act-notice")

    # Drawing --------------------------------------------------------------------------------

    @on(events.Resize)
    def _resized(self) -> None:
        """The rows' titles follow the width the tree has now (the first rows are drawn
        before the view has a size)."""
        if self.state is not None and self._drawn_width != self._row_width():
            self.tree.rows(self.rows(self.state, self.me))

    def show(self, state: SessionState, me: str) -> None:
        self.state, self.me = state, me
        self.tree.rows(self.rows(state, me))
        self.let_go_of_an_old_row(self.row_lasts(state))
        adding = may_add_actions(state) and may_write(state, me, "action.add")
        # A box holding words stays (nothing typed is hidden): an action goes in any phase.
        self.composer.display = adding or self.composer.mode != "add" or self.holds_words()
        self._prompt()
        self._detail()
        self.refresh_bindings()

    def row_lasts(self, state: SessionState) -> object:
        """A new decision (or meeting): the box serves it, not a row chosen before it came."""
        return (state.meeting, state.decisions[-1].record if state.decisions else None)

    def sends_now(self, kind: str) -> bool:
        """An action of the box is taken from Act on (or between meetings): before, Enter
        keeps the words and says so (the fold refused them, naive s8 finding 1)."""
        if kind == "action.add" and self.state is not None:
            return may_add_actions(self.state)
        return super().sends_now(kind)

    def takes_typing(self, state: SessionState) -> bool:
        return self.composer.mode != "add" or may_add_actions(state)

    def rows(self, state: SessionState, me: str) -> list[Row]:
        """The decisions with their actions, then the other actions; an action's row is built
        again only when what it shows changed (``RowCache``)."""
        self.row_cache.start(me)
        self._drawn_width = self._row_width()  # also with no action: a resize to it is none
        legend = Legend.of(state)
        rows: list[Row] = []
        for decision in state.decisions:
            option = state.options.get(decision.option)
            label = Text("◆ ", "bold")
            label.append(
                _("Decision {letter}: {option}").format(
                    letter=legend.option(decision.option),
                    option=first_line(option.text if option else "", 60),
                ),
                "bold",
            )
            children = tuple(
                self._action_row(state, action, me)
                for action in state.actions.values()
                if action.decision == decision.record
            )
            rows.append(
                Row(f"decision:{decision.record}", "decision", decision.record, label, children)
            )
        decided = {d.record for d in state.decisions}
        for heading, chosen in (
            (
                _("Reaching out to groups not at the table"),
                [a for a in state.actions.values() if a.decision is None and a.group is not None],
            ),
            (
                _("Other actions"),
                [
                    a
                    for a in state.actions.values()
                    if a.group is None and a.decision not in decided
                ],
            ),
        ):
            if chosen:
                children = tuple(self._action_row(state, a, me) for a in chosen)
                rows.append(
                    Row(f"heading:{heading}", "heading", None, Text(heading, "italic"), children)
                )
        if not rows:
            empty = _("No decision yet: actions follow from what the group decides.")
            rows.append(Row("empty", "empty", None, Text(empty, "dim italic")))
        self.row_cache.finish()
        return rows

    def _action_row(self, state: SessionState, action: Action, me: str) -> Row:
        names = state.shown_names()
        shows = (
            action,
            len(action.versions),
            action.retracted,
            action.status,
            action.internal,
            action.due,
            tuple((p, names.get(p)) for p in action.pullers),
            width := self._row_width(),
        )
        self._drawn_width = width
        label = partial(action_label, state, action, me, width)
        return self.row_cache.row(f"action:{action.id}", "action", action.id, shows, label)

    def _row_width(self) -> int:
        """What an action's row may take: the tree's width less its guides (the title is cut
        only where the row ends: "Offerte vragen…" was cut with a third of the row free)."""
        size = self.tree.container_size  # its own, not its place: laid out behind too
        width = size.width
        if self.state is not None and 0 < size.height < self._lines(self.state):
            # Less its scroll bar's columns once the lines do not fit (a tree's container size
            # counts them): with more actions than fit at 80×24 the bar came, and each row
            # lost its end, the due date, to the "…" before it ("tegen 2027-01-…", s13 N8).
            width -= self.tree.styles.scrollbar_size_vertical
        return width - ROW_GUIDES if width > ROW_WIDTH + ROW_GUIDES else ROW_WIDTH

    @staticmethod
    def _lines(state: SessionState) -> int:
        """The list's lines: a decision's, an action's, and a heading for the other two."""
        return len(state.decisions) + len(state.actions) + 2

    def _detail(self) -> None:
        state, action = self.state, self._action()
        detail = Text()
        if state is not None and action is not None:
            detail.append(shown(action.text))
            if not action.live:  # what it was is history: it says that, and why
                detail.append("\n" + taken_back_words(action), "dim")
        if state is not None and action is not None and action.live:
            facts = [status_label(action.status), pullers_text(state, action, self.me)]
            if action.due:
                facts.append(_("due {date}").format(date=action.due))
            if action.group in state.groups:
                facts.append(
                    _("reaches out to {group}").format(group=state.groups[action.group].name)
                )
            detail.append("\n" + " · ".join(facts), "dim")
            for update in action.updates[-2:]:
                # whole, wrapped by the pane ("…met v… —" was cut at 60 characters)
                note = f": {first_line(update.note, 400)}" if update.note else ""
                # "— you" is its own words: Dutch says "— jij" there, not the "jou" of
                # "getrokken door jou" (naive finding).
                who = _("— you") if update.by == self.me else f"— {state.name(update.by)}"
                detail.append(f"\n{status_label(update.status)}{note} {who}", "dim")
            mine = state.members.get(self.me)
            if mine is not None and mine.pending and action.live:
                detail.append("\n" + _("You can volunteer once your admission is confirmed."))
        self.query_one("#act-detail", Static).update(detail)

    def _decision(self) -> str | None:
        """The decision a new action serves: the one chosen in the list (or the chosen action's,
        none for one reaching out to a group or under a heading), else the latest."""
        state, row = self.state, self.tree.current
        if state is None:
            return None
        if row is not None and row.kind == "decision":
            return row.item
        if row is not None and row.kind in ("action", "heading"):
            action = self._action()
            return action.decision if action is not None else None
        return state.decisions[-1].record if state.decisions else None

    @property
    def due_box(self) -> Input:
        """The new action's due day, under its text."""
        return self.query_one("#act-due", Input)

    def _adding_shows(self, shown: bool) -> None:
        """Internal and the due day belong to a new action: not beside a note or an edit."""
        self.query_one("#act-internal", Checkbox).display = shown
        self.query_one("#act-due-field").display = shown

    def tab_target(self) -> Widget | None:
        """Tab in the box is the new action's due day, Tab there the list (``BeraadApp.
        action_focus_next``); Shift+Tab from the box is the list, as in every view."""
        focused = self.screen.focused
        if focused is self.composer.input and self.shows(self.due_box):
            return self.due_box
        if focused is self.due_box:
            return self.tree
        return None

    def _prompt(self) -> None:
        state, decision = self.state, self._decision()
        self._adding_shows(self.composer.display and self.composer.mode == "add")
        if state is None or self.composer.mode != "add":
            return
        if decision is None:
            self.composer.relabel(_("New action:"), _(NEW_ACTION))
            return
        found = next((d for d in state.decisions if d.record == decision), None)
        letter = Legend.of(state).option(found.option) if found else "?"
        self.composer.relabel(
            _("New action for {letter}:").format(letter=letter),
            _(NEW_ACTION),
        )

    def _moved(self) -> None:
        """The row under the cursor changed (``TreeView._highlighted``): its keys and
        details follow."""
        self._prompt()
        self._detail()
        self.refresh_bindings()

    # What this member may do ----------------------------------------------------------------

    def _action(self) -> Action | None:
        row, state = self.tree.current, self.state
        if state is None or row is None or row.kind != "action" or row.item is None:
            return None
        return state.actions.get(row.item)

    def may(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        state = self.state
        if state is None:
            return None
        if action == "internal":  # only while the box adds an action and has the keys
            typing_here = self.screen.focused in (self.composer.input, self.due_box)
            return self.query_one("#act-internal", Checkbox).display and typing_here
        if action in ROW_ACTIONS and self.tree.current is None:
            # The key says how to choose a row first; with no action in the list there is
            # none to choose, and `p Pull`, `s Started`… offered nothing (naive s7 finding 10).
            return self.tree.last_line >= 0 and bool(state.actions)
        kind = ROW_KINDS.get(action)
        if kind is not None and not may_write(state, self.me, kind):
            return False  # a guest or an observer is not offered it
        chosen = self._action()
        if action == "pull":
            return chosen is not None and chosen.live and self.me not in chosen.pullers
        said_again = parameters == (getattr(chosen, "status", None),) != ("stuck",)
        if action == "update" and said_again:
            return False  # already so: "s Started" is not offered once it started (a new
            # "stuck" note still may be: why it is stuck can change)
        if action in ("release", "update"):
            return chosen is not None and chosen.live and self.me in chosen.pullers
        if action == "due":
            return chosen is not None and may_set_due(chosen, self.me)
        if action in ("edit", "retract"):  # not once another pulls it: the fold refuses
            return (
                chosen is not None
                and chosen.live
                and chosen.author == self.me
                and all(puller == self.me for puller in chosen.pullers)
            )
        return True

    # Acting ---------------------------------------------------------------------------------

    def _chosen_or_say(self) -> Action | None:
        if self.tree.no_row_yet():
            return None
        chosen = self._action()
        if chosen is None:
            self.query_one(Notice).refused(_("Choose an action in the list first."))
        return chosen

    def action_internal(self) -> None:
        """Ctrl+N: the next action stays out of the newsletter (or not); the keys stay here."""
        internal = self.query_one("#act-internal", Checkbox)
        if internal.display:
            internal.value = not internal.value

    def action_pull(self) -> None:
        chosen = self._chosen_or_say()
        if chosen is not None:
            self.contribute("action.pull", bodies.pull_body(chosen.id))

    def action_release(self) -> None:
        chosen = self._chosen_or_say()
        if chosen is not None:
            self.contribute("action.release", bodies.pull_body(chosen.id))

    def action_update(self, status: str) -> None:
        chosen = self._chosen_or_say()
        if chosen is None or status not in UPDATES:
            return
        if status == "stuck":
            self.composer.display = True
            self._adding_shows(False)
            self.composer.start(
                "stuck",
                _("Stuck — why?"),
                target=chosen.id,
                placeholder=_("what blocks it; Enter says so, Escape keeps it"),
            )
            return
        self.contribute("action.update", bodies.action_update_body(chosen.id, status))

    def action_due(self) -> None:
        """Ask for the due day in the text box, with the one it has now to change."""
        chosen = self._chosen_or_say()
        if chosen is None or not may_set_due(chosen, self.me):
            return
        self.composer.display = True
        self._adding_shows(False)
        self.composer.start(
            "due",
            _("Due date (YYYY-MM-DD):"),
            target=chosen.id,
            text=chosen.due or "",
            allow_empty=True,
            placeholder=_("say 2027-03-31; empty takes it away; Escape keeps it"),
        )
        # The day there is selected: typing replaces it, as in the export dialog's path, and
        # ← → or End keep it to mend. The cursor after it had the new day appended and
        # refused, "2027-02-0131-02-2027" (naive s12 P5).
        box = self.composer.input
        box.selection = Selection(0, len(box.value)) if box.value else Selection.cursor(0)

    def _write_due(self, event: Composer.Written) -> None:
        """A day the fold takes, or a clear word under the box (the text back to correct)."""
        day = as_iso_day(event.text, current_language()) if event.text else None
        body = bodies.due_body(event.target, day)
        try:
            validate("action.due", body)
        except SchemaError:
            self.give_back(event.sent, _(BAD_DUE))
            self._prompt()
            return
        self.send(event, "action.due", body)

    def action_edit(self) -> None:
        chosen = self._chosen_or_say()
        if chosen is not None:
            self.start_edit(chosen if chosen.author == self.me and chosen.live else None)
            self._adding_shows(self.composer.mode == "add")

    def action_retract(self) -> None:
        chosen = self._chosen_or_say()
        if chosen is not None:
            own = chosen.author == self.me and chosen.live
            self.start_retract(chosen.id if own else None)
            self._adding_shows(self.composer.mode == "add")

    @on(Composer.Written)
    def _written(self, event: Composer.Written) -> None:
        event.stop()
        if self.write_edit_or_retract(event):
            return
        if event.mode == "stuck":
            body = bodies.action_update_body(event.target, "stuck", event.text)
            self.send(event, "action.update", body)
        elif event.mode == "due":
            self._write_due(event)
        elif event.mode == "add":
            self._add(event)
        self._prompt()  # back to adding: the Internal box shows again

    def _add(self, event: Composer.Written) -> None:
        """A new action, with the due day beside it if one is given; a day the fold would
        refuse is said under the box and both fields keep what was typed."""
        if self._bad_due():
            self.give_back(event.sent, _(BAD_DUE))
            if not self._keys_waiting():
                focus_now(self.due_box)  # where the mistake is; the text is back in the box
            return
        due = as_iso_day(self.due_box.value.strip(), current_language())
        internal = self.query_one("#act-internal", Checkbox).value
        body = bodies.action_body(event.text, self._decision(), due=due or None, internal=internal)
        # Each action says so itself: the next one starts without a day and public.
        self.query_one("#act-internal", Checkbox).value = False
        self.due_box.value = ""
        self.send(event, "action.add", body)

    @on(DueBox.Refused)
    def _not_a_day(self, event: DueBox.Refused) -> None:
        """A key the due day does not take is said, not dropped without a word."""
        typed = event.typed if len(event.typed) <= 12 else event.typed[:11] + "…"
        self.query_one(Notice).refused(_(NOT_A_DAY).format(typed=typed))

    @on(Input.Submitted, "#act-due")
    def _due_entered(self, event: Input.Submitted) -> None:
        """Enter in the due day adds the action, as in its box; the keys go back to the box
        at once, for the next action."""
        event.stop()
        if self.composer.mode != "add":
            return
        if not self.composer.value.strip():
            self.query_one(Notice).refused(_("Write what needs doing first; Enter adds it."))
            focus_now(self.composer.input)
            return
        if self._bad_due():
            # Said while the Enter is handled, the keys typed after it waiting (``enter_moves_
            # focus``): typed on at once (the next action), they go on in the action's box
            # after its words, where the day's box refused them letter by letter and the
            # next action was gone (naive s12 P0); else the keys stay here to mend the day.
            self.query_one(Notice).refused(_(BAD_DUE))
            if self._keys_waiting():
                focus_now(self.composer.input)
                self.composer.input.line_ended = True
            return
        focus_now(self.composer.input)
        self.composer.enter(self.composer.value)

    def enter_moves_focus(self, box: Input) -> bool:
        """Enter in the due day moves the keys back to the action's box (``_due_entered``)."""
        return box is self.due_box

    def _bad_due(self) -> bool:
        """A day typed that the fold would refuse."""
        due = as_iso_day(self.due_box.value.strip(), current_language())
        if not due:
            return False
        try:
            due_date(due, "due")
        except SchemaError:
            return True
        return False

    def _keys_waiting(self) -> bool:
        """Keys typed after the one acting now wait their turn (``KeyRouting.keys_waiting``);
        an app without beraad's key routing (a view shown alone in a test) holds none."""
        app = self.app
        return isinstance(app, KeyRouting) and app.keys_waiting()

    @on(Composer.Cancelled)
    def _cancelled(self, event: Composer.Cancelled) -> None:
        event.stop()
        self._prompt()
        focus_now(self.composer.input)  # Escape never moves typing into a list

    def contributed(self, kind: str, body: dict[str, Any], error: str | None) -> None:
        """The session screen's answer to our ``Contribute`` (a refusal gives the text back).
        The keys stay in the box, the action chosen (Shift+Tab)."""
        self.finish_writing(kind, body, error)
        given_back = (
            kind == "action.add" and error is not None and self.composer.value == body.get("text")
        )
        if given_back and body.get("internal"):
            # given back into the box: it is still the internal action it was
            self.query_one("#act-internal", Checkbox).value = True
        if given_back and body.get("due") and not self.due_box.value:
            fill(self.due_box, body["due"])  # and still due that day
        if self.state is not None:
            self.show(self.state, self.me)
