"""Why a decision holds, as one translatable sentence: the same words in the app and the minutes.

The core may not translate (it is pure), so a sentence is an English template (marked ``N_``
for the catalogs) with its parameters; ``beraad.i18n.render`` shows it in a language. Numbers
stay exact (``int`` or ``Fraction``) until shown; fixed words are ``Term``s, translated too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from beraad.core.majority import GRADES
from beraad.core.messages import N_


class Term(str):
    """A word from a fixed vocabulary (already marked ``N_``) that is translated when shown."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Counted:
    """A phrase whose form follows a number ("1 stood aside", Dutch "1 stapte opzij" but
    "2 stapten opzij"): the form is chosen, and translated, when the sentence is shown."""

    singular: str
    plural: str
    count: int
    params: dict[str, Any] = field(default_factory=dict)


def ngettext(singular: str, plural: str, count: int, **params: Any) -> Counted:
    """Mark a plural phrase for the catalogs (the extractor knows this name) and keep its count."""
    return Counted(singular, plural, count, params)


@dataclass(frozen=True, slots=True)
class Sentence:
    template: str
    params: dict[str, Any] = field(default_factory=dict)


def rule_met(
    method: str,
    result: Any,
    chosen: str,
    option: str,
    label: Callable[[str], str] | None = None,
) -> Sentence:
    """The sentence saying which rule the option ``chosen`` met, with the figures.

    ``option`` is how the reader knows that option (a letter, a label); the figures are the
    method's own, from ``result``. On a tie at the top the sentence says so, naming the tied
    options through ``label``: a choice among equals is never shown as a win.
    """
    tied = getattr(result, "tied", ())
    if getattr(result, "winner", chosen) != chosen and chosen in tied:
        name = label or (lambda o: o[:8])
        return Sentence(
            N_("Tie: {options} share first place; the group chose {option} from them explicitly."),
            {
                "options": " = ".join(sorted(map(name, tied), key=lambda n: (len(n), n))),
                "option": option,
            },
        )
    responded = ngettext(
        "{count} of {members} responded",
        "{count} of {members} responded",
        getattr(result, "responded", 0),
        members=getattr(result, "members", 0),
    )
    if method == "consent":
        return Sentence(
            N_(
                "Consent: {responded} (at least {quorum}), {agreed}, {aside} and no "
                "objection stands, so {option} passes."
            ),
            {
                "responded": responded,
                "quorum": result.quorum,
                "agreed": ngettext("{count} agreed", "{count} agreed", len(result.agree)),
                "aside": ngettext(
                    "{count} stood aside", "{count} stood aside", len(result.stand_aside)
                ),
                "option": option,
            },
        )
    if method == "gradients":
        return Sentence(
            N_(
                "Gradients of agreement: {responded} (at least {quorum}) and nobody is above "
                "level {threshold}, so {option} passes."
            ),
            {
                "responded": responded,
                "quorum": result.quorum,
                "threshold": result.threshold,
                "option": option,
            },
        )
    if method == "dots":
        return Sentence(
            N_("Dot voting: {option} has the most dots ({dots} of {total}), with no tie."),
            {
                "option": option,
                "dots": result.totals.get(chosen, 0),
                "total": sum(result.totals.values()),
            },
        )
    if method == "matrix":
        return Sentence(
            N_("Weighted criteria matrix: {option} has the highest total ({total})."),
            {"option": option, "total": result.totals.get(chosen, 0)},
        )
    if method == "schulze":
        return Sentence(
            N_(
                "Schulze ranking: {option} beats every other option by the strongest paths "
                "({ballots} ballots)."
            ),
            {"option": option, "ballots": result.ballots},
        )
    if method == "majority_judgment":
        grade = result.majority_grade.get(chosen, 0)
        return Sentence(
            N_(
                "Majority judgment: {option} has the best majority grade ({grade}) among "
                "{voters} voters, ties broken by the majority values."
            ),
            {"option": option, "grade": Term(GRADES[grade]), "voters": result.voters},
        )
    return Sentence(N_("{option} was decided."), {"option": option})


def not_revealed_note(names: list[str]) -> Sentence | None:
    """The sealed votes a decision names as never revealed (by whom), or None."""
    if not names:
        return None
    return Sentence(
        N_("Sealed but not revealed, so not counted: {names}."), {"names": ", ".join(names)}
    )


def revealed_later_notes(
    unrevealed: int,
    names: list[str],
    chosen: str,
    later: str | None,
    tie: list[str],
    came: list[str] | None = None,
) -> list[Sentence]:
    """What a decision taken while sealed votes were not revealed must say once some were
    revealed later (``late_reveal.py``): how many were missing, who revealed since, and the
    result with them — ``chosen`` and ``later`` are how the reader knows the options (``later``
    None and no ``tie``: no option would meet the rule). ``came``: the voters whose votes are
    ordered before the decision but came in after it was taken (``settled.py``)."""
    if not names and not came:
        return []
    said: list[Sentence] = []
    if names:
        said.append(
            Sentence(
                N_("Taken while 1 sealed vote was not revealed; revealed later: {names}.")
                if unrevealed == 1
                else N_(
                    "Taken while {count} sealed votes were not revealed; revealed later: {names}."
                ),
                {"count": unrevealed, "names": ", ".join(names)},
            )
        )
    if came:
        said.append(
            Sentence(
                N_("Taken on the votes it names; came in later: {names}."),
                {"names": ", ".join(came)},
            )
        )
    if tie:
        result = Sentence(
            N_("With them the result would be a tie between {options}."),
            {"options": ", ".join(tie)},
        )
    elif later is None:
        result = Sentence(N_("With them no option would meet the rule."))
    elif later == chosen:
        result = Sentence(
            N_("With them the result would be the same: {option}."), {"option": later}
        )
    else:
        result = Sentence(
            N_("With them the result would be {option}, not {chosen}."),
            {"option": later, "chosen": chosen},
        )
    return [*said, result]


def next_step(
    step: str, waiting: list[str], stands: bool = False, objecting: list[str] | None = None
) -> Sentence | None:
    """What the group does next in commit → close → reveal → decide, and for whom it waits.
    ``stands``: a new round in which everyone's vote counts and the votes support no decision
    (``Progress.stands``); ``objecting`` names whose objection stands."""
    if step == "vote" and stands:
        if objecting:
            return Sentence(
                N_(
                    "Next: the votes as they stand decide nothing (objecting: {names}). "
                    "Whoever changes their vote casts it again now; then close voting."
                ),
                {"names": ", ".join(objecting)},
            )
        return Sentence(
            N_(
                "Next: the votes as they stand decide nothing. Whoever changes their vote "
                "casts it again now; then close voting."
            )
        )
    if step == "vote":
        if waiting:
            return Sentence(
                N_("Next: everyone votes, then voting is closed. Not voted yet: {names}."),
                {"names": ", ".join(waiting)},
            )
        return Sentence(N_("Next: everyone has voted; close voting."))
    if step == "reveal":
        return Sentence(
            N_(
                "Next: reveal the sealed votes. Not revealed yet: {names}. If someone cannot "
                "reveal, end the reveal: their vote is named as not revealed."
            ),
            {"names": ", ".join(waiting)},
        )
    if step == "decide":
        return Sentence(N_("Next: take the decision."))
    if step == "reopen":
        return Sentence(
            N_(
                "The votes support no decision. Next: work with what stands in the way (an "
                "objection's reason, say), then open a new round of voting so everyone can "
                "respond again."
            )
        )
    return None
