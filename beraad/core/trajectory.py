"""A trajectory of meetings: one session, the same members and group key, many meetings.

Co-production takes a long breath (seed 003): a group meets regularly on one theme. We chose to
keep the whole trajectory in one session rather than link follow-up sessions: the members, the
group key, every knot, decision and action stay where they are, the keeper holds the records
between meetings, and nothing needs re-admitting or re-verifying. A steward ends a meeting
(``meeting.end``, with what comes next) and opens the next (``meeting.start``): it starts at the
opening phase (where the group looks back at the actions: seed 003's long breath), from where
one move carries on where the meeting before stopped (``resumes``), with voting fresh (the
decide protocol's closed/reveal/rounds state is per meeting; each decision keeps the meeting
it was taken in and the votes it rests on, so earlier decisions verify as before).

Between meetings records still count — an action update on Tuesday through the keeper — but
nothing that needs the group in the room (``MEETING_ONLY``): no phase moves, no voting, no
queue or timer; a world café ends with its meeting (``cafe.end_with_meeting``). Every record
folded then is listed as "between meetings" of the meeting that ended. A member is *absent*
from a meeting when they were a member (taking part, not only watching) when it ended and wrote
no record during it other than their name (an app that joins by code writes the name by itself,
so joining alone is not taking part).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from beraad.core.cafe import end_with_meeting
from beraad.core.end_consent import consented_end, note_consent
from beraad.core.kinds import MEETING_KINDS, VOTE_KINDS
from beraad.core.messages import N_
from beraad.core.record import Record
from beraad.core.refusal import refuse
from beraad.core.renames import KIND as NAME_KIND
from beraad.core.renames import Rename, renames
from beraad.core.state import Decision, Item, Meeting, SessionState

__all__ = [
    "MEETING_ONLY",
    "STATUS_SAID",
    "STEPS_SAID",
    "TRAJECTORY_HANDLERS",
    "Between",
    "SinceLastTime",
    "between",
    "check_between",
    "mark",
    "resumes",
    "since_last_time",
    "stopped_phase",
]

#: What needs the group in the room: refused between meetings.
MEETING_ONLY: frozenset[str] = frozenset(
    {
        "phase.propose",
        "phase.respond",
        "phase.move",
        "vote.commit",
        "vote.close",
        "vote.reopen",
        "vote.reveal",
        "vote.reveal_end",
        "decision.take",
        *VOTE_KINDS,
        *MEETING_KINDS,
    }
)


def _spoken(state: SessionState) -> dict[str, int]:
    """Each member's count of records so far that show them taking part: their own and those
    written as scribe, not their name (joining by code writes one by itself)."""
    return {
        m: p.total - p.by_kind.get("member.name", 0) + p.scribed
        for m, p in sorted(state.participation.items())
    }


def check_between(state: SessionState, record: Record) -> None:
    """Refuse what needs a meeting while the group is between meetings."""
    if state.between_meetings and record.kind in MEETING_ONLY:
        refuse(
            N_("meeting {number} has ended; this waits for the next meeting"),
            number=state.meeting,
        )


#: Since 7 December 2026 12:00 UTC a meeting's opening may move straight to where the meeting
#: before stopped; a record dated before it folds by the rule of its time (one phase on).
RESUME_SINCE_MS = 1_796_644_800_000


def stopped_phase(state: SessionState) -> str | None:
    """Where the meeting before stopped, while the group stands at this meeting's opening and
    getting there takes more than one step on; None otherwise. At a group's second meeting
    the facilitator needed seven moves to get back to Evaluate (naive s12 P6)."""
    info = state.info
    if info is None or state.between_meetings or state.meeting < 2 or len(state.meetings) < 2:
        return None
    stopped = state.meetings[-2].stopped_in
    if state.phase != info.phases[0] or stopped not in info.phases:
        return None
    return stopped if info.phases.index(stopped) > 1 else None


def resumes(state: SessionState, to: str, record: Record) -> bool:
    """Does ``record`` move (or propose moving) the group on to where the last meeting
    stopped, one move from this meeting's opening, agreed as every move is?"""
    return record.at >= RESUME_SINCE_MS and to == stopped_phase(state)


def mark(state: SessionState, record: Record) -> None:
    """After a record was folded: the item it added knows its meeting, and one folded between
    meetings is listed as such."""
    between = state.between_meetings and record.kind != "meeting.end"
    if between:
        state.meetings[-1].between.append(record.id)
    if state.meeting > 1 or between:
        item = state.item(record.id)
        if item is not None:
            item.meeting = state.meeting
            item.between = between


def _end(state: SessionState, record: Record) -> None:
    info = state.info
    assert info is not None
    if state.between_meetings:
        refuse(N_("meeting {number} has already ended"), number=state.meeting)
    ended_on = consented_end(state, record)  # under consent: the group's (end_consent.py)
    if not state.meetings:  # the first meeting ends: it began with the session
        state.meetings.append(
            Meeting(number=1, opened_in=info.opened_in, opened_by=info.creator, opened_at=None)
        )
    current = state.meetings[-1]
    before = current.counts_at_open
    present = {m for m, n in _spoken(state).items() if n > before.get(m, 0)} | {record.author}
    # Who counts: a pending member or a guest who spoke was there, but not as a member present.
    current.present = sorted(m for m in present if m in state.members and state.members[m].counts)
    current.absent = sorted(m for m in state.participants() if m not in present)
    current.ended_in = record.id
    current.stopped_in = state.phase
    current.ended_by = record.author
    current.ended_at = record.at
    current.next = record.body.get("next", "").strip()
    for proposal in state.proposals.values():
        if proposal.status == "open":
            proposal.status = "stale"
    if ended_on is not None:
        note_consent(current, ended_on, record.body["rests_on"])
    state.queue = []
    state.floor = None
    state.timer = None
    end_with_meeting(state, record)
    if state.round is not None:
        state.round.ended = record.id
        state.rounds.append(state.round)
        state.round = None


def _start(state: SessionState, record: Record) -> None:
    info = state.info
    assert info is not None
    if not state.between_meetings:
        refuse(N_("meeting {number} is still going; end it first"), number=state.meeting)
    state.meeting += 1
    state.meetings.append(
        Meeting(
            number=state.meeting,
            opened_in=record.id,
            opened_by=record.author,
            opened_at=record.at,
            counts_at_open=_spoken(state),
        )
    )
    state.phase = info.phases[0]
    state.votes = {}
    state.vote_log = {}
    state.closed = {}
    state.reopened = {}
    state.closed_at = {}
    state.reveal_ended = {}
    state.vote_rounds = {}


TRAJECTORY_HANDLERS: dict[str, Callable[[SessionState, Record], None]] = {
    "meeting.end": _end,
    "meeting.start": _start,
}


@dataclass(slots=True, kw_only=True)
class SinceLastTime:
    """What a meeting opens with: the last meeting's decisions, who was absent from it, what
    members added between meetings, and every action with its status (``state.actions``)."""

    meeting: int  # the meeting now (or the one about to open)
    last: Meeting  # the meeting before it, ended
    decisions: list[Decision] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    added_between: list[Item] = field(default_factory=list)  # live items added in between
    between_records: int = 0  # every record accepted in between (updates, names, …)
    actions: list[Any] = field(default_factory=list)  # the state's actions, in fold order
    #: Action updates written between the meetings: (action, update), in fold order.
    updates_between: list[tuple[Any, Any]] = field(default_factory=list)
    #: The other steps on a live action between the meetings (a pull, a step back, a due
    #: date): (kind, action, who, record id), in fold order; known when the records were given.
    steps_between: list[tuple[str, Any, str, str]] = field(default_factory=list)
    #: The records between the meetings none of the lists above holds, by kind (a name, an
    #: edit, a knot added and taken back): named, so the count and what is said agree
    #: ("2 contributions and updates" over one line: a pull was counted and never said).
    other_between: dict[str, int] = field(default_factory=dict)
    #: Members who took another name between the meetings (old name and new).
    renames_between: list[Rename] = field(default_factory=list)


#: The steps on an action besides an update, listed between the meetings with the action.
ACTION_STEPS = frozenset(("action.pull", "action.release", "action.due"))
#: How an action's status and the other steps on it are said between the meetings, in the
#: "since last time" popup and the minutes alike.
STATUS_SAID: dict[str, str] = {
    "open": N_("nobody pulls it yet"),
    "started": N_("started"),
    "done": N_("done"),
    "stuck": N_("stuck"),
}
STEPS_SAID: dict[str, str] = {
    "action.pull": N_("pulled"),
    "action.release": N_("stepped back"),
    "action.due": N_("new due date"),
}


@dataclass(slots=True, kw_only=True)
class Between:
    """What members wrote between a meeting and the next: every record folded then, each in
    one list. ``count`` is the one number the "since last time" popup and the minutes both
    say (they said "1 contribution or update" and "0 contributions" of the same action
    update: naive s11 F6)."""

    count: int  # every record accepted in between (updates, names, …)
    added: list[Item] = field(default_factory=list)  # live items added, in fold order
    updates: list[tuple[Any, Any]] = field(default_factory=list)  # (action, update)
    steps: list[tuple[str, Any, str, str]] = field(default_factory=list)  # (kind, action, …)
    others: dict[str, int] = field(default_factory=dict)  # the rest, by kind ("" unknown)
    renames: list[Rename] = field(default_factory=list)  # who took another name (said apart)


def between(state: SessionState, meeting: Meeting, records: Iterable[Record] = ()) -> Between:
    """The records written between ``meeting`` and the next, sorted into what can be said of
    them. ``records`` (the session's, or those between the meetings) say what the records
    were that the state keeps no trace of (a pull, a name, an edit); without them those are
    counted under ``others`` as "" (the kind unknown)."""
    actions = [a for a in getattr(state, "actions", {}).values() if getattr(a, "live", True)]
    ids = set(meeting.between)
    updates = [(a, u) for a in actions for u in getattr(a, "updates", []) if u.record in ids]
    order = {record: n for n, record in enumerate(meeting.between)}
    updates.sort(key=lambda pair: order[pair[1].record])
    added = [i for i in (state.item(r) for r in meeting.between) if i is not None and i.live]
    said = {i.id for i in added} | {u.record for _a, u in updates}
    records = list(records)
    kinds = {r.id: r for r in records if r.id in ids}
    renamed = renames(records, lambda r: r.id in ids, state)
    who = {rename.member for rename in renamed}
    said |= {r.id for r in kinds.values() if r.kind == NAME_KIND and r.author in who}
    steps: list[tuple[str, Any, str, str]] = []
    others: dict[str, int] = {}
    for record_id in meeting.between:
        if record_id in said:
            continue
        record = kinds.get(record_id)
        kind = record.kind if record is not None else ""
        action = None
        if record is not None and kind in ACTION_STEPS:
            action = state.actions.get(str(record.body.get("action", "")))
        if record is not None and action is not None and action.live:
            steps.append((kind, action, record.author, record_id))
        else:
            others[kind] = others.get(kind, 0) + 1
    # One line says a member's new name however many names they gave on the way ("2
    # contributions" over one line "Anja is now called Anna": naive s12 P9): counted once.
    named = sum(1 for r in kinds.values() if r.kind == NAME_KIND and r.author in who)
    return Between(
        count=len(meeting.between) - named + len(renamed),
        added=added,
        updates=updates,
        steps=steps,
        others=others,
        renames=renamed,
    )


def since_last_time(state: SessionState, records: Iterable[Record] = ()) -> SinceLastTime | None:
    """The summary of the last ended meeting, or None when no meeting has ended yet; what came
    in between as ``between`` sorts it."""
    ended = [m for m in state.meetings if m.ended]
    if not ended:
        return None
    last = ended[-1]
    actions = [a for a in getattr(state, "actions", {}).values() if getattr(a, "live", True)]
    came = between(state, last, records)
    return SinceLastTime(
        meeting=last.number + 1,
        last=last,
        decisions=[d for d in state.decisions if d.meeting == last.number],
        absent=list(last.absent),
        added_between=came.added,
        between_records=came.count,
        actions=actions,
        updates_between=came.updates,
        steps_between=came.steps,
        other_between=came.others,
        renames_between=came.renames,
    )
