"""Since last time: what a meeting of a trajectory opens with, on every screen (seed 000: the
co-creators keep each other's context aligned).

The summary is the pure ``beraad.core.trajectory.since_last_time``; this module only says it in
short lines — the last meeting's decisions, every action and where it stands, who sent nothing,
what was added between meetings — and offers the steward's two steps: ending the meeting (with
what comes next) and opening the next one.
"""

from __future__ import annotations

import textwrap
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Static

from beraad.core.catchup import AwaySummary
from beraad.core.end_consent import END, ends_by_consent
from beraad.core.state import SessionState
from beraad.core.trajectory import (
    STATUS_SAID,
    STEPS_SAID,
    SinceLastTime,
    since_last_time,
    stopped_phase,
)
from beraad.i18n import N_, _, ngettext
from beraad.i18n.kinds import others_did
from beraad.ui.command_words import ENDING, OPENING, titled
from beraad.ui.plain import first_line
from beraad.ui.screens.base import BeraadModal, GivesWay
from beraad.ui.screens.while_away import renamed_line, summary_lines
from beraad.ui.widgets.free_text_box import FreeTextBox
from beraad.ui.widgets.phase_bar import open_proposal, phase_label
from beraad.ui.widgets.tally_format import clip

#: How many items added between meetings are quoted; the rest are counted.
QUOTED = 4
#: The width of a line inside the dialog (76 columns less border, padding and scrollbar).
LINE = 66
#: How an action's status reads on screen, and the other steps on it (as in the minutes).
STATUS = STATUS_SAID
STEPS = STEPS_SAID


def _by(state: SessionState, member: str, me: str | None) -> str:
    """ "— name" after what someone added or updated; "— you" for whose screen it is, as the
    actions' lines say (naive s9 finding 13: "— done (you)" beside "— Bart (XKDC-XOL4)" for
    Bart's own update between meetings)."""
    return _("— you") if me is not None and member == me else f"— {_who(state, member)}"


def _who(state: SessionState, member: str) -> str:
    """A name, marked when it is a guest's (guests' words are marked everywhere)."""
    found = state.members.get(member)
    if found is not None and getattr(found, "guest", False):
        return _("{name} (guest)").format(name=state.name(member))
    return state.name(member)


def _names(state: SessionState, members: list[str]) -> str:
    return ", ".join(state.name(m) for m in members)


def action_lines(
    state: SessionState, action: Any, me: str | None = None, width: int = LINE
) -> list[str]:
    """One action: what, its status, who pulls it ("you" to themselves: naive s7 finding 13
    read "(Bram)" on Bram's own screen), and its due date; its text whole, on as many lines
    of ``width`` as it takes (cut to fit one line, "Ask the municipality for a qu…" showed
    on a 200-column wall and the due date wrapped alone at 80: naive s13 N8)."""
    status = _(STATUS.get(getattr(action, "status", "open"), STATUS["open"]))
    pulling = list(getattr(action, "pullers", []))
    others = _names(state, [m for m in pulling if m != me])
    if me is not None and me in pulling:
        pullers = f" ({_('{names} and you').format(names=others)})" if others else " " + _("(you)")
    else:
        pullers = f" ({others})" if others else ""
    if getattr(action, "status", "open") == "open" and pullers:
        status = _("not started yet")
    tail = f" — {status}{pullers}"
    if getattr(action, "due", None):
        tail += " · " + _("due {date}").format(date=action.due)
    said = f"• {first_line(action.text)}{tail}"
    return textwrap.wrap(said, width, initial_indent="  ", subsequent_indent="    ")


def since_lines(
    summary: SinceLastTime, state: SessionState, me: str | None = None, width: int = LINE
) -> list[str]:
    """The summary in lines of ``width``: decisions, actions, who was absent, what came in
    between; ``me`` (whose screen it is) reads "you" for themselves."""
    lines: list[str] = []
    if summary.decisions:
        lines.append(_("Decided in meeting {number}:").format(number=summary.last.number))
        for decision in summary.decisions:
            option = state.options.get(decision.option)
            lines.append(f"  • {clip(option.text if option else '', width - 4)}")
    else:
        lines.append(_("No decision in meeting {number}.").format(number=summary.last.number))
    if summary.actions:
        lines.append(_("Actions:"))
        for action in summary.actions:
            lines.extend(action_lines(state, action, me, width))
    # "Absent" said of a member who had the meeting open and sent nothing: what is known is
    # that nothing came from them (README's definition; naive s8b finding 18).
    if summary.absent:
        lines.append(
            _("Sent nothing in meeting {number}: {names}.").format(
                number=summary.last.number, names=_names(state, summary.absent)
            )
        )
    else:
        everyone = _("Everyone sent something in meeting {number}.")
        lines.append(everyone.format(number=summary.last.number))
    if summary.between_records:
        lines.append(
            ngettext(
                "Between the meetings: {count} contribution or update.",
                "Between the meetings: {count} contributions and updates.",
                summary.between_records,
            ).format(count=summary.between_records)
        )
        lines.extend(_changes_between(summary, state, me, width))
        lines.extend(f"  • {renamed_line(rename)}" for rename in summary.renames_between)
        for item in summary.added_between[:QUOTED]:
            name = _by(state, item.author, me)
            words = getattr(item, "title", None) or item.text  # a shared fact by its title
            lines.append(f"  • {clip(words, max(20, width - 5 - len(name)))} {name}")
        if len(summary.added_between) > QUOTED:
            more = len(summary.added_between) - QUOTED
            lines.append("  " + _("… and {count} more").format(count=more))
        if summary.other_between:
            # What no line above says, named by kind: the count is of every record between.
            acts = ", ".join(
                f"{others_did(kind) if kind else _('other changes')} ({count})"
                for kind, count in sorted(summary.other_between.items())
            )
            lines.extend(textwrap.wrap(_("Also: {acts}.").format(acts=acts), width))
    else:
        lines.append(_("Nothing was added between the meetings."))
    if summary.last.next.strip() and state.between_meetings:
        # Whole, wrapped: the group's plan is what people look here for (it scrolls).
        said = _("Next: {what}").format(what=" ".join(summary.last.next.split()))
        lines.extend(textwrap.wrap(said, width, subsequent_indent="  "))
    if (stopped := stopped_phase(state)) is not None:
        # Where the group picks up once it has looked back (naive s12 P6: seven F6 moves).
        said = _("Meeting {number} stopped in {phase}: one move (F6) carries on there.").format(
            number=summary.last.number, phase=phase_label(stopped)
        )
        lines.extend(textwrap.wrap(said, width))
    elif carried_on(summary, state):
        # The move was made while this was open: "one move carries on there" was still said
        # after it (naive s15, on a member's screen, the toast above it saying otherwise).
        said = _("Meeting {number} stopped in {phase}; the group carries on there now.").format(
            number=summary.last.number, phase=phase_label(state.phase or "")
        )
        lines.extend(textwrap.wrap(said, width))
    return lines


def carried_on(summary: SinceLastTime, state: SessionState) -> bool:
    """Is the group, in this meeting, where the last one stopped (not at the opening)?"""
    info = state.info
    return (
        info is not None
        and not state.between_meetings
        and state.phase != info.phases[0]
        and state.phase == summary.last.stopped_in
    )


def _changes_between(
    summary: SinceLastTime, state: SessionState, me: str | None, width: int
) -> list[str]:
    """What was done with actions between the meetings, in the order it came: how each goes
    (with its note), who pulled one, stepped back, set its due date."""
    order = {record: n for n, record in enumerate(summary.last.between)}
    changes: list[tuple[int, Any, str, str, str]] = [
        (order.get(u.record, 0), a, u.by, _(STATUS.get(u.status, u.status)), u.note)
        for a, u in summary.updates_between
    ]
    changes += [
        (order.get(record, 0), a, who, _(STEPS[kind]), "")
        for kind, a, who, record in summary.steps_between
    ]
    changes.sort(key=lambda change: change[0])
    lines = []
    for _n, action, by, status, said in changes[:QUOTED]:
        name = _by(state, by, me)
        note = f" ({said.strip()})" if said.strip() else ""
        room = max(20, width - 5 - len(name))
        # The action's text takes the room the status and note leave (it was cut at 30
        # in a line with room to spare: "Reach out to Shopkeepers at t…").
        text = clip(action.text, max(20, room - len(status) - 2))  # the note gives way first
        left = room - len(text) - 2 - len(status)
        note = clip(note, left) if left >= 5 else ""
        lines.append(f"  • {clip(f'{text}: {status}{note}', room)} {name}")
    if len(changes) > QUOTED:
        lines.append("  " + _("… and {count} more").format(count=len(changes) - QUOTED))
    return lines


class SinceLastTimeScreen(GivesWay, BeraadModal):
    HELP_TEXT = N_(
        "What the group decided last time, where each action stands, who sent nothing in it "
        "and what was added between the meetings. Ctrl+T shows it again; Enter or Escape closes it."
    )
    DEFAULT_CSS = """
    SinceLastTimeScreen .dialog { width: 76; }
    SinceLastTimeScreen VerticalScroll { height: auto; max-height: 16; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        *BeraadModal.BINDINGS,
        Binding("escape,enter", "close", N_("Close")),
    ]

    def __init__(
        self,
        summary: SinceLastTime,
        state: SessionState,
        gives_way: bool = False,
        away: AwaySummary | None = None,
        me: str | None = None,
    ) -> None:
        super().__init__()
        self.summary = summary
        self.state = state
        #: Whose screen it is: their own actions read "you".
        self.me = me
        #: What "while you were away" would say on arrival: said first, in this one popup
        #: (two popups in a row each wanted their Enter; naive s6b finding I).
        self.away = away
        #: Shown by itself (on opening, at a new meeting) rather than asked for with Ctrl+T.
        #: Either way what is typed goes on in the box below and the popup stays to be read
        #: (``GivesWay``: asked for, it lost the first letter, naive s8b finding 16).
        self.by_itself = gives_way
        #: Where the group carries on, as said now (``follow``).
        self._said = (stopped_phase(state), carried_on(summary, state))

    def _title(self) -> str:
        if self.state.between_meetings:
            return _("Meeting {number} has ended").format(number=self.summary.last.number)
        return _("Since last time — meeting {number}").format(number=self.summary.meeting)

    def _lines(self) -> str:
        said = since_lines(self.summary, self.state, self.me)
        if self.away is not None:
            said = [
                _("While you were away:"),
                *summary_lines(self.away, self.state, shown_below=True),
                "",
                self._title() + ":",
                *said,
            ]
        return "\n".join(said)

    def compose(self) -> ComposeResult:
        with Vertical(id="since-last-time", classes="dialog"):
            yield Static(self._title(), classes="dialog-title", markup=False)
            with VerticalScroll(id="since-scroll"):
                yield Static(Text(self._lines()), id="since")
            hint = _("Enter/Escape closes it; typing goes on below.")
            if self.by_itself:
                hint = _("Enter/Escape closes it; typing goes on below; Ctrl+T shows it again.")
            yield Static(hint, classes="dialog-hint")

    def follow(self, state: SessionState) -> None:
        """The group moved while this is open: where it carries on is said as it is now, not
        as when the popup opened (the rest is what happened before, and stays)."""
        self.state = state
        said = (stopped_phase(state), carried_on(self.summary, state))
        if said == self._said:
            return  # (the state is the node's, changed in place: compared with what was said)
        self._said = said
        for said in self.query("#since").results(Static):
            said.update(Text(self._lines()))

    def action_close(self) -> None:
        self.dismiss(None)


class EndMeetingScreen(BeraadModal):
    """Asks what comes next (optional) before ending the meeting; dismisses with the text, or
    None when Escape changes nothing."""

    HELP_TEXT = N_(
        "Ending the meeting: type what comes next (when and where the group meets again, what "
        "about) and press Enter; it goes into the newsletter. Escape changes nothing."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        *BeraadModal.BINDINGS,
        Binding("escape", "close", N_("Back")),
    ]

    def __init__(self, number: int, propose: bool = False, replaces: str = "") -> None:
        super().__init__()
        self.number = number
        #: Under consent the meeting is not ended here but proposed (``core/end_consent.py``).
        self.propose = propose
        #: The open proposal this one replaces, named ("" for none): said before Enter.
        self.replaces = replaces

    def compose(self) -> ComposeResult:
        with Vertical(id="end-meeting", classes="dialog"):
            if self.propose:
                title = _("Propose ending meeting {number}?")
                hint = _(
                    "Enter proposes it: the meeting ends once the group consents. Escape goes back."
                )
            else:
                title, hint = (
                    _("End meeting {number}?"),
                    _("Enter ends the meeting; Escape goes back."),
                )
            yield Static(title.format(number=self.number), classes="dialog-title")
            yield Static(
                _("What comes next (when, where, what about)? You may leave it empty."),
                classes="dialog-intro",
            )
            yield FreeTextBox(id="next-meeting", max_length=2000)  # a paste keeps its lines
            if self.propose and self.replaces:
                replaces = _("This replaces {proposal}.").format(proposal=self.replaces)
                yield Static(replaces, id="end-replaces", classes="dialog-hint", markup=False)
            yield Static(hint, classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#next-meeting", Input).focus()

    @on(Input.Submitted, "#next-meeting")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip())

    def action_close(self) -> None:
        self.dismiss(None)


#: This device's local value naming the last summary shown by itself (once per meeting).
SHOWN = "since_last_time_shown"


def summary_key(state: SessionState) -> str:
    """Which summary opens the session now: a meeting's opening, or the time after it ended."""
    return f"{state.meeting}:{'ended' if state.between_meetings else 'opening'}"


def opens_with_summary(state: SessionState) -> bool:
    """A session opened during meeting n≥2's opening, or between meetings, starts with it."""
    if state.info is None or (state.meeting < 2 and not state.between_meetings):
        return False
    return state.between_meetings or state.phase == state.info.phases[0]


def between_line(state: SessionState, me: str, width: int = 78) -> str:
    """The lines under the bars between meetings: what comes next (as the steward wrote it),
    what still works, and, for who may, how to open the next meeting. Each fits ``width``
    (80 columns less the padding): what comes next wraps over up to three lines (Ctrl+T shows
    all of it), the keys are cut rather than pushed onto a line of their own."""
    ended = _("Meeting {number} has ended.").format(number=state.meeting)
    upcoming = state.meetings[-1].next.strip() if state.meetings else ""
    if upcoming:
        ended += " " + _("Next: {what}").format(what=" ".join(upcoming.split()))
    keys = _("Updates still count. Ctrl+T: since last time.")
    if steward(state, me):
        # The palette command's own name: the hint's words found nothing there (naive s10b G).
        command = _("Open meeting {number}").format(number=state.meeting + 1)
        keys += " " + _("Ctrl+P: {command}.").format(command=command)
    said = textwrap.wrap(ended, width, max_lines=3, placeholder=" …")
    return "\n".join([*said, clip(keys, width)])


def steward(state: SessionState, me: str) -> bool:
    """May ``me`` end a meeting or open the next (``kinds.py`` note ¹)?"""
    info, member = state.info, state.members.get(me)
    if info is None or member is None or member.observer:
        return False
    return info.process_rule == "consent" or state.facilitator == me


def trajectory_commands(screen: Any) -> list[tuple[str, str, Any]]:
    """The palette's trajectory commands for the session screen: since last time, and the
    steward's end of this meeting or opening of the next."""
    state: SessionState = screen.state
    commands: list[tuple[str, str, Any]] = []
    if since_last_time(state) is not None:
        commands.append(
            (
                _("Since last time (Ctrl+T)"),
                _("Decisions, actions, who sent nothing, what was added between meetings"),
                screen.action_since_last_time,
            )
        )
    if steward(state, screen.me):
        if state.between_meetings:
            commands.append(
                (
                    titled(_("Open meeting {number}").format(number=state.meeting + 1), OPENING),
                    _("The next meeting of this trajectory starts at the opening"),
                    screen.open_meeting,
                )
            )
        elif ends_by_consent(state):  # the group consents first (core/end_consent.py)
            # What can be done now (naive s8 finding 5): the pending proposal is the newest
            # open one; an older proposal to end it that another replaced is not answered.
            pending = open_proposal(state) if state.phase is not None else None
            if pending is not None and pending.to == END:  # answered with F6
                title = _("Answer the proposal to end meeting {number}").format(
                    number=state.meeting
                )
                commands.append(
                    (
                        titled(title, ENDING),
                        _("Ready or object, in the move dialog (F6)"),
                        screen.action_phase_moves,
                    )
                )
            else:
                if pending is not None and pending.by != screen.me:  # one's own: ready
                    title = _("Answer {name}'s proposal to move to {phase}").format(
                        name=state.name(pending.by), phase=phase_label(pending.to)
                    )
                    answer = _("Ready or object, in the move dialog (F6)")
                    commands.append((title, answer, screen.action_phase_moves))
                commands.append(
                    (
                        titled(
                            _("Propose ending meeting {number}").format(number=state.meeting),
                            ENDING,
                        ),
                        _("The meeting ends once the group consents; each answers with F6"),
                        screen.end_meeting,
                    )
                )
        else:
            commands.append(
                (
                    titled(_("End meeting {number}").format(number=state.meeting), ENDING),
                    _("Everything stays; updates still count until the next meeting"),
                    screen.end_meeting,
                )
            )
    return commands
