"""A letter on a chosen row proposes; only Enter does it (docs/focus.md, naive s11 F8, s11b N10).

A row key (``PhaseView.row_actions``: pull, started, take back, matters…) signed a record, or
opened a box, the moment it was pressed: "prima" typed on a chosen action pulled it, and its
`r` opened *Take back* with "ima" as the reason; "so do it" marked an action started. Records
are signed and permanent, so a row key now only says what it would do, naming the row, under
the list; Enter does it, Escape (or an arrow, another row) lets it go, and any other printable
key makes the letters typed so far text for the view's box, as every letter that is no key is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import DataTable

from beraad.core.state import SessionState
from beraad.i18n import N_, _
from beraad.ui.plain import first_line
from beraad.ui.widgets.item_tree import ItemTree
from beraad.ui.widgets.tally_format import clip

#: The cells a row's name takes in the question at most.
ROW_NAME = 40

#: The first key of a link (`l` or `p`): the relation is the second key's, on the other knot.
LINK_FROM = N_("Start a link from “{row}”? Then choose the other knot and press l or p.")
#: The second key of a link names the two knots it joins (naive s12 K3: it named only the
#: row under the cursor, as if the link started there).
LINKS: dict[str, str] = {
    "relates_to": N_("Link “{first}” and “{row}” (relates to)?"),
    "part_of": N_("Make “{first}” part of “{row}”?"),
}
#: The same key on the knot the link starts from stops it.
LINK_STOP = N_("Stop linking “{row}”? Nothing is linked.")
#: `m` on a knot one marked already takes the mark away: the question says which it is
#: ("Change whether … matters to you?" said neither; naive s12 K6).
UNMARK = N_("Take away your mark: “{row}” no longer matters to you?")

#: The question a row key asks, by its action (and its first parameter): the row is named.
QUESTIONS: dict[str, str] = {
    # Act
    "pull": N_("Pull “{row}”?"),
    "release": N_("Step back from “{row}”?"),
    "update:started": N_("Mark “{row}” started?"),
    "update:done": N_("Mark “{row}” done?"),
    "update:stuck": N_("Mark “{row}” stuck (you say why)?"),
    "due": N_("Set the due date of “{row}”?"),
    # Every list
    "edit": N_("Edit “{row}”?"),
    "retract": N_("Take back “{row}”?"),
    "matters": N_("Mark that “{row}” matters to you?"),
    # Knots
    "adopt": N_("Adopt “{row}” as your knot?"),
    "link": LINK_FROM,
    "pick": N_("Pick “{row}” for a cluster (or unpick it)?"),
    "cluster": N_("Name a cluster of the knots you picked?"),
    # Positions
    "position": N_("Write a position on “{row}”?"),
    "note:experience": N_("Write your experience with “{row}”?"),
    "note:knowledge": N_("Write what you know about “{row}”?"),
    "argument:for": N_("Write an argument for “{row}”?"),
    "argument:against": N_("Write an argument against “{row}”?"),
    "offered_argument:for": N_("Write an argument for “{row}”?"),
    "offered_argument:against": N_("Write an argument against “{row}”?"),
    # Options
    "build_on": N_("Build on “{row}”?"),
    # The opening's table map
    "mark:present": N_("Mark “{row}” present?"),
    "mark:reached": N_("Mark “{row}” reached?"),
    "mark:missing": N_("Mark “{row}” missing?"),
    "reach_out": N_("Write who reaches out to “{row}”?"),
    "rename": N_("Rename “{row}”?"),
}

#: A key that opens a box, pressed with no row chosen (``RowKeys._box_key``): the note it
#: writes is about no knot.
UNCHOSEN: dict[str, str] = {
    "note:experience": N_("Write your experience, as a general note?"),
    "note:knowledge": N_("Write what you know, as a general note?"),
}


@dataclass(slots=True)
class Proposal:
    """A row key pressed and not done yet: Enter does ``action`` on ``node``."""

    node: DOMNode
    """Where the key is bound (the view, or a part of it: the table map)."""
    action: str
    """The binding's action, with its parameters (``update('started')``)."""
    key: str
    """The key that proposed (a second press of it keeps the proposal)."""
    on: Widget
    """The list it was pressed in."""
    row: str | None
    """The row chosen then (None: none, for a key that opens a box): another row, and the
    proposal goes."""
    typed: str
    """The characters typed since, the proposing letter first: text, if more follow."""

    def question(self, name: str, description: str, asked: str | None = None) -> str:
        """What the key would do, naming the row, and what the keys do now; ``asked``: the
        view's own words for it, where the state says more (a link's two knots)."""
        name_, _paren, rest = self.action.partition("(")
        parameter = rest.rstrip(")").strip("'\"")
        asking = UNCHOSEN if self.row is None else QUESTIONS
        words = asking.get(f"{name_}:{parameter}") or asking.get(name_)
        if asked is None and words is not None:
            asked = _(words).format(row=name)
        elif asked is None:  # a key no question names: its footer words and the row
            asked = _("{what}: “{row}”?").format(what=description, row=name)
        return _("{question} Enter does it; Escape not; typing goes to the box.").format(
            question=asked
        )


def chosen_row(widget: Widget | None) -> str | None:
    """The key of the row chosen in ``widget`` (a list), None where none is."""
    if isinstance(widget, ItemTree):
        row = widget.current
        return None if row is None else row.key
    if isinstance(widget, DataTable) and widget.show_cursor and widget.row_count:
        key = widget.coordinate_to_cell_key(widget.cursor_coordinate).row_key
        return None if key.value is None else str(key.value)
    return None


def row_name(widget: Widget, state: Any) -> str:
    """The chosen row as people read it: its item's words, a group's name, else its line."""
    text = ""
    if isinstance(widget, ItemTree) and widget.current is not None:
        row = widget.current
        item = state.item(row.item) if isinstance(state, SessionState) and row.item else None
        text = item.text if item is not None else row.label.plain
    else:
        key = chosen_row(widget)
        if isinstance(state, SessionState) and key is not None:
            item = state.item(key)
            group = state.groups.get(key)
            text = item.text if item is not None else group.name if group is not None else ""
    return clip(first_line(text), ROW_NAME)


def named(text: str) -> str:
    """A member's words as a question names them: their first line, cut to ``ROW_NAME``."""
    return clip(first_line(text), ROW_NAME)


def link_question(first: str | None, row: str, relation: str, same: bool) -> str:
    """What `l` or `p` on a knot would do: start a link there (``first`` None), stop it (on
    the knot it starts from), or join the two knots, named in the order the link reads."""
    if first is None:
        return _(LINK_FROM).format(row=row)
    if same:
        return _(LINK_STOP).format(row=row)
    return _(LINKS.get(relation, LINKS["relates_to"])).format(first=named(first), row=row)


def matters_question(marked: bool, row: str) -> str:
    """What `m` would do: mark that the knot matters to you, or take that mark away."""
    return _(UNMARK if marked else QUESTIONS["matters"]).format(row=row)
