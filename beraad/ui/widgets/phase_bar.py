"""The phase bar everyone shares: the session's phases, where the group is, and who moves it on.

Drawn from the folded state only, so every peer holding the same records shows the same bar.
The person may be looking at another phase than the group's; the bar marks both.
"""

from __future__ import annotations

import textwrap

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from beraad.core.end_consent import END
from beraad.core.session import PHASE_LABELS
from beraad.core.state import PhaseProposal, SessionState
from beraad.core.trajectory import stopped_phase
from beraad.i18n import _, ngettext
from beraad.ui.widgets.unchanged import update

#: The columns a phase line may take where nobody says: inside a bar's margins at 80 columns.
COMPACT_FROM = 78


def phase_label(phase: str) -> str:
    return _(PHASE_LABELS.get(phase, phase))


def open_proposal(state: SessionState) -> PhaseProposal | None:
    """The newest open proposal to move from the current phase (consent rule)."""
    found = [
        p for p in state.proposals.values() if p.status == "open" and p.from_phase == state.phase
    ]
    return found[-1] if found else None


def replaced_proposal(state: SessionState, proposal: PhaseProposal) -> PhaseProposal | None:
    """The open proposal ``proposal`` replaced (the one before it from the same phase), if any:
    the others are told it replaced one (naive s8b finding 12)."""
    found = [
        p for p in state.proposals.values() if p.status == "open" and p.from_phase == state.phase
    ]
    at = next((i for i, p in enumerate(found) if p.id == proposal.id), 0)
    return found[at - 1] if at > 0 else None


def goes_back(state: SessionState, proposal: PhaseProposal) -> bool:
    """The proposal is to go back to an earlier phase (said as such, not as "next")."""
    if state.info is None or state.phase is None or proposal.to not in state.info.phases:
        return False
    phases = list(state.info.phases)
    return phases.index(proposal.to) < phases.index(state.phase)


def has_consent(state: SessionState, proposal: PhaseProposal) -> bool:
    """The reducer's own test: nobody objects and more than half of the members are ready."""
    return not proposal.objections and len(proposal.ready) * 2 > len(state.participants())


def next_phase(state: SessionState) -> str | None:
    if state.info is None or state.phase is None:
        return None
    phases = state.info.phases
    here = phases.index(state.phase)
    return phases[here + 1] if here + 1 < len(phases) else None


def phases_line(
    state: SessionState, viewing: str | None = None, room: int = COMPACT_FROM, margin: bool = False
) -> Text:
    """``✓Opening ▸Knots Positions …``: done, current (reversed), still to come, in ``room``
    columns. With ``margin`` the room is a bar's whole width and the line keeps the bar's
    margin (a space before it) while it has a column to spare: the session bar gives its
    margins to the line only when it needs them, so every done phase keeps its ✓ in Dutch at
    80 columns ("✓Opening … ✓Doen ▸Evalueren" is 80 wide; naive s8b finding 13)."""
    line = Text(no_wrap=True, overflow="ellipsis")
    if state.info is None:
        return line
    phases = state.info.phases
    here = phases.index(state.phase) if state.phase in phases else -1
    # Eight phases in Dutch overflow 80 columns: then a phase still to come has no mark, and
    # where the line still does not fit the done ones have none either (below).
    compact = sum(len(phase_label(p)) + 2 for p in phases) - 1 + margin > room
    parts: list[tuple[bool, str, str, str]] = []  # (a space before, mark, label, style)
    for index, phase in enumerate(phases):
        if index < here:
            mark, style = "✓", "dim"
        elif index == here:
            mark, style = "▸", "bold reverse"
        else:
            mark, style = " ", ""
        if compact and mark == " ":
            mark = ""
        if phase == viewing and index != here:
            style += " underline"
        parts.append((index > 0, mark, phase_label(phase), style.strip()))
    width = sum(space + len(mark) + len(label) for space, mark, label, _s in parts)
    if width > room:
        # Still too wide (labels longer than ours: the eight Dutch ones fit 80 columns with
        # every ✓ in the session's bar, naive s8b finding 13): the done phases lose their ✓,
        # all of them (left of ▸ and dim, they read as done), and keep their spaces:
        # "✓Opening✓Knopen✓…" read as one word (naive s8 finding 12), and a ✓ on some done
        # phases only read as "not done".
        parts = [(sp, "" if mk == "✓" else mk, lb, st) for sp, mk, lb, st in parts]
        width = sum(space + len(mark) + len(label) for space, mark, label, _s in parts)
    for index, (space, mark, label, style) in enumerate(parts):
        if width <= room:
            break
        if space and mark:  # longer labels than ours: a mark is its phase's only separator
            parts[index] = (False, mark, label, style)
            width -= 1
    if margin and width < room:
        line.append(" ")  # the bar's own margin, where the line leaves a column for it
    for space, mark, label, style in parts:
        if space:
            line.append(" ")
        line.append(f"{mark}{label}", style=style)
    return line


def steward_line(state: SessionState, me: str | None = None) -> str:
    """What comes next and who moves the group there, with the open proposal if any; between
    meetings nothing moves the group: who opens the next meeting (``me``: "you", if it is them)."""
    if state.info is None:
        return ""
    if state.between_meetings:
        return between_line(state, me)
    following = next_phase(state)
    parts = [
        _("Next: {phase}").format(phase=phase_label(following))
        if following
        else _("This is the last phase.")
    ]
    if (stopped := stopped_phase(state)) is not None:  # one move carries on there (F6)
        parts = [
            _("Next: {phase}, where meeting {number} stopped").format(
                phase=phase_label(stopped), number=state.meeting - 1
            )
        ]
    if state.info.process_rule == "facilitator":
        if following:  # in the last phase there is nowhere on to go (naive s8 finding 12)
            name = state.name(state.facilitator) if state.facilitator else "?"
            parts.append(_("{name}, the facilitator, moves the group on").format(name=name))
    else:
        proposal = open_proposal(state)
        if proposal is None:
            if following:  # in the last phase there is nowhere on to go
                parts.append(_("the group, by consent, moves on"))
        elif proposal.to == END:
            status = _("{name} proposes ending the meeting: {ready} of {members} ready").format(
                name=state.name(proposal.by),
                ready=len(proposal.ready),
                members=len(state.participants()),
            )
        else:
            if goes_back(state, proposal):
                status = _("{name} proposes going back to {phase}: {ready} of {members} ready")
            else:
                status = _("{name} proposes {phase}: {ready} of {members} ready")
            status = status.format(
                name=state.name(proposal.by),
                phase=phase_label(proposal.to),
                ready=len(proposal.ready),
                members=len(state.participants()),
            )
        if proposal is not None:
            # The open proposal is what may come next: "Next: Positions · Bram proposes
            # Opening" contradicted itself, and in Dutch it was cut at 80 (naive s8b 12, 13).
            parts = []
            if proposal.objections:
                count = len(proposal.objections)
                status += ", " + ngettext("{count} objection", "{count} objections", count).format(
                    count=count
                )
            parts.append(status)
    return " · ".join(parts)


def between_line(state: SessionState, me: str | None = None) -> str:
    """Between meetings: the group is in no phase, and who opens the next meeting."""
    assert state.info is not None
    number = state.meeting + 1
    if state.info.process_rule == "facilitator":
        if me is not None and me == state.facilitator:
            who = _("you open meeting {number}").format(number=number)
        else:
            name = state.name(state.facilitator) if state.facilitator else "?"
            who = _("{name}, the facilitator, opens meeting {number}").format(
                name=name, number=number
            )
    else:
        who = _("any member opens meeting {number}").format(number=number)
    return " · ".join([_("Between meetings"), who])


def end_next_text(state: SessionState, width: int = 78, lines: int = 2) -> str:
    """What comes next, as a proposal to end the meeting says it: those asked to consent see
    what they consent to, wrapped in ``lines`` of ``width`` (the rest is in the F6 dialog)."""
    proposal = open_proposal(state)
    if proposal is None or proposal.to != END or not proposal.next.strip():
        return ""
    said = _("What comes next: {what}").format(what=" ".join(proposal.next.split()))
    return "\n".join(textwrap.wrap(said, width, max_lines=lines, placeholder=" …"))


def objections_text(state: SessionState) -> Text:
    """Who objects to the proposed move and why: the group works with it, so all see it."""
    text = Text()
    proposal = open_proposal(state)
    if proposal is None:
        return text
    for response in proposal.objections:
        if text:
            text.append("\n")
        text.append("✋ " + _("{name} objects: ").format(name=state.name(response.member)), "bold")
        text.append(response.reason)  # their words, as typed; never markup
    return text


class PhaseBar(Vertical):
    _shown: tuple[SessionState, str | None] | None = None

    DEFAULT_CSS = """
    PhaseBar { height: auto; max-height: 5; background: $boost; }
    PhaseBar Static { height: 1; padding: 0 1; text-wrap: nowrap; text-overflow: ellipsis; }
    PhaseBar #phases { padding: 0; }
    PhaseBar #steward { color: $text-muted; }
    PhaseBar #objections { height: auto; max-height: 3; text-wrap: wrap; color: $text-warning; }
    PhaseBar #end-next { height: auto; max-height: 2; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="phases")
        yield Static(id="steward")
        yield Static(id="end-next", markup=False)
        yield Static(id="objections", markup=False)

    def show(self, state: SessionState, viewing: str | None = None) -> None:
        self._shown = (state, viewing)
        room = self.size.width or self.app.size.width  # the bar spans the screen
        line = phases_line(state, viewing, room, margin=True)
        update(self.query_one("#phases", Static), line)
        update(self.query_one("#steward", Static), Text(steward_line(state), no_wrap=True))
        following = end_next_text(state)
        said = self.query_one("#end-next", Static)
        update(said, Text(following))
        said.display = bool(following)
        objections = objections_text(state)
        shown = self.query_one("#objections", Static)
        update(shown, objections)
        shown.display = bool(objections)

    def on_resize(self) -> None:
        """The phase line follows the bar's width (its marks and margin are fitted to it)."""
        if self._shown is not None:
            state, viewing = self._shown
            line = phases_line(state, viewing, self.size.width, margin=True)
            update(self.query_one("#phases", Static), line)
