"""A sealed vote revealed after its reveal was ended: accepted, shown, held beside the decision.

A steward may end the reveal (``vote.reveal_end``) once the grace has passed by the records'
own ``at`` — which is the steward's word. Signed back-dated in one batch with the close, a
reveal end can name members' sealed votes "not revealed" before their apps could reveal them,
and a decision can follow at once. No clock rule can tell that from an honest end; so the fold
keeps such a vote recoverable instead. The voter's reveal is still accepted afterwards — in any
phase, between meetings, in a later meeting — by fold order alone, so every peer decides alike:

- before a decision by its vote kind, the late vote counts like any reveal;
- after it, the decision keeps resting on the votes it named (it was taken by the rule as the
  records stood), and is marked: taken while these votes were not revealed, revealed later by
  whom, and what the result would be with them (``Decision.revealed_later``, ``later_option``,
  ``later_tie``), so the group sees it and can reopen the question.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from beraad.core.explain import Sentence, revealed_later_notes
from beraad.core.kinds import SchemaError, validate
from beraad.core.messages import N_
from beraad.core.record import Record
from beraad.core.refusal import Refusal, refuse, short
from beraad.core.sealed import matches
from beraad.core.session import DEFAULT_DOTS
from beraad.core.state import Decision, SessionState, Vote, vote_key
from beraad.core.tally import PER_OPTION_METHODS, TallyError, outcome, tally

__all__ = [
    "came_later_names",
    "forget_named",
    "is_late",
    "later_notes",
    "name_unrevealed",
    "reveal_late",
    "would_be",
]


def name_unrevealed(state: SessionState, votes: list[Vote]) -> None:
    """A reveal end named these votes: from now on their voters may still reveal them late."""
    for vote in votes:
        state.named_unrevealed[vote.record] = vote


def forget_named(state: SessionState, kind: str) -> None:
    """A new round of voting on ``kind``: the votes the old reveal end named that still count in
    this meeting are back in the normal path (revealed after the next close), no longer late."""
    current = {id(v) for v in state.votes.get(kind, {}).values()}
    for commit in [c for c, v in state.named_unrevealed.items() if id(v) in current]:
        del state.named_unrevealed[commit]


def is_late(state: SessionState, record: Record) -> bool:
    """Is this ``vote.reveal`` the late reveal of a vote a reveal end named as not revealed?"""
    if record.kind != "vote.reveal" or not isinstance(record.body, dict):
        return False
    commit = record.body.get("commit")
    return isinstance(commit, str) and commit in state.named_unrevealed


def check_opens(vote: Vote, record: Record) -> dict[str, Any]:
    """The ballot a reveal ``record`` gives for the sealed ``vote``, refused unless it opens
    the commitment and is a valid vote of its kind on its option (in time or late alike)."""
    ballot, nonce = record.body["vote"], record.body["nonce"]
    if not matches(vote.kind, ballot, nonce, vote.commitment or ""):
        refuse(
            N_("the revealed vote does not match its commitment {commitment}"),
            commitment=(vote.commitment or "")[:12],
        )
    try:
        validate(vote.kind, ballot)
    except SchemaError as error:
        raise Refusal(error.template, **error.params) from error
    if vote.option is not None and ballot.get("option") != vote.option:
        refuse(N_("the revealed vote is about another option"))
    return ballot


def reveal_late(state: SessionState, record: Record) -> None:
    """Accept a late reveal (``is_late``): the commitment must hold as for any reveal."""
    vote = state.named_unrevealed[record.body["commit"]]
    if vote.member != record.author:
        refuse(N_("only the member who sealed a vote can reveal it"))
    ballot = check_opens(vote, record)
    _check_known(state, vote.kind, ballot)
    if vote.kind == "dots.place":
        allowance = state.info.dots_per_member if state.info else DEFAULT_DOTS
        if sum(ballot["dots"].values()) > allowance:
            refuse(N_("each member has {dots} dots to place"), dots=allowance)
    vote.body = ballot
    vote.reveal = record.id
    del state.named_unrevealed[vote.record]
    for decision in state.decisions:
        if vote.record in decision.not_revealed:
            decision.revealed_later = tuple(sorted((*decision.revealed_later, vote.record)))
            decision.later_option, decision.later_tie = would_be(state, decision)


def _check_known(state: SessionState, kind: str, ballot: dict[str, Any]) -> None:
    """Every option and criterion a late ballot names must be one of this session's, as for a
    reveal in time; retracted since is fine (the tally leaves it out), for the vote was cast
    while it stood, and a reveal refused for a later retraction would lose the vote."""
    if kind == "score.set":
        options = list(ballot["scores"])
        criteria = [c for row in ballot["scores"].values() for c in row]
    elif kind == "ballot.rank":
        options, criteria = [o for tier in ballot["ranking"] for o in tier], []
    elif kind == "ballot.grade":
        options, criteria = list(ballot["grades"]), []
    elif kind == "dots.place":
        options, criteria = list(ballot["dots"]), []
    else:
        options, criteria = [ballot["option"]], []
    for option in options:
        if option not in state.options:
            refuse(N_("no such {what}: {id}"), what="option", id=short(option))
    for criterion in criteria:
        if criterion not in state.criteria:
            refuse(N_("no such {what}: {id}"), what="criterion", id=short(criterion))


def would_be(state: SessionState, decision: Decision) -> tuple[str | None, tuple[str, ...]]:
    """(the option, the tie) the decision's method gives over the votes it counted plus those
    revealed since: its own votes, whichever meeting holds the session now."""
    votes = {vote_key(v.member, v.option): v for v in decision.counted}
    kind = decision.counted[0].kind if decision.counted else ""
    view = dataclasses.replace(state, votes={kind: votes}, lookups={})
    option = decision.option if decision.method in PER_OPTION_METHODS else None
    try:
        result = tally(view, decision.method, option)
    except TallyError:
        return None, ()
    return outcome(result), tuple(sorted(getattr(result, "tied", ()) or ()))


def later_notes(state: SessionState, decision: Decision) -> list[Sentence]:
    """What the app and ``verify`` say of a decision some of whose unrevealed votes were
    revealed later: who, and the result with them (options by their text)."""

    def text(option: str) -> str:
        found = state.options.get(option)
        return found.text if found is not None else option[:12]

    return revealed_later_notes(
        len(decision.not_revealed),
        sorted(state.name(state.commits[c].member) for c in decision.revealed_later),
        text(decision.option),
        text(decision.later_option) if decision.later_option else None,
        [text(o) for o in decision.later_tie],
        came_later_names(state, decision),
    )


def came_later_names(state: SessionState, decision: Decision) -> list[str]:
    """Who wrote what came in after the decision was taken (``settled.py``): votes, weight
    sheets, a voter's observing, the retraction of the chosen option."""
    later = set(decision.came_later)
    who = {v.member for v in decision.counted if set(v.counted_records) & later}
    who |= {s.member for s in state.weight_log if s.record in later}
    who |= {m.key for m in state.members.values() if m.observed_in in later}
    who |= {state.closers[c] for c in later if c in state.closers}
    chosen = state.options.get(decision.option)
    if chosen is not None and chosen.retracted in later:
        who.add(chosen.author)
    return sorted(state.name(member) for member in who)
