"""How a decision method's result is written out: legends, exact numbers and the full tables.

The phase views and "how did we decide?" share these, so what a person checks by hand is the
same table everywhere. Numbers stay exact: a ``Fraction`` is printed as itself (``17/3``) with
a rounded decimal beside it, never through a float. Options get letters (A, B, …) and criteria
numbers (1, 2, …) in the order the fold met them, so wide tables fit on 80 columns.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from operator import is_
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from beraad.core import explain
from beraad.core.gradients import KANER_SCALE
from beraad.core.late_reveal import later_notes
from beraad.core.majority import GRADES
from beraad.core.matrix import weightless
from beraad.core.ranking import letter
from beraad.core.session import DECISION_RULE_LABELS
from beraad.core.state import Decision, SessionState
from beraad.core.tally import METHOD_VOTE, progress
from beraad.i18n import N_, _, current_language, decimal, ngettext, render
from beraad.ui import derived
from beraad.ui.plain import clip as clip_cells
from beraad.ui.widgets.tally_table import Row, TallyTable

#: The vote kind each decision rule counts (one table, in the core).
RULE_VOTE: dict[str, str] = METHOD_VOTE
RESPONSE_LABELS: dict[str, str] = {
    "agree": N_("Agree"),
    "stand_aside": N_("Stand aside"),
    "object": N_("Object"),
}


def number(value: Fraction | int | None, places: int = 2) -> str:
    """An exact number as text: ``5``, or ``17/3 ≈ 5.67`` (Dutch: ``5,67``); "–" for none."""
    return _number(value, current_language(), places)


@lru_cache(maxsize=8192)
def _number(value: Fraction | int | None, language: str, places: int) -> str:
    """A big matrix's tables hold thousands of the same few numbers (scores 0–10 and their
    means), written again on every arriving vote: each is formatted once."""
    return decimal(value, language, places, exact=True)


@lru_cache(maxsize=4096)
def clip(text: str, width: int) -> str:
    """One line of at most ``width`` screen cells (cut by cells, with "…": ``plain.clip``).
    Kept: the legends clip every option and criterion again at each tally (100 of them at
    60 × 40, measured cell by cell: ~2 ms of each arriving vote)."""
    return clip_cells(" ".join(text.split()), width)


def _name(state: SessionState, member: str) -> Text:
    """A member's name for a table cell: a ``Text``, because a ``str`` cell is parsed as Rich
    markup (a name like ``[/]`` would break the table, ``[link=…]`` would style it)."""
    return Text(clip(derived.name(state, member), 16))


def rule_label(method: str) -> str:
    return _(DECISION_RULE_LABELS.get(method, method))


@dataclass(frozen=True, slots=True)
class Legend:
    """Short names for the options and criteria of a session, in the order they were added."""

    options: dict[str, str]
    criteria: dict[str, str]

    @classmethod
    def of(cls, state: SessionState) -> Legend:
        # The state's tables are filled in the fold's total order (lamport, author, seq), so
        # every peer holding the same records gives the same letters.
        return cls(
            options={o: letter(i) for i, o in enumerate(state.options)},
            criteria={c: str(i + 1) for i, c in enumerate(state.criteria)},
        )

    def option(self, option: str | None) -> str:
        return self.options.get(option or "", (option or "?")[:8])

    def criterion(self, criterion: str) -> str:
        return self.criteria.get(criterion, criterion[:8])

    def by_option(self, options: Iterable[str]) -> list[str]:
        """Options in legend order (A, B, …, Z, AA, …)."""
        return sorted(options, key=lambda o: (len(self.option(o)), self.option(o)))

    def by_criterion(self, criteria: Iterable[str]) -> list[str]:
        return sorted(criteria, key=lambda c: self.criterion(c).zfill(6))


def _table(title: str, *headers: str, first_left: bool = True) -> TallyTable:
    table = TallyTable(title)
    for index, header in enumerate(headers):
        table.add_column(header, justify="left" if index == 0 and first_left else "right")
    return table


def option_legend(
    state: SessionState, legend: Legend, options: list[str], width: int = 70
) -> TallyTable:
    rows = []
    for option in legend.by_option(options):
        item = state.options.get(option)
        rows.append((legend.option(option), clip(item.text if item else option[:12], width)))
    return _legend(_("Options"), _("Option"), rows)


def criteria_legend(state: SessionState, legend: Legend, criteria: list[str]) -> TallyTable:
    rows = []
    for criterion in legend.by_criterion(criteria):
        item = state.criteria.get(criterion)
        rows.append((legend.criterion(criterion), clip(item.text if item else criterion, 70)))
    return _legend(_("Criteria"), _("Criterion"), rows)


#: Legends made lately, by their words: a new tally under the same words gives the same
#: table, whose drawing ``RenderedOnce`` keeps (Rich lays out a legend of 60 options slowly).
_legends: dict[tuple[str, str, tuple[tuple[str, str], ...]], TallyTable] = {}
KEPT_LEGENDS = 16


def _legend(title: str, header: str, rows: list[tuple[str, str]]) -> TallyTable:
    key = (title, header, tuple(rows))
    found = _legends.get(key)
    if found is None:
        found = _table(title, "", header)
        found.columns[1].justify = "left"
        for short, text in rows:
            found.add_row(short, Text(text))
        if len(_legends) >= KEPT_LEGENDS:
            _legends.clear()
        _legends[key] = found
    return found


def _ranking_text(ranking: tuple[tuple[str, ...], ...], legend: Legend) -> str:
    if not ranking:
        return _("No ranking yet: nobody has voted.")
    tiers = [" = ".join(legend.option(o) for o in legend.by_option(tier)) for tier in ranking]
    return _("Ranking (best first): {ranking}").format(ranking=" > ".join(tiers))


def result_tables(
    state: SessionState, method: str, result: Any, memo: TableMemo | None = None
) -> list[RenderableType]:
    """Everything a person needs to recompute ``result`` by hand, as rich renderables.
    ``memo``: what a live view wrote for its last tally (rows not changed are kept)."""
    legend = Legend.of(state)
    if method == "matrix":
        return _matrix(state, legend, result, memo)
    builder = _BUILDERS.get(method)
    return builder(state, legend, result) if builder else [Text(str(result))]


@dataclass(slots=True)
class OptionRows:
    """One option's rows in the matrix tables, with the cells they were written from."""

    cells: tuple[Any, ...]
    """The option's cells as the result holds them (criteria in the tally's order)."""
    ordered: list[Any]
    """The same cells in the order of the tables' columns (put in order once per option, not
    once per member's row)."""
    total: Fraction | None
    scorers: frozenset[str]
    means: Row
    sheets: dict[str, Row]
    """Per member, the row of their scores (written when first asked for)."""


class TableMemo:
    """The rows a live decide view wrote for its last tally, for the next one.

    A vote changes one member's sheet: the options whose cells are the same objects as last
    time (``MatrixMemo`` keeps them) keep their rows, and the tables keep the text of those rows
    (``TallyTable.before``); the weight tables are kept whole while the weights are the same.
    Used by one tally at a time.
    """

    def __init__(self) -> None:
        self.context: object = None
        self.options: dict[str, OptionRows] = {}
        self.weights: tuple[object, list[TallyTable]] | None = None
        self.tables: dict[str, TallyTable] = {}
        self.shape: tuple[list[str], list[str]] | None = None
        """The options and scorers of the tables last written, in their order (the rows'
        places: the same again, a vote's tables renew only the rows it changed)."""
        self.rows_written = 0
        """Rows of options written anew (counted: one vote writes the rows it changed)."""

    def follow(self, context: object) -> None:
        """Other words, letters, criteria or names: nothing written before is kept."""
        if context != self.context:
            self.context = context
            self.options.clear()
            self.weights = None
            self.tables.clear()
            self.shape = None

    def again(self, name: str, table: TallyTable) -> TallyTable:
        """``table`` shows anew the one of this name last time: its kept rows keep their text."""
        before = self.tables.get(name)
        if before is not None:
            before.before = None  # one table back, never a chain of every tally
            table.before = before
        self.tables[name] = table
        return table


def _matrix(
    state: SessionState, legend: Legend, result: Any, memo: TableMemo | None = None
) -> list[RenderableType]:
    memo = memo if memo is not None else TableMemo()
    rows = {row.criterion: row for row in result.criteria}
    criteria = legend.by_criterion(rows)
    memo.follow(
        (
            current_language(),
            tuple(criteria),
            tuple(legend.options.items()),
            tuple((m, derived.name(state, m)) for m in state.members),
        )
    )
    if memo.weights is not None and memo.weights[0] == result.criteria:
        weights, by_member = memo.weights[1]
    else:
        members = sorted({m for row in result.criteria for m in row.weights})
        weights, by_member = _weight_tables(state, legend, criteria, rows, members)
        memo.weights = (result.criteria, [weights, by_member])
    # Each option's cells are one run of as many cells as criteria (``matrix.matrix``): sliced
    # per option, not walked cell by cell (2,400 of them, on every arriving vote).
    blocks: dict[str, tuple[Any, ...]] = dict.fromkeys(result.totals, ())
    cells, width = result.cells, len(result.criteria)
    if width:
        blocks.update((cells[i].option, cells[i : i + width]) for i in range(0, len(cells), width))

    def in_order(block: tuple[Any, ...]) -> list[Any]:
        """The option's cells in the order of the tables' columns."""
        by_criterion = {found.criterion: found for found in block}
        return [by_criterion[c] for c in criteria]

    written: dict[str, OptionRows] = {}
    changed: list[str] = []
    for option, block in blocks.items():
        total = result.totals.get(option)
        kept = memo.options.get(option)
        if (
            kept is None
            or kept.total != total
            or len(kept.cells) != len(block)
            or not all(map(is_, kept.cells, block))
        ):
            memo.rows_written += 1
            changed.append(option)
            mine = in_order(block)
            kept = OptionRows(
                cells=block,
                ordered=mine,
                total=total,
                scorers=frozenset(m for c in block for m in c.scores),
                means=(
                    (legend.option(option), *(number(c.mean) for c in mine), number(total)),
                    "",
                ),
                sheets={},
            )
        written[option] = kept
    memo.options = written
    options = legend.by_option(result.totals)
    scorers = sorted(frozenset().union(*(entry.scorers for entry in written.values())))
    language = current_language()
    names: dict[str, Text] = {}  # one cell for all of a member's rows (300 at 60 options)

    def sheet_row(member: str, option: str) -> Row:
        """The member's row of scores on the option (kept with the option's rows)."""
        entry = written[option]
        row = entry.sheets.get(member)
        if row is None:
            if member not in names:
                names[member] = _name(state, member)
            row = entry.sheets[member] = (
                (
                    names[member],
                    legend.option(option),
                    *(_number(c.scores.get(member), language, 2) for c in entry.ordered),
                ),
                "",
            )
        return row

    shape = (options, scorers)
    before = memo.tables.get("scores"), memo.tables.get("sheets")
    if memo.shape == shape and before[0] is not None and before[1] is not None:
        # The same rows in the same places: a vote replaces the rows of the options it
        # changed, the others stay as they are in the tables (not added and measured again).
        at = {option: index for index, option in enumerate(options)}
        scores = memo.tables["scores"] = before[0].renewed(
            {at[o]: written[o].means for o in changed}
        )
        count = len(options)
        sheets = memo.tables["sheets"] = before[1].renewed(
            {
                number * count + at[o]: sheet_row(member, o)
                for number, member in enumerate(scorers)
                for o in changed
            }
        )
    else:
        scores = memo.again(
            "scores",
            _table(
                _("Mean scores (0–10) and totals"),
                _("Option"),
                *(legend.criterion(c) for c in criteria),
                _("Total"),
            ),
        )
        for option in options:
            scores.add(written[option].means)
        sheets = memo.again(
            "sheets",
            _table(
                _("Scores by member"),
                _("Member"),
                _("Option"),
                *(legend.criterion(c) for c in criteria),
            ),
        )
        for member in scorers:
            for option in options:
                sheets.add(sheet_row(member, option))
    memo.shape = shape
    formula = said(_("Total = the sum over the criteria of group weight × mean score."))
    return [
        criteria_legend(state, legend, criteria),
        option_legend(state, legend, options),
        weights,
        by_member,
        scores,
        formula,
        sheets,
        said(_ranking_text(result.ranking, legend)),
    ]


def _weight_tables(
    state: SessionState,
    legend: Legend,
    criteria: list[str],
    rows: dict[str, Any],
    members: list[str],
) -> tuple[TallyTable, TallyTable]:
    weights = _table(
        _("Criterion weights"), _("Criterion"), _("Group weight"), _("Lowest"), _("Highest")
    )
    for row in (rows[c] for c in criteria):
        weights.add_row(
            legend.criterion(row.criterion),
            number(row.group),
            number(row.low),
            number(row.high),
        )
    by_member = _table(
        _("Weights by member"), _("Member"), *(legend.criterion(c) for c in criteria)
    )
    for member in members:
        by_member.add_row(
            _name(state, member),
            *(number(rows[c].weights.get(member)) for c in criteria),
        )
    return weights, by_member


def _schulze(state: SessionState, legend: Legend, result: Any) -> list[RenderableType]:
    names = legend.by_option(result.options)
    heads = [legend.option(o) for o in names]
    pairwise = _table(_("Voters preferring row over column"), "", *heads)
    strongest = _table(_("Strongest paths from row to column"), "", *heads)
    for x in names:
        pairwise.add_row(
            legend.option(x), *("·" if x == y else str(result.pairwise[x][y]) for y in names)
        )
        strongest.add_row(
            legend.option(x), *("·" if x == y else str(result.strongest[x][y]) for y in names)
        )
    ballots = Text(_("Ballots counted: {count}").format(count=result.ballots))
    rule = Text(_("A ranks above B when the strongest path from A to B is stronger than back."))
    return [
        option_legend(state, legend, names),
        ballots,
        pairwise,
        strongest,
        rule,
        Text(_ranking_text(result.ranking, legend)),
    ]


def _dots(state: SessionState, legend: Legend, result: Any) -> list[RenderableType]:
    options = legend.by_option(result.totals)
    totals = _table(_("Dots per option"), _("Option"), _("Dots"))
    for option in options:
        totals.add_row(legend.option(option), str(result.totals[option]))
    per_member = _table(_("Dots by member"), _("Member"), *(legend.option(o) for o in options))
    for member, dots in result.per_member.items():
        per_member.add_row(_name(state, member), *(str(dots.get(o, 0)) for o in options))
    return [
        option_legend(state, legend, options),
        totals,
        per_member,
        Text(_ranking_text(result.ranking, legend)),
    ]


def _majority(state: SessionState, legend: Legend, result: Any) -> list[RenderableType]:
    options = legend.by_option(result.counts)
    counts = _table(
        _("Grades given (0 to reject … 5 excellent)"),
        _("Option"),
        *(str(level) for level in range(len(GRADES))),
        _("Majority grade"),
    )
    for option in options:
        grade = result.majority_grade.get(option)
        counts.add_row(
            legend.option(option),
            *(str(n) for n in result.counts[option]),
            _(GRADES[grade]) if grade is not None else "–",
        )
    scale = Text(
        "  ".join(f"{level} {_(label)}" for level, label in enumerate(GRADES)), style="dim"
    )
    values = _table(_("Majority values (compared left to right)"), _("Option"), _("Values"))
    values.columns[1].justify = "left"
    for option in options:
        values.add_row(
            legend.option(option), " ".join(str(g) for g in result.majority_value[option])
        )
    voters = Text(_("Voters: {count}").format(count=result.voters))
    return [
        option_legend(state, legend, options),
        voters,
        counts,
        scale,
        values,
        Text(_ranking_text(result.ranking, legend)),
    ]


def _consent(state: SessionState, legend: Legend, result: Any) -> list[RenderableType]:
    table = _table(_("Responses"), _("Member"), _("Response"), _("Reason"))
    table.columns[1].justify = table.columns[2].justify = "left"
    # Each response with its reason, agreeing first: a stand-aside's reason (often the
    # condition it rests on) showed in the minutes but not here (naive s7 finding 8).
    labels = {"agree": _("Agree"), "stand_aside": _("Stand aside"), "object": _("Object")}
    order = list(labels)
    for response in sorted(result.responses, key=lambda r: order.index(r.response)):
        table.add_row(
            _name(state, response.member),
            labels[response.response],
            Text(response.reason),
            style="bold" if response.response == "object" else "",
        )
    counts = Text(
        _("{responded} of {members} members responded; {quorum} are needed.").format(
            responded=result.responded, members=result.members, quorum=result.quorum
        )
    )
    return [option_legend(state, legend, [result.option]), counts, table]


def _gradients(state: SessionState, legend: Legend, result: Any) -> list[RenderableType]:
    histogram = _table(_("Levels of agreement"), _("Level"), _("Count"), _("Meaning"))
    histogram.columns[2].justify = "left"
    for level, label, count in result.histogram:
        style = "bold" if level > result.threshold else ""
        histogram.add_row(str(level), str(count), _(label), style=style)
    reasons = _table(_("Responses"), _("Member"), _("Level"), _("Reason"))
    reasons.columns[2].justify = "left"
    for response in result.responses:
        reasons.add_row(_name(state, response.member), str(response.level), Text(response.reason))
    counts = Text(
        _(
            "{responded} of {members} members responded; {quorum} are needed. "
            "Nobody may be above level {threshold}."
        ).format(
            responded=result.responded,
            members=result.members,
            quorum=result.quorum,
            threshold=result.threshold,
        )
    )
    return [option_legend(state, legend, [result.option]), counts, histogram, reasons]


_BUILDERS = {
    "schulze": _schulze,
    "dots": _dots,
    "majority_judgment": _majority,
    "consent": _consent,
    "gradients": _gradients,
}


def tie_figure(method: str, result: Any, option: str) -> str:
    """The figure an option tied at the top has by the rule (its dots, its total, its
    majority grade, how many options it beats): the facilitator chooses among the tied
    seeing what they tie on (naive s10 finding 4: the chooser showed the options bare)."""
    if method == "dots":
        dots = result.totals.get(option, 0)
        return ngettext("{count} dot", "{count} dots", dots).format(count=dots)
    if method == "matrix":
        return _("total {total}").format(total=number(result.totals.get(option)))
    if method == "majority_judgment":
        grade = result.majority_grade.get(option)
        return _("grade: {grade}").format(grade=_(GRADES[grade]) if grade is not None else "–")
    if method == "schulze":
        paths = result.strongest
        beats = sum(1 for y in paths.get(option, {}) if paths[option][y] > paths[y][option])
        return ngettext("beats {count} option", "beats {count} options", beats).format(count=beats)
    return ""


def rule_met(state: SessionState, method: str, result: Any, option: str) -> str:
    """One sentence: which rule was met, with the figure that met it (as in the minutes)."""
    legend = Legend.of(state)
    sentence = explain.rule_met(method, result, option, legend.option(option), legend.option)
    return render(sentence, current_language(), exact=True)


def voting_status(
    state: SessionState, method: str, option: str | None = None, unheld: str | None = None
) -> str:
    """Votes in (of the members who take part), sealed and revealed, open or closed.

    ``unheld``: the member on whose screen this is, when no other member holds their vote yet
    (cut off, or sent and not confirmed): it is not in for the group, so it is not counted in
    ("Votes in: 2 of 2" stood above "only on this device", naive s10 finding 2)."""
    kind = RULE_VOTE.get(method, "")
    step = progress(state, method, option)
    decision = _decided(state, method, option)
    counted, later = decision_voters(decision) if decision is not None else (set(), set())
    if not counted and unheld is not None and unheld in step.voted:
        lines = [
            _("Votes in: {voters} of {members} members; yours is not in yet.").format(
                voters=len(step.voted) - 1, members=len(step.members)
            )
        ]
    elif not counted:
        lines = [
            _("Votes in: {voters} of {members} members.").format(
                voters=len(step.voted), members=len(step.members)
            )
        ]
    else:
        # Decided: what it rests on, and the votes that came in after it. "Votes in: 3 of 3"
        # stood above a decision taken on 2 votes (naive s8 finding 2).
        lines = [
            _("The decision counted the votes of {voters} of {members} members.").format(
                voters=len(counted), members=len(step.members)
            )
        ]
        if later:
            lines.append(
                ngettext(
                    "{count} vote came in after it was taken.",
                    "{count} votes came in after it was taken.",
                    len(later),
                ).format(count=len(later))
            )
    sealed, revealed = state.sealed_counts(kind)
    if sealed:
        lines.append(
            _(
                "{sealed} sealed, {revealed} revealed; the tally counts only open and "
                "revealed votes."
            ).format(sealed=sealed, revealed=revealed)
        )
    lines.append(_("Voting is closed.") if kind in state.closed else _("Voting is open."))
    return " ".join(lines)


def _decided(state: SessionState, method: str, option: str | None) -> Decision | None:
    """This meeting's decision by ``method`` (on ``option``, for a rule per option)."""
    for decision in reversed(state.meeting_decisions()):
        if decision.method == method and option in (None, decision.option):
            return decision
    return None


def decision_voters(decision: Decision) -> tuple[set[str], set[str]]:
    """The members whose votes ``decision`` counted, and those whose votes came in after it
    was taken (ordered before it, not named: ``core/settled.py``)."""
    named, later = set(decision.rests_on), set(decision.came_later)
    counted = {v.member for v in decision.counted if named & set(v.counted_records)}
    came = {v.member for v in decision.counted if later & set(v.counted_records)}
    return counted, came - counted


def next_step(state: SessionState, method: str, option: str | None = None) -> str:
    """What the group does next (vote, close, reveal, decide), naming whom it waits for."""
    step = progress(state, method, option)
    waiting = step.not_voted if step.step == "vote" else step.not_revealed
    objecting = [state.name(m) for m in step.objecting]
    sentence = explain.next_step(
        step.step, [state.name(m) for m in waiting], step.stands, objecting
    )
    return render(sentence, current_language()) if sentence else ""


#: Said under a matrix result whose totals are all 0 because no criterion weighs anything.
ZERO_TOTALS = N_(
    "Every total is 0 because no criterion weighs anything: weights are given in Criteria."
)


def decision_notes(state: SessionState, decision: Decision) -> list[str]:
    """What a reader must know besides the winner: sealed votes that were never revealed, and
    totals that were all 0 because no criterion weighed anything."""
    names = [state.name(state.commits[c].member) for c in decision.not_revealed]
    note = explain.not_revealed_note(sorted(names))
    notes = [render(n, current_language()) for n in (note, *later_notes(state, decision)) if n]
    criteria = getattr(decision.result, "criteria", None)
    if decision.method == "matrix" and criteria is not None and weightless(criteria):
        notes.append(_(ZERO_TOTALS))
    return notes


def response_label(response: str) -> str:
    return _(RESPONSE_LABELS.get(response, response))


def level_label(level: int) -> str:
    return _(dict(KANER_SCALE).get(level, str(level)))


def records_text(records: tuple[str, ...] | list[str], shown: int = 6) -> str:
    """Record ids a decision rests on, shortened; the full ids are in the minutes and bundle."""
    ids = [r[:12] for r in records]
    more = len(ids) - shown
    text = ", ".join(ids[:shown])
    if more > 0:
        text += " " + _("and {count} more").format(count=more)
    return text


def stack(parts: list[RenderableType]) -> Group:
    """The renderables one under another, with an empty line between them."""
    spaced: list[RenderableType] = []
    for part in parts:
        if spaced:
            spaced.append(said(""))
        spaced.append(part)
    return Group(*spaced)


#: Sentences of the tables written lately, each one ``Text``: a new tally under the same words
#: gives the same object, whose drawing ``RenderedOnce`` keeps (as for the legends).
_said: dict[str, Text] = {}


def said(words: str) -> Text:
    """``Text(words)``, the same object for the same words (never changed once made)."""
    found = _said.get(words)
    if found is None:
        if len(_said) >= KEPT_LEGENDS * 4:
            _said.clear()
        found = _said[words] = Text(words)
    return found


def not_met(state: SessionState, method: str, result: Any) -> str:
    """Why the rule is not met yet, in words a group can act on."""
    legend = Legend.of(state)
    if method in ("consent", "gradients"):
        if method == "consent" and result.objections:
            standing = ngettext(
                "{count} objection stands; work with it and respond again.",
                "{count} objections stand; work with them and respond again.",
                len(result.objections),
            ).format(count=len(result.objections))
            # Who objects and why, for everyone: the group works with the reasons.
            reasons = [
                "\n✋ " + _("{name} objects: ").format(name=state.name(r.member)) + r.reason
                for r in result.objections
            ]
            return standing + "".join(reasons)
        if method == "gradients" and result.above_threshold:
            return ngettext(
                "{count} response is above level {threshold}.",
                "{count} responses are above level {threshold}.",
                len(result.above_threshold),
            ).format(count=len(result.above_threshold), threshold=result.threshold)
        if result.responded < result.quorum:
            return _("{responded} of {members} members responded; {quorum} are needed.").format(
                responded=result.responded, members=result.members, quorum=result.quorum
            )
        return _("nobody agrees yet.")
    if result.tied:
        tie = _("a tie between {options}; the group chooses one of them explicitly.").format(
            options=" = ".join(legend.option(o) for o in legend.by_option(result.tied))
        )
        if method == "matrix" and weightless(result.criteria):
            tie = f"{tie} {_(ZERO_TOTALS)}"  # why 0 = 0 (naive s8b finding 3)
        return tie
    if any(vote.sealed and vote.reveal is None for vote in sealed_votes(state)):
        # "nobody has voted" beside "Votes in: 1 of 2" was untrue: sealed votes are in
        return _("no vote counts yet: sealed votes count once they are revealed.")
    return _("nobody has voted yet.")


def sealed_votes(state: SessionState) -> list[Any]:
    """Every current vote that was cast sealed."""
    return [v for votes in state.votes.values() for v in votes.values() if v.sealed]
