"""Consent: a proposal passes when nobody holds a standing objection.

Consent is not unanimity: standing aside is allowed, and an objection must carry a reason so
the group can work with it. Only each member's latest response counts, so an objection stands
until its author withdraws it by responding again. Presence is not in the records, so the
quorum is fixed: more than half of the members must have responded, at least one agreeing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from beraad.core.messages import N_
from beraad.core.ranking import MethodError, check_count

RESPONSES: tuple[str, ...] = ("agree", "stand_aside", "object")


@dataclass(frozen=True, slots=True)
class Response:
    """One member's latest response on one option."""

    member: str
    response: str
    reason: str
    record: str


@dataclass(frozen=True, slots=True)
class ConsentResult:
    option: str
    agree: tuple[str, ...]
    stand_aside: tuple[str, ...]
    objections: tuple[Response, ...]
    responded: int
    members: int
    quorum: int
    passes: bool
    records: tuple[str, ...]
    responses: tuple[Response, ...] = ()
    """Every member's latest response with its reason, by member: a stand-aside's condition
    ("ok if the city plans a detour") is as much the group's to see as an objection's."""


def check_members(members: int, responders: list[str]) -> None:
    """One response per member, and no more responses than members (defence in depth)."""
    check_count(members, 0, None, "members")
    if len(set(responders)) != len(responders):
        raise MethodError(N_("a member responded twice; only the latest response counts"))
    if len(responders) > members:
        raise MethodError(
            N_("{responded} responses from only {members} members"),
            responded=len(responders),
            members=members,
        )


def quorum_of(members: int) -> int:
    """More than half of the members."""
    return members // 2 + 1


def consent(option: str, responses: Iterable[Response], members: int) -> ConsentResult:
    """Count the latest responses on ``option`` among ``members`` members.

    MethodError for an unknown response, an objection without a reason, two responses by one
    member, or more responses than members.
    """
    latest = sorted(responses, key=lambda r: r.member)
    check_members(members, [r.member for r in latest])
    for r in latest:
        if r.response not in RESPONSES:
            raise MethodError(N_("{response} is no consent response"), response=r.response)
        if r.response == "object" and not r.reason.strip():
            raise MethodError(N_("an objection needs a reason"))
    agree = tuple(r.member for r in latest if r.response == "agree")
    aside = tuple(r.member for r in latest if r.response == "stand_aside")
    objections = tuple(r for r in latest if r.response == "object")
    quorum = quorum_of(members)
    passes = len(latest) >= quorum and not objections and bool(agree)
    return ConsentResult(
        option=option,
        agree=agree,
        stand_aside=aside,
        objections=objections,
        responded=len(latest),
        members=members,
        quorum=quorum,
        passes=passes,
        records=tuple(sorted(r.record for r in latest)),
        responses=tuple(latest),
    )
