"""From decision to action: actions with volunteers who pull them, and who is at the table.

Co-creation ends in *supported actions* with people *willing to pull the cart* (seed 004):
nobody is assigned. Any member adds an action (from the act phase on, for a decision the group
took); each puller volunteers with their own ``action.pull`` and may step back
(``action.release``); only pullers say how it goes (``action.update``: started, done, stuck with a
note). Pulls, releases and updates are possible in any phase, so an action can move between
meetings. The table map lists the groups concerned and marks each present, reached or missing;
a missing group can become an action that reaches out to it, from the opening on.

Each handler checks everything before it changes the state (the reducer's contract).
"""

from __future__ import annotations

from collections.abc import Callable

from beraad.core.admission import GUEST_KINDS, PENDING_KINDS
from beraad.core.messages import N_
from beraad.core.names import alike, alike_before
from beraad.core.record import Record
from beraad.core.refusal import refuse, short
from beraad.core.session import PHASES
from beraad.core.state import Action, ActionUpdate, Group, GroupMark, SessionState, Version

__all__ = [
    "ACTION_HANDLERS",
    "ACTION_STATUS",
    "ADD_FROM",
    "GROUP_STATUS",
    "STATUS_MARKS",
    "check_rewrite",
    "may_add_actions",
    "may_pull",
    "may_rename_group",
    "may_set_due",
    "may_update",
    "may_write",
]

#: How an action's status and a group's mark are named where a person reads them.
ACTION_STATUS: dict[str, str] = {
    "open": N_("open"),
    "started": N_("started"),
    "done": N_("done"),
    "stuck": N_("stuck"),
}
STATUS_MARKS: dict[str, str] = {"open": "○", "started": "▶", "done": "✓", "stuck": "⚠"}
GROUP_STATUS: dict[str | None, str] = {
    "present": N_("present"),
    "reached": N_("reached"),
    "missing": N_("missing"),
    "was_present": N_("was present"),
    None: N_("not marked yet"),
}


def shown_status(state: SessionState, group: Group) -> str | None:
    """The group's mark as it stands now: "present" is about this meeting's room, so a group
    marked present in an earlier meeting (or now, between meetings) reads "was_present" until
    the room marks it again. The fold keeps the mark as written; this is how it is told."""
    if group.status != "present":
        return group.status
    if state.between_meetings:
        return "was_present"
    if state.meeting > 1 and group.marks:
        opened = state.meetings[-1].opened_at
        if opened is not None and group.marks[-1].at < opened:
            return "was_present"
    return "present"


#: The phase from which actions can be added (and every later one: an old session without the
#: act phase adds them in its evaluation).
ADD_FROM = "act"

#: What a session holds at most: a flood of well-signed records must not swamp the fold, the act
#: view or the minutes.
MAX_ACTIONS = 500
MAX_GROUPS = 200
#: What one member adds to the table map at most (the facilitator, who keeps the map, up to
#: ``MAX_GROUPS``): one member cannot fill the map for everyone (``shares_the_map``).
GROUPS_EACH = 50
MAX_UPDATES = 100


def may_add_actions(state: SessionState) -> bool:
    """Is this a moment to add actions: the act phase or later, or between meetings?"""
    if state.between_meetings:
        return True
    phase = state.phase
    return phase is not None and phase in PHASES and PHASES.index(phase) >= PHASES.index(ADD_FROM)


def may_write(state: SessionState, member: str, kind: str) -> bool:
    """May ``member`` write ``kind`` at all: a member who is no guest, no observer, and not
    waiting for confirmation unless such a member may (``admission.py``)?"""
    found = state.members.get(member)
    if found is None or found.observer:
        return False
    if found.guest and kind not in GUEST_KINDS:
        return False
    return not (found.pending and kind not in PENDING_KINDS)


def may_pull(state: SessionState, action: Action, member: str) -> bool:
    """Can ``member`` volunteer for this action now (a live action they do not pull yet, and a
    member who counts: pending members and guests volunteer once confirmed)?"""
    found = state.members.get(member)
    return action.live and member not in action.pullers and found is not None and found.counts


def check_rewrite(state: SessionState, action: Action, author: str) -> None:
    """Once someone else pulls an action, its author no longer edits or retracts it: they
    volunteered for these words, and their updates stay in the minutes (seed 004)."""
    others = [p for p in action.pullers if p != author]
    if others:
        refuse(
            N_("{name} pulls this action: it stays as they volunteered for it"),
            name=state.name(others[0]),
        )


def _status(action: Action) -> str:
    """The latest update of someone who pulls it now; "open" when nobody does (or has said)."""
    pulling = set(action.pullers)
    for update in reversed(action.updates):
        if update.by in pulling:
            return update.status
    return "open"


def may_update(action: Action, member: str) -> bool:
    """Only the action's pullers say how it goes."""
    return action.live and member in action.pullers


def _action(state: SessionState, action_id: str) -> Action:
    found = state.actions.get(action_id)
    if found is None:
        refuse(N_("no such action: {id}"), id=short(action_id))
    if not found.live:
        refuse(N_("that action was taken back"))
    return found


def _add(state: SessionState, record: Record) -> None:
    body = record.body
    decision, group = body.get("decision"), body.get("group")
    if len(state.actions) >= MAX_ACTIONS:
        refuse(N_("this session holds at most {n} actions"), n=MAX_ACTIONS)
    if group is not None and group not in state.groups:
        refuse(N_("no such group: {id}"), id=short(group))
    if not may_add_actions(state) and (
        group is None or decision is not None or state.groups[group].status == "present"
    ):
        refuse(N_("actions are added from the act phase on, or for a group not at the table"))
    if decision is not None and not any(d.record == decision for d in state.decisions):
        refuse(N_("an action serves a decision the group took; {id} is none"), id=short(decision))
    assert state.phase is not None
    state.actions[record.id] = Action(
        id=record.id,
        author=record.author,
        kind=record.kind,
        phase=state.phase,
        at=record.at,
        versions=[Version(record=record.id, text=body["text"], at=record.at)],
        decision=decision,
        group=group,
        due=body.get("due"),
        internal=bool(body.get("internal", False)),
    )


def _pull(state: SessionState, record: Record) -> None:
    action = _action(state, record.body["action"])
    if record.author in action.pullers:
        refuse(N_("{name} already pulls this action"), name=state.name(record.author))
    if not may_pull(state, action, record.author):
        refuse(N_("members volunteer once their admission is confirmed"))
    action.pullers.append(record.author)


def _release(state: SessionState, record: Record) -> None:
    action = _action(state, record.body["action"])
    if record.author not in action.pullers:
        refuse(N_("only a puller can step back from an action"))
    action.pullers.remove(record.author)
    action.status = _status(action)  # the updates stay: the history of who said what


def _update(state: SessionState, record: Record) -> None:
    action = _action(state, record.body["action"])
    if record.author not in action.pullers:
        refuse(N_("only a puller of this action says how it goes; pull it first"))
    if len(action.updates) >= MAX_UPDATES:
        refuse(N_("an action holds at most {n} updates"), n=MAX_UPDATES)
    status = record.body["status"]
    action.updates.append(
        ActionUpdate(
            record=record.id,
            by=record.author,
            status=status,
            note=record.body.get("note", ""),
            at=record.at,
        )
    )
    action.status = status


def shares_the_map(state: SessionState, at: int) -> bool:
    """Does a record at ``at`` meet the table map's shared rules (a member adds at most
    ``GROUPS_EACH`` groups; the facilitator renames any group)? They came on 6 December 2026
    with the names table: always in a session opened since, else by the record's own date, so
    an older session folds as it did."""
    return state.names_by_table(at)


def may_rename_group(state: SessionState, group: Group, member: str, at: int) -> bool:
    """Who added a group renames it; the facilitator too (the map is theirs to keep: a
    member who took the real groups' names, or filled the map, does not lock it)."""
    if group.author == member:
        return True
    return member == state.facilitator and shares_the_map(state, at)


def _group_add(state: SessionState, record: Record) -> None:
    name = " ".join(record.body["name"].split())
    if len(state.groups) >= MAX_GROUPS:
        refuse(N_("the table map holds at most {n} groups"), n=MAX_GROUPS)
    if record.author != state.facilitator and shares_the_map(state, record.at):
        theirs = sum(1 for g in state.groups.values() if g.author == record.author)
        if theirs >= GROUPS_EACH:
            refuse(N_("one member adds at most {n} groups to the table map"), n=GROUPS_EACH)
    by_table = state.names_by_table(record.at)
    if any(_same_name(g.name, name, by_table) for g in state.groups.values()):
        refuse(N_("the group {name} is already on the table map"), name=name)
    state.groups[record.id] = Group(id=record.id, author=record.author, name=name, at=record.at)


def _group_rename(state: SessionState, record: Record) -> None:
    """Its author (or the facilitator) names a group better; never to a name a reader takes
    for another group's."""
    group = state.groups.get(record.body["group"])
    if group is None:
        refuse(N_("no such group: {id}"), id=short(record.body["group"]))
    if not may_rename_group(state, group, record.author, record.at):
        if shares_the_map(state, record.at):
            refuse(
                N_("only who added the group {name}, or the facilitator, renames it"),
                name=group.name,
            )
        refuse(N_("only who added the group {name} renames it"), name=group.name)
    name = " ".join(record.body["name"].split())
    if name == group.name:
        refuse(N_("the group is already called {name}"), name=name)
    by_table = state.names_by_table(record.at)
    others = (g for g in state.groups.values() if g.id != group.id)
    if any(_same_name(g.name, name, by_table) for g in others):
        refuse(N_("the group {name} is already on the table map"), name=name)
    group.name = name


def may_set_due(action: Action, member: str) -> bool:
    """Whoever pulls an action sets its due date; its author too, until someone else pulls it
    (they volunteered for it as it stood, like for an edit)."""
    if not action.live:
        return False
    if member in action.pullers:
        return True
    return member == action.author and not action.pullers


def _due(state: SessionState, record: Record) -> None:
    action = _action(state, record.body["action"])
    if not may_set_due(action, record.author):
        if record.author == action.author:
            check_rewrite(state, action, record.author)
        refuse(N_("only who added or pulls this action sets its due date"))
    due = record.body.get("due")
    if due == action.due:
        refuse(N_("that action already has this due date"))
    action.due = due


def _same_name(one: str, other: str, by_table: bool) -> bool:
    """Names a reader could take for one another (``names.alike``, or ``alike_before`` for a
    name written before Unicode's confusables judged them; case when only signs)."""
    form = alike if by_table else alike_before
    folded = form(one)
    if folded or form(other):
        return folded == form(other)
    return one.casefold() == other.casefold()


def _group_mark(state: SessionState, record: Record) -> None:
    group = state.groups.get(record.body["group"])
    if group is None:
        refuse(N_("no such group: {id}"), id=short(record.body["group"]))
    status = record.body["status"]
    if status == "present" and state.between_meetings:
        refuse(N_("present is about the room: mark it during a meeting"))
    # Present in an earlier meeting is not present in this room: the room marks it anew.
    if shown_status(state, group) == status:
        refuse(N_("the group {name} is already marked so"), name=group.name)
    if len(group.marks) >= MAX_UPDATES:
        refuse(N_("a group holds at most {n} marks"), n=MAX_UPDATES)
    group.marks.append(GroupMark(record=record.id, by=record.author, status=status, at=record.at))
    group.status = status


ACTION_HANDLERS: dict[str, Callable[[SessionState, Record], None]] = {
    "action.add": _add,
    "action.pull": _pull,
    "action.release": _release,
    "action.update": _update,
    "group.add": _group_add,
    "group.mark": _group_mark,
    "group.rename": _group_rename,
    "action.due": _due,
}
