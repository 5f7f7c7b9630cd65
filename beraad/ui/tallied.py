"""What the decide view's result shows for one state, computed where it does not hold up keys.

Tallying a 60 × 40 matrix and building its tables takes tens of milliseconds (more on a loaded
machine); done on the UI thread on every arriving vote, an arrow key pressed meanwhile waited
for both. ``shown`` computes everything the result panel shows (the rule's sentence, the tie,
the tables and their lines) from a state and nothing else, so a big tally can run in a thread
worker on a ``snapshot``: the fold keeps changing its own state on the UI thread meanwhile, the
snapshot holds the tables the tally reads as they were. A small tally runs inline (it is
quicker than a frame, and what a test reads right after ``show`` stays there at once).
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass
from typing import Any

from rich.console import Console, RenderableType

from beraad.core.matrix import MatrixMemo
from beraad.core.state import Decision, SessionState, Vote
from beraad.core.tally import (
    METHOD_VOTE,
    PER_OPTION_METHODS,
    TallyError,
    check_ready,
    outcome,
    tally,
)
from beraad.i18n import _, current_language, ngettext
from beraad.ui.widgets.tally_format import (
    Legend,
    TableMemo,
    clip,
    decision_notes,
    not_met,
    result_tables,
    rule_label,
    rule_met,
    stack,
    tie_figure,
)
from beraad.ui.widgets.tally_table import TallyTable

#: Up to this much work (counted votes × options × criteria) the tally runs inline.
INLINE_WORK = 2_000


@dataclass(frozen=True, slots=True)
class Shown:
    """The result panel for one state. ``tables`` None: leave the tables as they are (the same
    key as shown, or the tally refused); ``tie`` None: leave the tie choice as it is."""

    rule: str
    take_disabled: bool
    tie: tuple[str, ...] | None = None
    #: What each tied option ties on (``tally_format.tie_figure``), in ``tie``'s order.
    tie_figures: tuple[str, ...] = ()
    key: object = None
    tables: RenderableType | None = None
    tallied: bool = False
    """A tally ran (the work the decide view counts)."""


def explain(error: Exception) -> str:
    """A refusal in the user's language, the rule named as the user knows it (never its id)."""
    template = getattr(error, "template", None)
    if isinstance(template, str):
        params = dict(getattr(error, "params", {}))
        if isinstance(params.get("method"), str):
            params["method"] = rule_label(params["method"])
        return _(template).format(**params)
    return str(error)


def work(state: SessionState, method: str, memo: Memo | None = None) -> int:
    """How much a tally of ``state`` costs, roughly: counted votes × options × criteria. With
    the ``memo`` of the last tally of a matrix over the same options, criteria and weights, only
    the rows of the sheets that changed since count (a peer scoring one option: two rows)."""
    kind_votes = sum(len(votes) for votes in state.votes.values())
    criteria = len(state.criteria) if method == "matrix" else 1
    full = max(1, kind_votes) * max(1, len(state.options)) * max(1, criteria)
    if method != "matrix" or memo is None or memo.seen is None or memo.seen[0] != frame(state):
        return full
    before = dict(memo.seen[1])
    rows = 0
    for vote in state.votes.get("score.set", {}).values():
        was = before.pop(vote.member, None)
        if was is not vote.body:
            rows += _rows(was) + _rows(vote.body)
    rows += sum(_rows(gone) for gone in before.values())
    return rows * max(1, len(state.votes.get("score.set", {}))) * max(1, criteria)


def _rows(body: dict[str, Any] | None) -> int:
    scores = body.get("scores") if isinstance(body, dict) else None
    return len(scores) if isinstance(scores, dict) else 0


def frame(state: SessionState) -> tuple[object, ...]:
    """What every cell and row of a matrix's tables depends on besides the sheets: the options,
    criteria and members with their words, and the weights."""
    return (
        current_language(),
        tuple((o, item.text, item.live) for o, item in state.options.items()),
        tuple((c, item.text, item.live) for c, item in state.criteria.items()),
        tuple((m, member.name) for m, member in state.members.items()),
        tuple((m, sheet.record) for m, sheet in state.weights.items()),
    )


def sheets(state: SessionState) -> dict[str, object]:
    """Each member's score sheet as the fold holds it (the same object until it changes)."""
    return {vote.member: vote.body for vote in state.votes.get("score.set", {}).values()}


def held(thing: Any) -> Any:
    """A copy of one record the fold changes in place (a member's name, observer and pending; an
    item's versions and retraction; a vote's reveal; a decision's late reveals): its lists too."""
    copied = copy.copy(thing)
    for name in ("versions", "builds_on", "knots", "cites"):
        value = getattr(copied, name, None)
        if isinstance(value, list):
            setattr(copied, name, list(value))
    return copied


def snapshot(state: SessionState) -> SessionState:
    """A copy, by value, of what the tally and its tables read, so a thread can read it while
    the fold changes ``state``: the tables and the members, items, votes and decisions in them
    (the fold changes those in place: ``member.observe`` folded meanwhile must not give a tally
    of votes from before and members from after, a state that never was). The rest is shared
    and not read."""
    copies: dict[int, Any] = {}

    def vote(found: Vote) -> Vote:  # one copy of a vote however many tables hold it
        if id(found) not in copies:
            copies[id(found)] = held(found)
        return copies[id(found)]

    decisions = [held(decision) for decision in state.decisions]
    for decision in decisions:
        decision.counted = tuple(vote(found) for found in decision.counted)
    return dataclasses.replace(
        state,
        members={key: held(member) for key, member in state.members.items()},
        options={key: held(item) for key, item in state.options.items()},
        criteria={key: held(item) for key, item in state.criteria.items()},
        weights=dict(state.weights),
        votes={
            kind: {key: vote(found) for key, found in votes.items()}
            for kind, votes in state.votes.items()
        },
        commits={key: vote(found) for key, found in state.commits.items()},
        closed=dict(state.closed),
        closed_at=dict(state.closed_at),
        reveal_ended=dict(state.reveal_ended),
        decisions=decisions,
        named_unrevealed=dict(state.named_unrevealed),
        lookups={},
    )


def decided(state: SessionState, method: str) -> Decision | None:
    """This meeting's last decision by ``method``."""
    for decision in reversed(state.meeting_decisions()):
        if decision.method == method:
            return decision
    return None


def earlier(state: SessionState, method: str) -> Decision | None:
    """The last decision by ``method`` of an earlier meeting, while this meeting has no vote of
    its kind yet: what the decide view shows then (naive s15 F6: meeting 2 said "Not decided:
    nobody has voted yet" above an empty grid about meeting 1's decision)."""
    if decided(state, method) is not None or state.votes.get(METHOD_VOTE.get(method, "")):
        return None
    for decision in reversed(state.decisions):
        if decision.method == method and decision.meeting != state.meeting:
            return decision
    return None


def leading_option(state: SessionState, method: str) -> str | None:
    """The live option not decided yet (in any meeting) with most responses in this meeting
    (ties: legend order); None while nobody responded to one."""
    legend = Legend.of(state)
    done = {d.option for d in state.decisions}
    counts: dict[str, int] = {}
    for vote in state.votes.get(METHOD_VOTE.get(method, ""), {}).values():
        item = state.options.get(vote.option or "")
        if item is not None and item.live and vote.option not in done:
            counts[vote.option] = counts.get(vote.option, 0) + 1
    return max(legend.by_option(counts), key=lambda o: counts[o]) if counts else None


def round_option(state: SessionState, method: str) -> str | None:
    """The option a per-option round (consent, gradients) is about, the same on every screen:
    the one this meeting decided; else the live one with most responses among those not decided
    yet (ties: legend order); else the first live one not decided yet; else the first live one.
    A screen left running from an earlier meeting showed that meeting's decided option while the
    ballots were on the next one (naive s9b finding 2)."""
    decision = decided(state, method)
    if decision is not None and decision.option in state.options:
        return decision.option
    leading = leading_option(state, method)
    if leading is not None:
        return leading
    live = Legend.of(state).by_option(state.live_options())
    done = {d.option for d in state.decisions}
    open_ = [o for o in live if o not in done]
    return (open_ or live or [None])[0]


def option_words(state: SessionState, option: str) -> str:
    """An option as the projector and the minutes name it: its letter and its text."""
    item = state.options.get(option)
    letter = Legend.of(state).option(option)
    # whole (up to the 200 the ballot shows): the line wraps, a cut at 60 hid the end of an
    # option at 80 and at 200 columns alike (naive s6 finding 11)
    return f"{letter}. {clip(item.text, 200)}" if item is not None else letter


@dataclass(slots=True)
class Memo:
    """What a live view's last tally worked out and wrote, for its next (one at a time)."""

    matrix: MatrixMemo = dataclasses.field(default_factory=MatrixMemo)
    tables: TableMemo = dataclasses.field(default_factory=TableMemo)
    seen: tuple[tuple[object, ...], dict[str, object]] | None = None
    """The ``frame`` and ``sheets`` of the state last tallied (``work`` compares with them)."""


def shown(
    state: SessionState,
    method: str,
    option: str | None,
    last: object = None,
    width: int = 0,
    memo: Memo | None = None,
    console: Console | None = None,
) -> Shown:
    """The result panel of ``state`` (``last``: the key of the tables shown now, kept if the
    same; ``width``: lay the big tables out for it now, off the UI thread; ``memo``: the last
    tally's, so a vote costs the rows it changed; ``console``: the app's, to draw the small
    tables Rich draws at ``width`` too)."""
    before = earlier(state, method)
    if method in PER_OPTION_METHODS and option is None and before is None:
        return Shown(_("There are no options to decide on."), True, key=None, tables="")
    try:
        result = tally(state, method, option, memo.matrix if memo is not None else None)
    except TallyError as error:
        if before is None:
            return Shown(explain(error), True, tallied=True)
        result = before.result
    if memo is not None and method == "matrix":
        memo.seen = (frame(state), sheets(state))
    done = decided(state, method)
    chosen = outcome(result)
    tie = () if method in PER_OPTION_METHODS else tuple(getattr(result, "tied", ()))
    if before is not None:
        tie = ()  # an earlier meeting's tie was chosen from there
    try:
        check_ready(state, method, option)
        ready = True
    except TallyError:
        ready = False
    if before is not None:
        # Meeting 1's decision, said as that meeting's and drawn with its own tables (never as
        # this meeting's outcome: naive finding 1), until this meeting's first vote.
        text = " ".join(
            [
                _("Decided in meeting {number}: {option}, by {rule}.").format(
                    number=before.meeting,
                    option=option_words(state, before.option),
                    rule=rule_label(before.method),
                ),
                *(
                    [rule_met(state, before.method, before.result, before.option)]
                    if before.tie
                    else []
                ),
                *decision_notes(state, before),
                _("This meeting's votes start afresh: nobody has voted yet."),
            ]
        )
        result = before.result
    elif done is not None:
        text = " ".join(
            [
                _("Decided: {option}, by {rule}.").format(
                    option=option_words(state, done.option), rule=rule_label(done.method)
                ),
                # Chosen by hand from a tie, said to every member as the projector says it
                # (naive s9b finding 5: only the projector and "How did we decide?" did).
                *([rule_met(state, done.method, done.result, done.option)] if done.tie else []),
                *decision_notes(state, done),
            ]
        )
    elif chosen is not None and not ready:  # a count so far, not yet a result
        text = _("So far: {count}").format(count=rule_met(state, method, result, chosen))
    elif chosen is not None:
        text = (
            rule_met(state, method, result, chosen) + " " + rests_on_people(state, result.records)
        )
    else:
        text = _("Not decided: {reason}").format(reason=not_met(state, method, result))
    # The tables are rebuilt only when what they show changed (not on every record).
    words = (
        current_language(),
        tuple((o, item.text) for o, item in state.options.items()),
        tuple((c, item.text) for c, item in state.criteria.items()),
        tuple((m, member.name) for m, member in state.members.items()),
    )
    key = (method, result, words)
    tables: RenderableType | None = None
    if key != last:
        parts: list[Any] = [
            *result_tables(state, method, result, memo.tables if memo is not None else None)
        ]
        for part in parts:
            if width and isinstance(part, TallyTable) and part.fast:
                # Laid out here, not in the frame that shows it: its bands and height (its
                # lines are written as they come into view)
                part.height(width)
            elif width and console is not None and isinstance(part, TallyTable):
                # Drawn by Rich here too (a legend of 60 options took ~20 ms of the frame)
                part.drawn(console, console.options.update_width(width).update(highlight=False))
        tables = stack(parts)
    return Shown(
        text,
        take_disabled=done is not None,
        tie=tie if done is None else (),
        tie_figures=tuple(tie_figure(method, result, o) for o in tie) if done is None else (),
        key=key,
        tables=tables,
        tallied=True,
    )


def rests_on_people(state: SessionState, records: tuple[str, ...] | list[str]) -> str:
    """Whose votes a result rests on, counted in people: under the matrix rule each person
    gives a weight sheet and a score sheet (a big one in parts), and "rests on 6 votes" for
    3 people read as 6 voters (naive s6 finding 12). The sheets are named when there are two
    kinds of them."""
    ids = set(records)
    people: set[str] = set()
    weights = {sheet.member for sheet in state.weights.values() if sheet.record in ids}
    scores: set[str] = set()
    for kind, votes in state.votes.items():
        for vote in votes.values():
            if ids.intersection(vote.counted_records):
                people.add(vote.member)
                if kind == "score.set":
                    scores.add(vote.member)
    people |= weights
    count = len(people)
    if not weights:
        return ngettext(
            "It rests on the vote of {count} person.",
            "It rests on the votes of {count} people.",
            count,
        ).format(count=count)
    sheets = ", ".join(
        [
            ngettext("{count} weight sheet", "{count} weight sheets", len(weights)).format(
                count=len(weights)
            ),
            ngettext("{count} score sheet", "{count} score sheets", len(scores)).format(
                count=len(scores)
            ),
        ]
    )
    return ngettext(
        "It rests on the votes of {count} person ({sheets}).",
        "It rests on the votes of {count} people ({sheets}).",
        count,
    ).format(count=count, sheets=sheets)
