"""What was settled stays settled: a decision is judged by the votes it names.

Peers fold records in the order (lamport, author, seq), and the author picks the lamport. A
record that arrives late — from a peer cut off from the room, or signed back-dated on purpose —
can therefore be slotted before a decision that every peer had already folded. Were the decision
judged again by the votes held before it, such a record would erase it after the fact (and every
minutes handed out would change). So a ``decision.take`` rests on what it names (``rests_on``):

- it names exactly the votes the tally counts before it: it holds, as it always did;
- otherwise it holds if the votes it names — each as it was cast in this meeting, one per
  member — meet the rule for its option; the votes ordered before it that it does not name
  *came in later*. The decision is marked with them and with what the result would be with
  them (``Decision.came_later``, ``later_option``, ``later_tie``), the way a late reveal marks
  it (``late_reveal.py``), so the group sees it and can reopen the question.

The same holds for a consent ``phase.move`` that names its "ready" answers (``rests_on``): an
objection ordered before it that it does not name came in later (``PhaseMove.came_later``) and
does not undo the move. A move without ``rests_on`` (recorded before) keeps the old rule.

Fold order alone decides this, so every peer holding the same records holds the same state.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from beraad.core.kinds import PER_OPTION_VOTES
from beraad.core.messages import N_
from beraad.core.ranking import MethodError
from beraad.core.refusal import refuse
from beraad.core.state import PhaseProposal, SessionState, Vote, vote_key
from beraad.core.tally import METHOD_VOTE, TallyError, outcome, tally

__all__ = [
    "agreed_move_body",
    "came_later",
    "check_ready_members",
    "log_vote",
    "named_move",
    "named_votes",
    "on_named",
    "unsupported",
]


def log_vote(state: SessionState, vote: Vote) -> None:
    """Remember a vote as cast, so a decision can still name it once replaced or out-voted."""
    state.vote_log.setdefault(vote.kind, []).append(vote)


def named_votes(
    state: SessionState, method: str, option: str | None, named: set[str]
) -> SessionState | None:
    """The state as the votes ``named`` leave it: each member's vote the names cover (as it was
    cast, by a member who still counts), nothing else. None when the names cover two votes of
    one member: no tally holds."""
    kind = METHOD_VOTE.get(method, "")
    votes: dict[str, Vote] = {}
    for vote in state.vote_log.get(kind, []):
        if kind in PER_OPTION_VOTES and vote.option != option:
            continue
        if vote.body is None or not set(vote.counted_records) <= named:
            continue
        member = state.members.get(vote.member)
        if member is None or not member.counts:  # observing withdrew it: it counts nowhere
            continue
        key = vote_key(vote.member, vote.option)
        if key in votes:
            return None
        votes[key] = vote
    return dataclasses.replace(state, votes={kind: votes}, lookups={})


def came_later(state: SessionState, method: str, option: str | None, named: set[str]) -> tuple:
    """The counted votes ordered before the decision that it does not name: their records."""
    kind = METHOD_VOTE.get(method, "")
    return tuple(
        sorted(
            vote.counted_record
            for vote in state.counted_votes(kind, option)
            if not set(vote.counted_records) <= named
        )
    )


def on_named(
    state: SessionState, method: str, option: str, per_option: str | None, named: set[str]
) -> Any:
    """The result over only the votes a decision names (``settled.py``); None if none holds."""
    view = named_votes(state, method, per_option, named)
    if view is None:
        return None
    try:
        return tally(view, method, option)
    except (TallyError, MethodError):
        return None


def unsupported(result: Any, option: str, tie: tuple[str, ...], named: list[str]) -> str | None:
    """Why a decision for ``option`` (naming ``tie`` and the votes ``named``) does not hold on
    ``result``; None when it does."""
    if tie:
        if outcome(result) is not None or tie != tuple(sorted(getattr(result, "tied", ()))):
            return N_("the decision names a tie the votes do not show")
        if option not in tie:
            return N_("the decision must choose one of the tied options")
    elif outcome(result) != option:
        if getattr(result, "tied", ()):
            return N_("the votes end in a tie: the decision must name the tie")
        return N_("the votes held do not support this decision by {method}")
    if named != list(result.records):
        return N_("the decision does not name exactly the votes it rests on")
    return None


def check_ready_members(state: SessionState, ready: int) -> None:
    """Under consent a move needs more than half of the members who take part ready."""
    taking_part = len(state.participants())
    if ready * 2 <= taking_part:
        refuse(
            N_("only {ready} of {members} members are ready; more than half must be"),
            ready=ready,
            members=taking_part,
        )


def named_move(state: SessionState, proposal: PhaseProposal, named: list[str]) -> tuple[str, ...]:
    """A consent move that names its "ready" answers holds on them: each an answer to this
    proposal, by a member who still takes part, one each, more than half of the members. An
    objection ordered before it that it does not name came in later: returned, to be shown;
    it does not undo the move (a move not naming its answers keeps the old rule)."""
    answers = [proposal.said.get(record) for record in named]
    if any(a is None for a in answers):
        refuse(N_("the move names an answer that is not one to this proposal"))
    members = [a.member for a in answers if a is not None]
    if len(set(members)) != len(members):
        refuse(N_("the move names two answers of one member"))
    if any(a is not None and a.response != "ready" for a in answers):
        refuse(N_("someone objects to this move"))
    if not all(key in state.members and state.members[key].counts for key in members):
        refuse(N_("the move names an answer of someone who no longer takes part"))
    check_ready_members(state, len(members))
    return tuple(sorted(o.record for o in proposal.objections if o.record not in named))


def agreed_move_body(state: SessionState, proposal: PhaseProposal) -> dict[str, Any]:
    """The ``phase.move`` a consenting group writes: the proposal and the "ready" answers."""
    ready = sorted(r.record for r in proposal.responses.values() if r.response == "ready")
    return {"to": proposal.to, "proposal": proposal.id, "rests_on": ready}
