"""The join code, large, for the others at the table to read and type on their own terminal."""

from __future__ import annotations

import time

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from beraad.admission import no_guest_code
from beraad.i18n import N_, _
from beraad.ui.models import InvitationView
from beraad.ui.parts import part
from beraad.ui.screens.base import BeraadScreen
from beraad.ui.widgets.big_code import BigCode
from beraad.ui.widgets.footer import TranslatedFooter
from beraad.ui.widgets.steady_header import SteadyHeader


def expiry_text(expires_at: int | None, now_ms: int | None = None) -> str:
    if expires_at is None:
        return ""
    now = int(time.time() * 1000) if now_ms is None else now_ms
    minutes = max(0, (expires_at - now + 59_999) // 60_000)
    if minutes == 0:
        return _("This code has expired.")
    return _("The code works for {minutes} more minutes, while this app stays open.").format(
        minutes=minutes
    )


class InvitationScreen(BeraadScreen):
    HELP_TEXT = N_(
        "Read this code out to the people at the table. Each of them chooses **Join by code** "
        "in their lobby and types it. The code works once per person and only for a short "
        "while; nobody who overhears it can use it after it expired."
    )
    BINDINGS = [
        Binding("escape,enter", "close", N_("Done")),
        Binding("f8", "switch", N_("Other code")),
        Binding("ctrl+x", "close_code", N_("Close this code")),
    ]

    def __init__(
        self,
        invitation: InvitationView,
        *,
        now_ms: int | None = None,
        members: list[str] | None = None,
        also_open: InvitationView | None = None,
    ) -> None:
        super().__init__()
        self.invitation = invitation
        self.now_ms = now_ms
        self.members = list(members or [])
        #: The other role's code, when that is open at the same time.
        self.also_open = also_open

    def compose(self) -> ComposeResult:
        self.sub_title = _("Join code")
        yield SteadyHeader()
        with Vertical(id="invitation"):
            yield Static(self.invitation.title, classes="screen-title", markup=False)
            yield Static(self._role_text(), id="role", classes="hint")
            yield BigCode(self.invitation.code, id="big-code")
            yield Static(self.invitation.code, id="plain-code")
            yield Static(_("Others choose “Join by code” and type it."), classes="hint")
            addresses = self.invitation.addresses
            if addresses:
                yield Static(
                    _(
                        "Not found by themselves? They also type this computer's address: "
                        "{addresses}"
                    ).format(addresses=_(" or ").join(addresses)),
                    id="address",
                    classes="hint",
                    markup=False,
                )
            elif addresses is not None:
                yield Static(
                    _(
                        "This computer has no network address another computer can reach: "
                        "connect it to the network (Wi-Fi or cable) before others join."
                    ),
                    id="address",
                    classes="no-address",
                )
            yield Static(self._also_open_text(), id="also-open", classes="hint", markup=False)
            yield Static(self._members_text(), id="joined", markup=False)
            yield Static(expiry_text(self.invitation.expires_at, self.now_ms), id="expiry")
        yield TranslatedFooter()

    def _role_text(self) -> str:
        if self.invitation.role == "guest":
            return _(
                "A guest code: whoever joins with it reads along and adds evaluation notes "
                "only. F8: the code for members; Ctrl+X closes this code."
            )
        if not self.invitation.guests:
            return _("A code for members; Ctrl+X closes this code.") + " " + no_guest_code()
        return _(
            "A code for members. F8: a guest code beside it (evaluation only); Ctrl+X closes "
            "this code."
        )

    def _also_open_text(self) -> str:
        other = self.also_open
        if other is None:
            return ""
        if other.role == "guest":
            return _("The guest code {code} is open too.").format(code=other.code)
        return _("The member code {code} is open too.").format(code=other.code)

    def _members_text(self) -> str:
        if not self.members:
            return ""
        return _("In the deliberation so far: {names}").format(names=", ".join(self.members))

    def show_members(self, names: list[str]) -> None:
        """Who is in the deliberation now: the app calls this as people join."""
        if names != self.members:
            self.members = list(names)
            # Not composed yet (just pushed: compose shows ``members``), or being closed.
            if (joined := part(self, "#joined", Static)) is not None:
                joined.update(self._members_text())

    def on_mount(self) -> None:
        self.query_one("#also-open", Static).display = self.also_open is not None
        if self.invitation.expires_at is not None and self.now_ms is None:
            self.set_interval(15, self._tick)

    def _tick(self) -> None:
        expiry = part(self, "#expiry", Static)
        if expiry is not None:  # None: the screen is being taken down as its clock ticks
            expiry.update(expiry_text(self.invitation.expires_at))

    def action_close(self) -> None:
        self.dismiss(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # No guest code is offered where the session cannot admit guests (naive s9 finding
        # 3): the line above the code says why.
        return action != "switch" or self.invitation.guests

    def on_key(self, event: events.Key) -> None:
        if event.key == "f8" and not self.invitation.guests:  # known from elsewhere: say why
            event.stop()
            self.notify(no_guest_code(), title=_("Invite"), markup=False)

    def action_switch(self) -> None:
        """The code of the other role, beside this one (which stays open)."""
        self.dismiss("switch")

    def action_close_code(self) -> None:
        """Close this code now: nobody joins with it any more."""
        self.dismiss("close")
