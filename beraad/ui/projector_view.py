"""What the projector shows, built from the folded state: plain functions, no widgets.

The beamer is read from across a room by everyone at once, so it shows less than a laptop and
never singles anyone out: the newest contributions with who wrote them, the live tally in the
decide phase (only open and revealed votes count; sealed ones are shown as a number still
sealed), and an invitation to the quieter voices — in name order and without any counts.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from beraad.core.actions import ACTION_STATUS, STATUS_MARKS
from beraad.core.balance import Sitting, quieter_in_the_room, sitting
from beraad.core.facts import cited, fact_label
from beraad.core.majority import GRADES
from beraad.core.record import Record
from beraad.core.state import Fact, Item, SessionState
from beraad.core.tally import PER_OPTION_METHODS, TallyError, check_ready, outcome, tally
from beraad.i18n import N_, _, ngettext
from beraad.ui.plain import shown
from beraad.ui.tallied import round_option
from beraad.ui.widgets.meeting_status import invited_names, voice_label
from beraad.ui.widgets.tally_format import (
    Legend,
    clip,
    decision_notes,
    level_label,
    next_step,
    not_met,
    number,
    rule_label,
    rule_met,
    voting_status,
)

#: How each kind of contribution is named on the projector (the demo uses the same words).
KIND_LABELS: dict[str, str] = {
    "knot.add": N_("knot"),
    "knot.cluster": N_("cluster"),
    "position.add": N_("position"),
    "criterion.add": N_("criterion"),
    "option.add": N_("option"),
    "fact.add": N_("fact"),
    "fact.question": N_("question on a fact"),
    "action.add": N_("action"),
}
#: How many contributions the projector lists at most (the newest ones).
NEWEST = 12


@dataclass(frozen=True, slots=True)
class Contribution:
    """One line of the newest-contributions list."""

    record: str
    who: str
    what: str
    text: str
    retracted: bool
    edited: bool
    #: The shared facts it cites, by label (``F1 F2``); empty when none.
    cites: str = ""


def _label(state: SessionState, item: Item) -> str:
    if item.kind == "argument.add":
        stance = getattr(item, "stance", "for")
        return _("argument for") if stance == "for" else _("argument against")
    if item.kind == "note.add":
        return _("experience") if getattr(item, "note_type", "") == "experience" else _("knowledge")
    if item.kind == "evaluation.add":
        return _("went well") if getattr(item, "aspect", "") == "went_well" else _("try next")
    return _(KIND_LABELS.get(item.kind, item.kind))


def newest_contributions(
    state: SessionState, records: Sequence[Record], limit: int = NEWEST
) -> list[Contribution]:
    """The newest contributions first, in the fold's order (the same on every peer).

    A reworded item shows its latest words; a retracted one stays, marked: nobody's words
    disappear from the wall.
    """
    found: list[Contribution] = []
    for record in reversed(records):
        item = state.item(record.id)
        if item is None:
            continue
        found.append(
            Contribution(
                record=record.id,
                who=voice_label(state, item.author, item.speaker),
                what=_label(state, item),
                text=item.title if isinstance(item, Fact) else shown(item.text),
                retracted=not item.live,
                edited=item.edited,
                cites=" ".join(fact_label(state, f.id) for f in cited(state, item)),
            )
        )
        if len(found) >= limit:
            break
    return found


def contributions_text(contributions: Sequence[Contribution], width: int = 76) -> Text:
    """``Amina · knot: The square is dark…`` per line, newest on top."""
    text = Text()
    if not contributions:
        text.append(_("Nothing has been said yet in this deliberation."), style="italic")
        return text
    for index, line in enumerate(contributions):
        if index:
            text.append("\n")
        head = f"{line.who} · {line.what}: "
        style = "strike dim" if line.retracted else ("bold" if index == 0 else "")
        text.append(head, style="bold")
        cites = f" [{line.cites}]" if line.cites else ""
        words = clip(line.text, max(width - len(head) - len(cites), 12))
        text.append(words, style=style)
        if cites:
            text.append(cites, style="bold")
        if line.retracted:
            text.append(" " + _("(taken back)"), style="italic dim")
        elif line.edited:
            text.append(" " + _("(edited)"), style="italic dim")
    return text


def cited_facts_line(state: SessionState) -> str:
    """The shared facts what was said in this phase rests on, with their doubts; else empty."""
    tables = (state.knots, state.positions, state.arguments, state.options)
    cited = dict.fromkeys(
        fact
        for table in tables
        for item in table.values()
        if item.live and item.phase == state.phase
        for fact in item.cites
    )
    parts = []
    for fact_id in cited:
        fact = state.facts.get(fact_id)
        if fact is None:
            continue
        part = f"{fact_label(state, fact_id)} {fact.title}"
        if not fact.live:
            part += " " + _("(taken back)")
        questions = len(state.questions_on(fact_id))
        if questions:
            counted = ngettext("{n} question", "{n} questions", questions).format(n=questions)
            part += f" ({counted})"
        parts.append(part)
    if not parts:
        return ""
    return _("Facts this phase rests on: {facts}").format(facts=" · ".join(parts))


def actions_view(state: SessionState, width: int = 78) -> Text:
    """The act phase from across the room: per decision its actions, how each goes and who
    pulls it, so the room sees what still needs someone."""
    text = Text()
    legend = Legend.of(state)
    live = [a for a in state.actions.values() if a.live]
    if not live:
        text.append(_("No actions yet: what will we do, and who pulls it?"), style="italic")
        return text
    decided = {d.record: d for d in state.decisions}
    groups: list[tuple[str, list[Any]]] = []
    for record, decision in decided.items():
        option = state.options.get(decision.option)
        title = _("Decision {letter}: {option}").format(
            letter=legend.option(decision.option), option=shown(option.text) if option else ""
        )
        groups.append((title, [a for a in live if a.decision == record]))
    groups.append((_("Other actions"), [a for a in live if a.decision not in decided]))
    first = True
    for title, actions in groups:
        if not actions:
            continue
        if not first:
            text.append("\n")
        first = False
        text.append(clip(title, width) + "\n", style="bold underline")
        for action in actions:
            status = _(ACTION_STATUS.get(action.status, action.status))
            who = ", ".join(state.name(p) for p in action.pullers)
            text.append(f"{STATUS_MARKS.get(action.status, '○')} ", style="bold")
            text.append(clip(action.text, max(width - 4, 12)) + "\n", style="bold")
            text.append(f"   {status} · ", style="italic")
            if who:
                text.append(clip(who, max(width - len(status) - 6, 12)) + "\n")
            else:
                text.append(_("who pulls this?") + "\n", style="reverse")
    return text.rstrip() or text


def table_map_view(state: SessionState, width: int) -> Text:
    """Who is at the table, for the wall in the opening: each group concerned and its mark."""
    from beraad.core.actions import GROUP_STATUS, shown_status
    from beraad.ui.widgets.table_map import MARKS

    text = Text()
    text.append(_("Who is at the table") + "\n", style="bold")
    for group in state.groups.values():
        shown = shown_status(state, group)
        status = _(GROUP_STATUS.get(shown, GROUP_STATUS[None]))
        text.append(f"{MARKS.get(shown, '·')} ", style="bold")
        text.append(clip(group.name, max(width - len(status) - 6, 12)))
        text.append(f" · {status}\n", style="italic")
    return text.rstrip() or text


def quieter_line(
    state: SessionState, here: Collection[str], beamer: str | None = None, now: int | None = None
) -> str:
    """An invitation naming the quieter voices in the room now, over this meeting, in name
    order, no counts (``balance.quieter_in_the_room``; naive s9 finding 5: it named the one who
    wrote every contribution of the evening, counted over months of the trajectory, and someone
    who had left). ``here`` are the members connected to the projector; ``beamer`` is the
    projector's own member key: a beamer is not a voice, so it is left out before the even
    share is worked out. With ``now`` (ms) only what was said in this sitting counts
    (``balance.sitting``: not what is dated after now either)."""
    within = Sitting() if now is None else sitting(now)
    rows = quieter_in_the_room(state, set(here) - {beamer}, within=within)
    if not rows:
        return ""
    return _("We would like to hear more from: {names}").format(names=invited_names(state, rows))


def speaking_line(state: SessionState) -> str:
    """Who has the word, whose turn it is in a round, and how many hands are up. A person
    spoken for is named with their scribe ("Anja via Mallory"), never by a bare name that may
    be a member's (attack s9 finding 2)."""
    parts: list[str] = []
    current = state.round
    if current is not None and current.turn is not None:
        parts.append(
            _("Round: {name}'s turn").format(
                name=voice_label(state, current.turn.member, current.turn.speaker)
            )
        )
    elif state.floor is not None:
        parts.append(
            _("{name} has the word").format(
                name=voice_label(state, state.floor.member, state.floor.speaker)
            )
        )
    if state.queue:
        names = ", ".join(voice_label(state, h.member, h.speaker) for h in state.queue)
        parts.append(_("Hands up: {names}").format(names=names))
    return " · ".join(parts)


def _table(*headers: str) -> Table:
    table = Table(box=None, padding=(0, 1), pad_edge=False, show_edge=False, expand=False)
    for index, header in enumerate(headers):
        table.add_column(header, justify="left" if index < 2 else "right", no_wrap=True)
    return table


def _bar(count: int, most: int, width: int = 16) -> str:
    if most <= 0 or count <= 0:
        return ""
    return "█" * max(1, count * width // most)


def _figures(state: SessionState, method: str, result: Any, width: int) -> RenderableType:
    """One row per option (legend order, never re-sorted by count): letter, words, figure."""
    legend = Legend.of(state)
    text_width = max(width - 34, 16)
    if method == "dots":
        table = _table("", _("Option"), _("Dots"), "")
        most = max(result.totals.values(), default=0)
        for option in legend.by_option(result.totals):
            dots = result.totals[option]
            table.add_row(
                legend.option(option),
                Text(clip(state.options[option].text, text_width)),
                str(dots),
                _bar(dots, most),
            )
        return table
    if method == "matrix":
        table = _table("", _("Option"), _("Total"))
        for option in legend.by_option(result.totals):
            table.add_row(
                legend.option(option),
                Text(clip(state.options[option].text, text_width)),
                number(result.totals[option]),
            )
        return table
    if method == "schulze":
        place = {o: index + 1 for index, tier in enumerate(result.ranking) for o in tier}
        table = _table("", _("Option"), _("Place"))
        for option in legend.by_option(result.options):
            table.add_row(
                legend.option(option),
                Text(clip(state.options[option].text, text_width)),
                str(place.get(option, "–")),
            )
        return table
    if method == "majority_judgment":
        table = _table("", _("Option"), _("Majority grade"))
        for option in legend.by_option(result.counts):
            grade = result.majority_grade.get(option)
            table.add_row(
                legend.option(option),
                Text(clip(state.options[option].text, text_width)),
                _(GRADES[grade]) if grade is not None else "–",
            )
        return table
    if method == "consent":
        lines = Text()
        lines.append(
            f"{legend.option(result.option)}. {clip(state.options[result.option].text, width - 4)}",
            style="bold",
        )
        lines.append("\n")
        lines.append(
            _("Agree: {agree} · Stand aside: {aside} · Object: {object}").format(
                agree=len(result.agree),
                aside=len(result.stand_aside),
                object=len(result.objections),
            )
        )
        for objection in result.objections:
            lines.append("\n")
            lines.append(
                _("Objection: {reason}").format(reason=clip(objection.reason, width - 14)),
                style="bold",
            )
        return lines
    if method == "gradients":
        lines = Text()
        lines.append(
            f"{legend.option(result.option)}. {clip(state.options[result.option].text, width - 4)}",
            style="bold",
        )
        most = max((count for _level, _label, count in result.histogram), default=0)
        for level, _label, count in result.histogram:
            lines.append("\n")
            lines.append(f"{level} {clip(level_label(level), 26):<26} {count:>2} ")
            lines.append(_bar(count, most, 12))
        return lines
    return Text(str(result))


def tally_view(state: SessionState, width: int = 78) -> RenderableType:
    """The decide phase on the wall: the rule, who has voted, the live figures, the outcome."""
    if state.info is None:
        return Text("")
    method = state.info.decision_rule
    parts: list[RenderableType] = []
    option = round_option(state, method) if method in PER_OPTION_METHODS else None
    # Who counts is the core's one definition: members who take part, never an observer.
    parts.append(Text(voting_status(state, method, option)))
    step = next_step(state, method, option)
    if step:
        parts.append(Text(step))
    if method in PER_OPTION_METHODS and option is None:
        parts.append(Text(_("There are no options to decide on.")))
        return Group(*parts)
    try:
        result = tally(state, method, option)
    except TallyError as error:
        parts.append(Text(str(error)))
        return Group(*parts)
    # The outcome comes before the figures, so a small screen that cuts the table keeps it.
    parts.append(Text(outcome_line(state, method, result), style="bold"))
    parts.append(Text(""))
    parts.append(_figures(state, method, result, width))
    return Group(*parts)


def outcome_line(state: SessionState, method: str, result: Any) -> str:
    """Decided, met (waiting to be taken) or not met yet, in one sentence. Only this meeting's
    decision counts: voting starts fresh each meeting, so an earlier one is not this outcome."""
    legend = Legend.of(state)
    for decision in reversed(state.meeting_decisions()):
        if decision.method == method:
            chosen = state.options.get(decision.option)
            name = legend.option(decision.option)
            if chosen is not None:
                name = f"{name}. {clip(chosen.text, 48)}"
            decided = _("Decided: {option}, by {rule}.").format(
                option=name, rule=rule_label(method)
            )
            if decision.tie:
                decided += " " + rule_met(state, method, decision.result, decision.option)
            return " ".join([decided, *decision_notes(state, decision)])
    chosen_option = outcome(result)
    if chosen_option is not None:
        met = rule_met(state, method, result, chosen_option)
        option = result.option if method in PER_OPTION_METHODS else None
        try:
            check_ready(state, method, option)
        except TallyError:  # voting open or votes unrevealed: a count so far, not a result
            return _("So far: {count}").format(count=met)
        return met
    return _("Not decided: {reason}").format(reason=not_met(state, method, result))


def most_recent_session(node: Any) -> str | None:
    """The session with the newest record: the one a projector shows when none is named."""
    best: tuple[int, int, str] | None = None
    for session in node.session_ids():
        records = node.records(session)
        if not records:
            continue
        newest = records[-1]
        key = (max(r.at for r in records), newest.lamport, session)
        if best is None or key > best:
            best = key
    return best[2] if best is not None else None
