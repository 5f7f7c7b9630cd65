"""While you were away: a short list of what others did since this person last left the session.

Someone who stepped out should not have to reread the whole session. The summary itself is the
pure ``beraad.core.catchup.since`` (through ``beraad.away.while_away``); this screen only says
it in a few lines: phase moves, who joined, new contributions by kind (with their first words),
votes and decisions, and what answers the person's own words.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from beraad.core.actions import ACTION_STATUS
from beraad.core.catchup import AwaySummary
from beraad.core.renames import Rename
from beraad.core.state import Item, SessionState
from beraad.i18n import N_, _, ngettext
from beraad.i18n.kinds import others_did
from beraad.readable import readable
from beraad.ui.facilitation import change_said, unseen_news
from beraad.ui.screens.base import BeraadModal, GivesWay
from beraad.ui.widgets.phase_bar import phase_label
from beraad.ui.widgets.tally_format import Legend, clip

#: The summary's lists of items, in the order the phases bring them, with their headings.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("knots", N_("New knots ({count})")),
    ("positions", N_("New positions ({count})")),
    ("arguments", N_("New arguments ({count})")),
    ("notes", N_("New experiences and knowledge ({count})")),
    ("criteria", N_("New criteria ({count})")),
    ("options", N_("New options ({count})")),
    ("evaluations", N_("New evaluation notes ({count})")),
    ("facts", N_("New shared facts ({count})")),
    ("fact_questions", N_("Facts questioned ({count})")),
    ("actions", N_("New actions ({count})")),
)
#: What others did with an action, in a line each (the action quoted, then who).
STEPS: dict[str, str] = {
    "action.pull": N_("{name} pulls “{action}”"),
    "action.release": N_("{name} stepped back from “{action}”"),
    "action.update": N_("{name} said how “{action}” goes (now {status})"),
    "action.due": N_("{name} set the due date of “{action}”"),
}
#: What the group's steps on the vote were, said as what happened: "Also: closing the voting
#: (1)." read as an instruction, in Dutch "Verder: de stemming sluiten (1)." (naive s11
#: F-minor-14); so did the meeting's end.
HAPPENED: dict[str, str] = {
    "vote.close": N_("Voting was closed."),
    "vote.reopen": N_("A new round of voting was opened."),
    "vote.reveal_end": N_("The wait for sealed votes was ended."),
    # "Also: ending the meeting (1)", in Dutch "Verder: de bijeenkomst afsluiten (1)", read
    # as something still to do (naive s12 P9).
    "meeting.end": N_("The meeting was ended."),
}
#: How many items of one kind are quoted; the rest are counted.
QUOTED = 3
#: The width of a line inside the dialog (76 columns less border, padding and scrollbar).
LINE = 66


def _quoted(state: SessionState, items: list[Item]) -> list[str]:
    lines = []
    for item in items[:QUOTED]:
        name = state.name(item.author)
        words = getattr(item, "title", None) or item.text  # a fact by its title
        lines.append(f"  • {clip(words, max(20, LINE - 7 - len(name)))} — {name}")
    if len(items) > QUOTED:
        lines.append("  " + _("… and {count} more").format(count=len(items) - QUOTED))
    return lines


def summary_lines(
    summary: AwaySummary, state: SessionState, shown_below: bool = False
) -> list[str]:
    """The summary in short lines, most important first (where the group is, then what is new).
    ``shown_below``: what the last meeting brought follows in the same popup (no "Ctrl+T shows
    it" right above it). Votes are said on their own line, and not counted again among the
    contributions ("1 new contribution … Votes cast meanwhile: 1" for one vote: naive s7), nor
    are moves, names, steps on actions: each has its line."""
    votes = sum(summary.votes.values())
    # Counted as listed under "New …" (naive s9: "4 new contributions" over two knots, the
    # other two a move and a name, said on lines of their own and not contributions).
    others = sum(len(getattr(summary, name)) for name, _heading in SECTIONS)
    lines = []
    if others > 0:
        lines.append(
            ngettext(
                "{count} new contribution from others.",
                "{count} new contributions from others.",
                others,
            ).format(count=others)
        )
    if summary.meetings:
        # Whole meetings took place: say so first, and where to read what they brought.
        numbers = ", ".join(str(n) for n in summary.meetings)
        lines.append(
            ngettext(
                "Meanwhile meeting {numbers} opened; the group is now in meeting {now}.",
                "Meanwhile meetings {numbers} opened; the group is now in meeting {now}.",
                len(summary.meetings),
            ).format(numbers=numbers, now=state.meeting)
        )
        if summary.phase_now is not None:
            now = (
                _("Now in {phase}.")
                if shown_below
                else _("Now in {phase}. Ctrl+T shows what the last meeting brought.")
            )
            lines.append(now.format(phase=phase_label(summary.phase_now)))
    elif summary.phase_moves and summary.phase_now is not None:
        lines.append(
            _("The group moved from {before} to {now}.").format(
                before=phase_label(summary.phase_before or "opening"),
                now=phase_label(summary.phase_now),
            )
        )
    if summary.joined:
        names = ", ".join(state.name(key) for key in summary.joined)
        lines.append(_("Joined: {names}.").format(names=names))
    lines.extend(renamed_line(rename) for rename in summary.renames)
    lines.extend(change_said(state, h, summary.member) for h in summary.handovers)
    lines.extend(unseen_news(state, c, summary.member) for c in summary.void_claims)
    legend = Legend.of(state)
    for decision in summary.decisions:
        option = state.options.get(decision.option)
        text = clip(option.text if option else "", 50)
        lines.append(
            _("Decided: {letter}. {option}").format(
                letter=legend.option(decision.option), option=text
            )
        )
    for name, heading in SECTIONS:
        items: list[Item] = getattr(summary, name)
        if items:
            lines.append(_(heading).format(count=len(items)))
            lines.extend(_quoted(state, items))
    lines.extend(_action_lines(summary, state))
    if summary.edited:
        lines.append(_("Edited meanwhile: {count}.").format(count=len(summary.edited)))
    if votes:
        lines.append(_("Votes cast meanwhile: {count}.").format(count=votes))
    if summary.on_yours:
        lines.append(
            _("{count} of these answer your own words.").format(count=len(summary.on_yours))
        )
    if summary.has_word:
        lines.append(_("You have the word."))
    elif summary.hand_raised:
        lines.append(_("Your hand is still raised."))
    return lines


def _action_lines(summary: AwaySummary, state: SessionState) -> list[str]:
    """What others did with actions, the groups they put on the table map, and the other
    acts no line names: "6 new contributions" alone said nothing of them, and an absent
    puller never heard of new or pulled actions (naive s8 finding 8)."""
    lines = []
    steps = summary.action_steps
    if steps:
        lines.append(_("Changes to actions ({count})").format(count=len(steps)))
        for kind, action, who in steps[:QUOTED]:
            name = state.name(who)
            words = clip(action.text, max(20, LINE - 30 - len(name)))
            status = _(ACTION_STATUS.get(action.status, action.status))
            lines.append("  • " + _(STEPS[kind]).format(name=name, action=words, status=status))
        if len(steps) > QUOTED:
            lines.append("  " + _("… and {count} more").format(count=len(steps) - QUOTED))
    if summary.groups:
        names = ", ".join(clip(name, 30) for name in summary.groups)
        lines.append(_("New groups on the table map: {names}.").format(names=names))
    others = dict(summary.other_kinds)
    for kind, said in HAPPENED.items():
        if others.pop(kind, 0):
            lines.append(_(said))
    if others:
        acts = ", ".join(f"{others_did(kind)} ({count})" for kind, count in sorted(others.items()))
        lines.append(_("Also: {acts}.").format(acts=acts))
    return lines


def renamed_line(rename: Rename) -> str:
    """Another member's new name, said with the one the person knew them by."""
    return _("{before} is now called {now}.").format(
        before=clip(readable(rename.before), 30), now=rename.now
    )


class WhileAwayScreen(GivesWay, BeraadModal):
    HELP_TEXT = N_(
        "What the others did since you last left this deliberation. Everything is also in the "
        "phases themselves; press Enter or Escape to go there."
    )
    DEFAULT_CSS = """
    WhileAwayScreen .dialog { width: 76; }
    WhileAwayScreen VerticalScroll { height: auto; max-height: 16; }
    """
    BINDINGS = [Binding("escape,enter", "close", N_("Close"))]

    def __init__(self, summary: AwaySummary, state: SessionState) -> None:
        super().__init__()
        self.summary = summary
        self.state = state

    def compose(self) -> ComposeResult:
        with Vertical(id="while-away", classes="dialog"):
            yield Static(_("While you were away"), classes="dialog-title")
            with VerticalScroll(id="away-scroll"):
                yield Static(Text("\n".join(summary_lines(self.summary, self.state))), id="away")
            yield Static(_("Enter/Escape closes it; typing goes on below."), classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)
