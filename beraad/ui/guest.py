"""What a guest's or a waiting member's screen offers: only what the fold lets them write.

A guest adds evaluation notes only (``beraad.core.admission.GUEST_KINDS``); a member waiting for
confirmation writes words but admits and confirms nobody (``PENDING_KINDS``). Offering them
more (a knot box, the shared-facts form, an invite) let them type what the fold then refused,
or make a join code that failed only when the newcomer used it (docs/focus.md: a member is
shown only the actions they may take).
"""

from __future__ import annotations

from textual.widget import Widget
from textual.widgets import Button, Input, TextArea

from beraad.core.state import SessionState

#: Screen actions a guest may not take: moving the group, the meeting tools, invite, confirm,
#: the café, the shared facts.
GUEST_HIDDEN = frozenset({"phase_moves", "meeting", "invite", "confirm_member", "cafe", "facts"})
#: Screen actions a member waiting for confirmation may not take: admitting someone.
PENDING_HIDDEN = frozenset({"invite"})


def is_guest(state: SessionState, me: str) -> bool:
    found = state.members.get(me)
    return found is not None and found.guest


def offered(state: SessionState, me: str, action: str) -> bool:
    """Is the screen action ``action`` offered to ``me`` (key, footer and palette)?"""
    found = state.members.get(me)
    if found is None:
        return True
    if found.guest and action in GUEST_HIDDEN:
        return False
    return not (found.pending and action in PENDING_HIDDEN)


def hide_writing(view: Widget, phase: str, state: SessionState, me: str) -> None:
    """A guest sees every phase but writes only in Evaluate: elsewhere the view's text boxes
    and buttons are hidden (the admission line says what a guest does, and where the group is)."""
    if not is_guest(state, me) or phase == "evaluate":
        return
    for widget in view.query("*"):
        if isinstance(widget, Input | TextArea | Button):
            widget.display = False
