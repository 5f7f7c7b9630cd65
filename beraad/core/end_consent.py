"""Under the consent rule a meeting ends when the group consents, not when one member says so.

``meeting.end`` is a steward's record, and under process rule "consent" every member is a
steward: on its own it let any member end the meeting for everyone — every open proposal stale,
the queue, the floor and the timer gone. Worse, the lamport is its author's word: a quiet member
could date an end back to just before a decision the group took, and every peer, refolding,
would end the meeting before the decision and refuse it.

So in a session opened since this rule (``SessionInfo.ends_by_consent``), under "consent":

- a member proposes to end the meeting: ``phase.propose`` with ``to: "end"`` and, if they like,
  ``next`` (what comes next); the others answer ready or object as for a phase move;
- ``meeting.end`` names that ``proposal`` and the "ready" answers it rests on (``rests_on``):
  each an answer to it, one per member who still takes part, more than half of the members, by
  the same rule a consent phase move uses (``settled.ready_members``); its ``next`` is the
  proposal's, the words the group consented to;
- the fold holds an end only on answers folded before it, so an end can never sort before the
  answers it names: honest answers come after the decision, and so does the end. An objection
  ordered before the end that it does not name came in later (``Meeting.end_came_later``).

Under "facilitator" the facilitator ends meetings as before (trusted by the group's own choice).
A session opened before the rule folds exactly as it did: its records are checked against the
kinds as they were (``check_before_rule``) and any member under consent ends the meeting alone.
"""

from __future__ import annotations

from typing import Any

from beraad.core.messages import N_
from beraad.core.record import Record
from beraad.core.refusal import refuse
from beraad.core.schema import MAX_TEXT, SchemaError, one_of, optional, spec, text
from beraad.core.session import PHASES
from beraad.core.settled import AnswerRefusals, ready_members
from beraad.core.state import PhaseProposal, SessionState
from beraad.core.state_room import Meeting

__all__ = [
    "END",
    "RULE_SINCE_MS",
    "agreed_end_body",
    "check_before_rule",
    "consented_end",
    "end_proposal",
    "ends_by_consent",
    "note_consent",
    "propose_end",
]

#: 2026-12-06 12:00 UTC: in a session opened since, a meeting under consent ends by consent.
RULE_SINCE_MS = 1_796_558_400_000
#: What a ``phase.propose`` names instead of a phase to propose ending the meeting.
END = "end"

_REASON = optional(text(MAX_TEXT, minimum=0))
_NEXT = optional(text(MAX_TEXT, minimum=0))
#: The two kinds as they were before the rule: a session opened before folds by them.
_BEFORE = {
    "phase.propose": spec("phase.propose", "member", (), to=one_of(*PHASES), reason=_REASON),
    "meeting.end": spec("meeting.end", "steward", (), next=_NEXT),
}


def check_before_rule(state: SessionState, record: Record) -> None:
    """In a session opened before the rule, a proposal to end or an end naming a proposal is
    refused as it always was (the same reason, so its state hash does not change)."""
    info = state.info
    before = _BEFORE.get(record.kind)
    if info is None or before is None or info.ends_by_consent:
        return
    unknown = sorted(set(record.body) - set(before.fields))
    if unknown:
        raise SchemaError(
            N_("{kind} has unknown fields: {fields}"), kind=record.kind, fields=", ".join(unknown)
        )
    for field, rule in before.fields.items():
        if field in record.body:
            rule.check(record.body[field], field)


def propose_end(state: SessionState, record: Record) -> None:
    """A proposal to end the meeting: only under consent (the facilitator ends it otherwise)."""
    info = state.info
    assert info is not None and state.phase is not None
    if info.process_rule != "consent":
        refuse(N_("under the facilitator rule the facilitator ends the meeting"))
    state.proposals[record.id] = PhaseProposal(
        id=record.id,
        by=record.author,
        to=END,
        from_phase=state.phase,
        reason=record.body.get("reason", ""),
        next=record.body.get("next", "").strip(),
    )


def ends_by_consent(state: SessionState) -> bool:
    """Does ending the meeting need the group's consent here (the app proposes it then)?"""
    info = state.info
    return info is not None and info.ends_by_consent and info.process_rule == "consent"


def end_proposal(state: SessionState) -> PhaseProposal | None:
    """The newest open proposal to end the meeting, or None."""
    found = [p for p in state.proposals.values() if p.status == "open" and p.to == END]
    return found[-1] if found else None


#: How an end that names the wrong answers is refused (the rule is a consent move's).
END_REFUSALS = AnswerRefusals(
    not_given=N_("the end names an answer that was not given to this proposal before it"),
    twice=N_("the end names two answers of one member"),
    objects=N_("someone objects to ending the meeting"),
    gone=N_("the end names an answer of someone who no longer takes part"),
)


def consented_end(state: SessionState, record: Record) -> PhaseProposal | None:
    """Check a ``meeting.end`` against the rule; the proposal it carries out, if any. Refuses
    (changing nothing) an end under consent that the group did not consent to."""
    info = state.info
    assert info is not None
    body = record.body
    if not info.ends_by_consent:
        return None
    if info.process_rule != "consent":
        if "proposal" in body or "rests_on" in body:
            refuse(N_("under the facilitator rule the facilitator ends the meeting"))
        return None
    proposal = state.proposals.get(body.get("proposal") or "")
    if proposal is None or proposal.to != END:
        refuse(N_("under the consent rule the meeting ends when the group consents to end it"))
    if proposal.status != "open":
        refuse(N_("that proposal to end the meeting is no longer open"))
    if "rests_on" not in body:
        refuse(N_("the end must name the ready answers it rests on"))
    if body.get("next", "").strip() != proposal.next:
        refuse(N_("the end must say what comes next as the proposal to end said it"))
    ready_members(state, proposal, body["rests_on"], END_REFUSALS)
    return proposal


def note_consent(meeting: Meeting, proposal: PhaseProposal, named: list[str]) -> None:
    """The meeting keeps who proposed its end and whose ready answers the end rests on; an
    objection ordered before the end that it does not name came in later (shown, not undoing)."""
    meeting.end_proposal = proposal.id
    meeting.end_proposed_by = proposal.by
    meeting.end_consented = sorted(proposal.said[r].member for r in named)
    meeting.end_came_later = sorted(o.record for o in proposal.objections if o.record not in named)
    proposal.status = "moved"


def agreed_end_body(proposal: PhaseProposal) -> dict[str, Any]:
    """The ``meeting.end`` a consenting group writes: the proposal, its ready answers, its next."""
    ready = sorted(r.record for r in proposal.responses.values() if r.response == "ready")
    body: dict[str, Any] = {"proposal": proposal.id, "rests_on": ready}
    if proposal.next:
        body["next"] = proposal.next
    return body
