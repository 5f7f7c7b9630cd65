"""Gradients of agreement: support on a labelled scale, with a threshold the group chose.

The default scale is Sam Kaner's eight-point "Gradients of Agreement" (Facilitator's Guide to
Participatory Decision-Making): it shows *how much* support a proposal has, not only yes/no.
A proposal passes when more than half of the members responded and nobody is above the
threshold; a block (the last level) always stops it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from beraad.core.consent import check_members, quorum_of
from beraad.core.messages import N_
from beraad.core.ranking import MethodError, check_count

#: (level, label) — 1 is whole-hearted endorsement, 8 is a block.
KANER_SCALE: tuple[tuple[int, str], ...] = (
    (1, N_("Whole-hearted endorsement")),
    (2, N_("Agreement with a minor point of contention")),
    (3, N_("Support with reservations")),
    (4, N_("Abstain")),
    (5, N_("Stand aside: I don't like it but won't hold it up")),
    (6, N_("Formal disagreement, but I will go with the majority")),
    (7, N_("Formal disagreement, I want no part in carrying it out")),
    (8, N_("Block: I veto this")),
)
BLOCK = 8


@dataclass(frozen=True, slots=True)
class GradientResponse:
    member: str
    level: int
    reason: str
    record: str


@dataclass(frozen=True, slots=True)
class GradientResult:
    option: str
    histogram: tuple[tuple[int, str, int], ...]  # (level, label, count)
    responses: tuple[GradientResponse, ...]
    above_threshold: tuple[GradientResponse, ...]
    threshold: int
    responded: int
    members: int
    quorum: int
    passes: bool
    records: tuple[str, ...]


def gradients(
    option: str,
    responses: Iterable[GradientResponse],
    members: int,
    threshold: int,
    scale: Sequence[tuple[int, str]] = KANER_SCALE,
) -> GradientResult:
    """Count the latest responses on ``option``; passes when nobody is above ``threshold``.

    MethodError for a level not on the scale, a threshold that leaves no room below a block,
    or two responses by one member.
    """
    latest = tuple(sorted(responses, key=lambda r: r.member))
    check_members(members, [r.member for r in latest])
    levels = [level for level, _label in scale]
    if not levels or levels != sorted(set(levels)):
        raise MethodError(N_("a scale lists distinct levels, lowest first"))
    block = levels[-1]
    check_count(threshold, levels[0], block - 1, "threshold")
    for r in latest:
        if r.level not in levels:
            raise MethodError(N_("level {level} is not on the scale"), level=r.level)
    histogram = tuple(
        (level, label, sum(1 for r in latest if r.level == level)) for level, label in scale
    )
    above = tuple(r for r in latest if r.level > threshold or r.level >= block)
    quorum = quorum_of(members)
    return GradientResult(
        option=option,
        histogram=histogram,
        responses=latest,
        above_threshold=above,
        threshold=threshold,
        responded=len(latest),
        members=members,
        quorum=quorum,
        passes=len(latest) >= quorum and not above,
        records=tuple(sorted(r.record for r in latest)),
    )
