"""Why a decision holds, as one translatable sentence: the same words in the app and the minutes.

The core may not translate (it is pure), so a sentence is an English template (marked ``N_``
for the catalogs) with its parameters; ``beraad.i18n.render`` shows it in a language. Numbers
stay exact (``int`` or ``Fraction``) until shown; fixed words are ``Term``s, translated too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from beraad.core.majority import GRADES
from beraad.core.messages import N_


class Term(str):
    """A word from a fixed vocabulary (already marked ``N_``) that is translated when shown."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Sentence:
    template: str
    params: dict[str, Any] = field(default_factory=dict)


def rule_met(method: str, result: Any, chosen: str, option: str) -> Sentence:
    """The sentence saying which rule the option ``chosen`` met, with the figures.

    ``option`` is how the reader knows that option (a letter, a label); the figures are the
    method's own, from ``result``.
    """
    if method == "consent":
        return Sentence(
            N_(
                "Consent: {responded} of {members} responded (at least {quorum}), {agree} "
                "agreed, {aside} stood aside and no objection stands, so {option} passes."
            ),
            {
                "responded": result.responded,
                "members": result.members,
                "quorum": result.quorum,
                "agree": len(result.agree),
                "aside": len(result.stand_aside),
                "option": option,
            },
        )
    if method == "gradients":
        return Sentence(
            N_(
                "Gradients of agreement: {responded} of {members} responded (at least "
                "{quorum}) and nobody is above level {threshold}, so {option} passes."
            ),
            {
                "responded": result.responded,
                "members": result.members,
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
