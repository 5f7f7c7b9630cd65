"""Apply a decision method to the votes a session holds: the bridge from state to method.

The fold uses ``tally`` to recheck every ``decision.take``; the UI uses it to show live
results; ``decision_body`` builds the one decision record the fold will accept right now.
Only live (not retracted) options and criteria count, and only open votes or sealed votes
revealed with a matching commitment.
"""

from __future__ import annotations

from typing import Any

from beraad.core.consent import Response, consent
from beraad.core.dotvote import dot_vote
from beraad.core.gradients import GradientResponse, gradients
from beraad.core.majority import majority_judgment
from beraad.core.matrix import matrix
from beraad.core.messages import N_, Explained
from beraad.core.schulze import schulze
from beraad.core.state import SessionState

PER_OPTION_METHODS = ("consent", "gradients")


class TallyError(Explained, ValueError):
    """A method cannot be applied as asked (no option named, unknown method)."""


def tally(state: SessionState, method: str, option: str | None = None) -> Any:
    """The result dataclass of ``method`` over the votes ``state`` holds now."""
    options = state.live_options()
    live = set(options)
    members = len(state.participants())
    if method in PER_OPTION_METHODS:
        if option is None:
            raise TallyError(N_("{method} is decided on one option; name it"), method=method)
        if method == "consent":
            votes = state.counted_votes("consent.respond", option)
            return consent(
                option,
                [
                    Response(
                        member=v.member,
                        response=v.body["response"],
                        reason=v.body.get("reason", ""),
                        record=v.counted_record,
                    )
                    for v in votes
                    if v.body
                ],
                members,
            )
        votes = state.counted_votes("gradient.respond", option)
        threshold = state.info.gradient_threshold if state.info else 5
        return gradients(
            option,
            [
                GradientResponse(
                    member=v.member,
                    level=v.body["level"],
                    reason=v.body.get("reason", ""),
                    record=v.counted_record,
                )
                for v in votes
                if v.body
            ],
            members,
            threshold,
        )
    if method == "dots":
        votes = state.counted_votes("dots.place")
        return dot_vote(
            options,
            {v.member: v.body["dots"] for v in votes if v.body},
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
        votes = state.counted_votes("score.set")
        sheets = {m: s.weights for m, s in state.weights.items()}
        parts = [r for v in votes for r in v.counted_records]  # a sheet in parts: each part
        return matrix(
            options,
            criteria,
            sheets,
            {v.member: v.body["scores"] for v in votes if v.body},
            [*(s.record for s in state.weights.values()), *parts],
        )
    raise TallyError(N_("unknown decision method {method}"), method=method)


def outcome(result: Any) -> str | None:
    """The option a result supports: the winner, or the option that passed its round."""
    if hasattr(result, "passes"):
        return result.option if result.passes else None
    return result.winner


def decision_body(
    state: SessionState, option: str | None = None, method: str | None = None
) -> dict[str, Any]:
    """The ``decision.take`` body the fold accepts now; TallyError if the rule is not met."""
    if method is None:
        if state.info is None:
            raise TallyError(N_("the session has not been opened"))
        method = state.info.decision_rule
    result = tally(state, method, option)
    chosen = outcome(result)
    if chosen is None:
        raise TallyError(N_("the rule {method} is not met: there is no decision"), method=method)
    if option is not None and chosen != option:
        raise TallyError(N_("the rule {method} does not support that option"), method=method)
    return {"method": method, "option": chosen, "rests_on": list(result.records)}
