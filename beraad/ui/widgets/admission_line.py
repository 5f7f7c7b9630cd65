"""One line under "who is here" about admission: who waits for my confirmation (F12), whether I
wait for someone's, or that I am a guest who only evaluates. Hidden when there is nothing to say.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from beraad.core.admission import confirms_now
from beraad.core.state import SessionState
from beraad.i18n import _
from beraad.ui.widgets.unchanged import update


def waiting_for(state: SessionState, member: str) -> str:
    """Whose confirmation ``member``'s admission waits for, in words."""
    info = state.info
    if info is not None and info.process_rule == "facilitator" and state.facilitator:
        return _("waiting for {name}'s confirmation").format(name=state.name(state.facilitator))
    return _("waiting for a second member's confirmation")


def who_confirms(state: SessionState, me: str) -> str:
    """Why F12 confirms nothing for ``me`` now, and who may confirm (F12 never fails silently)."""
    mine = state.members.get(me)
    pending = [k for k, m in state.members.items() if m.pending and k != me]
    if mine is not None and mine.pending:
        return _("You wait for confirmation yourself: until then you confirm nobody.")
    if mine is not None and mine.guest:
        return _("A guest confirms nobody: admitting and confirming is for members.")
    if not pending:
        return _("Nobody waits for a confirmation.")
    names = ", ".join(state.name(k) for k in pending)
    info = state.info
    if info is not None and info.process_rule == "facilitator" and state.facilitator:
        return _("Only the facilitator, {facilitator}, confirms {names}.").format(
            facilitator=state.name(state.facilitator), names=names
        )
    return _("{names}: confirmed by a member other than who admitted them.").format(names=names)


def admitted_text(state: SessionState, key: str) -> str:
    """Who admitted whom, for the member list: said when it was not the facilitator alone
    ("" for the creator and for those the facilitator admitted, who count at once)."""
    member = state.members.get(key)
    if member is None or member.admitted_by is None:
        return ""
    by = state.name(member.admitted_by)
    if member.pending:
        return _("admitted by {by}, {waiting}").format(by=by, waiting=waiting_for(state, key))
    if member.confirmed_by is not None:
        return _("admitted by {by}, confirmed by {confirmer}").format(
            by=by, confirmer=state.name(member.confirmed_by)
        )
    return ""


def admission_text(state: SessionState, me: str) -> str:
    """What this person should know about admissions now ("" when nothing)."""
    mine = state.members.get(me)
    if mine is not None and mine.guest and not mine.pending:
        from beraad.ui.widgets.phase_bar import phase_label

        return _(
            "As a guest you add evaluation notes; the group is now in {phase}. "
            "Guests read along, and do not vote or move the group."
        ).format(phase=phase_label(state.phase) if state.phase else "")
    if mine is not None and mine.pending:
        return _(
            "Your admission is {waiting}: until then you can write, but your votes do not count."
        ).format(waiting=waiting_for(state, me))
    to_confirm = confirms_now(state, me)
    if not to_confirm:
        return ""
    first = state.members[to_confirm[0]]
    admitter = state.name(first.admitted_by) if first.admitted_by else ""
    what = _("as a guest") if first.guest else _("as a member")
    return _(
        "{name} was admitted {what} by {admitter} and counts once confirmed: F12 confirms."
    ).format(name=state.name(first.key), what=what, admitter=admitter) + (
        " " + _("{n} more wait.").format(n=len(to_confirm) - 1) if len(to_confirm) > 1 else ""
    )


class AdmissionLine(Static):
    DEFAULT_CSS = """
    AdmissionLine { height: auto; padding: 0 1; color: $warning; }
    """

    def show(self, state: SessionState, me: str) -> None:
        text = admission_text(state, me)
        update(self, Text(text))  # names as written: a name like "[/]" is not markup
        self.display = bool(text)
