"""Who is here: one line with the members present now and those away, for 80×24 screens.

Present means connected to us right now (the node's presence), and always oneself.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.widgets import Static

from beraad.core.state import SessionState
from beraad.i18n import _
from beraad.ui.widgets.unchanged import update


def split_members(
    state: SessionState, me: str, connected: Iterable[str]
) -> tuple[list[str], list[str]]:
    """(present, absent) member keys, each in name order; the facilitator first."""
    here = set(connected) | {me}

    def order(key: str) -> tuple[bool, str]:
        return (key != state.facilitator, state.name(key).casefold())

    keys = sorted(state.members, key=order)
    return [k for k in keys if k in here], [k for k in keys if k not in here]


def member_label(state: SessionState, key: str, me: str, *, short: bool = False) -> str:
    """A name with what the others should know of it; ``short`` keeps only the ★ and "(you)"
    (the strip uses it when the full labels do not fit on one line)."""
    label = state.name(key)
    if key == state.facilitator and state.info and state.info.process_rule == "facilitator":
        label += " ★"
    member = state.members.get(key)
    if not short and member is not None and member.observer:
        # A projector watches; listed as a participant it looked like one more person.
        label += " " + _("(observer)")
    if not short and member is not None and member.guest:
        label += " " + _("(guest)")
    if not short and member is not None and member.pending:
        label += " " + _("(not confirmed)")
    if key == me:
        label += " " + _("(you)")
    return label


def strip_text(
    state: SessionState, me: str, connected: Iterable[str], width: int | None = None
) -> Text:
    """``Here: …  Away: …`` on one line of ``width`` cells: when the full labels do not fit,
    the names alone (who is here matters most; the opening lists the roles), and when even
    those do not fit, as many names as fit and how many more (naive finding 9: "Projector…"
    hid who was here)."""
    present, absent = split_members(state, me, connected)
    full = _strip(state, me, present, absent, short=False)
    if width is None or full.cell_len <= width:
        return full
    names = _strip(state, me, present, absent, short=True)
    if names.cell_len <= width:
        return names
    for shown in range(len(present) - 1, 0, -1):
        line = _strip(state, me, present[:shown], [], short=True)
        more = len(present) - shown + len(absent)
        line.append(" " + _("and {count} more").format(count=more))
        if line.cell_len <= width:
            return line
    return names


def _strip(
    state: SessionState, me: str, present: list[str], absent: list[str], *, short: bool
) -> Text:
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(_("Here: "), style="bold")
    line.append(", ".join(member_label(state, k, me, short=short) for k in present))
    if absent:
        line.append("  ")
        line.append(_("Away: "), style="bold dim")
        line.append(", ".join(member_label(state, k, me, short=short) for k in absent), style="dim")
    return line


class MemberStrip(Static):
    DEFAULT_CSS = """
    MemberStrip { height: 1; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    _shown: tuple[SessionState, str, list[str]] | None = None

    def show(self, state: SessionState, me: str, connected: Iterable[str]) -> None:
        self._shown = (state, me, list(connected))
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        if self._shown is None:
            return
        state, me, connected = self._shown
        width = self.content_region.width or None
        update(self, strip_text(state, me, connected, width))
