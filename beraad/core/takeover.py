"""Who facilitates: a handover by the facilitator, or a take-over by two members.

A facilitator whose laptop dies (or who leaves) cannot hand the role over, and under the
facilitator rule nobody else moves the group, ends the meeting or opens the next one (naive
s13 N14). "The facilitator is away" is no rule a reader of the records can check: presence is
never recorded. What the records can show is two members agreeing: one asks to take over
(``facilitator.claim``, naming the facilitator it replaces), and the request takes effect when
another member who takes part seconds it (``facilitator.second``). Both are signed; the fold
judges them by fold order alone, so every peer, and ``verify`` afterwards, comes to the same
facilitator whatever order the records arrive in.

- A request is open within the meeting it was made in (or the time between two meetings): a
  meeting's end or the next one's start lets it lapse, so a request from last month is not
  seconded by a slip tonight. Any change of facilitator (a handover, another take-over) makes
  every open request stale: two members who ask at once, each seconded, give the role to the
  one whose second comes first in the fold order, on every peer.
- Nobody to second: when no member who takes part is left besides the one who asks and the
  facilitator (two people, or one and a projector), the request takes effect at once. The
  facilitator, back, sees who took over and may be handed the role back.
- Seconding is for a member who takes part, not the one who asked; the facilitator may second
  too (it is then a handover by her consent).

Never backwards in time (attack s16 #1, #1b). A request's lamport is its author's word: dated
back to when only the facilitator and he took part, it would count at once and the refold would
refuse all she did since. So **a take-over of a facilitator who was there never counts**: when
her first record sorting after the request had not seen it (by her own chain's ``seen``,
``seen.Past``) and someone else's record had seen that record and not the request (attack s17
#2: her lamport is her word too, so a record of hers nobody saw while the request was out —
offline, or dated back on purpose — shows nobody there), the request is ``unseen`` from where
it sorts — it takes effect neither at once nor by a second, so nothing the requester (or whom
he hands the role to) did as facilitator in between counts either. Deterministic over the
records held: a record of hers, or its witness, arriving later folds the session anew
(``Past.asked_unseen``). A request she had seen (an honest take-over: her
laptop died) stands, and anything she writes that had seen it while it waits ends it
(``returns``, "back").
(An honest app's request dated back lists heads of members not yet there: ``seen.too_many``.)
In a session opened before the admission rule, members' admissions count at once, so a member
could second his own request with a key he admitted: there nobody whose admission goes back to
the requester seconds it, nor counts as someone who could (``_vouches``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from beraad.core.messages import N_
from beraad.core.record import Record
from beraad.core.refusal import refuse
from beraad.core.seen import Past
from beraad.core.state import Claim, Handover, SessionState

__all__ = ["TAKEOVER_HANDLERS", "asks", "hand_to", "open_claims", "returns", "seconders"]

#: Kinds by which the facilitator answers a request herself: no sign that she is back.
_ANSWERS = ("facilitator.second", "facilitator.handover")


def open_claims(state: SessionState) -> list[Claim]:
    """The requests to take over that a second would still make count, in fold order."""
    return _open_now(state)[::-1]


def _open(state: SessionState, claim: Claim) -> bool:
    return (
        claim.status == "open"
        and claim.meeting == state.meeting
        and claim.between == state.between_meetings
    )


def asks(record: Record) -> str | None:
    """Whom ``record`` asks to replace (a request to take over), for ``seen.Past``: her first
    record after it says whether she was away. Read before the record is checked."""
    if record.kind != "facilitator.claim" or not isinstance(record.body, dict):
        return None
    replaces = record.body.get("replaces")
    return replaces if isinstance(replaces, str) else None


def seconders(state: SessionState, claimant: str) -> list[str]:
    """Who could second ``claimant``'s request apart from the facilitator it replaces: the
    members who take part and do not owe their place to him (``_vouches``). None of them: the
    request takes effect at once."""
    return [
        key
        for key, member in state.members.items()
        if member.counts
        and key not in (claimant, state.facilitator)
        and _vouches(state, key, claimant)
    ]


def _vouches(state: SessionState, key: str, claimant: str) -> bool:
    """May ``key`` second ``claimant``'s request? In a session opened with the admission rule
    a key he admitted waits for the group's confirmation, so any member who counts may. In one
    opened before (no ``admission``), his admissions counted at once, so not a member whose
    admission goes back to him — admitted by him, or by one he admitted (attack s16 #1b).
    Every admission goes back to the session's creator: for her request, anyone may."""
    info = state.info
    if info is None or info.admission or claimant == info.creator:
        return True
    for _step in range(len(state.members)):  # each step goes to an earlier admitter
        member = state.members.get(key)
        if member is None or member.admitted_by is None:
            return True
        if member.admitted_by == claimant:
            return False
        key = member.admitted_by
    return True


def hand_to(
    state: SessionState,
    record: Record,
    to: str,
    *,
    claim: Claim | None = None,
    seconded_by: str | None = None,
) -> None:
    """``to`` facilitates from ``record`` on; every request still open goes stale."""
    old = state.facilitator
    assert old is not None
    state.members[old].facilitator = False
    state.members[to].facilitator = True
    state.facilitator = to
    for waiting in open_claims(state):
        waiting.status = "stale"
    if claim is not None:
        claim.status = "taken"
        claim.second = record.id if seconded_by is not None else None
    state.handovers.append(
        Handover(
            record=record.id,
            by=old,
            to=to,
            claim=claim.id if claim is not None else None,
            seconded_by=seconded_by,
            at=record.at,
        )
    )


def _open_now(state: SessionState) -> list[Claim]:
    """``open_claims``, looked for from the newest back: every open request came after the
    last change of facilitator, so the walk stops at the first that is not (a ping-pong of
    thousands of take-overs costs nothing per record)."""
    found = []
    for claim in reversed(state.claims.values()):
        if not _open(state, claim):
            break
        found.append(claim)
    return found


def returns(state: SessionState, past: Past | None, record: Record) -> Callable[[], None] | None:
    """``record`` is by the facilitator a request still open names, sorting after it: she is
    back, and the request lapses (naive s16 N9: anything she writes ends it; her second of it,
    or a handover, is her answer and no sign of being back). Only a record that had seen the
    request: one that had not, and was witnessed, made it ``unseen`` (``_claim``); one nobody
    saw while it was out (offline, or dated back) shows nobody back (attack s17 #2). Nor one
    dated below a record it lists as seen (``Past.dated_below_seen``): having seen the
    request and its second, she could date a record between them and lapse a request that
    was already granted (takeover18 left).

    Returns how to undo it, for when ``record`` is then refused: only a record of hers that
    counts shows her back, and a record her own app refuses before signing it (``Fold.
    try_append``) must leave her state as every peer's."""
    if record.author != state.facilitator or record.kind in _ANSWERS:
        return None
    if past is not None and past.dated_below_seen(record):
        return None  # dated below what it had seen: no sign of when she was back
    lapsed = [c for c in _open_now(state) if past is None or _saw(past, record, c)]
    for claim in lapsed:
        claim.status = "back"

    def undo() -> None:
        for claim in lapsed:
            claim.status = "open"

    return undo if lapsed else None


def _saw(past: Past, record: Record, claim: Claim) -> bool:
    """Had ``record`` seen the request ``claim``? A record of hers that had not was written
    where she could not answer it (offline, or dated back): no sign that she is back."""
    request = past.held.get(claim.id)
    return request is None or past.had_seen(record, request)


def _claim(state: SessionState, record: Record, past: Past | None) -> None:
    replaces = record.body["replaces"]
    if record.author == state.facilitator:
        refuse(N_("you are already the facilitator"))
    if replaces != state.facilitator:
        refuse(
            N_("{member} is not the facilitator (any more): nothing to take over from them"),
            member=state.name(replaces),
        )
    if any(c.by == record.author for c in _open_now(state)):
        refuse(N_("you have asked to take over already; another member seconds it"))
    claim = Claim(
        id=record.id,
        by=record.author,
        replaces=replaces,
        at=record.at,
        meeting=state.meeting,
        between=state.between_meetings,
    )
    state.claims[record.id] = claim
    if past is not None and past.wrote_unaware_after(replaces, record):
        claim.status = "unseen"  # she was not away: it never counts, wherever it is dated
    elif not seconders(state, record.author):  # nobody else takes part: at once
        hand_to(state, record, record.author, claim=claim)


def _second(state: SessionState, record: Record, _past: Past | None) -> None:
    claim = state.claims.get(record.body["claim"])
    if claim is None:
        refuse(N_("there is no such request to take over the facilitation"))
    if claim.status == "taken":
        refuse(N_("that request was already granted"))
    if claim.status == "unseen":
        refuse(
            N_(
                "{member} wrote after that request without having seen it, so was not away: "
                "it does not count"
            ),
            member=state.name(claim.replaces),
        )
    if claim.status == "back":
        refuse(
            N_("{member} is back (wrote after it): that request to take over has lapsed"),
            member=state.name(claim.replaces),
        )
    if not _open(state, claim):
        refuse(N_("that request to take over has lapsed: ask again"))
    if record.author == claim.by:
        refuse(N_("another member seconds a request to take over, not the one who asked"))
    if not state.members[claim.by].counts:
        refuse(N_("{member} no longer takes part"), member=state.name(claim.by))
    if not _vouches(state, record.author, claim.by):
        refuse(
            N_("your admission goes back to {member}, so you do not second their request"),
            member=state.name(claim.by),
        )
    hand_to(state, record, claim.by, claim=claim, seconded_by=record.author)


#: The reducer dispatches these kinds here (``deliberation.HANDLERS``).
TAKEOVER_HANDLERS: dict[str, Callable[[SessionState, Record, Past | None], Any]] = {
    "facilitator.claim": _claim,
    "facilitator.second": _second,
}
