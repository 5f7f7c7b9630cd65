"""Apply a decision method to the votes a session holds: the bridge from state to method.

The fold uses ``tally`` to recheck every ``decision.take``; the UI uses it to show live
results; ``decision_body`` builds the one decision record the fold will accept right now.
Only live (not retracted) options and criteria count, and only open votes or sealed votes
revealed with a matching commitment.

Sealed voting is a protocol: commit → close → reveal → decide. ``next_step`` says where the
group is: no decision while voting on the method's vote kind is open, nor while a sealed vote
is unrevealed — unless the steward ended the reveal (``vote.reveal_end``), which names the votes
still sealed; the decision then shows them as not revealed, so no cast vote is ever ignored
without being named. A tie at the top is never resolved silently: the decision names the tie.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from beraad.core.consent import Response, consent
from beraad.core.dotvote import dot_vote
from beraad.core.gradients import GradientResponse, gradients
from beraad.core.majority import majority_judgment
from beraad.core.matrix import MatrixMemo, matrix
from beraad.core.messages import N_, Explained
from beraad.core.ranking import MethodError
from beraad.core.schulze import schulze
from beraad.core.state import SessionState, Vote

PER_OPTION_METHODS = ("consent", "gradients")
#: The vote kind each decision method counts.
METHOD_VOTE: dict[str, str] = {
    "consent": "consent.respond",
    "gradients": "gradient.respond",
    "dots": "dots.place",
    "matrix": "score.set",
    "schulze": "ballot.rank",
    "majority_judgment": "ballot.grade",
}


class TallyError(Explained, ValueError):
    """A method cannot be applied as asked (no option named, unknown method)."""


def tally(
    state: SessionState, method: str, option: str | None = None, memo: MatrixMemo | None = None
) -> Any:
    """The result dataclass of ``method`` over the votes ``state`` holds now.

    A method refusing its input (``MethodError``) surfaces as a TallyError with its reason.
    ``memo``: what the last tally of this matrix worked out (``MatrixMemo``), for a live view
    that tallies again on every vote; the result is the same with or without it.
    """
    try:
        return _tally(state, method, option, memo)
    except MethodError as error:
        raise TallyError(error.template, **error.params) from error


def _responses(
    state: SessionState, kind: str, option: str, answer: str, made: Callable[..., Any]
) -> list[Any]:
    """Each member's counted ``kind`` on ``option`` as ``made`` (a consent ``Response`` or a
    ``GradientResponse``): the member, the body's ``answer``, the reason and the record."""
    return [
        made(v.member, v.body[answer], v.body.get("reason", ""), v.counted_record)
        for v in state.counted_votes(kind, option)
        if v.body
    ]


def _tally(
    state: SessionState, method: str, option: str | None, memo: MatrixMemo | None = None
) -> Any:
    options = state.live_options()
    live = set(options)
    members = len(state.participants())  # observers count in no quorum
    if method in PER_OPTION_METHODS:
        if option is None:
            raise TallyError(N_("{method} is decided on one option; name it"), method=method)
        if method == "consent":
            said = _responses(state, "consent.respond", option, "response", Response)
            return consent(option, said, members)
        said = _responses(state, "gradient.respond", option, "level", GradientResponse)
        threshold = state.info.gradient_threshold if state.info else 5
        return gradients(option, said, members, threshold)
    if method == "dots":
        votes = state.counted_votes("dots.place")
        return dot_vote(
            options,
            {
                v.member: {o: n for o, n in v.body["dots"].items() if o in live}
                for v in votes
                if v.body
            },
            [v.counted_record for v in votes],
        )
    if method == "schulze":
        votes = state.counted_votes("ballot.rank")
        ballots = [[[o for o in tier if o in live] for tier in v.body["ranking"]] for v in votes]
        return schulze(
            options, [[t for t in b if t] for b in ballots], [v.counted_record for v in votes]
        )
    if method == "majority_judgment":
        votes = state.counted_votes("ballot.grade")
        return majority_judgment(
            options,
            {v.member: {o: g for o, g in v.body["grades"].items() if o in live} for v in votes},
            [v.counted_record for v in votes],
        )
    if method == "matrix":
        criteria = state.live_criteria()
        counted = set(criteria)
        votes = state.counted_votes("score.set")
        parts = [r for v in votes for r in v.counted_records]  # a sheet in parts: each part
        scores = {
            v.member: _counted_sheet(v.body["scores"], live, counted) for v in votes if v.body
        }
        return matrix(
            options,
            criteria,
            state.live_weights(),
            scores,
            [*(s.record for s in state.weights.values()), *parts],
            memo,
        )
    raise TallyError(N_("unknown decision method {method}"), method=method)


def _counted_sheet(
    sheet: dict[str, dict[str, int]], live: set[str], counted: set[str]
) -> dict[str, dict[str, int]]:
    """A score sheet's rows on live options and counted criteria: the sheet itself when it
    holds nothing else (most do; copying every sheet's 2,400 cells cost each arriving vote),
    else a sheet without the others whose rows are the sheet's own where they hold no
    criterion left out (``MatrixMemo`` knows a row it checked by the row itself)."""
    if live.issuperset(sheet) and all(map(counted.issuperset, sheet.values())):
        return sheet
    return {
        o: row if counted.issuperset(row) else {c: n for c, n in row.items() if c in counted}
        for o, row in sheet.items()
        if o in live
    }


def outcome(result: Any) -> str | None:
    """The option a result supports: the winner, or the option that passed its round."""
    if hasattr(result, "passes"):
        return result.option if result.passes else None
    return result.winner


def unrevealed(state: SessionState, method: str, option: str | None = None) -> list[Vote]:
    """The sealed votes a decision by ``method`` (on ``option``) would count, still unrevealed."""
    kind = METHOD_VOTE.get(method, "")
    votes = state.current_votes(kind, option if method in PER_OPTION_METHODS else None)
    return [v for v in votes if v.sealed and v.reveal is None]


def not_revealed(state: SessionState, method: str, option: str | None = None) -> tuple[str, ...]:
    """The commitments a decision names as not revealed: only after the reveal was ended."""
    if METHOD_VOTE.get(method, "") not in state.reveal_ended:
        return ()
    return tuple(sorted(v.record for v in unrevealed(state, method, option)))


def check_ready(state: SessionState, method: str, option: str | None = None) -> None:
    """TallyError unless the protocol lets the group decide now: voting closed, all revealed."""
    kind = METHOD_VOTE.get(method)
    if kind is None:
        raise TallyError(N_("unknown decision method {method}"), method=method)
    if kind not in state.closed:
        raise TallyError(N_("voting is still open: close it before taking the decision"))
    waiting = unrevealed(state, method, option)
    if waiting and kind not in state.reveal_ended:
        raise TallyError(
            N_(
                "{count} sealed votes are not revealed yet: wait for them, or end the reveal "
                "so they are named as not revealed"
            ),
            count=len(waiting),
        )


def decision_body(
    state: SessionState,
    option: str | None = None,
    method: str | None = None,
    memo: MatrixMemo | None = None,
) -> dict[str, Any]:
    """The ``decision.take`` body the fold accepts now; TallyError if the rule is not met.

    On a tie at the top, ``option`` must be one of the tied options: the body then names the
    tie (``tie``), so the record says the group chose among equals, never hides it. ``memo``:
    as ``tally``'s (a view asking again and again whether the decision can be taken).
    """
    if method is None:
        if state.info is None:
            raise TallyError(N_("the session has not been opened"))
        method = state.info.decision_rule
    check_ready(state, method, option)
    result = tally(state, method, option, memo)
    chosen = outcome(result)
    tie = tuple(getattr(result, "tied", ()))
    body: dict[str, Any] = {"method": method}
    if chosen is None and tie and method not in PER_OPTION_METHODS:
        if option is None:
            raise TallyError(
                N_("the rule {method} ends in a tie: the group chooses one of the tied options"),
                method=method,
            )
        if option not in tie:
            raise TallyError(N_("that option is not one of the tied options"))
        body.update(option=option, tie=list(tie))
    elif chosen is None:
        raise TallyError(N_("the rule {method} is not met: there is no decision"), method=method)
    elif option is not None and chosen != option:
        raise TallyError(N_("the rule {method} does not support that option"), method=method)
    else:
        body["option"] = chosen
    body["rests_on"] = list(result.records)
    return body


@dataclass(frozen=True, slots=True)
class Progress:
    """Where the group is in commit → close → reveal → decide, and who it is waiting for.

    ``step`` is "vote" (voting is open), "reveal" (closed, sealed votes unrevealed), "decide"
    (the decision can be taken), "reopen" (closed, but the votes support no decision: an
    objection stands, say — only a new round of voting can move on) or "decided". Only members
    who take part are counted.
    """

    step: str
    members: tuple[str, ...]  # who takes part: the n of "votes in x of n"
    voted: tuple[str, ...]
    not_voted: tuple[str, ...]
    not_revealed: tuple[str, ...]  # members whose sealed vote is still unrevealed
    reveal_ended: bool
    #: In a new round (voting reopened) everyone's vote counts, nothing is sealed, and the
    #: votes as they stand support no decision: closing now decides nothing (naive s11
    #: F-minor-8: "everyone has voted; close voting" led to the same non-decision).
    stands: bool = False
    objecting: tuple[str, ...] = ()  # consent: the members whose objection counts now


def _supports_a_decision(state: SessionState, method: str, option: str | None) -> bool:
    """Do the votes held support a decision (a winner, or a tie to choose from)?"""
    if method in PER_OPTION_METHODS and option is None:
        return True  # no option chosen yet: the view asks for one first
    try:
        result = tally(state, method, option)
    except TallyError:
        return True  # the decision's own refusal says what is wrong
    return outcome(result) is not None or bool(getattr(result, "tied", ()))


def progress(state: SessionState, method: str, option: str | None = None) -> Progress:
    """The protocol step of ``method`` (on ``option`` for a per-option method) right now."""
    kind = METHOD_VOTE.get(method, "")
    members = tuple(state.participants())
    per_option = option if method in PER_OPTION_METHODS else None
    votes = state.current_votes(kind, per_option)
    if method in PER_OPTION_METHODS and option is None:
        votes = []
    cast = {v.member for v in votes}
    voted = tuple(m for m in members if m in cast)
    waiting = tuple(sorted({v.member for v in unrevealed(state, method, per_option)}))
    ended = kind in state.reveal_ended
    decided = any(
        d.method == method and (per_option is None or d.option == per_option)
        for d in state.meeting_decisions()
    )
    if decided:
        step = "decided"
    elif kind not in state.closed:
        step = "vote"
    elif waiting and not ended:
        step = "reveal"
    elif _supports_a_decision(state, method, option):
        step = "decide"
    else:
        step = "reopen"  # closed, nothing to decide: work with it, then a new round of voting
    not_voted = tuple(m for m in members if m not in cast)
    stands = (
        step == "vote"
        and kind in state.reopened
        and not not_voted
        and not waiting
        and not _supports_a_decision(state, method, option)
    )
    objecting = tuple(
        m
        for m in members
        for v in votes
        if v.member == m and v.body is not None and v.body.get("response") == "object"
    )
    return Progress(
        step=step,
        members=members,
        voted=voted,
        not_voted=not_voted,
        not_revealed=waiting,
        reveal_ended=ended,
        stands=stands,
        objecting=objecting if stands else (),
    )
