"""The opening: the focus question, the 8 interaction rules, who is here, and who is at the table.

It is what the group reads together before it starts; the table map below it (groups concerned,
present, reached or missing) is the one thing written here, and it can be kept up in any phase.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Grid, VerticalScroll
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static

from beraad.core.session import DECISION_RULE_LABELS, PROCESS_RULE_LABELS
from beraad.core.state import SessionState
from beraad.i18n import N_, _
from beraad.ui.parts import part
from beraad.ui.phases.base import PhaseView
from beraad.ui.rules import INTERACTION_RULES
from beraad.ui.widgets.admission_line import admitted_text
from beraad.ui.widgets.member_strip import member_label, split_members
from beraad.ui.widgets.table_map import TableMap
from beraad.ui.widgets.vote_notice import Notice


class OpeningView(PhaseView):
    phase = "opening"
    HELP_TEXT = N_(
        "**Who is at the table**, in its list (↓ chooses a group; a key then **Enter** acts "
        "on it, the key alone only says what it would do):\n\n"
        "- `1` present (only during a meeting: it is about the room), `2` reached, `3` missing.\n"
        "- `w` asks who reaches out to the group: an action, typed in the box. Before Act only "
        "for a group that is not present.\n"
        "- `e` gives a group you added a better name, in the box; not a name that reads like "
        "another group's. The facilitator renames any group."
    )
    DEFAULT_CSS = """
    OpeningView VerticalScroll { height: 1fr; padding: 0 1; }
    OpeningView .focus-question { text-style: bold; color: $text-primary; padding: 0 1; }
    OpeningView .opening-title { text-style: bold; color: $text-accent; }
    OpeningView Grid { grid-size: 2; grid-gutter: 0 2; height: auto; margin-bottom: 1; }
    OpeningView Grid Static { height: auto; }
    OpeningView #opening-rules-of-play { color: $text-muted; margin-bottom: 1; }
    """

    def __init__(self, session: str, **kwargs: Any) -> None:
        super().__init__(session, **kwargs)
        self.connected: set[str] = set()
        self._state: SessionState | None = None
        self._me = ""

    def compose(self) -> ComposeResult:
        # The focus question stays in sight above what scrolls: arrival scrolls to the group box.
        yield Static(id="opening-focus", classes="focus-question")
        with VerticalScroll(can_focus=True):
            yield Static(id="opening-rules-of-play")
            yield Static(_("How we work together (8 × co-creation)"), classes="opening-title")
            with Grid(id="opening-rules"):
                for number, rule in enumerate(INTERACTION_RULES, start=1):
                    yield Static(f"{number}. {_(rule)}")
            yield Static(_("Who is here"), classes="opening-title")
            yield Static(id="opening-who")
            yield TableMap(self, id="table-map")

    def text_box(self) -> Widget | None:
        """The table map's group box: typing on arrival names a group concerned."""
        box = part(self, "#group-text", Input)  # None: not composed yet (a background mount)
        return box if box is not None and box.display else None

    def focus_default(self) -> None:
        """The box is below the rules: scroll it into view once laid out (80×24)."""
        super().focus_default()
        box = self.text_box()
        if box is not None:
            self.call_after_refresh(box.scroll_visible, animate=False)

    def arrival_sight(self) -> tuple[Widget, bool | None] | None:
        box = self.text_box()
        return (box, False) if box is not None else None

    def no_row_chosen(self, widget: Widget | None) -> bool:
        """The groups list before ↓ chose a row: its keys (1 2 3 w) are text for the box;
        so are letters typed on the page itself (Shift+Tab from the box: it has no rows,
        and no mark shows it has the keys)."""
        if isinstance(widget, DataTable) and widget.id == "groups":
            return self.query_one(TableMap).chosen() is None
        if isinstance(widget, VerticalScroll) and widget in self.children:
            return True
        return super().no_row_chosen(widget)

    def present(self, connected: Iterable[str]) -> None:
        """The session screen tells who is connected; the state alone cannot know."""
        self.connected = set(connected)
        if self._state is not None:
            self.show(self._state, self._me)

    def show(self, state: SessionState, me: str) -> None:
        self._state, self._me = state, me
        info = state.info
        if info is None:
            return
        focus = info.focus or info.title
        self.query_one("#opening-focus", Static).update(Text(focus))
        how = "{process}. {decision}: {method}.".format(
            process=_(PROCESS_RULE_LABELS.get(info.process_rule, info.process_rule)),
            decision=_("Decision"),
            method=_(DECISION_RULE_LABELS.get(info.decision_rule, info.decision_rule)),
        )
        self.query_one("#opening-rules-of-play", Static).update(Text(how))
        present, absent = split_members(state, me, self.connected)
        who = Text()
        for key in present:
            who.append("● " + member_label(state, key, me) + _admitted(state, key) + "\n")
        for key in absent:
            line = member_label(state, key, me, also=(_("(away)"),)) + _admitted(state, key)
            who.append("○ " + line + "\n", "dim")
        self.query_one("#opening-who", Static).update(who)
        table_map = self.query_one(TableMap)
        table_map.show(state)
        self.keep_in_sight()

    def keep_in_sight(self) -> None:
        """What has the keys in the table map stays in view at 80×24 once the redraw is laid
        out (naive finding: groups typed below the fold, the view back at the top after a
        rename): the box with the list above it, or the list's chosen row."""
        focused = self.screen.focused if self.is_attached else None
        table_map = self.query_one(TableMap)
        if focused is None or table_map not in focused.ancestors:
            return
        notice = table_map.query_one("#group-notice", Notice)

        def scroll() -> None:
            focused.scroll_visible(animate=False)
            if notice.message:  # a refusal under the box is seen too
                notice.scroll_visible(animate=False)

        self.call_after_refresh(scroll)

    def contributed(self, kind: str, body: dict[str, Any], error: str | None) -> None:
        """The session screen's answer to what the table map asked for."""
        self.query_one(TableMap).answered(kind, body, error)


def _admitted(state: SessionState, key: str) -> str:
    """ " — admitted by …" in the list of who is here, when the group should see it."""
    said = admitted_text(state, key)
    return f" — {said}" if said else ""
