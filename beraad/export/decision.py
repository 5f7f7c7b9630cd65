"""The decision part of the minutes: what was decided, the rule it met, and the method's table.

The tables are the method results the fold recomputed (``beraad.core`` methods), shown so that a
reader can recount by hand: dots per member, matrix cells and totals, the Schulze pairwise
counts, the grade counts of majority judgment, the gradients histogram, who consented.
"""

from __future__ import annotations

from typing import Any

from beraad.core.consent import ConsentResult
from beraad.core.dotvote import DotResult
from beraad.core.explain import not_revealed_note, revealed_later_notes, rule_met
from beraad.core.gradients import GradientResult
from beraad.core.majority import GRADES, MajorityResult
from beraad.core.matrix import MatrixResult
from beraad.core.schulze import SchulzeResult
from beraad.core.session import DECISION_RULE_LABELS
from beraad.core.state import Decision
from beraad.export.document import Block, Bullets, Paragraph, Section, Table, code, inline, strong
from beraad.export.document import Item as Entry
from beraad.export.wording import (
    Context,
    _,
    language,
    name_of,
    ngettext,
    number,
    option_text,
    section,
    when,
)
from beraad.i18n import render


def _rule_met(context: Context, decision: Decision) -> str:
    sentence = rule_met(
        decision.method,
        decision.result,
        decision.option,
        context.label(decision.option),
        context.label,
    )
    return render(sentence, language.get())


def _taken_by(context: Context, decision: Decision) -> str:
    """Who took the decision, and whose votes it rests on: ``rests_on`` names records, and a
    score sheet in parts or a weight sheet beside the scores is one person's vote in several
    records ("rests on 6 signed votes" for 3 people read as six voters). The voters are named
    apart from the weight sheets: "the signed votes of 3 people" counted Chris for her weight
    sheet while the means were of Anja's and Bart's scores (naive s8 finding 3). The records
    are said beside the people when there are more of them."""
    by_id = {r.id: r for r in context.records}
    named = [by_id[r] for r in decision.rests_on if r in by_id]
    voters = sorted({name_of(context, r.author) for r in named if r.kind != "weight.set"})
    weighers = {r.author for r in named if r.kind == "weight.set"}
    records = len(decision.rests_on)
    rests = ngettext(
        "it rests on the signed vote of {count} person ({names})",
        "it rests on the signed votes of {count} people ({names})",
        len(voters),
    ).format(count=len(voters), names=", ".join(voters))
    if weighers:
        rests += " " + ngettext(
            "and the criterion weights of {count} person",
            "and the criterion weights of {count} people",
            len(weighers),
        ).format(count=len(weighers))
    if records != len(voters):
        rests += " " + ngettext(
            "({count} signed record)", "({count} signed records)", records
        ).format(count=records)
    return _("Taken by {name} on {when}; {rests}.").format(
        name=name_of(context, decision.by), when=when(decision.at), rests=rests
    )


def _label(decision: Decision) -> str:
    """The heading of what came after the decision: late reveals, or votes that came in later."""
    return _("Revealed later") if decision.revealed_later else _("Came in later")


def _not_revealed(context: Context, decision: Decision) -> list[Entry]:
    """The sealed votes the decision names as never revealed: cast, not counted, not hidden."""
    names = sorted(name_of(context, context.state.commits[c].member) for c in decision.not_revealed)
    note = not_revealed_note(names)
    later = revealed_later_notes(
        len(decision.not_revealed),
        sorted(name_of(context, context.state.commits[c].member) for c in decision.revealed_later),
        context.label(decision.option),
        context.label(decision.later_option) if decision.later_option else None,
        [context.label(o) for o in decision.later_tie],
        sorted(
            name_of(context, v.member)
            for v in decision.counted
            if set(v.counted_records) & set(decision.came_later)
        ),
    )
    said = " ".join(render(sentence, language.get()) for sentence in later)
    return [
        *(
            [Entry(inline(strong(_("Not revealed")), ": ", render(note, language.get())))]
            if note
            else []
        ),
        *([Entry(inline(strong(_label(decision)), ": ", said))] if said else []),
    ]


def _method_table(context: Context, result: Any) -> list[Block]:
    label, name = context.label, (lambda m: name_of(context, m))
    if isinstance(result, DotResult):
        rows = tuple(
            (
                inline(label(o)),
                inline(str(total)),
                inline(
                    ", ".join(f"{name(m)} {d[o]}" for m, d in result.per_member.items() if d.get(o))
                    or "–"
                ),
            )
            for o, total in ((o, result.totals[o]) for o in context.in_order(result.totals))
        )
        return [
            Table((inline(_("Option")), inline(_("Dots")), inline(_("From"))), rows, frozenset({1}))
        ]
    if isinstance(result, MatrixResult):
        criteria = context.in_order(row.criterion for row in result.criteria)
        cells = {(c.option, c.criterion): c for c in result.cells}
        header = (
            inline(_("Option")),
            *(inline(label(c)) for c in criteria),
            inline(_("Weighted total")),
        )
        rows = tuple(
            (
                inline(label(o)),
                *(inline(number(cells[(o, c)].mean)) for c in criteria),
                inline(strong(number(total))),
            )
            for o, total in ((o, result.totals[o]) for o in context.in_order(result.totals))
        )
        weights = inline(
            _("Group weights: {weights}.").format(
                weights=", ".join(
                    f"{label(r.criterion)} {number(r.group)}"
                    for r in sorted(result.criteria, key=lambda r: criteria.index(r.criterion))
                )
            )
        )
        return [
            Table(header, rows, frozenset(range(1, len(header)))),
            Paragraph(
                inline(
                    _("Each cell is the mean score (0–10); the total is Σ group weight × mean."),
                    " ",
                    weights,
                )
            ),
        ]
    if isinstance(result, GradientResult):
        rows = tuple(
            (inline(str(level)), inline(_(text)), inline(str(count)))
            for level, text, count in result.histogram
        )
        return [
            Table(
                (inline(_("Level")), inline(_("Meaning")), inline(_("Members"))),
                rows,
                frozenset({0, 2}),
            )
        ]
    if isinstance(result, ConsentResult):
        names = ", ".join(name(m) for m in result.agree) or "–"
        aside = ", ".join(name(m) for m in result.stand_aside) or "–"
        return [
            Bullets(
                (
                    Entry(inline(strong(_("Agree")), f": {names}")),
                    Entry(inline(strong(_("Stand aside")), f": {aside}")),
                )
            )
        ]
    if isinstance(result, SchulzeResult):
        options = context.in_order(result.options)
        header = (inline(_("prefers … over")), *(inline(label(o)) for o in options))
        rows = tuple(
            (
                inline(label(x)),
                *(inline("–" if x == y else str(result.pairwise[x][y])) for y in options),
            )
            for x in options
        )
        return [
            Table(header, rows, frozenset(range(1, len(header)))),
            Paragraph(
                inline(_("Each cell counts the ballots that rank the row above the column."))
            ),
        ]
    if isinstance(result, MajorityResult):
        header = (
            inline(_("Option")),
            *(inline(_(g)) for g in GRADES),
            inline(_("Majority grade")),
        )
        rows = tuple(
            (
                inline(label(o)),
                *(inline(str(n)) for n in counts),
                inline(_(GRADES[result.majority_grade[o]]) if o in result.majority_grade else "–"),
            )
            for o, counts in ((o, result.counts[o]) for o in context.in_order(result.counts))
        )
        return [Table(header, rows, frozenset(range(1, len(GRADES) + 1)))]
    return []


def decisions_section(context: Context) -> Section | None:
    state = context.state
    if not state.decisions:
        if state.info is None:
            return None
        return section(_("Decision"), [Paragraph(inline(_("No decision has been taken yet.")))])
    blocks: list[Block] = []
    for decision in state.decisions:
        method = DECISION_RULE_LABELS.get(decision.method, decision.method)
        blocks.append(
            Paragraph(
                inline(strong(_("The group decided")), ": ", option_text(context, decision.option))
            )
        )
        blocks.append(
            Bullets(
                (
                    Entry(inline(strong(_("Rule")), ": ", _(method))),
                    Entry(
                        inline(strong(_("Why the rule is met")), ": ", _rule_met(context, decision))
                    ),
                    *_not_revealed(context, decision),
                    Entry(inline(_taken_by(context, decision))),
                    *(
                        # A trajectory: which meeting's vote this was (voting starts fresh).
                        [
                            Entry(
                                inline(
                                    _("Decided in meeting {number}.").format(
                                        number=decision.meeting
                                    )
                                )
                            )
                        ]
                        if state.meetings
                        else []
                    ),
                    Entry(inline(_("Decision record"), ": ", code(decision.record))),
                )
            )
        )
        blocks.extend(_method_table(context, decision.result))
    return section(_("Decision"), blocks)
