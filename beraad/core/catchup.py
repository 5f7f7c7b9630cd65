"""While you were away: what changed in a session since someone last looked (DESIGN §6).

People step out, laptops sleep, the wifi drops. On return they should not have to reread the
whole session: ``since`` lists what others added meanwhile — knots, positions, arguments, notes,
criteria, options, evaluations, shared facts and questions on them, edits, who joined, votes
cast, phase moves, decisions — and what concerns them (answers to their own contributions, their
raised hand). Pure: records and state in, a summary out.

What was "seen" can be given three ways, most exact first:
- a **frontier** (author → highest seq held when they left): exact even for records that were
  written before they left but reached this device only later (another laptop was offline);
- a **lamport** value: everything ordered after it;
- a **record id**: everything ordered after that record.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field

from beraad.core.deliberation import DeliberationReducer
from beraad.core.fold import Fold
from beraad.core.kinds import VOTE_KINDS
from beraad.core.messages import N_, Explained
from beraad.core.record import Record
from beraad.core.renames import KIND as NAME_KIND
from beraad.core.renames import Rename, renames
from beraad.core.state import Claim, Decision, Handover, Item, PhaseMove, SessionState, Vote

#: The records that are votes, counted apart from the other contributions (said as votes).
_VOTING = frozenset((*VOTE_KINDS, "vote.commit", "vote.reveal"))

Seen = Mapping[str, int] | int | str | None


class CatchupError(Explained, ValueError):
    """The marker of what was seen does not fit these records."""


@dataclass(slots=True, kw_only=True)
class AwaySummary:
    """What others did while ``member`` was away. Items are the state's own (current text)."""

    member: str
    new_records: int = 0  # records by others, accepted or not
    vote_records: int = 0  # of those, votes (cast, sealed or revealed): said apart as votes
    phase_before: str | None = None
    phase_now: str | None = None
    phase_moves: list[PhaseMove] = field(default_factory=list)
    joined: list[str] = field(default_factory=list)  # member keys admitted meanwhile
    knots: list[Item] = field(default_factory=list)
    positions: list[Item] = field(default_factory=list)
    arguments: list[Item] = field(default_factory=list)
    notes: list[Item] = field(default_factory=list)
    criteria: list[Item] = field(default_factory=list)
    options: list[Item] = field(default_factory=list)
    evaluations: list[Item] = field(default_factory=list)
    facts: list[Item] = field(default_factory=list)  # shared facts added meanwhile
    fact_questions: list[Item] = field(default_factory=list)  # facts questioned meanwhile
    edited: list[Item] = field(default_factory=list)  # older items others gave a new version
    votes: dict[str, int] = field(default_factory=dict)  # vote kind → current votes cast meanwhile
    decisions: list[Decision] = field(default_factory=list)
    on_yours: list[Item] = field(default_factory=list)  # answers to your own contributions
    #: The meetings opened meanwhile (their numbers): phases then start again, so "moved from
    #: Opening to Positions" alone hid that whole meetings took place.
    meetings: list[int] = field(default_factory=list)
    #: Actions others added meanwhile, and what others did with actions: pulled one, stepped
    #: back, said how it goes, set its due date (kind, action, who), in fold order. An absent
    #: puller heard nothing of them (naive s8 finding 8).
    actions: list[Item] = field(default_factory=list)
    action_steps: list[tuple[str, Item, str]] = field(default_factory=list)
    #: Groups others put on the table map meanwhile (their names).
    groups: list[str] = field(default_factory=list)
    #: The other records others added, by kind, that no line above says: counted "6 new
    #: contributions" said nothing of what they were; the screen names the acts.
    other_kinds: dict[str, int] = field(default_factory=dict)
    #: Members who took another name meanwhile (said with the old name and the new one).
    renames: list[Rename] = field(default_factory=list)
    #: Changes of facilitator meanwhile: the facilitator, back, reads who took over, when,
    #: and who seconded it (``takeover.py``).
    handovers: list[Handover] = field(default_factory=list)
    #: Requests to take over made meanwhile that never counted: the facilitator wrote after
    #: them without having seen them (``takeover.py``, "unseen"). Without a line the absent
    #: read nothing of a take-over tried and void (takeover18 left).
    void_claims: list[Claim] = field(default_factory=list)
    hand_raised: bool = False  # your own hand is (still) in the queue
    has_word: bool = False  # you have the word now

    @property
    def empty(self) -> bool:
        """Nothing happened that the person would need to read."""
        return not (
            self.phase_moves
            or self.meetings
            or self.joined
            or self.knots
            or self.positions
            or self.arguments
            or self.notes
            or self.criteria
            or self.options
            or self.evaluations
            or self.facts
            or self.fact_questions
            or self.edited
            or self.votes
            or self.decisions
            or self.actions
            or self.action_steps
            or self.groups
            or self.renames
            or self.handovers
            or self.void_claims
        )


def _new_records(records: Sequence[Record], seen: Seen) -> dict[str, bool]:
    """Record id → whether it is new after ``seen``."""
    if seen is None:
        return {r.id: True for r in records}
    if isinstance(seen, Mapping):
        return {r.id: r.seq > int(seen.get(r.author, 0)) for r in records}
    if isinstance(seen, bool) or not isinstance(seen, (int, str)):
        raise CatchupError(N_("what was seen must be a frontier, a lamport value or a record id"))
    if isinstance(seen, str):
        marker = next((r for r in records if r.id == seen), None)
        if marker is None:
            raise CatchupError(N_("the last record seen, {id}, is not held here"), id=seen[:12])
        lamport = marker.lamport
    else:
        lamport = seen
    return {r.id: r.lamport > lamport for r in records}


#: The records whose news a line of the summary already says (the rest are named by kind).
_SAID = frozenset(
    (
        *_VOTING,
        "knot.add",
        "position.add",
        "argument.add",
        "note.add",
        "criterion.add",
        "option.add",
        "evaluation.add",
        "fact.add",
        "fact.question",
        "facilitator.handover",  # a change of facilitator has its line; a request alone too
        "facilitator.claim",  # (said by the screen while open), a lapsed one is no news
        "facilitator.second",
        "edit",
        "phase.move",
        "meeting.start",
        "member.admit",
        "decision.take",
        "action.add",
        "group.add",
    )
)
#: What others do with an action once it is there (each said with the action it was on).
ACTION_STEPS = frozenset(("action.pull", "action.release", "action.update", "action.due"))


def since(
    records: Sequence[Record],
    member: str,
    seen: Seen,
    state: SessionState | None = None,
    refused: Collection[str] = (),
) -> AwaySummary:
    """What others added to the session after ``seen``; ``state`` is the fold of ``records``.

    Without ``state`` the records are folded here (give it when you hold it: it is cheaper).
    Only what the session accepted and still shows is listed (a knot added and retracted
    meanwhile is not news); your own records are never news to you.
    """
    if state is None:
        fold: Fold[SessionState] = Fold(DeliberationReducer())
        fold.extend(list(records))
        state = fold.state
    new = _new_records(records, seen)
    by_id = {r.id: r for r in records}

    def fresh(record_id: str) -> bool:
        record = by_id.get(record_id)
        return record is not None and new.get(record_id, False) and record.author != member

    summary = AwaySummary(member=member, phase_now=state.phase)
    summary.new_records = sum(1 for r in records if new.get(r.id) and r.author != member)
    summary.vote_records = sum(
        1 for r in records if new.get(r.id) and r.author != member and r.kind in _VOTING
    )
    summary.phase_moves = [m for m in state.phase_history if fresh(m.record)]
    summary.phase_before = summary.phase_moves[0].from_phase if summary.phase_moves else state.phase
    # A move or a meeting this person made is no news to them, as none of their records is.
    summary.meetings = [m.number for m in state.meetings if fresh(m.opened_in)]
    summary.joined = sorted(
        key
        for key, m in state.members.items()
        if m.admitted_by is not None and fresh(m.admitted_in) and key != member
    )
    tables = (
        ("knots", state.knots),
        ("positions", state.positions),
        ("arguments", state.arguments),
        ("notes", state.notes),
        ("criteria", state.criteria),
        ("options", state.options),
        ("evaluations", state.evaluations),
        ("facts", state.facts),
        ("fact_questions", state.fact_questions),
    )
    mine = {
        item_id
        for _name, table in tables
        for item_id, item in table.items()
        if item.author == member
    }
    for name, table in tables:
        listed: list[Item] = getattr(summary, name)
        for item in table.values():
            if not item.live:
                continue
            if fresh(item.id):
                listed.append(item)
                if _answers(item) & mine:
                    summary.on_yours.append(item)
            elif any(fresh(v.record) for v in item.versions[1:]):
                summary.edited.append(item)
    for kind, table_votes in sorted(state.votes.items()):
        count = sum(1 for vote in table_votes.values() if _vote_is_fresh(vote, fresh))
        if count:
            summary.votes[kind] = count
    summary.decisions = [d for d in state.decisions if fresh(d.record)]
    summary.handovers = [h for h in state.handovers if fresh(h.record)]
    summary.void_claims = [c for c in state.claims.values() if c.status == "unseen" and fresh(c.id)]
    summary.renames = renames(records, lambda r: fresh(r.id), state, refused)
    _actions(summary, records, state, fresh, set(refused))
    summary.hand_raised = any(h.member == member and h.speaker is None for h in state.queue)
    floor = state.floor
    summary.has_word = floor is not None and floor.member == member and floor.speaker is None
    return summary


def _actions(
    summary: AwaySummary,
    records: Sequence[Record],
    state: SessionState,
    fresh: Callable[[str], bool],
    refused: set[str],
) -> None:
    """New actions, what others did with the live ones, new groups, and the kinds of the
    other new records no line says (``refused``: records the rules refused, not news)."""
    summary.actions = [a for a in state.actions.values() if a.live and fresh(a.id)]
    summary.groups = [g.name for g in state.groups.values() if fresh(g.id)]
    for record in records:
        if record.id in refused or not fresh(record.id):
            continue
        if record.kind in ACTION_STEPS:
            action = state.actions.get(str(record.body.get("action", "")))
            if action is not None and action.live:
                summary.action_steps.append((record.kind, action, record.author))
        elif record.kind == NAME_KIND and _named_on_a_line(summary, record.author):
            continue
        elif record.kind not in _SAID:
            summary.other_kinds[record.kind] = summary.other_kinds.get(record.kind, 0) + 1


def _named_on_a_line(summary: AwaySummary, member: str) -> bool:
    """Is a name ``member`` gave said by a line of its own: they joined, or renamed?"""
    return member in summary.joined or any(r.member == member for r in summary.renames)


def _vote_is_fresh(vote: Vote, fresh: Callable[[str], bool]) -> bool:
    return bool(fresh(vote.record) or (vote.reveal is not None and fresh(vote.reveal)))


def _answers(item: Item) -> set[str]:
    """The items this one responds to: a position's knot, an argument's position, a note's
    target, an option it builds on."""
    targets: set[str] = set()
    for name in ("knot", "position", "target", "fact"):
        value = getattr(item, name, None)
        if isinstance(value, str):
            targets.add(value)
    targets.update(getattr(item, "builds_on", ()) or ())
    return targets
