"""Joining from the app: every Ctrl+S on the join screen says what is happening and ends.

A join asked for while the node is still starting waits for it and says so (it was told
"Starting the network…" in the error's place and then nothing happened, for good: naive s10
finding 3); a network that cannot start is said as an error; the join itself ends in the
session, in the node's error, or after ``JOIN_LIMIT`` in words.
"""

from __future__ import annotations

import asyncio
from typing import Any

from textual import work

from beraad.i18n import _
from beraad.ui.screens.join import JoinScreen

#: Seconds a join may take in all before the person is told, in words, and may try again.
JOIN_LIMIT = 120.0


def asking(code: str, address: str | None) -> str:
    """What a join is doing at first: without an address it looks for the deliberation nearby
    first, and may find none ("Asking the others to let you in…" was followed by "No session
    with code number 83 was found nearby": naive s11 F-minor-16)."""
    number = code.split("-", 1)[0].strip()
    if address or not number.isdigit():
        return _("Asking the others to let you in…")
    return _(
        "Looking nearby for the deliberation with code number {number}; then asking the "
        "others to let you in…"
    ).format(number=int(number))


class JoinFlow:
    """The join half of ``BeraadApp`` (mixed in; uses its bridge, screens and notices)."""

    bridge: Any
    screen: Any
    network_status: str
    #: The node is being opened: a join asked for meanwhile waits for it.
    _starting: bool = False
    _join_waiting: tuple[JoinScreen, str, str | None] | None = None
    notify: Any
    open_session: Any
    _refresh_from_node: Any

    def join_submitted(self, message: JoinScreen.Submitted) -> None:
        """The join screen's Ctrl+S: join now, once the network is up, or say why not."""
        screen = self.screen
        if self.bridge is None and self._starting and isinstance(screen, JoinScreen):
            # Ctrl+S a second after the lobby came: the join waits for the network, and says
            # so. It said "Starting the network…" in the error's place and then nothing, for
            # good: no join was ever made (naive s10 finding 3).
            self._join_waiting = (screen, message.code, message.address)
            screen.show_progress(_("Starting the network; then asking the others to let you in…"))
            return
        if self.bridge is None:
            if isinstance(screen, JoinScreen):
                screen.show_error(self.network_status)
            return
        if isinstance(screen, JoinScreen):
            screen.show_progress(asking(message.code, message.address))
        self._join(message.code, message.address)

    def _network_done(self) -> None:
        """The network is up, or could not start: a join waiting for it goes on, or is told."""
        self._starting = False
        waiting, self._join_waiting = self._join_waiting, None
        if waiting is None or waiting[0] is not self.screen:
            return  # none waiting, or the person left the join screen meanwhile
        screen, code, address = waiting
        if self.bridge is None:
            screen.show_error(self.network_status)
            return
        screen.show_progress(asking(code, address))
        self._join(code, address)

    @work(exclusive=True, group="join")
    async def _join(self, code: str, address: str | None) -> None:
        assert self.bridge is not None
        try:
            # The node's own steps time out sooner; this bounds whatever else could hang.
            session = await asyncio.wait_for(self.bridge.join(code, address), JOIN_LIMIT)
        except TimeoutError:
            self._join_failed(
                _(
                    "No answer after {seconds} seconds. Check the code with the person who "
                    "read it out and that you are on their network, then press Ctrl+S again."
                ).format(seconds=int(JOIN_LIMIT))
            )
            return
        except Exception as error:  # wrong/expired code, unreachable, full: the node says which
            self._join_failed(
                str(error) or _("Joining stopped without an answer; press Ctrl+S to try again.")
            )
            return
        self._refresh_from_node()
        self.open_session(session, replace=isinstance(self.screen, JoinScreen))
        self.notify(_("You joined the deliberation."))

    def _join_failed(self, said: str) -> None:
        if isinstance(self.screen, JoinScreen):
            self.screen.show_error(said)
        else:
            self.notify(said, title=_("Join"), severity="error", timeout=10, markup=False)
