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


#: How much a label says: every mark, the roles (observer, guest) without "(not confirmed)",
#: only the ★ and "(you)", or (the away only) the first word of a name of several.
FULL, ROLES, NAMES, FIRST_WORD = 2, 1, 0, -1


def member_label(
    state: SessionState,
    key: str,
    me: str,
    *,
    short: bool = False,
    detail: int = FULL,
    also: tuple[str, ...] = (),
) -> str:
    """A name with what the others should know of it. ``detail`` says how much (the strip
    says less when the full labels do not fit on one line); ``short`` is ``detail=NAMES``;
    ``also``: more marks, said in the same parenthesis."""
    detail = NAMES if short else detail
    label = state.name(key)
    if key == state.facilitator and state.info is not None:
        # Under consent too: the facilitator keeps the table map, hands the role over and is
        # named so in the minutes (core/kinds.py), so the mark says who that is.
        label += " ★"
    member = state.members.get(key)
    marks = []
    if detail >= ROLES and member is not None and member.observer:
        # A projector watches; listed as a participant it looked like one more person.
        marks.append(_("(observer)"))
    if detail >= ROLES and member is not None and member.guest:
        marks.append(_("(guest)"))
    if detail >= FULL and member is not None and member.pending:
        marks.append(_("(not confirmed)"))
    if key == me:
        marks.append(_("(you)"))
    marks.extend(also)  # "(away)", in the same parenthesis
    return f"{label} {one_parenthesis(marks)}" if marks else label


def one_parenthesis(marks: list[str]) -> str:
    """Marks said in one parenthesis: "(guest, you)", not "(guest) (you)" (naive s10
    finding 6). Each mark is translated with its own parentheses, used alone elsewhere."""
    words = [m[1:-1] if m.startswith("(") and m.endswith(")") else m for m in marks]
    return f"({', '.join(words)})"


def strip_text(
    state: SessionState, me: str, connected: Iterable[str], width: int | None = None
) -> Text:
    """``Here: …  Away: …`` on one line of ``width`` cells. When the full labels do not fit,
    the others give way first and the marks of who is here last: the away without marks,
    then "(not confirmed)" (the line below says who waits), then the away only counted
    ("Away: 4", never in the "and 1 more" of those here: naive s9 finding 4 read "Here: …
    and 4 more" as four more people here), then the others here without a mark ("and 1
    more"), then the marked; the names alone
    only when not even oneself fits with the count. A guest or
    the projector shown without its mark reads like a member (naive finding 3: ``Hier: Anja ★
    (jij), Bart, Cees, …`` with Cees a guest); cut off, it hid who was here (finding 9)."""
    present, absent = split_members(state, me, connected)
    # A long name of one away cut to its first word before the away are only counted:
    # "Away: 1" named nobody (naive s18 N10, N11: "Carla Verhoeven-De Smedt van der Linden").
    for here, away in ((FULL, FULL), (FULL, NAMES), (ROLES, NAMES), (ROLES, FIRST_WORD)):
        line = _strip(state, me, present, absent, here=here, away=away)
        if width is None or line.cell_len <= width:
            return line

    # The away are counted first; then the unmarked others give way (from the end), then
    # the marked; oneself stays.
    def marked(key: str) -> bool:
        return member_label(state, key, me, detail=ROLES) != member_label(
            state, key, me, short=True
        )

    order = [k for k in reversed(present) if k != me and not marked(k)]
    order += [k for k in reversed(present) if k != me and marked(k)]
    for dropped in range(len(order) + 1):
        shown = [k for k in present if k not in order[:dropped]]
        line = _strip(state, me, shown, [], here=ROLES, away=NAMES)
        if dropped:
            line.append(" " + _("and {count} more").format(count=dropped))
        if absent:  # counted apart: "and 4 more" read as four more here (naive s9 finding 4)
            line.append("  ")
            line.append(_("Away: ") + str(len(absent)), style="bold dim")
        if line.cell_len <= width:
            return line
    return _strip(state, me, present, absent, here=NAMES, away=NAMES)


def _strip(
    state: SessionState, me: str, present: list[str], absent: list[str], *, here: int, away: int
) -> Text:
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(_("Here: "), style="bold")
    line.append(", ".join(member_label(state, k, me, detail=here) for k in present))
    if absent:
        line.append("  ")
        line.append(_("Away: "), style="bold dim")
        said = [member_label(state, k, me, detail=max(away, NAMES)) for k in absent]
        if away == FIRST_WORD:  # the name cut, its marks kept ("Anja ★")
            said = [
                first_word(state.name(k)) + label[len(state.name(k)) :]
                for k, label in zip(absent, said, strict=True)
            ]
        line.append(", ".join(said), style="dim")
    return line


def first_word(name: str) -> str:
    """``name``'s first word, "…" after it when there is more."""
    words = name.split()
    return name if len(words) < 2 else words[0] + "…"


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
