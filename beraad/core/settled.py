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

What a decision names holds against the other records a late one can slot before it too:

- a voter's ``member.observe`` withdraws their votes and weights from every tally after it; a
  decision naming them still counts them, and the observing came in later;
- a ``weight.set`` (scores by criteria) replacing a sheet the decision named came in later,
  like a changed vote: the decision holds on the sheets it names;
- a ``vote.close`` slotted before votes the decision names (a steward under the consent rule
  is any member) refuses those votes, yet the decision counts them: the close came in later;
- a ``vote.reopen`` slotted between the close and the decision: the decision holds on the
  close (voting is closed again) and the reopen came in later;
- a ``retract`` of the chosen option came in later: the decision holds on its named votes as if
  the option stood, and says what the result would be without it.

The same holds for a consent ``phase.move`` that names its "ready" answers (``rests_on``): an
objection ordered before it that it does not name came in later (``PhaseMove.came_later``) and
does not undo the move. A move without ``rests_on`` (recorded before) keeps the old rule.

Fold order alone decides this, so every peer holding the same records holds the same state.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from beraad.core.kinds import PER_OPTION_VOTES
from beraad.core.messages import N_
from beraad.core.ranking import MethodError
from beraad.core.record import Record
from beraad.core.refusal import refuse
from beraad.core.state import PhaseProposal, SessionState, Vote, WeightSheet, vote_key
from beraad.core.tally import METHOD_VOTE, TallyError, outcome, tally

__all__ = [
    "MOVE_REFUSALS",
    "AnswerRefusals",
    "agreed_move_body",
    "as_cast",
    "as_closed",
    "came_later",
    "check_ready_members",
    "chosen_standing",
    "close_again",
    "log_vote",
    "log_weights",
    "logged_part",
    "named_move",
    "named_votes",
    "note_reopen",
    "on_named",
    "ready_members",
    "unsupported",
    "vote_after_close",
    "with_part",
]


def log_vote(state: SessionState, vote: Vote) -> None:
    """Remember a vote as cast, so a decision can still name it once replaced or out-voted."""
    state.vote_log.setdefault(vote.kind, []).append(vote)


def with_part(current: Vote | None, record: str, member: str, body: dict[str, Any]) -> Vote:
    """A part of a score sheet (``record`` with ``body``): each option row it holds replaces
    that row of the member's open sheet (a big matrix does not fit one record); a sealed or
    absent sheet starts anew."""
    scores: dict[str, Any] = {}
    rows: dict[str, str] = {}
    if current is not None and current.body is not None and _open_sheet(current):
        scores = dict(current.body["scores"])
        rows = dict(current.rows) or {o: current.counted_record for o in scores}
    for option, row in body["scores"].items():
        scores[option] = row
        rows[option] = record
    return Vote(
        record=record,
        member=member,
        kind="score.set",
        option=None,
        body={"scores": dict(sorted(scores.items()))},
        rows=dict(sorted(rows.items())),
    )


def _open_sheet(current: Vote | None) -> bool:
    return current is not None and current.body is not None and not current.sealed


def logged_part(current: Vote | None, record: str, member: str, body: dict[str, Any]) -> Vote:
    """What the vote log keeps of a part: the part itself (its record's body, shared), and
    whether it started the sheet anew; ``as_cast`` rebuilds the sheet when asked."""
    return Vote(
        record=record,
        member=member,
        kind="score.set",
        option=None,
        body=body,
        anew=not _open_sheet(current),
    )


def as_cast(state: SessionState, kind: str) -> Iterator[Vote]:
    """Every vote of ``kind`` in the log as it was cast, each part of a sheet as the whole sheet
    it made (rebuilt in order, one open sheet per member at a time)."""
    open_sheets: dict[str, Vote] = {}
    for vote in state.vote_log.get(kind, []):
        if vote.kind == "score.set" and vote.body is not None and vote.body.get("part"):
            base = None if vote.anew else open_sheets.get(vote.member)
            vote = with_part(base, vote.record, vote.member, vote.body)
        if vote.option is None and vote.record not in state.after_close:
            open_sheets[vote.member] = vote  # the sheet a next part of theirs adds to
        yield vote


def vote_after_close(state: SessionState, record: Record) -> None:
    """A vote checked in all but time, ordered after a close: refused, but kept as cast, so a
    decision that named it (its voter and decider had not seen the close) still counts it."""
    if record.body.get("part"):
        return
    kind = record.kind
    option = record.body.get("option") if kind in PER_OPTION_VOTES else None
    vote = Vote(record=record.id, member=record.author, kind=kind, option=option, body=record.body)
    state.after_close[record.id] = state.closed[kind]
    log_vote(state, vote)


def note_reopen(state: SessionState, record: Record, kind: str) -> None:
    """Remember the close a reopen undoes, so a decision resting on that close can still hold."""
    ended = state.reveal_ended.get(kind)
    state.reopened[kind] = (record.id, state.closed[kind], state.closed_at.get(kind), ended)
    state.closers[record.id] = record.author


def as_closed(state: SessionState, kind: str) -> tuple[SessionState, tuple | None]:
    """The state with voting on ``kind`` closed as it was before a reopen ordered before the
    decision (and the reopen), or ``state`` and None when voting is closed or was not reopened."""
    reopened = state.reopened.get(kind) if kind not in state.closed else None
    if reopened is None:
        return state, None
    _reopen, close, closed_at, ended = reopened
    view = dataclasses.replace(
        state,
        closed={**state.closed, kind: close},
        closed_at={**state.closed_at, kind: closed_at}
        if closed_at is not None
        else state.closed_at,
        reveal_ended={**state.reveal_ended, kind: ended} if ended else state.reveal_ended,
        lookups={},
    )
    return view, reopened


def close_again(state: SessionState, kind: str, reopened: tuple) -> str:
    """A decision held on the close a reopen undid: voting is closed again, as the room saw it.
    Returns the reopen, which came in later."""
    reopen, close, closed_at, ended = reopened
    state.closed[kind] = close
    if closed_at is not None:
        state.closed_at[kind] = closed_at
    if ended:
        state.reveal_ended[kind] = ended
    del state.reopened[kind]
    return str(reopen)


def log_weights(state: SessionState, sheet: WeightSheet) -> None:
    """Remember a weight sheet as set, so a decision by scores can still name it once replaced."""
    state.weight_log.append(sheet)


def chosen_standing(state: SessionState, option: str) -> tuple[SessionState, str | None]:
    """The state to judge a decision for ``option`` on, and the retract that came in later if
    its author retracted it before the decision in fold order (``None`` when it stands). The
    decision then holds if its named votes carry the option as it stood when they were cast."""
    found = state.options.get(option)
    if found is None or found.live:
        return state, None
    standing = dataclasses.replace(found, retracted=None)
    return dataclasses.replace(state, options={**state.options, option: standing}, lookups={}), (
        found.retracted
    )


def _named_sheets(state: SessionState, named: set[str]) -> dict[str, WeightSheet] | None:
    """The weight sheets ``named``, one per member (None if two of one member are named)."""
    sheets: dict[str, WeightSheet] = {}
    for sheet in state.weight_log:
        if sheet.record in named:
            if sheet.member in sheets:
                return None
            sheets[sheet.member] = sheet
    return sheets


def named_votes(
    state: SessionState, method: str, option: str | None, named: set[str]
) -> SessionState | None:
    """The state as the votes ``named`` leave it: each member's vote the names cover (as it was
    cast; a voter's observing ordered before the decision came in later), and for scores by
    criteria the weight sheets named, nothing else. None when the names cover two votes (or
    sheets) of one member: no tally holds."""
    kind = METHOD_VOTE.get(method, "")
    votes: dict[str, Vote] = {}
    for vote in as_cast(state, kind):
        if kind in PER_OPTION_VOTES and vote.option != option:
            continue
        if vote.body is None or not set(vote.counted_records) <= named:
            continue
        if vote.member not in state.members:
            continue
        key = vote_key(vote.member, vote.option)
        if key in votes:
            return None
        votes[key] = vote
    weights = state.weights
    if kind == "score.set":
        sheets = _named_sheets(state, named)
        if sheets is None:
            return None
        weights = sheets
    return dataclasses.replace(state, votes={kind: votes}, weights=weights, lookups={})


def came_later(state: SessionState, method: str, option: str | None, named: set[str]) -> tuple:
    """What was ordered before the decision that it does not name: counted votes (and weight
    sheets) it leaves out, and the observing of a voter whose named vote it counts."""
    kind = METHOD_VOTE.get(method, "")
    later = {
        vote.counted_record
        for vote in state.counted_votes(kind, option)
        if not set(vote.counted_records) <= named
    }
    if kind == "score.set":
        later |= {s.record for s in state.weights.values() if s.record not in named}
    view = named_votes(state, method, option, named)
    voters = {v.member for v in view.votes.get(kind, {}).values()} if view else set()
    if view is not None and kind == "score.set":
        voters |= set(view.weights)
    if view is not None:
        after = [state.after_close.get(v.record) for v in view.votes.get(kind, {}).values()]
        later |= {close for close in after if close is not None}
    for voter in voters:
        member = state.members[voter]
        if member.observer and member.observed_in:
            later.add(member.observed_in)
    return tuple(sorted(later))


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


@dataclasses.dataclass(frozen=True)
class AnswerRefusals:
    """The words a check of named "ready" answers refuses with: a move's or a meeting end's."""

    not_given: str
    twice: str
    objects: str
    gone: str


#: How a consent phase move that names the wrong answers is refused.
MOVE_REFUSALS = AnswerRefusals(
    not_given=N_("the move names an answer that is not one to this proposal"),
    twice=N_("the move names two answers of one member"),
    objects=N_("someone objects to this move"),
    gone=N_("the move names an answer of someone who no longer takes part"),
)


def ready_members(
    state: SessionState, proposal: PhaseProposal, named: list[str], words: AnswerRefusals
) -> list[str]:
    """The members whose "ready" answers to ``proposal`` are ``named``: each an answer to it
    folded already, one each, by a member who still takes part, more than half of the members;
    refused in ``words`` otherwise (one rule for a consent move and a consented end)."""
    answers = [proposal.said.get(record) for record in named]
    if any(a is None for a in answers):
        refuse(words.not_given)
    members = [a.member for a in answers if a is not None]
    if len(set(members)) != len(members):
        refuse(words.twice)
    if any(a is not None and a.response != "ready" for a in answers):
        refuse(words.objects)
    if not all(key in state.members and state.members[key].counts for key in members):
        refuse(words.gone)
    check_ready_members(state, len(members))
    return sorted(members)


def named_move(state: SessionState, proposal: PhaseProposal, named: list[str]) -> tuple[str, ...]:
    """A consent move that names its "ready" answers holds on them (``ready_members``). An
    objection ordered before it that it does not name came in later: returned, to be shown;
    it does not undo the move (a move not naming its answers keeps the old rule)."""
    ready_members(state, proposal, named, MOVE_REFUSALS)
    return tuple(sorted(o.record for o in proposal.objections if o.record not in named))


def agreed_move_body(state: SessionState, proposal: PhaseProposal) -> dict[str, Any]:
    """The ``phase.move`` a consenting group writes: the proposal and the "ready" answers."""
    ready = sorted(r.record for r in proposal.responses.values() if r.response == "ready")
    return {"to": proposal.to, "proposal": proposal.id, "rests_on": ready}
