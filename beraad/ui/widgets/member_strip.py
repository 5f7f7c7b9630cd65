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


def member_label(state: SessionState, key: str, me: str) -> str:
    label = state.name(key)
    if key == state.facilitator and state.info and state.info.process_rule == "facilitator":
        label += " ★"
    member = state.members.get(key)
    if member is not None and member.observer:
        # A projector watches; listed as a participant it looked like one more person.
        label += " " + _("(observer)")
    if member is not None and member.guest:
        label += " " + _("(guest)")
    if member is not None and member.pending:
        label += " " + _("(not confirmed)")
    if key == me:
        label += " " + _("(you)")
    return label


def strip_text(state: SessionState, me: str, connected: Iterable[str]) -> Text:
    present, absent = split_members(state, me, connected)
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(_("Here: "), style="bold")
    line.append(", ".join(member_label(state, k, me) for k in present))
    if absent:
        line.append("  ")
        line.append(_("Away: "), style="bold dim")
        line.append(", ".join(member_label(state, k, me) for k in absent), style="dim")
    return line


class MemberStrip(Static):
    DEFAULT_CSS = """
    MemberStrip { height: 1; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def show(self, state: SessionState, me: str, connected: Iterable[str]) -> None:
        update(self, strip_text(state, me, connected))
