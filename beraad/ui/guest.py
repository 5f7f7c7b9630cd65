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
from beraad.i18n import N_
from beraad.ui.widgets.composer import Composer

#: Screen actions a guest may not take: moving the group, the meeting tools, invite, confirm,
#: the café, the shared facts.
GUEST_HIDDEN = frozenset({"phase_moves", "meeting", "invite", "confirm_member", "cafe", "facts"})
#: Screen actions a member waiting for confirmation may not take: admitting someone.
PENDING_HIDDEN = frozenset({"invite"})

#: A guest's F1 help: only the keys a guest has (the members' help lists F6, F7, F8, F9, F12,
#: Ctrl+F and the phases' letter keys, none of which a guest may use).
GUEST_HELP_TEXT = N_(
    "You take part as a guest: you read along in every phase and add evaluation notes; "
    "guests do not vote or move the group. The bar at the top shows the phases: ✓ done, "
    "▸ where the group is now.\n\n"
    "- **F3 / F4** look at the previous or next phase; **F5** comes back to where the group "
    "is.\n"
    "- **Evaluate**: type one thing that went well, or one thing to try next, and Enter adds "
    "it; **Tab** goes to the other box.\n"
    "- **F2** shows the rules the group agreed on; **Ctrl+T** what changed since last time.\n"
    "- **Ctrl+L** goes back to the lobby; **Ctrl+P** lists every command you have, also "
    "exporting the minutes."
)


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


def reads_only(state: SessionState, me: str, phase: str) -> bool:
    """Does ``me`` only read ``phase`` (a guest outside Evaluate): its view offers no keys."""
    return phase != "evaluate" and is_guest(state, me)


def hide_writing(view: Widget, phase: str, state: SessionState, me: str) -> None:
    """A guest sees every phase but writes only in Evaluate: elsewhere the view's text boxes
    and buttons are hidden (the admission line says what a guest does, and where the group is)."""
    if not reads_only(state, me, phase):
        return
    for widget in view.query("*"):
        # A composer whole: its label alone ("New knot:") read as a box that was missing; and
        # a hint that lists keys ("p pull, l step back…") a guest does not have.
        writes = isinstance(widget, Input | TextArea | Button | Composer)
        if writes or widget.has_class("keys-hint"):
            widget.display = False
        if writes:
            # Hidden, a box still took the keys when focused: the sentence went on into a
            # box she could not see or send from (naive s18 N10).
            widget.can_focus = False
            if widget is view.screen.focused:
                view.screen.set_focus(None)
                arrive = getattr(view, "focus_default", None)
                if arrive is not None:
                    arrive()  # the view's list: a letter there is said not to go anywhere
