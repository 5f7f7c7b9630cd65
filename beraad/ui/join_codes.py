"""F8: the session's join codes — a member code and a guest code may be open at the same time.

Whoever joins with the member code is a member, with the guest code a guest. F8 on the session
screen opens a fresh member code (in place of the member code only); F8 on the code screen shows
the code of the other role beside it (opening one when none is open), and Ctrl+X closes the
code shown, so nobody joins with it any more; the other stays open.
"""

from __future__ import annotations

from typing import Any

from beraad.core.admission import confirmed_rule as admits_guests
from beraad.i18n import _, current_language
from beraad.ui.bridge import invitation_view, listening_addresses, member_names
from beraad.ui.models import InvitationView
from beraad.ui.screens.invitation import InvitationScreen

ROLES = ("member", "guest")


def _node(screen: Any) -> Any:
    bridge = getattr(screen.app, "bridge", None)
    return bridge.node if bridge is not None else screen.node


async def show_code(screen: Any, role: str = "member", *, fresh: bool = True) -> None:
    """Show the code of ``role`` (a fresh one, or the one open if ``fresh`` is False and one
    is), naming the other role's code when that is open too."""
    node = _node(screen)
    title = screen.state.info.title if screen.state.info is not None else screen.session[:12]
    addresses = listening_addresses(node)
    try:
        open_now = await node.open_invitations(screen.session)
        invitation = open_now.get(role)
        if fresh or invitation is None:
            invitation = await node.invite(screen.session, role=role, language=current_language())
    except Exception as problem:  # NodeError: not listening, a read-only session
        screen.notify(str(problem), title=_("Invite"), severity="error", markup=False)
        return
    other = "member" if role == "guest" else "guest"
    beside = open_now.get(other)
    view = invitation_view(invitation, title, addresses, guests=admits_guests(screen.state))
    shown = InvitationScreen(
        view,
        members=member_names(screen.node, screen.session),
        also_open=invitation_view(beside, title, addresses) if beside is not None else None,
    )

    def done(choice: str | bool | None) -> None:
        if choice == "switch" or choice is True:
            screen.run_worker(show_code(screen, other, fresh=False), group="invite")
        elif choice == "close":
            screen.run_worker(close_code(screen, view), group="invite")

    screen.app.push_screen(shown, done)


async def close_code(screen: Any, view: InvitationView) -> None:
    """Close the code of ``view``'s role now, and say so."""
    try:
        await _node(screen).close_invitation(screen.session, view.role)
    except Exception as problem:  # NodeError: the node went away
        screen.notify(str(problem), title=_("Invite"), severity="error", markup=False)
        return
    said = (
        _("The guest code {code} is closed: nobody joins with it any more.")
        if view.role == "guest"
        else _("The member code {code} is closed: nobody joins with it any more.")
    )
    screen.notify(said.format(code=view.code), title=_("Invite"), markup=False)
