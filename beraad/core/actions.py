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
    "may_add_actions",
    "may_pull",
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
    None: N_("not marked yet"),
}

#: The phase from which actions can be added (and every later one: an old session without the
#: act phase adds them in its evaluation).
ADD_FROM = "act"


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
    """Can ``member`` volunteer for this action now (a live action they do not pull yet)?"""
    return action.live and member not in action.pullers


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
    if group is not None and group not in state.groups:
        refuse(N_("no such group: {id}"), id=short(group))
    if group is None and not may_add_actions(state):
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
    action.pullers.append(record.author)


def _release(state: SessionState, record: Record) -> None:
    action = _action(state, record.body["action"])
    if record.author not in action.pullers:
        refuse(N_("only a puller can step back from an action"))
    action.pullers.remove(record.author)


def _update(state: SessionState, record: Record) -> None:
    action = _action(state, record.body["action"])
    if record.author not in action.pullers:
        refuse(N_("only a puller of this action says how it goes; pull it first"))
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


def _group_add(state: SessionState, record: Record) -> None:
    name = " ".join(record.body["name"].split())
    if any(g.name.casefold() == name.casefold() for g in state.groups.values()):
        refuse(N_("the group {name} is already on the table map"), name=name)
    state.groups[record.id] = Group(id=record.id, author=record.author, name=name, at=record.at)


def _group_mark(state: SessionState, record: Record) -> None:
    group = state.groups.get(record.body["group"])
    if group is None:
        refuse(N_("no such group: {id}"), id=short(record.body["group"]))
    status = record.body["status"]
    if group.status == status:
        refuse(N_("the group {name} is already marked so"), name=group.name)
    group.marks.append(GroupMark(record=record.id, by=record.author, status=status, at=record.at))
    group.status = status


ACTION_HANDLERS: dict[str, Callable[[SessionState, Record], None]] = {
    "action.add": _add,
    "action.pull": _pull,
    "action.release": _release,
    "action.update": _update,
    "group.add": _group_add,
    "group.mark": _group_mark,
}
