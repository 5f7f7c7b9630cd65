"""The deliberation reducer's rules for votes, sealed votes and decisions (``deliberation.py``
dispatches to them): what a vote may name, when voting is open, committing and revealing a sealed
vote, ending the reveal, and the decision a steward takes on the votes it names.

A mixin of ``DeliberationReducer`` rather than functions: the rules share its item checks
(``_live``) and stay one reducer to every peer; kept apart because deliberation.py grew past
~800 lines and votes are an idea of their own.
"""

from __future__ import annotations

from typing import Any

from beraad.core.kinds import (
    PER_OPTION_VOTES,
)
from beraad.core.late_reveal import (
    check_opens,
    forget_named,
    is_late,
    name_unrevealed,
    reveal_late,
    would_be,
)
from beraad.core.messages import N_
from beraad.core.ranking import MethodError
from beraad.core.record import Record
from beraad.core.refusal import Refusal, refuse, short
from beraad.core.seen import Past
from beraad.core.seen_close import closes, refuse_if_seen_closed
from beraad.core.session import (
    DEFAULT_DOTS,
    REVEAL_GRACE_MS,
)
from beraad.core.settled import (
    as_closed,
    came_later,
    chosen_standing,
    close_again,
    log_vote,
    logged_part,
    note_reopen,
    on_named,
    unsupported,
    vote_after_close,
    with_part,
)
from beraad.core.state import (
    Decision,
    RevealEnd,
    SessionState,
    Vote,
    vote_key,
)
from beraad.core.tally import (
    METHOD_VOTE,
    PER_OPTION_METHODS,
    TallyError,
    check_ready,
    not_revealed,
    tally,
)


def _refuse(template: str, **params: Any) -> None:
    refuse(template, **params)


def _short(record_id: str) -> str:
    return short(record_id)


class VotingRules:
    """Votes, sealed votes and decisions; mixed into ``DeliberationReducer``."""

    #: What the authors of the records held had seen (``seen.Past``), set by the fold.
    past: Past | None = None

    @staticmethod
    def marks(record: Record) -> str | None:
        """What ``seen.Past`` keeps track of having been seen: closes of voting."""
        return closes(record)

    def _live(self, table: dict[str, Any], item_id: str, what: str) -> Any:
        raise NotImplementedError  # DeliberationReducer's

    def _check_vote(self, state: SessionState, kind: str, body: dict[str, Any]) -> None:
        """Everything a vote refers to must exist now; dots must stay within the allowance."""
        options = state.options
        if kind == "score.set":
            for option, row in body["scores"].items():
                self._live(options, option, "option")
                for criterion in row:
                    self._live(state.criteria, criterion, "criterion")
        elif kind == "ballot.rank":
            for tier in body["ranking"]:
                for option in tier:
                    self._live(options, option, "option")
        elif kind == "ballot.grade":
            for option in body["grades"]:
                self._live(options, option, "option")
        elif kind == "dots.place":
            for option in body["dots"]:
                self._live(options, option, "option")
            allowance = state.info.dots_per_member if state.info else DEFAULT_DOTS
            if sum(body["dots"].values()) > allowance:
                _refuse(N_("each member has {dots} dots to place"), dots=allowance)
        else:
            self._live(options, body["option"], "option")

    def _check_open_voting(self, state: SessionState, kind: str) -> None:
        if kind in state.closed:
            _refuse(N_("voting with {kind} is closed"), kind=kind)

    def _vote(self, state: SessionState, record: Record) -> None:
        self._check_vote(state, record.kind, record.body)
        refuse_if_seen_closed(self.past, state, record, record.kind)  # back-dated past it
        if _unseen_close(state, record):
            pass  # written without knowing of the close: cast before it (came in later)
        elif record.kind in state.closed:  # refused, yet a decision may name it (settled.py)
            vote_after_close(state, record)
            self._check_open_voting(state, record.kind)
        option = record.body.get("option") if record.kind in PER_OPTION_VOTES else None
        votes = state.votes.setdefault(record.kind, {})
        key = vote_key(record.author, option)
        if record.kind == "score.set" and record.body.get("part"):
            current = votes.get(key)
            votes[key] = with_part(current, record.id, record.author, record.body)
            log_vote(state, logged_part(current, record.id, record.author, record.body))
            return
        votes[key] = Vote(
            record=record.id,
            member=record.author,
            kind=record.kind,
            option=option,
            body=record.body,
        )
        log_vote(state, votes[key])

    def _commit(self, state: SessionState, record: Record) -> None:
        kind, option = record.body["kind"], record.body.get("option")
        refuse_if_seen_closed(self.past, state, record, kind)
        self._check_open_voting(state, kind)
        if kind in PER_OPTION_VOTES:
            if option is None:
                _refuse(N_("a sealed {kind} names its option"), kind=kind)
            self._live(state.options, option, "option")
        elif option is not None:
            _refuse(N_("a sealed {kind} names no option"), kind=kind)
        vote = Vote(
            record=record.id,
            member=record.author,
            kind=kind,
            option=option,
            body=None,
            commitment=record.body["commitment"],
            sealed_at=record.at,
        )
        state.votes.setdefault(kind, {})[vote_key(record.author, option)] = vote
        state.commits[record.id] = vote
        log_vote(state, vote)

    def _close(self, state: SessionState, record: Record) -> None:
        kind = record.body["kind"]
        self._check_open_voting(state, kind)
        state.closed[kind] = record.id
        state.closed_lamport[kind] = record.lamport
        state.closers[record.id] = record.author
        state.reopened.pop(kind, None)
        # The reveal grace runs from the close, and never from before a vote still sealed was
        # cast: a close dated in the past (a slow clock, a steward's trick) cannot end the
        # reveal at once. Fold order only: every peer reckons alike.
        sealed = [v.sealed_at for v in state.current_votes(kind) if v.sealed and not v.reveal]
        state.closed_at[kind] = max([record.at, *sealed])

    def _reopen(self, state: SessionState, record: Record) -> None:
        """A new round of voting, so a group can work with an objection and respond again.

        Only while voting is closed and nothing has been decided by it; each member's latest
        vote keeps counting until they change it. The old round's reveal end no longer holds:
        the next close starts the reveal anew, so it names only votes still sealed then.
        """
        kind = record.body["kind"]
        if kind not in state.closed:
            _refuse(N_("voting with {kind} is open; there is no round to reopen"), kind=kind)
        if any(METHOD_VOTE.get(d.method) == kind for d in state.meeting_decisions()):
            _refuse(
                N_("the decision by {kind} has been taken; it is not voted on again"), kind=kind
            )
        forget_named(state, kind)
        note_reopen(state, record, kind)
        del state.closed[kind]
        state.closed_at.pop(kind, None)
        state.reveal_ended.pop(kind, None)
        state.vote_rounds[kind] = state.vote_rounds.get(kind, 0) + 1

    def _reveal(self, state: SessionState, record: Record) -> None:
        if is_late(state, record):
            reveal_late(state, record)
            return
        vote = state.commits.get(record.body["commit"])
        if vote is None:
            _refuse(N_("no such sealed vote"))
        if vote.member != record.author:
            _refuse(N_("only the member who sealed a vote can reveal it"))
        if vote.kind not in state.closed:
            _refuse(N_("a sealed vote is revealed only after voting closes"))
        if vote.kind in state.reveal_ended:
            _refuse(N_("the reveal has ended; this vote stays sealed and is named as such"))
        if vote.reveal is not None:
            _refuse(N_("that sealed vote was already revealed"))
        current = state.votes.get(vote.kind, {}).get(vote_key(vote.member, vote.option))
        if current is not vote:
            _refuse(N_("that sealed vote was replaced by a later vote"))
        ballot = check_opens(vote, record)
        self._check_vote(state, vote.kind, ballot)
        vote.body = ballot
        vote.reveal = record.id

    def _end_reveal(self, state: SessionState, record: Record) -> None:
        """The steward ends the reveal so a member who never reveals cannot block the group.

        The record must name exactly the sealed votes of that kind still unrevealed: nobody
        can end a reveal while pretending a cast vote does not exist. And not before
        ``REVEAL_GRACE_MS`` after the close (by the records' ``at``): a voter whose app runs
        reveals by itself within seconds, so ending the reveal cannot race them.
        """
        kind = record.body["kind"]
        if kind not in state.closed:
            _refuse(N_("voting with {kind} is still open: close it first"), kind=kind)
        if kind in state.reveal_ended:
            _refuse(N_("the reveal of {kind} has already ended"), kind=kind)
        sealed = [v for v in state.current_votes(kind) if v.sealed and not v.reveal]
        waiting = sorted(v.record for v in sealed)
        named = sorted(record.body["unrevealed"])
        # A reveal ordered before the end (sent from a peer cut off, or back-dated) may have
        # revealed a vote the end names: the reveal stands, the end still holds (``settled``).
        revealed = {v.record for v in state.current_votes(kind) if v.sealed and v.reveal}
        since = [c for c in named if c in revealed]
        if not waiting and not since:
            _refuse(N_("every sealed vote is revealed; there is no reveal to end"))
        if record.at < state.closed_at.get(kind, 0) + REVEAL_GRACE_MS:
            _refuse(
                N_(
                    "the reveal can be ended only {seconds} seconds after voting closed: "
                    "give every sealed voter time to reveal"
                ),
                seconds=REVEAL_GRACE_MS // 1000,
            )
        if sorted(c for c in named if c not in since) != waiting:
            _refuse(N_("ending the reveal must name exactly the votes still sealed"))
        state.reveal_ended[kind] = RevealEnd(
            record=record.id, by=record.author, kind=kind, unrevealed=tuple(waiting)
        )
        name_unrevealed(state, sealed)

    def _decide(self, state: SessionState, record: Record) -> None:
        info = state.info
        assert info is not None
        method, option = record.body["method"], record.body["option"]
        if method != info.decision_rule:
            _refuse(
                N_("this session decides by {rule}, not {method}"),
                rule=info.decision_rule,
                method=method,
            )
        if option not in state.options:
            self._live(state.options, option, "option")
        judged, retracted = chosen_standing(state, option)  # retracted before it: came later
        judged, reopened = as_closed(judged, METHOD_VOTE.get(method, ""))  # reopened before it
        per_option = option if method in PER_OPTION_METHODS else None
        # One decision per vote in a meeting (a per-option method: per option); a new meeting
        # votes and decides afresh. Otherwise the same decision could be folded again and again.
        if any(
            d.method == method and (per_option is None or d.option == per_option)
            for d in state.meeting_decisions()
        ):
            _refuse(N_("this has been decided by {method} in this meeting already"), method=method)
        named = sorted(record.body["rests_on"])
        tie = tuple(sorted(record.body.get("tie", ())))
        later: tuple[str, ...] = ()
        try:
            check_ready(judged, method, per_option)
            result = tally(judged, method, option)
        except (TallyError, MethodError) as error:
            raise Refusal(error.template, **error.params) from error
        if named != list(result.records):  # votes came in later: judge it by what it names
            named_result = on_named(judged, method, option, per_option, set(named))
            if named_result is not None and unsupported(named_result, option, tie, named) is None:
                result = named_result
                later = came_later(judged, method, per_option, set(named))
        reason = unsupported(result, option, tie, named)
        if reason is not None:
            _refuse(reason, method=method)
        if retracted is not None:
            later = tuple(sorted((*later, retracted)))
        if reopened is not None:
            later = tuple(sorted((*later, close_again(state, METHOD_VOTE[method], reopened))))
        decision = Decision(
            record=record.id,
            by=record.author,
            method=method,
            option=option,
            rests_on=tuple(named),
            result=result,
            at=record.at,
            tie=tie,
            not_revealed=not_revealed(state, method, per_option),
            meeting=state.meeting,
            counted=tuple(state.current_votes(METHOD_VOTE[method], per_option)),
            came_later=later,
        )
        if later:
            decision.later_option, decision.later_tie = would_be(state, decision)
        state.decisions.append(decision)


def _unseen_close(state: SessionState, record: Record) -> bool:
    """Was this vote written without knowing of the close ordered before it? A record's lamport
    is above every lamport its writer had seen, so one no higher than the close's (the fold
    put it after the close only by author key) was cast while its writer did not know voting
    had closed: it counts as cast before the close, and a decision not naming it shows it as
    having come in later, with what the result would be with it (``settled.py``). One whose
    author had seen the close was refused before (``seen_close``): the lamport is their word."""
    close = state.closed_lamport.get(record.kind)
    return record.kind in state.closed and close is not None and record.lamport <= close
