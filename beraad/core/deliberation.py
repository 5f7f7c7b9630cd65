"""The deliberation reducer: gives each record its meaning in a session (DESIGN §4).

Every peer folds the same records in the same order through this reducer and so holds the same
``SessionState``. A record that is well signed but means nothing valid here — a non-member
writing, someone editing another's words, a phase move without consent, a decision the votes do
not support — raises ``Refusal`` (a ``Rejected``) with a reason, and leaves the state untouched:
each handler checks everything first and only then changes the state.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn

from beraad.core.actions import ACTION_HANDLERS, check_rewrite
from beraad.core.admission import ADMISSION_HANDLERS, check_counting
from beraad.core.balance import CONTRIBUTION_KINDS
from beraad.core.cafe import CAFE_HANDLERS, tag_contribution
from beraad.core.end_consent import END, check_before_rule, propose_end
from beraad.core.end_consent import RULE_SINCE_MS as ENDS_BY_CONSENT_SINCE_MS
from beraad.core.facts import FACT_HANDLERS, citing
from beraad.core.identity import fingerprint
from beraad.core.in_play import check_room
from beraad.core.kinds import (
    KINDS,
    TEXT_ITEMS,
    VOTE_KINDS,
    SchemaError,
    validate,
)
from beraad.core.late_reveal import (
    is_late,
)
from beraad.core.legacy_text import made_readable
from beraad.core.meeting import MEETING_HANDLERS, take_turn
from beraad.core.messages import N_
from beraad.core.names import RULE_SINCE_MS
from beraad.core.record import Record
from beraad.core.refusal import NotAMember, Refusal, refuse, short
from beraad.core.replica import session_id_for
from beraad.core.seen import TOO_MANY, Past, too_many
from beraad.core.seen_close import refuse_if_seen_moved
from beraad.core.session import (
    DEFAULT_DOTS,
    DEFAULT_GRADIENT_THRESHOLD,
    clean_speaker,
    speaker_key,
)
from beraad.core.settled import (
    check_ready_members,
    log_weights,
    named_move,
)
from beraad.core.state import (
    Action,
    Argument,
    Cluster,
    Criterion,
    Evaluation,
    Item,
    Knot,
    Link,
    Member,
    Note,
    Option,
    Participation,
    PhaseMove,
    PhaseProposal,
    PhaseResponse,
    Position,
    SessionInfo,
    SessionState,
    Version,
    WeightSheet,
    snapshot,
)
from beraad.core.takeover import TAKEOVER_HANDLERS, asks, hand_to, returns
from beraad.core.trajectory import TRAJECTORY_HANDLERS, check_between, mark, resumes
from beraad.core.voting import VotingRules

__all__ = ["DeliberationReducer", "Refusal", "SessionState", "snapshot"]


def _refuse(template: str, **params: Any) -> None:
    refuse(template, **params)


def _not_here(state: SessionState, target: str, for_a_group: str) -> NoReturn:
    """An edit or retraction of what no text item is, in words a person reads (the naive
    tester was shown "nothing to retract with id …"): a group, or not here (yet)."""
    if target in state.groups:
        refuse(for_a_group)
    refuse(N_("that is not among the contributions here (it may not have arrived yet)"))


def _short(record_id: str) -> str:
    return short(record_id)


class DeliberationReducer(VotingRules):
    """Implements ``beraad.core.fold.Reducer`` for a deliberation session."""

    #: Whom a record asks to replace (``seen.Past``, read by ``takeover``).
    asks = staticmethod(asks)

    def initial(self) -> SessionState:
        return SessionState()

    def snapshot(self, state: SessionState) -> Any:
        return snapshot(state)

    def overruled(self, state: SessionState) -> dict[str, str | None]:
        """Earlier records whose verdict the last one changed (``Fold._overrule``), taken once."""
        if not state.overruled:
            return {}
        taken, state.overruled = state.overruled, {}
        return taken

    def screen(self, state: SessionState, record: Record) -> None:
        """A record by a key that is no member where it sorts is not heard (``fold.Unheard``):
        refused before any other rule, so it leaves no trace in the state, whether a peer holds
        it (its gate took it while the fold still counted the author) or not."""
        if (
            state.info is not None
            and record.kind != "session.open"
            and record.author not in state.members
        ):
            raise NotAMember(
                N_("{author} is not a member of this session"), author=_short(record.author)
            )

    def apply(self, state: SessionState, record: Record) -> None:
        if state.session is not None and record.session != state.session:
            _refuse(N_("record belongs to another session"))
        if too_many(record, len(state.members)):  # seen.py: bounded by who could be seen
            _refuse(TOO_MANY, count=len(record.seen), others=max(0, len(state.members) - 1))
        record = made_readable(record)  # text accepted before a rule refused it (legacy_text)
        try:
            validate(record.kind, record.body)
            check_before_rule(state, record)  # a session opened before ends as it did
        except SchemaError as error:
            raise Refusal(error.template, **error.params) from error
        # A contribution counts for the meeting it was made in (none between meetings).
        meeting = None if state.between_meetings else state.meeting
        if record.kind not in CONTRIBUTION_KINDS:
            meeting = None
        if record.kind == "session.open":
            phase = "opening"
            self._open(state, record)
        else:
            undo = returns(state, self.past, record)  # by a facilitator asked to be replaced
            try:
                self.check_entitled(state, record)
                phase = state.phase
                HANDLERS[record.kind](self, state, record)
                if record.kind in TEXT_ITEMS:
                    take_turn(state, record)
                    tag_contribution(state, record)
                mark(state, record)
            except BaseException:
                if undo is not None:  # only a record of hers that counts shows her back
                    undo()
                raise
        counter = state.participation.setdefault(record.author, Participation(member=record.author))
        speaker = record.body.get("speaker") if record.kind in TEXT_ITEMS else None
        if speaker is None:
            counter.count(record.kind, phase, meeting, record.at, record.author)
        else:  # scribe mode: the voice is the person spoken for, the scribe only wrote it down
            counter.scribed += 1
            key = speaker_key(speaker)
            assert key is not None
            voice = state.spoken_for.setdefault(key, Participation(member=clean_speaker(speaker)))
            voice.count(record.kind, phase, meeting, record.at, record.author)
        state.applied.add(record)

    # Membership and roles ------------------------------------------------------------------

    def _open(self, state: SessionState, record: Record) -> None:
        body = record.body
        if state.info is not None:
            _refuse(N_("the session is already open"))
        if record.seq != 1:
            _refuse(N_("session.open must be its author's first record"))
        nonce = body.get("nonce")
        if nonce is None or session_id_for(record.author, nonce) != record.session:
            _refuse(N_("the session id does not match its creator and nonce"))
        state.session = record.session
        state.info = SessionInfo(
            id=record.session,
            creator=record.author,
            opened_in=record.id,
            title=body["title"],
            focus=body["focus"],
            scenario=body["scenario"],
            language=body["language"],
            process_rule=body["process_rule"],
            decision_rule=body["decision_rule"],
            phases=tuple(body["phases"]),
            private=body["private"],
            dots_per_member=body.get("dots_per_member", DEFAULT_DOTS),
            gradient_threshold=body.get("gradient_threshold", DEFAULT_GRADIENT_THRESHOLD),
            admission=body.get("admission", ""),
            names_by_table=record.at >= RULE_SINCE_MS,
            ends_by_consent=record.at >= ENDS_BY_CONSENT_SINCE_MS,
        )
        state.members[record.author] = Member(
            key=record.author,
            name=fingerprint(record.author),
            admitted_by=None,
            admitted_in=record.id,
            facilitator=True,
        )
        state.facilitator = record.author
        state.phase = body["phases"][0]

    def check_entitled(self, state: SessionState, record: Record) -> None:
        """May this author write this kind now (open session, member, not watching, phase,
        steward)? Refuses if not. Apart from the kind's own rules, so that ``verify`` can tell a
        record nobody had to heed from a claim by someone entitled that does not hold."""
        if state.info is None or state.phase is None:
            _refuse(N_("the session has not been opened yet"))
        if record.author not in state.members:
            raise NotAMember(
                N_("{author} is not a member of this session"), author=_short(record.author)
            )
        late = is_late(state, record)  # a vote named unrevealed: its reveal is never too late
        observer = state.members[record.author].observer
        if observer and record.kind not in OBSERVER_KINDS and not late:
            _refuse(
                N_("an observer only watches; {kind} is for members who take part"),
                kind=record.kind,
            )
        if not late:
            check_between(state, record)
        check_counting(state, record)
        spec = KINDS[record.kind]
        if state.phase not in spec.phases and not late:
            _refuse(
                N_("{kind} is not possible in phase {phase}"), kind=record.kind, phase=state.phase
            )
        if spec.who == "steward":
            self._check_steward(state, record)

    def _check_steward(self, state: SessionState, record: Record) -> None:
        info = state.info
        assert info is not None
        if info.process_rule == "facilitator" and record.author != state.facilitator:
            _refuse(N_("only the facilitator may write {kind}"), kind=record.kind)

    def _name(self, state: SessionState, record: Record) -> None:
        member = state.members[record.author]
        member.name = " ".join(record.body["name"].split())
        member.named_by_table = state.names_by_table(record.at)
        state.renames += 1

    def _observe(self, state: SessionState, record: Record) -> None:
        """From now on the member only watches, and counts nowhere: what it said while taking
        part — votes (sealed ones too), criteria weights, answers to an open phase proposal,
        what matters — is withdrawn, so no tally, quorum or move rests on an observer. A
        decision already taken keeps the votes it counted (its own record of them)."""
        if record.author == state.facilitator:
            _refuse(N_("the facilitator takes part; hand the role over before only watching"))
        author = record.author
        state.members[author].observer = True
        state.members[author].observed_in = record.id
        for votes in state.votes.values():
            for key in [k for k, v in votes.items() if v.member == author]:
                del votes[key]
        state.weights.pop(author, None)
        for proposal in state.proposals.values():
            if proposal.status == "open":
                proposal.responses.pop(author, None)
        for knot in state.knots.values():
            if author in knot.matters:
                knot.matters = [m for m in knot.matters if m != author]

    def _handover(self, state: SessionState, record: Record) -> None:
        to = record.body["to"]
        if record.author != state.facilitator:
            _refuse(N_("only the facilitator can hand the role over"))
        if to not in state.members:
            _refuse(N_("{member} is not a member"), member=_short(to))
        if to == record.author:
            _refuse(N_("you are already the facilitator"))
        if not state.members[to].counts:
            _refuse(N_("the facilitation goes to a member who takes part"))
        if self.past is not None and self.past.handed_unseen(record):
            _refuse(
                N_(
                    "a request to take over the facilitation came before anyone saw this "
                    "handover, so it came in later and does not count"
                )
            )
        hand_to(state, record, to)  # open requests to take over go stale (``takeover.py``)

    # Phases --------------------------------------------------------------------------------

    def _check_target_phase(self, state: SessionState, to: str, record: Record) -> None:
        info = state.info
        assert info is not None and state.phase is not None
        if to not in info.phases:
            _refuse(N_("this session has no phase {phase}"), phase=to)
        here, there = info.phases.index(state.phase), info.phases.index(to)
        if there == here:
            _refuse(N_("the group is already in phase {phase}"), phase=to)
        if there > here + 1 and not resumes(state, to, record):
            _refuse(
                N_("the group can only move on to the next phase, not skip to {phase}"), phase=to
            )

    def _propose(self, state: SessionState, record: Record) -> None:
        to = record.body["to"]
        if to == END:  # a proposal to end the meeting (end_consent.py)
            propose_end(state, record)
            return
        if "next" in record.body:
            _refuse(N_("only a proposal to end the meeting says what comes next"))
        self._check_target_phase(state, to, record)
        assert state.phase is not None
        state.proposals[record.id] = PhaseProposal(
            id=record.id,
            by=record.author,
            to=to,
            from_phase=state.phase,
            reason=record.body.get("reason", ""),
        )

    def _respond(self, state: SessionState, record: Record) -> None:
        proposal = state.proposals.get(record.body["proposal"])
        if proposal is None:
            _refuse(N_("no such phase proposal"))
        if proposal.status != "open":
            _refuse(N_("that phase proposal is no longer open"))
        refuse_if_seen_moved(self.past, record)  # dated back below a move its author saw
        response = PhaseResponse(
            member=record.author,
            response=record.body["response"],
            reason=record.body.get("reason", ""),
            record=record.id,
        )
        proposal.responses[record.author] = response
        proposal.said[record.id] = response

    def _move(self, state: SessionState, record: Record) -> None:
        info = state.info
        assert info is not None
        to, proposal_id = record.body["to"], record.body.get("proposal")
        later: tuple[str, ...] = ()
        self._check_target_phase(state, to, record)
        proposal = state.proposals.get(proposal_id) if proposal_id else None
        if proposal_id and proposal is None:
            _refuse(N_("no such phase proposal"))
        if info.process_rule == "consent":
            if proposal is None:
                _refuse(N_("under the consent rule a move needs a proposal the group agreed to"))
            if proposal.status != "open" or proposal.from_phase != state.phase:
                _refuse(N_("that phase proposal is no longer open"))
            if proposal.to != to:
                _refuse(N_("the proposal was to move to {phase}"), phase=proposal.to)
            if "rests_on" in record.body:  # judged by the answers it names (settled.py)
                later = named_move(state, proposal, record.body["rests_on"])
            else:  # a move recorded before moves named their answers: the rule it had then
                if proposal.objections:
                    _refuse(N_("someone objects to this move"))
                check_ready_members(state, len(proposal.ready))
        state.phase_history.append(
            PhaseMove(
                record=record.id,
                by=record.author,
                from_phase=state.phase,
                to=to,
                proposal=proposal_id,
                lamport=record.lamport,
                at=record.at,
                came_later=later,
                meeting=state.meeting,
            )
        )
        for open_one in state.proposals.values():
            if open_one.status == "open":
                open_one.status = "stale"
        if proposal is not None:
            proposal.status = "moved"
        state.phase = to

    # Contributions -------------------------------------------------------------------------

    def _new_item(self, cls: type[Item], record: Record, text: str, **extra: Any) -> Any:
        assert record.kind
        speaker = record.body.get("speaker")
        return cls(
            id=record.id,
            author=record.author,
            kind=record.kind,
            phase=extra.pop("phase"),
            at=record.at,
            versions=[Version(record=record.id, text=text, at=record.at)],
            speaker=None if speaker is None else clean_speaker(speaker),
            **extra,
        )

    def _live(self, table: dict[str, Any], item_id: str, what: str) -> Any:
        found = table.get(item_id)
        if found is None or not found.live:
            _refuse(N_("no such {what}: {id}"), what=what, id=_short(item_id))
        return found

    def _knot(self, state: SessionState, record: Record) -> None:
        state.knots[record.id] = self._new_item(
            Knot, record, record.body["text"], phase=state.phase
        )

    def _link(self, state: SessionState, record: Record) -> None:
        source, target = record.body["source"], record.body["target"]
        self._live(state.knots, source, "knot")
        self._live(state.knots, target, "knot")
        if source == target:
            _refuse(N_("a knot cannot be linked to itself"))
        state.links[record.id] = Link(
            id=record.id,
            author=record.author,
            source=source,
            target=target,
            relation=record.body["relation"],
        )

    def _cluster(self, state: SessionState, record: Record) -> None:
        for knot in record.body["knots"]:
            self._live(state.knots, knot, "knot")
        state.clusters[record.id] = self._new_item(
            Cluster, record, record.body["label"], phase=state.phase, knots=record.body["knots"]
        )

    def _matter(self, state: SessionState, record: Record) -> None:
        knot = self._live(state.knots, record.body["knot"], "knot")
        members = set(knot.matters)
        if record.body["matters"]:
            members.add(record.author)
        else:
            members.discard(record.author)
        knot.matters = sorted(members)

    def _position(self, state: SessionState, record: Record) -> None:
        self._live(state.knots, record.body["knot"], "knot")
        state.positions[record.id] = self._new_item(
            Position, record, record.body["text"], phase=state.phase, knot=record.body["knot"]
        )

    def _argument(self, state: SessionState, record: Record) -> None:
        self._live(state.positions, record.body["position"], "position")
        state.arguments[record.id] = self._new_item(
            Argument,
            record,
            record.body["text"],
            phase=state.phase,
            position=record.body["position"],
            stance=record.body["stance"],
        )

    def _note(self, state: SessionState, record: Record) -> None:
        target = record.body.get("target")
        known = target is None or state.item(target) is not None
        if not known and not any(d.record == target for d in state.decisions):
            _refuse(N_("a note must be attached to something in this session"))
        state.notes[record.id] = self._new_item(
            Note,
            record,
            record.body["text"],
            phase=state.phase,
            target=target,
            note_type=record.body["type"],
        )

    def _criterion(self, state: SessionState, record: Record) -> None:
        check_room(state, "criteria")
        state.criteria[record.id] = self._new_item(
            Criterion, record, record.body["text"], phase=state.phase
        )

    def _weights(self, state: SessionState, record: Record) -> None:
        for criterion in record.body["weights"]:
            self._live(state.criteria, criterion, "criterion")
        sheet = WeightSheet(
            member=record.author, record=record.id, weights=dict(record.body["weights"])
        )
        state.weights[record.author] = sheet
        log_weights(state, sheet)

    def _option(self, state: SessionState, record: Record) -> None:
        builds_on = record.body.get("builds_on", [])
        for other in builds_on:
            self._live(state.options, other, "option")
        check_room(state, "options")
        state.options[record.id] = self._new_item(
            Option, record, record.body["text"], phase=state.phase, builds_on=list(builds_on)
        )

    def _evaluation(self, state: SessionState, record: Record) -> None:
        decision = record.body.get("decision")
        if decision is not None and not any(d.record == decision for d in state.decisions):
            _refuse(N_("no such decision: {id}"), id=_short(decision))
        state.evaluations[record.id] = self._new_item(
            Evaluation,
            record,
            record.body["text"],
            phase=state.phase,
            aspect=record.body["aspect"],
            decision=decision,
        )

    # Edits and retractions: only one's own words ------------------------------------------

    def _edit(self, state: SessionState, record: Record) -> None:
        item = state.item(record.body["target"])
        if item is None:
            _not_here(state, record.body["target"], N_("a group is renamed, not edited"))
        if item.author != record.author:
            _refuse(N_("you can only edit your own contributions"))
        if not item.live:
            _refuse(N_("a retracted contribution cannot be edited"))
        if isinstance(item, Action):
            check_rewrite(state, item, record.author)
        item.versions.append(Version(record=record.id, text=record.body["text"], at=record.at))

    def _retract(self, state: SessionState, record: Record) -> None:
        target = record.body["target"]
        item: Item | Link | None = state.item(target) or state.links.get(target)
        if item is None:
            _not_here(
                state,
                target,
                N_("a group on the table map is not taken back: it stays, and can be renamed"),
            )
        if item.author != record.author:
            _refuse(N_("you can only retract your own contributions"))
        if not item.live:
            _refuse(N_("that contribution was already retracted"))
        if isinstance(item, Action):
            check_rewrite(state, item, record.author)
        item.retracted = record.id
        state.retractions += 1
        item.retract_reason = record.body.get("reason", "")


Handler = Callable[[DeliberationReducer, SessionState, Record], None]


def _with_past(handler: Callable[[SessionState, Record, Past | None], Any]) -> Handler:
    """A rule that also reads what the record's author had seen (``seen.Past``)."""
    return lambda reducer, state, record: handler(state, record, reducer.past)


def _delegate(handler: Callable[[SessionState, Record], None]) -> Handler:
    """The meeting tools' rules live in ``meeting.py``; the reducer only dispatches to them."""
    return lambda _reducer, state, record: handler(state, record)


#: What an observer may still write: its own name, that it only watches, and admissions — a
#: keeper opening codes is a device that never answers, so it watches, yet still lets people
#: in. Safe: in a session under the confirmation rule whom it admits count only once a member
#: who counts confirms them (an observer confirms nobody: ``admission.may_confirm``). Besides
#: these, the late reveal of its own vote a reveal end named (``check_entitled``): never lost.
OBSERVER_KINDS = frozenset({"member.name", "member.observe", "member.admit"})

HANDLERS: dict[str, Handler] = {
    "member.name": DeliberationReducer._name,
    "member.observe": DeliberationReducer._observe,
    "facilitator.handover": DeliberationReducer._handover,
    "phase.propose": DeliberationReducer._propose,
    "phase.respond": DeliberationReducer._respond,
    "phase.move": DeliberationReducer._move,
    "knot.add": citing(DeliberationReducer._knot),
    "knot.link": DeliberationReducer._link,
    "knot.cluster": DeliberationReducer._cluster,
    "knot.matter": DeliberationReducer._matter,
    "position.add": citing(DeliberationReducer._position),
    "argument.add": citing(DeliberationReducer._argument),
    "note.add": DeliberationReducer._note,
    "criterion.add": DeliberationReducer._criterion,
    "weight.set": DeliberationReducer._weights,
    "option.add": citing(DeliberationReducer._option),
    "vote.commit": DeliberationReducer._commit,
    "vote.close": DeliberationReducer._close,
    "vote.reopen": DeliberationReducer._reopen,
    "vote.reveal": DeliberationReducer._reveal,
    "vote.reveal_end": DeliberationReducer._end_reveal,
    "decision.take": DeliberationReducer._decide,
    "evaluation.add": DeliberationReducer._evaluation,
    "edit": DeliberationReducer._edit,
    "retract": DeliberationReducer._retract,
    **{kind: DeliberationReducer._vote for kind in VOTE_KINDS},
    **{kind: _delegate(handler) for kind, handler in MEETING_HANDLERS.items()},
    **{kind: _delegate(handler) for kind, handler in FACT_HANDLERS.items()},
    **{kind: _delegate(handler) for kind, handler in CAFE_HANDLERS.items()},
    **{kind: _delegate(handler) for kind, handler in TRAJECTORY_HANDLERS.items()},
    **{kind: _delegate(handler) for kind, handler in ADMISSION_HANDLERS.items()},
    **{kind: _delegate(handler) for kind, handler in ACTION_HANDLERS.items()},
    **{kind: _with_past(handler) for kind, handler in TAKEOVER_HANDLERS.items()},
}
missing = set(KINDS) - set(HANDLERS) - {"session.open"}
assert not missing, f"kinds without a handler: {missing}"
